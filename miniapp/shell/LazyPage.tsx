import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/State';
import type { PageDef, Params } from '../router';
import { loadChunk } from './chunks';

/** Pauses before a failed chunk is fetched again by itself (a server that dropped one request under load). */
const AUTO_RETRY_MS = [400, 1500];

/**
 * A routed page: its component once its chunk has loaded; until then 加载中. A chunk that fails to load is fetched
 * again twice by itself; then (offline, server gone) a message with 重试, which fetches it again.
 */
export function LazyPage(props: { page: PageDef; params: Params; query: Params }) {
  const { page } = props;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [, setLoaded] = useState(0);

  useEffect(() => {
    if (page.component || !page.chunk) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    loadChunk(page.chunk).then(
      () => {
        if (!live) return;
        if (page.component) setLoaded((n) => n + 1);
        else setFailed(true);
      },
      () => {
        if (!live) return;
        if (attempt < AUTO_RETRY_MS.length) timer = setTimeout(() => live && setAttempt((n) => n + 1), AUTO_RETRY_MS[attempt]);
        else setFailed(true);
      },
    );
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [page.path, attempt]);

  const Page = page.component;
  if (Page) return <Page params={props.params} query={props.query} />;
  if (failed || !page.chunk) {
    return (
      <ErrorState
        message="页面加载失败，请检查网络后重试"
        onRetry={() => {
          setFailed(false);
          setAttempt((n) => Math.max(n + 1, AUTO_RETRY_MS.length));
        }}
      />
    );
  }
  return <Loading />;
}
