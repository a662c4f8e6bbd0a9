/**
 * 统计 (DESIGN: Statistics): the figures of a district, or of the city across its districts, over a date range,
 * from the aggregate rows the drain keeps (store/statsRows.ts) — one range of day rows per district, the live
 * 在办 rows, and the department queues' rows past their due date (超期在办) — never from the cases. Names, not
 * codes: bundles, items, departments and service points are named from the directory snapshot and the bundles.
 */
import type { StaffActor } from '../core/actor.js';
import type { Bundle } from '../core/bundle.js';
import { bundleOf, type BundleVersionDoc } from '../core/bundleVersion.js';
import { findDepartment, findDistrict, type Directory } from '../core/directory.js';
import { domainError, isDomainError } from '../core/errors.js';
import { hotlineFigures } from '../core/orderTally.js';
import { authorizeStats } from '../core/policy.js';
import { departmentQueue } from '../core/queue.js';
import { type Granularity, itemDays, parseStatsQuery, periodLabel, periodsOf, rate, summarize } from '../core/statsFigures.js';
import { TALLY_LEVELS, type TallyLevel } from '../core/tally.js';
import { dateToInt, shanghaiDate } from '../core/time.js';
import { HotlineCatalogStore } from '../store/hotlineCatalog.js';
import { StatsRows } from '../store/statsRows.js';
import { isStatsTable, statsCsv } from './statsCsv.js';
import type { ServiceContext } from './context.js';

export interface StatsPage {
  scope: { district: string; name: string };
  /** The scopes this reader may pick: the city and every district for the city's readers, else their own district. */
  districts: { code: string; name: string }[];
  from: string;
  to: string;
  granularity: Granularity;
  totals: { accepted: number; completed: number; onTime: number; late: number; withdrawn: number; inProgress: number; overdueOpen: number; onTimeRate: number | null };
  series: { period: string; label: string; accepted: number; completed: number }[];
  byBundle: { bundleId: string; name: string; accepted: number; completed: number; onTime: number; late: number }[];
  byDepartment: { department: string; name: string; districtName: string; done: number; onTime: number; late: number; onTimeRate: number | null }[];
  byServicePoint: { department: string; name: string; level: 'district' | 'town' | 'village'; accepted: number; share: number }[];
  byChannel: { channel: 'window' | 'agent'; label: string; accepted: number }[];
  items: { bundleId: string; itemId: string; name: string; departmentKind: string; done: number; avgDays: number; p90Days: number }[];
  satisfaction: {
    rated: number;
    counts: Record<TallyLevel, number>;
    satisfiedRate: number | null;
    bad: number;
    badClosed: number;
    badClosedOnTime: number;
    badClosureRate: number | null;
  };
  /** 81812345 热线工单 (DESIGN: Hotline): from the same day rows (core orderTally.ts). */
  hotline: ReturnType<typeof hotlineFigures>;
  /** Rows read to answer: aggregate rows, live rows and the overdue queue rows counted. */
  reads: { rows: number };
}

/** 统计: the page's figures (GET /api/stats) — the CSV export reads the same. */
export interface StatsAccess {
  page(actor: StaffActor, query: Record<string, string | undefined>): Promise<StatsPage>;
  /**
   * One table of the page as CSV (`query.table`: series | bundles | departments | servicePoints | channels | items |
   * satisfaction | hotlineDaily | hotlineClasses | hotlineSummary).
   */
  csv(actor: StaffActor, query: Record<string, string | undefined>): Promise<{ filename: string; asciiName: string; body: string }>;
}

const CHANNEL_LABELS = { window: '窗口受理', agent: '帮办代办' } as const;

/** The queues whose rows run a clock (超期 = due before today). */
const CLOCKED_STATES = ['active', 'countersign'] as const;

/** Per bundle, its newest stored version (published or retired) — names for ids the rows hold. */
function newestBundles(versions: readonly { bundleId: string; version: number; doc: BundleVersionDoc }[]): Map<string, Bundle> {
  const out = new Map<string, { version: number; doc: BundleVersionDoc }>();
  for (const v of versions) {
    if (v.doc.state === 'draft') continue;
    const seen = out.get(v.bundleId);
    if (!seen || seen.version < v.version) out.set(v.bundleId, { version: v.version, doc: v.doc });
  }
  return new Map([...out].map(([id, v]) => [id, bundleOf(v.doc)]));
}

