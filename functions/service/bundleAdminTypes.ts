/**
 * What the bundle administration (一件事配置: versions draft → published → retired, editor saves, diff, dry run,
 * import / export) offers the api. Filled in by service/bundleAdmin.ts; the bodies are those of schemas/openapi.json.
 */
import type { StaffActor } from '../core/actor.js';
import type { BundleDiffEntry } from '../core/bundleDiff.js';
import type { BundleJson, BundleVersionDoc, BundleVersionState, StaffRef } from '../core/bundleVersion.js';
import type { DryRunResult } from '../core/dryRun.js';
import type { Issue } from '../core/errors.js';
import type { FormValues } from '../core/form.js';

interface BundleVersionSummary {
  version: number;
  state: BundleVersionState;
  validFrom: string | null;
  copiedFrom: number | null;
  rowVersion: number;
  updatedBy: StaffRef | null;
  updatedAt: string | null;
  publishedBy: StaffRef | null;
  publishedAt: string | null;
  retiredBy: StaffRef | null;
  retiredAt: string | null;
}

export interface BundleListEntry {
  id: string;
  /** The name of the newest version. */
  name: string;
  scope: string | null;
  versions: BundleVersionSummary[];
  /** The version new cases get today, or null. */
  current: number | null;
}

/** One version as the editor works with it. */
export interface BundleVersionView {
  bundleId: string;
  version: number;
  rowVersion: number;
  doc: BundleVersionDoc;
  /** The core's validation of the bundle (validateBundle with the directory, the scope rule); publish needs none. */
  issues: Issue[];
  /** Who feeds whom (items whose outputs an item consumes). */
  graph: { items: { id: string; name: string; dependsOn: string[] }[] };
  /** Whether new cases get this version today. */
  current: boolean;
}

export interface NewBundleBody {
  id: string;
  name: string;
  leadDepartment: string;
  scope: string | null;
}

export interface DryRunBody {
  values: FormValues;
  chosenOptional?: string[];
  acceptingDistrict: string;
  supplied?: string[];
}

export interface BundleAdminAccess {
  /** Every bundle with its versions' states, as the admin may see them. */
  list(actor: StaffActor): Promise<{ bundles: BundleListEntry[] }>;
  create(actor: StaffActor, body: NewBundleBody): Promise<BundleVersionView>;
  get(actor: StaffActor, bundleId: string, version: number): Promise<BundleVersionView>;
  save(actor: StaffActor, bundleId: string, version: number, bundle: BundleJson, expectedRowVersion: number): Promise<BundleVersionView>;
  validate(actor: StaffActor, bundleId: string, bundle: BundleJson): Promise<{ issues: Issue[] }>;
  publish(actor: StaffActor, bundleId: string, version: number, validFrom: string, expectedRowVersion: number): Promise<BundleVersionView>;
  retire(actor: StaffActor, bundleId: string, version: number, reason: string, expectedRowVersion?: number): Promise<BundleVersionView>;
  copy(actor: StaffActor, bundleId: string, version: number): Promise<BundleVersionView>;
  discard(actor: StaffActor, bundleId: string, version: number, expectedRowVersion: number): Promise<{ bundleId: string; version: number; discarded: true }>;
  diff(actor: StaffActor, bundleId: string, version: number, against?: number): Promise<{ bundleId: string; version: number; against: number | null; changes: BundleDiffEntry[] }>;
  dryRun(actor: StaffActor, bundleId: string, version: number, body: DryRunBody): Promise<DryRunResult>;
  exportVersion(actor: StaffActor, bundleId: string, version: number): Promise<BundleJson>;
  importBundle(actor: StaffActor, bundle: unknown, scope: string | null): Promise<BundleVersionView>;
}
