// @vitest-environment happy-dom
/**
 * The pages in a DOM against a recording HTTP server that answers in the API's shapes
 * (schemas/openapi.json): what they show, what they send, and how they handle 409 / 422 / 500.
 * The whole flow against the real server runs in Chromium (test/browser).
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { layers } from '../../../miniapp/pages/graph';
import { ArchivePage } from '../../../miniapp/pages/archive';
import { CasePage } from '../../../miniapp/pages/case';
import { IntakePage } from '../../../miniapp/pages/intake';
import { SubTaskPage } from '../../../miniapp/pages/subtask';
import { SupervisePage } from '../../../miniapp/pages/supervise';
import { TodoPage } from '../../../miniapp/pages/todo';
import { clearDrafts, saveDraft } from '../../../miniapp/lib/draft';
import { navigate, setLeaveGuard, useHash } from '../../../miniapp/router';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

let server: TestServer;
/** Lets preact render the state a typed value set (renders are scheduled, not synchronous). */
const tick = () => new Promise((r) => setTimeout(r, 0));
const confirms: string[] = [];
const toasts: string[] = [];
/** What the contact picker answers: the first candidate (browser), or a container's own user. */
let picks: (candidates: { id: string; name: string }[]) => { id: string; name: string }[] = (c) => c.slice(0, 1);
const platform: Platform = {
  name: 'local',
  ready: async () => undefined,
  getAuthCode: async () => ({ platform: 'local', code: 'x' }),
  pickContact: async (o) => picks(o.candidates || []),
  toast: async (m) => void toasts.push(m),
  confirm: async (title) => {
    confirms.push(title);
    return true;
  },
  setTitle: async () => undefined,
  openLink: async () => undefined,
  previewImage: async () => undefined,
  pickFiles: async () => [], fileBlob: async () => new Blob([]),
};
const HANDLER: Staff = { id: 'cdc-signer1', name: '王晓明', roles: ['handler', 'signer'] };
const CLERK: Staff = { id: 'clerk1', name: '陈窗口', districtCode: '330212', roles: ['clerk'] };

let unmount: (() => void) | undefined;
function render(vnode: ComponentChild, staff: Staff = HANDLER) {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, vnode));
  unmount = m.unmount;
  return m;
}

const queueItem = (itemId: string, level: string, remainingDays: number | null, state = 'claimed') => ({
  caseId: 'C1', itemId, itemName: itemId === 'vaccinationCertificate' ? '预防接种证' : '户口登记', bundleName: '新生儿出生一件事',
  department: 'yinzhou-cdc', district: '330212', state, stateLabel: state, due: '2030-01-10', level, remainingDays, subject: '母亲 3302**********0421', assignee: null,
});

const VIEW = {
  caseId: 'C1', itemId: 'vaccinationCertificate', itemName: '预防接种证', district: '330212', department: 'yinzhou-cdc', state: 'ready', stateLabel: '待签收',
  assignee: null, clock: { state: 'notStarted', level: 'normal', elapsedDays: 0, remainingDays: 1, due: null, provisional: false },
  form: { babyName: '王小宝', babySex: 'male', applicantPhone: '13800138000' }, inputs: {}, outputs: {}, deliveries: {}, correction: null, extension: null,
  outcomeReason: null, actions: ['claim', 'comment'], version: 3,
};
const DETAIL = {
  subTask: VIEW,
  timeline: [{ id: 'C1/vaccinationCertificate#1', caseId: 'C1', itemId: 'vaccinationCertificate', action: 'release', actor: { kind: 'system', id: 'system', name: 'dispatcher', district: null, department: null }, at: '2030-01-02T01:00:00Z', from: 'waiting', to: 'ready', reason: null, detail: {} }],
  // as the server sends them: labels for display (core viewLabels), full definitions of the outputs
  labels: {
    fields: { babyName: { label: '新生儿姓名' }, babySex: { label: '新生儿性别', options: { male: '男', female: '女' } } },
    materials: { vaccinationRecord: { name: '预防接种证', fields: { certificateNumber: { label: '预防接种证编号' } } } },
    departmentName: '宁波市鄞州区疾病预防控制中心',
    districtName: '鄞州区',
  },
  outputs: [{ id: 'vaccinationRecord', name: '预防接种证', fields: [{ key: 'certificateNumber', label: '预防接种证编号', type: 'text', required: true }, { key: 'firstDoseOn', label: '首针接种日期', type: 'date', required: true, notFuture: true }] }],
  seals: [{ id: 'yinzhou-cdc-seal', name: '鄞州区疾控中心审批专用章' }],
};

beforeAll(async () => {
  server = await startServer({});
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  confirms.length = 0;
  toasts.length = 0;
  localStorage.clear();
});
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

