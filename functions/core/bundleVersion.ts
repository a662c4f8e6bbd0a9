/**
 * Bundle versions (一件事的版本, DESIGN: configuration): each version of a bundle is a `BundleVersionDoc` — the
 * bundle JSON, its state draft → published (valid from a date) → retired, its scope (a district code, or null
 * for a cross-district / city bundle) and who did what when. A published or retired version never changes;
 * only a draft is saved, published or discarded; a bundle has at most one draft, numbered last version + 1.
 * New cases use `currentVersion`: the highest published version valid today. Every decision here returns the
 * new document or a DomainError with a Chinese message; nothing is stored.
 */
import type { Bundle } from './bundle.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import { type CalendarDate, type Instant, isCalendarDate } from './time.js';

export type BundleVersionState = 'draft' | 'published' | 'retired';

const bundleVersionStateLabels: Record<BundleVersionState, string> = { draft: '草稿', published: '已发布', retired: '已停用' };

/** A draft may hold any JSON object (an incomplete bundle); a published version holds a valid `Bundle`. */
export type BundleJson = Readonly<Record<string, unknown>>;

/** Who did something: staff id and name (the seed is `seed`). */
export interface StaffRef {
  id: string;
  name: string;
}

export interface BundleVersionDoc {
  bundle: BundleJson;
  state: BundleVersionState;
  /** A district code (that district's own bundle), or null (cross-district, configured by the city). */
  scope: string | null;
  /** First day new cases use it (published and retired versions); null: from the beginning (seed, legacy rows). */
  validFrom: CalendarDate | null;
  /** The version it was copied from, if any. */
  copiedFrom: number | null;
  createdBy: StaffRef | null;
  createdAt: Instant | null;
  updatedBy: StaffRef | null;
  updatedAt: Instant | null;
  publishedBy: StaffRef | null;
  publishedAt: Instant | null;
  retiredBy: StaffRef | null;
  retiredAt: Instant | null;
  retireReason: string | null;
}

