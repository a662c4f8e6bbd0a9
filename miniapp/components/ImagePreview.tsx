import { useState } from 'preact/hooks';
import { showModal } from './overlay';

function Preview(props: { urls: string[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(props.start);
  const count = props.urls.length;
  return (
    <div class="lb-mask lb-mask--dark" data-testid="image-preview" onClick={props.onClose}>
      <img class="lb-preview__img" src={props.urls[index]} alt={'图片 ' + (index + 1)} />
      {count > 1 ? (
        <div class="lb-preview__bar" onClick={(e) => e.stopPropagation()}>
          <button type="button" class="lb-preview__nav" disabled={index === 0} onClick={() => setIndex(index - 1)}>
            上一张
          </button>
          <span>
            {index + 1} / {count}
          </span>
          <button type="button" class="lb-preview__nav" disabled={index === count - 1} onClick={() => setIndex(index + 1)}>
            下一张
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** HTML image viewer for the browser; tap anywhere to close. */
export function showImagePreview(urls: string[], current?: string): Promise<void> {
  const start = current ? Math.max(0, urls.indexOf(current)) : 0;
  return showModal<void>((done) => <Preview urls={urls} start={start} onClose={() => done(undefined)} />);
}
