/** Loading, empty and error placeholders shared by lists and detail pages. */
export function Loading(props: { text?: string }) {
  return (
    <div class="lb-state" data-testid="loading" aria-busy="true">
      <span class="lb-spinner" />
      <span>{props.text || '加载中…'}</span>
    </div>
  );
}

export function Empty(props: { text?: string; testid?: string }) {
  return (
    <div class="lb-state lb-empty" data-testid={props.testid || 'empty'}>
      {props.text || '暂无数据'}
    </div>
  );
}

export function ErrorState(props: { message: string; onRetry?: () => void }) {
  return (
    <div class="lb-state lb-error" data-testid="error" role="alert">
      <div class="lb-error__text">{props.message}</div>
      {props.onRetry ? (
        <button type="button" class="lb-btn lb-btn--default lb-btn--small" data-testid="retry" onClick={props.onRetry}>
          重试
        </button>
      ) : null}
    </div>
  );
}
