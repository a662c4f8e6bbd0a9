// Benchmark part `cases`: 出生一件事 end to end through the service layer (the code the api, dispatcher and
// timer functions run) against tablestore-local in durable mode, with the real 浙政钉 notifier talking to the
// local gateway fake over HTTP. Measures
//   1. capacity units per birth case — acceptance, five claims and five sign-offs by the departments' staff,
//      the dispatcher's drains — from tablestore-local's own counters (the CU rules the service bills by),
//      per table and in total, against the budget (≤ 35 write, ≤ 35 read; floor: 11 state changes); in two
//      dispatcher timings: a drain after every change (what one kick per change does) and one step behind
//      (a drain after each sign-off only, when the kick of a claim arrives after the sign-off);
//   2. where the CUs go: one case step by step;
//   3. cases completed per second end to end, with several cases in flight at once.
// Every case has its own applicant, parents and child (valid, fictitious ID numbers), so archive rows and
// case numbers are what production would write.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffActor } from '../../functions/core/actor';
import { idCheckDigit } from '../../functions/core/idNumber';
import { shanghaiWallClock } from '../../functions/core/time';
import type { FormValues } from '../../functions/core/form';
import { birthBundle, seedDirectory as catalogDirectory } from '../../functions/catalog/index';
import { findStaff } from '../../functions/core/directory';
import { createPlatformNotifier } from '../../functions/effects/notifier';
import { platformsFromEnv } from '../../functions/platform/index';
import { createServices, type Services } from '../../functions/service/index';
import { createOtsClient } from '../../functions/store/client';
import { Directory } from '../../functions/store/directory';
import { TABLES } from '../../functions/store/tables';
import { gatewayUsersOf, functionEnv } from '../dev/stack';
import { LOCAL_GATEWAY_DEFAULTS, startGateways } from '../gateways/index';
import { catalogSeed, seedDirectory } from '../seed/directory';
import { startTablestoreLocal, type CapacityCounters } from '@lianban/tablestore-local';
import type { BenchOptions, BenchPart } from './part';
import { markdownTable } from './report';

/** Cases measured per dispatcher timing (after one warm-up case). */
const CU_CASES = 20;
/** Cases in flight at once in the throughput phase. */
const CONCURRENCY = [1, 4];
const BUDGET = { write: 35, read: 35, changes: 11 };
const WINDOW = 'yinzhou-serviceCenter-clerk1';

type Server = Awaited<ReturnType<typeof startTablestoreLocal>>;

