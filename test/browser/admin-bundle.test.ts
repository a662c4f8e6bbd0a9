/**
 * Issue 11 in Chromium against the whole local stack: the city's admin builds a small new 一件事 from scratch in
 * the editor (two items of 鄞州 in two departments, one feeding the other), sees the graph, dry-runs it and
 * publishes it; a 鄞州 clerk accepts a case on it; the departments sign (through the API, as their mini-apps
 * would, with the approval seals the admin issued for the new items). Then the admin copies it to version 2, adds
 * a third item (the promise too short for it is shown next to 承诺办结 until fixed; 鄞州's admin saving the same draft
 * meanwhile is a conflict that names them and keeps the edits), sees the diff, publishes: a new
 * case gets version 2 while the running version-1 case completes on version 1, unchanged.
 * Screenshots at 375 px and 1280 px. Skipped, saying so, only when /usr/bin/chromium is missing.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, type BirthCase } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { login, shot } from './support/ui';

const ADMIN = 'ningbo-bigdata-admin1';
const CLERK = 'yinzhou-serviceCenter-clerk1';
const YINZHOU_ADMIN = 'yinzhou-serviceCenter-admin1';
const BUNDLE = 'elderCare';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let birth: BirthCase;
let firstCase = '';

interface Answer {
  status: number;
  json: Record<string, any>;
}

async function call(token: string, method: string, p: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** The admin issues the department an approval seal for the new items (the directory's part of going live). */
async function issueSeal(department: string, items: string[]): Promise<void> {
  const admin = await apiLogin(base, ADMIN);
  const r = await call(admin, 'POST', '/api/admin/seals', { id: `${department}-${BUNDLE}-seal`, name: '老年优待审批专用章', department, kind: 'approval', scope: items.map((i) => `${BUNDLE}/${i}`) });
  expect(r.status, JSON.stringify(r.json).slice(0, 400)).toBe(201);
}

/** The department's handler claims and its signer signs the item, issuing its outputs. */
async function sign(caseId: string, itemId: string, outputs: Record<string, Record<string, unknown>>): Promise<void> {
  const clerk = await apiLogin(base, CLERK);
  const view = (await call(clerk, 'GET', `/api/cases/${caseId}`)).json.case as { subTasks: { itemId: string; department: string }[] };
  const dep = view.subTasks.find((t) => t.itemId === itemId)?.department;
  if (!dep) throw new Error(`no sub-task ${itemId} in ${caseId}`);
  const handler = await apiLogin(base, `${dep}-handler1`);
  const signer = await apiLogin(base, `${dep}-signer1`);
  const p = `/api/subtasks/${caseId}/${itemId}`;
  let st = (await call(handler, 'GET', p)).json.subTask as { state: string; version: number };
  for (let i = 0; i < 150 && st.state !== 'ready'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    st = (await call(handler, 'GET', p)).json.subTask as { state: string; version: number };
  }
  const claimed = await call(handler, 'POST', `${p}/actions`, { command: { type: 'claim' }, expectedVersion: st.version });
  expect(claimed.status, JSON.stringify(claimed.json).slice(0, 300)).toBe(200);
  const detail = (await call(signer, 'GET', p)).json as { subTask: { version: number } };
  const signed = await call(signer, 'POST', `${p}/actions`, { command: { type: 'signOff', sealId: `${dep}-${BUNDLE}-seal`, outputs }, expectedVersion: detail.subTask.version });
  expect(signed.status, `${itemId}: ${JSON.stringify(signed.json).slice(0, 400)}`).toBe(200);
}

async function caseView(caseId: string): Promise<{ state: string; bundleVersion: number; subTasks: { itemId: string; state: string }[] }> {
  const clerk = await apiLogin(base, CLERK);
  return (await call(clerk, 'GET', `/api/cases/${caseId}`)).json.case;
}

