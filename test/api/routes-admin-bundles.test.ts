// 一件事配置 through HTTP on the real service and tablestore-local (DESIGN: configuration, "Bundles as versioned data"):
// a district admin creates, saves and publishes a bundle of the district (a second save with a stale rowVersion is a
// 409 naming who saved it, and the first save is intact; publish is refused while issues remain), a clerk then
// accepts a case on it; the city admin publishes version 2 of 出生一件事 with one more item — a case accepted before
// keeps version 1 and completes, a new case gets version 2; retiring a version stops new cases while a running case
// completes; other districts' admins, auditors and clerks are refused; a bad import file is refused whole with paths;
// the four validation refusals name what they are about; the dry run routes and dates; every change is recorded and
// the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, deathBundle } from '../../functions/catalog/index';
import type { Bundle } from '../../functions/core/bundle';
import { addWorkingDays, createWorkCalendar } from '../../functions/core/calendar';
import { birthSupplied, outputsFor } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, birthValues, CLERK, deathBody, requestId, suppliedBody } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;

const CITY_ADMIN = 'ningbo-bigdata-admin1';
const YINZHOU_ADMIN = 'yinzhou-serviceCenter-admin1';
const HAISHU_ADMIN = 'haishu-serviceCenter-admin1';
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const TODAY = '2026-03-02';

/** Every change answered 2xx: "<bundleId>@<6-digit version> <action>" (the change records must hold each). */
const changesMade: string[] = [];

async function call(who: string, method: string, path: string, json?: unknown) {
  const r = await h.call(method, `/api/admin/bundles${path}`, { token: h.token(who), json });
  if (method !== 'GET' && r.status < 300 && !/\/(validate|dryrun)$/.test(path)) {
    const action = method === 'PUT' ? 'save' : path === '' ? 'create' : /^\/import(\?|$)/.test(path) ? 'import' : path.slice(path.lastIndexOf('/') + 1);
    changesMade.push(`${r.body.bundleId}@${String(r.body.version).padStart(6, '0')} ${action}`);
  }
  return r;
}

/** A small bundle of 鄞州 alone: one item of 民政 routed to the accepting district. */
function smallBundle(id: string): Record<string, unknown> {
  return {
    id, version: 1, name: '测试一件事', leadDepartment: 'civilAffairs', promisedDays: 5,
    fields: [
      { key: 'applicantName', label: '申请人姓名', type: 'text', required: true },
      { key: 'applicantIdNumber', label: '申请人公民身份号码', type: 'idNumber', required: true },
    ],
    materials: [{ id: 'certificate', name: '证明', fields: [{ key: 'holderName', label: '持证人', type: 'text', required: true }] }],
    intakeMaterials: [],
    items: [{
      id: 'issueCertificate', name: '出具证明', department: 'civilAffairs', routing: { by: 'accepting' }, required: true,
      fields: ['applicantName', 'applicantIdNumber'], inputs: [], outputs: ['certificate'], timeLimitDays: 3, warnRemainingDays: 1, countersign: false,
    }],
    eligibility: [],
    subjects: [{ role: 'applicant', label: '申请人', source: 'form', idField: 'applicantIdNumber' }],
  };
}

const smallValues = () => ({ applicantName: '王小明', applicantIdNumber: String(birthValues().motherIdNumber) });

/** Claims and signs every ready sub-task of a case through the routes (department's signers and seals) until it ends. */
async function completeThroughApi(caseId: string, bundle: Bundle): Promise<any> {
  const token = h.token(CLERK);
  for (let round = 0; round < 20; round++) {
    const view = (await h.call('GET', `/api/cases/${caseId}`, { token })).body.case;
    if (view.state !== 'accepted') return view;
    const open = view.subTasks.filter((t: { state: string }) => t.state === 'ready' || t.state === 'countersigning');
    expect(open.length, `case ${caseId} stuck: ${JSON.stringify(view.subTasks.map((t: any) => `${t.itemId}:${t.state}`))}`).toBeGreaterThan(0);
    for (const t of open) {
      const dep = t.department as string;
      if (t.state === 'countersigning') {
        const r = await act(h, `${dep}-signer2`, caseId, t.itemId, { type: 'countersign', sealId: `${dep}-seal` });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        continue;
      }
      const claimed = await act(h, `${dep}-signer1`, caseId, t.itemId, { type: 'claim' });
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      const signed = await act(h, `${dep}-signer1`, caseId, t.itemId, { type: 'signOff', sealId: `${dep}-seal`, outputs: outputsFor(bundle, t.itemId) });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    }
  }
  throw new Error(`case ${caseId} did not end`);
}

