/**
 * A month of cases for the statistics page (issue 14): a few hundred cases of several bundles run through the
 * Services against a stack's tablestore with a business clock moving over the last 30 days — accepted at the
 * 鄞州 hall, at the 姜山镇 town centre and by the 走马塘村 代办员 (with the 授权委托书), each department claiming and
 * signing (most in a day or two, some slowly enough to be late), a few withdrawn, the last days' cases still open.
 * The same seed (default 14) gives the same month. The statistics are tallied by the dispatcher's drains, which
 * this script runs itself after each step, as the stack's dispatcher would.
 *
 *   npm run seed:month                      the local stack started by `npm start` (.lianban, tablestore on 8800)
 *   npx tsx scripts/dev/seedMonth.ts --local --data .lianban --cases 240 --seed 14
 *
 * It needs the stack's DATA_KEY and HASH_KEY (read from <data>/secrets.json): cases written under other keys
 * could not be read by the stack. The values are the test fixtures' made-up people (valid, fictitious numbers).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StaffActor } from '../../functions/core/actor.js';
import type { Bundle } from '../../functions/core/bundle.js';
import type { FormValues } from '../../functions/core/form.js';
import { findStaff } from '../../functions/core/directory.js';
import { birthBundle, deathBundle, seedDirectory as catalogDirectory } from '../../functions/catalog/index.js';
import { lifeEventBundles } from '../../functions/catalog/lifeEvents.js';
import { createServices, type Services } from '../../functions/service/index.js';
import { createOtsClient } from '../../functions/store/client.js';
import { birthSupplied, birthValues, deathValues, sampleOutputs } from '../../test/core/fixtures.js';
import { lifeEventOutputsA, retirementValues } from '../../test/core/lifeEventFixturesA.js';
import { EMPLOYED_ITEMS, employedValues, sampleOutputsB } from '../../test/core/lifeEventFixturesB.js';
import { OTS_FLAG_HELP, otsCommand } from '../provision/config.js';

const HALL = 'yinzhou-serviceCenter-clerk1';
const TOWN = 'yinzhou-jiangshan-clerk1';
const VILLAGE = 'yinzhou-jiangshan-zoumatang-agent1';
const SCAN = new TextEncoder().encode('%PDF-1.4 授权委托书 扫描件 (seed)');

interface Kind {
  bundle: Bundle;
  weight: number;
  /** Where it is accepted: [staff, weight]. */
  at: [string, number][];
  body(day: string): { values: FormValues; chosenOptional: string[]; supplied: { type: string; data: FormValues; attachments: unknown[] }[] };
}

const bundleOf = (id: string): Bundle => {
  const b = [birthBundle, deathBundle, ...lifeEventBundles].find((x) => x.id === id);
  if (!b) throw new Error(`seedMonth: no bundle ${id}`);
  return b;
};

const KINDS: Kind[] = [
  {
    bundle: birthBundle, weight: 3, at: [[HALL, 6], [TOWN, 2], [VILLAGE, 2]],
    body: (day) => ({ values: birthValues({ babyBirthTime: shiftDay(day, -4) + 'T08:30:00+08:00' }), chosenOptional: [], supplied: birthSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })) }),
  },
  { bundle: deathBundle, weight: 2, at: [[HALL, 7], [TOWN, 3]], body: (day) => ({ values: deathValues({ deathTime: shiftDay(day, -4) + 'T21:10:00+08:00' }), chosenOptional: [], supplied: [] }) },
  {
    bundle: bundleOf('employment'), weight: 4, at: [[HALL, 3], [TOWN, 5], [VILLAGE, 2]],
    body: (day) => ({ values: employedValues(day), chosenOptional: EMPLOYED_ITEMS, supplied: [] }),
  },
  { bundle: bundleOf('retirement'), weight: 2, at: [[HALL, 6], [TOWN, 4]], body: (day) => ({ values: retirementValues({ retirementDate: day.slice(0, 8) + '01' }), chosenOptional: [], supplied: [] }) },
];

const OUTPUTS: Record<string, FormValues> = { ...sampleOutputs, ...lifeEventOutputsA, ...sampleOutputsB };