describe('待办', () => {
  it('shows my sub-tasks with deadline colours and the counts, and the department queue on its segment', async () => {
    server.routes['GET /api/queues/mine'] = () => ({
      json: { items: [queueItem('vaccinationCertificate', 'overdue', -2), queueItem('householdRegistration', 'warning', 1)], nextCursor: null, counts: { mine: 2, department: 4, warning: 1, overdue: 1 } },
    });
    server.routes['GET /api/queues/department'] = () => ({ json: { items: [], nextCursor: null, counts: { mine: 2, department: 0, warning: 1, overdue: 1 } } });
    render(h(TodoPage, {}));
    await waitFor(() => document.querySelectorAll('[data-testid^="queue-item-"]').length === 2, 'two cards');
    const badges = [...document.querySelectorAll('[data-testid="deadline"]')];
    expect(badges.map((b) => b.getAttribute('data-level'))).toEqual(['overdue', 'warning']);
    expect(badges[0].textContent).toBe('超期 2 个工作日');
    expect(badges[0].className).toContain('lb-tag--red');
    expect(badges[1].className).toContain('lb-tag--orange');
    expect(byTestId('count-mine')?.textContent).toBe('2');
    expect(byTestId('count-ready')?.textContent).toBe('4');
    expect(byTestId('todo-alerts')?.textContent).toContain('超期 1 件');
    expect(document.body.textContent).toContain('母亲 3302**********0421');

    click(byTestId('seg-ready') as HTMLElement);
    await waitForTestId('empty');
    const dept = server.requests.filter((r) => r.path === '/api/queues/department');
    expect(dept.length).toBe(1);
    expect(dept[0].query.get('state')).toBe('ready');
    expect(dept[0].headers.authorization).toBe('Bearer tok');
  });

  it('shows a count the server stopped at (100) as 99+, in the badge and the deadline banner', async () => {
    server.routes['GET /api/queues/mine'] = () => ({
      json: { items: [queueItem('vaccinationCertificate', 'overdue', -2)], nextCursor: 'k2', counts: { mine: 99, department: 100, warning: 100, overdue: 3 } },
    });
    render(h(TodoPage, {}));
    await waitForTestId('count-ready');
    expect(byTestId('count-mine')?.textContent).toBe('99');
    expect(byTestId('count-ready')?.textContent).toBe('99+');
    expect(byTestId('todo-alerts')?.textContent).toContain('超期 3 件');
    expect(byTestId('todo-alerts')?.textContent).toContain('临近期限 99+ 件');
  });

  it('pages with 加载更多 and shows the error with 重试 when the server fails', async () => {
    let calls = 0;
    server.routes['GET /api/queues/mine'] = (req) => {
      calls++;
      if (calls === 1) return { status: 500, json: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } };
      return req.query.get('cursor')
        ? { json: { items: [queueItem('householdRegistration', 'normal', 2)], nextCursor: null, counts: { mine: 2, department: 0, warning: 0, overdue: 0 } } }
        : { json: { items: [queueItem('vaccinationCertificate', 'normal', 1)], nextCursor: 'k2', counts: { mine: 2, department: 0, warning: 0, overdue: 0 } } };
    };
    render(h(TodoPage, {}));
    const error = await waitForTestId('error');
    expect(error.textContent).toContain('服务器内部错误');
    click(byTestId('retry') as HTMLElement);
    click(await waitForTestId('load-more'));
    await waitFor(() => document.querySelectorAll('[data-testid^="queue-item-"]').length === 2, 'second page appended');
    expect(server.requests.filter((r) => r.path === '/api/queues/mine').map((r) => r.query.get('cursor'))).toEqual([null, null, 'k2']);
    expect(byTestId('load-more')).toBeNull();
    expect(byTestId('refresh')).not.toBeNull();
  });

  it('a signer has 待会签 and 延期审批 with their counts, and 待办 opens on the segment that has work', async () => {
    const counts = { mine: 0, department: 0, countersign: 0, extension: 2, correction: 0, warning: 0, overdue: 0 };
    server.routes['GET /api/queues/mine'] = () => ({ json: { items: [], nextCursor: null, counts } });
    server.routes['GET /api/queues/extension'] = () => ({ json: { items: [queueItem('vaccinationCertificate', 'normal', 1), queueItem('householdRegistration', 'normal', 2)], nextCursor: null, counts } });
    server.routes['GET /api/queues/department'] = () => ({ json: { items: [], nextCursor: null, counts } });
    render(h(TodoPage, {}));
    await waitFor(() => byTestId('page-todo')?.getAttribute('data-segment') === 'extension', 'opened on 延期审批');
    await waitFor(() => document.querySelectorAll('[data-testid^="queue-item-"]').length === 2, 'the extension requests');
    expect(byTestId('count-extension')?.textContent).toBe('2');
    expect(byTestId('count-mine')).toBeNull();
    expect(byTestId('seg-countersign')?.textContent).toBe('待会签');
    // chosen by hand, an empty segment says what is empty
    click(byTestId('seg-countersign') as HTMLElement);
    await waitFor(() => byTestId('empty')?.textContent === '暂无待会签事项', 'countersign empty text');
    expect(server.requests.filter((r) => r.path === '/api/queues/department').map((r) => r.query.get('state'))).toEqual(['countersign']);
  });

  it('a window clerk has 待补正: the sub-tasks returned for correction, with the count', async () => {
    const counts = { mine: 0, department: 0, countersign: 0, extension: 0, correction: 1, warning: 0, overdue: 0 };
    server.routes['GET /api/queues/correction'] = () => ({ json: { items: [queueItem('householdRegistration', 'normal', null, 'returned')], nextCursor: null, counts } });
    render(h(TodoPage, {}), CLERK);
    await waitForTestId('queue-item-C1-householdRegistration');
    expect(byTestId('seg-correction')?.textContent).toBe('待补正1');
    expect(byTestId('seg-mine')).toBeNull();
    expect(server.requests.map((r) => r.path)).toEqual(['/api/queues/correction']);
  });
});

