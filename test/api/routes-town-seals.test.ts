// Service points' seals and 集中授权 signatures through HTTP on the real service and tablestore-local:
// - a 就业一件事 case whose town items go to 钟公庙街道: the town centre's signers sign 失业登记 and 就业困难人员认定
//   (会签) with the town's 审批专用章, the only seal offered; a second town seal without that item cannot countersign it;
// - 首南街道, which is not empowered for 就业困难人员认定, cannot be chosen for it (the pre-check: NOT_EMPOWERED); a
//   town seal without the item (钟公庙's second seal) signing it is 403 SEAL_OUT_OF_SCOPE naming the item and the town's
//   赋权事项 — nothing changes;
// - 医保参保登记 of a birth case signed at the 鄞州 审管办 window under yinzhou-medicalInsurance-to-serviceCenter: the
//   stored signature and the signed payload (version 3) name the delegation and both departments, the timeline and the
//   archive say 集中授权：… 授权 … 签署（授权编号 …）, and the export verifies offline (`admin verify` prints the line);
//   a delegation id altered in the file fails verification;
// - an admin issues a town seal with its items' classes; a class for an item outside the scope is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseCodec, ranges } from '../../functions/store/caseRecord';
import { CaseRows } from '../../functions/store/cases';
import type { OtsClient } from '../../functions/store/client';
import { PiiCipher } from '../../functions/store/pii';
import { runCli } from '../../scripts/admin/cli';
import { exportCase } from '../../scripts/admin/export';
import { verifyExport } from '../../scripts/admin/verify';
import { birthBundle, outputsFor } from '../core/fixtures';
import { sampleOutputsB, unemployedValues } from '../core/lifeEventFixturesB';
import { acceptThroughApi, act, birthBody, birthValues } from './fixtures';
import { KEYS, NOW, startRouteHarness, type RouteHarness } from './route-support';

const TODAY = NOW.slice(0, 10);
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const YZ_ADMIN = 'yinzhou-serviceCenter-admin1';
const WINDOW_SIGNER = 'yinzhou-serviceCenter-signer1';
const WINDOW_SEAL = 'yinzhou-serviceCenter-delegated-seal';
const DELEGATION = 'yinzhou-medicalInsurance-to-serviceCenter';
const HOSPITAL = 'haishu-hospital1';

let h: RouteHarness;
let client: OtsClient;

