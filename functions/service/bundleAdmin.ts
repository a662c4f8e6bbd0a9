/**
 * Bundle administration (DESIGN: configuration, "Bundles as versioned data"): list, create, save, validate,
 * publish, retire, copy, discard, diff, dry run, export and import of bundle versions. Who may is policy.ts
 * (authorizeConfig by the bundle's scope to change, authorizeConfigRead to read); what may happen to a version is
 * core bundleVersion.ts; the rows are store bundleVersions.ts. Every change is recorded in the scope's change log
 * (ConfigLog) after it is stored, and drops this instance's cached snapshot so the change is in force at once.
 */
import type { StaffActor } from '../core/actor.js';
import { diffBundles } from '../core/bundleDiff.js';
import { validateBundle } from '../core/bundleValidation.js';
import {
  type BundleJson,
  type BundleVersionDoc,
  type StaffRef,
  type VersionEntry,
  copyVersion,
  createBundle,
  currentVersion,
  discardDraft,
  importBundle,
  publishDraft,
  retireVersion,
  saveDraft,
  scopeIssues,
} from '../core/bundleVersion.js';
import { type Directory, withDistrictJoined } from '../core/directory.js';
import { dryRun, type DryRunResult } from '../core/dryRun.js';
import { domainError, type DomainError, isDomainError, type Issue } from '../core/errors.js';
import { authorizeConfig, authorizeConfigRead } from '../core/policy.js';
import { shanghaiDate } from '../core/time.js';
import { BundleVersionRows, type StoredBundleVersion } from '../store/bundleVersions.js';
import { bundleVersionId } from '../store/directoryKinds.js';
import type { BundleAdminAccess, BundleListEntry, BundleVersionView, DryRunBody, NewBundleBody } from './bundleAdminTypes.js';
import { asJson, type ConfigLog } from './configLog.js';
import type { ServiceContext } from './context.js';
import { denyUnless } from './errors.js';

const who = (actor: StaffActor): StaffRef => ({ id: actor.id, name: actor.name });