beforeAll(async () => {
  h = await startRouteHarness();
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('a district bundle from scratch: create → save → conflict → publish → intake', () => {
  let rowVersion: number;

  it('creates draft version 1 with the issues of an empty bundle; publish is refused while they remain', async () => {
    const created = await call(YINZHOU_ADMIN, 'POST', '', { id: 'testEvent', name: '测试一件事', leadDepartment: 'civilAffairs', scope: '330212' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ bundleId: 'testEvent', version: 1, rowVersion: 1, current: false, doc: { state: 'draft', scope: '330212', createdBy: { id: YINZHOU_ADMIN } } });
    expect(created.body.issues.length).toBeGreaterThan(0);
    const again = await call(YINZHOU_ADMIN, 'POST', '', { id: 'testEvent', name: '重名', leadDepartment: 'civilAffairs', scope: '330212' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    const refused = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/publish', { validFrom: TODAY, expectedRowVersion: 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('BUNDLE_INVALID');
    expect(refused.body.issues.length).toBeGreaterThan(0);
    expect((await call(YINZHOU_ADMIN, 'GET', '/testEvent/versions/1')).body.doc.state).toBe('draft');
  });

  it('a save answers the stored doc and no issues; a second save with the stale rowVersion is 409 naming who saved when, and the first save is intact', async () => {
    const saved = await call(YINZHOU_ADMIN, 'PUT', '/testEvent/versions/1', { bundle: smallBundle('testEvent'), expectedRowVersion: 1 });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ rowVersion: 2, issues: [], doc: { state: 'draft', bundle: { name: '测试一件事', items: [{ id: 'issueCertificate' }] } } });
    expect(saved.body.graph.items).toEqual([{ id: 'issueCertificate', name: '出具证明', dependsOn: [] }]);
    rowVersion = saved.body.rowVersion;

    const stale = await call(CITY_ADMIN, 'PUT', '/testEvent/versions/1', { bundle: { ...smallBundle('testEvent'), name: '另一位管理员的改动' }, expectedRowVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.message).toContain(h.staff(YINZHOU_ADMIN).name);
    expect(stale.body.message).toContain('2026-03-02 10:00');
    const kept = await call(YINZHOU_ADMIN, 'GET', '/testEvent/versions/1');
    expect(kept.body).toMatchObject({ rowVersion: 2, doc: { bundle: { name: '测试一件事' } } });
  });

  it('publish: not before today, then in force — the clerk of 鄞州 lists and accepts it, 海曙 does not see it; the published version never changes', async () => {
    const early = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/publish', { validFrom: '2026-03-01', expectedRowVersion: rowVersion });
    expect(early.status).toBe(400);
    expect(early.body.issues[0]).toMatchObject({ field: 'validFrom', code: 'PAST_DATE' });
    const published = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/publish', { validFrom: TODAY, expectedRowVersion: rowVersion });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ current: true, doc: { state: 'published', validFrom: TODAY, publishedBy: { id: YINZHOU_ADMIN } } });

    const offered = await h.call('GET', '/api/bundles', { token: h.token(CLERK) });
    expect(offered.body.bundles.map((b: { id: string }) => b.id)).toContain('testEvent');
    const haishu = await h.call('GET', '/api/bundles', { token: h.token('haishu-serviceCenter-clerk1') });
    expect(haishu.body.bundles.map((b: { id: string }) => b.id)).not.toContain('testEvent');

    const c = await acceptThroughApi(h, { bundleId: 'testEvent', values: smallValues(), chosenOptional: [], supplied: [] });
    expect(c.view).toMatchObject({ bundleId: 'testEvent', bundleVersion: 1 });
    expect(c.routes.issueCertificate).toEqual({ district: '330212', department: 'yinzhou-civilAffairs' });

    const edit = await call(YINZHOU_ADMIN, 'PUT', '/testEvent/versions/1', { bundle: smallBundle('testEvent'), expectedRowVersion: published.body.rowVersion });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('INVALID_TRANSITION');
  });

  it('copy makes draft 2 (one draft at a time); discard with a stale rowVersion is 409, then removes it', async () => {
    const copy = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/copy');
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body).toMatchObject({ version: 2, rowVersion: 1, doc: { state: 'draft', copiedFrom: 1, scope: '330212', bundle: { version: 2 } } });
    const second = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/copy');
    expect(second.status).toBe(409);
    const stale = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/2/discard', { expectedRowVersion: 7 });
    expect(stale.status).toBe(409);
    const gone = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/2/discard', { expectedRowVersion: 1 });
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect((await call(YINZHOU_ADMIN, 'GET', '/testEvent/versions/2')).status).toBe(404);
    const published = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/discard', { expectedRowVersion: 3 });
    expect(published.body.code).toBe('INVALID_TRANSITION');
  });
});

describe('version 2 of 出生一件事 while version-1 cases run', () => {
  it('the city admin copies, adds an item, publishes: the running case keeps version 1 and completes, a new case gets version 2', async () => {
    const before = await acceptThroughApi(h, birthBody());
    expect(before.view.bundleVersion).toBe(1);

    expect((await call(YINZHOU_ADMIN, 'POST', '/birth/versions/1/copy')).status).toBe(403); // cross-district: the city's
    const copy = await call(CITY_ADMIN, 'POST', '/birth/versions/1/copy');
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    const added = {
      id: 'birthAllowance', name: '生育津贴登记', department: 'civilAffairs', routing: { by: 'accepting' }, required: true,
      fields: ['motherName', 'motherIdNumber'], inputs: [], outputs: [], timeLimitDays: 3, warnRemainingDays: 1, countersign: false,
    };
    const bundle = { ...copy.body.doc.bundle, items: [...copy.body.doc.bundle.items, added] };
    const saved = await call(CITY_ADMIN, 'PUT', '/birth/versions/2', { bundle, expectedRowVersion: copy.body.rowVersion });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.issues).toEqual([]);

    const diff = await call(CITY_ADMIN, 'GET', '/birth/versions/2/diff');
    expect(diff.body).toMatchObject({ against: 1 });
    expect(diff.body.changes).toEqual([expect.objectContaining({ section: 'item', change: 'added', path: 'items.birthAllowance', label: '事项「生育津贴登记」' })]);

    const published = await call(CITY_ADMIN, 'POST', '/birth/versions/2/publish', { validFrom: TODAY, expectedRowVersion: saved.body.rowVersion });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const list = await call(CITY_ADMIN, 'GET', '');
    expect(list.body.bundles.find((b: { id: string }) => b.id === 'birth')).toMatchObject({ current: 2, versions: [{ version: 1, state: 'published' }, { version: 2, state: 'published' }] });

    const form = await h.call('GET', '/api/bundles/birth/form', { token: h.token(CLERK) });
    expect(form.body.bundle.version).toBe(2);
    // the case page draws a running case's graph from the version it pinned
    const pinned = await h.call('GET', '/api/bundles/birth/form?version=1', { token: h.token(CLERK) });
    expect(pinned.body.bundle.version).toBe(1);
    expect(pinned.body.graph.items.map((i: { id: string }) => i.id)).not.toContain('birthAllowance');
    expect(form.body.graph.items.map((i: { id: string }) => i.id)).toContain('birthAllowance');
    expect((await h.call('GET', '/api/bundles/birth/form?version=9', { token: h.token(CLERK) })).status).toBe(404);
    expect((await h.call('GET', '/api/bundles/birth/form?version=x', { token: h.token(CLERK) })).body.code).toBe('INVALID_QUERY');
    const after = await acceptThroughApi(h, birthBody());
    expect(after.view.bundleVersion).toBe(2);
    expect(Object.keys(after.routes)).toContain('birthAllowance');
    const outdated = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...birthBody(), bundleVersion: 1, requestId: requestId('v1') } });
    expect(outdated.status).toBe(409);

    const ended = await completeThroughApi(before.caseId, birthBundle);
    expect(ended).toMatchObject({ state: 'completed', bundleVersion: 1 });
    expect(ended.subTasks.map((t: { itemId: string }) => t.itemId)).not.toContain('birthAllowance');
  }, 60_000);
});

