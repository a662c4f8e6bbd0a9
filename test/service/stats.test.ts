// 统计 through the services over tablestore-local with a movable business clock: birth cases accepted at the 鄞州
// hall and at the 姜山镇 town centre, signed on time and late, one withdrawn, one still running in 海曙 with an
// overdue sub-task. The figures of a district and of the city are asserted exactly; they come from the `stats`
// rows the drain adds to (never from the cases), once per change even when a drain is repeated; the CSV export;
// who may read which district.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../functions/core/actor.js';
import { isDomainError } from '../../functions/core/errors.js';
import type { StatsPage } from '../../functions/service/statsOps.js';
import { createWorkCalendar } from '../../functions/core/calendar.js';
import { newClock, startClock } from '../../functions/core/clock.js';
import type { TimelineEvent } from '../../functions/core/events.js';
import { tallyEvents } from '../../functions/core/tally.js';
import { StatsRows, statsMarker, statsRowKey } from '../../functions/store/statsRows.js';
import { birthBundle, birthValues, makeId, outputsFor } from '../core/fixtures.js';
import { suppliedBody, version } from './helpers.js';
import { actor, staff, startWorld, type World } from './support.js';

const HALL = staff('yinzhou-serviceCenter', 'clerk1');
const TOWN = actor('yinzhou-jiangshan-clerk1');
const HAISHU = staff('haishu-serviceCenter', 'clerk1');
const SUPERVISOR = staff('yinzhou-serviceCenter', 'supervisor1');
const MONTH = { from: '2026-03-01', to: '2026-03-31' };

// Mon 2 March 2026 10:00, Thu 5 March, Tue 10 March, Fri 20 March (Asia/Shanghai)
const DAY = { mar2: '2026-03-02T02:00:00.000Z', mar3: '2026-03-03T02:00:00.000Z', mar5: '2026-03-05T02:00:00.000Z', mar10: '2026-03-10T02:00:00.000Z', mar20: '2026-03-20T02:00:00.000Z' };
const FIRST = ['birthCertificate', 'vaccinationCertificate'];
const THEN = ['householdRegistration', 'medicalInsuranceEnrollment', 'socialSecurityCardApplication'];

let w: World;
const ids: Record<'hall' | 'town' | 'withdrawn' | 'haishu', string> = { hall: '', town: '', withdrawn: '', haishu: '' };
const departments = new Map<string, string>();
const parents = new Map<string, { fatherIdNumber: string; motherIdNumber: string }>();

async function accept(clerk: StaffActor, n: number): Promise<string> {
  const values = birthValues({
    fatherIdNumber: makeId('330212', '1990-05-01', String(2 * n + 1).padStart(3, '0')),
    motherIdNumber: makeId('330212', '1992-06-01', String(2 * n + 2).padStart(3, '0')),
  });
  const r = await w.services.acceptCase(clerk, { bundleId: 'birth', values, supplied: suppliedBody, requestId: `stats-${String(n).padStart(6, '0')}` });
  for (const st of r.case.subTasks) departments.set(st.itemId, st.department);
  parents.set(r.case.id, { fatherIdNumber: String(values.fatherIdNumber), motherIdNumber: String(values.motherIdNumber) });
  await w.services.drainCase(r.case.id);
  return r.case.id;
}

async function claim(caseId: string, itemId: string): Promise<void> {
  const handler = staff(departments.get(itemId) ?? '', 'handler1');
  await w.services.act(handler, caseId, itemId, { type: 'claim' }, await version(w.services, handler, caseId, itemId));
  await w.services.drainCase(caseId);
}

async function sign(caseId: string, itemId: string): Promise<void> {
  const dep = departments.get(itemId) ?? '';
  const signer = staff(dep, 'signer1');
  const outputs = outputsFor(birthBundle, itemId);
  // the certificate names the parents of this case's application
  if (outputs.birthMedicalCertificate) outputs.birthMedicalCertificate = { ...outputs.birthMedicalCertificate, ...parents.get(caseId) };
  await w.services.act(signer, caseId, itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs }, await version(w.services, signer, caseId, itemId));
  await w.services.drainCase(caseId);
}

async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isDomainError(err)) return `${err.status} ${err.code}`;
    throw err;
  }
  return 'allowed';
}

