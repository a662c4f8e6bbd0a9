// Who may touch what, through HTTP on the real service and tablestore-local: a handler of another
// department, or of the same kind of department in another district, gets 403 on every sub-task route;
// staff of districts the case never reached get 403 on every case route; unknown cases and sub-tasks
// are 404. The refused calls change nothing (no write unit is counted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptThroughApi, birthBody, writesSince, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let birth: AcceptedCase;

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const SHA = 'a'.repeat(64);
const UNKNOWN_CASE = 'LB20990101-0000';

interface Call {
  method: string;
  path: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** Every sub-task route, for one sub-task (bodies valid, so only authorisation or existence can refuse). */
function subTaskCalls(caseId: string, itemId: string): Call[] {
  return [
    { method: 'GET', path: `/api/subtasks/${caseId}/${itemId}` },
    { method: 'POST', path: `/api/subtasks/${caseId}/${itemId}/actions`, json: { command: { type: 'claim' }, expectedVersion: 1 } },
    { method: 'POST', path: `/api/subtasks/${caseId}/${itemId}/actions`, json: { command: { type: 'comment', text: '请尽快办理' }, expectedVersion: 1 } },
    {
      method: 'POST',
      path: `/api/subtasks/${caseId}/${itemId}/attachments`,
      body: new Uint8Array([37, 80, 68, 70]),
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('扫描件.pdf') },
    },
    { method: 'GET', path: `/api/attachments/${SHA}?caseId=${caseId}&itemId=${itemId}` },
  ];
}

function caseCalls(caseId: string): Call[] {
  return [
    { method: 'GET', path: `/api/cases/${caseId}` },
    { method: 'GET', path: `/api/cases/${caseId}/timeline` },
    { method: 'POST', path: `/api/cases/${caseId}/withdraw`, json: { reason: '申请人要求撤回', expectedVersion: 1 } },
    { method: 'GET', path: `/api/audit/cases/${caseId}` },
  ];
}

describe('the birth case went where the catalog routes it', () => {
  it('birth certificate at the chosen hospital in 海曙, household registration at 鄞州 police', () => {
    expect(birth.routes.birthCertificate).toEqual({ district: '330203', department: 'haishu-hospital1' });
    expect(birth.routes.householdRegistration).toEqual({ district: '330212', department: 'yinzhou-police' });
  });
});

describe('403 for a handler of another department or another district on every sub-task route', () => {
  const refusals: Array<[string, string, string]> = [
    // [who, item, why]
    ['haishu-police-handler1', 'birthCertificate', 'another department of the same district'],
    ['haishu-hospital1-handler1', 'householdRegistration', 'a hospital handler on a police sub-task'],
    ['haishu-police-handler1', 'householdRegistration', 'police, but of another district (海曙, not 鄞州)'],
    ['jiangbei-hospital1-signer1', 'birthCertificate', 'a hospital signer of another district'],
    ['yinzhou-hrss-handler1', 'householdRegistration', 'another department of the same district (人社)'],
  ];
  for (const [who, itemId, why] of refusals) {
    it(`${who} on ${itemId}: ${why}`, async () => {
      const token = h.token(who);
      h.ots.server.resetCounters();
      for (const call of subTaskCalls(birth.caseId, itemId)) {
        const r = await h.call(call.method, call.path, { token, json: call.json, body: call.body, headers: call.headers });
        expect({ call: `${call.method} ${call.path}`, status: r.status, code: r.body.code }).toEqual({ call: `${call.method} ${call.path}`, status: 403, code: 'FORBIDDEN' });
        expect(r.body.message).toMatch(/无权/);
      }
      expect(writesSince(h)).toBe(0);
    });
  }

  it('the handler of the owning department may read it (the refusals above are not a blanket 403)', async () => {
    const r = await h.call('GET', `/api/subtasks/${birth.caseId}/birthCertificate`, { token: h.token('haishu-hospital1-handler1') });
    expect(r.status).toBe(200);
    expect(r.body.subTask).toMatchObject({ itemId: 'birthCertificate', department: 'haishu-hospital1', state: 'ready' });
    expect(r.body.subTask.actions).toContain('claim');
  });

  it('another department never sees the sub-task in its queues', async () => {
    const r = await h.call('GET', '/api/queues/department?state=ready', { token: h.token('haishu-police-handler1') });
    expect(r.status).toBe(200);
    expect(r.body.items.filter((i: { caseId: string }) => i.caseId === birth.caseId)).toEqual([]);
    const own = await h.call('GET', '/api/queues/department?state=ready', { token: h.token('haishu-hospital1-handler1') });
    expect(own.body.items.filter((i: { caseId: string }) => i.caseId === birth.caseId).map((i: { itemId: string }) => i.itemId)).toEqual(['birthCertificate']);
  });
});

