/** DOM helpers for preact tests under happy-dom. */
import { render, type ComponentChild } from 'preact';

export function mount(vnode: ComponentChild): { root: HTMLElement; unmount: () => void } {
  const root = document.createElement('div');
  document.body.appendChild(root);
  render(vnode, root);
  return {
    root,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

export function byTestId(id: string, scope: ParentNode = document): HTMLElement | null {
  return scope.querySelector(`[data-testid="${id}"]`);
}

/** Polls until `probe` returns a truthy value (rendering and HTTP are asynchronous). */
export async function waitFor<T>(probe: () => T | null | undefined | false, what: string, attempts = 1000): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('waitFor: ' + what + '\n' + document.body.innerHTML.slice(0, 2000));
}

export function waitForTestId(id: string): Promise<HTMLElement> {
  return waitFor(() => byTestId(id), 'data-testid=' + id);
}

export function click(el: Element): void {
  (el as HTMLElement).click();
}

export function type(el: Element, value: string): void {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function blur(el: Element): void {
  el.dispatchEvent(new FocusEvent('blur'));
}