describe('retire', () => {
  it('a retired version is not offered and takes no new case; a case running on it completes', async () => {
    const running = await acceptThroughApi(h, deathBody());
    const retired = await call(CITY_ADMIN, 'POST', '/death/versions/1/retire', { reason: '测试停用' });
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body).toMatchObject({ current: false, doc: { state: 'retired', retireReason: '测试停用', retiredBy: { id: CITY_ADMIN } } });
    const offered = await h.call('GET', '/api/bundles', { token: h.token(CLERK) });
    expect(offered.body.bundles.map((b: { id: string }) => b.id)).not.toContain('death');
    const refused = await h.call('POST', '/api/cases', { token: h.token(CLERK), json: { ...deathBody(), requestId: requestId('retired') } });
    expect(refused.status).toBe(404);
    const again = await call(CITY_ADMIN, 'POST', '/death/versions/1/retire', { reason: '再次停用' });
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const ended = await completeThroughApi(running.caseId, deathBundle);
    expect(ended).toMatchObject({ state: 'completed', bundleVersion: 1 });
  }, 60_000);
});

describe('who may', () => {
  it("another district's admin: 403 on this district's bundle, and it is not in their list", async () => {
    expect((await call(HAISHU_ADMIN, 'GET', '/testEvent/versions/1')).status).toBe(403);
    expect((await call(HAISHU_ADMIN, 'POST', '/testEvent/versions/1/copy')).status).toBe(403);
    const list = await call(HAISHU_ADMIN, 'GET', '');
    expect(list.status).toBe(200);
    const ids = list.body.bundles.map((b: { id: string }) => b.id);
    expect(ids).not.toContain('testEvent');
    expect(ids).toContain('birth'); // city-wide bundles are read by every admin
    const create = await call(HAISHU_ADMIN, 'POST', '', { id: 'haishuEvent', name: '跨区的', leadDepartment: 'police', scope: '330212' });
    expect(create.status).toBe(403);
    const cross = await call(YINZHOU_ADMIN, 'POST', '', { id: 'crossEvent', name: '跨区一件事', leadDepartment: 'police', scope: null });
    expect(cross.status).toBe(403);
    expect(cross.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('an auditor reads everything and changes nothing; a clerk may not even read', async () => {
    const list = await call(AUDITOR, 'GET', '');
    expect(list.status).toBe(200);
    expect(list.body.bundles.map((b: { id: string }) => b.id)).toEqual(expect.arrayContaining(['testEvent', 'birth', 'death']));
    expect((await call(AUDITOR, 'GET', '/testEvent/versions/1')).status).toBe(200);
    expect((await call(AUDITOR, 'GET', '/birth/versions/2/export')).status).toBe(200);
    for (const [method, path, json] of [
      ['POST', '/testEvent/versions/1/copy', undefined],
      ['POST', '/testEvent/versions/1/retire', { reason: '审计不能停用' }],
      ['POST', '', { id: 'auditorEvent', name: '审计', leadDepartment: 'police', scope: '330212' }],
    ] as const) {
      const r = await call(AUDITOR, method, path, json);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
    for (const path of ['', '/birth/versions/1']) expect((await call(CLERK, 'GET', path)).status).toBe(403);
    expect((await call(CLERK, 'POST', '/birth/versions/1/copy')).status).toBe(403);
  });
});

describe('import and export', () => {
  it('a bad file: 400 BUNDLE_INVALID with paths into the file, nothing stored', async () => {
    const bad = smallBundle('badImport') as any;
    bad.items[0].timeLimitDays = 0;
    delete bad.items[0].routing;
    bad.promisedDays = 'five';
    const r = await call(YINZHOU_ADMIN, 'POST', '/import?scope=330212', bad);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BUNDLE_INVALID');
    expect(r.body.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['items.0.timeLimitDays', 'items.0.routing', 'promisedDays']));
    expect((await call(YINZHOU_ADMIN, 'GET', '/badImport/versions/1')).status).toBe(404);
    const changes = await h.call('GET', '/api/admin/changes?district=330212', { token: h.token(YINZHOU_ADMIN) });
    expect(changes.body.records.some((c: { id: string }) => c.id.startsWith('badImport@'))).toBe(false);
  });

  it('export → import round-trips a version into a new draft of another bundle', async () => {
    const exported = await call(YINZHOU_ADMIN, 'GET', '/testEvent/versions/1/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('testEvent@1.json');
    const imported = await call(YINZHOU_ADMIN, 'POST', '/import?scope=330212', { ...exported.body, id: 'importedEvent' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body).toMatchObject({ bundleId: 'importedEvent', version: 1, issues: [], doc: { state: 'draft', scope: '330212' } });
  });
});

describe('validation names what it refuses', () => {
  const validate = async (bundle: Record<string, unknown>) => {
    const r = await call(YINZHOU_ADMIN, 'POST', '/testEvent/validate', { bundle });
    expect(r.status).toBe(200);
    return r.body.issues as { field?: string; code: string; message: string }[];
  };

  it('a dependency cycle names the items in it', async () => {
    const b = smallBundle('testEvent') as any;
    b.materials.push({ id: 'receipt', name: '回执', fields: [{ key: 'no', label: '编号', type: 'text' }] });
    b.items[0].inputs = [{ material: 'receipt', fields: ['no'], purpose: '核对回执' }];
    b.items.push({ ...b.items[0], id: 'issueReceipt', name: '出具回执', inputs: [{ material: 'certificate', fields: ['holderName'], purpose: '核对证明' }], outputs: ['receipt'] });
    const cycle = (await validate(b)).find((i) => i.code === 'CYCLE');
    expect(cycle?.message).toMatch(/循环依赖：(出具证明 → 出具回执 → 出具证明|出具回执 → 出具证明 → 出具回执)/);
  });

  it('an item whose department kind no department has', async () => {
    const b = smallBundle('testEvent') as any;
    b.items[0].department = 'bigData'; // only the city has 大数据发展
    const issue = (await validate(b)).find((i) => i.field === 'items.0.department');
    expect(issue?.message).toContain('出具证明');
    expect(issue?.message).toContain('鄞州区');
    const unknown = smallBundle('testEvent') as any;
    unknown.items[0].department = 'weather';
    expect((await validate(unknown)).find((i) => i.code === 'UNKNOWN_DEPARTMENT_KIND')?.message).toContain('weather');
  });

  it('a material nobody produces', async () => {
    const b = smallBundle('testEvent') as any;
    b.materials.push({ id: 'permit', name: '许可证', fields: [{ key: 'no', label: '编号', type: 'text' }] });
    b.items[0].inputs = [{ material: 'permit', fields: ['no'], purpose: '核对许可' }];
    const issue = (await validate(b)).find((i) => i.code === 'UNPRODUCED_INPUT');
    expect(issue?.message).toContain('许可证');
    expect(issue?.message).toContain('出具证明');
  });

  it('a form field an item reads that the form lacks, and routing out of a district bundle', async () => {
    const b = smallBundle('testEvent') as any;
    b.items[0].fields = [...b.items[0].fields, 'applicantPhone'];
    b.items[0].routing = { by: 'fixed', district: '330203' };
    const issues = await validate(b);
    expect(issues.find((i) => i.code === 'UNKNOWN_FIELD')?.message).toContain('applicantPhone');
    expect(issues.find((i) => i.code === 'OUT_OF_SCOPE')?.message).toContain('跨区一件事须由市级管理员配置');
    const save = await call(YINZHOU_ADMIN, 'POST', '/testEvent/versions/1/copy');
    const saved = await call(YINZHOU_ADMIN, 'PUT', `/testEvent/versions/${save.body.version}`, { bundle: b, expectedRowVersion: 1 });
    expect(saved.body.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['UNKNOWN_FIELD', 'OUT_OF_SCOPE']));
    const publish = await call(YINZHOU_ADMIN, 'POST', `/testEvent/versions/${save.body.version}/publish`, { validFrom: TODAY, expectedRowVersion: saved.body.rowVersion });
    expect(publish.body.code).toBe('BUNDLE_INVALID');
    await call(YINZHOU_ADMIN, 'POST', `/testEvent/versions/${save.body.version}/discard`, { expectedRowVersion: saved.body.rowVersion });
  });
});

describe('dry run (试运行)', () => {
  it('routes each item to the department of the right district, with due dates from today; nothing is created', async () => {
    const values = birthValues();
    const r = await call(AUDITOR, 'POST', '/birth/versions/1/dryrun', { values, acceptingDistrict: '330212', supplied: birthSupplied.map((m) => m.type) });
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    expect(r.body.routable).toBe(true);
    expect(r.body.notice.ok).toBe(true);
    const accepted = await acceptThroughApi(h, birthBody(values));
    const byItem = Object.fromEntries(r.body.subTasks.map((t: any) => [t.itemId, t]));
    const cal = createWorkCalendar(); // the seeded overlay is empty
    for (const t of r.body.subTasks) {
      if (t.itemId === 'birthAllowance') continue;
      expect({ district: t.district.code, department: t.department.id }).toEqual(accepted.routes[t.itemId]);
      expect(t.department.name).toMatch(/[\u4e00-\u9fff]/);
      expect(t.district.name).toMatch(/区$/);
      expect(t.due).toEqual(addWorkingDays(cal, TODAY, t.startsAfterDays + t.limitDays));
    }
    expect(byItem.birthCertificate).toMatchObject({ state: 'ready', startsAfterDays: 0 });
    expect(byItem.householdRegistration).toMatchObject({ state: 'waiting', waitsFor: ['birthCertificate'], startsAfterDays: birthBundle.items.find((i) => i.id === 'birthCertificate')!.timeLimitDays });
    expect(r.body.materialsToBring).toEqual([]);

    const missing = await call(YINZHOU_ADMIN, 'POST', '/birth/versions/1/dryrun', { values: { ...values, motherName: '' }, acceptingDistrict: '330212' });
    expect(missing.body.routable).toBe(false);
    expect(missing.body.notice.issues.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['REQUIRED', 'MISSING_MATERIAL']));
    expect(missing.body.materialsToBring.length).toBeGreaterThan(0);
    expect(suppliedBody(birthSupplied).length).toBeGreaterThan(0);
  });
});

describe('bodies and races', () => {
  it('a bundle of 200 KB is saved (256 KB on these routes), 300 KB is 413, and other routes keep 64 KB', async () => {
    const copy = await call(YINZHOU_ADMIN, 'POST', '/importedEvent/versions/1/discard', { expectedRowVersion: 1 });
    expect(copy.status).toBe(200);
    const created = await call(YINZHOU_ADMIN, 'POST', '', { id: 'bigEvent', name: '大配置', leadDepartment: 'civilAffairs', scope: '330212' });
    const big = (kb: number) => ({ ...smallBundle('bigEvent'), padding: 'x'.repeat(kb * 1024) });
    const saved = await call(YINZHOU_ADMIN, 'PUT', '/bigEvent/versions/1', { bundle: big(200), expectedRowVersion: created.body.rowVersion });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
    expect(saved.body.issues.map((i: { field: string }) => i.field)).toContain('padding'); // saved as it is; the schema says what is wrong
    const tooBig = await call(YINZHOU_ADMIN, 'PUT', '/bigEvent/versions/1', { bundle: big(300), expectedRowVersion: saved.body.rowVersion });
    expect(tooBig.status).toBe(413);
    const elsewhere = await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: { ...birthBody(), padding: 'x'.repeat(100 * 1024) } });
    expect(elsewhere.status).toBe(413);
  });

  it('two admins copying one version at once: one draft, the other 409', async () => {
    const [a, b] = await Promise.all([call(CITY_ADMIN, 'POST', '/birth/versions/2/copy'), call(CITY_ADMIN, 'POST', '/birth/versions/2/copy')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const list = await call(CITY_ADMIN, 'GET', '');
    const birth = list.body.bundles.find((x: { id: string }) => x.id === 'birth');
    expect(birth.versions.filter((v: { state: string }) => v.state === 'draft')).toHaveLength(1);
  });
});

describe('change records', () => {
  it('every change is recorded in its scope and the chains verify', async () => {
    const district = await h.call('GET', '/api/admin/changes?district=330212', { token: h.token(YINZHOU_ADMIN) });
    expect(district.status).toBe(200);
    expect(district.body.chain.intact).toBe(true);
    const actions = district.body.records.filter((r: { id: string }) => r.id.startsWith('testEvent@')).map((r: { id: string; action: string }) => `${r.id} ${r.action}`);
    expect(actions).toEqual(expect.arrayContaining(['testEvent@000001 create', 'testEvent@000001 save', 'testEvent@000001 publish', 'testEvent@000002 copy', 'testEvent@000002 discard']));
    const publish = district.body.records.find((r: { id: string; action: string }) => r.id === 'testEvent@000001' && r.action === 'publish');
    expect(publish).toMatchObject({ before: { state: 'draft' }, after: { state: 'published', validFrom: TODAY }, actor: { id: YINZHOU_ADMIN } });

    const city = await h.call('GET', '/api/admin/changes', { token: h.token(AUDITOR) });
    expect(city.body.chain.intact).toBe(true);
    const cityActions = city.body.records.map((r: { id: string; action: string }) => `${r.id} ${r.action}`);
    expect(cityActions).toEqual(expect.arrayContaining(['birth@000002 copy', 'birth@000002 save', 'birth@000002 publish', 'death@000001 retire']));
    // every change answered 2xx by these routes is recorded once, in its scope
    const recorded = [...district.body.records, ...city.body.records].map((r: { id: string; action: string }) => `${r.id} ${r.action}`);
    expect(changesMade.length).toBeGreaterThan(15);
    expect([...recorded].sort()).toEqual([...changesMade].sort());
    const save = city.body.records.find((r: { id: string; action: string }) => r.id === 'birth@000002' && r.action === 'save');
    expect(save.after.changes).toEqual([expect.objectContaining({ path: 'items.birthAllowance', change: 'added' })]);
  });
});
