/**
 * The storage interface of tablestore-local and its one implementation: LMDB through the `lmdb` package
 * (a memory-mapped, copy-on-write B+tree; ordered keys, ACID transactions, prebuilt binary).
 *
 * Layout: one file `tablestore.mdb` (+ `tablestore.mdb-lock`) in the data directory with three named
 * databases: `tables` (table id → metadata JSON), `autoinc` (table id → last auto-increment value) and
 * `rows`, keyed by the table id (4 bytes big-endian) + the order-preserving primary-key encoding of
 * keys.ts, compared bytewise — the order Tablestore gives rows. A value is a 16-byte header (versions,
 * CU size, oldest timestamp) followed by the row's PlainBuffer bytes.
 *
 * Long keys: LMDB keys are at most 4026 bytes (page size 8192), an encoded primary key up to ~8 KB (four
 * 1 KB columns, zero bytes escaped). A key longer than HEAD bytes is kept in a bucket under its first HEAD
 * bytes + 0x00, which sorts exactly where its rows belong among the direct keys (proof at `bucketKey`);
 * the bucket holds its rows sorted by the rest of the key.
 *
 * Group commit: every request runs inside `submit`, queued for the current event-loop turn. In the next
 * check phase (setImmediate) the turn's requests run in arrival order, one after another, inside ONE LMDB
 * write transaction, which is committed before any of them is answered (`done`). A turn of reads only
 * runs without a write transaction. So a request sees every write acknowledged before it, nothing
 * unacknowledged is ever visible to a client, and nothing acknowledged is ever lost:
 * - 'durable': the commit writes the pages, fdatasyncs the file and writes the meta page through an
 *   O_DSYNC descriptor before it returns: survives kill -9 and power loss.
 * - 'fast': no sync (LMDB MDB_NOSYNC): the committed pages are in the OS page cache, so kill -9 of the
 *   server loses nothing; a power loss may lose the last commits. For tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { StoredRecord } from './rowdata.js';
import type { TableMeta } from './schema.js';

export type Durability = 'durable' | 'fast';

export interface Storage {
  loadTables(): TableMeta[];
  /** Records the metadata of a new table. */
  createTable(meta: TableMeta): void;
  saveTable(meta: TableMeta): void;
  /** Removes the table's metadata, rows and auto-increment state. */
  dropTable(meta: TableMeta): void;
  nextTableId(): number;
  get(meta: TableMeta, key: Buffer): StoredRecord | undefined;
  /** Writes join the current group commit (only inside a `submit` work marked `writes`). */
  put(meta: TableMeta, key: Buffer, record: StoredRecord): void;
  delete(meta: TableMeta, key: Buffer): void;
  /**
   * Forward: from <= k < to, ascending. Backward: to < k <= from, descending. At most `limit` rows.
   * Rows are read lazily; finish or `return()` the iterator before the next storage call.
   */
  scan(meta: TableMeta, from: Buffer, to: Buffer, backward: boolean, limit: number): IterableIterator<StoredRecord>;
  /** Next auto-increment value of the table, at least `floor`; call inside `write`. */
  nextAutoIncrement(meta: TableMeta, floor: bigint): bigint;
  /** Runs `fn` atomically (a nested transaction) inside the current group commit. */
  write<T>(fn: () => T): T;
  /**
   * Runs `work` in this event-loop turn's group, after the work submitted before it and without
   * interleaving; `done` is called once the group is committed (durably, in durable mode), with the
   * commit's error if it failed (then nothing of the group was written). `writes: false` promises that
   * the work only reads.
   */
  submit(work: () => void, writes: boolean, done: (error: Error | null) => void): void;
  /** Runs what is queued, then closes the files. */
  close(): Promise<void>;
}

/** Longest primary-key encoding stored under its own LMDB key; longer ones go to a bucket. */
const HEAD = 4000;
const PREFIX = 4;
const RECORD_HEADER = 16;
const DATA_FILE = 'tablestore.mdb';
const SQLITE_FILE = 'tablestore.db';