/** mulberry32: a small seeded generator, so the same seed gives the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, options: [T, number][]): T {
  const total = options.reduce((n, o) => n + o[1], 0);
  let r = rnd() * total;
  for (const [v, w] of options) if ((r -= w) < 0) return v;
  return options[options.length - 1][0];
}

function actor(id: string): StaffActor {
  const s = findStaff(catalogDirectory, id);
  if (!s) throw new Error(`seedMonth: no staff ${id}`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(day + 'T00:00:00Z') + n * 86400_000).toISOString().slice(0, 10);
}

/**
 * A material's values dated for a case accepted on `accepted` and signed on `day`: calendar dates move to the
 * signing day, date-times (a birth, a death) to four days before acceptance, as the form says.
 */
function dated(values: FormValues, day: string, accepted: string): FormValues {
  const move = (v: FormValues[string]): FormValues[string] => {
    if (typeof v !== 'string') return v;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return day;
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return shiftDay(accepted, -4) + v.slice(10);
    return v;
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, move(v)]));
}

interface SeedMonthOptions {
  services: Services;
  /** The clock the services read (`now: () => clock.now`); moved by the seeding. */
  clock: { now: string };
  /** The last day (YYYY-MM-DD, Shanghai); the month is the `days` days ending on it. */
  today: string;
  days?: number;
  /** About how many cases (spread over the working days). */
  cases?: number;
  seed?: number;
  log?: (line: string) => void;
}

interface SeedMonthReport {
  accepted: number;
  completed: number;
  withdrawn: number;
  open: number;
  /** Sub-tasks signed after a pause of several days (likely late). */
  slow: number;
  rated: number;
  bad: number;
  byPoint: Record<string, number>;
}

interface Open {
  caseId: string;
  kind: Kind;
  accepted: string;
  /** Who accepted it. */
  who: string;
  /** Per sub-task: the days it is claimed and signed (its department's pace). */
  plan: Record<string, { claimOn: string; signOn: string }>;
}

/** The rating methods of the Services (好差评) this script uses. */
interface RatingApi {
  rate(actor: StaffActor, caseId: string, body: unknown): Promise<{ rating: { rectificationId?: string | null } }>;
  get(actor: StaffActor, caseId: string, id: string): Promise<{ rectification: { version: number } }>;
  act(actor: StaffActor, caseId: string, id: string, body: unknown, expectedVersion: number): Promise<unknown>;
}

const LEVELS: [string, number][] = [['verySatisfied', 70], ['satisfied', 19], ['basic', 7], ['dissatisfied', 3], ['veryDissatisfied', 1]];
const COMMENTS: Record<string, string> = { dissatisfied: '等候时间较长', veryDissatisfied: '材料被要求重复提交' };

/**
 * The applicant rates the completed case at the window that accepted it (a village point's cases at the hall); a
 * 差评's rectification is mostly carried through (回访 → 整改 → 反馈) by the point that accepted, some left open.
 */
async function rate(s: Services, r: RatingApi, c: Open, rnd: () => number, moods: () => number, report: SeedMonthReport, tick: () => string): Promise<void> {
  const window = actor(c.who === VILLAGE ? HALL : c.who);
  const level = pick(moods, LEVELS);
  tick();
  const { rating } = await r.rate(window, c.caseId, { level, comment: COMMENTS[level] });
  await s.drainCase(c.caseId);
  report.rated++;
  if (!rating.rectificationId) return;
  report.bad++;
  if (rnd() < 0.3) return;
  const id = rating.rectificationId;
  // the responsible department is the service point that accepted: its own staff (a village point's 代办员) acts
  const owner = actor(c.who);
  const steps = [
    { type: 'callBack', method: 'phone', applicantSaid: '反映窗口等候时间较长' },
    { type: 'rectify', text: '高峰时段增开综合窗口，启用预约取号' },
    { type: 'feedback', text: '已电话告知申请人整改措施，申请人表示认可' },
  ];
  for (const step of steps) {
    tick();
    await r.act(owner, c.caseId, id, step, (await r.get(owner, c.caseId, id)).rectification.version);
    await s.drainCase(c.caseId);
  }
}