describe('子任务详情', () => {
  it('shows the visible fields under their labels, the timeline and the actions; 签收 sends the version it saw', async () => {
    let version = 3;
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, version, state: version > 3 ? 'claimed' : 'ready', actions: version > 3 ? ['signOff', 'handOff', 'comment'] : ['claim', 'comment'] } } });
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => {
      version++;
      return { json: { subTask: VIEW } };
    };
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    await waitForTestId('page-subtask');
    expect(byTestId('value-babyName')?.textContent).toContain('新生儿姓名王小宝');
    expect(byTestId('value-babySex')?.textContent).toContain('男');
    expect(byTestId('value-applicantPhone')?.textContent).toContain('13800138000');
    expect(byTestId('subtask-head')?.textContent).toContain('宁波市鄞州区疾病预防控制中心');
    expect(byTestId('subtask-timeline')?.textContent).toContain('流转至部门');
    click(byTestId('action-claim') as HTMLElement);
    await waitFor(() => byTestId('page-subtask')?.getAttribute('data-state') === 'claimed', 'claimed');
    expect(confirms).toEqual(['签收']);
    const post = server.requests.filter((r) => r.method === 'POST')[0];
    expect(post.json()).toEqual({ command: { type: 'claim' }, expectedVersion: 3 });
    expect(byTestId('action-signOff')?.className).toContain('lb-btn--primary');
    expect(toasts).toContain('签收成功');
  });

  it('an action sheet keeps what was typed when the server answers 503 or cannot be reached: open again with the values and the error', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', actions: ['requestExtension', 'comment'], extensionMaxDays: 3 } } });
    let answer: 'down' | 'ok' = 'down';
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () =>
      answer === 'down' ? { status: 503, json: { code: 'STORE_UNAVAILABLE', message: '存储暂不可用，请稍后重试' } } : { json: { subTask: VIEW } };
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-requestExtension'));
    const sheet = await waitForTestId('form-sheet');
    // the form offers what the server allows: 1 to extensionMaxDays working days
    const days = byTestId('field-days', sheet) as HTMLSelectElement;
    expect([...days.options].map((o) => o.value).filter(Boolean)).toEqual(['1', '2', '3']);
    expect(sheet.textContent).toContain('最多可延长 3 个工作日');
    days.value = '1';
    days.dispatchEvent(new Event('change', { bubbles: true }));
    type(byTestId('field-reason', sheet) as HTMLElement, '等待检测报告，需延长一日');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    const error = await waitForTestId('sheet-error');
    expect(error.textContent).toBe('存储暂不可用，请稍后重试');
    expect(document.querySelectorAll('[data-testid="form-sheet"]')).toHaveLength(1);
    expect((byTestId('field-reason') as HTMLTextAreaElement).value).toBe('等待检测报告，需延长一日');
    expect((byTestId('field-days') as HTMLInputElement).value).toBe('1');
    // the server is back: 确定 again sends the same command, and the sheet goes
    answer = 'ok';
    click(byTestId('sheet-ok') as HTMLElement);
    await waitFor(() => !byTestId('form-sheet'), 'sheet closed');
    const posts = server.requests.filter((r) => r.method === 'POST').map((r) => r.json());
    expect(posts).toHaveLength(2);
    expect(posts[1]).toEqual(posts[0]);
    expect(posts[1]).toEqual({ command: { type: 'requestExtension', days: 1, reason: '等待检测报告，需延长一日' }, expectedVersion: 3 });
    expect(toasts).toContain('申请延期成功');
    // the page reloads after the action (let it finish before the next test answers GETs differently)
    await waitFor(() => server.requests.filter((r) => r.method === 'GET').length === 2, 'reloaded');
    await tick();
  });

  it('a refused sub-task (403, opened from a link) says why and offers the way back home', async () => {
    location.hash = '#/subtasks/C1/vaccinationCertificate';
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ status: 403, json: { code: 'FORBIDDEN', message: '不是本事项的承办部门' } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    const error = await waitForTestId('error');
    expect(error.textContent).toContain('不是本事项的承办部门');
    click(byTestId('go-home') as HTMLElement);
    await waitFor(() => location.hash === '#/', 'went home (the shell opens the home tab)');
  });

  it('a 409 shows the conflict clearly and reloads the sub-task', async () => {
    let gets = 0;
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => {
      gets++;
      return { json: { ...DETAIL, subTask: gets > 1 ? { ...VIEW, state: 'claimed', assignee: 'cdc-handler1', actions: ['comment'], version: 4 } : VIEW } };
    };
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => ({ status: 409, json: { code: 'VERSION_CONFLICT', message: '该事项已被他人处理，请刷新后重试' } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-claim'));
    const conflict = await waitForTestId('conflict');
    expect(conflict.textContent).toContain('该事项已被他人处理，请刷新后重试');
    await waitFor(() => byTestId('page-subtask')?.getAttribute('data-state') === 'claimed', 'reloaded');
    expect(byTestId('action-claim')).toBeNull();
    expect(gets).toBe(2);
  });

  it('签章办结 checks the output data before sending, then sends seal and outputs per material', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', actions: ['signOff', 'refuse'], version: 5 } } });
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => ({ json: { subTask: VIEW } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-signOff'));
    const sheet = await waitForTestId('form-sheet');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelectorAll('[data-testid="field-error"]').length === 3, 'three errors');
    expect(sheet.textContent).toContain('请填写签章印章');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const seal = byTestId('field-sealId', sheet) as HTMLSelectElement;
    seal.value = 'yinzhou-cdc-seal';
    seal.dispatchEvent(new Event('change', { bubbles: true }));
    await tick();
    type(byTestId('field-vaccinationRecord.certificateNumber', sheet) as HTMLElement, 'YM2030-0001');
    type(byTestId('field-vaccinationRecord.firstDoseOn', sheet) as HTMLElement, '2999-01-01');
    await tick(); // (both typed before one render: neither value is lost)
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => sheet.textContent?.includes('不能晚于今天'), 'future date refused');
    type(byTestId('field-vaccinationRecord.firstDoseOn', sheet) as HTMLElement, '2024-01-05');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST'), 'posted');
    expect(server.requests.filter((r) => r.method === 'POST')[0].json()).toEqual({
      command: { type: 'signOff', sealId: 'yinzhou-cdc-seal', outputs: { vaccinationRecord: { certificateNumber: 'YM2030-0001', firstDoseOn: '2024-01-05' } } },
      expectedVersion: 5,
    });
  });
});

