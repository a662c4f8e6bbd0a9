// @vitest-environment happy-dom
/**
 * 一件事配置 in a DOM against a recording server: the server's validation issues shown next to the control
 * their path names and in the summary; publish disabled while any remains and enabled once a change clears
 * them (debounced validate); save keeps the row version; a 409 says who saved when and keeps the edits
 * (copy mine, save mine over theirs); a refused publish shows the server's issues; the auditor reads only;
 * the list shows versions and states, copies to a draft, and an imported bad file lists its problems.
 */
import { h, type ComponentChild } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { BundleListPage } from '../../../miniapp/pages/admin/bundles';
import { BundleEditorPage } from '../../../miniapp/pages/admin/editor';
import type { Bundle } from '../../../miniapp/pages/admin/types';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, type, waitFor, waitForTestId } from './helpers';

const ADMIN: Staff = { id: 'ningbo-bigdata-admin1', name: '市管理员', districtCode: '330200', roles: ['admin'] };
const AUDITOR: Staff = { id: 'ningbo-audit1', name: '审计员', districtCode: '330200', roles: ['auditor'] };
const confirms: string[] = [];
const platform = {
  name: 'local',
  toast: async () => undefined,
  confirm: async (title: string) => {
    confirms.push(title);
    return true;
  },
} as unknown as Platform;

const DIRECTORY = {
  city: { code: '330200', name: '宁波市' },
  configurable: ['330212'],
  departmentKinds: [
    { id: 'police', name: '公安' },
    { id: 'hrss', name: '人力资源和社会保障' },
  ],
  districts: [{ code: '330212', name: '鄞州区', bundles: ['pets'] }],
};

function bundle(): Bundle {
  return {
    id: 'pets', version: 2, name: '养犬一件事', leadDepartment: 'police', promisedDays: 5,
    fields: [{ key: 'ownerId', label: '犬主身份证号', type: 'idNumber', required: true }],
    materials: [{ id: 'dogLicence', name: '养犬登记证', fields: [{ key: 'number', label: '编号', type: 'text' }] }],
    intakeMaterials: [],
    items: [
      { id: 'register', name: '养犬登记', department: 'police', routing: { by: 'accepting' }, required: true, fields: ['ownerId'], inputs: [], outputs: ['dogLicence'], timeLimitDays: 3, warnRemainingDays: 1, countersign: false },
      { id: 'vaccine', name: '', department: 'hrss', routing: { by: 'accepting' }, required: true, fields: [], inputs: [{ material: 'dogLicence', fields: ['number'], purpose: '核对登记' }], outputs: [], timeLimitDays: 2, warnRemainingDays: 1, countersign: false },
    ],
    eligibility: [], subjects: [{ role: 'owner', label: '犬主', source: 'form', idField: 'ownerId' }],
  };
}

const ISSUES = [
  { field: 'items.1.name', code: 'MINLENGTH', message: '不能为空' },
  { field: 'promisedDays', code: 'PROMISE_TOO_SHORT', message: '承诺时限 1 个工作日短于必办事项关键路径 5 个工作日' },
  { field: 'subjects', code: 'MINITEMS', message: '不符合要求' },
];

/** A version view as the server answers it: `{bundleId, version, rowVersion, doc, issues, graph, current}`. */
const doc = (b: Bundle, rowVersion: number) => ({
  bundleId: b.id,
  version: b.version,
  rowVersion,
  doc: { bundle: b, state: 'draft', scope: null, validFrom: null, copiedFrom: 1, updatedBy: { id: 'ningbo-bigdata-admin1', name: '市管理员' }, updatedAt: '2026-12-06T08:00:00Z' },
  graph: { items: [] },
  current: false,
});

let server: TestServer;
let unmount: (() => void) | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  for (const k of Object.keys(server.routes)) delete server.routes[k];
  server.requests.length = 0;
  confirms.length = 0;
  location.hash = '';
});

function render(vnode: ComponentChild, staff: Staff = ADMIN) {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  unmount = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, vnode)).unmount;
}

const V = '/api/admin/bundles/pets/versions/2';
const tick = () => new Promise((r) => setTimeout(r, 0));
const sent = (method: string, path: string) => server.requests.filter((r) => r.method === method && r.path === path);
const editor = () => h(BundleEditorPage, { params: { bundleId: 'pets', version: '2' }, query: {} });
const publishButton = () => byTestId('publish') as HTMLButtonElement;

