/**
 * Attachments in Chromium against the whole local stack: a window clerk attaches a scan (PNG) to a
 * supplied material (户口簿) at intake — picked with the file input, uploaded with its progress, shown as a
 * thumbnail — and accepts; the department that receives that material (鄞州 公安, 户口登记) sees the file on
 * its sub-task and opens it in the full view. Screenshots: intake-attachment, subtask-attachment, attachment-preview.
 * Skipped, saying so, only when /usr/bin/chromium is missing (.ci/run installs it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { INTAKE_MATERIALS, outputsOf, outputValue, type BirthCase } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { fill, firstOption, login, shot, subTaskState } from './support/ui';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'screenshots');

const CLERK = 'yinzhou-serviceCenter-clerk1';
const POLICE = 'yinzhou-police-signer1';

/** A 240×160 RGB PNG: a pale page with dark lines, like a scanned document. */
function scanPng(): Buffer {
  const w = 240;
  const h = 160;
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const line = y > 20 && y % 16 < 3 && x > 20 && x < w - 20 - (y % 48);
      const v = line ? 60 : 246;
      row[1 + x * 3] = v;
      row[2 + x * 3] = v;
      row[3 + x * 3] = line ? 60 : 240;
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let birth: BirthCase;
let caseId = '';

/** A one-page PDF with a line of text. */
function scanPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 30 100 Td (Birth certificate) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

describe.skipIf(CHROMIUM_MISSING)('attachments', () => {
  it('a clerk attaches a PNG to 户口簿 at intake; 公安 sees it on 户口登记 and opens its preview', async () => {
    await login(page, base, CLERK);
    await page.getByTestId('bundle-birth').click();
    const form = page.getByTestId('page-intake-form');
    await form.waitFor();
    const fields = new Map(birthBundle.fields.map((f) => [f.key, f]));
    for (const [key, value] of Object.entries(birth.values)) await fill(form, key, fields.get(key)!, value);
    for (const m of INTAKE_MATERIALS) for (const def of m.fields) await fill(form, m.id + '.' + def.key, def, outputValue(def, birth));

    const png = scanPng();
    const files = form.getByTestId('files-householdBook');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), files.getByTestId('files-householdBook-image').click()]);
    expect(await chooser.element().getAttribute('accept')).toBe('image/jpeg,image/png');
    await chooser.setFiles({ name: '户口簿首页.png', mimeType: 'image/png', buffer: png });
    await files.locator('[data-testid="file-item"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await files.getByTestId('file-item').innerText()).toContain('户口簿首页.png');
    expect(await files.getByTestId('file-thumb').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(240);
    await files.scrollIntoViewIfNeeded();
    await shot(page, 'intake-attachment');
    await form.getByTestId('material-householdBook').screenshot({ path: path.join(SCREENSHOTS, 'intake-attachment-material.png') });

    await page.getByTestId('precheck').click();
    await expect.poll(() => page.getByTestId('notice').getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');
    const [created] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases'),
      page.getByTestId('accept').click().then(() => page.getByTestId('confirm-ok').click()),
    ]);
    const supplied = (created.postDataJSON() as { supplied: { type: string; attachments: { sha256: string; name: string; size: number; mime: string }[] }[] }).supplied;
    const book = supplied.find((s) => s.type === 'householdBook')!;
    expect(book.attachments).toHaveLength(1);
    expect(book.attachments[0]).toMatchObject({ name: '户口簿首页.png', size: png.length, mime: 'image/png' });
    expect(book.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(supplied.find((s) => s.type === 'marriageCertificate')!.attachments).toEqual([]);
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });
    caseId = (await receipt.getByTestId('case-id').innerText()).trim();

    await login(page, base, POLICE);
    const url = base + '/#/subtasks/' + encodeURIComponent(caseId) + '/householdRegistration';
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(url);
      await page.locator('[data-testid="page-subtask"]').waitFor({ timeout: 30_000 });
      if (await page.getByTestId('attachments').count()) break;
      if (Date.now() > deadline) throw new Error('户口登记 shows no attachment: ' + (await page.getByTestId('page-subtask').innerText()));
      await page.waitForTimeout(500);
    }
    const item = page.getByTestId('attachments').getByTestId('attachment');
    expect(await item.innerText()).toContain('户口簿首页.png');
    await page.getByTestId('attachments').scrollIntoViewIfNeeded();
    await shot(page, 'subtask-attachment');

    const [download] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/attachments/' + book.attachments[0].sha256),
      item.getByTestId('attachment-icon').click(),
    ]);
    expect(download.status()).toBe(200);
    const preview = page.getByTestId('image-preview');
    await preview.waitFor();
    // the viewer covers the screen; a full-page shot shows it where the page was scrolled, so scroll to the top first
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await preview.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(240);
    await shot(page, 'attachment-preview');
    await preview.click();
    await item.getByTestId('attachment-thumb').waitFor();
  });

  it('the hospital attaches a PDF when it signs 出生医学证明; 公安 receives it with the material and opens it through a signed link in a new tab', async () => {
    expect(caseId).not.toBe('');
    await login(page, base, 'yinzhou-hospital1-signer1');
    await page.goto(base + '/#/subtasks/' + encodeURIComponent(caseId) + '/birthCertificate');
    await subTaskState(page, 'ready');
    await page.getByTestId('action-claim').click();
    await page.getByTestId('confirm-ok').click();
    await subTaskState(page, 'claimed');
    await page.getByTestId('action-signOff').click();
    const sheet = page.getByTestId('form-sheet');
    await sheet.waitFor();
    const pdf = scanPdf();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), sheet.getByTestId('sheet-files-pdf').click()]);
    expect(await chooser.element().getAttribute('accept')).toBe('application/pdf,.pdf');
    await chooser.setFiles({ name: '出生医学证明存根.pdf', mimeType: 'application/pdf', buffer: pdf });
    await sheet.locator('[data-testid="file-item"][data-status="done"]').waitFor({ timeout: 30_000 });
    await shot(page, 'signoff-attachment');
    const seal = sheet.getByTestId('field-sealId');
    await seal.selectOption(await firstOption(seal));
    for (const material of outputsOf('birthCertificate')) for (const def of material.fields) await fill(sheet, material.id + '.' + def.key, def, outputValue(def, birth));
    await sheet.getByTestId('sheet-ok').click();
    await subTaskState(page, 'done');

    await login(page, base, POLICE);
    const url = base + '/#/subtasks/' + encodeURIComponent(caseId) + '/householdRegistration';
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(url);
      await page.locator('[data-testid="page-subtask"]').waitFor({ timeout: 30_000 });
      if ((await page.getByTestId('attachment').count()) >= 2) break;
      if (Date.now() > deadline) throw new Error('户口登记 did not receive the PDF: ' + (await page.getByTestId('page-subtask').innerText()));
      await page.waitForTimeout(500);
    }
    const item = page.getByTestId('attachment').filter({ hasText: '出生医学证明存根.pdf' });
    expect(await item.innerText()).toContain('出生医学证明');
    // The PDF opens through a short-lived signed link (no session header), here in a new tab (window.open).
    const [popup, request] = await Promise.all([
      page.waitForEvent('popup'),
      page.context().waitForEvent('request', (r) => r.url().indexOf('/open?token=') >= 0),
      item.getByTestId('attachment-icon').click(),
    ]);
    const link = request.url();
    expect(link).toMatch(/\/api\/attachments\/[0-9a-f]{64}\/open\?token=l1\./);
    await popup.close().catch(() => undefined);
    const res = await fetch(link); // as the container would: without the Bearer header
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''/);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    const forged = await fetch(link.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')));
    expect(forged.status).toBe(403);
    await page.getByTestId('attachments').scrollIntoViewIfNeeded();
    await shot(page, 'subtask-attachments-received');
  });
});
