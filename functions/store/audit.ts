// The `audit` table: per-case, append-only, hash-chained access records (DESIGN: security) — every share
// of a material, every read of a person's archive, every attachment download: who, which department, which
// subject (keyed hash), which data, for what purpose, when. PK `pk` (the case's partition key, see
// cases.ts), `seq` (INTEGER: the seq of the first record in the row). One row holds the records one change
// linked (e.g. the three shares of a signed birth certificate) — rows of their own: never capped, never
// updated, each record with its own hash.
//
// Chain: hash = sha256(prevHash + "\n" + canonical JSON of the record without `hash`); the first record's
// prevHash is "". The case row's `h` cell is the chain head {seq, hash}: a record gets its seq and prevHash
// in the same conditional write that advances the head, and is then put here (idempotently, same bytes).
import { canonicalJson, chainHash, type Json } from '../core/canonical.js';
import { Long, TableStore, attributesOf, rowExists, type CreateTableParams, type OtsClient } from './client.js';
import { casePartition } from './cases.js';
import { rowCondition, str } from './rowOps.js';

const AUDIT_TABLE_NAME = 'audit';

export const AUDIT_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: AUDIT_TABLE_NAME,
    primaryKey: [
      { name: 'pk', type: 'STRING' },
      { name: 'seq', type: 'INTEGER' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

interface AuditActor {
  id: string;
  name: string;
  department: string | null;
  district: string | null;
}

/** One access record. `hash` covers every other field. */
export interface StoredAuditRecord {
  caseId: string;
  seq: number;
  at: string;
  /** share | archiveSearch | archiveRead | attachmentRead */
  action: string;
  actor: AuditActor;
  /** The department that received or read the data (for a share: the consuming sub-task's). */
  recipient: { department: string; district: string; itemId: string | null } | null;
  /** Keyed hashes of the subjects concerned. */
  subjects: string[];
  /** Which data: "material:field,field", "attachment:<sha256>", "case". */
  data: string[];
  purpose: string;
  prevHash: string;
  hash: string;
}

export type AuditDraft = Omit<StoredAuditRecord, 'seq' | 'prevHash' | 'hash'>;

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: '' };

/** A record of a hash chain: its place, its link to the one before, and its own hash over everything else. */
interface ChainedRecord {
  seq: number;
  prevHash: string;
  hash: string;
}

/** What the hash covers: the record without `hash` (undefined members dropped). */
function body(r: object): Json {
  return JSON.parse(JSON.stringify({ ...r, hash: undefined })) as Json;
}

/** The record with its hash: sha256(prevHash + "\n" + canonical JSON of the rest). */
export function sealChained<T extends Omit<ChainedRecord, 'hash'>>(unsigned: T): T & { hash: string } {
  return { ...unsigned, hash: chainHash(unsigned.prevHash, body(unsigned)) };
}

/** Links drafts onto the chain after `head`; returns the records and the new head. */
export function linkRecords(head: ChainHead, drafts: readonly AuditDraft[]): { records: StoredAuditRecord[]; head: ChainHead } {
  let h = head;
  const records: StoredAuditRecord[] = [];
  for (const d of drafts) {
    const record = sealChained({ ...d, seq: h.seq + 1, prevHash: h.hash });
    records.push(record);
    h = { seq: record.seq, hash: record.hash };
  }
  return { records, head: h };
}

/** Checks seq continuity, the links and every hash; returns the first broken seq, or null (case audit and configuration chains). */
export function verifyChain(records: readonly ChainedRecord[]): number | null {
  let prev = EMPTY_HEAD;
  for (const r of records) {
    if (r.seq !== prev.seq + 1 || r.prevHash !== prev.hash) return prev.seq + 1;
    const { hash, ...rest } = r;
    if (chainHash(r.prevHash, body(rest)) !== hash) return r.seq;
    prev = { seq: r.seq, hash };
  }
  return null;
}

export class AuditRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = AUDIT_TABLE_NAME,
  ) {}

  /** Writes consecutive records of one case as one row (idempotent: same key, same bytes). */
  async put(records: readonly StoredAuditRecord[]): Promise<void> {
    const first = records[0];
    if (!first) return;
    await this.client.putRow({
      tableName: this.table,
      primaryKey: [{ pk: casePartition(first.caseId) }, { seq: Long.fromNumber(first.seq) }],
      attributeColumns: [{ r: canonicalJson(JSON.parse(JSON.stringify(records)) as Json) }],
      condition: rowCondition('ignore'),
    });
  }

  /** Every record of the case in order. */
  async list(caseId: string): Promise<StoredAuditRecord[]> {
    const out: StoredAuditRecord[] = [];
    let start = [{ pk: casePartition(caseId) }, { seq: TableStore.INF_MIN }] as Parameters<OtsClient['getRange']>[0]['inclusiveStartPrimaryKey'];
    for (;;) {
      const res = await this.client.getRange({
        tableName: this.table,
        direction: 'FORWARD',
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ pk: casePartition(caseId) }, { seq: TableStore.INF_MAX }],
        maxVersions: 1,
      });
      for (const row of res.rows.filter(rowExists)) {
        const r = JSON.parse(str(attributesOf(row).r) ?? '[]') as StoredAuditRecord | StoredAuditRecord[];
        out.push(...(Array.isArray(r) ? r : [r]));
      }
      if (!res.nextStartPrimaryKey) return out;
      start = res.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
    }
  }
}