/** A stored version: its number and document. */
export interface VersionEntry {
  version: number;
  doc: BundleVersionDoc;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const STATES: readonly string[] = ['draft', 'published', 'retired'];

/**
 * A stored row's document: a `BundleVersionDoc`, or a bare `Bundle` written before versions existed, which reads
 * as published from the beginning with scope null.
 */
export function readVersionDoc(raw: unknown): BundleVersionDoc {
  if (isObject(raw) && typeof raw.state === 'string' && STATES.includes(raw.state) && isObject(raw.bundle)) {
    return raw as unknown as BundleVersionDoc; // written by this module's decisions
  }
  return {
    bundle: isObject(raw) ? raw : {},
    state: 'published',
    scope: null,
    validFrom: null,
    copiedFrom: null,
    createdBy: null,
    createdAt: null,
    updatedBy: null,
    updatedAt: null,
    publishedBy: null,
    publishedAt: null,
    retiredBy: null,
    retiredAt: null,
    retireReason: null,
  };
}

/** The bundle of a published or retired version (publish validated it). */
export const bundleOf = (doc: BundleVersionDoc): Bundle => doc.bundle as unknown as Bundle;

/** The version number after the last one (1 for a new bundle). */
export function nextVersion(versions: readonly VersionEntry[]): number {
  return versions.reduce((max, v) => Math.max(max, v.version), 0) + 1;
}

function draftOf(versions: readonly VersionEntry[]): VersionEntry | undefined {
  return versions.find((v) => v.doc.state === 'draft');
}

/**
 * The version new cases get on `today`: the highest version that is published or retired with validFrom ≤ today —
 * none when that one is retired. A later version supersedes the earlier ones for good: retiring it takes the bundle
 * out of new cases rather than bringing an older version back (to go back, copy the older version and publish it).
 */
export function currentVersion(versions: readonly VersionEntry[], today: CalendarDate): VersionEntry | undefined {
  let best: VersionEntry | undefined;
  for (const v of versions) {
    if (v.doc.state === 'draft') continue;
    if (v.doc.validFrom !== null && v.doc.validFrom > today) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best?.doc.state === 'published' ? best : undefined;
}

/** The bundle JSON with the row's id and version (a draft may lack the rest). */
function stamped(bundle: BundleJson, bundleId: string, version: number): BundleJson {
  return { ...bundle, id: bundleId, version };
}

const base = (bundle: BundleJson, scope: string | null, copiedFrom: number | null, actor: StaffRef, now: Instant): BundleVersionDoc => ({
  bundle,
  state: 'draft',
  scope,
  validFrom: null,
  copiedFrom,
  createdBy: actor,
  createdAt: now,
  updatedBy: actor,
  updatedAt: now,
  publishedBy: null,
  publishedAt: null,
  retiredBy: null,
  retiredAt: null,
  retireReason: null,
});

export interface NewBundleInput {
  id: string;
  name: string;
  leadDepartment: string;
  scope: string | null;
}

/** A new bundle from scratch: draft version 1 with an empty skeleton. CONFLICT when the id is taken. */
export function createBundle(versions: readonly VersionEntry[], input: NewBundleInput, actor: StaffRef, now: Instant): VersionEntry | DomainError {
  if (versions.length > 0) return domainError('CONFLICT', `一件事编号 ${input.id} 已被使用，请换一个编号`);
  const bundle: BundleJson = {
    id: input.id,
    version: 1,
    name: input.name,
    leadDepartment: input.leadDepartment,
    promisedDays: 1,
    fields: [],
    materials: [],
    intakeMaterials: [],
    items: [],
    eligibility: [],
    subjects: [],
  };
  return { version: 1, doc: base(bundle, input.scope, null, actor, now) };
}

/** Import: a bundle file as a new draft — version 1 of a new bundle, or the next version of an existing one. */
export function importBundle(
  versions: readonly VersionEntry[],
  bundle: BundleJson,
  bundleId: string,
  scope: string | null,
  actor: StaffRef,
  now: Instant,
): VersionEntry | DomainError {
  const draft = draftOf(versions);
  if (draft) return domainError('CONFLICT', `已有草稿（第${draft.version}版），请先编辑或删除它`);
  const known = versions[0]?.doc.scope;
  if (versions.length > 0 && known !== scope) return domainError('VALIDATION_FAILED', `一件事 ${bundleId} 已存在，其适用范围不同`);
  const version = nextVersion(versions);
  return { version, doc: base(stamped(bundle, bundleId, version), scope, null, actor, now) };
}

const immutable = (entry: VersionEntry, doing: string): DomainError =>
  domainError('INVALID_TRANSITION', `第${entry.version}版${bundleVersionStateLabels[entry.doc.state]}，不能${doing}；请复制为新草稿后修改`);

/** Save a draft's bundle (any JSON object; id and version are the row's). */
export function saveDraft(entry: VersionEntry, bundle: BundleJson, bundleId: string, actor: StaffRef, now: Instant): BundleVersionDoc | DomainError {
  if (entry.doc.state !== 'draft') return immutable(entry, '修改');
  return { ...entry.doc, bundle: stamped(bundle, bundleId, entry.version), updatedBy: actor, updatedAt: now };
}

export interface PublishInput {
  validFrom: CalendarDate;
  /** Asia/Shanghai date of `now`. */
  today: CalendarDate;
  /** The validation issues of the draft (validateBundle with the directory, scopeIssues); publish needs none. */
  issues: readonly Issue[];
  actor: StaffRef;
  now: Instant;
}

/** Publish a draft: no issue may remain, validFrom not before today. */
export function publishDraft(entry: VersionEntry, input: PublishInput): BundleVersionDoc | DomainError {
  if (entry.doc.state !== 'draft') return immutable(entry, '发布');
  if (!isCalendarDate(input.validFrom)) return domainError('VALIDATION_FAILED', '生效日期格式有误', [{ field: 'validFrom', code: 'FORMAT', message: '生效日期应为 YYYY-MM-DD' }]);
  if (input.validFrom < input.today) {
    return domainError('VALIDATION_FAILED', `生效日期不能早于今天（${input.today}）`, [{ field: 'validFrom', code: 'PAST_DATE', message: `生效日期不能早于今天（${input.today}）` }]);
  }
  if (input.issues.length > 0) return domainError('BUNDLE_INVALID', `配置还有${input.issues.length}处问题，改正后才能发布`, input.issues);
  return { ...entry.doc, state: 'published', validFrom: input.validFrom, publishedBy: input.actor, publishedAt: input.now, updatedBy: input.actor, updatedAt: input.now };
}

/** What the seed publishes: a catalog bundle, published from the beginning by the seed. */
export function seedVersionDoc(bundle: Bundle, now: Instant): BundleVersionDoc {
  const seed: StaffRef = { id: 'seed', name: '初始配置' };
  return { ...base(JSON.parse(JSON.stringify(bundle)) as BundleJson, null, null, seed, now), state: 'published', publishedBy: seed, publishedAt: now };
}

/** Retire a published version: no new cases; running ones finish on it. */
export function retireVersion(entry: VersionEntry, reason: string, actor: StaffRef, now: Instant): BundleVersionDoc | DomainError {
  if (entry.doc.state !== 'published') {
    return domainError('INVALID_TRANSITION', entry.doc.state === 'draft' ? '草稿不能停用，可以删除' : `第${entry.version}版已停用`);
  }
  return { ...entry.doc, state: 'retired', retiredBy: actor, retiredAt: now, retireReason: reason, updatedBy: actor, updatedAt: now };
}

/** Copy a published or retired version into a new draft (the only draft of the bundle). */
export function copyVersion(versions: readonly VersionEntry[], from: number, actor: StaffRef, now: Instant): VersionEntry | DomainError {
  const source = versions.find((v) => v.version === from);
  if (!source) return domainError('NOT_FOUND', `第${from}版不存在`);
  if (source.doc.state === 'draft') return domainError('INVALID_TRANSITION', '草稿不能复制，请直接编辑');
  const draft = draftOf(versions);
  if (draft) return domainError('CONFLICT', `已有草稿（第${draft.version}版），请先编辑或删除它`);
  const version = nextVersion(versions);
  const bundleId = typeof source.doc.bundle.id === 'string' ? source.doc.bundle.id : '';
  return { version, doc: base(stamped(source.doc.bundle, bundleId, version), source.doc.scope, from, actor, now) };
}

/** Only a draft may be discarded. */
export function discardDraft(entry: VersionEntry): DomainError | null {
  return entry.doc.state === 'draft' ? null : immutable(entry, '删除');
}

/**
 * A district's own bundle (scope = a district code) routes every item to that district: no item may be fixed to
 * another district or routed by a district field of the form (跨区一件事由市级管理员配置). Reads a draft's JSON
 * defensively (an incomplete bundle has no issue here for what it lacks).
 */
export function scopeIssues(bundle: BundleJson, scope: string | null): Issue[] {
  if (scope === null || !Array.isArray(bundle.items)) return [];
  const issues: Issue[] = [];
  bundle.items.forEach((item: unknown, i) => {
    if (!isObject(item) || !isObject(item.routing)) return;
    const r = item.routing;
    if ((r.by === 'fixed' && r.district !== scope) || r.by === 'field') {
      const name = typeof item.name === 'string' ? item.name : String(item.id);
      issues.push({ field: `items.${i}.routing`, code: 'OUT_OF_SCOPE', message: `事项「${name}」会分派到其他区：跨区一件事须由市级管理员配置` });
    }
  });
  return issues;
}
