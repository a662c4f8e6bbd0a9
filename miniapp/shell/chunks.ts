/**
 * Loads page chunks by script tag (the webviews run no ES modules, so no `import()`): each chunk is an
 * IIFE that hands its pages to the router (`providePage`) when it runs. `__LIANBAN_CHUNKS__` is replaced
 * at build time by the map chunk → its files in execution order (the common chunk, which lends modules
 * to several page chunks, before the page chunk); absent when the sources run in tests, where the page
 * modules are imported directly. Scripts inserted with `async = false` run in insertion order, so a
 * chunk's files download in parallel and run in order. A failed load (offline, or no answer within
 * LOAD_TIMEOUT_MS) forgets the chunk's files, so a retry fetches and runs them again: by new requests
 * (`?retry=<n>`), one file after the other.
 */
import type { PageChunk } from '../pages/chunks';

declare const __LIANBAN_CHUNKS__: Record<string, string[]> | undefined;

const chunkFiles: Record<string, string[]> = typeof __LIANBAN_CHUNKS__ === 'undefined' ? {} : __LIANBAN_CHUNKS__;
const pending: Record<string, Promise<void> | undefined> = {};
/** Tries of each file so far. */
const tries: Record<string, number> = {};

/** A file that neither loads nor fails in this time (a request the server left unanswered) counts as failed. */
const LOAD_TIMEOUT_MS = 15000;

function loadFile(file: string): Promise<void> {
  const known = pending[file];
  if (known) return known;
  const n = tries[file] || 0;
  tries[file] = n + 1;
  const loading = new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    // A later try is a request of its own (not joined to one still waiting), and runs when it arrives, not behind a
    // try still waiting in the in-order list of `async = false` scripts.
    script.src = n ? file + '?retry=' + n : file;
    script.async = n > 0;
    const fail = (why: string) => {
      clearTimeout(timer);
      if (script.parentNode) script.parentNode.removeChild(script);
      reject(new Error(file + why));
    };
    const timer = setTimeout(() => fail(' did not load in time'), LOAD_TIMEOUT_MS);
    script.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    script.onerror = () => fail(' failed to load');
    document.head.appendChild(script);
  });
  pending[file] = loading;
  return loading;
}

export function loadChunk(name: PageChunk): Promise<void> {
  const files = chunkFiles[name];
  if (!files) return Promise.reject(new Error('no page chunk ' + name));
  // The first try fetches every file at once (they run in insertion order); once a file was tried, one after the other.
  const again = files.some((f) => (tries[f] || 0) > 0);
  const loaded = again ? files.reduce((p, f) => p.then(() => loadFile(f)), Promise.resolve()) : Promise.all(files.map(loadFile));
  return loaded.then(
    () => undefined,
    (e: unknown) => {
      files.forEach((f) => (pending[f] = undefined));
      throw e;
    },
  );
}