describe('转交', () => {
  it('offers the people of the item (not oneself) and sends the chosen staff id with the reason', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', actions: ['signOff', 'handOff'], version: 6 } } });
    server.routes['GET /api/contacts'] = () => ({ json: { staff: [{ id: 'cdc-signer1', name: '王晓明' }, { id: 'cdc-handler2', name: '李丽华' }] } });
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => ({ json: { subTask: VIEW } });
    picks = (c) => c.slice(0, 1);
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-handOff'));
    const sheet = await waitForTestId('form-sheet');
    expect(sheet.textContent).toContain('转交给 李丽华');
    type(byTestId('field-reason', sheet) as HTMLElement, '本人外出');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST'), 'posted');
    expect(server.requests.find((r) => r.path === '/api/contacts')?.query.get('department')).toBe('yinzhou-cdc');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ command: { type: 'handOff', toStaff: 'cdc-handler2', reason: '本人外出' }, expectedVersion: 6 });
  });

  it('a container pick outside the item\'s people is refused with a message, nothing sent', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', actions: ['signOff', 'handOff'], version: 6 } } });
    server.routes['GET /api/contacts'] = () => ({ json: { staff: [{ id: 'cdc-handler2', name: '李丽华' }] } });
    picks = () => [{ id: 'zzd-acc-991', name: '赵局长' }];
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-handOff'));
    const error = await waitForTestId('action-error');
    expect(error.textContent).toBe('「赵局长」不在本事项可转交的人员范围内');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    picks = (c) => c.slice(0, 1);
  });
});

describe('提出材料补正要求 (竣工联合验收)', () => {
  it('sends the missing materials one per line with the note; nothing else', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', actions: ['requestMaterials', 'comment'], version: 3 } } });
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => ({ json: { subTask: VIEW } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-requestMaterials'));
    const sheet = await waitForTestId('form-sheet');
    expect(sheet.textContent).toContain('由窗口汇总各部门要求后一次性告知申请人');
    type(byTestId('field-items', sheet) as HTMLElement, '消防验收资料\n 人防竣工图 \n');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST'), 'posted');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ command: { type: 'requestMaterials', items: ['消防验收资料', '人防竣工图'] }, expectedVersion: 3 });
  });
});

describe('改派', () => {
  it('sends work of a disabled colleague back to the department list, or to a named colleague, with the reason', async () => {
    server.routes['GET /api/subtasks/C1/vaccinationCertificate'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, state: 'claimed', assignee: 'cdc-handler9', actions: ['reassign', 'comment'], version: 7 } } });
    server.routes['GET /api/contacts'] = () => ({ json: { staff: [{ id: 'cdc-handler2', name: '李丽华' }] } });
    server.routes['POST /api/subtasks/C1/vaccinationCertificate/actions'] = () => ({ json: { subTask: VIEW } });
    render(h(SubTaskPage, { params: { caseId: 'C1', itemId: 'vaccinationCertificate' }, query: {} }));
    click(await waitForTestId('action-reassign'));
    const sheet = await waitForTestId('form-sheet');
    expect(sheet.textContent).toContain('退回部门待签收列表');
    expect(sheet.textContent).toContain('李丽华');
    const select = sheet.querySelector('select') as HTMLSelectElement;
    select.value = 'cdc-handler2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    type(byTestId('field-reason', sheet) as HTMLElement, '原经办人已调离');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST'), 'posted');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ command: { type: 'reassign', toStaff: 'cdc-handler2', reason: '原经办人已调离' }, expectedVersion: 7 });
  });
});

