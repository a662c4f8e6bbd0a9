import type { ComponentChild } from 'preact';
import { useLoader } from '../lib/useLoader';
import { PullToRefresh } from './PullToRefresh';
import { Empty, ErrorState, Loading } from './State';

interface ListProps<T> {
  /** Fetches the items; called on mount, when `deps` change, on pull-to-refresh and on 重试. */
  load: () => Promise<T[]>;
  deps?: unknown[];
  renderItem: (item: T) => ComponentChild;
  keyOf: (item: T) => string;
  emptyText?: string;
  /** Shown above the items, e.g. counts; receives the loaded items. */
  header?: (items: T[]) => ComponentChild;
  testid?: string;
}

/** A loaded list with pull-to-refresh, loading, empty and error (with retry) states. */
export function List<T>(props: ListProps<T>) {
  const { data, error, loading, reload } = useLoader(props.load, props.deps || []);
  let body: ComponentChild;
  if (error && !data) body = <ErrorState message={error} onRetry={reload} />;
  else if (!data) body = <Loading />;
  else {
    body = (
      <div>
        {error ? <div class="lb-banner lb-banner--error" role="alert">{error}</div> : null}
        {props.header ? props.header(data) : null}
        {data.length ? (
          <div class="lb-list__items">
            {data.map((item) => (
              <div class="lb-list__item" key={props.keyOf(item)} data-testid="list-item">
                {props.renderItem(item)}
              </div>
            ))}
          </div>
        ) : (
          <Empty text={props.emptyText} />
        )}
      </div>
    );
  }
  return (
    <div class="lb-list" data-testid={props.testid || 'list'} data-loading={loading ? 'true' : 'false'}>
      <PullToRefresh onRefresh={reload}>{body}</PullToRefresh>
    </div>
  );
}