function serveEditor(issues = ISSUES) {
  server.routes['GET /api/admin/directory'] = () => ({ json: DIRECTORY });
  server.routes['GET ' + V] = () => ({ json: { ...doc(bundle(), 7), issues } });
}

describe('the bundle editor', () => {
  it('shows each issue next to the control its path names and in the summary; publish waits until none is left', async () => {
    serveEditor();
    server.routes['POST /api/admin/bundles/pets/validate'] = (req) => {
      const b = (req.json() as { bundle: Bundle }).bundle;
      return { json: { issues: b.items[1].name ? [] : [ISSUES[0]] } };
    };
    render(editor());
    await waitForTestId('page-bundle-editor');
    // next to the control: inside the second item, under its name input; 承诺时限 under the basics
    const item = byTestId('item-1') as HTMLElement;
    expect((byTestId('issue-items.1.name', item) as HTMLElement).textContent).toBe('不能为空');
    expect(byTestId('issue-items.1.name', item)?.parentElement?.querySelector('[data-testid="item-1-name"]')).not.toBeNull();
    expect((byTestId('issue-promisedDays', byTestId('section-basics') as HTMLElement) as HTMLElement).textContent).toContain('关键路径');
    // the summary says where, in words
    const summary = byTestId('issue-summary') as HTMLElement;
    expect(summary.textContent).toContain('待修正（3）');
    // the schema's bare 不符合要求 for an empty list says what is missing
    expect((byTestId('section-subjects') as HTMLElement).textContent).toContain('至少添加一个档案主体');
    expect(summary.textContent).toContain('事项 2「vaccine」 · 名称：不能为空');
    expect(summary.textContent).toContain('承诺时限：承诺时限 1 个工作日');
    expect(publishButton().disabled).toBe(true);
    // a change is checked by the server a moment later; the issue it clears leaves the screen
    type(byTestId('item-1-name') as HTMLElement, '犬只免疫');
    await waitFor(() => sent('POST', '/api/admin/bundles/pets/validate').length === 1, 'validate sent');
    await waitFor(() => !byTestId('issue-items.1.name'), 'name issue gone');
    expect(sent('POST', '/api/admin/bundles/pets/validate')[0].json()).toMatchObject({ bundle: { items: [{ id: 'register' }, { name: '犬只免疫' }] } });
    // nothing left: publish may go
    await waitFor(() => !publishButton().disabled, 'publish enabled');
    expect(byTestId('issue-summary')).toBeNull();
  });

  it('publish saves first with the row version, then publishes from the chosen date; a refusal shows its issues', async () => {
    serveEditor([]);
    server.routes['POST /api/admin/bundles/pets/validate'] = () => ({ json: { issues: [] } });
    server.routes['PUT ' + V] = (req) => {
      const body = req.json() as { bundle: Bundle; expectedRowVersion: number };
      return { json: { ...doc(body.bundle, body.expectedRowVersion + 1), issues: [] } };
    };
    server.routes['POST ' + V + '/publish'] = () => ({
      status: 422,
      json: { code: 'BUNDLE_INVALID', message: '一件事配置有误，不能发布', issues: [{ field: 'items.0.department', code: 'MISSING_DEPARTMENT', message: '鄞州区没有事项「养犬登记」所需的部门（公安）' }] },
    });
    render(editor());
    await waitForTestId('page-bundle-editor');
    type(byTestId('bundle-name') as HTMLElement, '文明养犬一件事');
    await waitFor(() => sent('POST', '/api/admin/bundles/pets/validate').length === 1, 'validate sent');
    await waitFor(() => !publishButton().disabled, 'publish enabled after the check');
    type(byTestId('valid-from') as HTMLElement, '2099-01-01');
    await tick();
    click(publishButton());
    await waitFor(() => sent('POST', V + '/publish').length === 1, 'publish sent');
    expect(sent('PUT', V)[0].json()).toMatchObject({ expectedRowVersion: 7, bundle: { name: '文明养犬一件事' } });
    expect(sent('POST', V + '/publish')[0].json()).toEqual({ validFrom: '2099-01-01', expectedRowVersion: 8 });
    expect(confirms).toEqual(['发布']);
    expect((await waitForTestId('editor-error')).textContent).toBe('一件事配置有误，不能发布');
    expect((byTestId('issue-items.0.department', byTestId('item-0') as HTMLElement) as HTMLElement).textContent).toContain('所需的部门（公安）');
    expect(publishButton().disabled).toBe(true);
  });

  it('a 409 on save names who saved when and keeps the edits; 复制我的修改 and 以我的修改保存 lose nothing', async () => {
    serveEditor([]);
    server.routes['POST /api/admin/bundles/pets/validate'] = () => ({ json: { issues: [] } });
    let saves = 0;
    server.routes['PUT ' + V] = (req) => {
      saves++;
      const body = req.json() as { bundle: Bundle; expectedRowVersion: number };
      if (saves === 1) return { status: 409, json: { code: 'CONFLICT', message: '草稿已被 鄞州管理员 于 12月6日 16:05 保存，请先查看对方的修改' } };
      return { json: { ...doc(body.bundle, 10), issues: [] } };
    };
    render(editor());
    await waitForTestId('page-bundle-editor');
    type(byTestId('item-0-name') as HTMLElement, '犬只登记（含芯片）');
    await tick();
    click(byTestId('save') as HTMLElement);
    const banner = await waitForTestId('conflict');
    expect(banner.textContent).toContain('草稿已被 鄞州管理员 于 12月6日 16:05 保存');
    expect(banner.textContent).toContain('您的修改仍在本页，未丢失');
    expect((byTestId('publish-hint') as HTMLElement).textContent).toBe('保存冲突：请先在下方选择如何处理');
    expect((byTestId('item-0-name') as HTMLInputElement).value).toBe('犬只登记（含芯片）');
    expect(publishButton().disabled).toBe(true);
    click(byTestId('conflict-copy') as HTMLElement);
    expect((await waitForTestId('conflict-copy-text') as HTMLTextAreaElement).value).toContain('犬只登记（含芯片）');
    // theirs is row 9 now: mine goes over it with that row version
    server.routes['GET ' + V] = () => ({ json: { ...doc(bundle(), 9), issues: [] } });
    click(byTestId('conflict-overwrite') as HTMLElement);
    await waitFor(() => !byTestId('conflict'), 'conflict resolved');
    expect(sent('PUT', V).map((r) => (r.json() as { expectedRowVersion: number }).expectedRowVersion)).toEqual([7, 9]);
    expect((sent('PUT', V)[1].json() as { bundle: Bundle }).bundle.items[0].name).toBe('犬只登记（含芯片）');
    expect((byTestId('save') as HTMLElement).textContent).toBe('已保存');
  });

  it('放弃草稿 asks first and sends the row version', async () => {
    serveEditor([]);
    server.routes['POST ' + V + '/discard'] = () => ({ json: { ok: true } });
    render(editor());
    // an unsaved change goes with the draft
    type(await waitForTestId('bundle-name'), '改了一半');
    await tick();
    click(await waitForTestId('discard'));
    await waitFor(() => sent('POST', V + '/discard').length === 1, 'discard sent');
    expect(confirms).toEqual(['放弃草稿']);
    expect(sent('POST', V + '/discard')[0].json()).toEqual({ expectedRowVersion: 7 });
    await waitFor(() => location.hash === '#/admin/bundles', 'back to the list');
  });

  it('a published version is read only; 停用此版本 asks the reason and sends it with the row version', async () => {
    server.routes['GET /api/admin/directory'] = () => ({ json: DIRECTORY });
    const published = () => ({ ...doc(bundle(), 7), issues: [] });
    server.routes['GET ' + V] = () => {
      const r = published();
      return { json: { ...r, doc: { ...r.doc, state: 'published', validFrom: '2026-12-01' } } };
    };
    server.routes['POST ' + V + '/retire'] = () => {
      const r = published();
      return { json: { ...r, rowVersion: 8, doc: { ...r.doc, state: 'retired', validFrom: '2026-12-01' } } };
    };
    render(editor());
    await waitForTestId('page-bundle-editor');
    expect(byTestId('publish')).toBeNull();
    expect((byTestId('bundle-name') as HTMLInputElement).disabled).toBe(true);
    click(byTestId('retire') as HTMLElement);
    type(await waitForTestId('field-reason'), '政策调整，改由新版本受理');
    await tick();
    click(byTestId('sheet-ok') as HTMLElement);
    await waitFor(() => (byTestId('editor-state') as HTMLElement).textContent === '已停用', 'retired');
    expect(sent('POST', V + '/retire')[0].json()).toEqual({ reason: '政策调整，改由新版本受理', expectedRowVersion: 7 });
    expect(byTestId('retire')).toBeNull();
    expect(byTestId('copy-to-draft')).not.toBeNull();
  });

  it('the auditor sees the version read only: no save, no publish', async () => {
    serveEditor();
    render(editor(), AUDITOR);
    await waitForTestId('page-bundle-editor');
    expect(byTestId('publish')).toBeNull();
    expect(byTestId('save')).toBeNull();
    expect((byTestId('bundle-name') as HTMLInputElement).disabled).toBe(true);
    expect(byTestId('add-item')).toBeNull();
  });

  it('draws the graph: who feeds whom, with department names', async () => {
    serveEditor([]);
    render(editor());
    await waitForTestId('editor-graph');
    expect(byTestId('graph-edge-register-vaccine')).not.toBeNull();
    const graph = byTestId('editor-graph') as HTMLElement;
    expect(graph.textContent).toContain('公安');
    expect(graph.textContent).toContain('人力资源和社会保障');
    expect(graph.textContent).toContain('养犬登记 → vaccine：养犬登记证');
    // the one material the required items read is issued by 养犬登记: nothing asked from the applicant
    expect(byTestId('editor-sources')?.textContent).toBe('必办事项所需材料：向申请人收取 0 份 / 共需 1 份（各部门分别收取需 1 份）');
  });
});

