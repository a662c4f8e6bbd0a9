import { render, type ComponentChild } from 'preact';

/**
 * Renders a dialog or toast above the page into its own container, outside the page tree, so
 * bridges (which are not components) can show HTML dialogs. Returns a function that removes it.
 */
export function mountOverlay(content: ComponentChild): () => void {
  const host = document.createElement('div');
  document.body.appendChild(host);
  render(content, host);
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    render(null, host);
    if (host.parentNode) host.parentNode.removeChild(host);
  };
}

/** Shows `make(done)` until `done(value)` is called; resolves with that value. */
export function showModal<T>(make: (done: (value: T) => void) => ComponentChild): Promise<T> {
  return new Promise((resolve) => {
    let close: () => void = () => undefined;
    const done = (value: T) => {
      close();
      resolve(value);
    };
    close = mountOverlay(make(done));
  });
}
