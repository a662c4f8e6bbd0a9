/**
 * What every service operation works with: the repositories, the PII cipher, the clock, the injected
 * notifier and kick, and the directory snapshot (cached per instance for a short time).
 */
import { type Bundle, encryptedFieldKeys } from '../core/bundle.js';
import { bundleOf, currentVersion, type VersionEntry } from '../core/bundleVersion.js';
import { createWorkCalendar, type WorkCalendar } from '../core/calendar.js';
import { type Directory, withDistrictJoined } from '../core/directory.js';
import { directoryInForce } from '../core/directoryInForce.js';
import { domainError } from '../core/errors.js';
import { ArchiveRows } from '../store/archive.js';
import { AuditRows } from '../store/audit.js';
import { BlobStore } from '../store/blobs.js';
import { CaseIndexRows } from '../store/caseIndex.js';
import type { StoredBundleVersion } from '../store/bundleVersions.js';
import { CaseStore, DEFAULT_LEASE_MS, type ChangeLease } from '../store/caseStore.js';
import type { OtsClient } from '../store/client.js';
import { Counters } from '../store/counters.js';
import { type DirectorySnapshot, loadDirectorySnapshot } from '../store/directorySnapshot.js';
import { DirtyMarkers } from '../store/dirty.js';
import { PiiCipher } from '../store/pii.js';
import { QueueRows } from '../store/queues.js';
import { SealKeys } from '../store/sealKeys.js';
import { type CalendarDate, shanghaiDate } from '../core/time.js';
import { Drainer } from './drain.js';
import type { Kick, Notifier, ServiceOptions } from './types.js';

/** How long a request applies its change's effects before it leaves the rest to the dispatcher. */
const INLINE_DRAIN_MS = 1_500;

/** The configuration in force: directory, bundles by version, working calendar. */
export class Snapshot {
  /** Published and retired versions by `id@version` (what running cases pinned); never drafts. */
  private readonly byVersion = new Map<string, Bundle>();
  /** Per bundle, the version new cases get today (core currentVersion). */
  private readonly current = new Map<string, Bundle>();
  private readonly encKeys = new Map<string, Set<string>>();
  /** The directory, with each district's own bundles (scope = the district) joined while they have a current version. */
  readonly directory: Directory;
  /** The directory as stored (every seal, delegation and join, in force or not): what admin pages list. */
  readonly configured: Directory;

  constructor(
    directory: Directory,
    /** Every stored version with its state (drafts included: the admin pages read them from the store). */
    readonly versions: readonly StoredBundleVersion[],
    readonly calendar: WorkCalendar,
    today: CalendarDate,
  ) {
    const byBundle = new Map<string, VersionEntry[]>();
    for (const v of versions) {
      if (v.doc.state !== 'draft') this.byVersion.set(`${v.bundleId}@${v.version}`, bundleOf(v.doc));
      byBundle.set(v.bundleId, [...(byBundle.get(v.bundleId) ?? []), v]);
    }
    this.configured = directory;
    // in force today (core directoryInForce): joins whose date has come, delegations inside their validity
    let dir = directoryInForce(directory, today);
    for (const [id, entries] of byBundle) {
      const cur = currentVersion(entries, today);
      if (!cur) continue;
      this.current.set(id, bundleOf(cur.doc));
      if (cur.doc.scope !== null) dir = withDistrictJoined(dir, cur.doc.scope, id);
    }
    this.directory = dir;
  }

  /** The bundle version a case pinned (published or retired), or without a version the one new cases get today. Throws NOT_FOUND. */
  bundle(id: string, version?: number): Bundle {
    const b = version === undefined ? this.current.get(id) : this.byVersion.get(`${id}@${version}`);
    if (!b) throw domainError('NOT_FOUND', `一件事不存在: ${id}${version === undefined ? '' : ` 第${version}版`}`);
    return b;
  }

  /** The bundle a new case gets; a client naming another version (its form is out of date) gets CONFLICT. */
  bundleForIntake(id: string, version?: number): Bundle {
    const b = this.bundle(id);
    if (version !== undefined && version !== b.version) {
      throw domainError('CONFLICT', `「${b.name}」已更新为第${b.version}版，请重新打开表单填写`);
    }
    return b;
  }

  /** Per bundle, the version new cases get today (retired and not yet valid versions are not offered). */
  latestBundles(): Bundle[] {
    return [...this.current.values()];
  }

  /** The largest warning threshold of any item of any version a case may run on (published or retired): how far
   *  ahead the warning level can be reached, for the alert sweep and the 即将超期 lists. */
  maxWarnRemainingDays(): number {
    return Math.max(0, ...[...this.byVersion.values()].flatMap((b) => b.items.map((i) => i.warnRemainingDays)));
  }

  /** Field keys whose values are encrypted at rest anywhere in the bundle (form and material fields). */
  encryptedKeys(bundle: Bundle): ReadonlySet<string> {
    const k = `${bundle.id}@${bundle.version}`;
    let keys = this.encKeys.get(k);
    if (!keys) {
      keys = new Set([...encryptedFieldKeys(bundle.fields), ...bundle.materials.flatMap((m) => encryptedFieldKeys(m.fields))]);
      this.encKeys.set(k, keys);
    }
    return keys;
  }
}

