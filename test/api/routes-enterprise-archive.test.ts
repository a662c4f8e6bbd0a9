// The archive (电子档案) of an enterprise and of a project through HTTP on the real service and tablestore-local:
// 鄞州's window accepts a 竣工联合验收 case, the 住建局 signs its opinion, and the archive found by the enterprise's
// 统一社会信用代码 (any case, with a purpose) or by the 项目代码 lists the case and the signed opinion, the code
// shown as it is (public registration data) with the enterprise's name. A wrong code → 400 with the Chinese
// message and nothing audited; no purpose → 400; a handler → 403; another district's clerk reads it as a person's
// archive is read. The audit record holds the subject's keyed hash, never the code; a code never finds a person.
// 办件查询 finds the case by credit code, by project code and by the enterprise's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiiCipher } from '../../functions/store/pii';
import { acceptanceOutputs, acceptanceSupplied, acceptanceValues, BAD_CREDIT_CODE, CREDIT_CODE, PROJECT_CODE, WATER_VALUES } from '../core/enterpriseFixtures';
import { act, CLERK, requestId, writesSince } from './fixtures';
import { KEYS, startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let caseId: string;
let applicants: string[];
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const cipher = new PiiCipher(KEYS);
const ENTERPRISE = '宁波示例精密机械有限公司';

const search = (json: Record<string, unknown>, who = CLERK) => h.call('POST', '/api/archive/search', { token: h.token(who), json });
const archiveRecords = async () => {
  const r = await h.call('GET', `/api/audit/cases/${caseId}`, { token: h.token(AUDITOR) });
  expect(r.status).toBe(200);
  return (r.body.records as { action: string; subjects: string[]; purpose: string }[]).filter((x) => x.action.startsWith('archive'));
};

beforeAll(async () => {
  h = await startRouteHarness();
  const accepted = await h.call('POST', '/api/cases', {
    token: h.token(CLERK),
    json: {
      bundleId: 'completionAcceptance',
      values: acceptanceValues(WATER_VALUES),
      chosenOptional: ['waterConservationCheck'],
      supplied: acceptanceSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
      requestId: requestId('enterprise-archive'),
    },
  });
  expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).toBe(201);
  caseId = accepted.body.case.id;
  applicants = accepted.body.receipt.applicants;
  const who = 'yinzhou-housing-signer1';
  expect((await act(h, who, caseId, 'housingAcceptance', { type: 'claim' })).status).toBe(200);
  const signed = await act(h, who, caseId, 'housingAcceptance', { type: 'signOff', sealId: 'yinzhou-housing-seal', outputs: acceptanceOutputs.housingAcceptance });
  expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
}, 90_000);
afterAll(async () => {
  await h?.stop();
});

describe('the case is filed under the enterprise and the project', () => {
  it('the receipt names the enterprise and the project, each with its code', () => {
    expect(applicants).toEqual([`建设单位 ${ENTERPRISE}（${CREDIT_CODE}）`, `建设项目 年产20万套精密零部件厂房项目（${PROJECT_CODE}）`]);
  });

  it('the case lists both subjects by name, the codes as they are, and not the legal representative', async () => {
    const view = (await h.call('GET', `/api/cases/${caseId}`, { token: h.token(CLERK) })).body.case;
    expect(view.subjects).toEqual([
      { role: 'enterprise', label: '建设单位', kind: 'enterprise', maskedId: CREDIT_CODE, name: ENTERPRISE },
      { role: 'project', label: '建设项目', kind: 'project', maskedId: PROJECT_CODE, name: '年产20万套精密零部件厂房项目' },
    ]);
  });
});