interface Task {
  work: () => void;
  done: (error: Error | null) => void;
}

function encodeRecord(record: StoredRecord): Buffer {
  const out = Buffer.allocUnsafe(RECORD_HEADER + record.row.length);
  out.writeUInt32BE(record.versions, 0);
  out.writeUInt32BE(record.size, 4);
  out.writeDoubleBE(record.minTs, 8);
  record.row.copy(out, RECORD_HEADER);
  return out;
}

function decodeRecord(value: Buffer): StoredRecord {
  return {
    row: value.subarray(RECORD_HEADER),
    versions: value.readUInt32BE(0),
    size: value.readUInt32BE(4),
    minTs: value.readDoubleBE(8),
  };
}

/** A bucket's rows: the key after its first HEAD bytes (`tail`) and the encoded record, sorted by tail. */
interface BucketEntry {
  tail: Buffer;
  value: Buffer;
}

function decodeBucket(value: Buffer | undefined): BucketEntry[] {
  const entries: BucketEntry[] = [];
  if (!value) return entries;
  let pos = 0;
  while (pos < value.length) {
    const tailLength = value.readUInt32BE(pos);
    const tail = value.subarray(pos + 4, pos + 4 + tailLength);
    pos += 4 + tailLength;
    const valueLength = value.readUInt32BE(pos);
    entries.push({ tail, value: value.subarray(pos + 4, pos + 4 + valueLength) });
    pos += 4 + valueLength;
  }
  return entries;
}

function encodeBucket(entries: readonly BucketEntry[]): Buffer {
  let size = 0;
  for (const e of entries) size += 8 + e.tail.length + e.value.length;
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const e of entries) {
    pos = out.writeUInt32BE(e.tail.length, pos);
    pos += e.tail.copy(out, pos);
    pos = out.writeUInt32BE(e.value.length, pos);
    pos += e.value.copy(out, pos);
  }
  return out;
}

function prefixed(tableId: number, key: Buffer, length: number, suffix: number | null): Buffer {
  const out = Buffer.allocUnsafe(PREFIX + length + (suffix === null ? 0 : 1));
  out.writeUInt32BE(tableId, 0);
  key.copy(out, PREFIX, 0, length);
  if (suffix !== null) out[PREFIX + length] = suffix;
  return out;
}

/** The LMDB key of a row whose encoded primary key is at most HEAD bytes. */
const directKey = (tableId: number, key: Buffer): Buffer => prefixed(tableId, key, key.length, null);

/**
 * The LMDB key of the bucket of a longer key: its first HEAD bytes + 0x00. It sorts exactly where its rows
 * do among direct keys D (|D| <= HEAD) in bytewise order: if D is a prefix of the head (D may equal it),
 * D is smaller than every row of the bucket and than the bucket key; otherwise D and the head differ at a
 * byte before both end, which orders D against the rows and the bucket key alike. Buckets of different
 * heads are ordered by their heads, as their rows are.
 */
const bucketKey = (tableId: number, key: Buffer): Buffer => prefixed(tableId, key, HEAD, 0x00);

const isBucketKey = (lmdbKey: Buffer): boolean => lmdbKey.length === PREFIX + HEAD + 1;

