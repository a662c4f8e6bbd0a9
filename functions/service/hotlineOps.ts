/**
 * 81812345 热线工单 on the case engine (functions/service/README.md "Hotline"): an order is a row of `cases`
 * (store/orderStore.ts) whose changes are ONE conditional write each, with the order's list rows, work notices
 * and statistics as pending effects the existing drain applies (drain.ts), after a kick with the order id.
 * The rules are the core's (workOrderMachine.ts: parse, record, decide, authorize, allowed commands); this file
 * reads what they need (the catalog item, the parent event, the departments, the calendar), stores what they
 * decided, and answers views (hotlineView.ts) and list rows (hotlineLists.ts).
 *
 * Recording is idempotent per (operator, requestId) like an intake: the request is marked in the same
 * conditional write that takes the day's number (Counters.nextOnce on `wo:<yyyymmdd>`, one sequence for the
 * city: order ids carry no district), so a replay never takes a second number and answers the first order.
 * The caller's phone is stored encrypted (`op`), masked everywhere else, hashed (keyed) for the search, and
 * never logged.
 */
import { type Actor, actorRef, type StaffActor, systemActor } from '../core/actor.js';
import { authorizeHotline, canReadOrder, type HotlineUse } from '../core/policy.js';
import { addWorkingDays, countWorkingDays } from '../core/calendar.js';
import type { Recipient } from '../core/effects.js';
import { domainError, isDomainError } from '../core/errors.js';
import type { TimelineEvent } from '../core/events.js';
import { findItem, hotlinePlaces } from '../core/hotlineCatalog.js';
import { matchEvents } from '../core/hotlineEvents.js';
import { maskPhone } from '../core/idNumber.js';
import { type Instant, instantMillis, shanghaiDate } from '../core/time.js';
import { ORDER_ID_PATTERN, type HotlineCatalog, type OrderContext, type OrderTransition, type WorkOrder } from '../core/workOrder.js';
import { authorizeOrderCommand, decideOrder, parseNewOrder, parseOrderCommand, recordOrder } from '../core/workOrderMachine.js';
import { tallyOrderEvents } from '../core/orderTally.js';
import { findDepartment } from '../core/directory.js';
import { transitionKey, type StoredEffect } from '../store/caseRecord.js';
import { isConditionFailed } from '../store/client.js';
import { HotlineCatalogStore } from '../store/hotlineCatalog.js';
import { type LoadedOrder, type OrderChange, OrderStore } from '../store/orderStore.js';
import type { QueuePosition } from '../store/queues.js';
import { statsRowKey, StatsRows } from '../store/statsRows.js';
import type { ServiceContext, Snapshot } from './context.js';
import { conflict, isWriteConflict } from './errors.js';
import { dueOf, type ListedRow, listEffects, orderQueue, type OrderRow, orderRowOf, searchEntries, summaryRowOf } from './hotlineLists.js';
import { orderView, type OrderView } from './hotlineView.js';
import { requestMarker } from './intake.js';
import type { ChangeLease } from '../store/caseStore.js';

export type OrderList = 'callback' | 'returned' | 'visit' | 'events' | 'incoming' | 'active' | 'supervise';

export interface EventMatch {
  orderId: string;
  title: string;
  score: number;
  reasons: string[];
  merged: number;
}

/** The hotline's work orders (api routes/hotline.ts). */
export interface HotlineAccess {
  /** POST /api/hotline/orders: `created` false for a replayed requestId (the first order answered). */
  record(actor: StaffActor, body: unknown): Promise<{ order: OrderView; created: boolean }>;
  get(actor: StaffActor, orderId: string): Promise<{ order: OrderView }>;
  act(actor: StaffActor, orderId: string, command: unknown, expectedVersion: number): Promise<{ order: OrderView }>;
  /** By order id, the last 4 digits of the phone, or the whole phone number (operators, supervisors). */
  search(actor: StaffActor, q: string): Promise<{ rows: OrderRow[] }>;
  list(actor: StaffActor, list: OrderList, cursor: string | null): Promise<{ rows: OrderRow[]; next: string | null }>;
  /** The open 热点事件 a call may belong to (at most 3, best first). */
  match(actor: StaffActor, body: { classId: string; itemId: string; town: string | null; content: string }): Promise<{ matches: EventMatch[] }>;
  /** GET /api/hotline/places: the operator's district's 镇（街道） and the departments an order may go to. */
  places(actor: StaffActor): Promise<{ towns: { id: string; name: string }[]; departments: { id: string; name: string }[] }>;
}

