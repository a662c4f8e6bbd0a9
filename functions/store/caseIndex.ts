// The `caseIndex` table: the window's case list (办件查询, DESIGN: storage). PK `ix`, `k`; `k` is always
// "<yyyymmdd>:<case id>" (acceptance day in Asia/Shanghai), so every list is newest first by one BACKWARD range.
//   ix = "d:<accepting district>"           one row per case: st state · b bundle name · at accepted at ·
//                                           nm masked names (JSON array) · nh keyed hashes of the names (JSON array)
//   ix = "n:<accepting district>:<hash>"    one pointer row per indexed name of the case (keyed hash of the
//                                           normalised name, pii.ts `nameHash`; never the name): r role
// Written by the drain (exactly once, like the queue rows): the case row and its name pointers at acceptance
// (one `caseIndex` effect of the creation), the `st` cell again when the case's state changes. A search by ID
// number goes through the `archive` table (keyed hash of the ID number → case ids and acceptance times) and
// then reads this table's case rows by key — so no ID number, clear or hashed, is stored here.
import { TableStore, attributesOf, columnEquals, rowExists, type CreateTableParams, type OtsClient, type PrimaryKeyInput, type Row } from './client.js';
import { columns, pkValues, str } from './rowOps.js';

const CASE_INDEX_TABLE_NAME = 'caseIndex';

export const CASE_INDEX_TABLE: CreateTableParams = {
  tableMeta: {
    tableName: CASE_INDEX_TABLE_NAME,
    primaryKey: [
      { name: 'ix', type: 'STRING' },
      { name: 'k', type: 'STRING' },
    ],
  },
  reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
  tableOptions: { timeToLive: -1, maxVersions: 1 },
};

/** What the index holds about one case (the drain's effect carries it). */
export interface CaseIndexEntry {
  district: string;
  /** yyyymmdd, the acceptance day in Asia/Shanghai. */
  day: string;
  caseId: string;
  state: string;
  bundleName: string;
  acceptedAt: string;
  maskedNames: string[];
  /** 受理点: the accepting window's department id (absent on cases indexed before it was kept). */
  servicePoint?: string;
  /** Keyed hashes of the normalised names (pii.ts nameHash) with the subject's role. */
  names: { role: string; hash: string }[];
}

/** One case of a list, as the index shows it. */
export interface CaseIndexRow {
  caseId: string;
  /** Its position: "<yyyymmdd>:<case id>". */
  key: string;
  state: string;
  bundleName: string;
  acceptedAt: string;
  maskedNames: string[];
  nameHashes: string[];
  /** 受理点: the accepting window's department id, null on cases indexed before it was kept. */
  servicePoint: string | null;
}

export const caseIndexKey = (day: string, caseId: string): string => `${day}:${caseId}`;
export const byDistrict = (district: string) => `d:${district}`;
export const byName = (district: string, hash: string) => `n:${district}:${hash}`;

