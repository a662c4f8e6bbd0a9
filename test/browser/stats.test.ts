/**
 * 统计 with real data, in Chromium against the whole local stack: a month of cases seeded through the Services
 * (scripts/dev/seedMonth.ts: ~180 cases over the last 30 days at the 鄞州 hall, the 姜山镇 centre and a village
 * 代办员, departments signing — some late —, ratings with a few 差评), then the page opened as the 鄞州 supervisor
 * and as the city's leader (who lands on it: their only work tab) at 375 px and on a desktop. Screenshots in
 * test-artifacts/screenshots (stats-*), each checked for codes people cannot read. Skipped, saying so, only when
 * /usr/bin/chromium is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../functions/service/index';
import { createOtsClient } from '../../functions/store/client';
import { seedMonth } from '../../scripts/dev/seedMonth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { login, shot } from './support/ui';

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let seeded: Awaited<ReturnType<typeof seedMonth>>;

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page } = await startBrowserWorld());
  const clock = { now: new Date().toISOString() };
  const services = createServices({
    client: createOtsClient(ts.stack.env), keys: { dataKey: ts.stack.secrets.DATA_KEY, hashKey: ts.stack.secrets.HASH_KEY }, now: () => clock.now,
  });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  seeded = await seedMonth({ services, clock, today, cases: 180, seed: 14 });
}, 600_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

/** The page with its charts drawn, nothing wider than the window. */
async function statsShown(width: number): Promise<void> {
  await page.getByTestId('stats-body').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="page-stats"]')?.getAttribute('data-loading') === 'false');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.skipIf(CHROMIUM_MISSING)('统计 with a seeded month', () => {
  it('the 鄞州 supervisor: totals and charts from the month, names not codes, at 375 px and on a desktop', async () => {
    expect(seeded.accepted).toBeGreaterThan(120);
    await page.setViewportSize(PHONE);
    await login(page, base, 'yinzhou-serviceCenter-supervisor1');
    await page.getByTestId('tab-stats').click();
    await statsShown(PHONE.width);
    const totals = await page.getByTestId('stats-totals').innerText();
    expect(totals).toContain(String(seeded.accepted));
    expect(await page.getByTestId('chart-volume').locator('rect').count()).toBeGreaterThan(30);
    const points = await page.getByTestId('stats-points').innerText();
    expect(points).toContain('姜山镇便民服务中心');
    expect(points).toContain('村（社区）代办点');
    expect(await page.getByTestId('chart-departments').textContent()).toMatch(/人力资源和社会保障局/);
    // 好差评: the month's ratings, 差评 among them, and how many of their rectifications closed
    expect(seeded.rated).toBeGreaterThan(20);
    expect(seeded.bad).toBeGreaterThan(0);
    const satisfaction = await page.getByTestId('stats-satisfaction').innerText();
    expect(satisfaction).toContain('满意率');
    expect(satisfaction).toContain(String(seeded.rated));
    await shot(page, 'stats-supervisor-375');
    await page.getByTestId('stats-departments-toggle').click();
    await page.getByTestId('stats-departments-table').waitFor();
    await shot(page, 'stats-supervisor-375-table');
    await page.setViewportSize(DESKTOP);
    await statsShown(DESKTOP.width);
    await shot(page, 'stats-supervisor-desktop');
  });

  it('导出 CSV saves the table with Chinese headers', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('stats-departments-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^统计_鄞州区_各部门按时率_.*\.csv$/);
    const text = String(await (await file.createReadStream()).toArray().then((b) => Buffer.concat(b as Buffer[]).toString('utf8')));
    expect(text.replace(/^\ufeff/, '').split('\n')[0]).toMatch(/部门/);
  });

  it('the city\'s leader lands on 统计 (with 我的 only), sees 宁波市全市 and picks 鄞州区', async () => {
    await page.setViewportSize(PHONE);
    await login(page, base, 'ningbo-bigdata-leader1');
    expect(await page.evaluate(() => location.hash)).toBe('#/stats');
    expect(await page.getByTestId('tab-bar').innerText()).not.toMatch(/待办|受理|督办/);
    await statsShown(PHONE.width);
    expect(await page.getByTestId('stats-head').innerText()).toContain('宁波市');
    await shot(page, 'stats-leader-city-375');
    await page.getByTestId('stats-district').selectOption('330212');
    await page.waitForFunction(() => (document.querySelector('[data-testid="stats-head"]') as HTMLElement | null)?.innerText.includes('鄞州区'));
    await statsShown(PHONE.width);
    await shot(page, 'stats-leader-yinzhou-375');
    await page.setViewportSize(DESKTOP);
    await page.getByTestId('seg-week').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="page-stats"]')?.getAttribute('data-loading') === 'false');
    await statsShown(DESKTOP.width);
    await shot(page, 'stats-leader-desktop-weeks');
  });
});