describe('diff and dry run', () => {
  it('变更对比 lists the changes against the copied version by part, before → after', async () => {
    serveEditor([]);
    server.routes['GET ' + V + '/diff'] = () => ({
      json: {
        bundleId: 'pets', version: 2, against: 1,
        changes: [
          { section: 'item', change: 'added', path: 'items.vaccine', label: '事项「犬只免疫」', before: null, after: {} },
          { section: 'item', change: 'changed', path: 'items.register.timeLimitDays', label: '事项「养犬登记」· 承诺时限（工作日）', before: 5, after: 3 },
          { section: 'field', change: 'removed', path: 'fields.ownerPhone', label: '字段「犬主电话」', before: {}, after: null },
        ],
      },
    });
    render(editor());
    click(await waitForTestId('seg-diff'));
    const diff = await waitForTestId('diff');
    expect(diff.textContent).toContain('与第 1 版相比');
    expect((byTestId('diff-added') as HTMLElement).textContent).toContain('新增 事项「犬只免疫」');
    expect((byTestId('diff-changed') as HTMLElement).textContent).toContain('承诺时限（工作日）：5 → 3');
    expect((byTestId('diff-removed') as HTMLElement).textContent).toContain('删除 字段「犬主电话」');
  });

  it('试运行 sends the sample form and shows departments and districts by name, due dates and what to bring', async () => {
    serveEditor([]);
    server.routes['POST ' + V + '/dryrun'] = () => ({
      json: {
        notice: { ok: false, issues: [{ field: 'materials.dogPhoto', code: 'MISSING_MATERIAL', message: '请提交犬只照片' }] },
        routable: true,
        promisedDue: { date: '2026-12-14', provisional: false },
        materialsToBring: [{ id: 'dogPhoto', name: '犬只照片' }],
        materialSources: {
          materials: [
            { id: 'dogPhoto', name: '犬只照片', source: { kind: 'applicant' }, readBy: ['register', 'vaccine'] },
            { id: 'dogLicence', name: '养犬登记证', source: { kind: 'item', itemId: 'register', itemName: '养犬登记' }, readBy: ['vaccine'] },
          ],
          askedFromApplicant: 1,
          needed: 2,
          askedWithoutSharing: 3,
        },
        subTasks: [
          { itemId: 'register', name: '养犬登记', required: true, department: { id: 'yinzhou-police', name: '宁波市公安局鄞州分局' }, district: { code: '330212', name: '鄞州区' }, state: 'ready', waitsFor: [], limitDays: 3, startsAfterDays: 0, due: { date: '2026-12-10', provisional: false } },
          { itemId: 'vaccine', name: '犬只免疫', required: true, department: { id: 'yinzhou-hrss', name: '鄞州区人社局' }, district: { code: '330212', name: '鄞州区' }, state: 'waiting', waitsFor: ['register'], limitDays: 2, startsAfterDays: 3, due: { date: '2026-12-14', provisional: true } },
        ],
      },
    });
    render(editor());
    click(await waitForTestId('seg-dryrun'));
    type(await waitForTestId('field-ownerId'), '330212199304150424');
    await tick();
    click(byTestId('dryrun-run') as HTMLElement);
    const result = await waitForTestId('dryrun-result');
    expect(sent('POST', V + '/dryrun')[0].json()).toEqual({ values: { ownerId: '330212199304150424' }, chosenOptional: [], acceptingDistrict: '330212' });
    const cells = Array.from((byTestId('dryrun-task-register') as HTMLElement).querySelectorAll('td')).map((td) => Array.from(td.childNodes).map((n) => n.textContent).join(' / '));
    expect(cells).toEqual(['养犬登记', '宁波市公安局鄞州分局 / 鄞州区', '2026-12-10 / 3 个工作日']);
    expect((byTestId('dryrun-task-vaccine') as HTMLElement).textContent).toContain('待前置：养犬登记');
    expect((byTestId('dryrun-task-vaccine') as HTMLElement).textContent).toContain('2026-12-14（暂定）');
    expect((byTestId('dryrun-bring') as HTMLElement).textContent).toBe('犬只照片');
    const sources = (byTestId('dryrun-sources') as HTMLElement).textContent;
    expect(sources).toContain('向申请人收取 1 份 / 共需 2 份（各部门分别收取需 3 份）');
    expect(sources).toContain('养犬登记证：由「养犬登记」出具后共享');
    expect(sources).toContain('犬只照片：申请人提交（只收一次）');
    expect(result.textContent).toContain('请提交犬只照片');
  });
});