const must = <T>(r: T | DomainError): T => {
  if (isDomainError(r)) throw r;
  return r;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The directory a bundle of this scope is checked against: a district's own bundle is handled by that district. */
const directoryFor = (dir: Directory, bundleId: string, scope: string | null): Directory => (scope === null ? dir : withDistrictJoined(dir, scope, bundleId));

/** The core's validation of a bundle JSON of a scope: schema, semantics, directory, scope rule. */
function issuesOf(bundle: BundleJson, bundleId: string, scope: string | null, dir: Directory): Issue[] {
  const r = validateBundle(bundle, directoryFor(dir, bundleId, scope));
  return [...(isDomainError(r) ? r.issues : []), ...scopeIssues(bundle, scope)];
}

/** Who feeds whom, read defensively from a draft's JSON: an item depends on the items issuing what it consumes. */
function graphOf(bundle: BundleJson): BundleVersionView['graph'] {
  const items = Array.isArray(bundle.items) ? bundle.items.filter(isObject) : [];
  const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const producer = new Map<string, string>();
  for (const i of items) for (const o of listOf(i.outputs)) producer.set(String(o), String(i.id));
  return {
    items: items.map((i) => ({
      id: String(i.id ?? ''),
      name: String(i.name ?? i.id ?? ''),
      dependsOn: [...new Set(listOf(i.inputs).filter(isObject).flatMap((x) => producer.get(String(x.material)) ?? []))],
    })),
  };
}

export class BundleAdmin implements BundleAdminAccess {
  private readonly rows: BundleVersionRows;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: ConfigLog,
  ) {
    this.rows = new BundleVersionRows(ctx.client);
  }

  private today(): string {
    return shanghaiDate(this.ctx.now());
  }

  private entries(versions: readonly StoredBundleVersion[]): VersionEntry[] {
    return versions.map((v) => ({ version: v.version, doc: v.doc }));
  }

  /** Every version of a bundle; NOT_FOUND when it has none. */
  private async versions(bundleId: string): Promise<StoredBundleVersion[]> {
    const versions = await this.rows.versions(bundleId);
    if (versions.length === 0) throw domainError('NOT_FOUND', `一件事不存在: ${bundleId}`);
    return versions;
  }

  private async one(bundleId: string, version: number): Promise<StoredBundleVersion> {
    const v = await this.rows.get(bundleId, version);
    if (!v) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    return v;
  }

  private async readable(actor: StaffActor, scope: string | null): Promise<Directory> {
    const dir = (await this.ctx.snapshot()).directory;
    denyUnless(authorizeConfigRead(actor, scope, dir));
    return dir;
  }

  private async changeable(actor: StaffActor, scope: string | null): Promise<Directory> {
    const dir = (await this.ctx.snapshot()).directory;
    denyUnless(authorizeConfig(actor, 'bundle', scope, dir));
    return dir;
  }

  private view(stored: StoredBundleVersion, all: readonly StoredBundleVersion[], dir: Directory): BundleVersionView {
    const current = currentVersion(this.entries(all), this.today());
    return {
      bundleId: stored.bundleId,
      version: stored.version,
      rowVersion: stored.rowVersion,
      doc: stored.doc,
      issues: issuesOf(stored.doc.bundle, stored.bundleId, stored.doc.scope, dir),
      graph: graphOf(stored.doc.bundle),
      current: current?.version === stored.version,
    };
  }

  /** Records a stored change in the scope's chain and makes it visible to this instance at once. */
  private async changed(actor: StaffActor, stored: { bundleId: string; version: number; doc: BundleVersionDoc }, action: string, before: unknown, after: unknown): Promise<void> {
    this.ctx.invalidate();
    await this.log.record(actor, stored.doc.scope, { kind: 'bundle', id: bundleVersionId(stored.bundleId, stored.version), action, before: asJson(before), after: asJson(after) });
  }

  async list(actor: StaffActor): Promise<{ bundles: BundleListEntry[] }> {
    const dir = await this.readable(actor, null);
    const byBundle = new Map<string, StoredBundleVersion[]>();
    for (const v of await this.rows.all()) byBundle.set(v.bundleId, [...(byBundle.get(v.bundleId) ?? []), v]);
    const today = this.today();
    const bundles: BundleListEntry[] = [];
    for (const [id, versions] of byBundle) {
      const scope = versions[versions.length - 1].doc.scope;
      if (authorizeConfigRead(actor, scope, dir)) continue;
      const newest = versions[versions.length - 1].doc.bundle;
      bundles.push({
        id,
        name: typeof newest.name === 'string' ? newest.name : id,
        scope,
        versions: versions.map((v) => ({
          version: v.version, state: v.doc.state, validFrom: v.doc.validFrom, copiedFrom: v.doc.copiedFrom, rowVersion: v.rowVersion,
          updatedBy: v.doc.updatedBy, updatedAt: v.doc.updatedAt, publishedBy: v.doc.publishedBy, publishedAt: v.doc.publishedAt,
          retiredBy: v.doc.retiredBy, retiredAt: v.doc.retiredAt,
        })),
        current: currentVersion(this.entries(versions), today)?.version ?? null,
      });
    }
    return { bundles };
  }

  async create(actor: StaffActor, body: NewBundleBody): Promise<BundleVersionView> {
    const dir = await this.changeable(actor, body.scope);
    const versions = await this.rows.versions(body.id);
    const entry = must(createBundle(this.entries(versions), body, who(actor), this.ctx.now()));
    const stored = await this.rows.createDraft(body.id, entry.version, entry.doc);
    await this.changed(actor, stored, 'create', null, stored.doc);
    return this.view(stored, [...versions, stored], dir);
  }

  async get(actor: StaffActor, bundleId: string, version: number): Promise<BundleVersionView> {
    const all = await this.versions(bundleId);
    const stored = all.find((v) => v.version === version);
    if (!stored) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    const dir = await this.readable(actor, stored.doc.scope);
    return this.view(stored, all, dir);
  }

  async save(actor: StaffActor, bundleId: string, version: number, bundle: BundleJson, expectedRowVersion: number): Promise<BundleVersionView> {
    const all = await this.versions(bundleId);
    const before = all.find((v) => v.version === version);
    if (!before) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    const dir = await this.changeable(actor, before.doc.scope);
    const doc = must(saveDraft({ version, doc: before.doc }, bundle, bundleId, who(actor), this.ctx.now()));
    const stored = await this.rows.saveDraft(bundleId, version, doc, expectedRowVersion);
    // A save records what changed (the diff), not two whole documents.
    await this.changed(actor, stored, 'save', null, { rowVersion: stored.rowVersion, changes: diffBundles(before.doc.bundle, stored.doc.bundle) });
    return this.view(stored, all.map((v) => (v.version === version ? stored : v)), dir);
  }

  async validate(actor: StaffActor, bundleId: string, bundle: BundleJson): Promise<{ issues: Issue[] }> {
    const versions = await this.rows.versions(bundleId);
    const scope = versions[0]?.doc.scope ?? null;
    const dir = await this.readable(actor, scope);
    return { issues: issuesOf({ ...bundle, id: bundleId }, bundleId, scope, dir) };
  }

  async publish(actor: StaffActor, bundleId: string, version: number, validFrom: string, expectedRowVersion: number): Promise<BundleVersionView> {
    const all = await this.versions(bundleId);
    const before = all.find((v) => v.version === version);
    if (!before) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    const dir = await this.changeable(actor, before.doc.scope);
    const doc = must(publishDraft({ version, doc: before.doc }, {
      validFrom, today: this.today(), issues: issuesOf(before.doc.bundle, bundleId, before.doc.scope, dir), actor: who(actor), now: this.ctx.now(),
    }));
    const stored = await this.rows.publish(bundleId, version, doc, expectedRowVersion);
    await this.changed(actor, stored, 'publish', before.doc, stored.doc);
    return this.view(stored, all.map((v) => (v.version === version ? stored : v)), dir);
  }

  async retire(actor: StaffActor, bundleId: string, version: number, reason: string, expectedRowVersion?: number): Promise<BundleVersionView> {
    const all = await this.versions(bundleId);
    const before = all.find((v) => v.version === version);
    if (!before) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    const dir = await this.changeable(actor, before.doc.scope);
    const doc = must(retireVersion({ version, doc: before.doc }, reason.trim(), who(actor), this.ctx.now()));
    const stored = await this.rows.retire(bundleId, version, doc, expectedRowVersion ?? before.rowVersion);
    await this.changed(actor, stored, 'retire', before.doc, stored.doc);
    return this.view(stored, all.map((v) => (v.version === version ? stored : v)), dir);
  }

  async copy(actor: StaffActor, bundleId: string, version: number): Promise<BundleVersionView> {
    const all = await this.versions(bundleId);
    const source = all.find((v) => v.version === version);
    if (!source) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    const dir = await this.changeable(actor, source.doc.scope);
    const entry = must(copyVersion(this.entries(all), version, who(actor), this.ctx.now()));
    const stored = await this.rows.createDraft(bundleId, entry.version, entry.doc);
    await this.changed(actor, stored, 'copy', null, stored.doc);
    return this.view(stored, [...all, stored], dir);
  }

  async discard(actor: StaffActor, bundleId: string, version: number, expectedRowVersion: number): Promise<{ bundleId: string; version: number; discarded: true }> {
    const before = await this.one(bundleId, version);
    await this.changeable(actor, before.doc.scope);
    const refused = discardDraft({ version, doc: before.doc });
    if (refused) throw refused;
    await this.rows.discard(bundleId, version, expectedRowVersion);
    await this.changed(actor, before, 'discard', before.doc, null);
    return { bundleId, version, discarded: true };
  }

  async diff(actor: StaffActor, bundleId: string, version: number, against?: number) {
    const all = await this.versions(bundleId);
    const stored = all.find((v) => v.version === version);
    if (!stored) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${version}版`);
    await this.readable(actor, stored.doc.scope);
    const base = against ?? stored.doc.copiedFrom;
    if (base === null) return { bundleId, version, against: null, changes: diffBundles({}, stored.doc.bundle) };
    const other = all.find((v) => v.version === base);
    if (!other) throw domainError('NOT_FOUND', `一件事 ${bundleId} 没有第${base}版`);
    return { bundleId, version, against: base, changes: diffBundles(other.doc.bundle, stored.doc.bundle) };
  }

  async dryRun(actor: StaffActor, bundleId: string, version: number, body: DryRunBody): Promise<DryRunResult> {
    const stored = await this.one(bundleId, version);
    await this.readable(actor, stored.doc.scope);
    const snap = await this.ctx.snapshot();
    const valid = validateBundle(stored.doc.bundle);
    if (isDomainError(valid)) throw domainError('BUNDLE_INVALID', '配置还有问题，改正后才能试运行', valid.issues);
    // As if the accepting district (and a district's own bundle's district) handled this version.
    const dir = withDistrictJoined(directoryFor(snap.directory, bundleId, stored.doc.scope), body.acceptingDistrict, bundleId);
    return dryRun({
      bundle: valid, values: body.values, chosenOptional: body.chosenOptional ?? [], acceptingDistrict: body.acceptingDistrict,
      supplied: body.supplied ?? [], directory: dir, calendar: snap.calendar, now: this.ctx.now(),
    });
  }

  async exportVersion(actor: StaffActor, bundleId: string, version: number): Promise<BundleJson> {
    const stored = await this.one(bundleId, version);
    await this.readable(actor, stored.doc.scope);
    return stored.doc.bundle;
  }

  /** A bundle file as a new draft: refused whole (400 BUNDLE_INVALID, issues by JSON path, nothing stored) unless valid. */
  async importBundle(actor: StaffActor, bundle: unknown, scope: string | null): Promise<BundleVersionView> {
    const dir = await this.changeable(actor, scope);
    const bundleId = isObject(bundle) && typeof bundle.id === 'string' ? bundle.id : '';
    const valid = validateBundle(bundle, directoryFor(dir, bundleId, scope));
    if (isDomainError(valid)) throw domainError('BUNDLE_INVALID', `文件有${valid.issues.length}处问题，未导入`, valid.issues);
    const outOfScope = scopeIssues(valid as unknown as BundleJson, scope);
    if (outOfScope.length > 0) throw domainError('BUNDLE_INVALID', `文件有${outOfScope.length}处问题，未导入`, outOfScope);
    const versions = await this.rows.versions(bundleId);
    const entry = must(importBundle(this.entries(versions), valid as unknown as BundleJson, bundleId, scope, who(actor), this.ctx.now()));
    const stored = await this.rows.createDraft(bundleId, entry.version, entry.doc);
    await this.changed(actor, stored, 'import', null, stored.doc);
    return this.view(stored, [...versions, stored], dir);
  }
}