describe('受理', () => {
  const FORM = {
    form: {
      bundleId: 'birth', bundleVersion: 1, title: '新生儿出生一件事一表申请', items: [{ id: 'birthCertificate', name: '出生医学证明', required: true }],
      optionalItems: [{ id: 'maternityReimbursement', name: '生育医疗费用报销' }],
      fields: [
        { key: 'babyName', label: '新生儿姓名', type: 'text', required: true, usedBy: ['birthCertificate'] },
        { key: 'motherIdNumber', label: '母亲公民身份号码', type: 'idNumber', required: true, usedBy: ['birthCertificate'] },
        { key: 'babyWeightGrams', label: '出生体重（克）', type: 'integer', required: true, min: 300, max: 8000, usedBy: ['birthCertificate'] },
      ],
    },
    bundle: { id: 'birth', version: 1, name: '新生儿出生一件事' },
    graph: { items: [{ id: 'birthCertificate', name: '出生医学证明', dependsOn: [] }] },
    materials: [{ id: 'householdBook', name: '入户方户口簿（电子证照）', fields: [{ key: 'householdNumber', label: '户号', type: 'text', required: true }] }],
  };
  const NOTICE_BAD = { ok: false, bundleId: 'birth', bundleVersion: 1, checkedAt: '2030-01-01T00:00:00Z', issues: [{ field: 'babyName', code: 'REQUIRED', message: '【新生儿姓名】未填写' }, { field: 'materials.householdBook', code: 'MISSING_MATERIAL', message: '请提交材料：入户方户口簿（电子证照）' }], text: '一次性告知书' };

  it('checks the ID number in the browser, tells everything at once, then accepts and shows the receipt', async () => {
    server.routes['GET /api/bundles'] = () => ({ json: { bundles: [{ id: 'birth', version: 1, name: '新生儿出生一件事', description: '一次申请', items: [{ id: 'birthCertificate', name: '出生医学证明' }] }] } });
    server.routes['GET /api/bundles/birth/form'] = () => ({ json: FORM });
    let notice = NOTICE_BAD;
    server.routes['POST /api/intake/precheck'] = () => ({ json: { notice } });
    server.routes['POST /api/cases'] = (req) =>
      (req.json() as { values: { babyName?: string } }).values.babyName
        ? { status: 201, json: { case: { id: 'C9' }, receipt: { caseId: 'C9', bundleName: '新生儿出生一件事', acceptedAt: '2030-01-02T02:00:00Z', acceptingDistrict: '330212', due: { date: '2030-01-09', provisional: false }, items: [{ itemId: 'birthCertificate', name: '出生医学证明', department: 'yinzhou-hospital1', district: '330212', limitDays: 1 }], notice: { ...NOTICE_BAD, ok: true, issues: [] } } } }
        : { status: 422, json: { code: 'PRECHECK_FAILED', message: '预审未通过', issues: NOTICE_BAD.issues, notice: NOTICE_BAD } };
    render(h(IntakePage, {}), CLERK);
    click(await waitForTestId('bundle-birth'));
    await waitForTestId('page-intake-form');
    const id = byTestId('field-motherIdNumber') as HTMLInputElement;
    type(id, '33021219930415042x');
    await waitFor(() => id.value === '33021219930415042X', 'upper-cased X');
    id.dispatchEvent(new FocusEvent('blur'));
    await waitFor(() => document.body.textContent?.includes('公民身份号码校验位错误'), 'check digit error');
    type(byTestId('field-babyWeightGrams') as HTMLElement, '3260');
    await tick();

    click(byTestId('precheck') as HTMLElement);
    const issues = await waitFor(() => document.querySelectorAll('[data-testid="notice-issue"]').length === 2 && document.querySelectorAll('[data-testid="notice-issue"]'), 'notice');
    expect([...issues].map((i) => i.textContent)).toEqual(['【新生儿姓名】未填写', '请提交材料：入户方户口簿（电子证照）']);
    const sent = server.requests.filter((r) => r.path === '/api/intake/precheck')[0].json() as Record<string, unknown>;
    expect(sent).toEqual({ bundleId: 'birth', values: { motherIdNumber: '33021219930415042X', babyWeightGrams: 3260 }, chosenOptional: [], supplied: [] });

    // 受理 waits while the one-time notice has open points for what the form holds
    expect((byTestId('accept') as HTMLButtonElement).disabled).toBe(true);
    expect(byTestId('accept-blocked')?.textContent).toContain('一次性告知');
    // a change re-opens it: accept with the 电子证照 only: 422 with the notice, nothing else, and 受理 waits again
    type(byTestId('field-householdBook.householdNumber') as HTMLElement, '330212001234');
    await tick();
    expect((byTestId('accept') as HTMLButtonElement).disabled).toBe(false);
    click(byTestId('accept') as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.path === '/api/cases'), 'accept sent');
    await waitFor(() => (byTestId('accept') as HTMLButtonElement).disabled, 'waits again');
    expect(byTestId('receipt')).toBeNull();
    type(byTestId('field-babyName') as HTMLElement, '王小宝');
    await tick();
    notice = { ...NOTICE_BAD, ok: true, issues: [] };
    click(byTestId('accept') as HTMLElement);
    const receipt = await waitForTestId('receipt');
    expect(byTestId('case-id', receipt)?.textContent).toBe('C9');
    expect(receipt.textContent).toContain('1 个工作日');
    const accepts = server.requests.filter((r) => r.path === '/api/cases').map((r) => r.json() as { requestId: string; supplied: unknown });
    expect(accepts[0].supplied).toEqual([{ type: 'householdBook', data: { householdNumber: '330212001234' }, attachments: [] }]);
    expect(accepts[1].supplied).toEqual(accepts[0].supplied);
    // a retry of the same application is the same request (the server answers the same case)
    expect(accepts[0].requestId).toBe(accepts[1].requestId);
    expect(confirms).toEqual(['确认受理', '确认受理']);
    // 受理 removed the draft
    expect(Object.keys(localStorage).filter((k) => k.indexOf('lianban.draft.') === 0)).toEqual([]);
  });

  it('keeps what was typed as a draft per clerk and bundle: reopened with 已恢复未提交的草稿, 清除 empties it, logout clears every draft', async () => {
    server.routes['GET /api/bundles'] = () => ({ json: { bundles: [{ id: 'birth', version: 1, name: '新生儿出生一件事', description: '一次申请', items: [{ id: 'birthCertificate', name: '出生医学证明' }] }] } });
    server.routes['GET /api/bundles/birth/form'] = () => ({ json: FORM });
    server.routes['POST /api/cases'] = () => ({ status: 503, json: { code: 'STORE_UNAVAILABLE', message: '存储暂不可用，请稍后重试' } });
    let m = render(h(IntakePage, {}), CLERK);
    click(await waitForTestId('bundle-birth'));
    await waitForTestId('page-intake-form');
    expect(byTestId('draft-restored')).toBeNull();
    type(byTestId('field-babyName') as HTMLElement, '王小宝');
    await tick();
    type(byTestId('field-motherIdNumber') as HTMLElement, '330212199304150421');
    await tick();
    click(byTestId('optional-maternityReimbursement') as HTMLElement);
    await tick();
    // the server is out: the form stays as it was, and so does the draft
    click(byTestId('accept') as HTMLElement);
    await waitForTestId('intake-error');
    const firstId = (server.requests.filter((r) => r.path === '/api/cases')[0].json() as { requestId: string }).requestId;
    m.unmount();

    // back on 受理 (a reload, a tab switch): the latest draft's bundle opens with everything typed
    m = render(h(IntakePage, {}), CLERK);
    unmount = m.unmount;
    await waitForTestId('draft-restored');
    expect(byTestId('draft-restored')?.textContent).toContain('已恢复未提交的草稿');
    expect((byTestId('field-babyName') as HTMLInputElement).value).toBe('王小宝');
    expect((byTestId('field-motherIdNumber') as HTMLInputElement).value).toBe('330212199304150421');
    expect((byTestId('optional-maternityReimbursement') as HTMLInputElement).checked).toBe(true);
    // the replay is the same request
    click(byTestId('accept') as HTMLElement);
    await waitFor(() => server.requests.filter((r) => r.path === '/api/cases').length === 2, 'second accept');
    expect((server.requests.filter((r) => r.path === '/api/cases')[1].json() as { requestId: string }).requestId).toBe(firstId);
    // another clerk on the device sees none of it
    expect(Object.keys(localStorage).filter((k) => k.indexOf('lianban.draft.clerk1.birth') === 0)).toHaveLength(1);

    click(byTestId('draft-clear') as HTMLElement);
    await waitFor(() => !byTestId('draft-restored'), 'notice gone');
    expect((byTestId('field-babyName') as HTMLInputElement).value).toBe('');
    expect(Object.keys(localStorage).filter((k) => k.indexOf('lianban.draft.') === 0)).toEqual([]);

    saveDraft('clerk1', 'birth', { values: { babyName: 'x' }, optional: [], requestId: 'r1', savedAt: Date.now() });
    saveDraft('clerk2', 'death', { values: { x: 'y' }, optional: [], requestId: 'r2', savedAt: Date.now() });
    clearDrafts();
    expect(Object.keys(localStorage).filter((k) => k.indexOf('lianban.draft.') === 0)).toEqual([]);
  });

  it('asks before the router leaves a form with changes, and stays when the clerk says no', async () => {
    location.hash = '#/intake';
    let answer = false;
    const asked: string[] = [];
    const Probe = () => h('div', { 'data-testid': 'probe' }, useHash());
    render(h(Probe, {}), CLERK);
    await waitFor(() => byTestId('probe')?.textContent === '#/intake', 'start');
    await new Promise((r) => setTimeout(r, 150)); // preact runs effects (the hashchange listener) after paint
    const unguard = setLeaveGuard(async () => {
      asked.push(location.hash);
      return answer;
    });
    navigate('/todo');
    await waitFor(() => asked.length === 1, 'asked');
    await tick();
    expect(location.hash).toBe('#/intake');
    expect(byTestId('probe')?.textContent).toBe('#/intake');
    answer = true;
    navigate('/todo');
    await waitFor(() => byTestId('probe')?.textContent === '#/todo', 'left');
    expect(location.hash).toBe('#/todo');
    // the guard is gone once left; a query change on the same page is never asked
    navigate('/intake');
    await waitFor(() => byTestId('probe')?.textContent === '#/intake', 'no guard');
    expect(asked).toHaveLength(2);
    unguard();
  });
});

