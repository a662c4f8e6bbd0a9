import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  /** Loads again; resolves when done (pull-to-refresh waits on it). */
  reload: () => Promise<void>;
}

/** Runs `load` on mount and whenever `deps` change; keeps the last data while reloading. */
export function useLoader<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const value = await loadRef.current();
      if (mine === seq.current) setData(value);
    } catch (e) {
      if (mine === seq.current) setError(e instanceof Error && e.message ? e.message : '加载失败');
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    reload();
  }, deps);

  return { data, error, loading, reload };
}
