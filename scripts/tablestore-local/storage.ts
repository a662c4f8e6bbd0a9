/**
 * The storage interface of tablestore-local and its one implementation: SQLite through better-sqlite3.
 *
 * Layout: a catalog table `tables` (id, name, meta JSON), a table `autoinc` (last auto-increment value
 * per table), and one WITHOUT ROWID table `r<id>` per Tablestore table holding
 * (k = order-preserving key, v = PlainBuffer row, mv = max versions, sz = CU bytes, mts = oldest ts).
 *
 * Durability: WAL journal. Writes run inside a group-commit transaction that is opened by the first
 * write of an event-loop turn and committed in the next check phase (setImmediate); every response —
 * reads included — is sent only after that commit (`whenDurable`), so nothing unacknowledged is ever
 * visible and nothing acknowledged is ever lost.
 * - 'durable': synchronous=FULL, the WAL is fsynced at every commit: survives kill -9 and power loss.
 * - 'fast': synchronous=OFF: survives kill -9 of the server (the OS holds the written WAL), not a power loss.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { StoredRecord } from './rowdata.js';
import type { TableMeta } from './schema.js';

export type Durability = 'durable' | 'fast';

export interface Storage {
  loadTables(): TableMeta[];
  /** Creates the rows table and records the metadata. */
  createTable(meta: TableMeta): void;
  saveTable(meta: TableMeta): void;
  dropTable(meta: TableMeta): void;
  nextTableId(): number;
  get(meta: TableMeta, key: Buffer): StoredRecord | undefined;
  /** Single-statement writes join the current group commit. */
  put(meta: TableMeta, key: Buffer, record: StoredRecord): void;
  delete(meta: TableMeta, key: Buffer): void;
  /**
   * Forward: from <= k < to, ascending. Backward: to < k <= from, descending. At most `limit` rows.
   * Rows are read lazily; finish or `return()` the iterator before the next storage call.
   */
  scan(meta: TableMeta, from: Buffer, to: Buffer, backward: boolean, limit: number): IterableIterator<StoredRecord>;
  /** Next auto-increment value of the table, at least `floor`; call inside `write`. */
  nextAutoIncrement(meta: TableMeta, floor: bigint): bigint;
  /** Runs `fn` atomically (a savepoint) inside the current group commit. */
  write<T>(fn: () => T): T;
  /** Calls back once everything written so far is committed (at once if nothing is pending). */
  whenDurable(callback: (error: Error | null) => void): void;
  close(): void;
}

/** v, mv, sz, mts: the key column is never fetched (blob columns are the costly part of a row read). */
type Row = [Buffer, number, number, number];
type Statement = Database.Statement<unknown[], unknown>;

