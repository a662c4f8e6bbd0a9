// Pre-check (预审) through HTTP, on the real service and tablestore-local: every rule with bad input.
// POST /api/intake/precheck answers 200 with the 一次性告知 notice listing every problem at once;
// POST /api/cases refuses the same application with 422 PRECHECK_FAILED, the same issues and the notice,
// and stores nothing (no write unit is counted by tablestore-local; the requestId stays unused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormValues } from '../../functions/core/form';
import { DECEASED_ID, FATHER_ID, MOTHER_ID } from '../core/fixtures';
import { birthBody, birthValues, CLERK, deathBody, deathValues, makeId, requestId, writesSince } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
const without = (values: FormValues, ...keys: string[]) => Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));

type Expected = Array<{ field?: string; code: string }>;

interface RuleCase {
  rule: string;
  body: Record<string, unknown>;
  expected: Expected;
  clerk?: string;
}

const birth = (values: FormValues, extra: Record<string, unknown> = {}) => birthBody(values, extra);

const cases: RuleCase[] = [
  { rule: 'ID check digit (GB 11643)', body: birth(birthValues({ motherIdNumber: wrongCheckDigit(MOTHER_ID) })), expected: [{ field: 'motherIdNumber', code: 'ID_CHECK_DIGIT' }] },
  { rule: 'impossible birth date in an ID number', body: birth(birthValues({ fatherIdNumber: makeId('330212', '1991-02-30', '031') })), expected: [{ field: 'fatherIdNumber', code: 'ID_BIRTH_DATE' }] },
  { rule: 'ID number of the wrong form', body: birth(birthValues({ fatherIdNumber: '33021219911103' })), expected: [{ field: 'fatherIdNumber', code: 'ID_FORMAT' }] },
  { rule: 'ID number born in the future', body: birth(birthValues({ fatherIdNumber: makeId('330212', '2027-01-01', '031') })), expected: [{ field: 'fatherIdNumber', code: 'ID_BIRTH_IN_FUTURE' }] },
  { rule: 'missing required field', body: birth(without(birthValues(), 'babyName', 'householdHeadName')), expected: [{ field: 'babyName', code: 'REQUIRED' }, { field: 'householdHeadName', code: 'REQUIRED' }] },
  { rule: 'field required by another (mailed → postal address)', body: birth(without(birthValues(), 'postalAddress')), expected: [{ field: 'postalAddress', code: 'REQUIRED' }] },
  { rule: 'phone number form', body: birth(birthValues({ applicantPhone: '1380574' })), expected: [{ field: 'applicantPhone', code: 'PHONE_FORMAT' }] },
  { rule: 'postal code form', body: birth(birthValues({ postalCode: '3150' })), expected: [{ field: 'postalCode', code: 'POSTAL_CODE_FORMAT' }] },
  { rule: 'integer range (birth weight)', body: birth(birthValues({ babyWeightGrams: 120 })), expected: [{ field: 'babyWeightGrams', code: 'RANGE' }] },
  { rule: 'date in the future', body: birth(birthValues({ babyBirthTime: '2026-03-05T08:00:00+08:00' })), expected: [{ field: 'babyBirthTime', code: 'DATE_IN_FUTURE' }] },
  { rule: 'invalid date', body: birth(birthValues({ babyBirthTime: '2026-02-30T08:00:00+08:00' })), expected: [{ field: 'babyBirthTime', code: 'DATE_INVALID' }] },
  { rule: 'not one of the options', body: birth(birthValues({ babySex: 'unknown' })), expected: [{ field: 'babySex', code: 'NOT_AN_OPTION' }] },
  { rule: 'unknown district', body: birth(birthValues({ residenceDistrict: '330299' })), expected: [{ field: 'residenceDistrict', code: 'UNKNOWN_DISTRICT' }] },
  { rule: 'not a hospital', body: birth(birthValues({ birthHospital: 'yinzhou-police' })), expected: [{ field: 'birthHospital', code: 'UNKNOWN_DEPARTMENT' }] },
  { rule: 'too long', body: birth(birthValues({ babyName: '王'.repeat(31) })), expected: [{ field: 'babyName', code: 'TOO_LONG' }] },
  { rule: 'a field the bundle does not collect', body: birth(birthValues({ religion: '无' })), expected: [{ field: 'religion', code: 'UNEXPECTED_FIELD' }] },
  { rule: 'baby too old (over a year)', body: birth(birthValues({ babyBirthTime: '2025-01-15T08:00:00+08:00' })), expected: [{ field: 'babyBirthTime', code: 'ELIGIBILITY_MAXAGE' }] },
  { rule: 'parents not married', body: birth(birthValues({ marriageStatus: 'unmarried' })), expected: [{ field: 'marriageStatus', code: 'ELIGIBILITY_ONEOF' }] },
  { rule: "father's and mother's ID numbers equal", body: birth(birthValues({ motherIdNumber: FATHER_ID })), expected: [{ field: 'motherIdNumber', code: 'ELIGIBILITY_DIFFER' }] },
  {
    rule: 'neither parent registered in a joined district',
    body: birth(birthValues({ fatherHouseholdDistrict: '000000', motherHouseholdDistrict: '000000' })),
    expected: [{ code: 'ELIGIBILITY_ANYOF' }],
  },
  { rule: 'baby born before the mother', body: birth(birthValues({ motherIdNumber: makeId('330203', '2026-02-28', '042') })), expected: [{ field: 'babyBirthTime', code: 'ELIGIBILITY_DATEORDER' }] },
  {
    rule: 'documents not supplied (marriage certificate, household book)',
    body: birth(birthValues(), { supplied: [] }),
    expected: [{ field: 'materials.marriageCertificate', code: 'MISSING_MATERIAL' }, { field: 'materials.householdBook', code: 'MISSING_MATERIAL' }],
  },
  {
    rule: 'unknown or required items chosen as optional',
    body: birth(birthValues(), { chosenOptional: ['teleport', 'birthCertificate'] }),
    expected: [{ field: 'chosenOptional', code: 'UNKNOWN_ITEM' }, { field: 'chosenOptional', code: 'NOT_OPTIONAL' }],
  },
  { rule: 'death: not a normal death', body: deathBody(deathValues({ deathCategory: 'abnormal' })), expected: [{ field: 'deathCategory', code: 'ELIGIBILITY_ONEOF' }] },
  { rule: 'death: more than 180 days ago', body: deathBody(deathValues({ deathTime: '2025-06-01T21:10:00+08:00' })), expected: [{ field: 'deathTime', code: 'ELIGIBILITY_MAXAGE' }] },
  { rule: 'death: applicant is the deceased', body: deathBody(deathValues({ applicantIdNumber: DECEASED_ID })), expected: [{ field: 'applicantIdNumber', code: 'ELIGIBILITY_DIFFER' }] },
  { rule: 'death: in a district that has not joined', body: deathBody(deathValues({ deathDistrict: '330206' })), expected: [{ field: 'deathDistrict', code: 'ELIGIBILITY_DISTRICTJOINED' }] },
  {
    rule: 'death: accepted at a window of a district that has not joined (北仑)',
    body: deathBody(deathValues()),
    clerk: 'beilun-serviceCenter-clerk1',
    expected: [{ code: 'ACCEPTING_DISTRICT_NOT_JOINED' }],
  },
];