beforeAll(async () => {
  w = await startWorld(DAY.mar2);
  // on time: the hall's case worked the day it was accepted
  ids.hall = await accept(HALL, 1);
  for (const item of [...FIRST, ...THEN]) {
    await claim(ids.hall, item);
    await sign(ids.hall, item);
  }
  // late: the town centre's case; the certificate and the vaccination claimed on 2 March, signed on 5 March
  // (limit 1 working day: due 3 March), the rest on 10 March, past the promise (5 working days: 9 March)
  ids.town = await accept(TOWN, 2);
  for (const item of FIRST) await claim(ids.town, item);
  w.clock.now = DAY.mar5;
  for (const item of FIRST) await sign(ids.town, item);
  w.clock.now = DAY.mar10;
  for (const item of THEN) {
    await claim(ids.town, item);
    await sign(ids.town, item);
  }
  // withdrawn on 3 March, and one running in 海曙 whose certificate is claimed and then left past its due date
  w.clock.now = DAY.mar2;
  ids.withdrawn = await accept(TOWN, 3);
  ids.haishu = await accept(HAISHU, 4);
  await claim(ids.haishu, 'birthCertificate');
  w.clock.now = DAY.mar3;
  await w.services.withdraw(TOWN, ids.withdrawn, '申请人要求撤回', 1);
  await w.services.drainCase(ids.withdrawn);
  w.clock.now = DAY.mar20;
}, 120_000);

afterAll(async () => {
  await w?.stop();
});

const page = (who: StaffActor, q: Record<string, string> = {}) => w.services.stats.page(who, { ...MONTH, ...q });

describe('a district\'s figures', () => {
  let p: StatsPage;
  beforeAll(async () => {
    p = await page(SUPERVISOR);
  });

  it('counts the cases accepted, completed on time and late, withdrawn and in progress', () => {
    expect(p.scope).toEqual({ district: '330212', name: '鄞州区' });
    expect(p.districts).toEqual([{ code: '330212', name: '鄞州区' }]);
    expect(p.totals).toEqual({ accepted: 3, completed: 2, onTime: 1, late: 1, withdrawn: 1, inProgress: 0, overdueOpen: 0, onTimeRate: 0.5 });
    expect(p.series).toHaveLength(31);
    expect(p.series.filter((s) => s.accepted || s.completed)).toEqual([
      { period: '2026-03-02', label: '3月2日', accepted: 3, completed: 1 },
      { period: '2026-03-10', label: '3月10日', accepted: 0, completed: 1 },
    ]);
    expect(p.byBundle).toEqual([{ bundleId: 'birth', name: '新生儿出生一件事', accepted: 3, completed: 2, onTime: 1, late: 1 }]);
  });

  it('by service point and channel: the hall once, the town centre twice', () => {
    expect(p.byServicePoint).toEqual([
      { department: 'yinzhou-jiangshan', name: '宁波市鄞州区姜山镇便民服务中心', level: 'town', accepted: 2, share: 2 / 3 },
      { department: 'yinzhou-serviceCenter', name: expect.stringContaining('鄞州区') as unknown as string, level: 'district', accepted: 1, share: 1 / 3 },
    ]);
    expect(p.byChannel).toEqual([{ channel: 'window', label: '窗口受理', accepted: 3 }, { channel: 'agent', label: '帮办代办', accepted: 0 }]);
  });

  it('by department and item: the sub-tasks done in the district (the hospital and the CDC are other districts\')', () => {
    expect(p.byDepartment.map((d) => [d.department, d.districtName, d.done, d.onTime, d.late, d.onTimeRate]).sort()).toEqual(
      THEN.map((i) => [departments.get(i), '鄞州区', 2, 2, 0, 1]).sort(),
    );
    expect(p.items.map((i) => [i.itemId, i.done, i.avgDays, i.p90Days]).sort()).toEqual(THEN.map((i) => [i, 2, 0, 0]).sort());
    expect(p.items.every((i) => i.name && i.departmentKind)).toBe(true);
  });

  it('reads a few aggregate rows, none per case', () => {
    // day rows of 2, 3 and 10 March (≤ 4 shards each) and the live rows (≤ 4); no overdue queue rows here
    expect(p.reads.rows).toBeLessThanOrEqual(16);
    expect(p.reads.rows).toBeGreaterThan(0);
  });

  it('by week and by month', async () => {
    const weeks = await page(SUPERVISOR, { granularity: 'week' });
    expect(weeks.series.map((s) => [s.period, s.accepted, s.completed])).toEqual([
      ['2026-W09', 0, 0], ['2026-W10', 3, 1], ['2026-W11', 0, 1], ['2026-W12', 0, 0], ['2026-W13', 0, 0], ['2026-W14', 0, 0],
    ]);
    const months = await page(SUPERVISOR, { granularity: 'month' });
    expect(months.series).toEqual([{ period: '2026-03', label: '2026年3月', accepted: 3, completed: 2 }]);
  });
});

