import { render } from 'preact';
import { readConfig, type Platform, type AppConfig } from '../platform/types';
import { App } from './App';

/** Mounts the app into `#app`; each bundle entry calls this with its own platform. */
export function startApp(makePlatform: (config: AppConfig) => Platform): void {
  const config = readConfig(window.LIANBAN_CONFIG);
  const root = document.getElementById('app') || document.body;
  render(<App platform={makePlatform(config)} config={config} />, root);
}
