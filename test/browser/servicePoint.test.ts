/**
 * A town centre accepts an agent's application (受理点, 帮办代办), in Chromium at 375 px against the whole local stack:
 * the 姜山镇便民服务中心's clerk picks 出生一件事, fills the one-table form and the 电子证照, ticks 代办, types the
 * agent (a relative) and the pre-check asks for the 授权委托书 in the one-time notice; with its scan attached the case
 * is accepted and the receipt names the 受理点 and the agent masked (代办人：王*国 · 亲属 · 身份证 3302…). The 材料来源
 * card lists every material the items read with its source. The case page shows the same. Ask once: once a baby's
 * birth case is completed, 教育入学 at the window fills the empty fields from it on 「调取档案材料」 (what the clerk typed
 * stays), each marked 来自档案：办件 …, and the 材料来源 card says the two materials come from the archive. A village
 * 代办员 is the agent of what they accept (named as the clerk is) and still brings the 授权委托书. Screenshots in
 * test-artifacts/screenshots (servicePoint-*). Skipped, saying so, only when /usr/bin/chromium is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { idCheckDigit } from '../../functions/core/idNumber';
import { acceptViaApi, INTAKE_MATERIALS, outputValue, signBirthCase, type BirthCase } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { fill, login, shot } from './support/ui';

const TOWN_CLERK = 'yinzhou-jiangshan-clerk1';
const AGENT_17 = '33021219680409015';
const AGENT_ID = AGENT_17 + idCheckDigit(AGENT_17);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let birth: BirthCase;

/** A birth case accepted and signed through the API, as the departments' mini-apps would, until it completes. */
async function completedBirthCase(): Promise<string> {
  const caseId = await acceptViaApi(base, 'yinzhou-serviceCenter-clerk1', birth);
  await signBirthCase(base, caseId, birth);
  return caseId;
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

describe.skipIf(CHROMIUM_MISSING)('a town centre accepts an agent\'s application', () => {
  it('the receipt and the case show the 受理点 and the agent masked; the 授权委托书 is asked once', async () => {
    expect(page.viewportSize()?.width).toBe(375);
    await login(page, base, TOWN_CLERK);
    await page.getByTestId('page-intake').waitFor();
    await page.getByTestId('bundle-birth').click();
    const form = page.getByTestId('page-intake-form');
    await form.waitFor();
    const fields = new Map(birthBundle.fields.map((f) => [f.key, f]));
    for (const [key, value] of Object.entries(birth.values)) await fill(form, key, fields.get(key)!, value);
    for (const m of INTAKE_MATERIALS) for (const def of m.fields) await fill(form, m.id + '.' + def.key, def, outputValue(def, birth));

    // 材料来源: every material the items read, each with its source
    const sources = form.getByTestId('material-sources');
    await sources.waitFor();
    expect(await sources.getByTestId('source-marriageCertificate').getAttribute('data-source')).toBe('applicant');
    expect(await sources.getByTestId('source-birthMedicalCertificate').innerText()).toContain('本件「');

    // 代办: the agent's fields and the 授权委托书
    await form.getByTestId('agent-toggle').check();
    await fill(form, 'agent.name', { type: 'text' }, '王建国');
    await fill(form, 'agent.idNumber', { type: 'idNumber' }, AGENT_ID);
    await fill(form, 'agent.phone', { type: 'phone' }, '13905745566');
    await form.getByTestId('field-agent.relation').selectOption('relative');
    expect(await sources.getByTestId('source-agentAuthorization').getAttribute('data-source')).toBe('applicant');
    await shot(page, 'servicePoint-agent-form');

    await page.getByTestId('precheck').click();
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    await expect.poll(() => notice.getAttribute('data-ok')).toBe('false');
    expect(await notice.getByTestId('notice-issue').allInnerTexts()).toEqual(['请提交材料：授权委托书']);
    await shot(page, 'servicePoint-notice');

    const files = form.getByTestId('files-agentAuthorization');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), files.getByTestId('files-agentAuthorization-image').click()]);
    await chooser.setFiles({ name: '授权委托书.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => files.getByTestId('file-item').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await page.getByTestId('precheck').click();
    await expect.poll(() => notice.getAttribute('data-ok'), { timeout: 15_000 }).toBe('true');

    await page.getByTestId('accept').click();
    await page.getByTestId('confirm-ok').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });
    await page.getByText('受理成功').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    expect(await receipt.getByTestId('receipt-service-point').innerText()).toContain('宁波市鄞州区姜山镇便民服务中心');
    const agentLine = await receipt.getByTestId('receipt-agent').innerText();
    expect(agentLine).toContain('王*国 · 亲属');
    expect(agentLine).toContain('身份证 3302**********' + AGENT_ID.slice(-4));
    expect(agentLine).not.toContain(AGENT_ID);
    expect(await receipt.getByTestId('receipt-issuer').innerText()).toContain('姜山镇便民服务中心');
    expect(await receipt.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'servicePoint-receipt');
    await page.getByTestId('seg-58').click();
    expect(await receipt.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'servicePoint-receipt-58mm');

    await page.getByTestId('seg-a4').click();
    await page.getByTestId('open-case').click();
    const point = page.getByTestId('case-service-point');
    await point.waitFor({ timeout: 30_000 });
    expect(await point.innerText()).toContain('姜山镇便民服务中心');
    expect(await page.getByTestId('case-agent').innerText()).toContain('王*国 · 亲属');
    expect(await page.getByTestId('case-agent').innerText()).toContain('授权委托书 1 份附件');
    await shot(page, 'servicePoint-case');

    // 办件查询 tells the windows apart
    const caseId = page.url().split('/cases/')[1] ?? '';
    await page.goto(base + '/#/cases');
    await page.getByTestId('page-cases').waitFor();
    await page.getByTestId('cases-q').fill(decodeURIComponent(caseId));
    await page.getByTestId('cases-search').click();
    const row = page.getByTestId('cases-row');
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.first().getByTestId('cases-row-service-point').innerText()).toBe('受理点：宁波市鄞州区姜山镇便民服务中心');
    await shot(page, 'servicePoint-cases');
  });

  it('ask once: 调取档案材料 fills only the empty fields of 教育入学 from the birth case, each marked with its source', async () => {
    const birthCaseId = await completedBirthCase();
    await login(page, base, TOWN_CLERK);
    await page.getByTestId('page-intake').waitFor();
    await page.getByTestId('bundle-schoolEnrollment').click();
    const form = page.getByTestId('page-intake-form');
    await form.waitFor();
    const fetchHeld = form.getByTestId('fetch-held');
    expect(await fetchHeld.isDisabled()).toBe(true);
    // the clerk has already typed the name the parent gave: it stays
    await fill(form, 'childName', { type: 'text' }, '王小宝宝');
    await fill(form, 'childIdNumber', { type: 'idNumber' }, birth.babyId);
    await expect.poll(() => fetchHeld.isDisabled()).toBe(false);
    await fetchHeld.click();
    await form.getByTestId('prefilled-childSex').waitFor({ timeout: 30_000 });
    expect(await form.getByTestId('field-childName').inputValue()).toBe('王小宝宝');
    expect(await form.getByTestId('prefilled-childName').count()).toBe(0);
    expect(await form.getByTestId('field-childSex').inputValue()).toBe('male');
    expect(await form.getByTestId('field-childBirthDate').inputValue()).toBe(birth.birthDate);
    expect(await form.getByTestId('prefilled-childBirthDate').innerText()).toBe('来自档案：办件 ' + birthCaseId + '（出生医学证明）');
    expect(await form.getByTestId('prefilled-householdNumber').innerText()).toContain('来自档案：办件 ' + birthCaseId);
    const sources = form.getByTestId('material-sources');
    expect(await sources.getByTestId('source-birthMedicalCertificate').innerText()).toContain('档案（办件 ' + birthCaseId + '）');
    expect(await sources.getByTestId('source-householdRegistrationRecord').getAttribute('data-source')).toBe('archive');
    expect(await form.getByTestId('material-source-birthMedicalCertificate').innerText()).toContain('无需提交');
    // and asks nothing of it: no fields, no files
    const block = form.getByTestId('material-birthMedicalCertificate');
    expect(await block.getAttribute('data-held')).toBe('true');
    expect(await block.locator('[data-testid^="field-"]').count()).toBe(0);
    await shot(page, 'servicePoint-prefill');
    // a changed value loses its mark
    await fill(form, 'householdNumber', { type: 'text' }, '330212999999');
    expect(await form.getByTestId('prefilled-householdNumber').count()).toBe(0);
  });

  it('a village 代办员 is the agent of what they accept: no agent fields to type, the 授权委托书 still asked', async () => {
    await login(page, base, 'yinzhou-jiangshan-zoumatang-agent1');
    await page.getByTestId('page-intake').waitFor();
    await page.getByTestId('bundle-birth').click();
    const form = page.getByTestId('page-intake-form');
    await form.waitFor();
    const fields = new Map(birthBundle.fields.map((f) => [f.key, f]));
    for (const [key, value] of Object.entries(birth.values)) await fill(form, key, fields.get(key)!, value);
    for (const m of INTAKE_MATERIALS) for (const def of m.fields) await fill(form, m.id + '.' + def.key, def, outputValue(def, birth));
    expect(await form.getByTestId('agent-self').innerText()).toContain('本村（社区）代办员');
    expect(await form.getByTestId('field-agent.name').count()).toBe(0);
    await page.getByTestId('precheck').click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.getAttribute('data-ok')).toBe('false');
    expect(await notice.getByTestId('notice-issue').allInnerTexts()).toEqual(['请提交材料：授权委托书']);
    const files = form.getByTestId('files-agentAuthorization');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), files.getByTestId('files-agentAuthorization-image').click()]);
    await chooser.setFiles({ name: '授权委托书.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => files.getByTestId('file-item').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await shot(page, 'servicePoint-village-form');
    await page.getByTestId('accept').click();
    await page.getByTestId('confirm-ok').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor({ timeout: 30_000 });
    await page.getByText('受理成功').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    expect(await receipt.getByTestId('receipt-service-point').innerText()).toContain('宁波市鄞州区姜山镇走马塘村代办点');
    // the 代办员 is staff: named as the clerk is (受理人), not masked
    const clerkName = (await receipt.getByTestId('receipt-clerk').innerText()).replace('受理人', '').trim();
    expect(await receipt.getByTestId('receipt-agent').innerText()).toContain(`${clerkName} · 村（社区）代办员`);
    await shot(page, 'servicePoint-village-receipt');
  });
});
