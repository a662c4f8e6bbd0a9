/**
 * Settings administration (DESIGN: configuration, directory entries): seals, delegations, districts' joins, the
 * calendar overlay and opening hours. Each change: who may (policy.ts authorizeConfig), the core's decision on the
 * row as read now, a write expecting that row's version (a stale `expectedVersion` or a racing write → 409
 * CONFLICT), then the change record (before → after; key material never: a seal names its key ids only) and the
 * instance's snapshot dropped. Seal keys are created before the seal row names them (store/sealKeys.ts), so a
 * seal never names a key that does not exist; an old key's public record stays, so earlier signatures verify.
 */
import type { StaffActor } from '../core/actor.js';
import type { Bundle } from '../core/bundle.js';
import { bundleOf } from '../core/bundleVersion.js';
import { createWorkCalendar } from '../core/calendar.js';
import { type CalendarInput, calendarOverlayOf } from '../core/calendarInput.js';
import type { CalendarOverlay } from '../core/calendar.js';
import type { Delegation, District, Seal } from '../core/directory.js';
import { findDepartment, findDistrict } from '../core/directory.js';
import { bundlesInForce, delegationInForce } from '../core/directoryInForce.js';
import { joinBundle } from '../core/districtJoin.js';
import { domainError, type Issue } from '../core/errors.js';
import { type OpeningHours, openingHoursIssues } from '../core/openingHours.js';
import { authorizeConfig, authorizeConfigRead } from '../core/policy.js';
import { issueDelegation, issueSeal, type NewDelegation, type NewSeal, revokeDelegation, revokeSeal, rotateSeal } from '../core/sealRules.js';
import { shanghaiDate } from '../core/time.js';
import { DirectoryEntries, type DirectoryEntry, EntryConflictError, type EntryKind } from '../store/directoryKinds.js';
import { asJson, type ConfigLog } from './configLog.js';
import type { ServiceContext, Snapshot } from './context.js';
import { denyUnless } from './errors.js';
import type { AdminCalendar, AdminDelegation, AdminHours, AdminSeal, DistrictJoins, SettingsAdminAccess, Versioned } from './settingsAdminTypes.js';

const invalid = (issues: readonly Issue[]) => domainError('VALIDATION_FAILED', issues[0]?.message ?? '提交的内容不符合要求', issues);
const conflict = (what: string) => domainError('CONFLICT', `${what}已被他人修改，请刷新后重试`);

/** The usual hours until a district saves its own: Monday to Friday 09:00–17:00. */
const defaultHours = (): OpeningHours => {
  const day = { open: '09:00', close: '17:00' };
  return { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: null, sun: null }, evenings: [] };
};

export class SettingsAdmin implements SettingsAdminAccess {
  private readonly entries: DirectoryEntries;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {
    this.entries = new DirectoryEntries(ctx.client);
  }

  // ── seals ──

  async issueSeal(actor: StaffActor, body: NewSeal): Promise<AdminSeal> {
    const snap = await this.ctx.snapshot();
    const dep = findDepartment(snap.directory, body.department);
    denyUnless(authorizeConfig(actor, 'seal', dep?.district ?? actor.district, snap.directory));
    const seal = issueSeal(snap.directory, body, publishedBundles(snap));
    if (Array.isArray(seal)) throw invalid(seal);
    if (await this.entries.get('seal', seal.id)) throw domainError('CONFLICT', `印章编号已存在: ${seal.id}`);
    await this.ctx.sealKeys.ensure(seal, this.ctx.now());
    const rowVersion = await this.write('seal', seal.id, null, seal, '印章');
    await this.changed(actor, dep?.district ?? null, 'seal', seal.id, 'create', null, seal);
    return { ...seal, rowVersion };
  }

  async rotateSeal(actor: StaffActor, id: string, body: Versioned): Promise<AdminSeal> {
    const { entry, district } = await this.sealEntry(actor, id, body.expectedVersion);
    const rotated = rotateSeal(entry.doc);
    if (Array.isArray(rotated)) throw domainError('CONFLICT', rotated[0]?.message);
    await this.ctx.sealKeys.ensure(rotated, this.ctx.now());
    const rowVersion = await this.write('seal', id, entry, rotated, '印章');
    await this.changed(actor, district, 'seal', id, 'rotate', entry.doc, rotated);
    return { ...rotated, rowVersion };
  }

