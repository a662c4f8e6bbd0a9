/**
 * 竣工联合验收 through the local stack (the built api, dispatcher and timer functions on the FC runner,
 * tablestore-local, the 浙政钉 fake), as the mini-app calls it, on the wall clock:
 *   an industrial project: a 鄞州 window clerk accepts (valid 统一社会信用代码) and schedules the site visit; the
 *   four departments (住建, 规划, 综合执法, 水利) each get a work notice and a to-do through the gateway and confirm;
 *   住建 (with a photo uploaded to its sub-task) and 综合执法 find defects, 规划 and 水利 pass; ONE notice lists both
 *   departments' defects; the rectification is recorded; exactly those two re-inspect and pass; the 审管办 signs the
 *   联合验收意见书 and the case completes within its promise (moved by the paused working days); the enterprise's
 *   archive holds the signed opinions;
 *   a housing project promises 15 working days;
 *   a re-inspection that runs past its clock: the timer (fired on the FC runner, then the same sweep at later
 *   instants) raises the warning and the overdue escalation to 鄞州's supervisors, each once;
 *   refusals on every acceptance route (another district, another department, a handler signing) change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkCalendar, addWorkingDays } from '../../functions/core/calendar';
import { createKick } from '../../functions/effects/kick';
import { appUrlFromEnv } from '../../functions/effects/links';
import { createPlatformNotifier } from '../../functions/effects/notifier';
import { servicesFromEnv } from '../../functions/fc/compose';
import { platformsFromEnv } from '../../functions/platform/index';
import { createServices, keysFromEnv } from '../../functions/service/index';
import { createOtsClient } from '../../functions/store/client';
import type { Services } from '../../functions/service/types';
import {
  ACCEPTANCE_DEPTS as DEPTS, ACCEPTANCE_HANDLER as HANDLER, ACCEPTANCE_SEAL as SEAL, ACCEPTANCE_SIGNER as SIGNER,
  acceptanceOutputs, acceptanceSupplied, acceptanceValues, BAD_CREDIT_CODE, CREDIT_CODE, WATER_VALUES,
} from '../core/enterpriseFixtures';
import { datedNow, eventually, inbox, login, resetLoginCache, shanghaiDay, startScenarioStack, uploadAs, type Answer, type ScenarioStack, type StaffClient } from './support';

let s: ScenarioStack;
const staff: Record<string, StaffClient> = {};

const DEPT_NAME: Record<string, string> = {
  housingAcceptance: '宁波市鄞州区住房和城乡建设局',
  enforcementAcceptance: '宁波市鄞州区综合行政执法局',
};
const CLERK = 'yinzhou-serviceCenter-clerk1';
const OTHERS = {
  otherDistrictClerk: 'haishu-serviceCenter-clerk1',
  otherDistrictHousing: 'haishu-housing-signer1',
  otherDepartment: 'yinzhou-housingFund-signer1',
};

const TODAY = shanghaiDay();
const cal = createWorkCalendar();
const promised = (days: number) => addWorkingDays(cal, TODAY, days)?.date;

const body = (over: Record<string, string> = {}, water = true) => ({
  bundleId: 'completionAcceptance',
  values: acceptanceValues({ ...(water ? WATER_VALUES : {}), ...over }),
  chosenOptional: water ? ['waterConservationCheck'] : [],
  supplied: acceptanceSupplied.map((m) => ({ type: m.type, data: { ...m.data }, attachments: [] })),
});

const who = (id: string) => {
  const c = staff[id];
  if (!c) throw new Error(`${id} is not logged in`);
  return c;
};

async function ok(r: Promise<Answer>): Promise<any> {
  const a = await r;
  expect(a.status, JSON.stringify(a.body).slice(0, 400)).toBe(200);
  return a.body;
}

async function accept(b: ReturnType<typeof body>): Promise<string> {
  const r = await who(CLERK).post('/api/cases', { ...b, requestId: `acceptance-scenario-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` });
  expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(201);
  return r.body.case.id as string;
}

const view = async (caseId: string, as = CLERK) => (await who(as).read(`/api/cases/${caseId}/acceptance`)).acceptance;
const post = (caseId: string, p: string, json: unknown, as = CLERK) => who(as).post(`/api/cases/${caseId}/${p}`, json);
const subTask = async (caseId: string, itemId: string, as = SIGNER[itemId]) => (await who(as).read(`/api/subtasks/${caseId}/${itemId}`)).subTask;
const waitState = (caseId: string, itemId: string, state: string) =>
  eventually(`${itemId} becomes ${state}`, async () => (await subTask(caseId, itemId)).state as string, (v) => v === state);

/** Every department's sub-task released, then claimed by its handler. */
async function claimAll(caseId: string, items: readonly string[]) {
  for (const item of items) {
    await waitState(caseId, item, 'ready');
    await who(HANDLER[item]).act(caseId, item, { type: 'claim' });
  }
}