describe('archive search by 统一社会信用代码', () => {
  it('lists the case and the signed opinion, with the enterprise\'s name; lower case finds the same archive', async () => {
    const r = await search({ creditCode: CREDIT_CODE, purpose: '竣工验收办件核验' });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body).toMatchObject({ kind: 'enterprise', person: { maskedId: CREDIT_CODE, name: ENTERPRISE }, subject: cipher.subjectHash(CREDIT_CODE, 'enterprise') });
    expect(r.body.cases).toEqual([expect.objectContaining({ caseId, bundleId: 'completionAcceptance', role: 'enterprise', roleLabel: '建设单位', state: 'accepted' })]);
    expect(r.body.materials).toEqual([expect.objectContaining({ caseId, itemId: 'housingAcceptance', type: 'housingAcceptanceOpinion', signatureValid: true })]);
    const lower = await search({ creditCode: ` ${CREDIT_CODE.toLowerCase()} `, purpose: '竣工验收办件核验' });
    expect(lower.body.subject).toBe(r.body.subject);
  });

  it('by the opaque handle it says whose archive it is', async () => {
    const r = await h.call('GET', `/api/archive/${cipher.subjectHash(CREDIT_CODE, 'enterprise')}?purpose=${encodeURIComponent('审计抽查')}`, { token: h.token(AUDITOR) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'enterprise', person: { name: ENTERPRISE }, cases: [expect.objectContaining({ caseId })] });
  });

  it('the audit record holds the keyed hash and the purpose, never the code', async () => {
    const records = await archiveRecords();
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.some((x) => x.subjects.includes(cipher.subjectHash(CREDIT_CODE, 'enterprise')) && x.purpose === '竣工验收办件核验')).toBe(true);
    expect(JSON.stringify(records)).not.toContain(CREDIT_CODE);
    expect(JSON.stringify(records)).not.toContain(PROJECT_CODE);
    expect(h.logs.join('\n')).not.toContain(CREDIT_CODE);
  });

  it('a wrong credit code → 400 with the Chinese message, nothing audited or written', async () => {
    const before = (await archiveRecords()).length;
    h.ots.server.resetCounters();
    const r = await search({ creditCode: BAD_CREDIT_CODE, purpose: '竣工验收办件核验' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 'VALIDATION_FAILED', message: '统一社会信用代码无效',
      issues: [{ field: 'creditCode', code: 'CREDIT_CODE_INVALID', message: '统一社会信用代码校验位不正确，请核对' }],
    });
    expect(writesSince(h)).toBe(0);
    expect((await archiveRecords()).length).toBe(before);
  });

  it('without a purpose → 400; with two numbers or none → 400; nothing audited', async () => {
    const before = (await archiveRecords()).length;
    const none = await search({ creditCode: CREDIT_CODE });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('INVALID_BODY');
    const blank = await search({ creditCode: CREDIT_CODE, purpose: '  ' });
    expect(blank.status).toBe(400);
    const two = await search({ creditCode: CREDIT_CODE, projectCode: PROJECT_CODE, purpose: '核验' });
    expect(two.status).toBe(400);
    expect(two.body.issues).toEqual([{ field: 'idNumber', code: 'ONE_NUMBER', message: '请填写公民身份号码、统一社会信用代码、项目代码中的一项' }]);
    expect((await search({ purpose: '核验' })).status).toBe(400);
    expect((await archiveRecords()).length).toBe(before);
  });

  it("a department's handler is refused (403); another district's clerk reads it as a person's archive is read", async () => {
    const handler = await search({ creditCode: CREDIT_CODE, purpose: '核验' }, 'yinzhou-housing-handler1');
    expect(handler.status).toBe(403);
    expect(handler.body.code).toBe('FORBIDDEN');
    const haishu = await search({ creditCode: CREDIT_CODE, purpose: '跨区办件核验' }, 'haishu-serviceCenter-clerk1');
    expect(haishu.status).toBe(200);
    expect(haishu.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([caseId]);
  });
});

describe('archive search by 项目代码', () => {
  it('lists the same case under the project; full-width dashes are the same code', async () => {
    const r = await search({ projectCode: PROJECT_CODE, purpose: '项目档案核验' }, AUDITOR);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'project', person: { maskedId: PROJECT_CODE, name: '年产20万套精密零部件厂房项目' } });
    expect(r.body.cases).toEqual([expect.objectContaining({ caseId, role: 'project', roleLabel: '建设项目' })]);
    expect(r.body.materials).toHaveLength(1);
    const wide = await search({ projectCode: PROJECT_CODE.replaceAll('-', '－'), purpose: '项目档案核验' }, AUDITOR);
    expect(wide.body.subject).toBe(r.body.subject);
  });

  it('a malformed project code → 400 with the Chinese message', async () => {
    const r = await search({ projectCode: '2025-330212-34-03', purpose: '项目档案核验' });
    expect(r.status).toBe(400);
    expect(r.body.issues).toEqual([{ field: 'projectCode', code: 'PROJECT_CODE_INVALID', message: expect.stringMatching(/^项目代码应为/) }]);
  });

  it('a code is never an ID number: the same digits searched as another kind find nothing', async () => {
    expect(cipher.subjectHash(CREDIT_CODE, 'enterprise')).not.toBe(cipher.subjectHash(CREDIT_CODE, 'project'));
    const asProjectHash = await h.call('GET', `/api/archive/${cipher.subjectHash(PROJECT_CODE, 'enterprise')}?purpose=${encodeURIComponent('审计抽查')}`, { token: h.token(AUDITOR) });
    expect(asProjectHash.status).toBe(200);
    expect(asProjectHash.body.cases).toEqual([]);
  });
});

describe('办件查询 of an enterprise', () => {
  const find = async (json: Record<string, unknown>) => {
    const r = await h.call('POST', '/api/cases/search', { token: h.token(CLERK), json });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    return r.body.cases as { caseId: string; names: string[] }[];
  };

  it('finds the case by credit code, by project code, by either typed into the search box, and by the enterprise\'s name (listed as it is)', async () => {
    expect((await find({ creditCode: CREDIT_CODE.toLowerCase() })).map((c) => c.caseId)).toEqual([caseId]);
    expect((await find({ projectCode: PROJECT_CODE })).map((c) => c.caseId)).toEqual([caseId]);
    expect((await find({ q: CREDIT_CODE })).map((c) => c.caseId)).toEqual([caseId]);
    expect((await find({ q: PROJECT_CODE })).map((c) => c.caseId)).toEqual([caseId]);
    const byName = await find({ q: ENTERPRISE });
    expect(byName.map((c) => c.caseId)).toEqual([caseId]);
    expect(byName[0].names).toContain(ENTERPRISE);
  });

  it('another district finds nothing; a wrong credit code is refused in Chinese', async () => {
    const other = await h.call('POST', '/api/cases/search', { token: h.token('haishu-serviceCenter-clerk1'), json: { creditCode: CREDIT_CODE } });
    expect(other.body.cases).toEqual([]);
    const bad = await h.call('POST', '/api/cases/search', { token: h.token(CLERK), json: { creditCode: BAD_CREDIT_CODE } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ field: 'creditCode', code: 'FORMAT', message: '统一社会信用代码校验位不正确，请核对' }]);
  });
});
