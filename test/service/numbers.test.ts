// Case numbers (<district>-<yyyymmdd>-<daily sequence>) and replays: the request id is recorded in the same
// conditional write that takes the day's number, so replaying a create — one after another or all at once —
// gives one case and uses one number; the next new case gets the next number. A refused intake uses none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestMarker } from '../../functions/service/intake.js';
import { Counters } from '../../functions/store/counters.js';
import { birthValues } from '../core/fixtures.js';
import { outcomeOf, suppliedBody } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const SEQ = 'seq:330203:20260302';

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w.stop();
});

const body = (requestId: string) => ({ bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId });
const seqOf = (caseId: string) => Number(caseId.split('-').at(-1));
const counter = async () => Number((await new Counters(w.client).get(SEQ))?.n ?? 0);

describe('case numbers and replays', () => {
  it('20 replays one after another: one case, one number; the next case gets the next number', async () => {
    const first = await w.services.acceptCase(CLERK, body('replay-seq-0001'));
    expect(first.created).toBe(true);
    for (let i = 0; i < 19; i++) {
      const again = await w.services.acceptCase(CLERK, body('replay-seq-0001'));
      expect(again.created).toBe(false);
      expect(again.case.id).toBe(first.case.id);
    }
    expect(await counter()).toBe(seqOf(first.case.id));
    const next = await w.services.acceptCase(CLERK, body('replay-seq-0002'));
    expect(seqOf(next.case.id)).toBe(seqOf(first.case.id) + 1);
  });

  it('20 replays at once (two service instances): one case, one number, no gap after it', async () => {
    const before = await counter();
    const other = w.other();
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : w.services).acceptCase(CLERK, body('replay-par-0001'))));
    expect(new Set(all.map((r) => r.case.id)).size).toBe(1);
    expect(all.filter((r) => r.created)).toHaveLength(1);
    expect(seqOf(all[0].case.id)).toBe(before + 1);
    expect(await counter()).toBe(before + 1);
    const next = await w.services.acceptCase(CLERK, body('replay-par-0002'));
    expect(seqOf(next.case.id)).toBe(before + 2);
  });

  it('a refused intake (a file it may not carry) uses no number', async () => {
    const before = await counter();
    const bad = { ...body('refused-0001'), supplied: suppliedBody.map((s, i) => (i === 1 ? { ...s, attachments: [{ sha256: 'd'.repeat(64), name: 'x.pdf', size: 1, mime: 'application/pdf' }] } : s)) };
    expect(await outcomeOf(w.services.acceptCase(CLERK, bad))).toBe('VALIDATION_FAILED');
    expect(await counter()).toBe(before);
  });

  it('an attempt that took a number and stopped before recording it: a replay waits, then answers CONFLICT while it may still be running', async () => {
    const counters = new Counters(w.client);
    const marker = requestMarker(`req:${CLERK.id}:stopped-0001`);
    expect(await counters.nextOnce(SEQ, marker, Date.now())).not.toBeNull();
    const before = await counter();
    const err = await w.services.acceptCase(CLERK, body('stopped-0001')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
    expect(await counter()).toBe(before);
  });

  it('… and once that attempt is long gone, a replay creates the case under a new number', async () => {
    const counters = new Counters(w.client);
    const marker = requestMarker(`req:${CLERK.id}:stopped-0002`);
    expect(await counters.nextOnce(SEQ, marker, Date.now() - 120_000)).not.toBeNull();
    const before = await counter();
    const r = await w.services.acceptCase(CLERK, body('stopped-0002'));
    expect(r.created).toBe(true);
    expect(seqOf(r.case.id)).toBe(before + 1);
    const again = await w.services.acceptCase(CLERK, body('stopped-0002'));
    expect([again.created, again.case.id]).toEqual([false, r.case.id]);
  });
});
