import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { PullToRefresh } from '../components/PullToRefresh';
import { Empty, ErrorState, Loading } from '../components/State';
import { useLoader } from '../lib/useLoader';
import { QueueCard } from './QueueCard';
import type { QueueItem, QueuePage } from './types';

interface QueueListProps {
  /** Loads one page; `cursor` is null for the first. */
  load: (cursor: string | null) => Promise<QueuePage>;
  /** Reload when this changes (segment). */
  deps: unknown[];
  emptyText: string;
  onCounts?: (counts: QueuePage['counts']) => void;
  action?: (item: QueueItem, reload: () => Promise<void>) => ComponentChildren;
}

/** A queue with pull-to-refresh, 加载更多, and loading / empty / error states. */
export function QueueList(props: QueueListProps) {
  const [more, setMore] = useState<{ items: QueueItem[]; cursor: string | null; busy: boolean; error: string | null } | null>(null);
  const first = useLoader(async () => {
    const page = await props.load(null);
    setMore(null);
    if (props.onCounts) props.onCounts(page.counts);
    return page;
  }, props.deps);
  const { data, error, reload } = first;
  let body;
  if (error && !data) body = <ErrorState message={error} onRetry={reload} />;
  else if (!data) body = <Loading />;
  else {
    const items = data.items.concat(more ? more.items : []);
    const cursor = more ? more.cursor : data.nextCursor;
    const loadMore = () => {
      const had = more ? more.items : [];
      setMore({ items: had, cursor, busy: true, error: null });
      props.load(cursor).then(
        (p) => setMore({ items: had.concat(p.items), cursor: p.nextCursor, busy: false, error: null }),
        (e: Error) => setMore({ items: had, cursor, busy: false, error: e.message }),
      );
    };
    body = (
      <div>
        {error ? <div class="lb-banner lb-banner--error" role="alert">{error}</div> : null}
        {items.length ? (
          items.map((q) => <QueueCard key={q.caseId + '/' + q.itemId} item={q} footer={props.action ? props.action(q, reload) : undefined} />)
        ) : (
          <Empty text={props.emptyText} />
        )}
        {more && more.error ? <div class="lb-banner lb-banner--error">{more.error}</div> : null}
        {/* desktop has no pull-to-refresh: the button at the end loads more, or refreshes */}
        <button type="button" class="lb-more" data-testid={cursor ? 'load-more' : 'refresh'} disabled={!!(more && more.busy) || first.loading} onClick={cursor ? loadMore : reload}>
          {more && more.busy ? '加载中…' : cursor ? '加载更多' : '刷新'}
        </button>
      </div>
    );
  }
  return (
    <div class="lb-list" data-testid="queue" data-loading={first.loading ? 'true' : 'false'}>
      <PullToRefresh onRefresh={reload}>{body}</PullToRefresh>
    </div>
  );
}