describe('the city', () => {
  it('sums every district: the running 海曙 case in progress, its claimed certificate overdue', async () => {
    const leader = actor('ningbo-bigdata-leader1');
    const p = await w.services.stats.page(leader, MONTH);
    expect(p.scope).toEqual({ district: '330200', name: '宁波市（全市）' });
    expect(p.districts.map((d) => d.name)).toEqual(['宁波市（全市）', '海曙区', '江北区', '北仑区', '镇海区', '鄞州区']);
    expect(p.totals).toEqual({ accepted: 4, completed: 2, onTime: 1, late: 1, withdrawn: 1, inProgress: 1, overdueOpen: 1, onTimeRate: 0.5 });
    const hospital = p.byDepartment.find((d) => d.department === departments.get('birthCertificate'));
    expect(hospital).toMatchObject({ districtName: '海曙区', done: 2, onTime: 1, late: 1, onTimeRate: 0.5 });
    // slowest first: the certificate and the vaccination, 0 and 3 working days (avg 1.5, p90 3)
    expect(p.items.slice(0, 2).map((i) => [i.itemId, i.done, i.avgDays, i.p90Days]).sort()).toEqual([['birthCertificate', 2, 1.5, 3], ['vaccinationCertificate', 2, 1.5, 3]]);
    expect(p.satisfaction).toEqual({
      rated: 0, counts: { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 },
      satisfiedRate: null, bad: 0, badClosed: 0, badClosedOnTime: 0, badClosureRate: null,
    });
    // the default query: the leader's own scope (the city), the last 30 days ending today (20 March)
    const d = await w.services.stats.page(leader, {});
    expect([d.scope.district, d.from, d.to, d.granularity, d.totals.accepted]).toEqual(['330200', '2026-02-19', '2026-03-20', 'day', 4]);
  });
});

describe('exactly once', () => {
  it('a drain repeated, and a second service instance draining too, counts nothing twice', async () => {
    const before = await page(SUPERVISOR);
    for (const id of Object.values(ids)) {
      await w.services.drainCase(id);
      await w.other().drainCase(id);
    }
    expect((await page(SUPERVISOR)).totals).toEqual(before.totals);
  });
});

describe('CSV export', () => {
  it('every table with Chinese headers and a BOM; names, not codes', async () => {
    const series = await w.services.stats.csv(SUPERVISOR, { ...MONTH, table: 'series' });
    expect(series.body.startsWith('\uFEFF时段,受理量,办结量\r\n3月1日,0,0\r\n3月2日,3,1\r\n')).toBe(true);
    expect(series.filename).toBe('鄞州区-受理办结趋势-2026-03-01至2026-03-31.csv');
    expect(series.asciiName).toBe('stats-series-330212-2026-03-01-2026-03-31.csv');
    const points = await w.services.stats.csv(SUPERVISOR, { ...MONTH, table: 'servicePoints' });
    expect(points.body.split('\r\n')[1]).toBe('宁波市鄞州区姜山镇便民服务中心,镇（街道）便民服务中心,2,66.67%');
    const bundles = await w.services.stats.csv(SUPERVISOR, { ...MONTH, table: 'bundles' });
    expect(bundles.body.split('\r\n')[1]).toBe('新生儿出生一件事,3,2,1,1,50.00%');
    for (const table of ['departments', 'channels', 'items', 'satisfaction']) {
      const f = await w.services.stats.csv(SUPERVISOR, { ...MONTH, table });
      expect(f.body.split('\r\n').length, table).toBeGreaterThan(2);
    }
    expect(await refused(w.services.stats.csv(SUPERVISOR, { ...MONTH, table: 'cases' }))).toBe('400 VALIDATION_FAILED');
  });
});

describe('who may read', () => {
  it('a supervisor, leader or auditor of the district; not another district\'s supervisor, nor a handler', async () => {
    expect((await page(staff('yinzhou-serviceCenter', 'auditor1'))).totals.accepted).toBe(3);
    expect((await page(actor('yinzhou-serviceCenter-leader1'))).totals.accepted).toBe(3);
    expect(await refused(page(staff('haishu-serviceCenter', 'supervisor1'), { district: '330212' }))).toBe('403 FORBIDDEN');
    expect(await refused(page(staff('yinzhou-police', 'handler1')))).toBe('403 FORBIDDEN');
    expect(await refused(page(SUPERVISOR, { district: '330200' }))).toBe('403 FORBIDDEN');
    expect((await page(staff('haishu-serviceCenter', 'supervisor1'))).totals).toMatchObject({ accepted: 1, inProgress: 1, overdueOpen: 1 });
  });

  it('refuses bad dates, too long a range and an unknown district', async () => {
    expect(await refused(page(SUPERVISOR, { from: '2026-3-1' }))).toBe('400 VALIDATION_FAILED');
    expect(await refused(page(SUPERVISOR, { from: '2025-01-01', to: '2026-03-01' }))).toBe('400 VALIDATION_FAILED');
    expect(await refused(page(SUPERVISOR, { district: '999999' }))).toBe('400 VALIDATION_FAILED');
  });
});

