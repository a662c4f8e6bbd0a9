// @vitest-environment happy-dom
/**
 * 审计记录 in a DOM against a recording server answering GET /api/audit/cases/:caseId: the chain's
 * verification said plainly (通过, or from which record on it fails), every record in names — the
 * department, the receiving item, the materials and fields — never the codes the records hold.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { AuditTrailPage } from '../../../miniapp/pages/audit';
import type { Platform } from '../../../miniapp/platform/types';
import { startServer, type TestServer } from '../support/server';
import { byTestId, mount, waitForTestId } from './helpers';

let server: TestServer;
let unmount: (() => void) | undefined;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => unmount?.());

const record = (seq: number) => ({
  caseId: 'yinzhou-20261207-0001', seq, at: '2026-12-07T03:38:00.000Z', action: 'share',
  actor: { id: 'yinzhou-hospital1-signer1', name: '郑丽华', department: 'yinzhou-hospital1', district: '330212' },
  recipient: { department: 'yinzhou-police', district: '330212', itemId: 'householdRegistration' },
  subjects: ['h1', 'h2'], data: ['birthCertificate:babyName,babySex'], purpose: '核验出生医学证明', prevHash: 'p', hash: 'x',
});
const names = {
  bundle: '新生儿出生一件事',
  departments: { 'yinzhou-hospital1': '宁波市鄞州区妇幼保健院', 'yinzhou-police': '宁波市公安局鄞州分局' },
  districts: { '330212': '鄞州区' },
  items: { householdRegistration: '户口登记（出生登记）' },
  materials: { birthCertificate: '出生医学证明' },
  fields: { 'birthCertificate.babyName': '新生儿姓名', 'birthCertificate.babySex': '性别' },
};

function show(trail: unknown) {
  server.routes['GET /api/audit/cases/yinzhou-20261207-0001'] = () => ({ json: trail });
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const staff = { id: 'yinzhou-serviceCenter-auditor1', name: '审计员', roles: ['auditor'] };
  const m = mount(
    h(AppContext.Provider, { value: { api, platform: {} as unknown as Platform, staff, logout: () => undefined } },
      h(AuditTrailPage, { params: { caseId: 'yinzhou-20261207-0001' }, query: {} })),
  );
  unmount = m.unmount;
}

describe('审计记录', () => {
  it('a verified chain: 校验通过 and each record in names, not codes', async () => {
    show({ records: [record(1), record(2)], chainValid: true, names });
    const page = await waitForTestId('page-audit');
    expect(page.getAttribute('data-valid')).toBe('true');
    expect(byTestId('audit-chain')?.textContent).toContain('审计链校验通过');
    const text = page.textContent ?? '';
    for (const name of ['郑丽华', '宁波市鄞州区妇幼保健院', '宁波市公安局鄞州分局', '户口登记（出生登记）', '出生医学证明：新生儿姓名、性别', '材料共享']) expect(text).toContain(name);
    expect(text).not.toMatch(/yinzhou-hospital1|yinzhou-police|householdRegistration|babyName|2026-12-07T/);
  });

  it('a broken chain: said plainly, from which record on, and those records marked', async () => {
    show({ records: [record(1), record(2), record(3)], chainValid: false, brokenAt: 2, names });
    const page = await waitForTestId('page-audit');
    expect(page.getAttribute('data-valid')).toBe('false');
    expect(byTestId('audit-chain')?.textContent).toContain('审计链校验未通过：自第 2 条记录起');
    const tags = [...page.querySelectorAll('[data-testid="audit-record"]')].map((r) => r.textContent ?? '');
    expect(tags.map((t) => t.includes('校验未通过'))).toEqual([false, true, true]);
  });
});
