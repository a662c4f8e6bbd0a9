import { navigate, resolveRoute } from '../router';

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

/** Whether the route shown is a tab of the tab bar (a page the user reaches from home). */
function onTabPage(): boolean {
  const r = resolveRoute(location.hash);
  return !!(r && r.page.tab);
}

/**
 * A page that could not be loaded or was refused (无权查看, 不存在 …): the message, 重试, and — on a page
 * that is not a tab (opened from a notice or a link) — 返回首页, which the shell turns into the home tab.
 */
export function ErrorState(props: { message: string; onRetry?: () => void; home?: boolean }) {
  const home = props.home !== undefined ? props.home : !onTabPage();
  return (
    <div class="lb-state lb-error" data-testid="error" role="alert">
      <div class="lb-error__text">{props.message}</div>
      {props.onRetry ? (
        <button type="button" class="lb-btn lb-btn--default lb-btn--small" data-testid="retry" onClick={props.onRetry}>
          重试
        </button>
      ) : null}
      {home ? (
        <button type="button" class="lb-btn lb-btn--default lb-btn--small" data-testid="go-home" onClick={() => navigate('/')}>
          返回首页
        </button>
      ) : null}
    </div>
  );
}
