// @vitest-environment happy-dom
/**
 * 竣工联合验收 in the pages (pages/acceptance) against a recording server answering in the API's shapes: the
 * department's 单项验收意见 sheet (a defect needs its description and rule, 有问题 without a defect is refused in
 * the page, photos upload to the sub-task at once, a re-inspection keeps or closes open defects by id; the command
 * sent), 确认参加踏勘, and the window's 联合验收 page (site visit form, 出具整改通知 only when allowed, the printable
 * notice). The whole flow against the real server runs in Chromium (test/browser/acceptance.test.ts).
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { AcceptancePage } from '../../../miniapp/pages/acceptance/page';
import { SubTaskPage } from '../../../miniapp/pages/subtask';
import type { PickedFile, Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

let server: TestServer;
const tick = () => new Promise((r) => setTimeout(r, 0));
const confirms: string[] = [];
let picked: PickedFile[] = [];
const platform: Platform = {
  name: 'local',
  ready: async () => undefined,
  getAuthCode: async () => ({ platform: 'local', code: 'x' }),
  pickContact: async () => [],
  toast: async () => undefined,
  confirm: async (title) => {
    confirms.push(title);
    return true;
  },
  setTitle: async () => undefined,
  openLink: async () => undefined,
  previewImage: async () => undefined,
  pickFiles: async () => picked,
  fileBlob: async (f) => f.blob as Blob,
};
const SHA = 'a'.repeat(64);
const INSPECTOR: Staff = { id: 'yinzhou-housing-signer1', name: '林建国', districtCode: '330212', roles: ['handler', 'signer'] };
const CLERK: Staff = { id: 'yinzhou-clerk1', name: '陈窗口', districtCode: '330212', roles: ['clerk'] };

let unmount: (() => void) | undefined;
function render(vnode: ComponentChild, staff: Staff) {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, vnode));
  unmount = m.unmount;
  return m;
}

const subTask = (actions: string[], version = 4) => ({
  caseId: 'C1', itemId: 'housingAcceptance', itemName: '住建单项验收（质量监督、消防验收、人防）', district: '330212', department: 'yinzhou-housing', state: 'claimed', stateLabel: '办理中',
  assignee: INSPECTOR.id, clock: { state: 'running', level: 'normal', elapsedDays: 1, remainingDays: 4, due: { date: '2030-01-09', provisional: false }, provisional: false },
  form: {}, inputs: {}, outputs: {}, deliveries: {}, correction: null, extension: null, outcomeReason: null, actions, version,
});
const detail = (actions: string[], version = 4) => ({
  subTask: subTask(actions, version), timeline: [],
  labels: { fields: {}, materials: {}, departmentName: '宁波市鄞州区住房和城乡建设局', districtName: '鄞州区' },
  seals: [{ id: 'seal-a', name: '鄞州区住建局审批专用章' }, { id: 'seal-b', name: '鄞州区住建局行政审批专用章（二）' }],
});

const opinion = (round: number, result: 'pass' | 'defects', defects: { id: string; state: 'open' | 'closed' }[] = []) => ({
  round, result, opinion: null, signedBy: INSPECTOR.id, signedByName: '林建国', sealId: 'seal-a', sealName: '鄞州区住建局审批专用章', at: '2030-01-03T02:00:00Z',
  digest: 'ab'.repeat(32), keyId: 'k1', signature: 'sig',
  defects: defects.map((d) => ({ id: d.id, description: '消防通道被临时建筑占用', rule: 'GB 50016-2014 第 7.1.8 条', photos: [], state: d.state })),
});

const department = (itemId: string, departmentName: string, state: string, opinions: ReturnType<typeof opinion>[]) => ({
  itemId, itemName: itemId === 'housingAcceptance' ? '住建单项验收（质量监督、消防验收、人防）' : '规划核实（含土地核验）', department: itemId, departmentName, state, stateLabel: state,
  siteVisitConfirmed: false, opinions,
});

const view = (over: Record<string, unknown> = {}) => ({
  caseId: 'C1', version: 7, state: 'accepted', siteVisit: null, rounds: 1,
  departments: [department('housingAcceptance', '宁波市鄞州区住房和城乡建设局', 'claimed', []), department('planningVerification', '宁波市自然资源和规划局鄞州分局', 'claimed', [])],
  notices: [], rectifications: [], jointOpinion: null,
  promise: { date: '2030-01-16', provisional: false, days: 10, pausedDays: 0, paused: false },
  next: '安排联合现场踏勘，通知各部门',
  ...over,
});

const CASE = {
  id: 'C1', bundleId: 'completionAcceptance', bundleName: '竣工联合验收一件事', state: 'accepted', stateLabel: '办理中', acceptingDistrict: '330212', acceptedAt: '2030-01-02T01:00:00Z',
  due: { date: '2030-01-16', provisional: false }, subjects: [{ role: 'enterprise', label: '宁波甬兴精密制造有限公司', maskedId: null }], withdrawal: null, version: 7,
  subTasks: [
    { itemId: 'housingAcceptance', itemName: '住建单项验收', state: 'claimed', districtName: '鄞州区', departmentName: '宁波市鄞州区住房和城乡建设局', deliveries: {} },
    { itemId: 'planningVerification', itemName: '规划核实', state: 'claimed', districtName: '鄞州区', departmentName: '宁波市自然资源和规划局鄞州分局', deliveries: {} },
    { itemId: 'jointOpinion', itemName: '出具联合验收意见书', state: 'waiting', districtName: '鄞州区', departmentName: '宁波市鄞州区行政审批服务管理办公室', deliveries: {} },
  ],
};

function actionsSent() {
  return server.requests.filter((r) => r.method === 'POST' && r.path === '/api/subtasks/C1/housingAcceptance/actions').map((r) => r.json() as { command: Record<string, unknown>; expectedVersion: number });
}

function select(el: HTMLElement, value: string) {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

beforeAll(async () => {
  server = await startServer({});
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  confirms.length = 0;
  picked = [];
  server.routes['POST /api/subtasks/C1/housingAcceptance/actions'] = () => ({ json: { subTask: subTask([], 5) } });
  server.routes['POST /api/subtasks/C1/housingAcceptance/attachments'] = (req) => ({
    status: 201, json: { attachment: { id: SHA, sha256: SHA, size: req.body.length, name: decodeURIComponent(String(req.headers['x-file-name'])), contentType: req.headers['content-type'] } },
  });
});
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

describe('单项验收意见 (the department on its phone)', () => {
  it('refuses 有问题 without a defect and a defect without description or rule; sends the signed opinion with the uploaded photo', async () => {
    let version = 4;
    server.routes['GET /api/subtasks/C1/housingAcceptance'] = () => ({ json: detail(['recordOpinion', 'comment'], version) });
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: { ...view(), next: null } } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'housingAcceptance' }, query: {} }), INSPECTOR);
    const button = await waitForTestId('action-recordOpinion');
    expect(button.className).toContain('lb-btn--primary');
    expect(button.textContent).toBe('单项验收意见');
    click(button);
    const sheet = await waitForTestId('opinion-sheet');
    expect(sheet.textContent).toContain('现场查验');

    // nothing chosen: the seal and the result are asked for, nothing sent
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await tick();
    expect(sheet.textContent).toContain('请选择签章印章');
    expect(byTestId('result-error', sheet)?.textContent).toBe('请选择验收结论');

    select(byTestId('opinion-seal', sheet) as HTMLElement, 'seal-b');
    click(byTestId('result-defects', sheet) as HTMLElement);
    await waitForTestId('defect-editor');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    expect((await waitForTestId('defects-error')).textContent).toContain('请至少添加一项问题');

    // a defect without its description and rule is refused too
    click(byTestId('add-defect', sheet) as HTMLElement);
    await waitForTestId('new-defect');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await tick();
    expect(sheet.textContent).toContain('请填写问题描述');
    expect(sheet.textContent).toContain('请填写依据（违反的规定）');
    expect(actionsSent()).toEqual([]);

    type(byTestId('defect-description', sheet) as HTMLElement, '  二层东侧疏散楼梯间防火门未设闭门器  ');
    type(byTestId('defect-rule', sheet) as HTMLElement, 'GB 50016-2014 第 6.5.1 条');
    picked = [{ name: '防火门.png', type: 'image/png', size: 4, blob: new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }) }];
    click(byTestId('defect-photos-0-image', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelector('[data-testid="file-item"][data-status="done"]'), 'photo uploaded');
    expect(server.requests.filter((r) => r.path === '/api/subtasks/C1/housingAcceptance/attachments').length).toBe(1);
    type(byTestId('opinion-text', sheet) as HTMLElement, '整改后申请复验');
    await tick();
    version = 5;
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => actionsSent().length === 1, 'opinion sent');
    expect(actionsSent()[0]).toEqual({
      command: {
        type: 'recordOpinion', sealId: 'seal-b', result: 'defects', opinion: '整改后申请复验',
        defects: [{ description: '二层东侧疏散楼梯间防火门未设闭门器', rule: 'GB 50016-2014 第 6.5.1 条', photos: [SHA] }],
      },
      expectedVersion: 4,
    });
    await waitFor(() => !byTestId('opinion-sheet'), 'sheet closed');
  });

  it('keeps what was typed when the server refuses, for the next opening of the same version', async () => {
    server.routes['GET /api/subtasks/C1/housingAcceptance'] = () => ({ json: detail(['recordOpinion'], 21) });
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: view() } });
    server.routes['POST /api/subtasks/C1/housingAcceptance/actions'] = () => ({ status: 422, json: { code: 'VALIDATION_FAILED', message: '问题描述过短' } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'housingAcceptance' }, query: {} }), INSPECTOR);
    click(await waitForTestId('action-recordOpinion'));
    let sheet = await waitForTestId('opinion-sheet');
    select(byTestId('opinion-seal', sheet) as HTMLElement, 'seal-a');
    click(byTestId('result-defects', sheet) as HTMLElement);
    click(await waitForTestId('add-defect'));
    type(await waitForTestId('defect-description'), '消防车道宽度不足');
    type(byTestId('defect-rule', sheet) as HTMLElement, 'GB 50016-2014 第 7.1.8 条');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    expect((await waitForTestId('action-error')).textContent).toContain('问题描述过短');
    click(byTestId('action-recordOpinion') as HTMLElement);
    sheet = await waitForTestId('opinion-sheet');
    await waitForTestId('new-defect');
    expect((byTestId('defect-description', sheet) as HTMLTextAreaElement).value).toBe('消防车道宽度不足');
    expect((byTestId('opinion-seal', sheet) as HTMLSelectElement).value).toBe('seal-a');
  });

  it('on a re-inspection lists the open defects: all closed is not 有问题; one kept is sent by its id', async () => {
    server.routes['GET /api/subtasks/C1/housingAcceptance'] = () => ({ json: detail(['recordOpinion'], 9) });
    const previous = department('housingAcceptance', '宁波市鄞州区住房和城乡建设局', 'claimed', [opinion(1, 'defects', [{ id: 'D1-1', state: 'open' }, { id: 'D1-2', state: 'open' }])]);
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: { ...view(), departments: [previous], rectifications: [{ round: 1, at: '2030-01-08T02:00:00Z', by: CLERK.id, report: '防火门已加装闭门器', attachments: [] }], next: null } } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'housingAcceptance' }, query: {} }), INSPECTOR);
    click(await waitForTestId('action-recordOpinion'));
    const sheet = await waitForTestId('opinion-sheet');
    expect(sheet.textContent).toContain('复验意见');
    expect(sheet.textContent).toContain('第 2 轮复验');
    expect(byTestId('rectification-report', sheet)?.textContent).toBe('企业整改报告防火门已加装闭门器');
    select(byTestId('opinion-seal', sheet) as HTMLElement, 'seal-a');
    click(byTestId('result-defects', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelectorAll('[data-testid="kept-defect"]').length === 2, 'open defects listed');
    click(byTestId('close-D1-1', sheet) as HTMLElement);
    click(byTestId('close-D1-2', sheet) as HTMLElement);
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    expect((await waitForTestId('defects-error')).textContent).toContain('均已整改时请选择「合格」');
    click(byTestId('keep-D1-2', sheet) as HTMLElement);
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => actionsSent().length === 1, 'opinion sent');
    expect(actionsSent()[0].command).toEqual({
      type: 'recordOpinion', sealId: 'seal-a', result: 'defects',
      defects: [{ id: 'D1-2', description: '消防通道被临时建筑占用', rule: 'GB 50016-2014 第 7.1.8 条' }],
    });
  });

  it('合格 sends no defects; 确认参加踏勘 asks first and sends the command', async () => {
    server.routes['GET /api/subtasks/C1/housingAcceptance'] = () => ({ json: detail(['confirmSiteVisit', 'recordOpinion'], 31) });
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: view() } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'housingAcceptance' }, query: {} }), INSPECTOR);
    click(await waitForTestId('action-confirmSiteVisit'));
    await waitFor(() => actionsSent().length === 1, 'confirmation sent');
    expect(confirms).toEqual(['确认现场踏勘']);
    expect(actionsSent()[0].command).toEqual({ type: 'confirmSiteVisit' });
    click(await waitForTestId('action-recordOpinion'));
    const sheet = await waitForTestId('opinion-sheet');
    select(byTestId('opinion-seal', sheet) as HTMLElement, 'seal-a');
    click(byTestId('result-pass', sheet) as HTMLElement);
    await tick();
    expect(byTestId('defect-editor', sheet)).toBeNull();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => actionsSent().length === 2, 'opinion sent');
    expect(actionsSent()[1].command).toEqual({ type: 'recordOpinion', sealId: 'seal-a', result: 'pass' });
  });
});

describe('联合验收 page', () => {
  beforeEach(() => {
    server.routes['GET /api/cases/C1'] = () => ({ json: { case: CASE } });
    server.routes['GET /api/cases/C1/timeline'] = () => ({ json: { events: [{ id: 'e1', caseId: 'C1', itemId: null, action: 'rectificationNotice', actor: { kind: 'staff', id: CLERK.id, name: '陈窗口' }, at: '2030-01-04T02:00:00Z', from: null, to: null, reason: null, detail: {} }] } });
  });

  it('the window schedules the site visit (a past day refused in the form) with the case version', async () => {
    let current = view();
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: current } });
    server.routes['POST /api/cases/C1/site-visit'] = () => {
      current = view({
        version: 8, next: '等待住建单项验收、规划核实出具单项验收意见',
        siteVisit: { date: '2099-03-02', time: '09:30', place: '鄞州区滨海创业中心 8 号地块', note: null, scheduledBy: CLERK.id, scheduledByName: '陈窗口', scheduledAt: '2030-01-02T03:00:00Z',
          confirmations: [{ itemId: 'housingAcceptance', departmentName: '宁波市鄞州区住房和城乡建设局', by: INSPECTOR.id, byName: '林建国', at: '2030-01-02T04:00:00Z' }] },
      });
      return { json: { acceptance: current } };
    };
    render(h(AcceptancePage, { params: { caseId: 'C1' }, query: {} }), CLERK);
    expect((await waitForTestId('acceptance-next')).textContent).toContain('安排联合现场踏勘');
    expect(byTestId('issue-notice')).toBeNull();
    expect(byTestId('record-rectification')).toBeNull();
    click(byTestId('schedule-visit') as HTMLElement);
    let sheet = await waitForTestId('form-sheet');
    type(byTestId('field-date', sheet) as HTMLElement, '2001-01-01');
    select(byTestId('field-time', sheet) as HTMLElement, '09:30');
    type(byTestId('field-place', sheet) as HTMLElement, '鄞州区滨海创业中心 8 号地块');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    sheet = await waitFor(() => byTestId('form-sheet') && document.body.textContent?.includes('踏勘日期不能早于今天') && byTestId('form-sheet'), 'past day refused');
    expect(server.requests.filter((r) => r.path === '/api/cases/C1/site-visit')).toEqual([]);
    expect((byTestId('field-place', sheet) as HTMLInputElement).value).toBe('鄞州区滨海创业中心 8 号地块');
    type(byTestId('field-date', sheet) as HTMLElement, '2099-03-02');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => byTestId('site-visit-when')?.textContent === '时间2099-03-02 09:30', 'visit shown');
    const sent = server.requests.filter((r) => r.path === '/api/cases/C1/site-visit').map((r) => r.json());
    expect(sent).toEqual([{ date: '2099-03-02', time: '09:30', place: '鄞州区滨海创业中心 8 号地块', expectedVersion: 7 }]);
    expect(byTestId('confirm-housingAcceptance')?.textContent).toContain('已确认 · 林建国');
    expect(byTestId('confirm-planningVerification')?.textContent).toContain('待确认');
    expect(byTestId('schedule-visit')?.textContent).toBe('踏勘改期');
  });

  it('offers 出具整改通知 once every department has its opinion, sends it, and prints the numbered notice with department names', async () => {
    const defects = department('housingAcceptance', '宁波市鄞州区住房和城乡建设局', 'returned', [opinion(1, 'defects', [{ id: 'D1-1', state: 'open' }])]);
    const passed = department('planningVerification', '宁波市自然资源和规划局鄞州分局', 'done', [opinion(1, 'pass')]);
    let current = view({ departments: [defects, passed], next: '各部门意见已齐，发出一次性整改告知书' });
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: current } });
    server.routes['POST /api/cases/C1/rectification-notice'] = () => {
      current = view({
        version: 9, departments: [defects, passed], next: '等待企业整改；整改完成后登记整改报告，有问题的部门复验',
        promise: { date: '2030-01-16', provisional: false, days: 10, pausedDays: 0, paused: true },
        notices: [{ number: 'C1-ZG1', round: 1, issuedAt: '2030-01-04T02:00:00Z', issuedBy: CLERK.id, defects: [
          { id: 'D1-1', description: '消防通道被临时建筑占用', rule: 'GB 50016-2014 第 7.1.8 条', photos: [], itemId: 'housingAcceptance', itemName: '住建单项验收（质量监督、消防验收、人防）', department: 'yinzhou-housing', departmentName: '宁波市鄞州区住房和城乡建设局' },
        ] }],
      });
      return { json: { acceptance: current } };
    };
    render(h(AcceptancePage, { params: { caseId: 'C1' }, query: {} }), CLERK);
    const card = await waitForTestId('department-housingAcceptance');
    expect(card.textContent).toContain('1 项待整改');
    expect(card.querySelector('[data-testid="defect"]')?.getAttribute('data-state')).toBe('open');
    click(byTestId('issue-notice') as HTMLElement);
    await waitForTestId('notice-row');
    expect(confirms).toEqual(['出具整改通知']);
    expect(server.requests.filter((r) => r.path === '/api/cases/C1/rectification-notice').map((r) => r.json())).toEqual([{ expectedVersion: 7 }]);
    expect(byTestId('issue-notice')).toBeNull();
    expect(byTestId('record-rectification')).not.toBeNull();
    expect(byTestId('promise-paused')?.textContent).toContain('暂停计时');
    unmount?.();

    render(h(AcceptancePage, { params: { caseId: 'C1' }, query: { doc: 'notice', n: 'C1-ZG1' } }), CLERK);
    const doc = await waitForTestId('rectification-notice');
    expect(doc.textContent).toContain('竣工联合验收整改通知书');
    expect(doc.textContent).toContain('宁波市鄞州区行政审批服务管理办公室');
    expect(doc.textContent).toContain('告知人陈窗口');
    const items = [...doc.querySelectorAll('[data-testid="notice-defect"]')];
    expect(items.map((i) => i.textContent)).toEqual(['宁波市鄞州区住房和城乡建设局（住建单项验收）消防通道被临时建筑占用依据：GB 50016-2014 第 7.1.8 条']);
  });

  it('登记整改报告: the report is required; the files upload to a department under re-inspection and go with it', async () => {
    const defects = department('housingAcceptance', '宁波市鄞州区住房和城乡建设局', 'returned', [opinion(1, 'defects', [{ id: 'D1-1', state: 'open' }])]);
    const passed = department('planningVerification', '宁波市自然资源和规划局鄞州分局', 'done', [opinion(1, 'pass')]);
    const notice = { number: 'C1-ZG1', round: 1, issuedAt: '2030-01-04T02:00:00Z', issuedBy: CLERK.id, defects: [] };
    let current = view({ version: 9, departments: [defects, passed], notices: [notice] });
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: current } });
    server.routes['POST /api/cases/C1/rectification'] = () => {
      current = view({ version: 10, departments: [defects, passed], notices: [notice], rectifications: [{ round: 1, at: '2030-01-08T02:00:00Z', by: CLERK.id, report: '已整改', attachments: [SHA] }] });
      return { json: { acceptance: current } };
    };
    render(h(AcceptancePage, { params: { caseId: 'C1' }, query: {} }), CLERK);
    click(await waitForTestId('record-rectification'));
    const sheet = await waitForTestId('form-sheet');
    expect(sheet.textContent).toContain('宁波市鄞州区住房和城乡建设局复验');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await tick();
    expect(sheet.textContent).toContain('整改报告');
    expect(sheet.querySelector('.lb-field--error')).not.toBeNull();
    picked = [{ name: '整改后.png', type: 'image/png', size: 4, blob: new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }) }];
    click(byTestId('rectification-files-image', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelector('[data-testid="file-item"][data-status="done"]'), 'file uploaded');
    type(byTestId('field-report', sheet) as HTMLElement, '防火门已加装闭门器');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitForTestId('rectification-row');
    expect(server.requests.filter((r) => r.path === '/api/subtasks/C1/housingAcceptance/attachments').length).toBe(1);
    expect(server.requests.filter((r) => r.path === '/api/cases/C1/rectification').map((r) => r.json())).toEqual([{ report: '防火门已加装闭门器', attachments: [SHA], expectedVersion: 9 }]);
    expect(byTestId('rectification-row')?.textContent).toContain('登记人 陈窗口');
  });

  it("a department's staff read their part without the window's buttons", async () => {
    server.routes['GET /api/cases/C1/acceptance'] = () => ({ json: { acceptance: { ...view(), departments: [department('housingAcceptance', '宁波市鄞州区住房和城乡建设局', 'claimed', [])], next: null } } });
    render(h(AcceptancePage, { params: { caseId: 'C1' }, query: {} }), INSPECTOR);
    await waitForTestId('department-housingAcceptance');
    expect(byTestId('schedule-visit')).toBeNull();
    expect(byTestId('acceptance-next')).toBeNull();
    expect(byTestId('department-planningVerification')).toBeNull();
  });
});
