// The check behind the queue-convergence tests: every row of `queues` against the sub-tasks it names. A row
// is right when its sub-task lists that entry (core queueEntriesOf, kept as `queue` on the sub-task) and the
// row shows the sub-task's state and assignee; an entry a sub-task lists (and the store keeps as a row) must
// be there. Reads the tables directly, without the service, so a service bug cannot hide itself.
import { CaseCodec, ranges } from '../../functions/store/caseRecord.js';
import { CaseRows } from '../../functions/store/cases.js';
import { TableStore, type OtsClient } from '../../functions/store/client.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { QUEUES_TABLE_NAME, storedEntry } from '../../functions/store/queues.js';
import { num, pkValues, str } from '../../functions/store/rowOps.js';
import { attributesOf } from '../../functions/store/client.js';
import { KEYS } from './support.js';

export interface StoredQueueRow {
  queue: string;
  due: number;
  ref: string;
  state: string;
  who: string | null;
}

export async function allQueueRows(client: OtsClient): Promise<StoredQueueRow[]> {
  const rows: StoredQueueRow[] = [];
  let start: unknown = [{ queue: TableStore.INF_MIN }, { due: TableStore.INF_MIN }, { ref: TableStore.INF_MIN }];
  for (;;) {
    const res = await client.getRange({
      tableName: QUEUES_TABLE_NAME,
      direction: 'FORWARD',
      inclusiveStartPrimaryKey: start as never,
      exclusiveEndPrimaryKey: [{ queue: TableStore.INF_MAX }, { due: TableStore.INF_MAX }, { ref: TableStore.INF_MAX }] as never,
      maxVersions: 1,
    });
    for (const row of res.rows) {
      if (!row.primaryKey) continue;
      const pk = pkValues(row);
      const a = attributesOf(row);
      rows.push({ queue: String(pk.queue), due: num(pk.due), ref: String(pk.ref), state: str(a.st) ?? '', who: str(a.who) ?? null });
    }
    if (!res.nextStartPrimaryKey) return rows;
    start = res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value }));
  }
}

/** Every disagreement between `queues` and the sub-tasks of the cases its rows (and `caseIds`) name. */
export async function queueMismatches(client: OtsClient, caseIds: readonly string[] = [], keys = KEYS): Promise<string[]> {
  const rows = await allQueueRows(client);
  const codec = new CaseCodec(new PiiCipher(keys));
  const cases = new CaseRows(client);
  const ids = new Set([...caseIds, ...rows.map((r) => r.ref.slice(0, r.ref.lastIndexOf('/')))]);
  const problems: string[] = [];
  const expected = new Map<string, { state: string; who: string | null }>();
  for (const id of ids) {
    const cells = await cases.read(id, ranges.work);
    if (!cells) continue;
    for (const st of codec.decode(id, cells).subTasks.values()) {
      for (const e of st.queue.filter(storedEntry)) expected.set(`${e.queue} ${e.due} ${e.ref}`, { state: st.state, who: st.assignee });
    }
  }
  const seen = new Set<string>();
  for (const r of rows) {
    const k = `${r.queue} ${r.due} ${r.ref}`;
    seen.add(k);
    const want = expected.get(k);
    if (!want) problems.push(`extra row ${k} (${r.state})`);
    else if (want.state !== r.state || want.who !== r.who) problems.push(`row ${k} shows ${r.state}/${r.who ?? '-'}, sub-task is ${want.state}/${want.who ?? '-'}`);
  }
  for (const k of expected.keys()) if (!seen.has(k)) problems.push(`missing row ${k}`);
  return problems.sort();
}

/** What a case row still holds for the dispatcher: pending effect columns, the drain lease, the dirty marker. */
export async function leftovers(client: OtsClient, caseId: string, keys = KEYS): Promise<{ pending: number; lease: boolean; marker: boolean }> {
  const cells = await new CaseRows(client).read(caseId, ranges.effects);
  const l = new CaseCodec(new PiiCipher(keys)).decode(caseId, cells ?? {});
  // a given-back lease stays in the row as "0:<token>" (caseStore.ts releasedLease): held = any other value
  return { pending: l.pending.reduce((n, p) => n + p.effects.length, 0), lease: l.lease !== null && !l.lease.startsWith('0:'), marker: l.marker !== null };
}