async function scheduleVisit(caseId: string, place: string) {
  const v = (await view(caseId)).version;
  return ok(post(caseId, 'site-visit', { date: TODAY, time: '09:30', place, expectedVersion: v }));
}

const opinion = (caseId: string, item: string, result: 'pass' | 'defects', extra: Record<string, unknown> = {}) =>
  who(SIGNER[item]).act(caseId, item, { type: 'recordOpinion', sealId: SEAL[item], result, ...extra });

/** What the 浙政钉 fake holds for a case: notices and to-dos of one account. */
async function caseInbox(accountId: string, caseId: string) {
  const box = await inbox(s.base, accountId);
  return {
    notices: box.notices.filter((n) => n.text.includes(caseId) || n.bizMsgId?.startsWith(caseId)),
    todos: box.todos.filter((t) => t.bizTaskId?.startsWith(caseId) || t.url?.includes(caseId)),
  };
}

beforeAll(async () => {
  resetLoginCache();
  s = await startScenarioStack('acceptance');
  const ids = [CLERK, 'yinzhou-serviceCenter-supervisor1', ...Object.values(HANDLER), ...Object.values(SIGNER), ...Object.values(OTHERS)];
  for (const id of new Set(ids)) staff[id] = await login(s.base, id);
}, 240_000);

afterAll(async () => {
  await s?.stop();
});

