// 好差评 over tablestore-local: a birth case completes; the applicant rates it on the window's device (一次一评) and
// two sub-tasks (a 差评 each); a second rating is 409 ALREADY_RATED, a rating before completion NOT_RATABLE, another
// district's window 403. The window's 差评 runs 回访 → 整改 → 反馈 to closure; the hospital's appeal is upheld; the
// police's rejected, left open and escalated once by the sweep 16 working days later. The timeline carries the
// events statistics count, the lists show what each one should.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, birthValues } from '../core/fixtures.js';
import { outcomeOf, suppliedBody, work } from './helpers.js';
import { staff, startWorld, type World } from './support.js';

const CLERK = staff('haishu-serviceCenter', 'clerk1');
const SUP = staff('haishu-serviceCenter', 'supervisor1');
const YZ_SUP = staff('yinzhou-serviceCenter', 'supervisor1');
const HOSPITAL = staff('haishu-hospital1', 'handler1');
const POLICE = staff('yinzhou-police', 'handler1');

let w: World;
let caseId: string;

beforeAll(async () => {
  w = await startWorld();
  caseId = (await w.services.acceptCase(CLERK, { bundleId: 'birth', values: birthValues(), supplied: suppliedBody, requestId: 'rating-0001' })).case.id;
  await w.services.drainCase(caseId);
  await work(w.services, birthBundle, caseId, 'birthCertificate', 'haishu-hospital1');
}, 120_000);
afterAll(async () => {
  await w.stop();
});

const act = async (who: typeof CLERK, id: string, command: Record<string, unknown>) => {
  const v = (await w.services.ratings.get(who, caseId, id)).rectification.version;
  const r = await w.services.ratings.act(who, caseId, id, command, v);
  await w.services.drainCase(caseId);
  return r;
};

