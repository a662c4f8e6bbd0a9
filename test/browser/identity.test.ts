/**
 * What is signed must match what was applied for (issue 10), in Chromium against the whole local stack: the
 * hospital's signer finds the sign-off sheet prefilled from the application, types another baby's name, and
 * the sheet comes back with the refusal under the field and a 更正说明 input; with a reason it signs. The police,
 * receiving the 出生医学证明, see a banner saying it disagrees with the application, and the hospital's reason.
 * Skipped, saying so, only when /usr/bin/chromium is missing (.ci/run installs it).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptViaApi, outputsOf, outputValue, type BirthCase } from './support/birth';
import type { ChromiumSession } from './support/chromium';
import type { TestStack } from './support/stack';
import { CHROMIUM_MISSING, startBrowserWorld, stopBrowserWorld } from './support/suite';
import { fill, firstOption, login, shot, subTaskState } from './support/ui';


const CLERK = 'yinzhou-serviceCenter-clerk1';
const SIGNER = 'yinzhou-hospital1-signer1';
const POLICE = 'yinzhou-police-handler1';
const REASON = '家属当场更正新生儿姓名，以出生医学证明为准';

let ts: TestStack;
let chrome: ChromiumSession;
let base: string;
let page: Page;
let birth: BirthCase;
let caseId = '';

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  ({ ts, chrome, base, page, birth } = await startBrowserWorld());
  caseId = await acceptViaApi(base, CLERK, birth);
}, 300_000);

afterAll(() => stopBrowserWorld(ts, chrome), 60_000);

const NAME = 'birthMedicalCertificate.babyName';

// retry: a step that meets a slow full parallel run once more (a sub-task opened before its release is now read again: support/ui.ts subTaskState)
describe.skipIf(CHROMIUM_MISSING)('identity fields on the sign-off sheet', { retry: 1 }, () => {
  it('prefilled from the application; another name is refused with 更正说明 asked; with a reason it signs', async () => {
    await login(page, base, SIGNER);
    await page.goto(base + '/#/subtasks/' + caseId + '/birthCertificate');
    await subTaskState(page, 'ready');
    await page.getByTestId('action-claim').click();
    await page.getByTestId('confirm-ok').click();
    await subTaskState(page, 'claimed');

    await page.getByTestId('action-signOff').click();
    const sheet = page.getByTestId('form-sheet');
    await sheet.waitFor();
    expect(await sheet.getByTestId('field-' + NAME).inputValue()).toBe(birth.values.babyName);
    expect(await sheet.getByTestId('field-birthMedicalCertificate.motherIdNumber').inputValue()).toBe(birth.motherId);
    const seal = sheet.getByTestId('field-sealId');
    await seal.selectOption(await firstOption(seal));
    for (const material of outputsOf('birthCertificate')) {
      for (const def of material.fields) {
        const key = material.id + '.' + def.key;
        if (!(await sheet.getByTestId('field-' + key).inputValue())) await fill(sheet, key, def, outputValue(def, birth));
      }
    }
    await fill(sheet, NAME, { type: 'text' }, '王小保');
    expect(await sheet.getByTestId('field-fix:' + NAME).count()).toBe(0);
    await sheet.getByTestId('sheet-ok').click();

    // refused: the sheet is back with what was typed, the problem under the field and a 更正说明 for it
    const fix = page.getByTestId('field-fix:' + NAME);
    await fix.waitFor();
    const again = page.getByTestId('form-sheet');
    expect(await again.getByTestId('field-' + NAME).inputValue()).toBe('王小保');
    const text = await again.innerText();
    expect(text).toContain('与申请不一致');
    expect(text).toContain('申请为「' + birth.values.babyName + '」');
    expect(text).toContain('更正说明');
    await shot(page, 'signoff-mismatch');
    expect(await page.locator('[data-testid="page-subtask"]').getAttribute('data-state')).toBe('claimed');

    await fix.fill(REASON);
    await again.getByTestId('sheet-ok').click();
    await subTaskState(page, 'done');
    expect(await page.getByTestId('output-birthMedicalCertificate').innerText()).toContain(REASON);
    await shot(page, 'signoff-corrected');
  });

  it('the receiving police see at once that the certificate disagrees with the application, and why', async () => {
    await login(page, base, POLICE);
    const banner = page.getByTestId('mismatch-birthMedicalCertificate');
    for (let i = 0; i < 60 && !(await banner.count()); i++) {
      await page.goto(base + '/#/subtasks/' + caseId + '/householdRegistration');
      await page.locator('[data-testid="page-subtask"]').waitFor();
      if (await banner.count()) break;
      await page.waitForTimeout(500);
      await page.goto(base + '/#/');
    }
    const said = await banner.innerText();
    expect(said).toContain('与申请不一致');
    expect(said).toContain('【新生儿姓名】申请为「' + birth.values.babyName + '」，材料为「王小保」');
    expect(await page.getByTestId('correction-birthMedicalCertificate-babyName').innerText()).toContain(REASON);
    await shot(page, 'input-mismatch');
  });
});