describe('an industrial project: two of four departments find defects', () => {
  let caseId = '';
  let photo = '';

  it('the 鄞州 window accepts: a 10-working-day promise, the four departments released', async () => {
    // an invalid 统一社会信用代码 is refused at the pre-check
    const badBody = body({ enterpriseCreditCode: BAD_CREDIT_CODE });
    const bad = await who(CLERK).post('/api/intake/precheck', badBody);
    expect(bad.status).toBe(200);
    expect(bad.body.notice.ok).toBe(false);
    expect(JSON.stringify(bad.body.notice.issues)).toContain('enterpriseCreditCode');
    const refused = await who(CLERK).post('/api/cases', { ...badBody, requestId: `acceptance-scenario-bad-${Date.now()}` });
    expect(refused.status, JSON.stringify(refused.body).slice(0, 300)).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('enterpriseCreditCode');
    expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);
    const pre = await who(CLERK).post('/api/intake/precheck', body());
    expect(pre.status).toBe(200);
    expect(pre.body.notice).toMatchObject({ ok: true, issues: [] });
    caseId = await accept(body());
    await claimAll(caseId, DEPTS);
    const v = await view(caseId);
    expect(v.promise).toMatchObject({ date: promised(10), days: 10, pausedDays: 0, paused: false });
    expect(v.departments.map((d: { itemId: string }) => d.itemId)).toEqual([...DEPTS]);
    expect(v.next).toBe('安排联合现场踏勘，通知各部门');
  });

  it('the window schedules the site visit: each department gets a work notice and a to-do through the gateway, and confirms', async () => {
    const r = await scheduleVisit(caseId, '鄞州区姜山镇科技园区明光路 88 号项目东门');
    expect(r.acceptance.siteVisit).toMatchObject({ date: TODAY, time: '09:30', scheduledBy: CLERK, confirmations: [] });
    for (const item of DEPTS) {
      const handler = who(HANDLER[item]);
      const box = await eventually(`${item}: the site-visit notice and to-do`, () => caseInbox(handler.accountId, caseId), (b) =>
        b.notices.some((n) => n.text.includes('踏勘')) && b.todos.some((t) => t.subject.startsWith('联合现场踏勘')),
      );
      expect(box.notices.filter((n) => n.text.includes('踏勘')), item).toHaveLength(1);
      expect(box.todos.filter((t) => t.subject.startsWith('联合现场踏勘')).map((t) => t.state), item).toEqual(['open']);
      // the department's signer is told too
      await eventually(`${item}: the signer's notice`, () => caseInbox(who(SIGNER[item]).accountId, caseId), (b) => b.notices.some((n) => n.text.includes('踏勘')));
    }
    for (const item of DEPTS) await handlerConfirms(item);
    const again = await who(HANDLER.housingAcceptance).post(`/api/subtasks/${caseId}/housingAcceptance/actions`, {
      command: { type: 'confirmSiteVisit' }, expectedVersion: (await subTask(caseId, 'housingAcceptance')).version,
    });
    expect(again.status).toBe(409);
    const v = await view(caseId);
    expect(v.siteVisit.confirmations.map((c: { itemId: string; by: string }) => [c.itemId, c.by])).toEqual(DEPTS.map((d) => [d, HANDLER[d]]));
    // each confirmation finished the department's to-do in the gateway (once FC's async deliveries have run)
    await s.stack.fc.whenIdle();
    for (const item of DEPTS) {
      await eventually(`${item}: the to-do finished`, () => caseInbox(who(HANDLER[item]).accountId, caseId), (b) =>
        b.todos.filter((t) => t.subject.startsWith('联合现场踏勘')).every((t) => t.state === 'done'),
      );
    }
  });

  async function handlerConfirms(item: string) {
    await who(HANDLER[item]).act(caseId, item, { type: 'confirmSiteVisit' });
  }

  it('on site: 住建 (with a photo) and 综合执法 record defects, 规划 and 水利 pass', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`fire door ${caseId}`)]);
    const up = await uploadAs(s.base, SIGNER.housingAcceptance, `/api/subtasks/${caseId}/housingAcceptance/attachments`, png, 'image/png', '防火门.png');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    photo = up.body.attachment.sha256;
    const housing = await opinion(caseId, 'housingAcceptance', 'defects', {
      opinion: '消防设施存在问题，整改后复验',
      defects: [
        { description: '二层防火门闭门器缺失', rule: 'GB 50016-2014 第6.5.1条', photos: [photo] },
        { description: '消防车道被临时材料占用', rule: 'GB 50016-2014 第7.1.8条' },
      ],
    });
    expect(housing.state).toBe('returned');
    expect((await opinion(caseId, 'planningVerification', 'pass', { opinion: '规划条件核实合格' })).state).toBe('done');
    const enforcement = await opinion(caseId, 'enforcementAcceptance', 'defects', {
      defects: [{ description: '施工临时围挡未拆除', rule: '《宁波市市容和环境卫生管理条例》第二十条' }],
    });
    expect(enforcement.state).toBe('returned');
    expect((await opinion(caseId, 'waterConservationCheck', 'pass')).state).toBe('done');
    const v = await view(caseId);
    expect(v.departments.map((d: { itemId: string; state: string }) => [d.itemId, d.state])).toEqual([
      ['housingAcceptance', 'returned'], ['planningVerification', 'done'], ['enforcementAcceptance', 'returned'], ['waterConservationCheck', 'done'],
    ]);
    expect(v.next).toBe('各部门意见已齐，发出一次性整改告知书');
  });

  it('ONE consolidated notice lists both departments\' defects; the whole-case clock pauses', async () => {
    const r = await ok(post(caseId, 'rectification-notice', { expectedVersion: (await view(caseId)).version }));
    const v = r.acceptance;
    expect(v.notices).toHaveLength(1);
    expect(v.notices[0].number).toBe(`${caseId}-ZG1`);
    expect(v.notices[0].defects.map((d: { departmentName: string; id: string; rule: string; photos: string[] }) => [d.departmentName, d.id, d.rule, d.photos])).toEqual([
      [DEPT_NAME.housingAcceptance, 'D1-1', 'GB 50016-2014 第6.5.1条', [photo]],
      [DEPT_NAME.housingAcceptance, 'D1-2', 'GB 50016-2014 第7.1.8条', []],
      [DEPT_NAME.enforcementAcceptance, 'D1-1', '《宁波市市容和环境卫生管理条例》第二十条', []],
    ]);
    expect(v.promise).toMatchObject({ paused: true });
  });

  it('the rectification is recorded: exactly 住建 and 综合执法 re-inspect, the others untouched, and pass', async () => {
    const before = Object.fromEntries(await Promise.all(DEPTS.map(async (d) => [d, (await subTask(caseId, d)).version as number])));
    // the window may attach only files it uploaded itself (to the department under re-inspection), not the department's photo
    const report = '已安装闭门器、清理消防车道、拆除临时围挡，附整改照片';
    const borrowed = await post(caseId, 'rectification', { report, attachments: [photo], expectedVersion: (await view(caseId)).version });
    expect(borrowed.status).toBe(400);
    const after1 = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`door closer fitted ${caseId}`)]);
    const up = await uploadAs(s.base, CLERK, `/api/subtasks/${caseId}/housingAcceptance/attachments`, after1, 'image/png', '整改后.png');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const fixedPhoto = up.body.attachment.sha256 as string;
    const r = await ok(post(caseId, 'rectification', { report, attachments: [fixedPhoto], expectedVersion: (await view(caseId)).version }));
    expect(r.acceptance.rectifications).toMatchObject([{ round: 1, by: CLERK, report, attachments: [fixedPhoto] }]);
    expect(r.acceptance.rounds).toBe(2);
    // the paused working days (after the notice day up to and including the record day) move the promise by as many
    const { pausedDays } = r.acceptance.promise;
    expect(r.acceptance.promise).toMatchObject({ paused: false, date: promised(10 + pausedDays) });
    const after = Object.fromEntries(await Promise.all(DEPTS.map(async (d) => [d, await subTask(caseId, d)])));
    expect(after.housingAcceptance.state).toBe('claimed');
    expect(after.enforcementAcceptance.state).toBe('claimed');
    expect(after.planningVerification).toMatchObject({ state: 'done', version: before.planningVerification });
    expect(after.waterConservationCheck).toMatchObject({ state: 'done', version: before.waterConservationCheck });
    expect(r.acceptance.next).toBe('等待住建单项验收、综合行政执法单项验收出具复验意见');

    expect((await opinion(caseId, 'housingAcceptance', 'pass', { opinion: '整改到位，复验合格' })).state).toBe('done');
    expect((await opinion(caseId, 'enforcementAcceptance', 'pass', { opinion: '围挡已拆除' })).state).toBe('done');
    const v = await view(caseId);
    expect(v.departments.find((d: { itemId: string }) => d.itemId === 'housingAcceptance').opinions.map((o: { round: number; result: string }) => [o.round, o.result])).toEqual([[1, 'defects'], [2, 'pass']]);
    expect(v.departments.flatMap((d: { opinions: Array<{ defects: Array<{ state: string }> }> }) => d.opinions.flatMap((o) => o.defects.map((x) => x.state)))).toEqual(['closed', 'closed', 'closed']);
    // the untouched departments kept their one opinion and version
    for (const d of ['planningVerification', 'waterConservationCheck']) expect((await subTask(caseId, d)).version, d).toBe(before[d]);
    expect(v.next).toBe('各部门均已合格，由审管办出具联合验收意见书');
  });

  it('the 审管办 signs the 联合验收意见书: the case completes within its promise', async () => {
    const signer = who(SIGNER.jointOpinion);
    await waitState(caseId, 'jointOpinion', 'ready');
    await signer.act(caseId, 'jointOpinion', { type: 'claim' });
    const outputs = { jointAcceptanceOpinion: datedNow({ ...acceptanceOutputs.jointOpinion.jointAcceptanceOpinion }, new Date().toISOString()) };
    expect((await signer.act(caseId, 'jointOpinion', { type: 'signOff', sealId: SEAL.jointOpinion, outputs })).state).toBe('done');
    const done = await eventually('the case completes', () => view(caseId), (v) => v.state === 'completed');
    expect(done.next).toBe('联合验收已办结');
    expect(done.jointOpinion.references.map((x: { itemId: string; round: number }) => [x.itemId, x.round])).toEqual([
      ['housingAcceptance', 2], ['planningVerification', 1], ['enforcementAcceptance', 2], ['waterConservationCheck', 1],
    ]);
    const c = (await who(CLERK).read(`/api/cases/${caseId}`)).case;
    expect(c.state).toBe('completed');
    expect(c.due.date).toBe(promised(10 + done.promise.pausedDays));
    expect(TODAY <= c.due.date).toBe(true); // completed today, within the limit
    await eventually('the clerk told of completion', () => caseInbox(who(CLERK).accountId, caseId), (b) => b.notices.some((n) => /办结/.test(n.text)));
  });

  it("the enterprise's archive holds the signed opinions and the joint opinion, signatures valid", async () => {
    const found = await who(CLERK).post('/api/archive/search', { creditCode: CREDIT_CODE, purpose: '核对竣工联合验收结果' });
    expect(found.status, JSON.stringify(found.body).slice(0, 300)).toBe(200);
    expect(found.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    const materials = found.body.materials.filter((m: { caseId: string }) => m.caseId === caseId);
    expect(materials.map((m: { type: string }) => m.type)).toEqual(
      expect.arrayContaining(['housingAcceptanceOpinion', 'planningAcceptanceOpinion', 'enforcementAcceptanceOpinion', 'waterAcceptanceOpinion', 'jointAcceptanceOpinion']),
    );
    // every sealed material verifies; the 一次性整改告知书, when the archive files it, is the window's unsealed notice of the three defects
    const sealed = materials.filter((m: { seal: unknown }) => m.seal !== null);
    expect(sealed.map((m: { type: string }) => m.type).sort()).toEqual(['enforcementAcceptanceOpinion', 'housingAcceptanceOpinion', 'jointAcceptanceOpinion', 'planningAcceptanceOpinion', 'waterAcceptanceOpinion']);
    expect(sealed.filter((m: { signatureValid: boolean }) => !m.signatureValid)).toEqual([]);
    const notices = materials.filter((m: { seal: unknown }) => m.seal === null);
    expect(notices.length).toBeLessThanOrEqual(1);
    for (const n of notices) expect(n).toMatchObject({ type: 'rectificationNotice', signatureValid: false, defects: expect.arrayContaining([expect.objectContaining({ id: 'D1-1', departmentName: DEPT_NAME.enforcementAcceptance })]) });
    expect(notices[0]?.defects?.length ?? 3).toBe(3);
    // a department handler may not search archives
    expect((await who(HANDLER.housingAcceptance).post('/api/archive/search', { creditCode: CREDIT_CODE, purpose: '查看' })).status).toBe(403);
  });
});

