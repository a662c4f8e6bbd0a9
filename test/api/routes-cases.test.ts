// The read and case routes through HTTP on the real service and tablestore-local: bundles and the
// one-table form, the case view and timeline, withdrawal (撤销) with its conflicts, queue pages with a
// cursor, hand-off contacts — and that no log line written meanwhile holds an ID or phone number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FATHER_ID, MOTHER_ID } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, birthValues, CLERK, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';
import { recordTrial } from '../support/reliability';

let h: RouteHarness;
let first: AcceptedCase;

beforeAll(async () => {
  h = await startRouteHarness();
  first = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('bundles and the one-table form', () => {
  it("lists the bundles the actor's district joined (北仑 has not joined 身后一件事)", async () => {
    const yinzhou = await h.call('GET', '/api/bundles', { token: h.token(CLERK) });
    expect(yinzhou.body.bundles.map((b: { id: string }) => b.id).sort()).toEqual([
      'adoption', 'birth', 'completionAcceptance', 'death', 'employment', 'marriageBirthHousehold', 'medical', 'preconstruction', 'property', 'retirement',
      'schoolEnrollment', 'veteran',
    ]);
    const beilun = await h.call('GET', '/api/bundles', { token: h.token('beilun-serviceCenter-clerk1') });
    expect(beilun.body.bundles.map((b: { id: string }) => b.id)).toEqual(['birth']);
  });

  it('the form grows with the chosen optional items; the graph names each dependency', async () => {
    const plain = await h.call('GET', '/api/bundles/birth/form', { token: h.token(CLERK) });
    const withOptional = await h.call('GET', '/api/bundles/birth/form?optional=maternityReimbursement', { token: h.token(CLERK) });
    const keys = (r: typeof plain) => r.body.form.fields.map((f: { key: string }) => f.key);
    expect(keys(plain)).not.toContain('motherBankAccount');
    expect(keys(withOptional)).toContain('motherBankAccount');
    expect(plain.body.form.fields.filter((f: { key: string }) => f.key === 'motherIdNumber')).toHaveLength(1); // de-duplicated
    const graph = Object.fromEntries(withOptional.body.graph.items.map((i: { id: string; dependsOn: string[] }) => [i.id, i.dependsOn]));
    expect(graph.householdRegistration).toEqual(['birthCertificate']);
    expect(graph.socialSecurityCardApplication.sort()).toEqual(['birthCertificate', 'householdRegistration']);
    expect(graph.vaccinationCertificate).toEqual([]);
  });
});

describe('the case', () => {
  it('GET /api/cases/:id: sub-tasks with districts, departments and names; subjects masked', async () => {
    const r = await h.call('GET', `/api/cases/${first.caseId}`, { token: h.token(CLERK) });
    expect(r.status).toBe(200);
    expect(r.body.case).toMatchObject({ id: first.caseId, bundleId: 'birth', state: 'accepted', stateLabel: '办理中', acceptingDistrict: '330212' });
    expect(r.body.case.subTasks.find((t: { itemId: string }) => t.itemId === 'householdRegistration')).toMatchObject({
      district: '330212', districtName: '鄞州区', department: 'yinzhou-police', departmentName: '宁波市公安局鄞州分局', state: 'waiting',
    });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(MOTHER_ID);
    expect(text).not.toContain(FATHER_ID);
    expect(r.body.case.subjects.find((s: { role: string }) => s.role === 'mother').maskedId).toBe(`${MOTHER_ID.slice(0, 4)}**********${MOTHER_ID.slice(-4)}`);
  });

  it('the timeline records who accepted, when, and each sub-task created or released', async () => {
    const r = await h.call('GET', `/api/cases/${first.caseId}/timeline`, { token: h.token(CLERK) });
    expect(r.status).toBe(200);
    const [accept, ...rest] = r.body.events;
    expect(accept).toMatchObject({ action: 'accept', to: 'accepted', actor: { id: CLERK, kind: 'staff' } });
    expect(rest.map((e: { itemId: string; action: string }) => `${e.itemId}:${e.action}`)).toEqual(
      expect.arrayContaining(['birthCertificate:release', 'householdRegistration:create', 'vaccinationCertificate:release']),
    );
  });

  it('withdraw (撤销): a stale version is 409; then the open sub-tasks are cancelled; again is 409', async () => {
    const c = await acceptThroughApi(h, birthBody());
    const path = `/api/cases/${c.caseId}/withdraw`;
    const stale = await h.call('POST', path, { token: h.token(CLERK), json: { reason: '申请人要求撤回', expectedVersion: 99 } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/[\u4e00-\u9fff]/);
    // the case record's version: 1 from acceptance until a case-level change (the case view does not carry it)
    const done = await h.call('POST', path, { token: h.token(CLERK), json: { reason: '申请人要求撤回', expectedVersion: 1 } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.case).toMatchObject({ state: 'withdrawn', stateLabel: '已撤销', withdrawal: { reason: '申请人要求撤回', by: CLERK } });
    const after = await h.call('GET', `/api/cases/${c.caseId}`, { token: h.token(CLERK) });
    expect(after.body.case.subTasks.every((t: { state: string }) => t.state === 'cancelled')).toBe(true);
    const again = await h.call('POST', path, { token: h.token(CLERK), json: { reason: '再次撤回', expectedVersion: 2 } });
    expect(again.status).toBe(409);
    // a withdrawn case's sub-task can no longer be claimed
    expect((await act(h, 'haishu-hospital1-handler1', c.caseId, 'birthCertificate', { type: 'claim' })).status).toBe(409);
  });

  it('a department handler may not withdraw (403)', async () => {
    const r = await h.call('POST', `/api/cases/${first.caseId}/withdraw`, { token: h.token('yinzhou-police-handler1'), json: { reason: '不应允许', expectedVersion: 1 } });
    expect(r.status).toBe(403);
  });
});

describe('queues', () => {
  it('the department queue pages by cursor, in deadline order, without repeating an item; subjects masked', async () => {
    // three more cases for the same hospital
    for (let i = 0; i < 3; i++) await acceptThroughApi(h, birthBody(birthValues({ babyName: `测试${i}` })));
    const token = h.token('haishu-hospital1-handler1');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: any } = await h.call('GET', `/api/queues/department?state=ready&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      for (const item of r.body.items) {
        expect(item.subject).not.toMatch(/\d{17}[\dX]/);
        seen.push(`${item.caseId}/${item.itemId}`);
      }
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(pages).toBeGreaterThanOrEqual(2);
    const all = await h.call('GET', '/api/queues/department?state=ready&limit=100', { token });
    expect(all.body.items.map((i: { caseId: string; itemId: string }) => `${i.caseId}/${i.itemId}`)).toEqual(seen);
    const dues = all.body.items.map((i: { due: string | null }) => i.due ?? '9999-12-31');
    expect([...dues].sort()).toEqual(dues);
    expect(all.body.counts.department).toBe(seen.length);
  });

  it('a claimed sub-task moves to my queue', async () => {
    const before = await h.call('GET', '/api/queues/mine', { token: h.token('jiangbei-cdc-handler1') });
    expect(before.body.items.some((i: { caseId: string }) => i.caseId === first.caseId)).toBe(false);
    expect((await act(h, 'jiangbei-cdc-handler1', first.caseId, 'vaccinationCertificate', { type: 'claim' })).status).toBe(200);
    const after = await h.call('GET', '/api/queues/mine', { token: h.token('jiangbei-cdc-handler1') });
    expect(after.body.items.map((i: { caseId: string; itemId: string; state: string }) => `${i.caseId}/${i.itemId}:${i.state}`)).toContain(`${first.caseId}/vaccinationCertificate:claimed`);
    expect(after.body.counts.mine).toBeGreaterThanOrEqual(1);
  });

  it('a garbled cursor is refused (400), not followed', async () => {
    const r = await h.call('GET', '/api/queues/department?cursor=bm90LWEtY3Vyc29y', { token: h.token('haishu-hospital1-handler1') });
    recordTrial({ kind: 'badInput', suite: 'routes-cases', method: 'GET', path: '/api/queues/department?cursor=bm90LWEtY3Vyc29y', status: r.status, code: r.body.code });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('contacts for a hand-off', () => {
  it('own department by default; another district only by delegation (403 otherwise)', async () => {
    const own = await h.call('GET', '/api/contacts', { token: h.token('yinzhou-police-handler1') });
    expect(own.status).toBe(200);
    expect(own.body.staff.map((s: { id: string }) => s.id).sort()).toEqual(['yinzhou-police-handler1', 'yinzhou-police-handler2', 'yinzhou-police-signer1', 'yinzhou-police-signer2']);
    const district = await h.call('GET', '/api/contacts?district=330212', { token: h.token('yinzhou-police-handler1') });
    expect(district.body.staff.some((s: { department: string }) => s.department === 'yinzhou-hrss')).toBe(true);
    const other = await h.call('GET', '/api/contacts?department=haishu-police', { token: h.token('yinzhou-police-handler1') });
    expect(other.status).toBe(403);
    const unknown = await h.call('GET', '/api/contacts?department=nowhere-police', { token: h.token('yinzhou-police-handler1') });
    expect(unknown.status).toBe(404);
  });
});

describe('logging', () => {
  it('no log line written during these requests holds an ID or phone number', () => {
    const all = h.logs.join('\n');
    for (const secret of [MOTHER_ID, FATHER_ID, birthValues().applicantPhone as string]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/\d{17}[\dX]/);
  });
});
