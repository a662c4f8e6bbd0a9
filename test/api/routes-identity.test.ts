// What is signed must match what was applied for (issue 10): through HTTP on the real service and
// tablestore-local. A 死亡医学证明 for another person (张德民 / another ID number) on an application for 张德福
// is refused with 422 OUTPUT_MISMATCH (per-field issues, the ID number masked) and changes nothing; with a
// 更正说明 per differing field it is signed (the note signed too: the archive still verifies), and every
// department that receives the material sees the mismatch and the note. The signer's form is prefilled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECEASED_ID, sampleOutputs } from '../core/fixtures';
import { acceptThroughApi, act, deathBody, makeId, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let death: AcceptedCase;
const OTHER_ID = makeId('330212', '1941-07-20', '003');
const NAME_NOTE = '申请表姓名笔误，经核对户籍底册应为张德民';
const ID_NOTE = '经公安人口库核对，逝者身份号码以此为准';

beforeAll(async () => {
  h = await startRouteHarness();
  death = await acceptThroughApi(h, deathBody(), 'haishu-serviceCenter-clerk1');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const dept = (itemId: string) => death.routes[itemId].department;
const detail = (itemId: string, who: string) => h.call('GET', `/api/subtasks/${death.caseId}/${itemId}`, { token: h.token(who) });
const wrong = { deathMedicalCertificate: { ...sampleOutputs.deathMedicalCertificate, deceasedName: '张德民', deceasedIdNumber: OTHER_ID } };

describe('identity fields on 签章办结 (issue 10)', () => {
  it('prefills the sign-off form for the signer with what the application says', async () => {
    const health = dept('deathCertificate');
    expect((await act(h, `${health}-handler1`, death.caseId, 'deathCertificate', { type: 'claim' })).status).toBe(200);
    const signer = await detail('deathCertificate', `${health}-signer1`);
    expect(signer.status).toBe(200);
    expect(signer.body.prefill).toEqual({
      deathMedicalCertificate: { deceasedName: '张德福', deceasedIdNumber: DECEASED_ID, deathTime: '2026-02-26T21:10:00+08:00' },
    });
    expect(signer.body.inputChecks).toEqual({});
    // a handler cannot sign off: nothing to prefill
    expect((await detail('deathCertificate', `${health}-handler1`)).body.prefill).toEqual({});
  });

  it('refuses another person\'s values: 422 OUTPUT_MISMATCH with per-field Chinese issues, the ID masked, nothing changed', async () => {
    const health = dept('deathCertificate');
    const before = (await detail('deathCertificate', `${health}-signer1`)).body.subTask;
    const r = await act(h, `${health}-signer1`, death.caseId, 'deathCertificate', { type: 'signOff', sealId: `${health}-seal`, outputs: wrong });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('OUTPUT_MISMATCH');
    expect(r.body.message).toMatch(/更正说明/);
    expect(r.body.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['deathMedicalCertificate.deceasedName', 'IDENTITY_MISMATCH'],
      ['deathMedicalCertificate.deceasedIdNumber', 'IDENTITY_MISMATCH'],
    ]);
    expect(r.body.issues[0].message).toMatch(/【逝者姓名】与申请不一致：申请为「张德福」，填写为「张德民」。.*更正说明/);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(DECEASED_ID);
    expect(text).not.toContain(OTHER_ID);
    expect(h.logs.join('\n')).not.toContain(OTHER_ID);
    const after = (await detail('deathCertificate', `${health}-signer1`)).body.subTask;
    expect(after).toMatchObject({ state: 'claimed', version: before.version, outputs: {} });
  });

  it('a blank or over-long 更正说明 is 400 and changes nothing', async () => {
    const health = dept('deathCertificate');
    const blank = await act(h, `${health}-signer1`, death.caseId, 'deathCertificate', {
      type: 'signOff', sealId: `${health}-seal`, outputs: wrong,
      corrections: [{ material: 'deathMedicalCertificate', field: 'deceasedName', reason: '\u200b\u200b' }],
    });
    expect(blank.status).toBe(400);
    const long = await act(h, `${health}-signer1`, death.caseId, 'deathCertificate', {
      type: 'signOff', sealId: `${health}-seal`, outputs: wrong,
      corrections: [{ material: 'deathMedicalCertificate', field: 'deceasedName', reason: '更'.repeat(201) }],
    });
    expect(long.status).toBe(400);
    expect((await detail('deathCertificate', `${health}-signer1`)).body.subTask.state).toBe('claimed');
  });

  it('with a 更正说明 for each differing field it signs; the notes are signed with the material and the archive verifies', async () => {
    const health = dept('deathCertificate');
    const r = await act(h, `${health}-signer1`, death.caseId, 'deathCertificate', {
      type: 'signOff', sealId: `${health}-seal`, outputs: wrong,
      corrections: [
        { material: 'deathMedicalCertificate', field: 'deceasedName', reason: NAME_NOTE },
        { material: 'deathMedicalCertificate', field: 'deceasedIdNumber', reason: ID_NOTE },
      ],
    });
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(r.body.subTask.state).toBe('done');
    expect((await detail('deathCertificate', `${health}-signer1`)).body.corrections).toEqual([
      { material: 'deathMedicalCertificate', field: 'deceasedName', reason: NAME_NOTE },
      { material: 'deathMedicalCertificate', field: 'deceasedIdNumber', reason: ID_NOTE },
    ]);
    await h.drain(death.caseId);
    const archive = await h.call('POST', '/api/archive/search', { token: h.token('haishu-serviceCenter-clerk1'), json: { idNumber: DECEASED_ID, purpose: '核对更正后的死亡证明' } });
    expect(archive.status).toBe(200);
    const certificate = archive.body.materials.find((m: { type: string }) => m.type === 'deathMedicalCertificate');
    expect(certificate?.signatureValid).toBe(true);
  });

  it('every receiving department sees the mismatch (application masked) and the issuer\'s 更正说明', async () => {
    for (const itemId of ['householdCancellation', 'cremation']) {
      const r = await detail(itemId, `${dept(itemId)}-handler1`);
      expect(r.status).toBe(200);
      const check = r.body.inputChecks.deathMedicalCertificate;
      expect(check.mismatches.map((m: { field: string }) => m.field)).toEqual(['deceasedName', 'deceasedIdNumber']);
      expect(check.mismatches[0]).toEqual({ field: 'deceasedName', label: '逝者姓名', source: '申请', expected: '张德福', actual: '张德民' });
      expect(check.mismatches[1].expected).toMatch(/^3302\*+/);
      expect(JSON.stringify(check)).not.toContain(DECEASED_ID);
      expect(check.corrections).toEqual([
        { field: 'deceasedName', label: '逝者姓名', reason: NAME_NOTE },
        { field: 'deceasedIdNumber', label: '逝者公民身份号码', reason: ID_NOTE },
      ]);
    }
    const police = await detail('householdCancellation', `${dept('householdCancellation')}-handler1`);
    expect(police.body.prefill).toEqual({});
  });
});