describe('好差评 and its 差评 loop', () => {
  it('the case is not ratable before it completes; a done sub-task is', async () => {
    expect(await outcomeOf(w.services.ratings.rate(CLERK, caseId, { level: 'satisfied' }))).toBe('NOT_RATABLE');
    expect((await w.services.ratings.ratingsOf(CLERK, caseId)).ratable.map((t) => t.target)).toEqual(['birthCertificate']);
    const items = (await w.services.getCase(CLERK, caseId)).case.subTasks;
    for (const st of items.filter((s) => s.state !== 'done')) await work(w.services, birthBundle, caseId, st.itemId, st.department);
    expect((await w.services.getCase(CLERK, caseId)).case.state).toBe('completed');
    expect((await w.services.ratings.ratingsOf(CLERK, caseId)).ratable.map((t) => t.target)).toEqual(['case', ...items.map((s) => s.itemId)]);
  }, 120_000);

  it('the window hands its device over: 不满意 opens a rectification for the window; a second rating 409; another district 403', async () => {
    const before = (await w.services.getCase(CLERK, caseId)).case.version;
    expect(await outcomeOf(w.services.ratings.rate(staff('yinzhou-serviceCenter', 'clerk1'), caseId, { level: 'satisfied' }))).toBe('FORBIDDEN');
    expect(await outcomeOf(w.services.ratings.rate(CLERK, caseId, { level: 'great' }))).toBe('VALIDATION_FAILED');
    const { rating } = await w.services.ratings.rate(CLERK, caseId, { level: 'dissatisfied', comment: '取号后等候时间太长' });
    expect(rating).toMatchObject({ target: 'case', level: 'dissatisfied', channel: 'window', department: 'haishu-serviceCenter', rectificationId: 'rc1' });
    expect(await outcomeOf(w.services.ratings.rate(CLERK, caseId, { level: 'verySatisfied' }))).toBe('ALREADY_RATED');
    expect((await w.services.getCase(CLERK, caseId)).case.version).toBe(before + 1);
    await w.services.drainCase(caseId);
    const list = await w.services.ratings.list(CLERK, 'department');
    expect(list.items.map((i) => [i.caseId, i.rectificationId, i.state, i.dueDate])).toEqual([[caseId, 'rc1', 'open', '2026-03-23']]);
    expect(w.notifier.notices.filter((n) => n.template === 'rectificationOpened').length).toBeGreaterThanOrEqual(1);
  });

  it('through the progress page (一事一评): sub-task 差评 for the hospital and the police; once each', async () => {
    const h = await w.services.ratings.rateFromProgressPage(caseId, { level: 'veryDissatisfied', target: 'birthCertificate', comment: '证明打印有误' });
    expect(h.rating).toMatchObject({ channel: 'progressPage', department: 'haishu-hospital1', by: 'applicant', rectificationId: 'rc2' });
    const p = await w.services.ratings.rateFromProgressPage(caseId, { level: 'dissatisfied', target: 'householdRegistration' });
    expect(p.rating).toMatchObject({ department: 'yinzhou-police', district: '330212', rectificationId: 'rc3' });
    expect(await outcomeOf(w.services.ratings.rateFromProgressPage(caseId, { level: 'basic', target: 'birthCertificate' }))).toBe('ALREADY_RATED');
    await w.services.drainCase(caseId);
    expect((await w.services.ratings.list(SUP, 'supervise')).items.map((i) => i.rectificationId).sort()).toEqual(['rc1', 'rc2']);
    expect((await w.services.ratings.list(YZ_SUP, 'supervise')).items.map((i) => i.rectificationId)).toEqual(['rc3']);
    expect((await w.services.ratings.list(POLICE, 'department')).items.map((i) => i.rectificationId)).toEqual(['rc3']);
  });

  it('other departments and districts may neither see nor work a rectification', async () => {
    expect(await outcomeOf(w.services.ratings.get(POLICE, caseId, 'rc1'))).toBe('FORBIDDEN');
    expect(await outcomeOf(w.services.ratings.act(YZ_SUP, caseId, 'rc1', { type: 'rectify', text: '整改' }, 1))).toBe('FORBIDDEN');
    expect(await outcomeOf(w.services.ratings.list(HOSPITAL, 'supervise'))).toBe('FORBIDDEN');
    expect(await outcomeOf(w.services.ratings.act(CLERK, caseId, 'rc1', { type: 'rectify', text: '增开窗口' }, 1))).toBe('INVALID_TRANSITION');
    expect(await outcomeOf(w.services.ratings.act(CLERK, caseId, 'rc1', { type: 'callBack', method: 'phone', applicantSaid: '反映等候时间长' }, 7))).toBe('CONFLICT');
  });

  it('the window\'s 差评 runs 回访核实 → 整改 → 反馈 to closure, on time', async () => {
    let d = await act(CLERK, 'rc1', { type: 'callBack', method: 'phone', applicantSaid: '周一上午取号后等了一个多小时' });
    expect(d.rectification).toMatchObject({ state: 'rectifying', callBack: { method: 'phone', applicantSaid: '周一上午取号后等了一个多小时' } });
    d = await act(CLERK, 'rc1', { type: 'rectify', text: '高峰时段增开一个综合窗口，并启用预约取号' });
    expect(d.rectification.state).toBe('feedback');
    d = await act(CLERK, 'rc1', { type: 'feedback', text: '已电话告知申请人整改措施，申请人表示认可' });
    expect(d.rectification).toMatchObject({ state: 'closed', outcome: 'rectified', onTime: true });
    expect(d.can).toEqual({ callBack: false, rectify: false, feedback: false, appeal: false, decideAppeal: false });
    expect((await w.services.ratings.list(CLERK, 'department')).items).toEqual([]);
    expect((await w.services.ratings.list(SUP, 'supervise', 'closed')).items.map((i) => [i.rectificationId, i.stateLabel, i.outcomeLabel])).toEqual([['rc1', '已办结', '整改完成']]);
  });

  it('the hospital\'s appeal is upheld by the supervisor (closed appealUpheld); the police\'s rejected (back to 整改)', async () => {
    expect(await outcomeOf(w.services.ratings.act(SUP, caseId, 'rc2', { type: 'decideAppeal', upheld: true, note: '误评' }, 1))).toBe('INVALID_TRANSITION');
    await act(HOSPITAL, 'rc2', { type: 'appeal', reason: '证明内容与申请一致，申请人误解了出生时间的写法' });
    expect((await w.services.ratings.list(SUP, 'supervise')).items.map((i) => [i.rectificationId, i.state])).toEqual([['rc2', 'appeal']]);
    const upheld = await act(SUP, 'rc2', { type: 'decideAppeal', upheld: true, note: '经核实，出生时间按规定格式填写，属误评' });
    expect(upheld.rectification).toMatchObject({ state: 'closed', outcome: 'appealUpheld' });
    expect(upheld.rating?.disputed).toBe(true);
    await act(POLICE, 'rc3', { type: 'callBack', method: 'visit', applicantSaid: '户口簿邮寄晚了一周' });
    await act(POLICE, 'rc3', { type: 'appeal', reason: '邮寄时间由快递公司决定，非我局原因' });
    const rejected = await act(YZ_SUP, 'rc3', { type: 'decideAppeal', upheld: false, note: '寄递时限在服务承诺内，应督促寄递' });
    expect(rejected.rectification.state).toBe('rectifying');
    expect(rejected.can.appeal).toBe(false);
  });

  it('the timeline records the events statistics count', async () => {
    const { events } = await w.services.timeline(SUP, caseId);
    const of = (action: string) => events.filter((e) => e.action === action);
    expect(of('rate').map((e) => [e.detail.target, e.detail.level, e.detail.department, e.detail.channel]).sort()).toEqual([
      ['birthCertificate', 'veryDissatisfied', 'haishu-hospital1', 'progressPage'],
      ['case', 'dissatisfied', 'haishu-serviceCenter', 'window'],
      ['householdRegistration', 'dissatisfied', 'yinzhou-police', 'progressPage'],
    ]);
    expect(of('openRectification').map((e) => e.detail.department).sort()).toEqual(['haishu-hospital1', 'haishu-serviceCenter', 'yinzhou-police']);
    expect(of('closeRectification').map((e) => [e.detail.department, e.detail.outcome, e.detail.onTime]).sort()).toEqual([
      ['haishu-hospital1', 'appealUpheld', true], ['haishu-serviceCenter', 'rectified', true],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('an overdue rectification escalates once: the sweep 16 working days later', async () => {
    w.clock.now = '2026-03-24T02:00:00.000Z';
    const overdue = () => w.notifier.notices.filter((n) => n.caseId === caseId && n.template === 'rectificationOverdue');
    await w.services.sweep();
    await w.services.sweep();
    expect(overdue().map((n) => n.recipients.map((r) => r.id).sort().join(','))).toEqual([
      expect.stringContaining('yinzhou-police-handler1'), 'yinzhou-serviceCenter-supervisor1',
    ]);
    const { events } = await w.services.timeline(YZ_SUP, caseId);
    expect(events.filter((e) => e.action === 'rectificationAlert').map((e) => e.detail.level)).toEqual(['overdue']);
    const list = await w.services.ratings.list(YZ_SUP, 'supervise');
    expect(list.items.map((i) => [i.rectificationId, i.level])).toEqual([['rc3', 'overdue']]);
    const closed = await act(POLICE, 'rc3', { type: 'rectify', text: '与邮政约定户口簿次日寄出' });
    expect(closed.level).toBe('overdue');
    const done = await act(POLICE, 'rc3', { type: 'feedback', text: '已上门告知申请人' });
    expect(done.rectification).toMatchObject({ outcome: 'rectified', onTime: false });
    w.clock.now = '2026-03-02T02:00:00.000Z';
  });
});
