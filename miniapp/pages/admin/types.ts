/**
 * The shapes the 一件事配置 pages read from /api/admin/bundles… and /api/admin/directory (schemas/openapi.json).
 * A draft's bundle may be incomplete, so the editor holds it as a `Bundle` whose parts may be missing.
 */
import type { Bundle } from '../../../functions/core/bundle';

export type { Bundle };
export type { FieldDef, Item, MaterialInput, MaterialType } from '../../../functions/core/bundle';

export type VersionState = 'draft' | 'published' | 'retired';

/** A validation issue of the core's validateBundle: `field` is the dotted path (items.2.fields). */
export interface Issue {
  field?: string;
  code: string;
  message: string;
}

/** Who did something: staff id and name. */
interface StaffRef {
  id: string;
  name: string;
}

export interface VersionSummary {
  version: number;
  state: VersionState;
  validFrom: string | null;
  rowVersion: number;
  copiedFrom?: number | null;
  updatedBy?: StaffRef | null;
  updatedAt?: string | null;
  publishedBy?: StaffRef | null;
  publishedAt?: string | null;
}

export interface BundleSummary {
  id: string;
  name: string;
  /** District code, or null: cross-district / city-wide. */
  scope: string | null;
  versions: VersionSummary[];
  /** The version new cases get today (null: none). */
  current: number | null;
}

export interface VersionDoc {
  bundle: Bundle;
  state: VersionState;
  scope: string | null;
  validFrom: string | null;
  copiedFrom: number | null;
  rowVersion: number;
  updatedBy?: StaffRef | null;
  updatedAt?: string | null;
  publishedBy?: StaffRef | null;
  publishedAt?: string | null;
}

/** What the pages read of GET /api/admin/directory. */
export interface DirectoryView {
  city: { code: string; name: string };
  /** District codes the actor may change (none for auditors). */
  configurable: string[];
  departmentKinds: { id: string; name: string }[];
  districts: { code: string; name: string; bundles: string[]; joins?: { bundle: string; from: string }[] }[];
}

export const STATE_LABELS: Record<VersionState, string> = { draft: '草稿', published: '已发布', retired: '已停用' };
export const STATE_TONES: Record<VersionState, string> = { draft: 'orange', published: 'green', retired: 'grey' };

/** `/api/admin/bundles/<id>/versions/<n>` and what follows it. */
export function versionPath(bundleId: string, version: number, rest = ''): string {
  return '/api/admin/bundles/' + encodeURIComponent(bundleId) + '/versions/' + version + rest;
}