const MAX_ATTEMPTS = 5;
/** The timer looks at open assignments due within this many days (a warning starts with a quarter of the limit left). */
const ALERT_HORIZON_DAYS = 31;
/** Rows of one district's open list looked at per timer run. */
const ALERT_ROWS = 500;
const TIMER = systemActor('timer');
const MAX_VERSION = 1_000_000;
const PAGE = 50;
/** Search and match read at most this many orders. */
const READ_AT_MOST = 20;
const REPLAY_WAITS_MS = [10, 20, 40, 80, 150, 300, 500, 600, 800];
/** The stats row counting the orders merged into an event (column `merged`). */
const eventRowKey = (parentId: string) => `evt:${parentId}`;
/** How long an instance keeps a district's catalog for matching (keywords only; recording always reads it fresh). */
const CATALOG_TTL_MS = 30_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pad = (n: number) => String(n).padStart(6, '0');

/** Refuses (403) what policy.ts does not allow the actor. */
function allow(actor: StaffActor, access: HotlineUse): void {
  const denied = authorizeHotline(actor, access);
  if (denied) throw denied;
}

function encodeCursor(p: QueuePosition | null): string | null {
  return p ? Buffer.from(JSON.stringify([p.due, p.ref]), 'utf8').toString('base64url') : null;
}

function decodeCursor(cursor: string | null): QueuePosition | null {
  if (cursor === null || cursor === '') return null;
  try {
    const [due, ref] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof due === 'number' && Number.isInteger(due) && typeof ref === 'string' && ref.length <= 80) return { due, ref };
  } catch {
    // answered below
  }
  throw domainError('VALIDATION_FAILED', '翻页参数无效，请从第一页重新查看', [{ field: 'cursor', code: 'FORMAT', message: '翻页参数无效' }]);
}

export class HotlineOps implements HotlineAccess {
  private readonly orders: OrderStore;
  private readonly catalogs: HotlineCatalogStore;
  private readonly stats: StatsRows;
  /** Catalogs per district: matching reads one at most once per CATALOG_TTL_MS; recording checks its version first (a catalog row holds hundreds of items, ~66 KB). */
  private readonly catalogCache = new Map<string, { catalog: HotlineCatalog | null; at: number }>();

  constructor(private readonly ctx: ServiceContext) {
    this.orders = new OrderStore(ctx.client, { cipher: ctx.cipher, dirty: ctx.dirty, now: () => ctx.now(), wallMillis: () => ctx.wallMillis(), leaseMs: ctx.drainLeaseMs });
    this.catalogs = new HotlineCatalogStore(ctx.client);
    this.stats = new StatsRows(ctx.client);
  }

  // --- recording --------------------------------------------------------------------------------------

