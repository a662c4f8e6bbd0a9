// GET /api/stats and GET /api/stats/export over HTTP on the real service and tablestore-local: a birth case
// accepted at the 鄞州 hall and worked to completion through the API's own routes; the district's figures (every
// answer checked against the OpenAPI document), the city's for the city leader, the CSV with its BOM, Chinese
// headers and RFC 5987 file name; 400 for bad input, 403 for another district's supervisor and a handler, 401
// without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, outputsFor } from '../core/fixtures';
import { acceptThroughApi, act, birthBody } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

const SUPERVISOR = 'yinzhou-serviceCenter-supervisor1';
const RANGE = 'from=2026-03-01&to=2026-03-31';

let h: RouteHarness;

beforeAll(async () => {
  h = await startRouteHarness();
  const accepted = await acceptThroughApi(h, birthBody());
  const caseId = accepted.caseId;
  const values = birthBody().values as Record<string, unknown>;
  for (const itemId of ['birthCertificate', 'vaccinationCertificate', 'householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication']) {
    const dep = accepted.routes[itemId]?.department ?? '';
    await act(h, `${dep}-handler1`, caseId, itemId, { type: 'claim' });
    const outputs = outputsFor(birthBundle, itemId);
    if (outputs.birthMedicalCertificate) {
      outputs.birthMedicalCertificate = { ...outputs.birthMedicalCertificate, fatherIdNumber: values.fatherIdNumber as string, motherIdNumber: values.motherIdNumber as string };
    }
    expect((await act(h, `${dep}-signer1`, caseId, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs })).status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

const get = (who: string | null, query: string, path = '/api/stats') => h.call('GET', `${path}?${query}`, who ? { token: h.token(who) } : {});

describe('GET /api/stats', () => {
  it('answers a district supervisor with the district\'s figures (OpenAPI-checked)', async () => {
    const r = await get(SUPERVISOR, RANGE);
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ district: '330212', name: '鄞州区' });
    expect(r.body.totals).toEqual({ accepted: 1, completed: 1, onTime: 1, late: 0, withdrawn: 0, inProgress: 0, overdueOpen: 0, onTimeRate: 1 });
    expect(r.body.series).toHaveLength(31);
    expect(r.body.byBundle).toEqual([{ bundleId: 'birth', name: '新生儿出生一件事', accepted: 1, completed: 1, onTime: 1, late: 0 }]);
    expect(r.body.byChannel[0]).toEqual({ channel: 'window', label: '窗口受理', accepted: 1 });
  });

  it('answers the city leader with the city, by week', async () => {
    const r = await get('ningbo-bigdata-leader1', `${RANGE}&granularity=week`);
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ district: '330200', name: '宁波市（全市）' });
    expect(r.body.totals.accepted).toBe(1);
    expect(r.body.byDepartment.map((d: { done: number }) => d.done).reduce((a: number, b: number) => a + b, 0)).toBe(5);
    expect(r.body.series.map((s: { period: string }) => s.period)).toEqual(['2026-W09', '2026-W10', '2026-W11', '2026-W12', '2026-W13', '2026-W14']);
  });

  it('refuses another district\'s supervisor and a handler (403), bad input (400), no session (401)', async () => {
    expect((await get('haishu-serviceCenter-supervisor1', `district=330212&${RANGE}`)).body.code).toBe('FORBIDDEN');
    expect((await get('yinzhou-police-handler1', RANGE)).status).toBe(403);
    const bad = await get(SUPERVISOR, 'from=2026-02-30');
    expect([bad.status, bad.body.code, bad.body.issues[0].field]).toEqual([400, 'VALIDATION_FAILED', 'from']);
    expect((await get(SUPERVISOR, 'from=2025-01-01&to=2026-03-01')).status).toBe(400);
    expect((await get(null, RANGE)).status).toBe(401);
  });
});

describe('GET /api/stats/export', () => {
  it('a table as CSV: UTF-8 with BOM, Chinese headers, an attachment with a Chinese file name', async () => {
    const r = await get(SUPERVISOR, `table=bundles&${RANGE}`, '/api/stats/export');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(
      `attachment; filename="stats-bundles-330212-2026-03-01-2026-03-31.csv"; filename*=UTF-8''${encodeURIComponent('鄞州区-一件事-2026-03-01至2026-03-31.csv')}`,
    );
    const bytes = r.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n').slice(0, 2)).toEqual(['一件事,受理量,办结量,按时办结,超期办结,按时办结率', '新生儿出生一件事,1,1,1,0,100.00%']);
  });

  it('the same access rules, and a 400 for an unknown table', async () => {
    expect((await get('yinzhou-police-handler1', `table=series&${RANGE}`, '/api/stats/export')).status).toBe(403);
    const bad = await get(SUPERVISOR, `table=cases&${RANGE}`, '/api/stats/export');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
