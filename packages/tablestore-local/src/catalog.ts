/** The tables of the instance, held in memory and persisted through the storage. */
import { errors } from './errors.js';
import { isValidName } from './limits.js';
import type { TableMeta } from './schema.js';
import type { Storage } from './storage.js';

export class Catalog {
  private readonly tables = new Map<string, TableMeta>();

  constructor(storage: Storage) {
    for (const meta of storage.loadTables()) this.tables.set(meta.name, meta);
  }

  /** The table, or 404 OTSObjectNotExist (400 for a name that cannot be a table's). */
  require(name: string): TableMeta {
    const meta = this.tables.get(name);
    if (meta) return meta;
    if (!isValidName(name)) throw errors.invalidTableName(name);
    throw errors.tableNotExist();
  }

  find(name: string): TableMeta | undefined {
    return this.tables.get(name);
  }

  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  get size(): number {
    return this.tables.size;
  }

  set(meta: TableMeta): void {
    this.tables.set(meta.name, meta);
  }

  remove(name: string): void {
    this.tables.delete(name);
  }
}