  async record(actor: StaffActor, body: unknown): Promise<{ order: OrderView; created: boolean }> {
    allow(actor, 'record');
    const input = parseNewOrder(body);
    if (isDomainError(input)) throw input;
    const reqKey = `woreq:${actor.id}:${input.requestId}`;
    const known = await this.ctx.counters.get(reqKey);
    if (typeof known?.order === 'string') return this.replay(actor, known.order);

    const now = this.ctx.now();
    const [snap, catalog] = await Promise.all([this.ctx.snapshot(), this.currentCatalog(actor.district)]);
    if (!catalog) throw domainError('HOTLINE_CATALOG_MISSING');
    const item = this.itemOf(catalog, input.classId, input.itemId);
    let parent: WorkOrder | null = null;
    if (input.disposition.type === 'merge') {
      const loaded = await this.orders.load(input.disposition.parentId, 'work');
      if (!loaded || loaded.order.district !== actor.district) throw domainError('NOT_FOUND', '主单不存在');
      parent = loaded.order;
    }
    const octx = this.orderContext(actor, snap, now);
    const { requestId: _requestId, ...rest } = input;
    const fields = { ...rest, caller: { maskedPhone: maskPhone(input.caller.phone), name: input.caller.name } };
    const day = shanghaiDate(now).replaceAll('-', '');
    // Decided once with a placeholder id first: a refused order takes no number.
    const trial = recordOrder(`wo-${day}-0000`, fields, item, actor.district, octx, parent);
    if (isDomainError(trial)) throw trial;

    const { id, fresh } = await this.orderIdFor(day, reqKey);
    if (!fresh) return this.replay(actor, id);
    const t = recordOrder(id, fields, item, actor.district, octx, parent);
    if (isDomainError(t)) throw t;
    const digits = input.caller.phone.replace(/\D/g, '');
    const search = searchEntries(t.order, this.ctx.cipher.phoneHash(digits), digits.slice(-4));
    const change = this.changeOf(null, t, actor, now, search);
    let lease: ChangeLease | null;
    try {
      lease = await this.orders.create(change, input.caller.phone, { takeLease: this.ctx.drainsInline });
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
      return this.replay(actor, id);
    }
    await this.ctx.settle(id, lease);
    const events = change.events?.events ?? [];
    return { order: await this.view(actor, t.order, [...events], snap), created: true };
  }

  /**
   * The catalog as stored now (recording: a deactivated item is refused at once): the cached copy when the stored
   * version is still the cached one (a one-cell read), else the whole document (~66 KB, about 17 read CUs).
   */
  private async currentCatalog(district: string): Promise<HotlineCatalog | null> {
    const hit = this.catalogCache.get(district);
    const version = await this.catalogs.version(district);
    if (hit?.catalog && hit.catalog.version === version) return hit.catalog;
    const catalog = version === 0 ? null : await this.catalogs.get(district);
    this.catalogCache.set(district, { catalog, at: this.ctx.wallMillis() });
    return catalog;
  }

  private async cachedCatalog(district: string): Promise<HotlineCatalog | null> {
    const now = this.ctx.wallMillis();
    const hit = this.catalogCache.get(district);
    if (hit && now - hit.at < CATALOG_TTL_MS) return hit.catalog;
    const catalog = await this.catalogs.get(district);
    this.catalogCache.set(district, { catalog, at: now });
    return catalog;
  }

  private async replay(actor: StaffActor, id: string): Promise<{ order: OrderView; created: boolean }> {
    return { order: (await this.get(actor, id)).order, created: false };
  }

  private itemOf(catalog: HotlineCatalog, classId: string, itemId: string): NonNullable<ReturnType<typeof findItem>> {
    const found = findItem(catalog, classId, itemId);
    if (!found) throw domainError('INVALID_INPUT', '热线事项不存在，请重新选择', [{ field: 'itemId', code: 'UNKNOWN_ITEM', message: '热线事项不存在，请重新选择' }]);
    if (!found.item.active) {
      throw domainError('INVALID_INPUT', `「${found.item.name}」已停用，请选择其他事项`, [{ field: 'itemId', code: 'ITEM_INACTIVE', message: `「${found.item.name}」已停用` }]);
    }
    return found;
  }

  /**
   * The order id of a request: the request is recorded in the same conditional write that takes the day's number,
   * so a replay — sequential or concurrent — waits for the first attempt's id (`woreq:` row) instead.
   */
  private async orderIdFor(day: string, reqKey: string): Promise<{ id: string; fresh: boolean }> {
    const seq = `wo:${day}`;
    const idOf = (n: number) => `wo-${day}-${String(n).padStart(4, '0')}`;
    const n = await this.ctx.counters.nextOnce(seq, requestMarker(reqKey), Date.now());
    if (n !== null) {
      const claim = await this.ctx.counters.claim(reqKey, 'order', idOf(n));
      return { id: claim.value, fresh: claim.claimed };
    }
    for (const ms of REPLAY_WAITS_MS) {
      const row = await this.ctx.counters.get(reqKey);
      if (typeof row?.order === 'string') return { id: row.order, fresh: false };
      await sleep(ms);
    }
    throw conflict('工单正在登记中，请稍后刷新查看');
  }

