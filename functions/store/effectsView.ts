/**
 * The effects range of a row of `cases` (pending effects, marker, drain lease, to-dos, state: caseRecord.ts
 * `ranges.effects`) as a change left it. A change written on a view that read the whole range knows, without a
 * read, what the range holds after its write: the cells as read with the written ones over them. The drain in
 * the request (service/context.ts settle) starts from that view instead of reading the row again. Shared by the
 * case rows (caseStore.ts) and the work orders' rows (orderStore.ts).
 */
import { CaseCodec, col, ranges, type LoadedCase } from './caseRecord.js';
import type { ColumnSelection } from './cases.js';
import type { CellValue } from './client.js';
import { leaseGivenBack, type DrainLease } from './effectMarker.js';
import type { PiiCipher } from './pii.js';

const inRange = (name: string): boolean => ranges.effects.start <= name && name < ranges.effects.end;

function coversRange(selection: ColumnSelection): boolean {
  if (selection === 'all') return true;
  if ('names' in selection) return false;
  return selection.start <= ranges.effects.start && ranges.effects.end <= selection.end;
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

export class EffectsViews {
  private readonly cells = new WeakMap<object, Record<string, CellValue>>();
  private readonly codec: CaseCodec;

  constructor(cipher: PiiCipher) {
    this.codec = new CaseCodec(cipher);
  }

  /** Keeps the effects range of a view when its read covered the range (`cells`: the row as read). */
  remember(view: object, selection: ColumnSelection, cells: Record<string, CellValue>): void {
    if (coversRange(selection)) this.cells.set(view, effectsPart(cells));
  }

  /**
   * The lease with the effects view after a successful write of `put` on `view`. After: null when `view` was not
   * remembered, or read a lease that had expired without being given back: its holder may still record progress
   * (removing applied effects, adding to-dos) without changing the cells this write expected.
   */
  after(lease: DrainLease, view: object, put: Record<string, CellValue>): ChangeLease {
    const before = this.cells.get(view);
    const leaseAsRead = before?.[col.lease];
    if (!before || !leaseGivenBack(leaseAsRead === undefined ? null : String(leaseAsRead))) return { ...lease, after: null };
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