/** Waits for the server's check of what is on screen: nothing left, or exactly the issues at `paths`. */
async function issuesSettle(paths: string[]): Promise<void> {
  await page.locator('[data-testid="publish-hint"]:not(:has-text("正在检查"))').waitFor();
  await page.waitForFunction(
    (want) => {
      if (document.querySelector('[data-testid="publish-hint"]')?.textContent?.includes('正在检查')) return false;
      const shown = Array.from(document.querySelectorAll('[data-testid="issue-summary"] li')).map((li) => li.getAttribute('data-field'));
      return shown.length === want.length && want.every((p) => shown.includes(p));
    },
    paths,
    { timeout: 30_000 },
  );
}

/** The list as another function instance may still hold it (see settle): reloads until `testid` is on it. */
async function untilListed(testid: string): Promise<void> {
  for (let i = 0; ; i++) {
    await tid('page-admin-bundles').waitFor();
    if (await tid(testid).count()) return;
    if (i === 15) {
      const admin = await apiLogin(base, ADMIN);
      throw new Error(`${testid} not on the list: ${JSON.stringify((await call(admin, 'GET', '/api/admin/bundles')).json).slice(0, 1500)}`);
    }
    await page.waitForTimeout(3000);
    await page.reload();
  }
}

async function both(name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await shot(page, name + '-375');
  await page.setViewportSize(DESKTOP);
  await shot(page, name + '-desktop');
  await page.setViewportSize(PHONE);
}

const tid = (id: string) => page.getByTestId(id);

/**
 * Each function instance keeps its directory snapshot (bundles, seals) for 30 s (DESIGN: configuration); the
 * instance that made a change sees it at once, the others within that time. Wait it out before staff elsewhere act.
 */
const settle = () => new Promise((r) => setTimeout(r, 31_000));

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

