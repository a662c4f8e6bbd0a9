import { setLeaveGuard } from '../router';

/**
 * While a page holds unsaved input: the router asks before leaving (`ask`), and the browser warns before the page is
 * closed or reloaded. Returns the undo (call it when the input is saved or dropped, and on unmount).
 */
export function guardLeaving(ask: () => Promise<boolean>): () => void {
  const unguard = setLeaveGuard(ask);
  const onUnload = (e: BeforeUnloadEvent) => {
    e.preventDefault();
    e.returnValue = '';
  };
  window.addEventListener('beforeunload', onUnload);
  return () => {
    unguard();
    window.removeEventListener('beforeunload', onUnload);
  };
}