  private orderContext(actor: Actor, snap: Snapshot, now: string): OrderContext {
    const cal = snap.calendar;
    return {
      now,
      actor: actorRef(actor),
      workdays: { addWorkingDays: (start, n) => addWorkingDays(cal, start, n)?.date ?? null, countWorkingDays: (from, to) => countWorkingDays(cal, from, to) },
      departments: new Map(snap.directory.departments.map((d) => [d.id, { name: d.name, district: d.district }])),
    };
  }

  /**
   * The one write of a transition: the new order, its timeline events, and as pending effects of the same
   * transition its list rows (the difference to `before`, plus `extraRows`), work notices and statistics rows.
   */
  private changeOf(before: WorkOrder | null, t: OrderTransition, actor: Actor, now: string, extraRows: readonly ListedRow[] = []): OrderChange {
    const o = t.order;
    const key = transitionKey.case(o.version);
    let n = 0;
    const effectId = (kind: string) => `${o.id}/${key}/${kind}/${++n}`;
    const events: TimelineEvent[] = t.events.map((e, i) => ({
      id: `${o.id}#${pad(o.version)}.${i + 1}`, caseId: o.id, itemId: e.assignmentId, action: e.action, actor: actorRef(actor), at: now,
      from: e.from, to: e.to, reason: e.reason, detail: e.detail,
    }));
    const effects: StoredEffect[] = listEffects(before, o, effectId, extraRows);
    for (const notice of t.notices) {
      const to: Recipient = 'department' in notice.to ? { department: notice.to.department, roles: [notice.to.role] } : { district: notice.to.district, roles: [notice.to.role] };
      effects.push({ id: effectId('notify'), kind: 'notify', caseId: o.id, itemId: null, to, template: 'workOrder', title: notice.title, text: notice.text });
    }
    const rows = new Map<string, Record<string, number>>();
    for (const r of tallyOrderEvents(o, events)) {
      const k = statsRowKey(r.district, r.day, o.id);
      const counts = rows.get(k) ?? {};
      for (const [c, v] of Object.entries(r.counts)) counts[c] = (counts[c] ?? 0) + v;
      rows.set(k, counts);
    }
    // 并单: the parent's merged count is a statistics row of its own (no write of the parent's row).
    if (before === null && o.state === 'merged' && o.parentId) rows.set(eventRowKey(o.parentId), { merged: 1 });
    if (rows.size) effects.push({ id: effectId('tally'), kind: 'tally', rows: [...rows].map(([k, counts]) => ({ key: k, counts })) });
    return { order: o, events: events.length ? { transition: key, events } : undefined, effects: effects.length ? { transition: key, effects } : undefined };
  }

  // --- reading and acting -----------------------------------------------------------------------------

  private async visible(actor: StaffActor, orderId: string): Promise<LoadedOrder> {
    const loaded = await this.orders.load(orderId, 'view');
    if (!loaded || !canReadOrder(actor, loaded.order)) throw domainError('NOT_FOUND', '未找到工单');
    return loaded;
  }

  async get(actor: StaffActor, orderId: string): Promise<{ order: OrderView }> {
    const [loaded, snap] = await Promise.all([this.visible(actor, orderId), this.ctx.snapshot()]);
    return { order: await this.view(actor, loaded.order, loaded.events, snap) };
  }