describe('a housing project (房建)', () => {
  it('promises 15 working days', async () => {
    const caseId = await accept(body({ projectClass: 'housing' }, false));
    const v = await view(caseId);
    expect(v.promise).toMatchObject({ date: promised(15), days: 15, pausedDays: 0 });
    expect((await who(CLERK).read(`/api/cases/${caseId}`)).case.due.date).toBe(promised(15));
    expect(v.departments.map((d: { itemId: string }) => d.itemId)).toEqual(['housingAcceptance', 'planningVerification', 'enforcementAcceptance']);
  });
});

describe('a re-inspection that runs past its clock', () => {
  let caseId = '';
  let sweeper: Services;
  const items = ['housingAcceptance', 'planningVerification', 'enforcementAcceptance'] as const;

  it('raises the warning, then the overdue escalation to 鄞州\'s supervisors, each once', async () => {
    caseId = await accept(body({}, false));
    await claimAll(caseId, items);
    await scheduleVisit(caseId, '项目现场');
    await opinion(caseId, 'housingAcceptance', 'defects', { defects: [{ description: '人防门未安装', rule: '人防工程施工及验收规范' }] });
    await opinion(caseId, 'planningVerification', 'pass');
    await opinion(caseId, 'enforcementAcceptance', 'pass');
    await ok(post(caseId, 'rectification-notice', { expectedVersion: (await view(caseId)).version }));
    // The enterprise takes three working days: the rectification is recorded then, by the service the api runs
    // (composed from the stack's environment, its clock at that instant). The whole-case promise moves by the
    // three paused working days (after the notice day up to and including the record day).
    const recordDay = addWorkingDays(cal, TODAY, 3)?.date ?? '';
    const later = createServices({
      client: createOtsClient(s.stack.env),
      keys: keysFromEnv(s.stack.env),
      notifier: createPlatformNotifier({ platforms: platformsFromEnv(s.stack.env), appUrl: appUrlFromEnv(s.stack.env), log: () => {} }),
      kick: createKick(s.stack.env, { log: () => {} }),
      now: () => `${recordDay}T02:00:00.000Z`,
      log: () => {},
    });
    const clerk = s.stack.staff.find((x) => x.id === CLERK);
    if (!clerk) throw new Error('no clerk');
    const actor = { kind: 'staff' as const, id: clerk.id, name: clerk.name, district: clerk.districtCode, department: clerk.departmentCode, roles: clerk.roles };
    await later.acceptance.recordRectification(actor, caseId, { report: '人防门已安装' }, (await view(caseId)).version);
    const v = await view(caseId);
    expect(v.promise).toMatchObject({ paused: false, pausedDays: 3, days: 10, date: promised(13) });
    expect((await who(CLERK).read(`/api/cases/${caseId}`)).case.due.date).toBe(promised(13));
    const st = await eventually('住建 re-inspects', () => subTask(caseId, 'housingAcceptance'), (x) => x.state === 'claimed');
    const due: string = st.clock.due.date;
    expect(due > recordDay).toBe(true);

    // the timer function on the FC runner (its now is the wall clock): nothing is due yet
    const handler = who(HANDLER.housingAcceptance);
    const supervisors = s.stack.staff.filter((x) => x.districtCode === '330212' && x.roles.includes('supervisor') && !x.disabled);
    expect(supervisors.length).toBeGreaterThan(0);
    const alerts = async (accountId: string, word: string) =>
      (await caseInbox(accountId, caseId)).notices.filter((n) => n.text.includes('住建') && n.text.includes(word));
    s.stack.fc.fireTimer('timer', 'sweep');
    await s.stack.fc.whenIdle();
    const run = s.stack.fc.invocations.filter((r) => r.function === 'timer').at(-1);
    expect(run).toMatchObject({ source: 'timer', outcome: 'success' });
    expect(await alerts(handler.accountId, '剩余')).toEqual([]);
    expect(await alerts(handler.accountId, '超期')).toEqual([]);

    // the same sweep (the services the timer composes from the stack's environment) at later instants
    sweeper = servicesFromEnv(s.stack.env, () => {});
    await sweeper.sweep(`${due}T02:00:00.000Z`); // 10:00 on the due day: the warning
    await sweeper.sweep(`${due}T03:00:00.000Z`);
    await eventually('the warning', () => alerts(handler.accountId, '剩余'), (a) => a.length > 0);
    const after = addWorkingDays(cal, due, 1)?.date ?? '';
    await sweeper.sweep(`${after}T02:00:00.000Z`); // the next working day: overdue
    await sweeper.sweep(`${after}T06:00:00.000Z`);
    for (const x of supervisors) await eventually(`${x.id} told of the overdue`, () => alerts(x.accounts.zzd ?? '', '超期'), (a) => a.length > 0);
    await s.stack.fc.whenIdle();
    expect(await alerts(handler.accountId, '剩余')).toHaveLength(1);
    expect(await alerts(handler.accountId, '超期')).toHaveLength(1);
    for (const x of supervisors) expect(await alerts(x.accounts.zzd ?? '', '超期'), x.id).toHaveLength(1);
    // the departments that passed raise nothing
    expect((await caseInbox(who(HANDLER.planningVerification).accountId, caseId)).notices.filter((n) => n.text.includes('超期'))).toEqual([]);
  });
});