describe('好差评 (S3\'s ratings and rectifications, end to end)', () => {
  it('counts the window\'s 差评, a 满意 from the progress page, and the 差评 rectified on time', async () => {
    await w.services.ratings.rate(HALL, ids.hall, { level: 'dissatisfied', comment: '等候时间太长' });
    await w.services.drainCase(ids.hall);
    await w.services.ratings.rateFromProgressPage(ids.town, { level: 'satisfied' });
    await w.services.drainCase(ids.town);
    for (const command of [
      { type: 'callBack', method: 'phone', applicantSaid: '取号后等了一个多小时' }, { type: 'rectify', text: '高峰时段增开窗口' }, { type: 'feedback', text: '已告知申请人' },
    ]) {
      const v = (await w.services.ratings.get(HALL, ids.hall, 'rc1')).rectification.version;
      await w.services.ratings.act(HALL, ids.hall, 'rc1', command, v);
      await w.services.drainCase(ids.hall);
    }
    const p = await page(SUPERVISOR);
    expect(p.satisfaction).toEqual({
      rated: 2, counts: { verySatisfied: 0, satisfied: 1, basic: 0, dissatisfied: 1, veryDissatisfied: 0 },
      satisfiedRate: 0.5, bad: 1, badClosed: 1, badClosedOnTime: 1, badClosureRate: 1,
    });
    // the ratings change no case figure
    expect(p.totals).toMatchObject({ accepted: 3, completed: 2, inProgress: 0 });
  });
});

describe('exactly once in the store (property)', () => {
  it('any order and any repeats of the tally effects leave the rows one delivery of each leaves', async () => {
    const rows = new StatsRows(w.client);
    const cal = createWorkCalendar();
    let run = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 8 }).chain((extra) => fc.shuffledSubarray([0, 1, 2, 3, ...extra], { minLength: 4 + extra.length })),
      async (order) => {
        // a district code of its own per run, so runs do not share rows
        const district = String(900000 + ++run);
        const caseId = `${district}-20260302-0001`;
        const ev = (action: string, at: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
          id: `${caseId}#${action}`, caseId, itemId: null, action, actor: { kind: 'system', id: 'test' } as TimelineEvent['actor'], at, from: null, to: 'accepted', reason: null, detail: {}, ...extra,
        });
        const changes = [
          [ev('accept', DAY.mar2, { detail: { servicePoint: 'p1' } })],
          [ev('signOff', DAY.mar3, { itemId: 'x', from: 'claimed', to: 'done' })],
          [ev('complete', DAY.mar3, { from: 'accepted', to: 'completed' }), ev('rate', DAY.mar3, { detail: { level: 'basic' } })],
          [ev('closeRectification', DAY.mar5, { detail: { onTime: true, outcome: 'rectified' } })],
        ];
        const sub = { itemId: 'x', district, department: 'd-1', clock: startClock(newClock(2), DAY.mar2) };
        const effects = changes.map((events, i) => ({
          id: `${caseId}/${i}/tally/1`,
          rows: tallyEvents(events, { bundleId: 'birth', acceptingDistrict: district, due: { date: '2026-03-09' } }, () => sub, cal)
            .map((r) => ({ key: statsRowKey(r.district, r.day, caseId), counts: r.counts })),
        }));
        for (const i of order) {
          for (const r of effects[i].rows) await rows.addOnce(r.key, r.counts, statsMarker(effects[i].id));
        }
        const days = await rows.days(district, '20260301', '20260331');
        const live = await rows.live(district);
        expect(days.map((d) => [d.day, d.counts])).toEqual([
          ['20260302', { acc: 1, ab_birth: 1, ap_p1: 1, ach_window: 1 }],
          ['20260303', { dn_d_1: 1, dok_d_1: 1, in_birth_x: 1, is_birth_x: 1, ih1_birth_x: 1, cc: 1, cok: 1, cb_birth: 1, cbok_birth: 1, r_basic: 1 }],
          ['20260305', { rcl: 1, rcok: 1 }],
        ]);
        expect(live.byDistrict[district]).toBe(0);
      },
    ), { numRuns: 15 });
  }, 60_000);
});
