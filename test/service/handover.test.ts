// 出件 / 领证: the accepting window records how the outputs reached the applicant — once the items with a
// physical output (户口簿, 社保卡) are signed or the case is completed; recorded once, corrected only with a
// reason; refused to anyone but the accepting district's clerks; the case view and the timeline show it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, birthValues } from '../core/fixtures.js';
import { outcomeOf, suppliedBody, work } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');

let w: World;
let caseId: string;

const versionOf = async (id: string) => (await w.services.getCase(CLERK, id)).case.version;

beforeAll(async () => {
  w = await startWorld();
  caseId = (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'handover-0001' })).case.id;
  await w.services.drainCase(caseId);
  await work(w.services, birthBundle, caseId, 'birthCertificate', 'haishu-hospital1');
}, 60_000);
afterAll(async () => {
  await w.stop();
});

describe('出件 / 领证', () => {
  it('is refused while the physical outputs are not signed, and changes nothing', async () => {
    const v = await versionOf(caseId);
    expect(await outcomeOf(w.services.recordHandover(CLERK, caseId, { method: 'pickup', collectedBy: '李秀梅' }, v))).toBe('INVALID_TRANSITION');
    expect(await versionOf(caseId)).toBe(v);
  });

  it('is for the accepting district\'s window only', async () => {
    await work(w.services, birthBundle, caseId, 'householdRegistration', 'yinzhou-police');
    await work(w.services, birthBundle, caseId, 'socialSecurityCardApplication', 'yinzhou-hrss');
    const v = await versionOf(caseId);
    const body = { method: 'pickup', collectedBy: '李秀梅' };
    for (const who of [staff('yinzhou-serviceCenter', 'clerk1'), staff('haishu-serviceCenter', 'supervisor1'), staff('yinzhou-police', 'handler1')]) {
      expect(await outcomeOf(w.services.recordHandover(who, caseId, body, v)), who.id).toBe('FORBIDDEN');
    }
    expect(await versionOf(caseId)).toBe(v);
  });

  it('bad input is VALIDATION_FAILED and changes nothing', async () => {
    const v = await versionOf(caseId);
    for (const body of [
      {}, { method: 'courier' }, { method: 'pickup' }, { method: 'pickup', collectedBy: '  ' }, { method: 'mail', carrier: '邮政EMS' },
      { method: 'mail', carrier: '邮政EMS', trackingNumber: '12 34' }, { method: 'pickup', collectedBy: '李秀梅', collectedAt: '2030-01-01T00:00:00Z' },
      { method: 'pickup', collectedBy: '李秀梅', reason: '更正领取人' },
    ]) {
      expect(await outcomeOf(w.services.recordHandover(CLERK, caseId, body, v)), JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    expect(await versionOf(caseId)).toBe(v);
  });

  it('records 窗口自取 once: the case view and the timeline show it; a second record is a CONFLICT', async () => {
    const v = await versionOf(caseId);
    const { case: view } = await w.services.recordHandover(CLERK, caseId, { method: 'pickup', collectedBy: '李秀梅', collectedAt: '2026-03-02T01:30:00Z' }, v);
    expect(view.handover).toMatchObject({ method: 'pickup', collectedBy: '李秀梅', collectedAt: '2026-03-02T01:30:00.000Z', recordedBy: CLERK.id, corrections: [] });
    expect(view.version).toBe(v + 1);
    expect((await w.services.getCase(CLERK, caseId)).case.handover?.method).toBe('pickup');
    const { events } = await w.services.timeline(CLERK, caseId);
    expect(events.filter((e) => e.action === 'handover')).toHaveLength(1);
    expect(await outcomeOf(w.services.recordHandover(CLERK, caseId, { method: 'pickup', collectedBy: '王建华' }, v + 1))).toBe('CONFLICT');
    expect(await outcomeOf(w.services.recordHandover(CLERK, caseId, { method: 'pickup', collectedBy: '王建华', reason: '领取人登记错误' }, v))).toBe('CONFLICT');
    expect(await versionOf(caseId)).toBe(v + 1);
  });

  it('a correction with a reason replaces it and keeps the earlier record', async () => {
    const v = await versionOf(caseId);
    const { case: view } = await w.services.recordHandover(CLERK, caseId, { method: 'mail', carrier: '中国邮政EMS', trackingNumber: 'EM123456789CN', reason: '申请人改为邮寄' }, v);
    expect(view.handover).toMatchObject({ method: 'mail', carrier: '中国邮政EMS', trackingNumber: 'EM123456789CN' });
    expect(view.handover?.corrections).toEqual([
      expect.objectContaining({ method: 'pickup', collectedBy: '李秀梅', correctedBy: CLERK.id, reason: '申请人改为邮寄' }),
    ]);
    const { events } = await w.services.timeline(CLERK, caseId);
    expect(events.filter((e) => e.action === 'handover').map((e) => e.reason)).toEqual([null, '申请人改为邮寄']);
  });

  it('a withdrawn case hands nothing over (CASE_CLOSED)', async () => {
    const other = (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'handover-0002' })).case.id;
    await w.services.withdraw(CLERK, other, '申请人撤回申请', 1);
    expect(await outcomeOf(w.services.recordHandover(CLERK, other, { method: 'pickup', collectedBy: '李秀梅' }, 2))).toBe('CASE_CLOSED');
  });
});