/** The configuration as loaded, in force on `today`. */
const snapshotOn = (s: DirectorySnapshot, today: CalendarDate): Snapshot =>
  new Snapshot(s.directory, s.bundles, createWorkCalendar(s.calendarOverlay ?? undefined), today);

export class ServiceContext {
  /** The case row: named reads, domain changes, the dirty-marker protocol and the drain lease (store/caseStore.ts). */
  readonly cases: CaseStore;
  readonly queues: QueueRows;
  readonly archive: ArchiveRows;
  /** 办件查询 rows (store/caseIndex.ts). */
  readonly caseIndex: CaseIndexRows;
  readonly blobs: BlobStore;
  readonly audit: AuditRows;
  readonly dirty: DirtyMarkers;
  readonly counters: Counters;
  readonly sealKeys: SealKeys;
  readonly cipher: PiiCipher;
  readonly notifier: Notifier | null;
  readonly log: (line: string) => void;
  private readonly kickFn: Kick | null;
  private readonly clock: () => string;
  private readonly wallClock: () => number;
  /** How long a drain holds a case's lease (store/caseStore.ts). */
  readonly drainLeaseMs: number;
  /** Whether a change takes the drain lease and its request drains at once (ServiceOptions.drainInline). */
  readonly drainsInline: boolean;
  private readonly ttlMs: number;
  private cached: { snapshot: Snapshot; loadedAt: number; raw: DirectorySnapshot; today: CalendarDate } | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(readonly client: OtsClient, options: ServiceOptions) {
    this.queues = new QueueRows(client);
    this.archive = new ArchiveRows(client);
    this.caseIndex = new CaseIndexRows(client);
    this.blobs = new BlobStore(client);
    this.audit = new AuditRows(client);
    this.dirty = new DirtyMarkers(client);
    this.counters = new Counters(client);
    this.cipher = new PiiCipher(options.keys);
    this.sealKeys = new SealKeys(client, this.cipher);
    this.notifier = options.notifier ?? null;
    this.kickFn = options.kick ?? null;
    this.log = options.log ?? (() => undefined);
    this.clock = options.now ?? (() => new Date().toISOString());
    this.wallClock = options.wallClock ?? Date.now;
    this.drainLeaseMs = options.drainLeaseMs ?? DEFAULT_LEASE_MS;
    this.drainsInline = options.drainInline ?? false;
    this.ttlMs = options.directoryTtlMs ?? 30_000;
    this.cases = new CaseStore(client, {
      cipher: this.cipher,
      dirty: this.dirty,
      now: () => this.now(),
      wallMillis: () => this.wallMillis(),
      leaseMs: this.drainLeaseMs,
    });
  }

  now(): string {
    return this.clock();
  }

  /** Wall-clock milliseconds, for leases (never the business clock `now`, which tests may hold still). */
  wallMillis(): number {
    return this.wallClock();
  }

  /**
   * The directory snapshot, reloaded when older than the TTL (wall-clock based: caching only), in force on the
   * business clock's day (rebuilt from what was loaded, without a read, when that day changes).
   */
  async snapshot(): Promise<Snapshot> {
    const t = Date.now();
    const today = shanghaiDate(this.now());
    const c = this.cached;
    if (c && t - c.loadedAt < this.ttlMs) {
      if (c.today === today) return c.snapshot;
      const snapshot = snapshotOn(c.raw, today);
      this.cached = { ...c, snapshot, today };
      return snapshot;
    }
    this.loading ??= loadDirectorySnapshot(this.client)
      .then((s) => {
        const snapshot = snapshotOn(s, today);
        this.cached = { snapshot, loadedAt: Date.now(), raw: s, today };
        return snapshot;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Forget the cached snapshot (after a configuration change in tests or admin pages). */
  invalidate(): void {
    this.cached = null;
  }

  /**
   * After a change is stored: with the lease the change took (drainInline), its effects are applied here at once,
   * within INLINE_DRAIN_MS; whatever is left — and every change without that lease — goes to the dispatcher by a
   * kick. Never fails the caller: the change is stored, its effects are pending under the dirty marker.
   */
  async settle(caseId: string, lease: ChangeLease | null): Promise<void> {
    if (lease) {
      try {
        const report = await new Drainer(this).drain(caseId, 'ended', { lease, stopAt: this.wallMillis() + INLINE_DRAIN_MS, view: lease.after });
        if (report.pending === 0 && !report.busy) return;
      } catch (err) {
        this.log(`drain in request case=${caseId} failed; the dispatcher goes on: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.kick(caseId);
  }

  /** Nudge the dispatcher; never fails the caller (the dirty marker covers a lost kick). */
  kick(caseId: string): void {
    if (!this.kickFn) return;
    try {
      Promise.resolve(this.kickFn(caseId)).catch((err: unknown) => this.log(`kick failed case=${caseId}: ${err instanceof Error ? err.message : String(err)}`));
    } catch (err) {
      this.log(`kick failed case=${caseId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
