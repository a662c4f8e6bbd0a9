/**
 * A hotline work order (工单, core workOrder.ts) as the service works with it. A work order is a row of `cases`
 * (partition as a case's: cases.ts; ids "wo-<yyyymmdd>-<nnnn>") with cells of its own and the case row's
 * effects cells and protocol, so the dispatcher's drain (service/drain.ts) and the timer's sweep treat it as
 * they treat a case:
 *   o    the WorkOrder (JSON, packed like the case cell; the caller's phone only masked)
 *   op   the caller's phone number, AES-256-GCM (pii.ts) — decrypted only when a read asks for it
 *   ov   the order's version (Long): every change expects the version it read
 *   xs   the order's state (the drain ends a marker once the state is closed)
 *   x_<transition>, xm, xd, xl   pending effects, dirty marker, drain lease — exactly as a case's (caseStore.ts)
 *   z_<transition>               the timeline events of one change (core TimelineEvent: caseId = the order id,
 *                                itemId = the assignment id or null)
 * One change of an order is ONE conditional write: expecting `ov` as read, and the marker as read when it
 * stores effects (effectMarker.ts, shared with caseStore.ts).
 */
import { ORDER_ID_PATTERN, type WorkOrder } from '../core/workOrder.js';
import type { TimelineEvent } from '../core/events.js';
import { col, pack, unpack, type StoredEffect } from './caseRecord.js';
import { CaseRows, type ColumnSelection } from './cases.js';
import type { CellValue, OtsClient } from './client.js';
import type { DirtyMarkers } from './dirty.js';
import { EffectMarker, LeaseCell } from './effectMarker.js';
import { ReadViews, type ChangeLease } from './readViews.js';
import type { PiiCipher } from './pii.js';
import { long, num, rowCondition, str, type ColumnExpectation } from './rowOps.js';

const orderCol = { order: 'o', phone: 'op', version: 'ov' } as const;

/** The AES-GCM additional data of the phone cell (a ciphertext cannot be moved to another field). */
const PHONE_FIELD = 'hotline.callerPhone';

/**
 * What a read returns: 'work' the order, its version and marker (a change); 'view' that and the timeline; with
 * `phone` the caller's number in clear too (never for a page: only to hash or call it).
 */
export type OrderRead = 'work' | 'view' | { phone: true };

function selectionOf(read: OrderRead): ColumnSelection {
  if (read === 'view') return { start: orderCol.order, end: 'z`' };
  return { names: [orderCol.order, orderCol.version, col.marker, ...(read === 'work' ? [] : [orderCol.phone])] };
}

export interface LoadedOrder {
  id: string;
  order: WorkOrder;
  version: number;
  /** The `xm` cell as read (the next write storing effects expects it). */
  marker: string | null;
  /** The caller's phone in clear, when the read asked for it. */
  phone: string | null;
  /** Timeline events (the 'view' read), in the order they happened. */
  events: TimelineEvent[];
}

/** One change of an order: the new order, its timeline events and pending effects (keyed by transition). */
export interface OrderChange {
  order: WorkOrder;
  events?: { transition: string; events: readonly TimelineEvent[] };
  effects?: { transition: string; effects: readonly StoredEffect[] };
}

export class OrderStore {
  private readonly rows: CaseRows;
  private readonly marker: EffectMarker;
  private readonly leases: LeaseCell;
  /** What each view's read saw of the lease and the effects range (readViews.ts). */
  private readonly views: ReadViews;

  constructor(
    client: OtsClient,
    private readonly options: { cipher: PiiCipher; dirty: DirtyMarkers; now(): string; wallMillis(): number; leaseMs: number },
  ) {
    this.rows = new CaseRows(client);
    this.marker = new EffectMarker(options.dirty, () => options.now());
    this.leases = new LeaseCell(() => options.wallMillis(), options.leaseMs);
    this.views = new ReadViews(options.cipher);
  }

  /** The order as `read` selects it; null when there is none (or the id cannot name one, or the row is a case). */
  async load(id: string, read: OrderRead): Promise<LoadedOrder | null> {
    if (!ORDER_ID_PATTERN.test(id)) return null;
    const selection = selectionOf(read);
    const cells = await this.rows.read(id, selection);
    const order = cells ? unpack<WorkOrder>(cells[orderCol.order]) : null;
    if (!cells || !order) return null;
    const sealed = str(cells[orderCol.phone]);
    const events: TimelineEvent[] = [];
    for (const [name, value] of Object.entries(cells)) if (name.startsWith('z_')) events.push(...(unpack<TimelineEvent[]>(value) ?? []));
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const loaded: LoadedOrder = {
      id, order, version: num(cells[orderCol.version]), marker: str(cells[col.marker]) ?? null, events,
      phone: typeof read === 'object' && sealed ? this.options.cipher.decrypt(sealed, PHONE_FIELD) : null,
    };
    this.views.remember(loaded, selection, cells);
    return loaded;
  }

  private cellsOf(change: OrderChange): Record<string, CellValue> {
    const put: Record<string, CellValue> = {
      [orderCol.order]: pack(change.order),
      [orderCol.version]: long(change.order.version),
      [col.state]: change.order.state,
    };
    if (change.events && change.events.events.length) put[col.events(change.events.transition)] = pack(change.events.events);
    if (change.effects && change.effects.effects.length) put[col.effects(change.effects.transition)] = pack(change.effects.effects);
    return put;
  }

  /** Creates the order row with the caller's phone (encrypted); fails with OTSConditionCheckFail when it exists. */
  async create(change: OrderChange, phone: string, opts: { takeLease?: boolean } = {}): Promise<ChangeLease | null> {
    const put = this.cellsOf(change);
    put[orderCol.phone] = this.options.cipher.encrypt(phone, PHONE_FIELD);
    const effects = Boolean(change.effects?.effects.length);
    if (effects) await this.marker.forNewRow(change.order.id, put);
    const lease = effects && opts.takeLease ? this.leases.fresh(change.order.id) : null;
    if (lease) put[col.lease] = lease.cell;
    await this.rows.create(change.order.id, put, rowCondition('notExist'));
    return lease && this.views.afterCreate(lease, put);
  }

  /**
   * Writes a change of an existing order, expecting the version (and the marker, when it stores effects) as read.
   * With `takeLease` (and a read that saw the lease cell) the drain lease is taken in the same write, as a case's
   * change does (caseStore.ts commit); the lease is returned, or null.
   */
  async commit(loaded: LoadedOrder, change: OrderChange, opts: { takeLease?: boolean } = {}): Promise<ChangeLease | null> {
    const put = this.cellsOf(change);
    const expect: ColumnExpectation[] = [{ column: orderCol.version, value: long(loaded.version) }];
    const effects = Boolean(change.effects?.effects.length);
    if (effects) await this.marker.forChange(loaded.id, loaded.marker, put, expect);
    const leaseAsRead = this.views.leaseAsRead(loaded);
    const lease = effects && opts.takeLease && leaseAsRead !== undefined ? this.leases.withChange(loaded.id, leaseAsRead, put, expect) : null;
    await this.rows.update(loaded.id, put, [], rowCondition('exist', expect));
    return lease && this.views.after(lease, loaded, put);
  }
}
