// Seeds the demo directory of the catalog (functions/catalog: 宁波市, districts 鄞州 海曙 江北 北仑 镇海,
// their departments, staff with roles and 浙政钉/DingTalk accounts, seals, 集中授权 delegations, the
// bundles that exist, the empty calendar overlay, the 81812345 hotline catalog of the hotline districts) into the
// `directory` table.
//
// Idempotent: a row that already holds the seed value is left alone, so a second run writes nothing.
// A row that holds something else (an admin changed it) is kept and reported as 'differs', unless
// `overwrite` is set, which brings it back to the seed value with a conditional update. Rows that the
// seed does not name are never touched.
import { bundles as catalogBundles, calendarOverlaySeed, seedDirectory as catalogDirectory } from '../../functions/catalog/index.js';
import { hotlineCatalogSeed, hotlineDistricts } from '../../functions/catalog/hotline/index.js';
import type { Bundle } from '../../functions/core/bundle.js';
import type { CalendarOverlay } from '../../functions/core/calendar.js';
import type { Directory as DirectorySnapshot, Staff } from '../../functions/core/directory.js';
import { seedVersionDoc } from '../../functions/core/bundleVersion.js';
import { canonicalJson, type Json } from '../../functions/core/canonical.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { HotlineClass } from '../../functions/core/workOrder.js';
import { BundleVersionRows } from '../../functions/store/bundleVersions.js';
import type { OtsClient } from '../../functions/store/client.js';
import { Directory, DirectoryError, type StaffRecord, type StoredStaff } from '../../functions/store/directory.js';
import { DirectoryEntries, EntryConflictError, bundleVersionId, type EntryKind, type SaveOutcome } from '../../functions/store/directoryKinds.js';
import { HotlineCatalogStore } from '../../functions/store/hotlineCatalog.js';
import { seedSealKeys } from './sealKeys.js';

export interface SeedData {
  directory: DirectorySnapshot;
  bundles: Bundle[];
  calendarOverlay: CalendarOverlay;
  /** 热线事项目录 per hotline district (district code): written as version 1 when the district has none. */
  hotlineCatalogs?: Array<{ district: string; classes: HotlineClass[] }>;
}

/** Kinds in the order they are written (staff last: they name districts and departments). */
export type SeedKind = EntryKind | 'staff' | 'hotlineCatalog';

export type KindCounts = Record<SaveOutcome | 'conflict', number>;

export interface SeedReport {
  kinds: Array<{ kind: SeedKind; total: number } & KindCounts>;
  /** Rows left as they were because they differ from the seed ("kind id"). */
  differs: string[];
  /** Rows that could not be written (e.g. an account owned by someone else): "kind id: reason". */
  conflicts: string[];
  /** Rows written (created + updated); 0 on a second run. */
  written: number;
}

export interface SeedOptions {
  overwrite?: boolean;
  /**
   * DATA_KEY and HASH_KEY: when given, every seal gets its Ed25519 key pair (private key encrypted with
   * DATA_KEY) and public key record, created once (kind 'sealkey' in the report). Without them the service
   * creates a seal's key the first time the seal signs.
   */
  keys?: { dataKey: string; hashKey: string };
  /** Creation time recorded with new seal keys (default: now). */
  now?: string;
  /** Called as items are processed: kind, done, total. */
  progress?: (kind: SeedKind, done: number, total: number) => void;
  table?: string;
}

/** The seed data as the catalog defines it today. */
export function catalogSeed(): SeedData {
  const hotlineCatalogs = catalogDirectory.districts.filter((d) => hotlineDistricts.includes(d.id)).map((d) => ({ district: d.code, classes: hotlineCatalogSeed }));
  return { directory: catalogDirectory, bundles: catalogBundles, calendarOverlay: calendarOverlaySeed, hotlineCatalogs };
}