/** Every column of the rows added up. */
function sumCounts(rows: readonly { counts: Record<string, number> }[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const r of rows) for (const [k, v] of Object.entries(r.counts)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}

export class StatsOps implements StatsAccess {
  constructor(private readonly ctx: ServiceContext) {}

  async page(actor: StaffActor, raw: Record<string, string | undefined>): Promise<StatsPage> {
    const snap = await this.ctx.snapshot();
    const dir = snap.directory;
    const today = shanghaiDate(this.ctx.now());
    const q = parseStatsQuery(raw, actor.district, today);
    if (isDomainError(q)) throw q;
    const city = q.district === dir.city.code;
    const district = city ? null : findDistrict(dir, q.district);
    if (!city && !district) {
      throw domainError('VALIDATION_FAILED', '没有这个区县', [{ field: 'district', code: 'UNKNOWN_DISTRICT', message: '没有这个区县' }]);
    }
    const denied = authorizeStats(actor, q.district, dir);
    if (denied) throw denied;
    const codes = city ? dir.districts.map((d) => d.code) : [q.district];
    const stats = new StatsRows(this.ctx.client);
    const day = (d: string) => d.replaceAll('-', '');
    const catalogs = new HotlineCatalogStore(this.ctx.client);
    const [dayRows, live, overdue, classNames] = await Promise.all([
      Promise.all(codes.map((c) => stats.days(c, day(q.from), day(q.to)))).then((r) => r.flat()),
      stats.live(city ? undefined : q.district),
      this.overdueOpen(dir, codes, today),
      Promise.all(codes.map((c) => catalogs.get(c))).then((docs) => new Map(docs.flatMap((d) => d?.classes.map((c) => [c.id, c.name] as const) ?? []))),
    ]);
    const s = summarize(dayRows, q.granularity);
    const docs = newestBundles(snap.versions);
    const depName = (id: string) => findDepartment(dir, id)?.name ?? id;
    const inProgress = codes.reduce((n, c) => n + (live.byDistrict[c] ?? 0), 0);
    const ratings = s.ratings;
    const rated = TALLY_LEVELS.reduce((n, l) => n + ratings[l], 0);
    const bad = ratings.dissatisfied + ratings.veryDissatisfied;
    const accepted = s.totals.accepted;
    const cityName = `${dir.city.name}（全市）`;
    return {
      scope: { district: q.district, name: city ? cityName : district?.name ?? q.district },
      districts: [{ code: dir.city.code, name: cityName }, ...dir.districts.map((d) => ({ code: d.code, name: d.name }))]
        .filter((d) => authorizeStats(actor, d.code, dir) === null)
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
      from: q.from,
      to: q.to,
      granularity: q.granularity,
      totals: { ...s.totals, inProgress, overdueOpen: overdue.count, onTimeRate: rate(s.totals.onTime, s.totals.onTime + s.totals.late) },
      series: periodsOf(q.from, q.to, q.granularity).map((p) => ({
        period: p, label: periodLabel(p, q.granularity), accepted: s.series.get(p)?.accepted ?? 0, completed: s.series.get(p)?.completed ?? 0,
      })),
      byBundle: [...s.byBundle]
        .map(([bundleId, f]) => ({ bundleId, name: docs.get(bundleId)?.name ?? bundleId, ...f }))
        .sort((a, b) => b.accepted - a.accepted || b.completed - a.completed || a.name.localeCompare(b.name, 'zh')),
      byDepartment: [...s.byDepartment]
        .map(([id, f]) => {
          const dep = findDepartment(dir, id);
          const districtName = dep ? findDistrict(dir, dep.district)?.name ?? dep.district : '';
          return { department: id, name: depName(id), districtName, ...f, onTimeRate: rate(f.onTime, f.onTime + f.late) };
        })
        .sort((a, b) => b.done - a.done || a.name.localeCompare(b.name, 'zh')),
      byServicePoint: [...s.byServicePoint]
        .map(([id, n]) => ({ department: id, name: depName(id), level: findDepartment(dir, id)?.servicePoint?.level ?? ('district' as const), accepted: n, share: accepted > 0 ? n / accepted : 0 }))
        .sort((a, b) => b.accepted - a.accepted || a.name.localeCompare(b.name, 'zh')),
      byChannel: (['window', 'agent'] as const).map((channel) => ({ channel, label: CHANNEL_LABELS[channel], accepted: s.byChannel[channel] })),
      items: [...s.items]
        .map(([key, it]) => {
          const [bundleId, itemId = ''] = key.split('_');
          const item = docs.get(bundleId)?.items.find((i) => i.id === itemId);
          const kind = item ? dir.departmentKinds.find((k) => k.id === item.department)?.name ?? item.department : '';
          return { bundleId, itemId, name: item?.name ?? itemId, departmentKind: kind, done: it.done, ...itemDays(it) };
        })
        .filter((i) => i.done > 0)
        .sort((a, b) => b.p90Days - a.p90Days || b.avgDays - a.avgDays || b.done - a.done),
      satisfaction: {
        rated, counts: { ...ratings },
        satisfiedRate: rate(ratings.verySatisfied + ratings.satisfied + ratings.basic, rated),
        bad, badClosed: s.rectifications.closed, badClosedOnTime: s.rectifications.closedOnTime,
        badClosureRate: rate(s.rectifications.closed, bad),
      },
      hotline: hotlineFigures(sumCounts(dayRows), classNames, dayRows),
      reads: { rows: dayRows.length + live.rows + overdue.rows },
    };
  }

  async csv(actor: StaffActor, query: Record<string, string | undefined>): Promise<{ filename: string; asciiName: string; body: string }> {
    const { table, ...rest } = query;
    if (!isStatsTable(table)) {
      throw domainError('VALIDATION_FAILED', '请选择要导出的统计表', [{ field: 'table', code: 'NOT_AN_OPTION', message: '统计表应为 series、bundles、departments、servicePoints、channels、items、satisfaction、hotlineDaily、hotlineClasses 或 hotlineSummary' }]);
    }
    return statsCsv(await this.page(actor, rest), table);
  }

  /** Sub-tasks past their due date (due < today) in the clocked queues of every department of the districts. */
  private async overdueOpen(dir: Directory, districts: readonly string[], today: string): Promise<{ count: number; rows: number }> {
    const queues = dir.departments
      .filter((d) => districts.includes(d.district) && d.servicePoint?.level !== 'village')
      .flatMap((d) => CLOCKED_STATES.map((state) => departmentQueue(d.district, d.id, state)));
    let count = 0;
    for (let i = 0; i < queues.length; i += 16) {
      const counted = await Promise.all(queues.slice(i, i + 16).map((queue) => this.ctx.queues.count(queue, { toDue: dateToInt(today) })));
      count += counted.reduce((a, n) => a + n, 0);
    }
    return { count, rows: count };
  }
}
