// @vitest-environment happy-dom
/**
 * 电子档案 in a DOM against a recording server answering POST /api/archive/search: the clerk chooses 个人 / 企业 /
 * 项目, the number is checked in the browser with the core's rules (统一社会信用代码: fieldValue.ts; 项目代码:
 * projectCode.ts) before anything is sent, the matching body field is sent with the purpose, and an enterprise or a
 * project is shown by its name (its public code under it), its cases and signed materials listed.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { ArchivePage } from '../../../miniapp/pages/archive';
import type { Platform } from '../../../miniapp/platform/types';
import { startServer, type TestServer } from '../support/server';
import { blur, byTestId, click, mount, type, waitForTestId } from './helpers';

const CREDIT_CODE = '91330212MA2H3K5P7G';
const PROJECT_CODE = '2025-330212-34-03-012345';
const ENTERPRISE = '宁波示例精密机械有限公司';

let server: TestServer;
let unmount: (() => void) | undefined;
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
afterEach(() => {
  unmount?.();
  document.body.innerHTML = '';
});

function show() {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const staff = { id: 'yinzhou-serviceCenter-clerk1', name: '陈窗口', districtCode: '330212', roles: ['clerk'] };
  unmount = mount(h(AppContext.Provider, { value: { api, platform: {} as unknown as Platform, staff, logout: () => undefined } }, h(ArchivePage, {}))).unmount;
}

const answer = (kind: 'enterprise' | 'project', code: string, name: string) => ({
  json: {
    subject: 'a'.repeat(64), kind, person: { maskedId: code, name },
    cases: [{ caseId: '330212-20260302-0001', bundleId: 'completionAcceptance', bundleName: '竣工联合验收', role: kind, roleLabel: kind === 'enterprise' ? '建设单位' : '建设项目', state: 'accepted', stateLabel: '办理中', acceptedAt: '2026-03-02T02:00:00.000Z' }],
    materials: [{
      caseId: '330212-20260302-0001', itemId: 'housingAcceptance', type: 'housingAcceptanceOpinion', name: '住建单项验收意见', signedBy: ['s1'],
      seal: { id: 'x', name: '鄞州区住建局审批专用章', keyId: 'k' }, signedAt: '2026-03-02T03:00:00.000Z', fields: { projectCode: PROJECT_CODE }, labels: { projectCode: '项目代码' }, signatureValid: true,
    }],
  },
});

describe('电子档案 of an enterprise and a project', () => {
  it('企业: a wrong credit code is told under the field and nothing is sent; a valid one (lower case) is sent upper case; the enterprise shows by name', async () => {
    server.routes['POST /api/archive/search'] = () => answer('enterprise', CREDIT_CODE, ENTERPRISE);
    show();
    const go = (await waitForTestId('archive-search')) as HTMLButtonElement;
    click(byTestId('seg-enterprise') as HTMLElement);
    await tick();
    expect(byTestId('field-archiveId')).toBeNull();
    const input = byTestId('field-archiveCreditCode') as HTMLInputElement;
    type(byTestId('archive-purpose') as HTMLElement, '竣工验收办件核验');
    type(input, CREDIT_CODE.slice(0, 17) + '0');
    blur(input);
    await tick();
    expect(byTestId('field-error')?.textContent).toBe('校验位不正确，请核对');
    expect(go.disabled).toBe(true);
    click(go);
    await tick();
    expect(server.requests.filter((r) => r.path === '/api/archive/search')).toHaveLength(0);

    type(byTestId('field-archiveCreditCode') as HTMLElement, CREDIT_CODE.toLowerCase());
    await tick();
    expect(byTestId('field-error')).toBeNull();
    expect(go.disabled).toBe(false);
    click(go);
    const result = await waitForTestId('archive-result');
    expect(server.requests.find((r) => r.path === '/api/archive/search')?.json()).toEqual({ creditCode: CREDIT_CODE, purpose: '竣工验收办件核验' });
    const person = byTestId('archive-person') as HTMLElement;
    expect(person.textContent).toContain(ENTERPRISE);
    expect(person.textContent).toContain('企业');
    expect(byTestId('archive-code')?.textContent).toBe('统一社会信用代码 ' + CREDIT_CODE);
    expect(result.querySelectorAll('[data-testid="archive-case"]')[0].textContent).toContain('建设单位');
    expect(result.querySelectorAll('[data-testid="archive-material"]')[0].textContent).toContain('验签通过');
  });

  it('项目: a malformed project code is refused in the browser; full-width dashes are sent as plain ones; the project shows by name', async () => {
    server.routes['POST /api/archive/search'] = () => answer('project', PROJECT_CODE, '年产20万套精密零部件厂房项目');
    show();
    const go = (await waitForTestId('archive-search')) as HTMLButtonElement;
    click(byTestId('seg-project') as HTMLElement);
    await tick();
    type(byTestId('archive-purpose') as HTMLElement, '项目档案核验');
    const input = byTestId('field-archiveProjectCode') as HTMLInputElement;
    type(input, '2025-330212-34');
    blur(input);
    await tick();
    expect(byTestId('field-error')?.textContent).toContain('应为“年份-行政区划代码-行业代码-项目类型-流水号”');
    expect(go.disabled).toBe(true);

    type(input, PROJECT_CODE.replace(/-/g, '－'));
    await tick();
    expect(go.disabled).toBe(false);
    click(go);
    await waitForTestId('archive-result');
    expect(server.requests.find((r) => r.path === '/api/archive/search')?.json()).toEqual({ projectCode: PROJECT_CODE, purpose: '项目档案核验' });
    expect(byTestId('archive-person')?.textContent).toContain('年产20万套精密零部件厂房项目');
    expect(byTestId('archive-code')?.textContent).toBe('项目代码 ' + PROJECT_CODE);
  });

  it('switching kind clears the number typed for the other kind', async () => {
    show();
    await waitForTestId('archive-search');
    click(byTestId('seg-enterprise') as HTMLElement);
    await tick();
    type(byTestId('field-archiveCreditCode') as HTMLElement, CREDIT_CODE);
    click(byTestId('seg-person') as HTMLElement);
    await tick();
    expect((byTestId('field-archiveId') as HTMLInputElement).value).toBe('');
  });
});