function jsonList(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(v);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rowOf(row: Row): CaseIndexRow {
  const a = attributesOf(row);
  const key = String(pkValues(row).k);
  return {
    caseId: key.slice(key.indexOf(':') + 1),
    key,
    state: str(a.st) ?? '',
    bundleName: str(a.b) ?? '',
    acceptedAt: str(a.at) ?? '',
    maskedNames: jsonList(a.nm),
    nameHashes: jsonList(a.nh),
    servicePoint: str(a.sp) ?? null,
  };
}

/** Bounds of a BACKWARD range over keys "<day>:<case id>" with from ≤ day ≤ to, going on from `cursor` (inclusive). */
function bounds(ix: string, o: { from: string | null; to: string | null; cursor: string | null }): { start: PrimaryKeyInput; end: PrimaryKeyInput } {
  const top = o.to === null ? TableStore.INF_MAX : `${o.to};`;
  const start = o.cursor !== null && (o.to === null || o.cursor < `${o.to};`) ? o.cursor : top;
  return {
    start: [{ ix }, { k: start }],
    end: [{ ix }, { k: o.from === null ? TableStore.INF_MIN : `${o.from}:` }],
  };
}

export interface IndexPage<T> {
  rows: T[];
  /** Where the next page starts (a key, inclusive), null at the end. */
  next: string | null;
}

export class CaseIndexRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = CASE_INDEX_TABLE_NAME,
  ) {}

  /** The case row and a pointer row per name. Puts of the same bytes: idempotent. */
  async put(e: CaseIndexEntry): Promise<void> {
    const k = caseIndexKey(e.day, e.caseId);
    const ignore = new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
    await this.client.putRow({
      tableName: this.table,
      primaryKey: [{ ix: byDistrict(e.district) }, { k }],
      attributeColumns: columns({
        st: e.state, b: e.bundleName, at: e.acceptedAt, nm: JSON.stringify(e.maskedNames), nh: JSON.stringify(e.names.map((n) => n.hash)),
        sp: e.servicePoint,
      }),
      condition: ignore,
    });
    for (const n of e.names) {
      await this.client.putRow({
        tableName: this.table,
        primaryKey: [{ ix: byName(e.district, n.hash) }, { k }],
        attributeColumns: columns({ r: n.role }),
        condition: ignore,
      });
    }
  }

  /** The state cell of a case row (a state change; one cell, the same value when repeated). */
  async setState(district: string, day: string, caseId: string, state: string): Promise<void> {
    await this.client.updateRow({
      tableName: this.table,
      primaryKey: [{ ix: byDistrict(district) }, { k: caseIndexKey(day, caseId) }],
      updateOfAttributeColumns: [{ PUT: [{ st: state }] }],
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
    });
  }

  /** A district's cases newest first, within [from, to] (yyyymmdd), optionally of one state (a filter on the range). */
  async byDistrict(district: string, o: { from: string | null; to: string | null; state: string | null; cursor: string | null; limit: number }): Promise<IndexPage<CaseIndexRow>> {
    const res = await this.newestFirst(byDistrict(district), o, o.state !== null ? { columnFilter: columnEquals('st', o.state) } : {});
    return { rows: res.rows.map(rowOf), next: res.next };
  }

  /** Keys of a district's cases found by a name's keyed hash, newest first, within [from, to]. */
  async keysByName(district: string, hash: string, o: { from: string | null; to: string | null; cursor: string | null; limit: number }): Promise<IndexPage<string>> {
    const res = await this.newestFirst(byName(district, hash), o, { columnsToGet: ['r'] });
    return {
      rows: res.rows.map((r) => String(pkValues(r).k)),
      next: res.next,
    };
  }

  /** The district's case rows of these keys (one BatchGetRow; ≤ 100 keys), in the order given; absent ones left out. */
  async get(district: string, keys: readonly string[]): Promise<CaseIndexRow[]> {
    if (keys.length === 0) return [];
    const res = await this.client.batchGetRow({
      tables: [{ tableName: this.table, primaryKey: keys.map((k): PrimaryKeyInput => [{ ix: byDistrict(district) }, { k }]), maxVersions: 1 }],
    });
    const found = new Map<string, CaseIndexRow>();
    for (const r of res.tables.flat()) {
      if (!r.isOk) throw new Error(`caseIndex batch read: ${r.errorCode ?? 'error'}`);
      if (!r.primaryKey || !r.attributes || r.attributes.length === 0) continue;
      const row = rowOf({ primaryKey: r.primaryKey, attributes: r.attributes });
      found.set(row.key, row);
    }
    return keys.flatMap((k) => found.get(k) ?? []);
  }

  /** One page of an index range, newest first, within [from, to], from the cursor. */
  private async newestFirst(
    ix: string,
    o: { from: string | null; to: string | null; cursor: string | null; limit: number },
    extra: { columnFilter?: ReturnType<typeof columnEquals>; columnsToGet?: string[] },
  ): Promise<{ rows: Row[]; next: string | null }> {
    const { start, end } = bounds(ix, o);
    const res = await this.client.getRange({
      tableName: this.table, direction: 'BACKWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: end, limit: o.limit, maxVersions: 1, ...extra,
    });
    return { rows: res.rows.filter(rowExists), next: res.nextStartPrimaryKey ? String(pkValues({ primaryKey: res.nextStartPrimaryKey }).k) : null };
  }

}
