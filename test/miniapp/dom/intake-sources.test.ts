// @vitest-environment happy-dom
/**
 * Ask once on the intake page: after the pre-check each intake material says where it comes from — a material
 * lianban holds says 已有电子证照，无需提交（来自办件 …） and is not in the notice; the others are the applicant's.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { IntakePage } from '../../../miniapp/pages/intake';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, waitFor, waitForTestId } from './helpers';

let server: TestServer;
let unmount: (() => void) | undefined;
const platform: Platform = {
  name: 'local',
  ready: async () => undefined,
  getAuthCode: async () => ({ platform: 'local', code: 'x' }),
  pickContact: async () => [],
  toast: async () => undefined,
  confirm: async () => true,
  setTitle: async () => undefined,
  openLink: async () => undefined,
  previewImage: async () => undefined,
  pickFiles: async () => [], fileBlob: async () => new Blob([]),
};
const CLERK: Staff = { id: 'clerk1', name: '陈窗口', districtCode: '330212', roles: ['clerk'] };

const FORM = {
  form: {
    bundleId: 'completionAcceptance', bundleVersion: 1, title: '竣工联合验收一件事一表申请', items: [{ id: 'planningVerification', name: '规划核实', required: true }],
    optionalItems: [],
    fields: [{ key: 'projectName', label: '项目名称', type: 'text', required: true, usedBy: ['planningVerification'] }],
  },
  bundle: { id: 'completionAcceptance', version: 1, name: '竣工联合验收一件事' },
  graph: { items: [{ id: 'planningVerification', name: '规划核实', dependsOn: [] }] },
  materials: [
    { id: 'planningPermit', name: '建设工程规划许可证（电子证照）', fields: [{ key: 'permitNumber', label: '证书编号', type: 'text', required: true }] },
    { id: 'asBuiltDrawings', name: '竣工图', fields: [{ key: 'drawingSetNumber', label: '图纸编号', type: 'text', required: true }] },
  ],
};
const NOTICE = {
  ok: false, bundleId: 'completionAcceptance', bundleVersion: 1, checkedAt: '2030-01-01T00:00:00Z',
  issues: [{ field: 'materials.asBuiltDrawings', code: 'MISSING_MATERIAL', message: '请提交材料：竣工图' }],
  text: '一次性告知书',
  materials: [
    { material: 'planningPermit', name: '建设工程规划许可证（电子证照）', source: 'archive', caseId: 'yinzhou-20300101-0001', itemId: 'planningApproval' },
    { material: 'asBuiltDrawings', name: '竣工图', source: 'applicant' },
  ],
};

beforeAll(async () => {
  server = await startServer({});
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
  document.body.innerHTML = '';
});

describe('受理 · 材料来源', () => {
  it('says per material whether lianban holds it (the source case) or the applicant brings it; the notice lists only the latter', async () => {
    server.routes['GET /api/bundles'] = () => ({ json: { bundles: [{ id: 'completionAcceptance', version: 1, name: '竣工联合验收一件事', description: '', items: [] }] } });
    server.routes['GET /api/bundles/completionAcceptance/form'] = () => ({ json: FORM });
    server.routes['POST /api/intake/precheck'] = () => ({ json: { notice: NOTICE } });
    const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
    unmount = mount(h(AppContext.Provider, { value: { api, platform, staff: CLERK, logout: () => undefined } }, h(IntakePage, {}))).unmount;
    click(await waitForTestId('bundle-completionAcceptance'));
    await waitForTestId('page-intake-form');
    expect(byTestId('material-source-planningPermit'), 'nothing before the pre-check').toBeNull();
    click(byTestId('precheck') as HTMLElement);
    const held = await waitForTestId('material-source-planningPermit');
    expect(held.textContent).toBe('已有电子证照，无需提交（来自办件 yinzhou-20300101-0001）');
    expect(byTestId('material-planningPermit')?.contains(held)).toBe(true);
    expect(byTestId('material-source-asBuiltDrawings')?.textContent).toBe('由申请人提交');
    const issues = await waitFor(() => document.querySelectorAll('[data-testid="notice-issue"]').length === 1 && document.querySelectorAll('[data-testid="notice-issue"]'), 'notice');
    expect([...issues].map((i) => i.textContent)).toEqual(['请提交材料：竣工图']);
  });
});
