// What every browser suite starts with: the whole local stack, Chromium with one page on the mini-app, and a
// fresh birth case's data. Skipped, saying so once, only when /usr/bin/chromium is missing (.ci/run installs it).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { beforeEach } from 'vitest';
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

/** Where a failed browser test leaves the page as it was (screenshot, address and text) for its reader. */
const FAILURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts', 'failures');
let current: Page | null = null;

/** The page's requests still waiting for an answer (since when), and its last console lines: what a page stuck loading waits for. */
const inFlight = new Map<Request, number>();
const consoleLines: string[] = [];

function watch(page: Page): void {
  page.on('request', (r) => inFlight.set(r, Date.now()));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  page.on('console', (m) => {
    consoleLines.push(`${new Date().toISOString()} ${m.type()} ${m.text()}`.slice(0, 300));
    if (consoleLines.length > 40) consoleLines.shift();
  });
}

function waiting(): string {
  const now = Date.now();
  const lines = [...inFlight].map(([r, since]) => `${r.method()} ${r.url()} (${r.resourceType()}, ${((now - since) / 1000).toFixed(1)} s)`);
  return lines.length ? lines.join('\n') : '(none)';
}

beforeEach((ctx) => {
  ctx.onTestFailed(async () => {
    const page = current;
    if (!page) return;
    const name = ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    try {
      mkdirSync(FAILURES, { recursive: true });
      await page.screenshot({ path: path.join(FAILURES, name + '.png'), fullPage: true });
      const text = await page.locator('body').innerText();
      writeFileSync(path.join(FAILURES, name + '.txt'), `${page.url()}\n\n${text}\n\nRequests still waiting:\n${waiting()}\n\nLast console lines:\n${consoleLines.join('\n')}\n`);
    } catch (err) {
      console.warn(`browser suite: could not keep the failed page: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
});

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const ts = await startTestStack();
  const chrome = await openChromium();
  current = chrome.page;
  watch(chrome.page);
  return { ts, chrome, base: ts.stack.miniappUrl, page: chrome.page, birth: birthCase(Date.now()) };
}

export async function stopBrowserWorld(ts: TestStack | undefined, chrome: ChromiumSession | undefined): Promise<void> {
  current = null;
  await chrome?.close();
  await ts?.stop();
}