/** Runs the month; returns what it did. */
export async function seedMonth(o: SeedMonthOptions): Promise<SeedMonthReport> {
  const days = o.days ?? 30;
  const rnd = random(o.seed ?? 14);
  // the applicants' ratings from a stream of their own
  const moods = random((o.seed ?? 14) * 7919 + 1);
  const s = o.services;
  const log = o.log ?? (() => undefined);
  const report: SeedMonthReport = { accepted: 0, completed: 0, withdrawn: 0, open: 0, slow: 0, rated: 0, bad: 0, byPoint: {} };
  const first = shiftDay(o.today, -(days - 1));
  const working = Array.from({ length: days }, (_, i) => shiftDay(first, i)).filter((d) => new Date(d + 'T00:00:00Z').getUTCDay() !== 0);
  const perDay = (o.cases ?? 200) / working.length;
  // a slow department is late now and then
  const slowDepartments = new Set(['yinzhou-hrss', 'yinzhou-civilAffairs']);
  const open: Open[] = [];
  let serial = 0;
  const at = (day: string, minutes: number) => new Date(Date.parse(day + 'T01:00:00Z') + minutes * 60_000).toISOString();
  const clerk = (id: string) => actor(id);
  // 好差评 (functions/service/ratingOps.ts) where this build has it
  const ratings = (s as unknown as { ratings?: RatingApi }).ratings;

  for (let di = 0; di < days; di++) {
    const day = shiftDay(first, di);
    const sunday = new Date(day + 'T00:00:00Z').getUTCDay() === 0;
    const saturday = new Date(day + 'T00:00:00Z').getUTCDay() === 6;
    let minute = 0;
    const tick = () => (o.clock.now = at(day, (minute += 2)));
    // work what is ready
    for (const c of open.slice()) {
      tick();
      await s.drainCase(c.caseId);
      const view = (await s.getCase(clerk(HALL), c.caseId)).case;
      if (view.state !== 'accepted') {
        open.splice(open.indexOf(c), 1);
        if (view.state === 'completed') {
          report.completed++;
          if (ratings && rnd() < 0.7) await rate(s, ratings, c, rnd, moods, report, tick);
        }
        continue;
      }
      if (sunday) continue;
      for (const st of view.subTasks.filter((t) => t.state === 'ready' || t.state === 'claimed')) {
        const key = st.itemId;
        if (!c.plan[key]) {
          // 签收 the same day (now and then the next), signed within the item's time limit — but now and then, more
          // often in a slow department, days after it
          const limit = c.kind.bundle.items.find((i) => i.id === key)?.timeLimitDays ?? 1;
          const slow = rnd() < (slowDepartments.has(st.department) ? 0.15 : 0.03);
          if (slow) report.slow++;
          const claimOn = shiftDay(day, rnd() < 0.85 ? 0 : 1);
          const lag = slow ? limit + 2 + Math.floor(rnd() * 6) : Math.floor(rnd() * Math.min(limit, 4));
          c.plan[key] = { claimOn, signOn: shiftDay(claimOn, lag) };
        }
        const plan = c.plan[key];
        const handler = actor(`${st.department}-handler1`);
        if (st.state === 'ready') {
          if (plan.claimOn > day) continue;
          tick();
          await s.act(handler, c.caseId, st.itemId, { type: 'claim' }, (await s.subTask(handler, c.caseId, st.itemId)).subTask.version);
          await s.drainCase(c.caseId);
        }
        if (plan.signOn > day) continue;
        const item = c.kind.bundle.items.find((i) => i.id === st.itemId);
        const outputs = Object.fromEntries((item?.outputs ?? []).map((m) => [m, dated(OUTPUTS[m] ?? {}, day, c.accepted)]));
        const signer = actor(`${st.department}-signer1`);
        tick();
        const signed = await s.act(signer, c.caseId, st.itemId, { type: 'signOff', sealId: `${st.department}-seal`, outputs }, (await s.subTask(signer, c.caseId, st.itemId)).subTask.version);
        await s.drainCase(c.caseId);
        if (signed.subTask.state === 'countersigning') {
          tick();
          await s.act(actor(`${st.department}-signer2`), c.caseId, st.itemId, { type: 'countersign', sealId: `${st.department}-seal`, opinion: '同意' }, signed.subTask.version);
          await s.drainCase(c.caseId);
        }
      }
    }
    if (sunday) continue;
    // accept the day's cases
    const n = Math.max(0, Math.round(perDay * (saturday ? 0.4 : 1.1) * (0.7 + rnd() * 0.6)));
    for (let k = 0; k < n; k++) {
      const kind = pick(rnd, KINDS.map((x) => [x, x.weight] as [Kind, number]));
      const who = pick(rnd, kind.at);
      const body = kind.body(day);
      tick();
      if (who === VILLAGE) {
        const { attachment } = await s.uploadIntakeAttachment(actor(VILLAGE), { bytes: SCAN, name: '授权委托书.pdf', contentType: 'application/pdf' });
        body.supplied.push({ type: 'agentAuthorization', data: {}, attachments: [{ sha256: attachment.sha256, name: attachment.name, size: attachment.size, mime: 'application/pdf' }] });
      }
      const r = await s.acceptCase(actor(who), { bundleId: kind.bundle.id, requestId: `seed-month-${o.seed ?? 14}-${day}-${++serial}`, ...body });
      await s.drainCase(r.case.id);
      report.accepted++;
      report.byPoint[who] = (report.byPoint[who] ?? 0) + 1;
      // about one in thirty is withdrawn the same day (the applicant changed their mind)
      if (rnd() < 0.035) {
        const v = (await s.getCase(clerk(who === VILLAGE ? HALL : who), r.case.id)).case;
        tick();
        await s.withdraw(actor(who === VILLAGE ? HALL : who), r.case.id, '申请人申请撤回', v.version);
        await s.drainCase(r.case.id);
        report.withdrawn++;
        continue;
      }
      open.push({ caseId: r.case.id, kind, accepted: day, who, plan: {} });
    }
    log(`seedMonth: ${day} — ${report.accepted} accepted, ${report.completed} completed, ${open.length} open`);
  }
  report.open = open.length;
  return report;
}

