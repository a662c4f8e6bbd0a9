// POST /api/cases/:caseId/handover (出件 / 领证) through HTTP: refused before the physical outputs are signed,
// recorded once by the accepting window and shown by GET /api/cases/:id, a second record a 409 CONFLICT unless
// it corrects with a reason; bad bodies are 400s with the catalog's codes; other staff 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle } from '../../functions/catalog/index';
import { work } from '../service/helpers';
import { acceptThroughApi, birthBody, CLERK, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let c: AcceptedCase;

const handover = (who: string, json: unknown, caseId = c.caseId) => h.call('POST', `/api/cases/${caseId}/handover`, { token: h.token(who), json });
const version = async () => (await h.call('GET', `/api/cases/${c.caseId}`, { token: h.token(CLERK) })).body.case.version as number;

beforeAll(async () => {
  h = await startRouteHarness();
  c = await acceptThroughApi(h, birthBody());
  await h.drain(c.caseId);
  await work(h.services, birthBundle, c.caseId, 'birthCertificate', c.routes.birthCertificate.department);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('POST /api/cases/:caseId/handover', () => {
  it('409 INVALID_TRANSITION while the 户口簿 and 社保卡 are not signed', async () => {
    const r = await handover(CLERK, { method: 'pickup', collectedBy: '李秀梅', expectedVersion: await version() });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('INVALID_TRANSITION');
  });

  it('records 窗口自取 once; GET shows it; a second record is 409 CONFLICT, a correction with a reason is 200', async () => {
    for (const item of ['householdRegistration', 'socialSecurityCardApplication']) await work(h.services, birthBundle, c.caseId, item, c.routes[item].department);
    const v = await version();
    const first = await handover(CLERK, { method: 'pickup', collectedBy: '李秀梅', expectedVersion: v });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.case.handover).toMatchObject({ method: 'pickup', collectedBy: '李秀梅', recordedBy: CLERK });
    const shown = await h.call('GET', `/api/cases/${c.caseId}`, { token: h.token(CLERK) });
    expect(shown.body.case.handover.method).toBe('pickup');
    const again = await handover(CLERK, { method: 'pickup', collectedBy: '王建华', expectedVersion: v + 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const corrected = await handover(CLERK, { method: 'mail', carrier: '中国邮政EMS', trackingNumber: 'EM123456789CN', reason: '改为邮寄', expectedVersion: v + 1 });
    expect(corrected.status).toBe(200);
    expect(corrected.body.case.handover).toMatchObject({ method: 'mail', trackingNumber: 'EM123456789CN' });
    expect(corrected.body.case.handover.corrections).toHaveLength(1);
  });

  it('bad bodies are 400 with stable codes; other staff 403; a malformed case id 404', async () => {
    const v = await version();
    for (const [json, code] of [
      [{ method: 'pickup', collectedBy: '李秀梅' }, 'INVALID_BODY'],
      [{ method: 'drone', expectedVersion: v }, 'INVALID_BODY'],
      [{ method: 'mail', carrier: 'EMS', trackingNumber: 'EM1', expectedVersion: v }, 'INVALID_BODY'],
      [{ method: 'pickup', expectedVersion: v }, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await handover(CLERK, json);
      expect(r.status, JSON.stringify(json)).toBe(400);
      expect(r.body.code).toBe(code);
    }
    const forbidden = await handover('haishu-serviceCenter-clerk1', { method: 'pickup', collectedBy: '李秀梅', reason: '更正', expectedVersion: v });
    expect(forbidden.status).toBe(403);
    expect((await handover(CLERK, { method: 'pickup', collectedBy: '李秀梅', expectedVersion: 1 }, 'no')).status).toBe(404);
    expect(await version()).toBe(v);
  });
});
