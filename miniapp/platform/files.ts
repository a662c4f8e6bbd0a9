import { PlatformError, type PickedFile, type PickFilesOptions } from './types';

/** What the file input offers for each kind (the server takes JPG, PNG and PDF). */
const INPUT_ACCEPT: Record<PickFilesOptions['kind'], string> = {
  image: 'image/jpeg,image/png',
  pdf: 'application/pdf,.pdf',
};

/**
 * Pick files with a hidden `<input type="file">`: the browser's way, and DingTalk's documented way for H5
 * pages (client ≥ 2.5); in 浙政钉 for PDFs (its `chooseFile` answers container paths no page API reads).
 * Yields Blobs we upload to our own server. Must be called from a user gesture (click handler).
 */
export function pickWithInput(options: PickFilesOptions): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = INPUT_ACCEPT[options.kind];
    input.multiple = !!options.multiple;
    input.style.display = 'none';
    input.setAttribute('data-testid', 'file-input');
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const files = input.files ? (Array.prototype.slice.call(input.files) as File[]) : [];
      if (input.parentNode) input.parentNode.removeChild(input);
      window.removeEventListener('focus', onFocus);
      resolve(files.map((f) => ({ name: f.name, size: f.size, type: f.type, blob: f })));
    };
    // A cancelled dialog fires no change event; the window regains focus instead.
    const onFocus = () => setTimeout(finish, 500);
    input.addEventListener('change', finish);
    window.addEventListener('focus', onFocus);
    document.body.appendChild(input);
    input.click();
  });
}

/** The Blob of a file picked with the input; platforms without a path reader use this as `fileBlob`. */
export function blobOf(file: PickedFile): Promise<Blob> {
  if (file.blob) return Promise.resolve(file.blob);
  return Promise.reject(new PlatformError('无法读取所选文件', 'FILE_UNREADABLE'));
}

/** MIME type from a file name's extension (container paths carry no type). */
export function typeOfName(name: string): string {
  const ext = (/\.([a-zA-Z0-9]+)$/.exec(name) || ['', ''])[1].toLowerCase();
  return ext === 'jpg' || ext === 'jpeg' ? 'image/jpeg' : ext === 'png' ? 'image/png' : ext === 'pdf' ? 'application/pdf' : '';
}
