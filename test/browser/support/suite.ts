// What every browser suite starts with: the whole local stack, Chromium with one page on the mini-app, and a
// fresh birth case's data. Skipped, saying so once, only when /usr/bin/chromium is missing (.ci/run installs it).
import type { Page } from 'playwright-core';
import { birthCase, type BirthCase } from './birth';
import { hasChromium, openChromium, type ChromiumSession } from './chromium';
import { startTestStack, type TestStack } from './stack';

export const CHROMIUM_MISSING = !hasChromium();
if (CHROMIUM_MISSING) console.warn('browser suite skipped: /usr/bin/chromium is missing (.ci/run installs Debian chromium)');

export interface BrowserWorld {
  ts: TestStack;
  chrome: ChromiumSession;
  /** The mini-app's URL. */
  base: string;
  page: Page;
  birth: BirthCase;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const ts = await startTestStack();
  const chrome = await openChromium();
  return { ts, chrome, base: ts.stack.miniappUrl, page: chrome.page, birth: birthCase(Date.now()) };
}

export async function stopBrowserWorld(ts: TestStack | undefined, chrome: ChromiumSession | undefined): Promise<void> {
  await chrome?.close();
  await ts?.stop();
}
