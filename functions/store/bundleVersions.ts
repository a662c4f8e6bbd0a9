// Bundle versions (DESIGN: configuration) in `directory`: kind 'bundle', id `<bundleId>@<6-digit version>`
// (bundleVersionId), cells `doc` (canonical JSON of a core BundleVersionDoc; a bare Bundle from before versions
// reads as published, core readVersionDoc) and `version` (the row version, 1 on creation, +1 on every write).
// Every write is conditional: a new row expects no row, a change expects the row version the caller read, a
// discard deletes expecting it. A failed condition is a CONFLICT that says who last saved the row and when.
// All versions of one bundle are one short range (their ids share the prefix `<bundleId>@`).
import { canonicalJson, type Json } from '../core/canonical.js';
import { type BundleVersionDoc, readVersionDoc } from '../core/bundleVersion.js';
import { domainError, type DomainError } from '../core/errors.js';
import { shanghaiWallClock } from '../core/time.js';
import {
  Long,
  TableStore,
  attributesOf,
  columnEquals,
  expectExist,
  expectNotExist,
  isConditionFailed,
  rowExists,
  type OtsClient,
  type PrimaryKeyInput,
  type Row,
} from './client.js';
import { DIRECTORY_TABLE_NAME } from './directory.js';
import { bundleVersionId } from './directoryKinds.js';
import { num, str } from './rowOps.js';

const KIND = 'bundle';

/** A stored version: the bundle id, the version number, the document and the row version writes expect. */
export interface StoredBundleVersion {
  bundleId: string;
  version: number;
  doc: BundleVersionDoc;
  /** The stored canonical JSON of the document. */
  json: string;
  rowVersion: number;
}

/** `birth@000002` → birth, 2; null for an id of another shape. */
function parseBundleVersionId(id: string): { bundleId: string; version: number } | null {
  const m = /^([A-Za-z][A-Za-z0-9]*)@(\d{6})$/.exec(id);
  return m ? { bundleId: m[1], version: Number(m[2]) } : null;
}

/** One row as a stored version (null for a row whose id is not a version id). */
export function storedVersionOf(id: string, json: string, rowVersion: number): StoredBundleVersion | null {
  const parsed = parseBundleVersionId(id);
  if (!parsed) return null;
  return { ...parsed, doc: readVersionDoc(JSON.parse(json) as unknown), json, rowVersion };
}

function fromRow(row: Row): StoredBundleVersion | null {
  const a = attributesOf(row);
  const id = String(row.primaryKey?.find((c) => c.name === 'id')?.value ?? '');
  return storedVersionOf(id, str(a.doc) ?? 'null', num(a.version));
}

const docJson = (doc: BundleVersionDoc): string => canonicalJson(JSON.parse(JSON.stringify(doc)) as Json);