  async revokeSeal(actor: StaffActor, id: string, body: Versioned & { reason: string }): Promise<AdminSeal> {
    const { entry, district } = await this.sealEntry(actor, id, body.expectedVersion);
    const revoked = revokeSeal(entry.doc, { at: this.ctx.now(), by: actor.id, reason: body.reason.trim() });
    if (Array.isArray(revoked)) throw domainError('CONFLICT', revoked[0]?.message);
    const rowVersion = await this.write('seal', id, entry, revoked, '印章');
    await this.changed(actor, district, 'seal', id, 'revoke', entry.doc, revoked);
    return { ...revoked, rowVersion };
  }

  private async sealEntry(actor: StaffActor, id: string, expected: number | undefined): Promise<{ entry: DirectoryEntry<Seal>; district: string | null }> {
    const snap = await this.ctx.snapshot();
    const entry = await this.entries.get<Seal>('seal', id);
    if (!entry) throw domainError('NOT_FOUND', `印章不存在: ${id}`);
    const district = findDepartment(snap.directory, entry.doc.department)?.district ?? null;
    denyUnless(authorizeConfig(actor, 'seal', district, snap.directory));
    if (expected !== undefined && expected !== entry.version) throw conflict(`印章「${entry.doc.name}」`);
    return { entry, district };
  }

  // ── delegations ──

  async issueDelegation(actor: StaffActor, body: NewDelegation): Promise<AdminDelegation> {
    const snap = await this.ctx.snapshot();
    const district = findDepartment(snap.directory, body.fromDepartment)?.district ?? null;
    denyUnless(authorizeConfig(actor, 'delegation', district ?? actor.district, snap.directory));
    const today = shanghaiDate(this.ctx.now());
    const delegation = issueDelegation(snap.configured, body, publishedBundles(snap), today);
    if (Array.isArray(delegation)) throw invalid(delegation);
    if (await this.entries.get('delegation', delegation.id)) throw domainError('CONFLICT', `授权编号已存在: ${delegation.id}`);
    const rowVersion = await this.write('delegation', delegation.id, null, delegation, '集中授权');
    await this.changed(actor, district, 'delegation', delegation.id, 'create', null, delegation);
    return { ...delegation, rowVersion, inForce: delegationInForce(delegation, today) };
  }

  async revokeDelegation(actor: StaffActor, id: string, body: Versioned & { reason: string }): Promise<AdminDelegation> {
    const snap = await this.ctx.snapshot();
    const entry = await this.entries.get<Delegation>('delegation', id);
    if (!entry) throw domainError('NOT_FOUND', `集中授权不存在: ${id}`);
    const district = findDepartment(snap.directory, entry.doc.fromDepartment)?.district ?? null;
    denyUnless(authorizeConfig(actor, 'delegation', district, snap.directory));
    if (body.expectedVersion !== undefined && body.expectedVersion !== entry.version) throw conflict(`集中授权「${id}」`);
    const revoked = revokeDelegation(entry.doc, { at: this.ctx.now(), by: actor.id, reason: body.reason.trim() });
    if (Array.isArray(revoked)) throw domainError('CONFLICT', revoked[0]?.message);
    const rowVersion = await this.write('delegation', id, entry, revoked, '集中授权');
    await this.changed(actor, district, 'delegation', id, 'revoke', entry.doc, revoked);
    return { ...revoked, rowVersion, inForce: false };
  }

  // ── districts joining bundles ──

