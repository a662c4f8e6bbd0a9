/**
 * The dirty-marker cells of a row of `cases` that stores pending effects (caseStore.ts header: the protocol).
 * Shared by the two kinds of rows there — a case (caseStore.ts) and a hotline work order (orderStore.ts) — so
 * both follow the one protocol the drain and the sweep rely on:
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
