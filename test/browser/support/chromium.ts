/**
 * Debian's Chromium driven by playwright-core, for the browser suite and the mini-app benchmark.
 * Every session gets a fresh profile (--user-data-dir in a temp directory) and the flags that keep a
 * headless Chromium quiet on a CI machine (no GPU, no QUIC, no background or update traffic).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The phone the pages are designed for first: 375 px wide. */
const PHONE = { width: 375, height: 812 };

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface ChromiumSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A Chromium with a fresh profile and one page of the given viewport. */
export async function openChromium(viewport = PHONE): Promise<ChromiumSession> {
  const profile = mkdtempSync(path.join(tmpdir(), 'lianban-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Waits, not speed limits: when every suite runs at once on 2 cores a page may take well over the default 30 s.
  context.setDefaultTimeout(90_000);
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