/** core Staff → the staff repository's record. */
export function staffRecordOf(s: Staff): StaffRecord {
  return {
    id: s.id,
    name: s.name,
    districtCode: s.district,
    departmentCode: s.department,
    roles: [...s.roles],
    accounts: { zzd: s.zzdAccountId, dingtalk: s.dingtalkUserId },
  };
}

function sameStaff(a: StaffRecord, b: StoredStaff): boolean {
  return (
    a.name === b.name &&
    a.districtCode === b.districtCode &&
    a.departmentCode === b.departmentCode &&
    a.roles.join(',') === b.roles.join(',') &&
    (a.accounts.zzd ?? '') === (b.accounts.zzd ?? '') &&
    (a.accounts.dingtalk ?? '') === (b.accounts.dingtalk ?? '')
  );
}

const emptyCounts = (): KindCounts => ({ created: 0, unchanged: 0, updated: 0, differs: 0, conflict: 0 });

/** At most this many staff are read in one listing; more than that are checked one by one. */
const STAFF_LIST_LIMIT = 5000;

export async function seedDirectory(client: OtsClient, data: SeedData, options: SeedOptions = {}): Promise<SeedReport> {
  const entries = new DirectoryEntries(client, options.table);
  const directory = new Directory(client, options.table);
  const report: SeedReport = { kinds: [], differs: [], conflicts: [], written: 0 };
  const progress = options.progress ?? (() => undefined);
  const d = data.directory;

  const groups: Array<{ kind: EntryKind; items: Array<{ id: string; doc: unknown }> }> = [
    { kind: 'city', items: [{ id: d.city.code, doc: d.city }] },
    { kind: 'department-kind', items: d.departmentKinds.map((k) => ({ id: k.id, doc: k })) },
    { kind: 'district', items: d.districts.map((x) => ({ id: x.code, doc: x })) },
    { kind: 'department', items: d.departments.map((x) => ({ id: x.id, doc: x })) },
    { kind: 'seal', items: d.seals.map((x) => ({ id: x.id, doc: x })) },
    { kind: 'delegation', items: d.delegations.map((x) => ({ id: x.id, doc: x })) },
    { kind: 'calendar', items: [{ id: 'overlay', doc: data.calendarOverlay }] },
  ];

  for (const { kind, items } of groups) {
    const counts = emptyCounts();
    const existing = new Map((await entries.list<unknown>(kind)).map((e) => [e.id, e]));
    for (const [i, item] of items.entries()) {
      try {
        const outcome = await entries.save(kind, item.id, item.doc, { overwrite: options.overwrite, known: existing.get(item.id) ?? null });
        counts[outcome]++;
        if (outcome === 'differs') report.differs.push(`${kind} ${item.id}`);
      } catch (err) {
        if (!(err instanceof EntryConflictError)) throw err;
        counts.conflict++;
        report.conflicts.push(`${kind} ${item.id}: ${err.message}`);
      }
      progress(kind, i + 1, items.length);
    }
    report.kinds.push({ kind, total: items.length, ...counts });
  }

  report.kinds.push(await seedBundles(client, data.bundles, report, options));
  if (data.hotlineCatalogs) report.kinds.push(await seedHotlineCatalogs(client, data.hotlineCatalogs, report, options));

  const counts = emptyCounts();
  const stored = new Map((await directory.listStaff(STAFF_LIST_LIMIT)).map((s) => [s.id, s]));
  for (const [i, person] of d.staff.entries()) {
    const record = staffRecordOf(person);
    try {
      const before = stored.get(record.id) ?? (await directory.getStaff(record.id));
      if (!before) {
        await directory.createStaff(record);
        counts.created++;
      } else if (sameStaff(record, before)) {
        counts.unchanged++;
      } else if (!options.overwrite) {
        counts.differs++;
        report.differs.push(`staff ${record.id}`);
      } else {
        await directory.updateStaff(record, before.version);
        counts.updated++;
      }
    } catch (err) {
      if (!(err instanceof DirectoryError)) throw err;
      counts.conflict++;
      report.conflicts.push(`staff ${record.id}: ${err.code} ${err.message}`);
    }
    progress('staff', i + 1, d.staff.length);
  }
  report.kinds.push({ kind: 'staff', total: d.staff.length, ...counts });
  if (options.keys) report.kinds.push(await seedSealKeys(client, d.seals, options.keys, { now: options.now, table: options.table, progress }));
  report.written = report.kinds.reduce((n, k) => n + k.created + k.updated, 0);
  return report;
}