describe('办件进度', () => {
  it('draws the bundle graph with each sub-task state, and lists the departments', async () => {
    const st = (itemId: string, itemName: string, state: string) => ({ itemId, itemName, required: true, district: '330212', districtName: '鄞州区', department: 'd', departmentName: '部门' + itemId, state, stateLabel: state, clockLevel: 'normal', dueDate: '2030-01-05', deliveries: {} });
    server.routes['GET /api/cases/C1'] = () => ({ json: { case: { id: 'C1', bundleId: 'birth', bundleVersion: 1, bundleName: '新生儿出生一件事', state: 'accepted', stateLabel: '办理中', acceptingDistrict: '330212', acceptedAt: '2030-01-02T02:00:00Z', due: { date: '2030-01-09', provisional: false }, subjects: [{ role: 'mother', label: '母亲', maskedId: '3302**********0421' }], withdrawal: null, subTasks: [st('a', '出生医学证明', 'done'), st('b', '户口登记', 'claimed')] } } });
    server.routes['GET /api/cases/C1/timeline'] = () => ({ json: { events: [] } });
    server.routes['GET /api/bundles/birth/form'] = () => ({ json: { graph: { items: [{ id: 'a', name: '出生医学证明', dependsOn: [] }, { id: 'b', name: '户口登记', dependsOn: ['a'] }, { id: 'c', name: '生育医疗费用报销', dependsOn: ['a'] }] } } });
    render(h(CasePage, { params: { caseId: 'C1' }, query: {} }), CLERK);
    const graph = await waitForTestId('case-graph');
    expect(byTestId('graph-node-a', graph)?.getAttribute('data-state')).toBe('done');
    expect(byTestId('graph-node-b', graph)?.getAttribute('data-state')).toBe('claimed');
    expect(byTestId('graph-node-c', graph)?.getAttribute('data-state')).toBe('none');
    expect(graph.querySelectorAll('path[marker-end]').length).toBe(2);
    expect(byTestId('case-progress')?.textContent).toBe('1 / 2 项已办结');
    expect(document.body.textContent).toContain('母亲 3302**********0421');
    // the graph of the version the case pinned, not of today's version
    expect(server.requests.find((r) => r.path === '/api/bundles/birth/form')?.query.get('version')).toBe('1');
  });

  it('says so when the graph could not be loaded, lists the departments anyway, and 重试 draws it', async () => {
    let formCalls = 0;
    server.routes['GET /api/cases/C3'] = () => ({ json: { case: { id: 'C3', bundleId: 'birth', bundleVersion: 1, bundleName: '新生儿出生一件事', state: 'accepted', stateLabel: '办理中', acceptingDistrict: '330212', acceptedAt: '2030-01-02T02:00:00Z', due: { date: '2030-01-09', provisional: false }, subjects: [], withdrawal: null, subTasks: [] } } });
    server.routes['GET /api/cases/C3/timeline'] = () => ({ json: { events: [] } });
    server.routes['GET /api/bundles/birth/form'] = () => {
      formCalls++;
      return formCalls <= 3 ? { status: 400, json: { code: 'VALIDATION_FAILED', message: '参数无效' } } : { json: { graph: { items: [{ id: 'a', name: '出生医学证明', dependsOn: [] }] } } };
    };
    render(h(CasePage, { params: { caseId: 'C3' }, query: {} }), CLERK);
    await waitForTestId('graph-failed');
    expect(byTestId('case-graph')).toBeNull();
    formCalls = 3;
    click(byTestId('graph-retry') as HTMLElement);
    await waitForTestId('case-graph');
    expect(byTestId('graph-failed')).toBeNull();
  });

  it('the accepting window withdraws a running case with a reason, on the version it saw', async () => {
    let state = 'accepted';
    server.routes['GET /api/cases/C2'] = () => ({ json: { case: { id: 'C2', bundleId: 'birth', bundleVersion: 1, bundleName: '新生儿出生一件事', state, stateLabel: state, acceptingDistrict: '330212', acceptedAt: '2030-01-02T02:00:00Z', due: { date: '2030-01-09', provisional: false }, subjects: [], withdrawal: state === 'withdrawn' ? { reason: '申请人撤回申请' } : null, subTasks: [], version: 4 } } });
    server.routes['GET /api/cases/C2/timeline'] = () => ({ json: { events: [] } });
    server.routes['POST /api/cases/C2/withdraw'] = () => {
      state = 'withdrawn';
      return { json: { case: {} } };
    };
    render(h(CasePage, { params: { caseId: 'C2' }, query: {} }), CLERK);
    click(await waitForTestId('withdraw'));
    const sheet = await waitForTestId('form-sheet');
    type(byTestId('field-reason', sheet) as HTMLElement, '申请人撤回申请');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => byTestId('page-case')?.getAttribute('data-state') === 'withdrawn', 'withdrawn');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ reason: '申请人撤回申请', expectedVersion: 4 });
    expect(byTestId('withdraw')).toBeNull();
    expect(document.body.textContent).toContain('申请人撤回申请');
  });

  it('puts each item one column right of the latest item it depends on', () => {
    expect(layers([
      { id: 'x', name: '', dependsOn: ['y'] },
      { id: 'y', name: '', dependsOn: [] },
      { id: 'z', name: '', dependsOn: ['x', 'y'] },
      { id: 'w', name: '', dependsOn: ['w2'] },
    ])).toEqual({ x: 1, y: 0, z: 2, w: 0 });
  });
});

