/**
 * Local transactions (局部事务): one per partition-key value of one table, pessimistic, Read Committed.
 *
 * - StartLocalTransaction locks the partition; a second start, or a write without the transaction id to a
 *   locked partition, fails with 409 OTSRowOperationConflict. Reads without the id see committed data.
 * - Writes with the id go to the transaction's write set (cell versions are assigned at that moment);
 *   reads with the id see the write set over the committed rows.
 * - CommitTransaction applies the write set in one storage transaction; AbortTransaction drops it.
 * - A transaction not finished within the timeout (60 s) is aborted by the server; its id then gives
 *   404 OTSSessionNotExist, as do committed and aborted ids.
 * - Writes must stay in the transaction's table and partition key: 400 OTSParameterInvalid otherwise.
 * - Up to 4 MB may be written in one transaction (400 OTSOutOfTransactionDataSizeLimit).
 * Locks live in this process's memory: a restart aborts every open transaction, as a server failover would.
 */
import { randomBytes } from 'node:crypto';
import { errors } from './errors.js';
import { LIMITS } from './limits.js';
import type { StoredRecord } from './rowdata.js';
import type { TableMeta } from './schema.js';
import type { Storage } from './storage.js';

interface PendingWrite {
  readonly key: Buffer;
  /** The row as the transaction leaves it; null = deleted. */
  readonly record: StoredRecord | null;
}

export interface Transaction {
  readonly id: string;
  readonly table: TableMeta;
  /** Encoded partition key (latin1 of its key bytes). */
  readonly partition: string;
  readonly writes: Map<string, PendingWrite>;
  bytes: number;
  timer: NodeJS.Timeout;
}

export class Transactions {
  private readonly byId = new Map<string, Transaction>();
  private readonly locks = new Map<string, Transaction>();

  constructor(private readonly timeoutMs: number = LIMITS.transactionTimeoutMs) {}

  /** Whether any partition is locked: lets writes skip the lock lookup. */
  get active(): boolean {
    return this.locks.size > 0;
  }

  start(table: TableMeta, partition: string): Transaction {
    const lockKey = `${table.id}:${partition}`;
    if (this.locks.has(lockKey)) throw errors.rowOperationConflict();
    const id = randomBytes(16).toString('hex').toUpperCase();
    const txn: Transaction = {
      id,
      table,
      partition,
      writes: new Map(),
      bytes: 0,
      timer: setTimeout(() => this.finish(txn), this.timeoutMs),
    };
    txn.timer.unref();
    this.byId.set(id, txn);
    this.locks.set(lockKey, txn);
    return txn;
  }

  /** The open transaction with this id, or 404 OTSSessionNotExist. */
  get(id: string): Transaction {
    if (!id) throw errors.invalidTransactionId();
    const txn = this.byId.get(id);
    if (!txn) throw errors.sessionNotExist();
    return txn;
  }

  lockedBy(tableId: number, partition: string): Transaction | undefined {
    return this.locks.get(`${tableId}:${partition}`);
  }

  /** Records a write of the transaction. */
  stage(txn: Transaction, key: Buffer, record: StoredRecord | null, bytes: number): void {
    if (txn.bytes + bytes > LIMITS.transactionBytes) throw errors.transactionTooLarge(LIMITS.transactionBytes);
    txn.bytes += bytes;
    txn.writes.set(key.toString('latin1'), { key, record });
  }

  commit(id: string, storage: Storage): void {
    const txn = this.get(id);
    storage.write(() => {
      for (const write of txn.writes.values()) {
        if (write.record) storage.put(txn.table, write.key, write.record);
        else storage.delete(txn.table, write.key);
      }
    });
    this.finish(txn);
  }

  abort(id: string): void {
    this.finish(this.get(id));
  }

  /** Aborts every transaction of a table (DeleteTable). */
  abortTable(tableId: number): void {
    for (const txn of [...this.byId.values()]) if (txn.table.id === tableId) this.finish(txn);
  }

  abortAll(): void {
    for (const txn of [...this.byId.values()]) this.finish(txn);
  }

  private finish(txn: Transaction): void {
    clearTimeout(txn.timer);
    this.byId.delete(txn.id);
    const lockKey = `${txn.table.id}:${txn.partition}`;
    if (this.locks.get(lockKey) === txn) this.locks.delete(lockKey);
  }
}