function expectIssues(issues: Array<{ field?: string; code: string; message: string }>, expected: Expected) {
  for (const e of expected) {
    expect(issues, JSON.stringify(issues)).toContainEqual(expect.objectContaining(e.field ? { field: e.field, code: e.code } : { code: e.code }));
  }
  for (const i of issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
}

describe('every pre-check rule with bad input', () => {
  for (const c of cases) {
    it(c.rule, async () => {
      const token = h.token(c.clerk ?? CLERK);
      h.ots.server.resetCounters();

      const pre = await h.call('POST', '/api/intake/precheck', { token, json: c.body });
      expect(pre.status, JSON.stringify(pre.body).slice(0, 400)).toBe(200);
      expect(pre.body.notice.ok).toBe(false);
      expectIssues(pre.body.notice.issues, c.expected);
      expect(pre.body.notice.text).toContain('一次性告知书');

      const id = requestId('refused');
      const accept = await h.call('POST', '/api/cases', { token, json: { ...c.body, requestId: id } });
      expect(accept.status).toBe(422);
      expect(accept.body).toMatchObject({ code: 'PRECHECK_FAILED', message: '预审未通过，请按一次性告知补齐后再提交' });
      expect(accept.body.issues).toEqual(pre.body.notice.issues);
      expect(accept.body.notice.issues).toEqual(pre.body.notice.issues);
      expect(writesSince(h), 'nothing written').toBe(0);
    });
  }
});

describe('all problems at once, nothing stored', () => {
  it('one application with eight different problems gets one notice naming all of them', async () => {
    const values = without(
      birthValues({
        motherIdNumber: wrongCheckDigit(MOTHER_ID),
        fatherIdNumber: makeId('330212', '1991-02-30', '031'),
        babyWeightGrams: 120,
        applicantPhone: '12345',
        marriageStatus: 'unmarried',
        religion: '无',
      }),
      'babyName',
    );
    const body = birthBody(values, { supplied: [] });
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: body });
    const expected: Expected = [
      { field: 'motherIdNumber', code: 'ID_CHECK_DIGIT' },
      { field: 'fatherIdNumber', code: 'ID_BIRTH_DATE' },
      { field: 'babyName', code: 'REQUIRED' },
      { field: 'babyWeightGrams', code: 'RANGE' },
      { field: 'applicantPhone', code: 'PHONE_FORMAT' },
      { field: 'marriageStatus', code: 'ELIGIBILITY_ONEOF' },
      { field: 'religion', code: 'UNEXPECTED_FIELD' },
      { field: 'materials.householdBook', code: 'MISSING_MATERIAL' },
    ];
    expectIssues(pre.body.notice.issues, expected);
    expect(pre.body.notice.issues.length).toBeGreaterThanOrEqual(expected.length);
    // the printed notice numbers every problem
    expect(pre.body.notice.text).toContain(`存在以下${pre.body.notice.issues.length}项问题`);

    h.ots.server.resetCounters();
    const id = requestId('all-at-once');
    const refused = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...body, requestId: id } });
    expect(refused.status).toBe(422);
    expectIssues(refused.body.issues, expected);
    expect(writesSince(h)).toBe(0);

    // The refused requestId was not used up: the corrected application is accepted under it (201, created).
    const accepted = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), requestId: id } });
    expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).toBe(201);
  });

  it('a valid application passes the pre-check (notice.ok, no issues) and changes nothing', async () => {
    h.ots.server.resetCounters();
    const pre = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: birthBody() });
    expect(pre.status).toBe(200);
    expect(pre.body.notice).toMatchObject({ ok: true, issues: [], bundleId: 'birth' });
    expect(pre.body.notice.text).toContain('可以受理');
    expect(writesSince(h)).toBe(0);
  });

  it('only window clerks pre-check and accept (403 for a department handler), and nothing is stored', async () => {
    h.ots.server.resetCounters();
    const handler = h.token('yinzhou-police-handler1');
    const pre = await h.call('POST', '/api/intake/precheck', { token: handler, json: birthBody() });
    expect(pre).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const accept = await h.call('POST', '/api/cases', { token: handler, json: { ...birthBody(), requestId: requestId('handler') } });
    expect(accept).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(writesSince(h)).toBe(0);
  });

  it('an unknown bundle is 404 on the form, the pre-check and acceptance', async () => {
    const token = h.token(CLERK);
    expect((await h.call('GET', '/api/bundles/wedding/form', { token })).status).toBe(404);
    expect((await h.call('POST', '/api/intake/precheck', { token, json: { bundleId: 'wedding', values: {} } })).status).toBe(404);
    expect((await h.call('POST', '/api/cases', { token, json: { bundleId: 'wedding', values: {}, requestId: requestId('wedding') } })).status).toBe(404);
  });

});
