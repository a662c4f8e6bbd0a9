// What a case's effects left in the world, normalised so that two cases driven the same way compare equal:
// work notices and to-dos in the gateway fakes (by idempotency key and recipient), queue rows, archive rows,
// audit records, the case's pending effects. Test-only reads (whole small tables), never a request path.
import { AuditRows, verifyChain } from '../../../functions/store/audit';
import { casePartition } from '../../../functions/store/cases';
import { TableStore, attributesOf, rowExists, type OtsClient, type Row } from '../../../functions/store/client';
import type { Gateways } from '../../../scripts/gateways/index';

async function scan(client: OtsClient, table: string, pkNames: string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const min = pkNames.map((n) => ({ [n]: TableStore.INF_MIN }));
  const max = pkNames.map((n) => ({ [n]: TableStore.INF_MAX }));
  let start = min as Parameters<OtsClient['getRange']>[0]['inclusiveStartPrimaryKey'];
  for (;;) {
    const res = await client.getRange({ tableName: table, direction: 'FORWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: max, maxVersions: 1 });
    rows.push(...res.rows.filter(rowExists));
    if (!res.nextStartPrimaryKey) return rows;
    start = res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
  }
}

const pkText = (row: Row): string[] => (row.primaryKey ?? []).map((c) => String(typeof c.value === 'object' && c.value !== null && 'toNumber' in c.value ? (c.value as { toNumber(): number }).toNumber() : c.value));

/** Counts per normalised key: the number of times each distinct thing exists. */
type Tally = Record<string, number>;

function tally(keys: string[]): Tally {
  const t: Tally = {};
  for (const k of keys) t[k] = (t[k] ?? 0) + 1;
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface Observation {
  notices: Tally;
  todos: Tally;
  queueRows: Tally;
  archiveRows: Tally;
  audit: { actions: string[]; chainBrokenAt: number | null };
  pendingEffectColumns: number;
  /** A row in `dirty` names the case (the sweep would look at it). */
  dirty: boolean;
  caseState: string | null;
}

/**
 * The on-time / late sign-off counts (counters `done:<shard>`, columns ok_<department> / late_<department>),
 * per column, and the statistics rows (`stats`: `<district>:<day>:<shard>` and `live:<district>:<shard>`) as
 * `stats|<district>:<day>|<column>`, summed over the shards.
 * The store's exactly-once marker cells (m_…) are left out: they are bookkeeping, not counts.
 */
export async function doneCounters(client: OtsClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const row of await scan(client, 'counters', ['key'])) {
    // Summed over the shard rows (done:00 … done:15): which shard a case lands in depends on its id.
    if (!pkText(row)[0].startsWith('done:')) continue;
    for (const [col, v] of Object.entries(attributesOf(row))) {
      if (!/^(ok|late)_/.test(col)) continue;
      const n = typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);
      out[col] = (out[col] ?? 0) + n;
    }
  }
  for (const row of await scan(client, 'stats', ['key'])) {
    const key = pkText(row)[0];
    const parts = key.split(':');
    const where = parts[0] === 'live' ? `live:${parts[1]}` : `${parts[0]}:${parts[1]}`;
    for (const [col, v] of Object.entries(attributesOf(row))) {
      if (col.startsWith('m_')) continue;
      const n = typeof v === 'object' && v !== null && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v);
      out[`stats|${where}|${col}`] = (out[`stats|${where}|${col}`] ?? 0) + n;
    }
  }
  return out;
}

/** after − before, keys with no change left out. */
export function counterDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(after).sort()) if ((after[k] ?? 0) !== (before[k] ?? 0)) out[k] = after[k] - (before[k] ?? 0);
  return out;
}

export async function observe(client: OtsClient, gateways: Gateways, caseId: string): Promise<Observation> {
  const norm = (s: string) => s.split(caseId).join('<case>');
  const notices = gateways.notices().filter((n) => (n.bizMsgId ?? '').startsWith(caseId) || n.text.includes(caseId));
  const todos = gateways.todos().filter((t) => (t.bizTaskId ?? '').startsWith(caseId));
  const queues = (await scan(client, 'queues', ['queue', 'due', 'ref'])).filter((r) => pkText(r).some((v) => v.includes(caseId)));
  const archive = (await scan(client, 'archive', ['subject', 'case'])).filter((r) => pkText(r)[1] === caseId);
  const audit = await new AuditRows(client).list(caseId);
  const caseRow = await client.getRow({ tableName: 'cases', primaryKey: [{ pk: casePartition(caseId) }, { row: '#' }], maxVersions: 1 });
  const cells = attributesOf(caseRow.row);
  return {
    notices: tally(notices.map((n) => `${n.platform}|${norm(n.bizMsgId ?? n.text)}|${n.accountId}`)),
    todos: tally(todos.map((t) => `${t.platform}|${norm(t.bizTaskId ?? '')}|${t.accountId}|${t.state}`)),
    queueRows: tally(queues.map((r) => norm(pkText(r).join('|')))),
    archiveRows: tally(archive.map((r) => `${pkText(r)[0].slice(0, 12)}|${String(attributesOf(r).role)}`)),
    audit: { actions: audit.map((r) => `${r.seq}:${r.action}:${norm(r.data.join(','))}`), chainBrokenAt: verifyChain(audit) },
    pendingEffectColumns: Object.keys(cells).filter((c) => c.startsWith('x_')).length,
    dirty: (await scan(client, 'dirty', ['shard', 'case'])).some((r) => pkText(r)[1] === caseId),
    caseState: typeof cells.xs === 'string' ? cells.xs : null,
  };
}

/** Every key of every tally appears exactly once. */
export function duplicates(o: Observation): string[] {
  return [o.notices, o.todos, o.queueRows, o.archiveRows].flatMap((t) => Object.entries(t).filter(([, n]) => n !== 1).map(([k, n]) => `${k} ×${n}`));
}