describe('督办', () => {
  it('shows the district counts and workload, lists overdue items, and 催办 sends an urge on the current version', async () => {
    const SUPERVISOR: Staff = { id: 'sup1', name: '周督办', roles: ['supervisor'] };
    server.routes['GET /api/supervision/overview'] = () => ({
      json: { district: '330212', counts: { running: 5, warning: 1, overdue: 2, doneOnTime: 7, doneLate: 1 }, byDepartment: [{ department: 'yinzhou-police', departmentName: '鄞州公安分局', running: 3, warning: 1, overdue: 1, doneOnTime: 3, doneLate: 1 }] },
    });
    server.routes['GET /api/queues/overdue'] = (req) => ({
      json: { items: req.query.get('level') === 'overdue' ? [queueItem('householdRegistration', 'overdue', -1)] : [], nextCursor: null, counts: { mine: 0, department: 0, warning: 1, overdue: 2 } },
    });
    server.routes['GET /api/subtasks/C1/householdRegistration'] = () => ({ json: { ...DETAIL, subTask: { ...VIEW, itemId: 'householdRegistration', version: 9 } } });
    server.routes['POST /api/subtasks/C1/householdRegistration/actions'] = () => ({ json: { subTask: VIEW } });
    render(h(SupervisePage, {}), SUPERVISOR);
    await waitFor(() => byTestId('overview-running')?.textContent === '5', 'overview');
    expect(byTestId('overview-overdue')?.textContent).toBe('2');
    expect(byTestId('workload')?.textContent).toContain('按时率 75%');
    click(await waitForTestId('urge-C1-householdRegistration'));
    const sheet = await waitForTestId('form-sheet');
    type(byTestId('field-text', sheet) as HTMLElement, '已超期，请今日办结');
    await tick();
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.method === 'POST'), 'urge sent');
    expect(server.requests.find((r) => r.method === 'POST')?.json()).toEqual({ command: { type: 'urge', text: '已超期，请今日办结' }, expectedVersion: 9 });
    expect(server.requests.filter((r) => r.path === '/api/queues/overdue')[0].query.get('level')).toBe('overdue');
    await waitFor(() => toasts.indexOf('已催办') >= 0, 'toast');
  });
});

