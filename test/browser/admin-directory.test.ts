/**
 * 名录与配置 in Chromium against the whole local stack: 鄞州's admin adds a staff member to 公安, disables another
 * (the confirmation says their open work goes back to the department queue), revokes a 集中授权; the city admin adds
 * a local closure to the city calendar; the change records read as words with the chain verified; an auditor sees
 * the same pages without an edit button. What the pages did is checked through the API too. Screenshots at 375 px
 * and 1280 px (no raw codes on any). Skipped, saying so, only when /usr/bin/chromium is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { login, shot } from './support/ui';

const ADMIN = 'yinzhou-serviceCenter-admin1';
const CITY_ADMIN = 'ningbo-bigdata-admin1';
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const LEAVING = 'yinzhou-police-handler2';
const DELEGATION = 'yinzhou-medicalInsurance-to-serviceCenter';
const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 900 };

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;

const tid = (id: string) => page.getByTestId(id);
const row = (testid: string, id: string) => page.locator(`[data-testid="${testid}"][data-id="${id}"]`);

/** Nothing wider than the phone: no sideways scrolling at 375 px. */
async function fitsPhone(name: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);
}

async function both(name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await shot(page, name + '-375');
  await fitsPhone(name);
  await page.setViewportSize(DESKTOP);
  await shot(page, name + '-desktop');
}

interface StaffRow {
  id: string;
  department: string;
  roles: string[];
  rowVersion: number;
}

async function directory(token: string): Promise<{ staff: { id: string; name: string; disabled: unknown }[]; delegations: { id: string; revoked?: unknown }[] }> {
  const res = await fetch(base + '/api/admin/directory', { headers: { authorization: 'Bearer ' + token } });
  expect(res.status).toBe(200);
  return (await res.json()) as { staff: { id: string; name: string; disabled: unknown }[]; delegations: { id: string; revoked?: unknown }[] };
}

/** Admins come from the 配置 tab (一件事配置's 名录与配置 link); others by the page's address. */
async function openDirectory(staffId: string, viaConfigTab = false): Promise<void> {
  await login(page, base, staffId);
  if (viaConfigTab) {
    await page.goto(base + '/#/admin/bundles');
    await tid('open-directory').click();
  } else await page.goto(base + '/#/admin/directory');
  await page.locator('[data-testid="page-directory"], [data-testid="error"]').first().waitFor();
  if (await tid('error').count()) throw new Error('名录与配置 did not load: ' + (await tid('error').innerText()));
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page } = await startBrowserWorld());
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

