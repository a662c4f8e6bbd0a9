/**
 * The window follows its cases, in Chromium against the whole local stack: a clerk finds a case by the
 * applicant's ID number on 办件查询 (the number is sent in a POST body, never kept on screen), opens it, and
 * once every department has signed records the hand-over (出件: 窗口自取), which the case page then shows.
 * The departments' sign-offs are preconditions, made through the API as the staff's mini-apps would.
 * Skipped, saying so, only when /usr/bin/chromium is missing (.ci/run installs it).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptViaApi, apiLogin, outputsOf, outputValue, type BirthCase } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { login, shot } from './support/ui';


const CLERK = 'yinzhou-serviceCenter-clerk1';
/** Signing order: each item's inputs come from the ones before it. */
const ORDER = ['birthCertificate', 'vaccinationCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication'];

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let birth: BirthCase;
let caseId = '';

async function call(token: string, method: string, p: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** What a department's signer sends: the catalog's fields with plausible values, the application's where it prefills. */
function outputsFor(itemId: string, prefill: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const m of outputsOf(itemId)) {
    const data: Record<string, unknown> = {};
    for (const f of m.fields) {
      const v = outputValue(f, birth);
      data[f.key] = f.type === 'datetime' ? `${birth.birthLocal}:00+08:00` : f.type === 'integer' ? Number(v) : f.type === 'amount' ? 56320.5 : v;
    }
    out[m.id] = { ...data, ...(prefill[m.id] ?? {}) };
  }
  return out;
}

async function signAllThroughApi(): Promise<void> {
  const clerk = await apiLogin(base, CLERK);
  const view = (await call(clerk, 'GET', `/api/cases/${caseId}`)).json.case as { subTasks: { itemId: string; department: string }[] };
  const departmentOf = new Map(view.subTasks.map((t) => [t.itemId, t.department]));
  for (const itemId of ORDER) {
    const dep = departmentOf.get(itemId);
    if (!dep) throw new Error(`no sub-task ${itemId}`);
    const handler = await apiLogin(base, `${dep}-handler1`);
    const signer = await apiLogin(base, `${dep}-signer1`);
    const path = `/api/subtasks/${caseId}/${itemId}`;
    let st = (await call(handler, 'GET', path)).json.subTask as { state: string; version: number };
    for (let i = 0; i < 100 && st.state !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      st = (await call(handler, 'GET', path)).json.subTask as { state: string; version: number };
    }
    const claimed = await call(handler, 'POST', `${path}/actions`, { command: { type: 'claim' }, expectedVersion: st.version });
    expect(claimed.status, JSON.stringify(claimed.json).slice(0, 300)).toBe(200);
    const detail = (await call(signer, 'GET', path)).json as { subTask: { version: number }; prefill?: Record<string, Record<string, unknown>> };
    const signed = await call(signer, 'POST', `${path}/actions`, {
      command: { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(itemId, detail.prefill ?? {}) },
      expectedVersion: detail.subTask.version,
    });
    expect(signed.status, `${itemId}: ${JSON.stringify(signed.json).slice(0, 400)}`).toBe(200);
  }
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
  caseId = await acceptViaApi(base, CLERK, birth);
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

describe.skipIf(CHROMIUM_MISSING)('the window follows its cases', () => {
  it('a clerk finds the case by the applicant\'s ID number on 办件查询 and opens it', async () => {
    await login(page, base, CLERK);
    await page.goto(base + '/#/cases');
    await page.getByTestId('page-cases').waitFor();
    await page.getByTestId('field-searchId').fill(birth.motherId);
    await page.getByTestId('cases-search').click();
    await page.getByTestId('cases-result').waitFor();
    const rows = page.getByTestId('cases-row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(caseId);
    // The number does not stay on screen after the search.
    expect(await page.getByTestId('field-searchId').inputValue()).toBe('');
    expect(await page.locator('body').innerText()).not.toContain(birth.motherId);
    await shot(page, 'cases-found');
    await rows.first().click();
    await page.getByTestId('page-case').waitFor();
    expect(page.url()).toContain(encodeURIComponent(caseId));
  });

  it('once the departments have signed, the clerk records 出件 (窗口自取) and the case shows it', async () => {
    await signAllThroughApi();
    await page.goto(base + '/#/cases/' + encodeURIComponent(caseId));
    await page.reload();
    await page.getByTestId('page-case').waitFor();
    await shot(page, 'case-before-handover');
    await page.getByTestId('handover-pickup').waitFor();
    await page.getByTestId('handover-pickup').click();
    const sheet = page.getByTestId('form-sheet');
    await sheet.waitFor();
    await sheet.getByTestId('field-collectedBy').fill('王建国');
    await sheet.getByTestId('sheet-ok').click();
    await page.getByTestId('case-handover').waitFor();
    expect(await page.getByTestId('case-handover').innerText()).toContain('窗口自取 · 王建国');
    await shot(page, 'case-handover');
  });
});