beforeAll(async () => {
  h = await startRouteHarness();
  client = h.client;
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

const as = (who: string) => ({ token: h.token(who) });
/** The stored signatures of a case (the `y_` cells), as the store decodes them. */
async function storedSignatures(caseId: string) {
  const cells = await new CaseRows(client).read(caseId, ranges.signatures);
  if (!cells) throw new Error(`no case ${caseId}`);
  return new CaseCodec(new PiiCipher(KEYS)).decode(caseId, cells).signatures;
}

async function subTask(who: string, caseId: string, itemId: string) {
  const r = await h.call('GET', `/api/subtasks/${caseId}/${itemId}`, as(who));
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body;
}

const outputsOf = (material: string) => ({ [material]: { ...sampleOutputsB[material] } });

async function claim(who: string, caseId: string, itemId: string) {
  const r = await act(h, who, caseId, itemId, { type: 'claim' });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
}

/** A 就业一件事 case (失业 path: 失业登记 and 就业困难人员认定) at a town centre, its 参保状态核验 signed by 鄞州人社. */
async function employmentCaseAt(town: string): Promise<string> {
  // no 失业保险金 chosen: its bank account is not collected
  const { bankAccount: _account, bankName: _bank, ...values } = unemployedValues(TODAY, { serviceTown: town });
  const c = await acceptThroughApi(h, { bundleId: 'employment', values, chosenOptional: ['unemploymentRegistration', 'hardshipRecognition'], supplied: [] });
  expect(c.routes.unemploymentRegistration.department).toBe(town);
  expect(c.routes.hardshipRecognition.department).toBe(town);
  await claim('yinzhou-hrss-signer1', c.caseId, 'employmentStatusCheck');
  const signed = await act(h, 'yinzhou-hrss-signer1', c.caseId, 'employmentStatusCheck', { type: 'signOff', sealId: 'yinzhou-hrss-seal', outputs: outputsOf('employmentStatusCheck') });
  expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
  return c.caseId;
}

describe('a town centre\'s 审批专用章 signs its 赋权事项', () => {
  it('at 钟公庙街道 the town\'s signers sign 失业登记 and 就业困难人员认定 (会签) with the town seal, the only one offered', async () => {
    const town = 'yinzhou-zhonggongmiao';
    const caseId = await employmentCaseAt(town);
    const offered = await subTask(`${town}-signer1`, caseId, 'unemploymentRegistration');
    expect(offered.seals.map((s: { id: string }) => s.id)).toEqual([`${town}-seal`]);
    await claim(`${town}-signer1`, caseId, 'unemploymentRegistration');
    const registered = await act(h, `${town}-signer1`, caseId, 'unemploymentRegistration', { type: 'signOff', sealId: `${town}-seal`, outputs: outputsOf('unemploymentRegistrationRecord') });
    expect(registered.status, JSON.stringify(registered.body).slice(0, 300)).toBe(200);
    expect(registered.body.subTask.state).toBe('done');

    expect((await subTask(`${town}-signer1`, caseId, 'hardshipRecognition')).seals.map((s: { id: string }) => s.id)).toEqual([`${town}-seal`]);
    await claim(`${town}-signer1`, caseId, 'hardshipRecognition');
    const first = await act(h, `${town}-signer1`, caseId, 'hardshipRecognition', { type: 'signOff', sealId: `${town}-seal`, outputs: outputsOf('hardshipRecognitionRecord') });
    expect(first.status, JSON.stringify(first.body).slice(0, 300)).toBe(200);
    expect(first.body.subTask.state).toBe('countersigning');
    // a second seal of the town whose 赋权事项 lack 就业困难人员认定 cannot countersign it
    const narrow = await h.call('POST', '/api/admin/seals', {
      ...as(YZ_ADMIN),
      json: {
        id: `${town}-seal2`, name: '钟公庙街道便民服务中心审批专用章（二）', department: town, kind: 'approval',
        scope: ['employment/unemploymentRegistration'], scopeClasses: { 'employment/unemploymentRegistration': 'publicService' },
      },
    });
    expect(narrow.status, JSON.stringify(narrow.body)).toBe(201);
    const refused = await act(h, `${town}-signer2`, caseId, 'hardshipRecognition', { type: 'countersign', sealId: `${town}-seal2` });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: 'SEAL_OUT_OF_SCOPE', message: '「钟公庙街道便民服务中心审批专用章（二）」的赋权事项不含「就业困难人员认定」，不能签署；请转交区级部门办理',
    });
    expect((await subTask(`${town}-signer2`, caseId, 'hardshipRecognition')).subTask.state).toBe('countersigning');
    const second = await act(h, `${town}-signer2`, caseId, 'hardshipRecognition', { type: 'countersign', sealId: `${town}-seal` });
    expect(second.status, JSON.stringify(second.body).slice(0, 300)).toBe(200);
    expect(second.body.subTask.state).toBe('done');

    const { document } = await exportCase({ client, keys: KEYS }, caseId, NOW, { staffId: AUDITOR, purpose: '核验签章' });
    const report = verifyExport(JSON.parse(JSON.stringify(document)));
    expect(report.failures).toEqual([]);
    expect(report.signatures).toEqual({ checked: 4, valid: 4 });
    expect(report.delegated).toEqual([]);
  });

  it('首南街道 (not empowered for 就业困难人员认定) cannot be chosen for it: the pre-check says why; for 失业登记 alone it takes the case and signs with its seal', async () => {
    const town = 'yinzhou-shounan';
    const { bankAccount: _account, bankName: _bank, ...values } = unemployedValues(TODAY, { serviceTown: town });
    const refused = await h.call('POST', '/api/cases', {
      ...as('yinzhou-serviceCenter-clerk1'),
      json: { bundleId: 'employment', values, chosenOptional: ['unemploymentRegistration', 'hardshipRecognition'], supplied: [], requestId: `shounan-${Date.now()}` },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([
      expect.objectContaining({ field: 'serviceTown', code: 'NOT_EMPOWERED', message: '「就业困难人员认定」：宁波市鄞州区首南街道便民服务中心未获赋权办理此事项，请选择其他镇（街道）便民服务中心' }),
    ]);
    const { hardshipCategory: _category, ...registrationOnly } = values; // asked by 就业困难人员认定 only
    const c = await acceptThroughApi(h, { bundleId: 'employment', values: registrationOnly, chosenOptional: ['unemploymentRegistration'], supplied: [] });
    expect(c.routes.unemploymentRegistration.department).toBe(town);
    await claim('yinzhou-hrss-signer1', c.caseId, 'employmentStatusCheck');
    expect((await act(h, 'yinzhou-hrss-signer1', c.caseId, 'employmentStatusCheck', { type: 'signOff', sealId: 'yinzhou-hrss-seal', outputs: outputsOf('employmentStatusCheck') })).status).toBe(200);
    expect((await subTask(`${town}-signer1`, c.caseId, 'unemploymentRegistration')).seals.map((s: { id: string }) => s.id)).toEqual([`${town}-seal`]);
    await claim(`${town}-signer1`, c.caseId, 'unemploymentRegistration');
    const registered = await act(h, `${town}-signer1`, c.caseId, 'unemploymentRegistration', { type: 'signOff', sealId: `${town}-seal`, outputs: outputsOf('unemploymentRegistrationRecord') });
    expect(registered.status, JSON.stringify(registered.body).slice(0, 300)).toBe(200);
    expect(registered.body.subTask.state).toBe('done');
  });
});

describe('集中授权: signed at the 审管办 window, the signature says so', () => {
  let caseId: string;

  it('the window signs 医保参保登记 under the delegation: the timeline names the delegating department and the delegation', async () => {
    const c = await acceptThroughApi(h, birthBody());
    caseId = c.caseId;
    for (const [who, item, seal] of [[`${HOSPITAL}-signer1`, 'birthCertificate', `${HOSPITAL}-seal`], ['yinzhou-police-signer1', 'householdRegistration', 'yinzhou-police-seal']]) {
      await claim(who, caseId, item);
      const r = await act(h, who, caseId, item, { type: 'signOff', sealId: seal, outputs: outputsFor(birthBundle, item) });
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    }
    expect(c.routes.medicalInsuranceEnrollment.department).toBe('yinzhou-medicalInsurance');
    await claim(WINDOW_SIGNER, caseId, 'medicalInsuranceEnrollment');
    const signed = await act(h, WINDOW_SIGNER, caseId, 'medicalInsuranceEnrollment', { type: 'signOff', sealId: WINDOW_SEAL, outputs: outputsFor(birthBundle, 'medicalInsuranceEnrollment') });
    expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
    expect(signed.body.subTask.state).toBe('done');

    const view = await subTask(WINDOW_SIGNER, caseId, 'medicalInsuranceEnrollment');
    const event = (view.timeline as { action: string; detail: Record<string, unknown> }[]).find((e) => e.action === 'signOff');
    expect(event?.detail).toMatchObject({ delegationId: DELEGATION, delegationFrom: 'yinzhou-medicalInsurance', delegationFromName: '宁波市医疗保障局鄞州分局' });
    expect(String(event?.detail.delegationToName)).toMatch(/审批服务管理办公室/);
  });

  it('the stored signature and the signed payload (version 3) name the delegation; the export verifies offline and says so', async () => {
    const signatures = await storedSignatures(caseId);
    const [entry] = signatures.get('medicalInsuranceEnrollment') ?? [];
    expect(entry).toMatchObject({ sealId: WINDOW_SEAL, department: 'yinzhou-medicalInsurance', delegation: { id: DELEGATION, fromDepartment: 'yinzhou-medicalInsurance', toDepartment: 'yinzhou-serviceCenter' } });
    // the department's own signatures carry none
    expect(signatures.get('householdRegistration')?.[0]).not.toHaveProperty('delegation');

    const { document } = await exportCase({ client, keys: KEYS }, caseId, NOW, { staffId: AUDITOR, purpose: '核验签章' });
    const sig = document.cases[0].signatures.find((s) => s.itemId === 'medicalInsuranceEnrollment');
    const payload = JSON.parse(sig?.payload ?? '{}');
    expect(payload).toMatchObject({ v: 3, department: 'yinzhou-medicalInsurance', delegation: { id: DELEGATION, fromDepartment: 'yinzhou-medicalInsurance', toDepartment: 'yinzhou-serviceCenter' } });
    expect(document.publicKeys[sig?.keyId ?? '']?.sealId).toBe(WINDOW_SEAL);
    const report = verifyExport(JSON.parse(JSON.stringify(document)));
    expect(report.failures).toEqual([]);
    const line = `集中授权：宁波市医疗保障局鄞州分局 授权 ${payload.delegation.toDepartmentName} 签署（授权编号 ${DELEGATION}）`;
    expect(report.delegated).toEqual([{ caseId, itemId: 'medicalInsuranceEnrollment', sealId: WINDOW_SEAL, text: line }]);

    // `npm run admin -- verify <file>` prints it
    const dir = mkdtempSync(path.join(tmpdir(), 'lianban-town-seals-'));
    try {
      const file = path.join(dir, 'case.json');
      writeFileSync(file, JSON.stringify(document));
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['verify', file], {
        out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: dir, now: () => NOW, stdin: async () => '',
      });
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      expect(out.join('')).toContain(`item medicalInsuranceEnrollment, seal ${WINDOW_SEAL}: ${line}`);

      // a delegation id altered in the file no longer verifies
      const tampered = JSON.parse(JSON.stringify(document));
      const t = tampered.cases[0].signatures.find((s: { itemId: string }) => s.itemId === 'medicalInsuranceEnrollment');
      t.payload = t.payload.replace(DELEGATION, 'yinzhou-hrss-to-serviceCenter');
      const bad = verifyExport(tampered);
      expect(bad.ok).toBe(false);
      expect(bad.delegated).toEqual([]);
      expect(bad.failures.map((f) => f.message).join('\n')).toMatch(/medicalInsuranceEnrollment.*does not verify/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the archive shows the material with the line and its signature verified', async () => {
    const r = await h.call('POST', '/api/archive/search', { ...as(AUDITOR), json: { idNumber: birthValues().motherIdNumber, purpose: '核验签章' } });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    type Shown = { caseId: string; itemId: string; signatureValid: boolean; delegation?: { id: string; text: string } };
    const materials = (r.body.materials as Shown[]).filter((m) => m.caseId === caseId);
    const mi = materials.find((m) => m.itemId === 'medicalInsuranceEnrollment');
    expect(mi?.signatureValid).toBe(true);
    expect(mi?.delegation).toMatchObject({ id: DELEGATION, fromDepartment: 'yinzhou-medicalInsurance', toDepartment: 'yinzhou-serviceCenter' });
    expect(mi?.delegation?.text).toMatch(new RegExp(`^集中授权：宁波市医疗保障局鄞州分局 授权 .+审批服务管理办公室 签署（授权编号 ${DELEGATION}）$`));
    expect(materials.filter((m) => m.itemId !== 'medicalInsuranceEnrollment').every((m) => m.delegation === undefined && m.signatureValid)).toBe(true);
  });
});

describe('an admin issues a town seal with its items\' classes', () => {
  it('201 with the classes stored and read back; a class for an item outside the scope is 400 with its field path', async () => {
    const refused = await h.call('POST', '/api/admin/seals', {
      ...as(YZ_ADMIN),
      json: {
        id: 'yinzhou-shounan-seal2', name: '首南街道审批专用章（二）', department: 'yinzhou-shounan', kind: 'approval',
        scope: ['employment/unemploymentRegistration'], scopeClasses: { 'employment/hardshipRecognition': 'power' },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.issues).toEqual([expect.objectContaining({ field: 'scopeClasses.employment/hardshipRecognition', code: 'NOT_IN_SCOPE' })]);
    const badClass = await h.call('POST', '/api/admin/seals', {
      ...as(YZ_ADMIN),
      json: { id: 'yinzhou-shounan-seal2', name: '首南街道审批专用章（二）', department: 'yinzhou-shounan', kind: 'approval', scope: ['employment/unemploymentRegistration'], scopeClasses: { 'employment/unemploymentRegistration': 'other' } },
    });
    expect(badClass.status).toBe(400);

    const scopeClasses = { 'employment/unemploymentRegistration': 'publicService', 'employment/employmentRegistration': 'publicService' };
    const issued = await h.call('POST', '/api/admin/seals', {
      ...as(YZ_ADMIN),
      json: { id: 'yinzhou-shounan-seal2', name: '首南街道审批专用章（二）', department: 'yinzhou-shounan', kind: 'approval', scope: Object.keys(scopeClasses), scopeClasses },
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ scope: Object.keys(scopeClasses), scopeClasses });
    const dir = await h.call('GET', '/api/admin/directory', as(YZ_ADMIN));
    expect(dir.status).toBe(200);
    expect(dir.body.seals.find((s: { id: string }) => s.id === 'yinzhou-shounan-seal2')).toMatchObject({ scopeClasses });
    expect(dir.body.departments.find((d: { id: string }) => d.id === 'yinzhou-zhonggongmiao-tianyu')).toMatchObject({ servicePoint: { level: 'village', town: 'yinzhou-zhonggongmiao' } });
  });
});