describe('403 on every case route for staff of districts the case never reached', () => {
  for (const who of ['beilun-serviceCenter-clerk1', 'zhenhai-serviceCenter-supervisor1', 'beilun-serviceCenter-auditor1', 'zhenhai-police-handler1']) {
    it(who, async () => {
      const token = h.token(who);
      h.ots.server.resetCounters();
      for (const call of caseCalls(birth.caseId)) {
        const r = await h.call(call.method, call.path, { token, json: call.json });
        expect({ call: `${call.method} ${call.path}`, status: r.status, code: r.body.code }).toEqual({ call: `${call.method} ${call.path}`, status: 403, code: 'FORBIDDEN' });
      }
      expect(writesSince(h)).toBe(0);
    });
  }

  it('the accepting window and the district supervisor may read the case', async () => {
    for (const who of ['yinzhou-serviceCenter-clerk2', 'yinzhou-serviceCenter-supervisor1']) {
      const r = await h.call('GET', `/api/cases/${birth.caseId}`, { token: h.token(who) });
      expect(r.status, who).toBe(200);
      expect(r.body.case.id).toBe(birth.caseId);
    }
  });

  it('role-bound routes: archive (clerks and auditors), supervision (supervisors: the district; handlers: their department), audit (auditors and supervisors)', async () => {
    const handler = h.token('yinzhou-police-handler1');
    expect((await h.call('POST', '/api/archive/search', { token: handler, json: { idNumber: birthBody().values.motherIdNumber, purpose: '核对户籍' } })).status).toBe(403);
    // a handler's overview covers their own department only; a clerk (no queues) has none
    const own = await h.call('GET', '/api/supervision/overview', { token: handler });
    expect(own.status).toBe(200);
    expect(own.body.byDepartment.map((d: { department: string }) => d.department)).toEqual(['yinzhou-police']);
    expect((await h.call('GET', '/api/supervision/overview', { token: h.token('yinzhou-serviceCenter-clerk1') })).status).toBe(403);
    const supervisor = await h.call('GET', '/api/supervision/overview', { token: h.token('yinzhou-serviceCenter-supervisor1') });
    expect(supervisor.body.byDepartment.length).toBeGreaterThan(5);
    expect((await h.call('GET', `/api/audit/cases/${birth.caseId}`, { token: handler })).status).toBe(403);
    // the overdue list of a handler holds their own department's sub-tasks only
    const overdue = await h.call('GET', '/api/queues/overdue?level=warning', { token: handler });
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.every((i: { department: string }) => ['yinzhou-police', '宁波市公安局鄞州分局'].includes(i.department))).toBe(true);
  });
});

describe('404 for unknown cases and sub-tasks', () => {
  it('an unknown case on every case and sub-task route', async () => {
    const calls = [...caseCalls(UNKNOWN_CASE), ...subTaskCalls(UNKNOWN_CASE, 'birthCertificate')];
    for (const call of calls) {
      const who = call.path.startsWith('/api/audit') ? 'yinzhou-serviceCenter-auditor1' : call.path.startsWith('/api/cases') ? 'yinzhou-serviceCenter-clerk1' : 'haishu-hospital1-handler1';
      const r = await h.call(call.method, call.path, { token: h.token(who), json: call.json, body: call.body, headers: call.headers });
      expect({ call: `${call.method} ${call.path}`, status: r.status }).toEqual({ call: `${call.method} ${call.path}`, status: 404 });
      expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('an item the case does not have (optional, not chosen) on every sub-task route', async () => {
    for (const call of subTaskCalls(birth.caseId, 'maternityReimbursement')) {
      const r = await h.call(call.method, call.path, { token: h.token('yinzhou-medicalInsurance-handler1'), json: call.json, body: call.body, headers: call.headers });
      expect({ call: `${call.method} ${call.path}`, status: r.status }).toEqual({ call: `${call.method} ${call.path}`, status: 404 });
    }
  });
});
