/**
 * Loads page chunks by script tag (the webviews run no ES modules, so no `import()`): each chunk is an
 * IIFE that hands its pages to the router (`providePage`) when it runs. `__LIANBAN_CHUNKS__` is replaced
 * at build time by the map chunk → its files in execution order (the common chunk, which lends modules
 * to several page chunks, before the page chunk); absent when the sources run in tests, where the page
 * modules are imported directly. Scripts inserted with `async = false` run in insertion order, so a
 * chunk's files download in parallel and run in order. A failed load (offline) forgets the chunk's
 * files, so a retry fetches and runs them again.
 */
import type { PageChunk } from '../pages/chunks';

declare const __LIANBAN_CHUNKS__: Record<string, string[]> | undefined;

const chunkFiles: Record<string, string[]> = typeof __LIANBAN_CHUNKS__ === 'undefined' ? {} : __LIANBAN_CHUNKS__;
const pending: Record<string, Promise<void> | undefined> = {};

function loadFile(file: string): Promise<void> {
  const known = pending[file];
  if (known) return known;
  const loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = file;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => {
      if (script.parentNode) script.parentNode.removeChild(script);
      reject(new Error(file + ' failed to load'));
    };
    document.head.appendChild(script);
  });
  pending[file] = loading;
  return loading;
}

export function loadChunk(name: PageChunk): Promise<void> {
  const files = chunkFiles[name];
  if (!files) return Promise.reject(new Error('no page chunk ' + name));
  return Promise.all(files.map(loadFile)).then(
    () => undefined,
    (e: unknown) => {
      files.forEach((f) => (pending[f] = undefined));
      throw e;
    },
  );
}
