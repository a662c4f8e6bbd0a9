// 热线事项目录 (the 81812345 hotline catalog, core workOrder.ts HotlineCatalog) in `directory`: kind 'hotlineCatalog',
// id = the district code, cells `doc` (canonical JSON of the HotlineCatalog) and `version` (Long, equal to the
// catalog's `version`: 1 when first written, +1 on every save). Every write is conditional: the first expects no row,
// a save expects the version read, so two admins saving at once give one success and one CONFLICT.
import { canonicalJson, type Json } from '../core/canonical.js';
import { domainError } from '../core/errors.js';
import type { HotlineCatalog } from '../core/workOrder.js';
import { Long, columnEquals, expectExist, expectNotExist, isConditionFailed, rowExists, attributesOf, type OtsClient, type PrimaryKeyInput } from './client.js';
import { DIRECTORY_TABLE_NAME } from './directory.js';
import { num, str } from './rowOps.js';

const KIND = 'hotlineCatalog';

export class HotlineCatalogStore {
  constructor(
    private readonly client: OtsClient,
    private readonly table: string = DIRECTORY_TABLE_NAME,
  ) {}

  private key(district: string): PrimaryKeyInput {
    return [{ kind: KIND }, { id: district }];
  }

  /** The district's catalog (its `version` the row's), or null when none is stored. */
  async get(district: string): Promise<HotlineCatalog | null> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(district), maxVersions: 1 });
    if (!rowExists(row)) return null;
    const a = attributesOf(row);
    const doc = JSON.parse(str(a.doc) ?? 'null') as HotlineCatalog;
    return { ...doc, version: num(a.version) };
  }

  /** The stored catalog's version only (one small cell: what a cached copy is checked against), 0 when none is stored. */
  async version(district: string): Promise<number> {
    const { row } = await this.client.getRow({ tableName: this.table, primaryKey: this.key(district), maxVersions: 1, columnsToGet: ['version'] });
    return rowExists(row) ? num(attributesOf(row).version) : 0;
  }

  /**
   * Stores `catalog` (its `version` must be expectedVersion + 1) if the row is still at `expectedVersion` (0: no row
   * yet). A row that moved on, or exists when 0 was expected → CONFLICT; nothing is written then.
   */
  async put(catalog: HotlineCatalog, expectedVersion: number): Promise<void> {
    if (catalog.version !== expectedVersion + 1) throw new Error(`hotline catalog ${catalog.district}: version ${catalog.version} after ${expectedVersion}`);
    const json = canonicalJson(JSON.parse(JSON.stringify(catalog)) as Json);
    const primaryKey = this.key(catalog.district);
    try {
      if (expectedVersion === 0) {
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
          updateOfAttributeColumns: [{ PUT: [{ doc: json }, { version: Long.fromNumber(catalog.version) }] }],
          condition: expectExist(columnEquals('version', Long.fromNumber(expectedVersion))),
        });
      }
    } catch (err) {
      if (isConditionFailed(err)) throw domainError('CONFLICT', '热线事项目录已被他人修改，请刷新后再改（您的修改仍在页面上）');
      throw err;
    }
  }
}