interface World {
  server: Server;
  /** The dispatcher's view: changes leave their effects pending; the bench drains (drainCase). */
  services: Services;
  /** As the api function is deployed: each change drained in its own request (service drainInline). */
  inline: Services;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lianban-bench-cases-'));
  const server = await startTablestoreLocal({ port: 0, dataDir, durability: 'durable' });
  const env = { OTS_ENDPOINT: server.url, OTS_INSTANCE: server.instance, OTS_ACCESS_KEY_ID: server.accessKeyId, OTS_ACCESS_KEY_SECRET: server.accessKeySecret };
  const client = createOtsClient(env);
  for (const spec of TABLES) await client.createTable(spec.definition);
  const keys = { dataKey: randomBytes(32).toString('base64'), hashKey: randomBytes(32).toString('base64url') };
  await seedDirectory(client, catalogSeed(), { keys });
  const staff = await new Directory(client).listStaff(5000);
  const gateways = await startGateways({ port: 0, zzd: { ...LOCAL_GATEWAY_DEFAULTS.zzd }, dingtalk: { ...LOCAL_GATEWAY_DEFAULTS.dingtalk }, users: gatewayUsersOf(staff) });
  const appUrl = 'http://127.0.0.1:8080';
  const secrets = { SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: keys.dataKey, HASH_KEY: keys.hashKey };
  const platformEnv = functionEnv({ otsUrl: server.url, fcUrl: 'http://127.0.0.1:9', appUrl, gateways, secrets });
  const make = (drainInline: boolean) => createServices({
    client,
    keys,
    notifier: createPlatformNotifier({ platforms: platformsFromEnv(platformEnv), appUrl, log: () => {} }),
    // The bench plays the dispatcher itself (drainCase), so a kick does nothing here.
    kick: () => {},
    directoryTtlMs: 10 * 60_000,
    log: () => {},
    drainInline,
  });
  return {
    server,
    services: make(false),
    inline: make(true),
    stop: async () => {
      await gateways.stop();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function actorOf(_w: Pick<World, 'services'>, id: string): StaffActor {
  const s = findStaff(catalogDirectory, id);
  if (!s) throw new Error(`no staff ${id} in the catalog's directory`);
  return { kind: 'staff', id: s.id, name: s.name, district: s.district, department: s.department, roles: s.roles };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function idNumber(region: string, birth: string, seq: number): string {
  const first17 = region + birth + pad(seq % 1000, 3);
  return first17 + idCheckDigit(first17);
}

/** The n-th family: a father and mother registered in 鄞州, a child born two days ago in 鄞州. */
export function family(n: number, today: string, bornAt: string) {
  const names = ['陈', '林', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
  const surname = names[n % names.length];
  const father = { name: `${surname}建${'国华明军'[n % 4]}`, id: idNumber('330212', `1990${pad((n % 12) + 1, 2)}15`, 2 * n + 1) };
  const mother = { name: `李${'秀丽雅静'[n % 4]}${'梅华娟'[n % 3]}`, id: idNumber('330212', `1992${pad((n % 12) + 1, 2)}20`, 2 * n + 2) };
  const baby = { name: `${surname}小${'满乐安宁'[n % 4]}`, id: idNumber('330212', bornAt.slice(0, 10).replaceAll('-', ''), 2 * n + 2) };
  const address = `浙江省宁波市鄞州区天童南路${100 + n}号`;
  const values: FormValues = {
    babyName: baby.name, babySex: n % 2 ? 'male' : 'female', babyBirthTime: `${bornAt.slice(0, 16)}:00+08:00`, babyBirthPlace: '宁波市鄞州区妇幼保健院',
    birthHospital: 'yinzhou-hospital1', babyWeightGrams: 3000 + (n % 9) * 50, fatherName: father.name, fatherIdNumber: father.id,
    fatherHouseholdDistrict: '330212', motherName: mother.name, motherIdNumber: mother.id, motherHouseholdDistrict: '330212',
    marriageStatus: 'married', registerWith: 'father', householdDistrict: '330212', householdHeadName: father.name, householdHeadRelation: n % 2 ? 'son' : 'daughter',
    householdAddress: address, residenceDistrict: '330212', residenceAddress: address, applicantPhone: `1380013${pad(n % 10000, 4)}`, deliveryMethod: 'window',
  };
  const supplied = [
    { type: 'marriageCertificate', data: { certificateNumber: `J330212-2018-${pad(n, 6)}`, registeredOn: '2018-05-20' }, attachments: [] },
    { type: 'householdBook', data: { householdNumber: `3302120${pad(n, 5)}`, householdHeadName: father.name, address }, attachments: [] },
  ];
  const outputs: Record<string, FormValues> = {
    birthMedicalCertificate: {
      certificateNumber: `Q3302${pad(n, 6)}`, babyName: baby.name, babySex: values.babySex as string, birthTime: values.babyBirthTime as string,
      birthPlace: '宁波市鄞州区妇幼保健院', hospitalName: '宁波市鄞州区妇幼保健院', weightGrams: values.babyWeightGrams as number,
      motherName: mother.name, motherIdNumber: mother.id, fatherName: father.name, fatherIdNumber: father.id, issuedOn: today,
    },
    householdRegistrationRecord: {
      babyIdNumber: baby.id, babyName: baby.name, babySex: values.babySex as string, householdNumber: `3302120${pad(n, 5)}`,
      policeStation: '宁波市公安局鄞州分局首南派出所', registeredOn: today,
    },
    medicalInsuranceRecord: { insuranceNumber: `NB${today.replaceAll('-', '')}${pad(n, 5)}`, insuredFrom: bornAt.slice(0, 10) },
    socialSecurityCard: { cardNumber: `C3302${pad(n, 7)}`, bank: '宁波银行', issuedOn: today },
    vaccinationRecord: { certificateNumber: `JZ330212-2026-${pad(n, 5)}`, clinic: '鄞州区首南街道社区卫生服务中心', firstDoseOn: bornAt.slice(0, 10) },
  };
  return { values, supplied, outputs };
}

/** Items in an order in which each is ready when its turn comes, with the version it has when ready. */
const ORDER: [string, number][] = [
  ['birthCertificate', 1],
  ['vaccinationCertificate', 1],
  ['householdRegistration', 2],
  ['medicalInsuranceEnrollment', 3],
  ['socialSecurityCardApplication', 3],
];

/** 'inline': each change drained in its own request (the api as deployed); 'every' / 'behind': the dispatcher drains. */
type Timing = 'inline' | 'every' | 'behind';

interface CaseRun {
  caseId: string;
  /** Version look-ups needed because a sub-task was not at the version expected (reads not in the figures' model). */
  lookups: number;
}

/**
 * One birth case through the service. `timing` 'every': the dispatcher drains after every change; 'behind':
 * after acceptance and after each sign-off only. `step` is called after each step (for the breakdown).
 */
export async function birthCase(w: Pick<World, 'services' | 'inline'>, n: number, timing: Timing, step: (label: string) => void = () => {}): Promise<CaseRun> {
  const s = timing === 'inline' ? w.inline : w.services;
  const drain = async () => {
    if (timing === 'inline') return;
    await s.drainCase(caseId);
    step('drain (dispatcher)');
  };
  const today = shanghaiWallClock(Date.now()).slice(0, 10);
  const bornAt = shanghaiWallClock(Date.now() - 2 * 86400 * 1000) + '+08:00';
  const f = family(n, today, bornAt);
  const clerk = actorOf(w, WINDOW);
  const accepted = await s.acceptCase(clerk, { bundleId: 'birth', values: f.values, supplied: f.supplied, chosenOptional: [], requestId: `bench-${pad(n, 6)}-${randomBytes(4).toString('hex')}` });
  step('accept (受理)');
  const caseId = accepted.case.id;
  await drain();
  let lookups = 0;
  for (const [itemId, readyVersion] of ORDER) {
    const sub = accepted.case.subTasks.find((t) => t.itemId === itemId);
    if (!sub) throw new Error(`case ${caseId} has no ${itemId}`);
    const handler = actorOf(w, `${sub.department}-handler1`);
    const signer = actorOf(w, `${sub.department}-signer1`);
    let claimed;
    try {
      claimed = await s.act(handler, caseId, itemId, { type: 'claim' }, readyVersion);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'CONFLICT')) throw err;
      lookups++;
      claimed = await s.act(handler, caseId, itemId, { type: 'claim' }, (await s.subTask(handler, caseId, itemId)).subTask.version);
    }
    step(`claim ${itemId}`);
    if (timing !== 'behind') await drain();
    const item = birthBundle.items.find((i) => i.id === itemId);
    const outputs = Object.fromEntries((item?.outputs ?? []).map((m) => [m, f.outputs[m]]));
    await s.act(signer, caseId, itemId, { type: 'signOff', sealId: `${sub.department}-seal`, outputs }, claimed.subTask.version);
    step(`sign-off ${itemId}`);
    await drain();
  }
  return { caseId, lookups };
}

interface Totals {
  read: number;
  write: number;
  byTable: Record<string, { read: number; write: number; calls: number }>;
}

export function totals(c: CapacityCounters): Totals {
  const t: Totals = { read: 0, write: 0, byTable: {} };
  for (const [table, ops] of Object.entries(c)) {
    const row = (t.byTable[table] ??= { read: 0, write: 0, calls: 0 });
    for (const x of Object.values(ops)) {
      row.read += x.read;
      row.write += x.write;
      row.calls += x.calls;
      t.read += x.read;
      t.write += x.write;
    }
  }
  return t;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

async function measureCu(w: World, timing: Timing, first: number): Promise<{ per: Totals; lookups: number; completed: number }> {
  w.server.resetCounters();
  let lookups = 0;
  const ids: string[] = [];
  for (let i = 0; i < CU_CASES; i++) {
    const r = await birthCase(w, first + i, timing);
    lookups += r.lookups;
    ids.push(r.caseId);
  }
  const t = totals(w.server.counters());
  const per: Totals = { read: t.read / CU_CASES, write: t.write / CU_CASES, byTable: {} };
  for (const [table, x] of Object.entries(t.byTable)) per.byTable[table] = { read: x.read / CU_CASES, write: x.write / CU_CASES, calls: x.calls / CU_CASES };
  const clerk = actorOf(w, WINDOW);
  let completed = 0;
  for (const id of ids) if ((await w.services.getCase(clerk, id)).case.state === 'completed') completed++;
  return { per, lookups, completed };
}

async function breakdown(w: World, n: number): Promise<string[][]> {
  const rows: string[][] = [];
  w.server.resetCounters();
  await birthCase(w, n, 'every', (label) => {
    const t = totals(w.server.counters());
    w.server.resetCounters();
    const tables = Object.entries(t.byTable)
      .filter(([, x]) => x.read + x.write > 0)
      .map(([table, x]) => `${table} r${fmt(x.read)} w${fmt(x.write)}`)
      .join(', ');
    rows.push([label, fmt(t.write), fmt(t.read), tables]);
  });
  return rows;
}

/** Work lists with open work: 2·LIST_CASES cases accepted; in half of them the CDC's two handlers claimed the vaccination sub-task. */
const LIST_CASES = 10;

async function listPages(w: World, first: number): Promise<string[][]> {
  const s = w.services;
  const clerk = actorOf(w, WINDOW);
  const today = shanghaiWallClock(Date.now()).slice(0, 10);
  const bornAt = shanghaiWallClock(Date.now() - 2 * 86400 * 1000) + '+08:00';
  let department = '';
  for (let i = 0; i < 2 * LIST_CASES; i++) {
    const f = family(first + i, today, bornAt);
    const { case: c } = await s.acceptCase(clerk, { bundleId: 'birth', values: f.values, supplied: f.supplied, chosenOptional: [], requestId: `bench-list-${pad(i, 4)}-${randomBytes(4).toString('hex')}` });
    await s.drainCase(c.id);
    department = c.subTasks.find((t) => t.itemId === 'vaccinationCertificate')?.department ?? '';
    if (i % 2 === 0) {
      await s.act(actorOf(w, `${department}-handler${(i / 2) % 2 ? 2 : 1}`), c.id, 'vaccinationCertificate', { type: 'claim' }, 1);
      await s.drainCase(c.id);
    }
  }
  const handler = actorOf(w, `${department}-handler1`);
  const rows: string[][] = [];
  const page = async (label: string, run: () => Promise<{ items: unknown[] }>) => {
    w.server.resetCounters();
    const r = await run();
    const t = totals(w.server.counters());
    rows.push([label, String(r.items.length), fmt(t.read), fmt(t.byTable.queues?.calls ?? 0)]);
  };
  await page('我的待办 (mine: the department active rows filtered by assignee) + badge counts', () => s.queue(handler, 'mine'));
  await page('部门待签收 (department ready) + badge counts', () => s.queue(handler, 'department', { state: 'ready' }));
  await page('部门办理中 (department active) + badge counts', () => s.queue(handler, 'department', { state: 'active' }));
  return rows;
}

async function throughput(w: World, concurrency: number, seconds: number, first: number): Promise<{ cases: number; perSec: number; p50: number }> {
  let next = first;
  let done = 0;
  const durations: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await birthCase(w, next++, 'inline');
      durations.push(performance.now() - t0);
      done++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  return { cases: done, perSec: done / elapsed, p50: durations[Math.floor(durations.length / 2)] ?? NaN };
}

async function measure(options: BenchOptions): Promise<string> {
  const w = await startWorld();
  try {
    await birthCase(w, 0, 'every'); // warms the directory cache, the seal keys and the platform token
    await birthCase(w, 1_000_000, 'inline'); // and the in-request instance's
    console.log('  cases: CU per birth case, each change drained in its own request');
    const inline = await measureCu(w, 'inline', 1 + 2 * CU_CASES);
    console.log(`    write ${fmt(inline.per.write)} read ${fmt(inline.per.read)}`);
    console.log('  cases: CU per birth case, a drain after every change');
    const every = await measureCu(w, 'every', 1);
    console.log(`    write ${fmt(every.per.write)} read ${fmt(every.per.read)}`);
    console.log('  cases: CU per birth case, the dispatcher one step behind');
    const behind = await measureCu(w, 'behind', 1 + CU_CASES);
    console.log(`    write ${fmt(behind.per.write)} read ${fmt(behind.per.read)}`);
    const steps = await breakdown(w, 1 + 3 * CU_CASES);
    const lists = await listPages(w, 10_000);
    const rates: { concurrency: number; cases: number; perSec: number; p50: number }[] = [];
    let first = 2 + 3 * CU_CASES;
    for (const c of CONCURRENCY) {
      const r = await throughput(w, c, options.seconds * 2, first);
      first += r.cases + 1;
      console.log(`  cases: ${c} in flight: ${r.perSec.toFixed(2)} cases/s`);
      rates.push({ concurrency: c, ...r });
    }
    const tables = [...new Set([...Object.keys(inline.per.byTable), ...Object.keys(every.per.byTable), ...Object.keys(behind.per.byTable)])].sort();
    const verdict = (x: number, budget: number) => `${fmt(x)} ${x <= budget ? '✓' : `✗ (+${fmt(x - budget)})`}`;
    return [
      `${CU_CASES} birth cases (出生一件事: acceptance at the 鄞州 window, then 出生医学证明, 预防接种证, 户口登记, 医保参保, 社保卡 — each`,
      'claimed by the department\'s handler and signed off with its seal) through the service layer against tablestore-local',
      '(durable), notices and to-dos through the real 浙政钉 notifier to the local gateway fake. CUs from the server\'s own',
      'counters, divided by the number of cases; each case has its own family (fictitious, valid ID numbers). 11 state',
      'changes per case: acceptance, 5 claims, 5 sign-offs.',
      '',
      '### CU per birth case',
      '',
      markdownTable(
        ['dispatcher timing', 'write CU', 'read CU', 'budget', 'cases completed'],
        [
          ['each change drained in its own request (the api, as deployed: the lease taken in the change\'s write)', verdict(inline.per.write, BUDGET.write),
            verdict(inline.per.read, BUDGET.read), `≤ ${BUDGET.write} / ≤ ${BUDGET.read}`, `${inline.completed}/${CU_CASES}`],
          ['the dispatcher drains after every change (one kick per change)', verdict(every.per.write, BUDGET.write), verdict(every.per.read, BUDGET.read), `≤ ${BUDGET.write} / ≤ ${BUDGET.read}`, `${every.completed}/${CU_CASES}`],
          ['one step behind (drains after acceptance and sign-offs only)', verdict(behind.per.write, BUDGET.write), verdict(behind.per.read, BUDGET.read), `≤ ${BUDGET.write} / ≤ ${BUDGET.read}`, `${behind.completed}/${CU_CASES}`],
        ],
      ),
      '',
      `Floor: ${BUDGET.changes} state changes = ${BUDGET.changes} write CUs (each a conditional write, 1 read CU for its condition).` +
        (inline.lookups + every.lookups + behind.lookups > 0 ? ` ${inline.lookups + every.lookups + behind.lookups} version look-ups were needed (included).` : ''),
      '',
      '### By table (per case)',
      '',
      markdownTable(
        ['table', 'write (in request)', 'read (in request)', 'calls (in request)', 'write (every change)', 'read (every change)', 'write (one behind)', 'read (one behind)'],
        tables.map((t) => {
          const zero = { read: 0, write: 0, calls: 0 };
          const i = inline.per.byTable[t] ?? zero;
          const a = every.per.byTable[t] ?? zero;
          const b = behind.per.byTable[t] ?? zero;
          return [t, fmt(i.write), fmt(i.read), fmt(i.calls), fmt(a.write), fmt(a.read), fmt(b.write), fmt(b.read)];
        }),
      ),
      '',
      '### One case step by step (the dispatcher draining after every change; in the api each change and its drain are one request)',
      '',
      markdownTable(['step', 'write CU', 'read CU', 'by table'], steps),
      '',
      '### Reading the work lists',
      '',
      `A department (the CDC of 鄞州) with ${2 * LIST_CASES} vaccination sub-tasks open: ${LIST_CASES} ready, ${LIST_CASES} claimed by its two handlers`,
      `(${LIST_CASES / 2} each). One page view of handler1 (20 items at most), badge counts included (my work, the department's ready`,
      'list, warning and overdue among what the handler watches):',
      '',
      markdownTable(['page', 'items', 'read CU', 'queue range reads'], lists),
      '',
      '### Cases completed per second, end to end',
      '',
      markdownTable(
        ['cases in flight', 'cases completed', 'cases / s', 'median time per case'],
        rates.map((r) => [String(r.concurrency), String(r.cases), r.perSec.toFixed(2), `${Math.round(r.p50)} ms`]),
      ),
      '',
      `Each case is 11 commands, each drained in its own request (${options.seconds * 2} s per row): the service, the tablestore SDK, tablestore-local and the`,
      'gateway fake share this machine\'s cores, so the rate is the whole stack\'s on one machine, not a server capacity.',
    ].join('\n');
  } finally {
    await w.stop();
  }
}

export const casesPart: BenchPart = {
  name: 'cases',
  title: 'Birth cases through the service: CU per case and cases per second',
  run: measure,
};
