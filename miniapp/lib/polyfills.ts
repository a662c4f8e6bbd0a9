/**
 * Runtime APIs newer than Chrome 69 (the DingTalk / 浙政钉 Android webview) that our code or our
 * dependencies call. esbuild lowers syntax but never adds these. Imported first by every bundle.
 * - queueMicrotask (Chrome 71): preact 11 schedules renders with it.
 * - globalThis (Chrome 71).
 */
const g: Record<string, unknown> = typeof window !== 'undefined' ? (window as unknown as Record<string, unknown>) : {};

if (typeof g.queueMicrotask !== 'function') {
  g.queueMicrotask = (callback: () => void) => {
    Promise.resolve()
      .then(callback)
      .catch((e) => setTimeout(() => { throw e; }));
  };
}
if (typeof g.globalThis === 'undefined') g.globalThis = g;
