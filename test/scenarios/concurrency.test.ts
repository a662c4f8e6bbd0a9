/**
 * Many birth cases at once through the local stack, as the mini-app calls it (HTTP into the built api
 * function on the FC runner), with the dispatcher's async events delivered twice (FC's at-least-once) so
 * drains of one case overlap. When everything is delivered, every queue row must match its sub-task,
 * every case must be completed and nothing may stay pending — the department lists show no finished work
 * and the supervision overview counts no running case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtsClient } from '../../functions/store/client';
import { birthSupplied, birthValues, sampleOutputs } from '../core/fixtures';
import { suppliedBody } from '../api/fixtures';
import { leftovers, queueMismatches } from '../service/queueCheck';
import { datedNow, eventually, login, resetLoginCache, shanghaiDay, startScenarioStack, type ScenarioStack, type StaffClient } from './support';
import { recordTrial } from '../support/reliability';

const CASES = 30;
const BIRTH_TIME = `${shanghaiDay(-3)}T08:30:00+08:00`;
const ITEMS: [string, string, string, Record<string, Record<string, string | number | boolean>>][] = [
  ['birthCertificate', 'haishu-hospital1', 'birthMedicalCertificate', sampleOutputs.birthMedicalCertificate],
  ['vaccinationCertificate', 'jiangbei-cdc', 'vaccinationRecord', sampleOutputs.vaccinationRecord],
  ['householdRegistration', 'yinzhou-police', 'householdRegistrationRecord', sampleOutputs.householdRegistrationRecord],
  ['medicalInsuranceEnrollment', 'yinzhou-medicalInsurance', 'medicalInsuranceRecord', sampleOutputs.medicalInsuranceRecord],
  ['socialSecurityCardApplication', 'yinzhou-hrss', 'socialSecurityCard', sampleOutputs.socialSecurityCard],
].map(([item, dep, material, values]) => [
  item,
  dep,
  material,
  { [material as string]: values as Record<string, string | number | boolean> },
] as [string, string, string, Record<string, Record<string, string | number | boolean>>]);

/**
 * One stack per way the api is run: with LIANBAN_DRAIN_INLINE=0 every change's effects go to the dispatcher, whose
 * events are delivered twice at once; as deployed, each request drains its own change and the dispatcher gets
 * only what a request left (a change made while another drain held the case), delivered twice at once too.
 */
for (const mode of ['dispatcher', 'inline'] as const) {
  describe(mode === 'dispatcher' ? 'birth cases at once, every dispatcher event delivered more than once' : 'birth cases at once, each change drained in its request', () => {
    let s: ScenarioStack;
    const staff: Record<string, StaffClient> = {};

    beforeAll(async () => {
      resetLoginCache();
      s = await startScenarioStack(`concurrency-${mode}`, mode === 'dispatcher' ? { LIANBAN_DRAIN_INLINE: '0' } : {});
      staff.clerk = await login(s.base, 'yinzhou-serviceCenter-clerk1');
      staff.supervisor = await login(s.base, 'yinzhou-serviceCenter-supervisor1');
      for (const [, dep] of ITEMS) {
        staff[`${dep}-handler1`] = await login(s.base, `${dep}-handler1`);
        staff[`${dep}-signer1`] = await login(s.base, `${dep}-signer1`);
      }
    }, 240_000);

    afterAll(async () => {
      await s?.stop();
    });

    /** The next dispatcher events are each delivered twice at once, as two FC instances may. */
    const twice = () => {
      for (let i = 0; i < 3; i++) s.stack.fc.duplicateNext('lianban', 'dispatcher', { concurrent: true });
    };

    async function oneCase(n: number): Promise<string> {
      recordTrial({ kind: 'race', suite: 'concurrency', what: `a birth case through HTTP, ${CASES} at once (${mode}), its dispatcher events each delivered twice at once` });
      const values = birthValues({ babyBirthTime: BIRTH_TIME });
      twice();
      const accepted = await staff.clerk.post('/api/cases', { bundleId: 'birth', values, chosenOptional: [], supplied: suppliedBody(birthSupplied), requestId: `concurrency-${n}-${Date.now()}` });
      expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).toBe(201);
      const caseId = accepted.body.case.id as string;
      for (const [itemId, dep, material, outputs] of ITEMS) {
        const handler = staff[`${dep}-handler1`];
        await eventually(`${caseId}/${itemId} ready`, async () => (await handler.read(`/api/subtasks/${caseId}/${itemId}`)).subTask.state, (v) => v === 'ready');
        twice();
        await handler.act(caseId, itemId, { type: 'claim' });
        twice();
        await staff[`${dep}-signer1`].act(caseId, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: { [material]: datedNow({ ...outputs[material] }, BIRTH_TIME) } });
      }
      return caseId;
    }

    it('leaves every queue row matching its sub-task, every case completed and nothing pending', async () => {
      const ids = await Promise.all(Array.from({ length: CASES }, (_, n) => oneCase(n)));
      await s.stack.fc.whenIdle();
      const client = createOtsClient(s.stack.env);
      const keys = { dataKey: s.stack.secrets.DATA_KEY, hashKey: s.stack.secrets.HASH_KEY };
      for (const id of ids) expect((await staff.clerk.read(`/api/cases/${id}`)).case.state).toBe('completed');
      expect(await queueMismatches(client, ids, keys)).toEqual([]);
      for (const id of ids) expect(await leftovers(client, id, keys)).toEqual({ pending: 0, lease: false, marker: false });
      // What the departments and the supervisor see: no finished work waiting, no case running.
      for (const [, dep] of ITEMS) {
        const list = await staff[`${dep}-handler1`].read('/api/queues/department?state=ready');
        expect(list.items.filter((i: { caseId: string }) => ids.includes(i.caseId))).toEqual([]);
      }
      // This stack holds only these cases, all completed: the 鄞州 supervisor's overview counts none running.
      const overview = await staff.supervisor.read('/api/supervision/overview');
      expect(overview.counts.running).toBe(0);
      const dispatcherLines = s.functionLog.filter((l) => l.includes('[dispatcher]')).length;
      // Every change kicked the dispatcher and each event ran twice; in the request, most changes needed no dispatcher.
      if (mode === 'dispatcher') expect(dispatcherLines).toBeGreaterThan(CASES * 11);
      else expect(dispatcherLines).toBeLessThan(CASES * 11);
    }, 300_000);
  });
}
