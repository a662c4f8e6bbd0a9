import { mountOverlay } from './overlay';
import type { ToastKind } from '../platform/types';

const ICONS: Record<ToastKind, string> = { success: '✓', error: '!', info: '' };

/** HTML toast for the browser (the containers show their native one). */
export function showToast(message: string, kind: ToastKind = 'info', durationMs = 2000): Promise<void> {
  const close = mountOverlay(
    <div class={'lb-toast lb-toast--' + kind} role="status" data-testid="toast" data-kind={kind}>
      {ICONS[kind] ? <span class="lb-toast__icon">{ICONS[kind]}</span> : null}
      <span class="lb-toast__text">{message}</span>
    </div>,
  );
  return new Promise((resolve) =>
    setTimeout(() => {
      close();
      resolve();
    }, durationMs),
  );
}