/**
 * The catalog's bundles, each published through the store function an admin's publish uses (BundleVersionRows
 * .publish, as a new row). A stored version holding the same bundle is left alone; one holding another bundle is
 * kept and reported as 'differs' — published versions never change, not even with `overwrite` (a changed catalog
 * bundle needs a new version number).
 */
async function seedBundles(client: OtsClient, bundles: readonly Bundle[], report: SeedReport, options: SeedOptions): Promise<SeedReport['kinds'][number]> {
  const rows = new BundleVersionRows(client, options.table);
  const counts = emptyCounts();
  const stored = new Map((await rows.all()).map((v) => [bundleVersionId(v.bundleId, v.version), v]));
  const now = options.now ?? new Date().toISOString();
  for (const [i, bundle] of bundles.entries()) {
    const id = bundleVersionId(bundle.id, bundle.version);
    const existing = stored.get(id) ?? null;
    if (!existing) {
      try {
        await rows.publish(bundle.id, bundle.version, seedVersionDoc(bundle, now), null);
        counts.created++;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        counts.conflict++;
        report.conflicts.push(`bundle ${id}: ${err.message}`);
      }
    } else if (canonicalJson(asJson(existing.doc.bundle)) === canonicalJson(asJson(bundle))) {
      counts.unchanged++;
    } else {
      counts.differs++;
      report.differs.push(`bundle ${id}`);
    }
    options.progress?.('bundle', i + 1, bundles.length);
  }
  return { kind: 'bundle', total: bundles.length, ...counts };
}

/**
 * Each hotline district's catalog, written as version 1 through the store an admin's save uses when the district has
 * none. A stored catalog is never replaced, not even with `overwrite` (admins maintain it from then on): one holding
 * other classes is reported as 'differs'.
 */
async function seedHotlineCatalogs(
  client: OtsClient,
  catalogs: NonNullable<SeedData['hotlineCatalogs']>,
  report: SeedReport,
  options: SeedOptions,
): Promise<SeedReport['kinds'][number]> {
  const store = new HotlineCatalogStore(client, options.table);
  const counts = emptyCounts();
  const now = options.now ?? new Date().toISOString();
  for (const [i, { district, classes }] of catalogs.entries()) {
    const existing = await store.get(district);
    if (!existing) {
      try {
        await store.put({ district, version: 1, classes, updatedAt: now, updatedBy: 'seed' }, 0);
        counts.created++;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        counts.conflict++;
        report.conflicts.push(`hotlineCatalog ${district}: ${err.message}`);
      }
    } else if (canonicalJson(asJson(existing.classes)) === canonicalJson(asJson(classes))) {
      counts.unchanged++;
    } else {
      counts.differs++;
      report.differs.push(`hotlineCatalog ${district}`);
    }
    options.progress?.('hotlineCatalog', i + 1, catalogs.length);
  }
  return { kind: 'hotlineCatalog', total: catalogs.length, ...counts };
}

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** One line per kind: "district 5 (5 created)". */
export function describeSeedReport(report: SeedReport): string[] {
  return report.kinds.map((k) => {
    const parts = (['created', 'updated', 'unchanged', 'differs', 'conflict'] as const).filter((o) => k[o] > 0).map((o) => `${k[o]} ${o}`);
    return `${k.kind} ${k.total} (${parts.join(', ') || 'none'})`;
  });
}