describe('refusals on every acceptance route change nothing', () => {
  let caseId = '';

  beforeAll(async () => {
    caseId = await accept(body({}, false));
    await claimAll(caseId, ['housingAcceptance', 'planningVerification', 'enforcementAcceptance']);
    await scheduleVisit(caseId, '项目现场');
    await s.stack.fc.whenIdle();
  }, 120_000);

  const writes = () => {
    let total = 0;
    for (const ops of Object.values(s.stack.ots.counters())) for (const c of Object.values(ops)) total += c.write;
    return total;
  };

  async function refused(label: string, request: () => Promise<Answer>, status = 403, code = 'FORBIDDEN') {
    const before = await view(caseId);
    const housing = await subTask(caseId, 'housingAcceptance');
    await s.stack.fc.whenIdle();
    s.stack.ots.resetCounters();
    const a = await request();
    expect(a.status, `${label}: ${JSON.stringify(a.body).slice(0, 300)}`).toBe(status);
    expect(a.body.code, label).toBe(code);
    expect(a.body.message, label).toMatch(/[\u4e00-\u9fa5]/);
    await s.stack.fc.whenIdle();
    expect(writes(), `${label}: nothing written`).toBe(0);
    expect(await view(caseId), label).toEqual(before);
    expect((await subTask(caseId, 'housingAcceptance')).version, label).toBe(housing.version);
  }

  it('another district and another department of 鄞州 on the window routes and the read model (403)', async () => {
    const v = (await view(caseId)).version;
    for (const id of Object.values(OTHERS)) {
      await refused(`${id} site-visit`, () => post(caseId, 'site-visit', { date: TODAY, time: '10:00', place: '项目现场', expectedVersion: v }, id));
      await refused(`${id} rectification-notice`, () => post(caseId, 'rectification-notice', { expectedVersion: v }, id));
      await refused(`${id} rectification`, () => post(caseId, 'rectification', { report: '已整改', expectedVersion: v }, id));
      await refused(`${id} read model`, () => who(id).get(`/api/cases/${caseId}/acceptance`));
    }
    // a participating department is not the window either
    await refused('住建 site-visit', () => post(caseId, 'site-visit', { date: TODAY, time: '10:00', place: '项目现场', expectedVersion: v }, SIGNER.housingAcceptance));
  });

  it('another district, another department and a handler on the department commands (403)', async () => {
    const command = (id: string, c: Record<string, unknown>) => async () =>
      who(id).post(`/api/subtasks/${caseId}/housingAcceptance/actions`, { command: c, expectedVersion: (await subTask(caseId, 'housingAcceptance')).version });
    const pass = { type: 'recordOpinion', sealId: SEAL.housingAcceptance, result: 'pass' };
    const defects = { type: 'recordOpinion', sealId: SEAL.housingAcceptance, result: 'defects', defects: [{ description: '墙面开裂', rule: '规范第3条' }] };
    for (const id of [OTHERS.otherDistrictHousing, OTHERS.otherDepartment, SIGNER.planningVerification, HANDLER.planningVerification]) {
      await refused(`${id} confirmSiteVisit`, command(id, { type: 'confirmSiteVisit' }));
      await refused(`${id} recordOpinion`, command(id, pass));
    }
    await refused('a handler records a pass', command(HANDLER.housingAcceptance, pass));
    await refused('a handler records defects', command(HANDLER.housingAcceptance, defects));
    // and after all that the department's own signer still can
    expect((await opinion(caseId, 'housingAcceptance', 'pass')).state).toBe('done');
  });
});

describe('logs', () => {
  it("no function log line carries the legal representative's ID number or the contact's phone", () => {
    const values = acceptanceValues();
    const all = s.functionLog.join('\n');
    for (const secret of [values.legalRepresentativeIdNumber as string, values.contactPhone as string]) expect(all).not.toContain(secret);
  });
});
