import { navigate, type PageDef } from '../router';

/** Bottom tab bar: one tab per registered page that declares `tab` and the user may see. */
export function TabBar(props: { tabs: PageDef[]; current: string | null }) {
  if (!props.tabs.length) return null;
  return (
    <nav class="lb-tabbar" data-testid="tab-bar">
      {props.tabs.map((p) => {
        const on = p.path === props.current;
        const tab = p.tab as NonNullable<PageDef['tab']>;
        return (
          <a
            key={p.path}
            href={'#' + p.path}
            class={'lb-tabbar__tab' + (on ? ' lb-tabbar__tab--on' : '')}
            aria-current={on ? 'page' : undefined}
            data-testid={'tab-' + p.path.replace(/^\//, '')}
            onClick={(e) => {
              e.preventDefault();
              navigate(p.path);
            }}
          >
            <span class="lb-tabbar__icon" aria-hidden="true">
              {tab.icon || tab.label.charAt(0)}
            </span>
            <span class="lb-tabbar__label">{tab.label}</span>
          </a>
        );
      })}
    </nav>
  );
}