const HELP = `npx tsx scripts/dev/seedMonth.ts [options]

Runs a month of cases (birth, death, employment, retirement) through the services against a stack's tablestore,
with the business clock moving over the last 30 days.

${OTS_FLAG_HELP}
  --data <dir>                  the stack's data directory holding secrets.json (default .lianban)
  --cases <n>                   about how many cases (default 240)
  --days <n>                    days ending today (default 30)
  --seed <n>                    random seed (default 14)
  -h, --help                    this help
`;

async function main(): Promise<number> {
  const started = otsCommand('seedMonth', HELP, process.argv.slice(2), process.env, {
    data: { type: 'string' }, cases: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' },
  });
  if (typeof started === 'number') return started;
  const { flags, config } = started;
  const file = path.join(String(flags.data ?? '.lianban'), 'secrets.json');
  if (!existsSync(file)) {
    process.stderr.write(`seedMonth: ${file} not found — start the stack first (npm start)\n`);
    return 2;
  }
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as { DATA_KEY: string; HASH_KEY: string };
  const client = createOtsClient({
    OTS_ENDPOINT: config.endpoint, OTS_INSTANCE: config.instancename, OTS_ACCESS_KEY_ID: config.accessKeyId, OTS_ACCESS_KEY_SECRET: config.secretAccessKey,
  });
  const clock = { now: new Date().toISOString() };
  const services = createServices({ client, keys: { dataKey: secrets.DATA_KEY, hashKey: secrets.HASH_KEY }, now: () => clock.now });
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const report = await seedMonth({
    services, clock, today, cases: Number(flags.cases ?? 240), days: Number(flags.days ?? 30), seed: Number(flags.seed ?? 14),
    log: (line) => process.stdout.write(line + '\n'),
  });
  process.stdout.write(`seedMonth: done — ${JSON.stringify(report)}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`seedMonth: failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
