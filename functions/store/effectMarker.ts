/**
 * The dirty-marker cells and the drain-lease cell of a row of `cases` that stores pending effects (caseStore.ts
 * header: the protocol). Shared by the two kinds of rows there — a case (caseStore.ts) and a hotline work order
 * (orderStore.ts) — so both follow the one protocol the drain and the sweep rely on:
 * - a change storing effects on a row that shows no marker (`xm` absent) writes the `dirty` row FIRST and sets
 *   `xd` to its token; every such change writes a fresh `xm` and expects the `xm` it read;
 * - a new row gets both at once (the `dirty` row first).
 */
import { randomBytes } from 'node:crypto';
import { col } from './caseRecord.js';
import type { CellValue } from './client.js';
import type { DirtyMarkers } from './dirty.js';
import type { ColumnExpectation } from './rowOps.js';

/** A fresh random token (marker and lease). */
export const newToken = (): string => randomBytes(9).toString('base64url');

/** Column conditions Tablestore allows in one write's condition (tablestore-local enforces it too). */
const MAX_EXPECTATIONS = 10;

/** A drain's hold on a row's lease (caseStore.ts header: the protocol; every later write of the holder expects it). */
export interface DrainLease {
  readonly caseId: string;
  /** The lease cell as written. */
  readonly cell: string;
  /** Wall-clock ms after which the holder renews the lease before it starts a further effect. */
  readonly handOverAt: number;
}

/** The lease cell "<expiry ms>:<token>" → its expiry (0 when unreadable: treated as expired). */
function leaseExpiry(cell: string | null): number {
  if (cell === null) return 0;
  const n = Number(cell.slice(0, cell.indexOf(':')));
  return Number.isFinite(n) ? n : 0;
}

/**
 * Whether the lease cell as read was given back (or never taken): no drain may still write progress under it. An
 * expired lease that was not given back may: its holder's progress write keeps the cell (caseStore.ts recordProgress).
 */
export const leaseGivenBack = (cellAsRead: string | null): boolean => cellAsRead === null || cellAsRead.startsWith('0:');

/** The drain-lease cell `xl` of a row of `cases`, on the wall clock (never the business clock). */
export class LeaseCell {
  constructor(
    private readonly wallMillis: () => number,
    private readonly leaseMs: number,
  ) {}

  /** Whether a live drain holds the lease, as the cell was read. */
  taken(cellAsRead: string | null): boolean {
    return this.wallMillis() < leaseExpiry(cellAsRead);
  }

  /** A lease cell with a fresh token, expiring `leaseMs` from now (not written yet). */
  fresh(rowId: string): DrainLease {
    const now = this.wallMillis();
    return { caseId: rowId, cell: `${now + this.leaseMs}:${newToken()}`, handOverAt: now + this.leaseMs / 2 };
  }

  /**
   * The lease taken by a change in its own write (the api's drain in the request): when no live drain holds it
   * and the write's conditions leave room for one more, the cell is put and expected as read. Null otherwise.
   */
  withChange(rowId: string, cellAsRead: string | null, put: Record<string, CellValue>, expect: ColumnExpectation[]): DrainLease | null {
    if (expect.length >= MAX_EXPECTATIONS || this.taken(cellAsRead)) return null;
    const lease = this.fresh(rowId);
    put[col.lease] = lease.cell;
    expect.push({ column: col.lease, value: cellAsRead });
    return lease;
  }
}

export class EffectMarker {
  constructor(
    private readonly dirty: DirtyMarkers,
    /** The business clock: when a marker was written. */
    private readonly now: () => string,
  ) {}

  /** Adds the marker cells and the expectation of a change of an existing row that stores effects. */
  async forChange(rowId: string, markerAsRead: string | null, put: Record<string, CellValue>, expect: ColumnExpectation[]): Promise<void> {
    const token = newToken();
    if (markerAsRead === null) {
      await this.dirty.mark(rowId, token, this.now());
      put[col.dirtyToken] = token;
    }
    expect.push({ column: col.marker, value: markerAsRead });
    put[col.marker] = token;
  }

  /** Adds the marker cells of a row created with effects (the `dirty` row written first). */
  async forNewRow(rowId: string, put: Record<string, CellValue>): Promise<void> {
    const token = newToken();
    await this.dirty.mark(rowId, token, this.now());
    put[col.marker] = token;
    put[col.dirtyToken] = token;
  }
}