interface TableStatements {
  get: Statement;
  put: Statement;
  del: Statement;
  forward: Statement;
  backward: Statement;
}

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly statements = new Map<number, TableStatements>();
  private readonly begin: Statement;
  private readonly commit: Statement;
  private readonly savepoint: (fn: () => unknown) => unknown;
  private readonly autoincGet: Statement;
  private readonly autoincSet: Statement;
  private readonly autoincCache = new Map<number, bigint>();
  private batchOpen = false;
  private waiters: Array<(error: Error | null) => void> = [];
  private maxId = 0;

  constructor(dataDir: string, durability: Durability) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'tablestore.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability === 'durable' ? 'FULL' : 'OFF'}`);
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tables (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, meta TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS autoinc (id INTEGER PRIMARY KEY, last INTEGER NOT NULL);
    `);
    this.begin = this.db.prepare('BEGIN');
    this.commit = this.db.prepare('COMMIT');
    this.savepoint = this.db.transaction((fn: () => unknown) => fn());
    this.autoincGet = this.db.prepare('SELECT last FROM autoinc WHERE id = ?').pluck().safeIntegers(true);
    this.autoincSet = this.db.prepare('INSERT INTO autoinc (id, last) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last');
  }

  loadTables(): TableMeta[] {
    const rows = this.db.prepare('SELECT id, meta FROM tables ORDER BY name').all() as Array<{ id: number; meta: string }>;
    for (const row of rows) this.maxId = Math.max(this.maxId, row.id);
    return rows.map((row) => JSON.parse(row.meta) as TableMeta);
  }

  nextTableId(): number {
    this.maxId += 1;
    return this.maxId;
  }

  createTable(meta: TableMeta): void {
    this.write(() => {
      this.db.exec(`CREATE TABLE IF NOT EXISTS r${meta.id} (k BLOB PRIMARY KEY, v BLOB NOT NULL, mv INTEGER NOT NULL, sz INTEGER NOT NULL, mts INTEGER NOT NULL) WITHOUT ROWID`);
      this.db.prepare('INSERT INTO tables (id, name, meta) VALUES (?, ?, ?)').run(meta.id, meta.name, JSON.stringify(meta));
    });
  }

  saveTable(meta: TableMeta): void {
    this.write(() => {
      this.db.prepare('UPDATE tables SET meta = ? WHERE id = ?').run(JSON.stringify(meta), meta.id);
    });
  }

  dropTable(meta: TableMeta): void {
    this.statements.delete(meta.id);
    this.autoincCache.delete(meta.id);
    this.write(() => {
      this.db.exec(`DROP TABLE IF EXISTS r${meta.id}`);
      this.db.prepare('DELETE FROM tables WHERE id = ?').run(meta.id);
      this.db.prepare('DELETE FROM autoinc WHERE id = ?').run(meta.id);
    });
  }

  private table(meta: TableMeta): TableStatements {
    let s = this.statements.get(meta.id);
    if (!s) {
      const t = `r${meta.id}`;
      const cols = 'v, mv, sz, mts';
      s = {
        get: this.db.prepare(`SELECT ${cols} FROM ${t} WHERE k = ?`).raw(true),
        put: this.db.prepare(`INSERT OR REPLACE INTO ${t} (k, ${cols}) VALUES (?, ?, ?, ?, ?)`),
        del: this.db.prepare(`DELETE FROM ${t} WHERE k = ?`),
        forward: this.db.prepare(`SELECT ${cols} FROM ${t} WHERE k >= ? AND k < ? ORDER BY k LIMIT ?`).raw(true),
        backward: this.db.prepare(`SELECT ${cols} FROM ${t} WHERE k <= ? AND k > ? ORDER BY k DESC LIMIT ?`).raw(true),
      };
      this.statements.set(meta.id, s);
    }
    return s;
  }

  get(meta: TableMeta, key: Buffer): StoredRecord | undefined {
    const row = this.table(meta).get.get(key) as Row | undefined;
    return row ? { row: row[0], versions: row[1], size: row[2], minTs: row[3] } : undefined;
  }

  put(meta: TableMeta, key: Buffer, record: StoredRecord): void {
    this.ensureBatch();
    this.table(meta).put.run(key, record.row, record.versions, record.size, record.minTs);
  }

  delete(meta: TableMeta, key: Buffer): void {
    this.ensureBatch();
    this.table(meta).del.run(key);
  }

  *scan(meta: TableMeta, from: Buffer, to: Buffer, backward: boolean, limit: number): IterableIterator<StoredRecord> {
    const s = this.table(meta);
    const rows = (backward ? s.backward : s.forward).iterate(from, to, limit) as IterableIterator<Row>;
    for (const row of rows) yield { row: row[0], versions: row[1], size: row[2], minTs: row[3] };
  }

  nextAutoIncrement(meta: TableMeta, floor: bigint): bigint {
    let last = this.autoincCache.get(meta.id);
    if (last === undefined) last = (this.autoincGet.get(meta.id) as bigint | undefined) ?? 0n;
    const next = last + 1n > floor ? last + 1n : floor;
    this.ensureBatch();
    this.autoincSet.run(meta.id, next);
    this.autoincCache.set(meta.id, next);
    return next;
  }

  write<T>(fn: () => T): T {
    this.ensureBatch();
    return this.savepoint(fn) as T;
  }

  private ensureBatch(): void {
    if (!this.batchOpen) {
      this.begin.run();
      this.batchOpen = true;
      setImmediate(this.flush);
    }
  }

  whenDurable(callback: (error: Error | null) => void): void {
    if (this.batchOpen) this.waiters.push(callback);
    else callback(null);
  }

  private readonly flush = (): void => {
    if (!this.batchOpen) return;
    let error: Error | null = null;
    try {
      this.commit.run();
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.autoincCache.clear();
    }
    this.batchOpen = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter(error);
  };

  close(): void {
    this.flush();
    this.db.close();
  }
}
