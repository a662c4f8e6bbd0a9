import type { ChooseFilesOptions } from './types';

/**
 * Choose files with a hidden `<input type="file">`. Used by every platform: both containers support
 * it in H5 pages (DingTalk doc note, client ≥ 2.5), and it yields real Blobs we can upload to our own
 * server. The native pickers (浙政钉 `dgChooseImage`, DingTalk `chooseImage`) return local paths that
 * page script cannot read, and their upload APIs send to container storage, not to us.
 * Must be called from a user gesture (click handler).
 */
export function chooseFilesWithInput(options: ChooseFilesOptions = {}): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (options.accept) input.accept = options.accept;
    input.multiple = !!options.multiple;
    input.style.display = 'none';
    input.setAttribute('data-testid', 'file-input');
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const files = input.files ? Array.prototype.slice.call(input.files) as File[] : [];
      if (input.parentNode) input.parentNode.removeChild(input);
      window.removeEventListener('focus', onFocus);
      resolve(files);
    };
    // A cancelled dialog fires no change event; the window regains focus instead.
    const onFocus = () => setTimeout(finish, 500);
    input.addEventListener('change', finish);
    window.addEventListener('focus', onFocus);
    document.body.appendChild(input);
    input.click();
  });
}
