/** Driving the mini-app's pages the way staff do: taps, typing, the demo login. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import type { FieldDef } from '../../../functions/core/bundle';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-artifacts', 'screenshots');

/** A full-page screenshot under test-artifacts/screenshots/<name>.png (gitignored). */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name + '.png'), fullPage: true });
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

/** Waits until the sub-task page shows `state` (after an action the page reloads the view). */
export async function subTaskState(page: Page, state: string): Promise<void> {
  await page.locator(`[data-testid="page-subtask"][data-state="${state}"]`).waitFor({ timeout: 30_000 });
}
