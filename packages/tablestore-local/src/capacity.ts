/**
 * Capacity units (CU) as Tablestore charges them, and per-table, per-operation counters.
 *
 * - Row size = primary-key names and values + attribute names and values (see rowdata.rowBytes).
 * - Read: ceil(returned row bytes / 4 KB) per row read, at least 1; a missing row costs 1.
 * - Write: ceil(written row bytes / 4 KB) per row written, at least 1.
 * - A condition check (EXPECT_EXIST / EXPECT_NOT_EXIST, or a column condition) and an INCREMENT add 1 read.
 * - A write that fails its condition costs 1 read + 1 write.
 * - GetRange: ceil(bytes scanned / 4 KB), at least 1.
 */
export interface OperationCounter {
  calls: number;
  read: number;
  write: number;
}

export type CapacityCounters = { [table: string]: { [operation: string]: OperationCounter } };

export function writeUnits(bytes: number): number {
  return bytes <= 4096 ? 1 : Math.ceil(bytes / 4096);
}

export class Counters {
  private data: CapacityCounters = Object.create(null) as CapacityCounters;

  record(table: string, operation: string, read: number, write: number, calls = 1): void {
    let byOp = this.data[table];
    if (!byOp) {
      byOp = Object.create(null) as { [operation: string]: OperationCounter };
      this.data[table] = byOp;
    }
    let counter = byOp[operation];
    if (!counter) {
      counter = { calls: 0, read: 0, write: 0 };
      byOp[operation] = counter;
    }
    counter.calls += calls;
    counter.read += read;
    counter.write += write;
  }

  snapshot(): CapacityCounters {
    const copy: CapacityCounters = {};
    for (const [table, byOp] of Object.entries(this.data)) {
      copy[table] = {};
      for (const [op, c] of Object.entries(byOp)) copy[table][op] = { ...c };
    }
    return copy;
  }

  reset(): void {
    this.data = Object.create(null) as CapacityCounters;
  }
}
