// Directory entries other than staff, in the Tablestore table `directory` (PK `kind`, `id`): one JSON
// document per row. Staff have their own repository (directory.ts, kinds 'staff' and 'staff-by-account').
//
// Row layout:
//   kind  one of EntryKind                 id  the entry's id (see entryIdOf)
//   doc   canonical JSON of the entry (keys sorted, so equal entries are equal strings)
//   version  Long, 1 on creation, +1 on every change (the expected version of a conditional update)
//
// Kinds and what `doc` holds (types from functions/core):
//   'city'             { code, name }                      id = city code
//   'department-kind'  DepartmentKind                      id = kind id (health, police, …)
//   'district'         District                            id = district code (330212)
//   'department'       Department                          id = department id (yinzhou-police)
//   'seal'             Seal                                id = seal id
//   'delegation'       Delegation                          id = delegation id
//   'bundle'           Bundle (one version)                id = bundleVersionId(id, version), e.g. birth@000001
//   'calendar'         CalendarOverlay                     id = 'overlay'
//   'hours'            OpeningHours (core openingHours.ts) id = district code (the service hall's opening hours)
//   'sealkey'          SealKeyDoc (private key encrypted)  id = seal keyId (sealKeys.ts)
//   'sealpub'          SealPublicKeyDoc (readable)         id = seal keyId (sealKeys.ts)
// Writes are conditional: creation expects no row, a change expects the version it read.
import { canonicalJson, type Json } from '../core/canonical.js';
import {
  Long,
  TableStore,
  attributesOf,
  columnEquals,
  expectExist,
  expectNotExist,
  isConditionFailed,
  rowExists,
  type CellValue,
  type OtsClient,
  type PrimaryKeyInput,
  type Row,
} from './client.js';
import { DIRECTORY_TABLE_NAME } from './directory.js';

export type EntryKind = 'city' | 'department-kind' | 'district' | 'department' | 'seal' | 'delegation' | 'bundle' | 'calendar' | 'hours' | 'sealkey' | 'sealpub';

export interface DirectoryEntry<T> {
  kind: EntryKind;
  id: string;
  doc: T;
  /** The stored canonical JSON (what comparisons use). */
  json: string;
  version: number;
}

/** created: no row existed; unchanged: the row already held this document; updated: the row was changed;
 *  differs: the row holds another document and was kept (save without overwrite). */
export type SaveOutcome = 'created' | 'unchanged' | 'updated' | 'differs';

export class EntryConflictError extends Error {
  constructor(
    readonly kind: EntryKind,
    readonly id: string,
  ) {
    super(`directory ${kind} ${id} was changed by someone else`);
    this.name = 'EntryConflictError';
  }
}

/** Bundle versions sort in version order within their bundle: birth@000001, birth@000002, … */
export const bundleVersionId = (bundleId: string, version: number): string => `${bundleId}@${String(version).padStart(6, '0')}`;

/** Key-safe ids (PK strings ≤ 1 KB): short printable tokens. */
const ID_PATTERN = /^[\w.@:-]{1,128}$/;

/** Canonical JSON of a plain data object (no functions, no undefined-only values, finite numbers). */
function canonicalDoc(doc: unknown): string {
  return canonicalJson(JSON.parse(JSON.stringify(doc)) as Json);
}

const num = (v: CellValue | undefined): number =>
  typeof v === 'number' ? v : v && typeof v === 'object' && 'toNumber' in v ? v.toNumber() : 0;

function entryFromRow<T>(kind: EntryKind, row: Row): DirectoryEntry<T> {
  const a = attributesOf(row);
  const json = typeof a.doc === 'string' ? a.doc : 'null';
  return {
    kind,
    id: String(row.primaryKey?.find((c) => c.name === 'id')?.value ?? ''),
    doc: JSON.parse(json) as T,
    json,
    version: num(a.version),
  };
}

export class DirectoryEntries {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRECTORY_TABLE_NAME,
  ) {}

  private key(kind: EntryKind, id: string): PrimaryKeyInput {
    if (!ID_PATTERN.test(id)) throw new Error(`directory ${kind}: invalid id ${JSON.stringify(id)}`);
    return [{ kind }, { id }];
  }

  async get<T>(kind: EntryKind, id: string): Promise<DirectoryEntry<T> | null> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(kind, id), maxVersions: 1 });
    return rowExists(row) ? entryFromRow<T>(kind, row) : null;
  }

  /** Every entry of a kind in id order (one partition-local range, followed page by page). */
  async list<T>(kind: EntryKind): Promise<Array<DirectoryEntry<T>>> {
    const out: Array<DirectoryEntry<T>> = [];
    let start: PrimaryKeyInput = [{ kind }, { id: TableStore.INF_MIN }];
    for (;;) {
      const page = await this.client.getRange({
        tableName: this.table,
        direction: 'FORWARD',
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ kind }, { id: TableStore.INF_MAX }],
        maxVersions: 1,
      });
      out.push(...page.rows.filter(rowExists).map((r) => entryFromRow<T>(kind, r)));
      if (!page.nextStartPrimaryKey) return out;
      start = page.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
    }
  }

  /**
   * Writes `doc` under (kind, id) unless the row already holds it. A row holding another document is
   * kept ('differs') unless `overwrite`, then replaced if still at the version read ('updated').
   * `known` is the entry as already read (from list), to save a read.
   */
  async save<T>(kind: EntryKind, id: string, doc: T, options: { overwrite?: boolean; known?: DirectoryEntry<unknown> | null } = {}): Promise<SaveOutcome> {
    const primaryKey = this.key(kind, id);
    const json = canonicalDoc(doc);
    let current = options.known === undefined ? await this.get<unknown>(kind, id) : options.known;
    if (!current) {
      try {
        await this.client.putRow({
          tableName: this.table,
          primaryKey,
          attributeColumns: [{ doc: json }, { version: Long.fromNumber(1) }],
          condition: expectNotExist(),
        });
        return 'created';
      } catch (err) {
        if (!isConditionFailed(err)) throw err;
        current = await this.get<unknown>(kind, id); // created concurrently: compare with that
        if (!current) throw new EntryConflictError(kind, id);
      }
    }
    if (current.json === json) return 'unchanged';
    if (!options.overwrite) return 'differs';
    try {
      await this.client.updateRow({
        tableName: this.table,
        primaryKey,
        updateOfAttributeColumns: [{ PUT: [{ doc: json }, { version: Long.fromNumber(current.version + 1) }] }],
        condition: expectExist(columnEquals('version', Long.fromNumber(current.version))),
      });
    } catch (err) {
      if (isConditionFailed(err)) throw new EntryConflictError(kind, id);
      throw err;
    }
    return 'updated';
  }
}