// Known, not yet explained: about once in a full parallel run an admin page opened right after a login never renders
// (no 加载中 end, no error) within 90 s; a step is retried once meanwhile. Reported in the closing note of issue 11.
describe.skipIf(CHROMIUM_MISSING)('an admin keeps the directory', { retry: 1 }, () => {
  it("鄞州's admin adds a staff member to 公安 and disables another", async () => {
    await page.setViewportSize(DESKTOP);
    await openDirectory(ADMIN, true);
    await row('staff-row', LEAVING).waitFor();
    await both('admin-directory-staff');
    // choosing a department shows its people only
    await row('department-row', 'yinzhou-police').getByTestId('department-pick').click();
    expect(await page.locator('[data-testid="staff-group"]').count()).toBe(1);
    await both('admin-directory-staff-police');

    await tid('staff-add').click();
    const editor = tid('staff-editor');
    await editor.getByTestId('editor-save').click();
    expect(await editor.getByTestId('field-error').allInnerTexts()).toEqual(expect.arrayContaining(['请填写姓名', '请至少选择一个角色']));
    await editor.getByTestId('staff-name').fill('周文斌');
    await editor.getByTestId('staff-department').selectOption('yinzhou-police');
    await editor.getByTestId('staff-roles-handler').check();
    await editor.getByTestId('staff-zzd').fill('79990001');
    await page.setViewportSize(PHONE);
    await shot(page, 'admin-directory-staff-add-375');
    await editor.getByTestId('editor-save').click();
    await editor.waitFor({ state: 'detached' });
    await page.locator('[data-testid="staff-row"]:has-text("周文斌")').waitFor();

    await row('staff-row', LEAVING).getByTestId('staff-disable').click();
    await tid('disable-reason').fill('调至市局工作');
    await tid('disable-editor').getByTestId('editor-save').click();
    await tid('confirm-dialog').waitFor();
    expect(await tid('confirm-dialog').innerText()).toContain('部门队列');
    await shot(page, 'admin-directory-disable-confirm-375');
    await tid('confirm-ok').click();
    await page.locator(`[data-testid="staff-row"][data-id="${LEAVING}"][data-disabled="true"]`).waitFor();
    expect(await row('staff-row', LEAVING).innerText()).toContain('调至市局工作');
    await both('admin-directory-staff-after');

    const dir = await directory(await apiLogin(base, ADMIN));
    expect(dir.staff.find((s) => s.name === '周文斌')).toBeTruthy();

    // two admins edit 周文斌 at once: the second save is told, keeps what was typed, and goes through on the fresh version
    const added = (await directory(await apiLogin(base, ADMIN))).staff.find((s) => s.name === '周文斌') as unknown as StaffRow;
    await row('staff-row', added.id).getByTestId('staff-edit').click();
    const edit = tid('staff-editor');
    await edit.getByTestId('staff-roles-signer').check();
    const other = await fetch(base + '/api/admin/staff/' + added.id, {
      method: 'PUT',
      headers: { authorization: 'Bearer ' + (await apiLogin(base, ADMIN)), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '周文斌', department: added.department, roles: added.roles, accounts: { zzd: '79990001', dingtalk: 'dt79990001' }, expectedVersion: added.rowVersion }),
    });
    expect(other.status).toBe(200);
    await edit.getByTestId('editor-save').click();
    await edit.getByTestId('conflict').waitFor();
    expect(await edit.getByTestId('staff-roles-signer').isChecked()).toBe(true);
    await edit.getByTestId('conflict-latest').click();
    await edit.getByTestId('conflict-refreshed').waitFor();
    expect(await edit.getByTestId('conflict-refreshed').innerText()).toContain('对方修改了：钉钉账号');
    await both('admin-directory-conflict');
    await edit.getByTestId('editor-save').click();
    await edit.waitFor({ state: 'detached' });
    const after = (await directory(await apiLogin(base, ADMIN))).staff.find((s) => s.id === added.id) as unknown as StaffRow;
    expect(after.roles).toEqual(['handler', 'signer']);
    expect(dir.staff.find((s) => s.id === LEAVING)?.disabled).toMatchObject({ reason: '调至市局工作', by: ADMIN });
  });

  it('the admin revokes a 集中授权 and sees seals by name', async () => {
    await tid('section-seals').click();
    await page.locator('[data-testid="seal-card"]').first().waitFor();
    const police = row('seal-card', 'yinzhou-police-seal');
    expect(await police.getByTestId('seal-scope-names').innerText()).toContain('户口');
    expect(await page.locator('[data-testid="seal-scope-names"]:has-text("未知")').count()).toBe(0);
    // a new key for 公安's seal: the old one is kept (old signatures verify), the new one dated from its change record
    await police.getByTestId('seal-rotate').click();
    expect(await tid('confirm-dialog').innerText()).toContain('已签文件仍可验证');
    await tid('confirm-ok').click();
    await police.locator('[data-testid="seal-keys"]:has-text("第 2 号密钥")').waitFor();
    await police.locator('[data-testid="seal-keys"] tr:first-child:has-text("起")').waitFor();
    expect(await police.getByTestId('seal-keys').innerText()).toContain('初始密钥');
    await both('admin-directory-seals');
    await tid('section-delegations').click();
    const card = row('delegation-card', DELEGATION);
    expect(await card.getAttribute('data-state')).toBe('active');
    await card.getByTestId('delegation-revoke').click();
    await tid('delegation-revoke-reason').fill('医保业务收回部门办理');
    await tid('delegation-revoke-editor').getByTestId('editor-save').click();
    await tid('confirm-ok').click();
    await page.locator(`[data-testid="delegation-card"][data-id="${DELEGATION}"][data-state="revoked"]`).waitFor();
    expect(await row('delegation-card', DELEGATION).innerText()).toContain('医保业务收回部门办理');
    await both('admin-directory-delegations');
    const dir = await directory(await apiLogin(base, ADMIN));
    expect(dir.delegations.find((d) => d.id === DELEGATION)?.revoked).toMatchObject({ reason: '医保业务收回部门办理' });

    await tid('section-joins').click();
    await page.locator('[data-testid="join-card"]').first().waitFor();
    await both('admin-directory-joins');
    await tid('section-calendar').click();
    await tid('hours-view').waitFor();
    expect(await tid('calendar-edit').count()).toBe(0);
    await both('admin-directory-calendar-district');

    // the hall stays open on Tuesday evenings: 周二夜市 until 19:30
    await tid('hours-edit').click();
    const hours = tid('hours-editor');
    await hours.getByTestId('evening-add').click();
    await hours.getByTestId('evening-until-0').fill('16:30');
    await hours.getByTestId('editor-save').click();
    expect(await hours.getByTestId('field-error').allInnerTexts()).toEqual(['周二夜市须晚于周二关门时间 17:00']);
    await hours.getByTestId('evening-until-0').fill('19:30');
    await page.setViewportSize(PHONE);
    await shot(page, 'admin-directory-hours-edit-375');
    await hours.getByTestId('editor-save').click();
    await tid('hours-view').waitFor();
    expect(await tid('hours-row-tue').innerText()).toContain('延至 19:30（周二夜市）');
    await both('admin-directory-hours');
  });

  it('the change records read as words, the chain verified', async () => {
    await tid('section-changes').click();
    await page.locator('[data-testid="changes"][data-valid="true"]').waitFor();
    const text = await tid('changes').innerText();
    expect(text).toContain('停用人员');
    expect(text).toContain('调至市局工作');
    expect(text).toContain('新增人员：周文斌');
    await both('admin-directory-changes');
  });

  it('the city admin adds a local closure to the calendar', async () => {
    await page.setViewportSize(DESKTOP);
    await openDirectory(CITY_ADMIN);
    await tid('section-calendar').click();
    await tid('calendar-edit').click();
    const editor = tid('calendar-editor');
    await editor.getByTestId('add-dayoff-date').fill('2027-03-15');
    await editor.getByTestId('add-dayoff-name').fill('办公场所搬迁闭厅');
    await editor.getByTestId('add-dayoff-ok').click();
    await editor.locator('[data-testid="edit-daysoff-row"]:has-text("2027-03-15")').waitFor();
    await both('admin-directory-calendar-edit');
    await editor.getByTestId('editor-save').click();
    await editor.waitFor({ state: 'detached' });
    await page.locator('[data-testid="calendar-daysoff-row"]:has-text("办公场所搬迁闭厅")').waitFor();
    await both('admin-directory-calendar');
    // 北仑 joins 身后一件事's network from a date
    await tid('directory-district').selectOption('330206');
    await tid('section-joins').click();
    await row('join-card', 'death').getByTestId('join-add').click();
    await tid('join-from').fill('2027-01-04');
    await tid('join-editor').getByTestId('editor-save').click();
    await page.locator('[data-testid="join-card"][data-id="death"]:has-text("本区县将于 2027-01-04 起参与")').waitFor();
    expect(await row('join-card', 'death').getByTestId('join-districts').innerText()).toContain('北仑区（2027-01-04 起）');
    await both('admin-directory-joins-city');
    const res = await fetch(base + '/api/admin/calendar', { headers: { authorization: 'Bearer ' + (await apiLogin(base, CITY_ADMIN)) } });
    expect(((await res.json()) as { daysOff: { date: string }[] }).daysOff.map((d) => d.date)).toContain('2027-03-15');
  });

  it('an auditor reads every page and finds no edit button', async () => {
    await page.setViewportSize(DESKTOP);
    await openDirectory(AUDITOR);
    expect(await tid('page-directory').getAttribute('data-read-only')).toBe('true');
    await row('staff-row', LEAVING).waitFor();
    for (const section of ['staff', 'seals', 'delegations', 'joins', 'calendar', 'changes']) {
      await tid('section-' + section).click();
      await page.waitForTimeout(300);
      const buttons = await page.locator('[data-testid="page-directory"] button:not([role="tab"])').allInnerTexts();
      expect(buttons.filter((t) => /添加|编辑|停用|启用|改名|制发|吊销|更换|新建|撤销|参与|修改/.test(t)), section).toEqual([]);
    }
    await both('admin-directory-auditor');
  });
});