  async joinBundle(actor: StaffActor, code: string, bundleId: string, body: Versioned & { from: string }): Promise<DistrictJoins> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfig(actor, 'district', code, snap.directory));
    const entry = await this.entries.get<District>('district', code);
    if (!entry || !findDistrict(snap.directory, code)) throw domainError('NOT_FOUND', `区不存在: ${code}`);
    if (body.expectedVersion !== undefined && body.expectedVersion !== entry.version) throw conflict(`${entry.doc.name}的配置`);
    const bundle = snap.bundle(bundleId);
    const today = shanghaiDate(this.ctx.now());
    const scope = snap.versions.find((v) => v.bundleId === bundleId && v.version === bundle.version)?.doc.scope ?? null;
    const joined = joinBundle(snap.directory, entry.doc, bundle, scope, body.from, today);
    if (Array.isArray(joined)) {
      if (joined[0]?.code === 'ALREADY_JOINED') throw domainError('CONFLICT', joined[0].message);
      throw invalid(joined);
    }
    const rowVersion = await this.write('district', code, entry, joined, entry.doc.name);
    await this.changed(actor, code, 'district', code, 'join', entry.doc, joined);
    return joinsView(joined, rowVersion, today);
  }

  // ── calendar ──

  async calendar(actor: StaffActor): Promise<AdminCalendar> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfigRead(actor, null, snap.directory));
    return calendarView(await this.entries.get<CalendarOverlay>('calendar', 'overlay'));
  }

  async saveCalendar(actor: StaffActor, body: CalendarInput & Versioned): Promise<AdminCalendar> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfig(actor, 'calendar', null, snap.directory));
    const entry = await this.entries.get<CalendarOverlay>('calendar', 'overlay');
    if (body.expectedVersion !== undefined && body.expectedVersion !== (entry?.version ?? 0)) throw conflict('工作日历');
    const overlay = calendarOverlayOf({ daysOff: body.daysOff, workdays: body.workdays, publishedYears: body.publishedYears });
    if (Array.isArray(overlay)) throw invalid(overlay);
    const rowVersion = await this.write('calendar', 'overlay', entry, overlay, '工作日历');
    await this.changed(actor, null, 'calendar', 'overlay', entry ? 'update' : 'create', entry?.doc ?? null, overlay);
    return calendarView({ doc: overlay, version: rowVersion });
  }

  // ── opening hours ──

  async hours(actor: StaffActor, code: string): Promise<AdminHours> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfigRead(actor, code, snap.directory));
    if (!findDistrict(snap.directory, code)) throw domainError('NOT_FOUND', `区不存在: ${code}`);
    const entry = await this.entries.get<OpeningHours>('hours', code);
    return { district: code, ...(entry?.doc ?? defaultHours()), rowVersion: entry?.version ?? 0 };
  }

  async saveHours(actor: StaffActor, code: string, body: OpeningHours & Versioned): Promise<AdminHours> {
    const snap = await this.ctx.snapshot();
    denyUnless(authorizeConfig(actor, 'district', code, snap.directory));
    if (!findDistrict(snap.directory, code)) throw domainError('NOT_FOUND', `区不存在: ${code}`);
    const hours: OpeningHours = { weekly: body.weekly, evenings: body.evenings };
    const issues = openingHoursIssues(hours);
    if (issues.length > 0) throw invalid(issues);
    const entry = await this.entries.get<OpeningHours>('hours', code);
    if (body.expectedVersion !== undefined && body.expectedVersion !== (entry?.version ?? 0)) throw conflict('开放时间');
    const rowVersion = await this.write('hours', code, entry, hours, '开放时间');
    await this.changed(actor, code, 'hours', code, entry ? 'update' : 'create', entry?.doc ?? null, hours);
    return { district: code, ...hours, rowVersion };
  }

  // ── shared ──

  /** Creates (entry null: the row must not exist) or replaces the row at the version read; the new row version. */
  private async write<T>(kind: EntryKind, id: string, entry: DirectoryEntry<unknown> | null, doc: T, what: string): Promise<number> {
    try {
      const outcome = await this.entries.save(kind, id, doc, { overwrite: entry !== null, known: entry });
      if (entry === null && outcome !== 'created') throw conflict(what);
      return entry === null ? 1 : outcome === 'unchanged' ? entry.version : entry.version + 1;
    } catch (err) {
      if (err instanceof EntryConflictError) throw conflict(what);
      throw err;
    }
  }

  /** The change record (after the change is stored), and this instance's snapshot dropped. */
  private async changed(actor: StaffActor, district: string | null, kind: string, id: string, action: string, before: unknown, after: unknown): Promise<void> {
    this.ctx.invalidate();
    await this.log.record(actor, district, { kind, id, action, before: asJson(before), after: asJson(after) });
  }
}

/** Every published bundle version (a seal's or delegation's items must be items of one). */
function publishedBundles(snap: Snapshot): Bundle[] {
  return snap.versions.filter((v) => v.doc.state === 'published').map((v) => bundleOf(v.doc));
}

function joinsView(d: District, rowVersion: number, today: string): DistrictJoins {
  return { district: d.code, bundles: [...d.bundles], joins: [...(d.joins ?? [])], inForce: bundlesInForce(d, today), rowVersion };
}

function calendarView(entry: { doc: CalendarOverlay; version: number } | null): AdminCalendar {
  const overlay = entry?.doc;
  const cal = createWorkCalendar(overlay);
  return {
    daysOff: overlay?.holidays ?? [],
    workdays: overlay?.workdays ?? [],
    publishedYears: overlay?.publishedYears ?? [],
    calendarVersion: cal.version,
    knownUntil: cal.knownUntil,
    rowVersion: entry?.version ?? 0,
  };
}
