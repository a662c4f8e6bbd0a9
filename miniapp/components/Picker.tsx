import { useState } from 'preact/hooks';
import { showModal } from './overlay';

export interface PickerItem {
  id: string;
  title: string;
  subtitle?: string;
}

interface PickerProps {
  title: string;
  items: PickerItem[];
  multiple: boolean;
  max?: number;
  onDone: (ids: string[]) => void;
}

/** A bottom sheet listing people with a search box; single choice picks on tap. */
function PickerSheet(props: PickerProps) {
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const q = query.trim();
  const shown = q ? props.items.filter((i) => (i.title + ' ' + (i.subtitle || '')).indexOf(q) >= 0) : props.items;
  const full = props.max !== undefined && picked.length >= props.max;
  const toggle = (id: string) => {
    if (!props.multiple) return props.onDone([id]);
    if (picked.indexOf(id) >= 0) setPicked(picked.filter((p) => p !== id));
    else if (!full) setPicked(picked.concat(id));
  };
  return (
    <div class="lb-mask lb-mask--sheet" data-testid="picker">
      <div class="lb-sheet" role="dialog" aria-modal="true" aria-label={props.title}>
        <div class="lb-sheet__head">
          <button type="button" class="lb-sheet__link" data-testid="picker-cancel" onClick={() => props.onDone([])}>
            取消
          </button>
          <span class="lb-sheet__title">{props.title}</span>
          {props.multiple ? (
            <button type="button" class="lb-sheet__link lb-sheet__link--primary" data-testid="picker-ok" disabled={!picked.length} onClick={() => props.onDone(picked)}>
              确定{picked.length ? '(' + picked.length + ')' : ''}
            </button>
          ) : (
            <span class="lb-sheet__link" />
          )}
        </div>
        <input class="lb-search" type="search" placeholder="搜索姓名或部门" value={query} data-testid="picker-search" onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        <div class="lb-sheet__list">
          {shown.length ? (
            shown.map((item) => {
              const on = picked.indexOf(item.id) >= 0;
              return (
                <button type="button" key={item.id} class={'lb-pick' + (on ? ' lb-pick--on' : '')} data-testid={'picker-item-' + item.id} aria-pressed={props.multiple ? on : undefined} onClick={() => toggle(item.id)}>
                  {props.multiple ? <span class="lb-pick__box">{on ? '✓' : ''}</span> : null}
                  <span class="lb-pick__text">
                    <span class="lb-pick__title">{item.title}</span>
                    {item.subtitle ? <span class="lb-pick__sub">{item.subtitle}</span> : null}
                  </span>
                </button>
              );
            })
          ) : (
            <div class="lb-empty lb-empty--small">没有匹配的人员</div>
          )}
        </div>
      </div>
    </div>
  );
}

/** Shows the picker; resolves with the chosen ids, empty when cancelled. */
export function showPicker(title: string, items: PickerItem[], multiple: boolean, max?: number): Promise<string[]> {
  return showModal<string[]>((done) => <PickerSheet title={title} items={items} multiple={multiple} max={max} onDone={done} />);
}