describe('the bundle list', () => {
  const LIST = {
    bundles: [
      {
        id: 'pets', name: '养犬一件事', scope: '330212', current: 1,
        versions: [
          { version: 1, state: 'published', validFrom: '2026-12-01', rowVersion: 3 },
          { version: 2, state: 'retired', validFrom: '2026-12-05', rowVersion: 4 },
        ],
      },
    ],
  };

  it('lists versions with their states and the one new cases get; copy makes a draft and opens it', async () => {
    server.routes['GET /api/admin/directory'] = () => ({ json: DIRECTORY });
    server.routes['GET /api/admin/bundles'] = () => ({ json: LIST });
    server.routes['POST /api/admin/bundles/pets/versions/1/copy'] = () => ({ status: 201, json: doc({ ...bundle(), version: 3 }, 1) });
    render(h(BundleListPage, {}));
    const card = await waitForTestId('bundle-pets');
    expect(card.textContent).toContain('鄞州区');
    expect((byTestId('current-pets') as HTMLElement).textContent).toBe('新受理的办件使用第 1 版');
    expect((byTestId('version-pets-1') as HTMLElement).textContent).toContain('已发布');
    expect((byTestId('version-pets-2') as HTMLElement).textContent).toContain('已停用');
    click(byTestId('copy-pets-1') as HTMLElement);
    await waitFor(() => location.hash === '#/admin/bundles/pets/3', 'the new draft opened');
  });

  it('an imported bad file lists its problems with their JSON paths', async () => {
    server.routes['GET /api/admin/directory'] = () => ({ json: DIRECTORY });
    server.routes['GET /api/admin/bundles'] = () => ({ json: { bundles: [] } });
    server.routes['POST /api/admin/bundles/import'] = () => ({
      status: 400,
      json: { code: 'BUNDLE_INVALID', message: '一件事配置有误', issues: [{ field: 'items.0.routing', code: 'BAD_ROUTING_FIELD', message: '事项「户籍登记」的分派字段 x 须为区类型' }] },
    });
    render(h(BundleListPage, {}));
    const input = (await waitForTestId('import-file')) as HTMLInputElement;
    const file = new File([JSON.stringify({ id: 'x', items: [] })], 'x.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const list = await waitForTestId('import-issues');
    expect(list.textContent).toContain('事项 1 · 分派规则：事项「户籍登记」的分派字段 x 须为区类型');
    expect((list.querySelector('code') as HTMLElement).textContent).toBe('items.0.routing');
    // the file itself is the body; a district's admin imports for their district
    expect(sent('POST', '/api/admin/bundles/import')[0].json()).toEqual({ id: 'x', items: [] });
    expect(sent('POST', '/api/admin/bundles/import')[0].query.get('scope')).toBe('330212');
  });
});
