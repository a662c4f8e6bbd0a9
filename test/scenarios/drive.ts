// Drives one case of any bundle to completion through the local stack, the way staff work it: whenever a
// sub-task is ready its department's handler claims it and its signer signs it off with the given outputs
// (and a second signer countersigns where the item asks for 会签). On the way it checks what each department
// is shown: the sub-task's form holds only the item's declared fields and its inputs only the declared
// fields of the declared materials (minimum necessary).
import { expect } from 'vitest';
import type { Bundle } from '../../functions/core/bundle';
import { eventually, type StaffClient } from './support';

export interface ItemWork {
  handler: StaffClient;
  signer: StaffClient;
  sealId: string;
  /** Output material type → values (as the sign-off sheet sends them). */
  outputs: Record<string, unknown>;
  countersigner?: StaffClient;
}

/** What a department sees of a sub-task is what its item declares, no more. */
function expectOnlyDeclared(bundle: Bundle, itemId: string, subTask: { form: Record<string, unknown>; inputs: Record<string, Record<string, unknown>> }): void {
  const item = bundle.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`no item ${itemId} in ${bundle.id}`);
  for (const key of Object.keys(subTask.form)) expect(item.fields, `${itemId} shows form field ${key}`).toContain(key);
  for (const [material, data] of Object.entries(subTask.inputs ?? {})) {
    const input = item.inputs.find((i) => i.material === material);
    expect(input, `${itemId} receives ${material}`).toBeDefined();
    for (const field of Object.keys(data)) expect(input?.fields, `${itemId} sees ${material}.${field}`).toContain(field);
  }
}

/**
 * Works every sub-task of the case as it becomes ready (in whatever order the dependencies release them) until
 * all named items are done; returns the sub-task views each handler saw before claiming.
 */
export async function driveCase(bundle: Bundle, caseId: string, work: Record<string, ItemWork>): Promise<Record<string, any>> {
  const seen: Record<string, any> = {};
  const pending = new Set(Object.keys(work));
  while (pending.size > 0) {
    const ready = await eventually(
      `one of ${[...pending].join(', ')} becomes ready`,
      async () => {
        const states = await Promise.all([...pending].map(async (itemId) => {
          const { subTask } = await work[itemId].handler.read(`/api/subtasks/${caseId}/${itemId}`);
          return { itemId, subTask };
        }));
        return states.filter((s) => s.subTask.state === 'ready');
      },
      (r) => r.length > 0,
    );
    for (const { itemId, subTask } of ready) {
      const w = work[itemId];
      expectOnlyDeclared(bundle, itemId, subTask);
      seen[itemId] = subTask;
      await w.handler.act(caseId, itemId, { type: 'claim' });
      const signed = await w.signer.act(caseId, itemId, { type: 'signOff', sealId: w.sealId, outputs: w.outputs });
      if (w.countersigner) {
        expect(signed.state).toBe('countersigning');
        await w.countersigner.act(caseId, itemId, { type: 'countersign', sealId: w.sealId, opinion: '同意' });
      } else {
        expect(signed.state, `${itemId} after sign-off`).toBe('done');
      }
      pending.delete(itemId);
    }
  }
  return seen;
}
