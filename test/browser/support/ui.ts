/** Driving the mini-app's pages the way staff do: taps, typing, the demo login. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll } from 'vitest';
import type { FieldDef } from '../../../functions/core/bundle';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts', 'screenshots');

/**
 * What no page may show: people read names, labels and local times, not the codes behind them.
 * A 6-digit district code (330212), a department or staff id (yinzhou-hospital1, yinzhou-cdc-signer1),
 * an ISO date-time (2026-11-28T08:30), a lower-case choice value or other English word (male, pickup).
 */
const RAW_CODES: { what: string; re: RegExp }[] = [
  { what: 'district code', re: /(?<![\d*])\d{6}(?![\d*])/g },
  { what: 'department or staff id', re: /\b[a-z]+-[a-zA-Z]+\d*(?:-[a-zA-Z]+\d*)*\b/g },
  { what: 'ISO date-time', re: /\d{4}-\d{2}-\d{2}T[\d:.]*/g },
  { what: 'choice value or English word', re: /\b[a-z]{3,}\b/g },
];
/**
 * Meant to be shown, removed before the check: the case number (yinzhou-20261207-0001) is what the
 * applicant and the staff quote and search by, so it stays as issued (district pinyin, date, sequence);
 * file names keep their extension (户口簿首页.png); a link printed to be typed (the receipt's 办件进度查询 link) is shown whole.
 */
// The link first: a case number inside it must not split it (a token ending in "-jog" was then read as a word).
const ALLOWED: RegExp[] = [/\bhttps?:\/\/\S+/g, /\b[a-z]+-\d{8}-\d{4}\b/g, /(?<=\S)\.(?:jpe?g|png|pdf|gif|webp)\b/gi];

/** Raw codes found on the page's visible text, per page shot (birth.test.ts's last test asserts none). */
export const rawCodeFindings: string[] = [];

// Every browser test file that shoots pages through this module fails at its end on what they showed.
afterAll(() => {
  if (rawCodeFindings.length) throw new Error('pages showed codes people cannot read:\n' + rawCodeFindings.join('\n'));
});

/** The visible text's raw codes and ISO timestamps, `[]` when it reads as names and labels only. */
async function rawCodesOn(page: Page): Promise<string[]> {
  let text = await page.evaluate(() => document.body.innerText);
  for (const re of ALLOWED) text = text.replace(re, ' ');
  const found: string[] = [];
  for (const { what, re } of RAW_CODES) for (const m of text.match(re) ?? []) found.push(`${what} "${m}"`);
  return found;
}

/** A full-page screenshot under test-artifacts/screenshots/<name>.png (gitignored); the page's visible text is checked for raw codes. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name + '.png'), fullPage: true });
  const found = await rawCodesOn(page);
  if (found.length) rawCodeFindings.push(`${name}: ${[...new Set(found)].join(', ')}`);
}

/** Opens the app with no session and logs in through the demo picker as `staffId`. */
export async function login(page: Page, base: string, staffId: string): Promise<void> {
  // forget the session on a page of the origin where the app does not run (it would store it again)
  await page.goto(base + '/manifest.json');
  await page.evaluate(() => localStorage.clear());
  await page.goto(base + '/?as=' + encodeURIComponent(staffId) + '#/');
  await page.getByTestId('login-button').click();
  await page.getByTestId('picker-item-' + staffId).click();
  await page.getByTestId('shell').waitFor();
  // the shell then sends '#/' to the user's home tab; a test's own navigation must come after that, or the late
  // redirect takes the page back home (seen as a page that never appears)
  await page.waitForFunction(() => !['', '#', '#/'].includes(location.hash));
}

/** Types (or picks) a value into the control of a field rendered by FieldControl. */
export async function fill(scope: Page | Locator, key: string, def: Pick<FieldDef, 'type' | 'options'>, value: string): Promise<void> {
  const control = scope.getByTestId('field-' + key);
  if (def.options || def.type === 'select' || def.type === 'district' || def.type === 'department') await control.selectOption(value);
  else await control.fill(value);
  await control.blur();
}

/** The first real option of a select (after the placeholder). */
export async function firstOption(select: Locator): Promise<string> {
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  if (!values.length) throw new Error('select has no options');
  return values[0];
}

/** Taps 刷新 at the end of a queue until `probe` shows up (released sub-tasks arrive asynchronously). */
export async function refreshUntilVisible(page: Page, probe: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.locator('[data-testid="queue"][data-loading="false"]').waitFor();
    if (await probe.count()) return;
    if (Date.now() > deadline) throw new Error('not in the queue after ' + timeoutMs + ' ms: ' + (await page.getByTestId('queue').innerText()));
    await page.waitForTimeout(500);
    await page.getByTestId('refresh').click();
  }
}

/**
 * Waits until the sub-task page shows `state` (after an action the page reloads the view). A sub-task opened right
 * after its case was accepted through the API may not be released by the dispatcher yet: the page shows its earlier
 * state and does not read it again by itself (staff open it from their list, where it appears once released), so
 * after 5 s without `state` the page is loaded again — this was the "page that never appears" of full parallel runs.
 */
export async function subTaskState(page: Page, state: string): Promise<void> {
  const wanted = page.locator(`[data-testid="page-subtask"][data-state="${state}"]`);
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await wanted.waitFor({ timeout: 5_000 });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await page.reload();
  }
}