function errorOf(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export class LmdbStorage implements Storage {
  private readonly env: RootDatabase;
  private readonly tables: Database<string, number>;
  private readonly autoinc: Database<string, number>;
  private readonly rows: Database<Buffer, Buffer>;
  private readonly autoincCache = new Map<number, bigint>();
  private queue: Task[] = [];
  private queueWrites = false;
  private inWriteGroup = false;
  private maxId = 0;

  constructor(dataDir: string, durability: Durability) {
    fs.mkdirSync(dataDir, { recursive: true });
    if (fs.existsSync(path.join(dataDir, SQLITE_FILE))) {
      console.warn(`tablestore-local: ${path.join(dataDir, SQLITE_FILE)} was written by an earlier (SQLite) version and is not read; delete it`);
    }
    this.env = open({
      path: path.join(dataDir, DATA_FILE),
      pageSize: 8192,
      maxDbs: 4,
      // One mapping of 256 GiB of address space (not of memory or disk; the file grows as it is written).
      // lmdb's default starts small and maps the file again each time it doubles, keeping the old
      // mappings, so the same page-cache pages would count in RSS once per mapping.
      mapSize: 2 ** 38,
      // Classic LMDB commits (fdatasync, then the meta page through an O_DSYNC descriptor): durable when
      // the commit returns. 'fast' skips both.
      overlappingSync: false,
      noSync: durability === 'fast',
    });
    const { maxKeySize } = this.env as unknown as { maxKeySize: number };
    if (maxKeySize < PREFIX + HEAD + 1) throw new Error(`lmdb allows keys of ${maxKeySize} bytes only`);
    this.tables = this.env.openDB<string, number>({ name: 'tables', keyEncoding: 'uint32', encoding: 'string' });
    this.autoinc = this.env.openDB<string, number>({ name: 'autoinc', keyEncoding: 'uint32', encoding: 'string' });
    this.rows = this.env.openDB<Buffer, Buffer>({ name: 'rows', keyEncoding: 'binary', encoding: 'binary' });
  }

  loadTables(): TableMeta[] {
    const metas: TableMeta[] = [];
    for (const { key, value } of this.tables.getRange({})) {
      this.maxId = Math.max(this.maxId, key);
      metas.push(JSON.parse(value) as TableMeta);
    }
    return metas.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  nextTableId(): number {
    this.maxId += 1;
    return this.maxId;
  }

  createTable(meta: TableMeta): void {
    this.requireWriteGroup();
    this.tables.putSync(meta.id, JSON.stringify(meta));
  }

  saveTable(meta: TableMeta): void {
    this.requireWriteGroup();
    this.tables.putSync(meta.id, JSON.stringify(meta));
  }

  dropTable(meta: TableMeta): void {
    this.requireWriteGroup();
    this.autoincCache.delete(meta.id);
    this.write(() => {
      const start = Buffer.alloc(PREFIX);
      start.writeUInt32BE(meta.id, 0);
      const end = Buffer.alloc(PREFIX);
      end.writeUInt32BE(meta.id + 1, 0);
      const keys = [...this.rows.getKeys({ start, end })];
      for (const key of keys) this.rows.removeSync(key);
      this.tables.removeSync(meta.id);
      this.autoinc.removeSync(meta.id);
    });
  }

  get(meta: TableMeta, key: Buffer): StoredRecord | undefined {
    if (key.length <= HEAD) {
      const value = this.rows.getBinary(directKey(meta.id, key));
      return value ? decodeRecord(value) : undefined;
    }
    const tail = key.subarray(HEAD);
    const entry = decodeBucket(this.rows.getBinary(bucketKey(meta.id, key))).find((e) => e.tail.equals(tail));
    return entry ? decodeRecord(entry.value) : undefined;
  }

  put(meta: TableMeta, key: Buffer, record: StoredRecord): void {
    this.requireWriteGroup();
    if (key.length <= HEAD) {
      this.rows.putSync(directKey(meta.id, key), encodeRecord(record));
      return;
    }
    const lmdbKey = bucketKey(meta.id, key);
    const tail = key.subarray(HEAD);
    const entries = decodeBucket(this.rows.getBinary(lmdbKey)).filter((e) => !e.tail.equals(tail));
    entries.push({ tail, value: encodeRecord(record) });
    entries.sort((a, b) => Buffer.compare(a.tail, b.tail));
    this.rows.putSync(lmdbKey, encodeBucket(entries));
  }

  delete(meta: TableMeta, key: Buffer): void {
    this.requireWriteGroup();
    if (key.length <= HEAD) {
      this.rows.removeSync(directKey(meta.id, key));
      return;
    }
    const lmdbKey = bucketKey(meta.id, key);
    const tail = key.subarray(HEAD);
    const before = decodeBucket(this.rows.getBinary(lmdbKey));
    const entries = before.filter((e) => !e.tail.equals(tail));
    if (entries.length === before.length) return;
    if (entries.length === 0) this.rows.removeSync(lmdbKey);
    else this.rows.putSync(lmdbKey, encodeBucket(entries));
  }

  *scan(meta: TableMeta, from: Buffer, to: Buffer, backward: boolean, limit: number): IterableIterator<StoredRecord> {
    if (limit <= 0) return;
    const id = meta.id;
    // LMDB bounds that take in every direct key and every bucket that may hold a row of the range; the
    // rows of buckets are checked against the real bounds below.
    const bound = (b: Buffer, suffix: 0 | 1 | null): Buffer =>
      b.length <= HEAD ? directKey(id, b) : prefixed(id, b, HEAD, suffix);
    const range = backward
      ? { start: bound(from, 0x00), end: bound(to, null), reverse: true }
      : { start: bound(from, 0x00), end: bound(to, 0x01) };
    const inRange = (key: Buffer): boolean =>
      backward ? Buffer.compare(key, from) <= 0 && Buffer.compare(key, to) > 0 : Buffer.compare(key, from) >= 0 && Buffer.compare(key, to) < 0;
    let count = 0;
    for (const { key, value } of this.rows.getRange(range)) {
      if (!isBucketKey(key)) {
        yield decodeRecord(value);
        if (++count >= limit) return;
        continue;
      }
      const head = key.subarray(PREFIX, PREFIX + HEAD);
      const entries = decodeBucket(value);
      if (backward) entries.reverse();
      for (const entry of entries) {
        if (!inRange(Buffer.concat([head, entry.tail]))) continue;
        yield decodeRecord(entry.value);
        if (++count >= limit) return;
      }
    }
  }

  nextAutoIncrement(meta: TableMeta, floor: bigint): bigint {
    this.requireWriteGroup();
    let last = this.autoincCache.get(meta.id);
    if (last === undefined) {
      const stored = this.autoinc.get(meta.id);
      last = stored === undefined ? 0n : BigInt(stored);
    }
    const next = last + 1n > floor ? last + 1n : floor;
    this.autoinc.putSync(meta.id, next.toString());
    this.autoincCache.set(meta.id, next);
    return next;
  }

  write<T>(fn: () => T): T {
    this.requireWriteGroup();
    // Nested in the group's write transaction, lmdb runs this as a child transaction: a throw undoes it.
    const cacheBefore = new Map(this.autoincCache);
    try {
      return this.env.transactionSync(fn) as T;
    } catch (error) {
      this.autoincCache.clear();
      for (const [k, v] of cacheBefore) this.autoincCache.set(k, v);
      throw error;
    }
  }

  submit(work: () => void, writes: boolean, done: (error: Error | null) => void): void {
    if (this.queue.length === 0) setImmediate(this.flush);
    this.queue.push({ work, done });
    if (writes) this.queueWrites = true;
  }

  private requireWriteGroup(): void {
    if (!this.inWriteGroup) throw new Error('tablestore-local storage: a write outside a writing group');
  }

  private readonly flush = (): void => {
    const tasks = this.queue;
    if (tasks.length === 0) return;
    const writes = this.queueWrites;
    this.queue = [];
    this.queueWrites = false;
    let error: Error | null = null;
    if (!writes) {
      for (const task of tasks) task.work();
    } else {
      try {
        this.env.transactionSync(() => {
          this.inWriteGroup = true;
          try {
            for (const task of tasks) task.work();
          } finally {
            this.inWriteGroup = false;
          }
        });
      } catch (e) {
        error = errorOf(e);
        this.autoincCache.clear();
      }
    }
    for (const task of tasks) task.done(error);
  };

  async close(): Promise<void> {
    this.flush();
    await this.env.close();
  }
}