describe('个人档案', () => {
  it('searches only with a valid ID number and a purpose, sends both, and shows masked results', async () => {
    const first17 = '33021219930415042';
    const { idCheckDigit } = await import('../../../functions/core/idNumber');
    const id = first17 + idCheckDigit(first17);
    let allowed = true;
    server.routes['POST /api/archive/search'] = () =>
      allowed
        ? { json: { subject: 'h1', person: { maskedId: '3302**********0421' }, cases: [{ caseId: 'C1', bundleName: '新生儿出生一件事', stateLabel: '已办结' }], materials: [{ caseId: 'C1', itemId: 'birthCertificate', type: 'birthMedicalCertificate', name: '出生医学证明', signedBy: ['s1'], seal: { id: 'x', name: '鄞州妇幼审批专用章', keyId: 'k' }, signedAt: '2030-01-02T03:00:00Z', fields: { motherIdNumber: '3302**********0421' }, signatureValid: true }] } }
        : { status: 403, json: { code: 'FORBIDDEN', message: '无权执行此操作：只有窗口人员或审计人员可以查阅个人档案' } };
    render(h(ArchivePage, {}), CLERK);
    const go = (await waitForTestId('archive-search')) as HTMLButtonElement;
    type(byTestId('field-archiveId') as HTMLElement, id);
    await tick();
    expect(go.disabled).toBe(true); // no purpose yet
    type(byTestId('archive-purpose') as HTMLElement, '窗口办件核验');
    await tick();
    expect(go.disabled).toBe(false);
    click(go);
    const result = await waitForTestId('archive-result');
    expect(server.requests.find((r) => r.path === '/api/archive/search')?.json()).toEqual({ idNumber: id, purpose: '窗口办件核验' });
    expect(result.textContent).toContain('3302**********0421');
    expect(result.textContent).not.toContain(id);
    expect(result.querySelectorAll('[data-testid="archive-material"]').length).toBe(1);
    expect(result.textContent).toContain('验签通过');
    expect(result.textContent).toContain('查阅用途：窗口办件核验（已记录）');
    // the ID number does not stay on screen after the search
    expect((byTestId('field-archiveId') as HTMLInputElement).value).toBe('');

    allowed = false;
    type(byTestId('field-archiveId') as HTMLElement, id);
    await tick();
    click(byTestId('archive-search') as HTMLElement);
    const error = await waitForTestId('archive-error');
    expect(error.textContent).toContain('只有窗口人员或审计人员可以查阅个人档案');
    expect(byTestId('archive-result')).toBeNull();
  });
});
