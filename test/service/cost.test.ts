// Capacity units per birth case, from tablestore-local's own counters (the same CU rules the service
// bills by): acceptance, five claims and five sign-offs by the departments' staff, with the dispatcher's
// drain after each change. The directory snapshot is loaded once per instance (cached), so it is warmed first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CapacityCounters } from '@lianban/tablestore-local';
import { birthBundle, birthValues, makeId, outputsFor } from '../core/fixtures.js';
import { createServices, type Services } from '../../functions/service/index.js';
import { suppliedBody } from './helpers.js';
import { KEYS, staff, startWorld, type World } from './support.js';

const INLINE_W = 78;
const INLINE_R = 48;

let w: World;
beforeAll(async () => {
  w = await startWorld();
  inline = createServices({ client: w.client, keys: KEYS, notifier: w.notifier, now: () => w.clock.now, drainInline: true });
});
afterAll(async () => {
  await w.stop();
});

function totals(c: CapacityCounters): { read: number; write: number; byTable: Record<string, string> } {
  let read = 0;
  let write = 0;
  const byTable: Record<string, string> = {};
  for (const [table, ops] of Object.entries(c)) {
    let r = 0;
    let wr = 0;
    const parts: string[] = [];
    for (const [op, x] of Object.entries(ops)) {
      r += x.read;
      wr += x.write;
      parts.push(`${op} ${x.calls}×(r${x.read} w${x.write})`);
    }
    read += r;
    write += wr;
    byTable[table] = `r${r} w${wr}: ${parts.join(', ')}`;
  }
  return { read, write, byTable };
}

/** Item, department, version when ready (1: ready at acceptance; each material received adds one). */
const ITEMS: [string, string, number][] = [
  ['birthCertificate', 'haishu-hospital1', 1],
  ['vaccinationCertificate', 'jiangbei-cdc', 1],
  ['householdRegistration', 'yinzhou-police', 2],
  ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance', 3],
  ['socialSecurityCardApplication', 'yinzhou-hrss', 3],
];

/** As the api function is deployed: each change's effects drained in its own request (service drainInline), no drain calls. */
let inline: Services;

async function birthCase(n: number, withViews: boolean, lagging = false, inRequest = false): Promise<string> {
  const s = inRequest ? inline : w.services;
  const drain = async (id: string) => {
    if (!inRequest) await s.drainCase(id);
  };
  const clerk = staff('haishu-serviceCenter', 'clerk1');
  // A family of its own per case (a family's earlier cases would be read for ask once: see below).
  const family = (withViews ? 100 : lagging ? 200 : inRequest ? 300 : 0) + n;
  const values = birthValues({
    fatherIdNumber: makeId('330212', '1990-05-01', String(2 * family + 1).padStart(3, '0')),
    motherIdNumber: makeId('330212', '1992-06-01', String(2 * family + 2).padStart(3, '0')),
  });
  const { case: c } = await s.acceptCase(clerk, { bundleId: 'birth', values, supplied: suppliedBody, requestId: `cost-${withViews ? 'v' : lagging ? 'l' : inRequest ? 'i' : 'm'}-${String(n).padStart(4, '0')}` });
  await drain(c.id);
  for (const [itemId, dep, ready] of ITEMS) {
    const handler = staff(dep, 'handler1');
    const v = withViews ? (await s.subTask(handler, c.id, itemId)).subTask.version : ready;
    const claimed = await s.act(handler, c.id, itemId, { type: 'claim' }, v);
    if (!lagging) await drain(c.id);
    if (withViews) await s.subTask(staff(dep, 'signer1'), c.id, itemId);
    const outputs = outputsFor(birthBundle, itemId);
    if (outputs.birthMedicalCertificate) {
      outputs.birthMedicalCertificate = { ...outputs.birthMedicalCertificate, fatherIdNumber: values.fatherIdNumber, motherIdNumber: values.motherIdNumber };
    }
    await s.act(staff(dep, 'signer1'), c.id, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs }, claimed.subTask.version);
    await drain(c.id);
  }
  return c.id;
}

async function completed(ids: string[]): Promise<void> {
  for (const id of ids) expect((await w.services.getCase(staff('haishu-serviceCenter', 'clerk1'), id)).case.state).toBe('completed');
}

it('measures read and write CUs per birth case', async () => {
  await completed([await birthCase(0, false)]); // warms the directory cache and the seal keys
  const N = 3;
  const ids: string[] = [];
  w.ots.server.resetCounters();
  for (let i = 1; i <= N; i++) ids.push(await birthCase(i, false));
  const minimal = totals(w.ots.server.counters());
  w.ots.server.resetCounters();
  for (let i = 1; i <= N; i++) ids.push(await birthCase(i, true));
  const viewed = totals(w.ots.server.counters());
  w.ots.server.resetCounters();
  for (let i = 1; i <= N; i++) ids.push(await birthCase(i, false, true));
  const lagging = totals(w.ots.server.counters());
  await completed([await birthCase(0, false, false, true)]); // the inline instance's directory cache
  w.ots.server.resetCounters();
  for (let i = 1; i <= N; i++) ids.push(await birthCase(i, false, false, true));
  const inRequest = totals(w.ots.server.counters());
  await completed(ids);
  console.log(`per birth case (state changes + drains): read ${minimal.read / N} CU, write ${minimal.write / N} CU`);
  for (const [t, line] of Object.entries(minimal.byTable)) console.log(`  ${t}: ${line}`);
  console.log(`per birth case (with a sub-task view before each action): read ${viewed.read / N} CU, write ${viewed.write / N} CU`);
  console.log(`per birth case (drained in each change's own request, as the api is deployed): read ${inRequest.read / N} CU, write ${inRequest.write / N} CU`);
  for (const [t, line] of Object.entries(inRequest.byTable)) console.log(`  ${t}: ${line}`);
  console.log(`per birth case (dispatcher one step behind: one drain per claim + sign-off): read ${lagging.read / N} CU, write ${lagging.write / N} CU`);
  // Regression guard on the measured design (README "Storage and cost"; budget ≤ 35 / ≤ 35). CU counts are
  // deterministic for a given design, so these are the figures measured when the layout last changed.
  // 办件查询 (caseIndex) adds 4 W, no R: the case row and the mother's and father's name pointers at
  // acceptance (3 puts), the state cell at completion (1 update).
  // Ask once (issue 13) adds 2 R, no writes: since 婚育户一件事 issues the 结婚证, a birth intake reads the mother's
  // and father's archives (2 GetRange; each completed case found there is loaded too — none for these families).
  // Statistics (issue 14) add 18 W 9 R: each counted event of the case (acceptance, five sub-tasks done, completion)
  // increments its day row and the live row once with a marker cell in the same conditional write, and the marker
  // is removed after the progress write (DESIGN "Statistics"). Issue 16 is to bring the whole under 35 / 35.
  // A given-back drain lease stays in the row as "0:<token>" (caseStore.ts releasedLease: a stale drain must not
  // take the lease), a few bytes that push some case-row reads over a 4 KB step: 69 → 69.67 R.
  expect(minimal.write / N).toBeLessThanOrEqual(89);
  expect(minimal.read / N).toBeLessThanOrEqual(70);
  expect(lagging.write / N).toBeLessThanOrEqual(69);
  expect(lagging.read / N).toBeLessThanOrEqual(56);
  // Drained in the request: the lease is taken in the change's own write (no take per drain: 11 W and 11 R less).
  expect(inRequest.write / N).toBeLessThanOrEqual(INLINE_W);
  expect(inRequest.read / N).toBeLessThanOrEqual(INLINE_R);
});
