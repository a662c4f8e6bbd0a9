import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/State';
import type { PageDef, Params } from '../router';
import { loadChunk } from './chunks';

/**
 * A routed page: its component once its chunk has loaded; until then 加载中, and if the chunk fails to
 * load (offline, server gone) a message with 重试, which fetches the chunk again.
 */
export function LazyPage(props: { page: PageDef; params: Params; query: Params }) {
  const { page } = props;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [, setLoaded] = useState(0);

  useEffect(() => {
    if (page.component || !page.chunk) return;
    let live = true;
    loadChunk(page.chunk).then(
      () => {
        if (!live) return;
        if (page.component) setLoaded((n) => n + 1);
        else setFailed(true);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
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
          setAttempt((n) => n + 1);
        }}
      />
    );
  }
  return <Loading />;
}