// Known, not yet explained: about once in a full parallel run an admin page opened right after a login never renders
// (no 加载中 end, no error) within 90 s; a step is retried once meanwhile. Reported in the closing note of issue 11.
describe.skipIf(CHROMIUM_MISSING)('an admin builds, publishes and versions a 一件事', { retry: 1 }, () => {
  it('the city admin creates a bundle from scratch and fills it in the editor until no issue is left', async () => {
    await login(page, base, ADMIN);
    await page.goto(base + '/#/admin/bundles');
    await page.locator('[data-testid="page-admin-bundles"], [data-testid="error"]').first().waitFor();
    if (await tid('error').count()) throw new Error('配置 did not load: ' + (await tid('error').innerText()) + '\n' + ts.log.slice(-20).join(''));
    expect(await tid('bundle-birth').innerText()).toContain('新受理的办件使用第 1 版');
    await both('admin-bundles');
    await tid('new-bundle').click();
    await tid('new-name').fill('老年人优待一件事');
    await tid('new-id').fill(BUNDLE);
    await tid('new-lead').selectOption('police');
    await tid('new-scope').selectOption('330212');
    await both('admin-bundle-new');
    await tid('new-create').click();
    await page.locator('[data-testid="page-bundle-editor"][data-state="draft"]').waitFor();
    expect(page.url()).toContain(`#/admin/bundles/${BUNDLE}/1`);
    // an empty bundle: the server says what is missing, publish waits
    await tid('issue-summary').waitFor();
    expect(await tid('publish').isDisabled()).toBe(true);
    await both('admin-editor-empty');

    // the one-table form: two fields
    await tid('form-fields-add').click();
    await tid('form-fields-add').click();
    await tid('form-fields-0-label').fill('申请人姓名');
    await tid('form-fields-0-key').fill('applicantName');
    await tid('form-fields-0-required').check();
    await tid('form-fields-1-label').fill('申请人身份证号');
    await tid('form-fields-1-key').fill('applicantIdNumber');
    await tid('form-fields-1-type').selectOption('idNumber');
    await tid('form-fields-1-required').check();
    // the material the first item issues and the second takes
    await tid('add-material').click();
    await tid('material-0-name').fill('户籍证明');
    await tid('material-0-id').fill('householdProof');
    await tid('material-0-fields-0-label').fill('证明编号');
    // item 1: 公安 checks the household register and issues the proof
    await tid('add-item').click();
    await tid('item-0-name').fill('户籍核验');
    await tid('item-0-id').fill('householdCheck');
    await tid('item-0-department').selectOption('police');
    await tid('item-0-days').fill('3');
    await tid('item-0-fields-applicantName').check();
    await tid('item-0-fields-applicantIdNumber').check();
    await tid('item-0-outputs-householdProof').check();
    // item 2: 人社 needs the proof's number, and says why
    await tid('add-item').click();
    await tid('item-1-name').fill('养老待遇资格认证');
    await tid('item-1-id').fill('pensionCheck');
    await tid('item-1-department').selectOption('hrss');
    await tid('item-1-days').fill('2');
    await tid('item-1-fields-applicantName').check();
    await tid('item-1-add-input').click();
    await tid('item-1-input-0-material').selectOption('householdProof');
    await tid('item-1-input-0-fields-number').check();
    await tid('item-1-input-0-purpose').fill('核对户籍信息');
    // whose archive, and the promise
    await tid('add-subject').click();
    await tid('subject-0-id').selectOption('applicantIdNumber');
    await tid('bundle-days').fill('5');
    await issuesSettle([]);
    expect(await tid('publish').isDisabled()).toBe(false);
    await tid('save').click();
    await page.locator('[data-testid="save"]:has-text("已保存")').waitFor();
    await both('admin-editor-filled');
  }, 180_000);

  it('draws who feeds whom, and the dry run routes to 鄞州\'s departments with due dates, creating nothing', async () => {
    await tid('seg-graph').click();
    await tid('graph-edge-householdCheck-pensionCheck').waitFor({ state: 'attached' });
    expect(await tid('editor-graph').innerText()).toContain('户籍核验 → 养老待遇资格认证：户籍证明');
    await both('admin-editor-graph');
    await tid('seg-dryrun').click();
    await tid('dryrun').waitFor();
    await tid('dryrun-district').selectOption('330212');
    await tid('field-applicantName').fill('张桂英');
    await tid('field-applicantIdNumber').fill(birth.motherId);
    await tid('dryrun-run').click();
    await tid('dryrun-result').waitFor();
    expect(await tid('dryrun-notice').getAttribute('data-ok')).toBe('true');
    const first = await tid('dryrun-task-householdCheck').innerText();
    expect(first).toContain('鄞州区');
    expect(first).toContain('公安');
    expect(first).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(await tid('dryrun-task-pensionCheck').innerText()).toContain('待前置：户籍核验');
    await both('admin-editor-dryrun');
    const admin = await apiLogin(base, ADMIN);
    const list = (await call(admin, 'GET', '/api/admin/bundles')).json.bundles as { id: string; current: number | null }[];
    expect(list.find((b) => b.id === BUNDLE)?.current).toBeNull();
  }, 180_000);

  it('publishes version 1; a 鄞州 clerk accepts a case on it', async () => {
    await tid('seg-edit').click();
    await tid('publish').click();
    await tid('confirm-ok').click();
    await page.locator('[data-testid="page-bundle-editor"][data-state="published"]').waitFor();
    await tid('copy-to-draft').waitFor();
    await issueSeal('yinzhou-police', ['householdCheck']);
    await issueSeal('yinzhou-hrss', ['pensionCheck']);
    await settle();

    await login(page, base, CLERK);
    await page.goto(base + '/#/intake');
    await tid(`bundle-${BUNDLE}`).click();
    await tid('field-applicantName').fill('张桂英');
    await tid('field-applicantIdNumber').fill(birth.motherId);
    await tid('precheck').click();
    await page.locator('[data-testid="notice"][data-ok="true"]').waitFor();
    await tid('accept').click();
    await tid('confirm-ok').click();
    await tid('receipt').waitFor({ timeout: 30_000 });
    firstCase = (await tid('case-id').innerText()).trim();
    const v = await caseView(firstCase);
    expect(v.bundleVersion).toBe(1);
    expect(v.subTasks.map((t) => t.itemId).sort()).toEqual(['householdCheck', 'pensionCheck']);
    // 公安 signs; 人社's part is still open when version 2 arrives
    await sign(firstCase, 'householdCheck', { householdProof: { number: 'HJ20261207001' } });
  }, 180_000);

  it('version 2 adds an item: the short promise shows next to its control until fixed, the diff names the new item, publish', async () => {
    await login(page, base, ADMIN);
    await page.goto(base + '/#/admin/bundles');
    await untilListed(`copy-${BUNDLE}-1`);
    await shot(page, 'admin-bundles-v1-published-375');
    // export: the version's Bundle JSON as a file
    const [download] = await Promise.all([page.waitForEvent('download'), tid(`export-${BUNDLE}-1`).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { id: string; version: number; items: { id: string }[] };
    expect(exported).toMatchObject({ id: BUNDLE, version: 1, items: [{ id: 'householdCheck' }, { id: 'pensionCheck' }] });
    // import: a bad file is refused with its problems by JSON path, nothing stored; a good one is a new draft
    const broken = { ...exported, id: 'elderCareBroken', items: [{ ...exported.items[0], department: 'nowhere' }, exported.items[1]] };
    await tid('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await tid('import-issues').waitFor();
    expect(await tid('import-issues').innerText()).toContain('items.0.department');
    expect(await tid('import-issues').innerText()).toContain('事项 1「户籍核验」 · 承办部门');
    // the JSON paths are meant to be read here (by whoever fixes the file), so not through shot's raw-code check
    await page.screenshot({ path: 'test-artifacts/screenshots/admin-bundles-import-refused-375.png', fullPage: true });
    const copy = { ...exported, id: 'elderCareCopy', name: '老年人优待一件事（导入）' };
    await tid('import-file').setInputFiles({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(copy)) });
    await page.locator('[data-testid="page-bundle-editor"][data-state="draft"]').waitFor();
    expect(page.url()).toContain('#/admin/bundles/elderCareCopy/1');
    expect(await tid('bundle-name').inputValue()).toBe('老年人优待一件事（导入）');
    await page.goto(base + '/#/admin/bundles');
    await tid('bundle-elderCareCopy').waitFor();
    expect(await tid('bundle-elderCareBroken').count()).toBe(0);
    await tid(`copy-${BUNDLE}-1`).click();
    await page.locator('[data-testid="page-bundle-editor"][data-state="draft"]').waitFor();
    expect(page.url()).toContain(`#/admin/bundles/${BUNDLE}/2`);
    await tid('add-item').click();
    await tid('item-2-name').fill('医保参保登记');
    await tid('item-2-id').fill('insuranceEnroll');
    await tid('item-2-department').selectOption('medicalInsurance');
    await tid('item-2-days').fill('3');
    await tid('item-2-fields-applicantName').check();
    await tid('item-2-fields-applicantIdNumber').check();
    await tid('item-2-add-input').click();
    await tid('item-2-input-0-material').selectOption('householdProof');
    await tid('item-2-input-0-fields-number').check();
    await tid('item-2-input-0-purpose').fill('核对户籍信息');
    // 3 + 3 working days on the critical path: 5 promised is too short, said next to 承诺办结
    await issuesSettle(['promisedDays']);
    expect(await tid('issue-promisedDays').innerText()).toContain('关键路径 6 个工作日');
    expect(await tid('publish').isDisabled()).toBe(true);
    await both('admin-editor-v2-issue');
    await tid('bundle-days').fill('6');
    await issuesSettle([]);
    // meanwhile 鄞州's admin saves the same draft: the save here is refused, naming who saved when, and keeps the edits
    const other = await apiLogin(base, YINZHOU_ADMIN);
    const theirs = (await call(other, 'GET', `/api/admin/bundles/${BUNDLE}/versions/2`)).json;
    const saved = await call(other, 'PUT', `/api/admin/bundles/${BUNDLE}/versions/2`, { bundle: { ...theirs.doc.bundle, description: '鄞州补充的说明' }, expectedRowVersion: theirs.rowVersion });
    expect(saved.status, JSON.stringify(saved.json).slice(0, 300)).toBe(200);
    await tid('save').click();
    await tid('conflict').waitFor();
    expect(await tid('conflict').innerText()).toContain(saved.json.doc.updatedBy.name);
    expect(await tid('item-2-name').inputValue()).toBe('医保参保登记');
    expect(await tid('publish').isDisabled()).toBe(true);
    await both('admin-editor-v2-conflict');
    await tid('conflict-overwrite').click();
    await tid('conflict').waitFor({ state: 'detached' });
    await page.locator('[data-testid="save"]:has-text("已保存")').waitFor();
    await tid('seg-diff').click();
    await tid('diff').waitFor();
    const diff = await tid('diff').innerText();
    expect(diff).toContain('与第 1 版相比');
    expect(diff).toContain('医保参保登记');
    await both('admin-editor-v2-diff');
    await tid('seg-graph').click();
    await tid('graph-edge-householdCheck-insuranceEnroll').waitFor({ state: 'attached' });
    await both('admin-editor-v2-graph');
    await tid('seg-edit').click();
    await tid('publish').click();
    await tid('confirm-ok').click();
    await page.locator('[data-testid="page-bundle-editor"][data-state="published"]').waitFor();
    await issueSeal('yinzhou-medicalInsurance', ['insuranceEnroll']);
    await settle();
    await page.goto(base + '/#/admin/bundles');
    await tid(`version-${BUNDLE}-2`).waitFor();
    expect(await tid(`current-${BUNDLE}`).innerText()).toBe('新受理的办件使用第 2 版');
    await both('admin-bundles-v2');
  }, 180_000);

  it('a new case gets version 2 with three items; the running version-1 case completes on its two', async () => {
    const clerk = await apiLogin(base, CLERK);
    const accepted = await call(clerk, 'POST', '/api/cases', {
      bundleId: BUNDLE, values: { applicantName: '李阿婆', applicantIdNumber: birth.fatherId }, chosenOptional: [], supplied: [], requestId: `admin-bundle-${Date.now()}`,
    });
    expect(accepted.status, JSON.stringify(accepted.json).slice(0, 400)).toBe(201);
    const second = accepted.json.case.id as string;
    const v2 = await caseView(second);
    expect(v2.bundleVersion).toBe(2);
    expect(v2.subTasks.map((t) => t.itemId).sort()).toEqual(['householdCheck', 'insuranceEnroll', 'pensionCheck']);

    await sign(firstCase, 'pensionCheck', {});
    let v1 = await caseView(firstCase);
    for (let i = 0; i < 100 && v1.state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      v1 = await caseView(firstCase);
    }
    expect(v1.state).toBe('completed');
    expect(v1.bundleVersion).toBe(1);
    expect(v1.subTasks.map((t) => t.itemId).sort()).toEqual(['householdCheck', 'pensionCheck']);

    await login(page, base, CLERK);
    await page.goto(base + '/#/cases/' + encodeURIComponent(firstCase));
    await page.locator('[data-testid="page-case"][data-state="completed"]').waitFor();
    await both('admin-bundle-v1-case-completed');
  }, 180_000);
  it('an auditor reads every version and can change nothing', async () => {
    await login(page, base, 'yinzhou-serviceCenter-auditor1');
    await page.goto(base + '/#/admin/bundles');
    await tid('read-only').waitFor();
    expect(await tid('new-bundle').count()).toBe(0);
    expect(await tid(`copy-${BUNDLE}-2`).count()).toBe(0);
    await tid(`open-${BUNDLE}-2`).click();
    await page.locator('[data-testid="page-bundle-editor"][data-state="published"]').waitFor();
    expect(await tid('bundle-name').isDisabled()).toBe(true);
    expect(await tid('copy-to-draft').count()).toBe(0);
    expect(await tid('retire').count()).toBe(0);
    await both('admin-editor-auditor');
  }, 180_000);
});
