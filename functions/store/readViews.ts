/**
 * What a read of a row of `cases` saw of the drain's cells, kept beside the view it returned (the view's type is
 * the store's own; this is bookkeeping no service sees). Shared by the case rows (caseStore.ts) and the work
 * orders' rows (orderStore.ts):
 * - the lease cell as read, when the read included it: only such a view may take the lease with a change (the
 *   change's write expects the cell as read; effectMarker.ts LeaseCell.withChange);
 * - the effects range (pending effects, marker, drain lease, to-dos, state: caseRecord.ts `ranges.effects`), when
 *   the read covered it: a change written on such a view knows, without a read, what the range holds after its
 *   write — the cells as read with the written ones over them. The drain in the request (service/context.ts
 *   settle) starts from that view instead of reading the row again.
 */
import { CaseCodec, col, ranges, type LoadedCase } from './caseRecord.js';
import type { ColumnSelection } from './cases.js';
import type { CellValue } from './client.js';
import { leaseGivenBack, type DrainLease } from './effectMarker.js';
import type { PiiCipher } from './pii.js';
import { str } from './rowOps.js';

const inRange = (name: string): boolean => ranges.effects.start <= name && name < ranges.effects.end;

function coversRange(selection: ColumnSelection): boolean {
  if (selection === 'all') return true;
  if ('names' in selection) return false;
  return selection.start <= ranges.effects.start && ranges.effects.end <= selection.end;
}

function readsLease(selection: ColumnSelection): boolean {
  if (selection === 'all') return true;
  if ('names' in selection) return selection.names.includes(col.lease);
  return selection.start <= col.lease && col.lease < selection.end;
}

/** The cells of the effects range among `cells`. */
function effectsPart(cells: Record<string, CellValue>): Record<string, CellValue> {
  const part: Record<string, CellValue> = {};
  for (const [name, value] of Object.entries(cells)) if (inRange(name)) part[name] = value;
  return part;
}

/**
 * The lease a change took in its own write, with the row's effects range as that write left it (`after`, what
 * the drain reads) — null when the change's view had not read all of that range.
 */
export interface ChangeLease extends DrainLease {
  readonly after: LoadedCase | null;
}

export class ReadViews {
  private readonly cells = new WeakMap<object, Record<string, CellValue>>();
  private readonly leases = new WeakMap<object, string | null>();
  private readonly codec: CaseCodec;

  constructor(cipher: PiiCipher) {
    this.codec = new CaseCodec(cipher);
  }

  /** Keeps what the read of `view` saw of the lease cell and the effects range (`cells`: the row as read). */
  remember(view: object, selection: ColumnSelection, cells: Record<string, CellValue>): void {
    if (readsLease(selection)) this.leases.set(view, str(cells[col.lease]) ?? null);
    if (coversRange(selection)) this.cells.set(view, effectsPart(cells));
  }

  /** The lease cell as the read of `view` saw it (null: absent); undefined when that read did not include it. */
  leaseAsRead(view: object): string | null | undefined {
    return this.leases.get(view);
  }

  /**
   * The lease with the effects view after a successful write of `put` on `view`. After: null when `view` was not
   * remembered, or read a lease that had expired without being given back: its holder may still record progress
   * (removing applied effects, adding to-dos) without changing the cells this write expected.
   */
  after(lease: DrainLease, view: object, put: Record<string, CellValue>): ChangeLease {
    const before = this.cells.get(view);
    if (!before || !leaseGivenBack(this.leaseAsRead(view) ?? null)) return { ...lease, after: null };
    return this.decoded(lease, { ...before, ...effectsPart(put) });
  }

  /** The lease with the effects view of a row created by `put`. */
  afterCreate(lease: DrainLease, put: Record<string, CellValue>): ChangeLease {
    return this.decoded(lease, effectsPart(put));
  }

  private decoded(lease: DrainLease, cells: Record<string, CellValue>): ChangeLease {
    return { ...lease, after: this.codec.decode(lease.caseId, cells) };
  }
}