  async act(actor: StaffActor, orderId: string, body: unknown, expectedVersion: number): Promise<{ order: OrderView }> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1 || expectedVersion > MAX_VERSION) {
      throw domainError('INVALID_INPUT', '缺少工单版本号', [{ field: 'expectedVersion', code: 'REQUIRED', message: '请提供工单的版本号' }]);
    }
    const command = parseOrderCommand(body);
    if (isDomainError(command)) throw command;
    for (let attempt = 1; ; attempt++) {
      const [loaded, snap] = await Promise.all([this.visible(actor, orderId), this.ctx.snapshot()]);
      const o = loaded.order;
      const denied = authorizeOrderCommand(actor, o, command);
      if (denied) throw denied;
      if (o.version !== expectedVersion) throw conflict('工单已被他人办理，请刷新后重试');
      const now = this.ctx.now();
      const t = decideOrder(o, command, this.orderContext(actor, snap, now));
      if (isDomainError(t)) throw t;
      if (t.events.length === 0) return { order: await this.view(actor, o, loaded.events, snap) };
      const change = this.changeOf(o, t, actor, now);
      let lease: ChangeLease | null;
      try {
        lease = await this.orders.commit(loaded, change, { takeLease: this.ctx.drainsInline });
      } catch (err) {
        if (!isWriteConflict(err)) throw err;
        if (attempt >= MAX_ATTEMPTS) throw conflict('工单已被他人办理，请刷新后重试');
        continue;
      }
      await this.ctx.settle(orderId, lease);
      return { order: await this.view(actor, t.order, [...loaded.events, ...(change.events?.events ?? [])], snap) };
    }
  }

  private async view(actor: StaffActor, o: WorkOrder, events: readonly TimelineEvent[], snap: Snapshot): Promise<OrderView> {
    const [mergedCount, parent] = await Promise.all([
      o.event ? this.mergedCount(o.id) : Promise.resolve(0),
      o.parentId ? this.orders.load(o.parentId, 'work').then((p) => p?.order ?? null) : Promise.resolve(null),
    ]);
    return orderView(actor, o, events, { directory: snap.directory, now: this.ctx.now(), mergedCount, parent });
  }

  private async mergedCount(orderId: string): Promise<number> {
    return (await this.stats.row(eventRowKey(orderId)))?.merged ?? 0;
  }

  // --- the timer's deadline alerts ------------------------------------------------------------------------

  /**
   * 时限预警 of hotline assignments (DESIGN: Hotline): each district's open assignments due within ALERT_HORIZON_DAYS
   * (one range of `wo:<district>:open`, deadline order), warning or overdue once per level — the order's own
   * `alerts` decide (a lost row mark cannot raise twice) and the row is marked. Returns the orders changed (to drain).
   */
  async raiseAlerts(at: Instant, failures: { caseId: string; error: string }[]): Promise<string[]> {
    const snap = await this.ctx.snapshot();
    const name = (id: string) => findDepartment(snap.directory, id)?.name ?? id;
    const toDue = dueOf(new Date(instantMillis(at) + ALERT_HORIZON_DAYS * 86_400_000).toISOString()) + 1;
    const changed: string[] = [];
    for (const district of snap.directory.districts) {
      const { rows } = await this.ctx.queues.page(orderQueue.open(district.code), { toDue, limit: ALERT_ROWS });
      for (const row of rows) {
        const shown = orderRowOf(row, at, name);
        const level = shown.level;
        if ((level !== 'warning' && level !== 'overdue') || row.alerts.includes(level) || !shown.assignmentId) continue;
        try {
          if (await this.alert(shown.orderId, shown.assignmentId, level, at, snap)) changed.push(shown.orderId);
          await this.ctx.queues.markAlerts(row, [...row.alerts, level]).catch(() => undefined);
        } catch (err) {
          failures.push({ caseId: shown.orderId, error: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    return [...new Set(changed)];
  }

  private async alert(orderId: string, assignmentId: string, level: 'warning' | 'overdue', at: Instant, snap: Snapshot): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.orders.load(orderId, 'work');
      if (!loaded) return false;
      const t = decideOrder(loaded.order, { type: 'raiseAlert', assignmentId, level }, this.orderContext(TIMER, snap, at));
      if (isDomainError(t) || t.events.length === 0) return false;
      try {
        await this.orders.commit(loaded, this.changeOf(loaded.order, t, TIMER, at));
        return true;
      } catch (err) {
        if (!isWriteConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  // --- lists, search, matching -------------------------------------------------------------------------

  async list(actor: StaffActor, list: OrderList, cursor: string | null): Promise<{ rows: OrderRow[]; next: string | null }> {
    allow(actor, list);
    const d = actor.district;
    let queue: string;
    switch (list) {
      case 'callback':
      case 'returned':
      case 'visit':
        queue = orderQueue[list](d);
        break;
      case 'events':
        queue = orderQueue.events(d);
        break;
      case 'incoming':
      case 'active':
        queue = orderQueue[list](d, actor.department);
        break;
      case 'supervise':
        queue = orderQueue.open(d);
        break;
    }
    const [snap, page] = await Promise.all([this.ctx.snapshot(), this.ctx.queues.page(queue, { start: decodeCursor(cursor), limit: PAGE })]);
    const now = this.ctx.now();
    const name = (id: string) => findDepartment(snap.directory, id)?.name ?? id;
    let rows = page.rows.map((r) => orderRowOf(r, now, name));
    if (list === 'supervise') {
      // Overdue first, then reopened or escalated, then by due time (the rows' order).
      const rank = (r: OrderRow) => (r.level === 'overdue' ? 0 : r.reopened || r.escalated ? 1 : 2);
      rows = rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
    }
    return { rows, next: encodeCursor(page.next) };
  }

  /** The operator's district: its 镇（街道） to pick as a place, and the departments an order may go to (names). */
  async places(actor: StaffActor): Promise<ReturnType<typeof hotlinePlaces>> {
    allow(actor, 'record');
    return hotlinePlaces((await this.ctx.snapshot()).directory, actor.district);
  }

  async search(actor: StaffActor, q: string): Promise<{ rows: OrderRow[] }> {
    allow(actor, 'search');
    const text = q.trim();
    const snap = await this.ctx.snapshot();
    const name = (id: string) => findDepartment(snap.directory, id)?.name ?? id;
    const now = this.ctx.now();
    const mine = (o: WorkOrder | undefined | null): o is WorkOrder => !!o && o.district === actor.district;
    if (ORDER_ID_PATTERN.test(text)) {
      const loaded = await this.orders.load(text, 'work');
      return { rows: mine(loaded?.order) ? [summaryRowOf(loaded.order, now, name)] : [] };
    }
    const digits = text.replace(/[\s-]/g, '');
    let queue: string;
    if (/^\d{4}$/.test(digits)) queue = orderQueue.tail(actor.district, digits);
    else if (/^\d{7,13}$/.test(digits)) queue = orderQueue.caller(actor.district, this.ctx.cipher.phoneHash(digits));
    else throw domainError('VALIDATION_FAILED', '请输入工单编号、来电号码后4位或完整来电号码', [{ field: 'q', code: 'FORMAT', message: '请输入工单编号、来电号码后4位或完整来电号码' }]);
    const { rows } = await this.ctx.queues.page(queue, { limit: READ_AT_MOST });
    const orders = await Promise.all(rows.map((r) => this.orders.load(r.ref.slice(0, r.ref.lastIndexOf('/')), 'work')));
    return { rows: orders.map((l) => l?.order).filter(mine).map((o) => summaryRowOf(o, now, name)) };
  }

  async match(actor: StaffActor, body: { classId: string; itemId: string; town: string | null; content: string }): Promise<{ matches: EventMatch[] }> {
    allow(actor, 'match');
    const [catalog, page] = await Promise.all([this.cachedCatalog(actor.district), this.ctx.queues.page(orderQueue.events(actor.district), { limit: READ_AT_MOST })]);
    const loaded = await Promise.all(page.rows.map((r) => this.orders.load(r.ref.slice(0, r.ref.lastIndexOf('/')), 'work')));
    const open = loaded.flatMap((l) => (l && l.order.event && l.order.state !== 'closed' && l.order.state !== 'merged' ? [l.order] : []));
    const events = await Promise.all(open.map(async (o) => ({
      orderId: o.id, title: o.event?.title ?? o.itemName, classId: o.classId, itemId: o.itemId, town: o.location.town, content: o.content,
      keywords: (catalog ? findItem(catalog, o.classId, o.itemId)?.item.keywords : undefined) ?? [], merged: await this.mergedCount(o.id),
    })));
    return { matches: matchEvents(events, body) };
  }
}
