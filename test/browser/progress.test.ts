/**
 * 办件进度查询 by the receipt's QR code, in Chromium against the whole local stack: a birth case accepted at the
 * 鄞州区 window shows a QR code on its receipt; the code, decoded from a screenshot of it (jsqr + pngjs), is the
 * progress page's link. Opened in a FRESH Chromium at 375 px with no session (a plain phone browser), the page
 * shows the bundle, the case number, the masked name, each item with its department and 待办理 / 办理中 / 已办结 and
 * the promised date — no ID number, phone or address. After the departments sign (through the API) it shows
 * 已办结 and the rating form, which rates once (好差评, channel progressPage). A forged token shows nothing but one message. Screenshots in
 * test-artifacts/screenshots (progress-*). Skipped, saying so, only when /usr/bin/chromium is missing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { INTAKE_MATERIALS, outputValue, signBirthCase, type BirthCase } from './support/birth';
import { openChromium, type ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { fill, login, shot } from './support/ui';

const CLERK = 'yinzhou-serviceCenter-clerk1';

let ts: TestStack;
let chrome: ChromiumSession;
let phone: ChromiumSession | undefined;
let base: string;
let page: Page;
let birth: BirthCase;

/** Every item signed through the API, as the departments' mini-apps would, until the case completes. */
const signAll = (caseId: string): Promise<void> => signBirthCase(base, caseId, birth, CLERK);

/** The QR code read back from a screenshot of the receipt's code, as a phone's camera would. */
async function decodeQr(p: Page): Promise<string> {
  // the code as drawn, enlarged the way a camera close to the paper sees it (25 mm is ~94 CSS px on screen)
  const svg = p.getByTestId('receipt-qr').locator('svg');
  await svg.evaluate((el) => {
    el.setAttribute('style', 'border:none;display:block;width:320px;height:320px');
    el.scrollIntoView({ block: 'center' }); // clear of the fixed tab bar
  });
  const png = PNG.sync.read(await svg.screenshot());
  await svg.evaluate((el) => el.setAttribute('style', 'border:none;display:block'));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  if (!found) {
    writeFileSync(path.resolve('test-artifacts', 'screenshots', 'progress-qr-undecoded.png'), PNG.sync.write(png));
    throw new Error('the receipt QR code could not be decoded (test-artifacts/screenshots/progress-qr-undecoded.png)');
  }
  return found.data;
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
}, 300_000);

afterAll(async () => {
  await phone?.close();
  await stopBrowserWorld(ts, chrome);
}, 60_000);

describe.skipIf(CHROMIUM_MISSING)('办件进度查询 by the receipt QR code', () => {
  it('the receipt QR code opens the progress page in a plain phone browser with no session; 已办结 and the rating form once signed; a forged token shows nothing', async () => {
    await login(page, base, CLERK);
    await page.getByTestId('page-intake').waitFor();
    await page.getByTestId('bundle-birth').click();
    const form = page.getByTestId('page-intake-form');
    await form.waitFor();
    const fields = new Map(birthBundle.fields.map((f) => [f.key, f]));
    for (const [key, value] of Object.entries(birth.values)) await fill(form, key, fields.get(key)!, value);
    for (const m of INTAKE_MATERIALS) for (const def of m.fields) await fill(form, m.id + '.' + def.key, def, outputValue(def, birth));
    await page.getByTestId('precheck').click();
    await expect.poll(() => page.getByTestId('notice').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    await page.getByTestId('accept').click();
    await page.getByTestId('confirm-ok').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });
    await page.getByText('受理成功').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    const caseId = await receipt.getByTestId('case-id').innerText();
    const link = await receipt.getByTestId('receipt-progress-link').innerText();
    expect(link).toMatch(new RegExp('^' + base.replace(/[.:/]/g, '\\$&') + '/progress\\.html#' + caseId + '\\.[A-Za-z0-9_-]{22}$'));
    expect(await decodeQr(page)).toBe(link);
    expect(await receipt.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'progress-receipt');
    await page.getByTestId('seg-58').click();
    expect(await decodeQr(page)).toBe(link);
    expect(await receipt.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'progress-receipt-58mm');

    // a plain phone browser: a fresh profile, no session, no 浙政钉
    phone = await openChromium();
    const p = phone.page;
    expect(p.viewportSize()?.width).toBe(375);
    await p.goto(link);
    const progress = p.getByTestId('progress');
    await progress.waitFor({ timeout: 30_000 });
    expect(await p.evaluate(() => Object.keys(localStorage).length)).toBe(0);
    expect(await p.getByTestId('progress-case').innerText()).toContain(caseId);
    expect(await p.getByTestId('progress-bundle').innerText()).toBe(birthBundle.name);
    expect(await p.getByTestId('progress-applicants').innerText()).toContain('*');
    expect(await p.getByTestId('progress-due').innerText()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    const items = p.getByTestId('progress-item');
    expect(await items.count()).toBe(5);
    const text = await p.locator('body').innerText();
    expect(text).toContain('承办部门：');
    expect(text).toMatch(/待办理/);
    const v = birth.values;
    for (const secret of [v.fatherIdNumber, v.motherIdNumber, v.applicantPhone, v.fatherName, v.motherName, v.postalAddress]) {
      if (secret) expect(text, 'personal data on the public page').not.toContain(secret);
    }
    expect(await p.getByTestId('rating-form').count()).toBe(0);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(p, 'progress-page');

    await signAll(caseId);
    await p.reload();
    await p.getByTestId('progress').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('progress-state').innerText()).toBe('已办结');
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect((await p.locator('body').innerText()).match(/已办结/g)?.length).toBeGreaterThanOrEqual(6);
    await p.getByTestId('rating-form').waitFor();
    await shot(p, 'progress-page-done');

    // 好差评 from the phone: a level, an optional comment, once
    await p.locator('[data-level="satisfied"]').click();
    await p.getByTestId('rating-comment').fill('办理很快，谢谢');
    await p.getByTestId('rating-submit').click();
    await p.getByTestId('rating-done').waitFor({ timeout: 30_000 });
    await shot(p, 'progress-page-rated');
    await p.reload();
    await p.getByTestId('rating-done').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('rating-form').count()).toBe(0);

    // a forged token: one message, nothing of the case
    const forged = link.slice(0, -4) + (link.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await p.goto(forged);
    await p.reload();
    await p.getByTestId('progress-missing').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('progress').count()).toBe(0);
    expect(await p.locator('body').innerText()).not.toContain(caseId);
    await shot(p, 'progress-page-forged');
  });
});
