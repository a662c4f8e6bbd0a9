import { render } from 'preact';
import { readConfig, type Platform, type AppConfig } from '../platform/types';
import '../pages';
import { homeTab, resolveRoute } from '../router';
import { getSession } from '../session';
import { loadChunk } from '../shell/chunks';
import { App } from './App';

/**
 * Starts fetching the chunk of the page the app will open — the route in the hash, else the home tab
 * of the stored session's staff — while the container gets ready and `/api/me` answers.
 */
function preloadFirstPage(): void {
  const route = resolveRoute(location.hash);
  const stored = getSession();
  const page = route ? route.page : stored ? homeTab(stored.staff.roles) : undefined;
  if (page && page.chunk && !page.component) loadChunk(page.chunk).catch(() => undefined);
}

/** Mounts the app into `#app`; each bundle entry calls this with its own platform. */
export function startApp(makePlatform: (config: AppConfig) => Platform): void {
  const config = readConfig(window.LIANBAN_CONFIG);
  const root = document.getElementById('app') || document.body;
  preloadFirstPage();
  render(<App platform={makePlatform(config)} config={config} />, root);
}