export class BundleVersionRows {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRECTORY_TABLE_NAME,
  ) {}

  private key(bundleId: string, version: number): PrimaryKeyInput {
    return [{ kind: KIND }, { id: bundleVersionId(bundleId, version) }];
  }

  /** Every version of one bundle in version order (one range over the ids `<bundleId>@…`). */
  async versions(bundleId: string): Promise<StoredBundleVersion[]> {
    const out: StoredBundleVersion[] = [];
    let start: PrimaryKeyInput = [{ kind: KIND }, { id: `${bundleId}@` }];
    for (;;) {
      const page = await this.client.getRange({
        tableName: this.table,
        direction: 'FORWARD',
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ kind: KIND }, { id: `${bundleId}@~` }],
        maxVersions: 1,
      });
      for (const r of page.rows.filter(rowExists)) {
        const v = fromRow(r);
        if (v && v.bundleId === bundleId) out.push(v);
      }
      if (!page.nextStartPrimaryKey) return out;
      start = page.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
    }
  }

  /** Every version of every bundle (one range over the kind; the admin list). */
  async all(): Promise<StoredBundleVersion[]> {
    const out: StoredBundleVersion[] = [];
    let start: PrimaryKeyInput = [{ kind: KIND }, { id: TableStore.INF_MIN }];
    for (;;) {
      const page = await this.client.getRange({
        tableName: this.table,
        direction: 'FORWARD',
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ kind: KIND }, { id: TableStore.INF_MAX }],
        maxVersions: 1,
      });
      for (const r of page.rows.filter(rowExists)) {
        const v = fromRow(r);
        if (v) out.push(v);
      }
      if (!page.nextStartPrimaryKey) return out;
      start = page.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value as string }));
    }
  }

  async get(bundleId: string, version: number): Promise<StoredBundleVersion | null> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(bundleId, version), maxVersions: 1 });
    return rowExists(row) ? fromRow(row) : null;
  }

  /** A new draft row (expects no row: two admins creating the same version → the second gets CONFLICT). */
  async createDraft(bundleId: string, version: number, doc: BundleVersionDoc): Promise<StoredBundleVersion> {
    return this.put(bundleId, version, doc, null);
  }

  /** Saves a draft's document, expecting the row version read. */
  async saveDraft(bundleId: string, version: number, doc: BundleVersionDoc, expectedRowVersion: number): Promise<StoredBundleVersion> {
    return this.put(bundleId, version, doc, expectedRowVersion);
  }

  /**
   * Stores a published document: over the draft row at `expectedRowVersion`, or (null) as a new row (the seed
   * publishing the catalog's bundles).
   */
  async publish(bundleId: string, version: number, doc: BundleVersionDoc, expectedRowVersion: number | null): Promise<StoredBundleVersion> {
    return this.put(bundleId, version, doc, expectedRowVersion);
  }

  /** Stores a retired document over the published row at `expectedRowVersion`. */
  async retire(bundleId: string, version: number, doc: BundleVersionDoc, expectedRowVersion: number): Promise<StoredBundleVersion> {
    return this.put(bundleId, version, doc, expectedRowVersion);
  }

  /** Deletes a draft row still at `expectedRowVersion`. */
  async discard(bundleId: string, version: number, expectedRowVersion: number): Promise<void> {
    try {
      await this.client.deleteRow({
        tableName: this.table,
        primaryKey: this.key(bundleId, version),
        condition: expectExist(columnEquals('version', Long.fromNumber(expectedRowVersion))),
      });
    } catch (err) {
      if (isConditionFailed(err)) throw await this.conflict(bundleId, version);
      throw err;
    }
  }

  private async put(bundleId: string, version: number, doc: BundleVersionDoc, expectedRowVersion: number | null): Promise<StoredBundleVersion> {
    const json = docJson(doc);
    const primaryKey = this.key(bundleId, version);
    const rowVersion = (expectedRowVersion ?? 0) + 1;
    try {
      if (expectedRowVersion === null) {
        await this.client.putRow({
          tableName: this.table,
          primaryKey,
          attributeColumns: [{ doc: json }, { version: Long.fromNumber(1) }],
          condition: expectNotExist(),
        });
      } else {
        await this.client.updateRow({
          tableName: this.table,
          primaryKey,
          updateOfAttributeColumns: [{ PUT: [{ doc: json }, { version: Long.fromNumber(rowVersion) }] }],
          condition: expectExist(columnEquals('version', Long.fromNumber(expectedRowVersion))),
        });
      }
    } catch (err) {
      if (isConditionFailed(err)) throw await this.conflict(bundleId, version);
      throw err;
    }
    return { bundleId, version, doc: readVersionDoc(JSON.parse(json) as unknown), json, rowVersion };
  }

  /** CONFLICT naming who last saved the version and when (or that it is gone / already exists). */
  private async conflict(bundleId: string, version: number): Promise<DomainError> {
    const current = await this.get(bundleId, version);
    if (!current) return domainError('CONFLICT', `第${version}版已被他人删除，请刷新`);
    const who = current.doc.updatedBy?.name ?? '他人';
    const when = current.doc.updatedAt ? shanghaiWallClock(Date.parse(current.doc.updatedAt)).slice(0, 16).replace('T', ' ') : '';
    return domainError('CONFLICT', `第${version}版已被${who}${when ? `于 ${when} ` : ''}保存，请刷新后再改（您的修改仍在页面上）`);
  }
}
