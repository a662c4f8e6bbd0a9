import { useEffect } from 'preact/hooks';
import { useApp } from '../app/context';
import { Empty } from '../components/State';
import { canSee, homeTab, navigate, registeredPages, resolveRoute, useHash, visibleTabs } from '../router';
import { LazyPage } from './LazyPage';
import { TabBar } from './TabBar';

/** The logged-in frame: the routed page and the tab bar. Unknown or forbidden routes go home. */
export function Shell() {
  const { staff, platform } = useApp();
  const hash = useHash();
  const tabs = visibleTabs(staff.roles);
  const route = resolveRoute(hash);
  const allowed = route && canSee(route.page, staff.roles) ? route : null;
  const homePage = homeTab(staff.roles);
  const home = homePage ? homePage.path : null;

  useEffect(() => {
    // re-read the hash: it may have changed since this render
    const now = resolveRoute(location.hash);
    if (!(now && canSee(now.page, staff.roles)) && home) navigate(home, true);
  }, [allowed ? allowed.page.path : null, home]);

  useEffect(() => {
    if (allowed) platform.setTitle(allowed.page.title).catch(() => undefined);
  }, [allowed ? allowed.page.title : null]);

  const isTab = !!allowed && tabs.indexOf(allowed.page) >= 0;
  return (
    <div class={'lb-shell' + (isTab ? ' lb-shell--tabs' : '')} data-testid="shell" data-route={allowed ? allowed.page.path : ''}>
      <main class="lb-shell__main">
        {allowed ? (
          <LazyPage key={allowed.page.path} page={allowed.page} params={allowed.params} query={allowed.query} />
        ) : registeredPages().length ? null : (
          <Empty text="没有可用的页面" />
        )}
      </main>
      {isTab ? <TabBar tabs={tabs} current={allowed ? allowed.page.path : null} /> : null}
    </div>
  );
}
