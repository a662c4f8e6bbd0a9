// Driving cases through the services the way staff do: claim from the department queue, sign with the
// department's seal, countersign where asked, with the dispatcher's drain in between.
import { isDomainError } from '../../functions/core/errors.js';
import type { StaffActor } from '../../functions/core/actor.js';
import type { Bundle } from '../../functions/core/bundle.js';
import type { FormValues } from '../../functions/core/form.js';
import type { Services } from '../../functions/service/index.js';
import { cellText } from '../../functions/store/caseRecord.js';
import { birthSupplied, outputsFor } from '../core/fixtures.js';
import { staff } from './support.js';

/** The applicant's documents without files (an intake may carry only files its clerk uploaded for an intake). */
export const suppliedBody = birthSupplied.map((m) => ({ type: m.type, data: m.data, attachments: [] as { sha256: string; name: string; size: number; mime: string }[] }));

export async function version(s: Services, who: StaffActor, caseId: string, itemId: string): Promise<number> {
  return (await s.subTask(who, caseId, itemId)).subTask.version;
}

/** Claim (handler1), sign off (signer1), countersign (signer2) if the item asks; drains after each step. */
export async function work(s: Services, bundle: Bundle, caseId: string, itemId: string, department: string, outputs?: Record<string, FormValues>): Promise<void> {
  const handler = staff(department, 'handler1');
  const claimed = await s.act(handler, caseId, itemId, { type: 'claim' }, await version(s, handler, caseId, itemId));
  await s.drainCase(caseId);
  const signer = staff(department, 'signer1');
  const signed = await s.act(signer, caseId, itemId, { type: 'signOff', sealId: `${department}-seal`, outputs: outputs ?? outputsFor(bundle, itemId) }, claimed.subTask.version);
  await s.drainCase(caseId);
  if (signed.subTask.state === 'countersigning') {
    await s.act(staff(department, 'signer2'), caseId, itemId, { type: 'countersign', sealId: `${department}-seal`, opinion: '同意' }, signed.subTask.version);
    await s.drainCase(caseId);
  }
}

/** Every cell of every row of a table, as text (to look for personal numbers in clear). */
export async function rawTableText(
  client: { getRange(p: unknown): Promise<{ rows: { primaryKey?: { value: unknown }[]; attributes?: { columnValue: unknown }[] }[]; nextStartPrimaryKey: unknown }> },
  table: string,
  pkNames: string[],
  TableStore: { INF_MIN: unknown; INF_MAX: unknown },
): Promise<string> {
  const parts: string[] = [];
  let start: unknown = pkNames.map((n) => ({ [n]: TableStore.INF_MIN }));
  for (;;) {
    const res = await client.getRange({ tableName: table, direction: 'FORWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: pkNames.map((n) => ({ [n]: TableStore.INF_MAX })), maxVersions: 1 });
    for (const row of res.rows) {
      for (const c of row.primaryKey ?? []) parts.push(String(c.value));
      for (const a of row.attributes ?? []) {
        if (!Buffer.isBuffer(a.columnValue)) parts.push(String(a.columnValue));
        else {
          parts.push(a.columnValue.toString('latin1'));
          try {
            parts.push(cellText(a.columnValue) ?? ''); // deflated JSON cells (store/caseRecord.ts)
          } catch {
            // not deflated
          }
        }
      }
    }
    if (!res.nextStartPrimaryKey) return parts.join('\n');
    start = (res.nextStartPrimaryKey as { name: string; value: unknown }[]).map((c) => ({ [c.name]: c.value }));
  }
}

/** 'ok' when the operation succeeds, else the DomainError's stable code (other errors are rethrown). */
export async function outcomeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (isDomainError(err)) return err.code;
    throw err;
  }
}
