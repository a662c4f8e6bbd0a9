// Bad input is refused at the route with a stable code, a Chinese message and per-field issues, before
// the service is reached: the app is built over services that throw if called (→ 500), so every 4xx
// here also proves that nothing was read or written.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { issueSession } from '../../functions/api/session';
import { responseProblems } from './openapi-support';
import { NOW, SECRET, unusedDeps } from './route-support';
import { recordTrial } from '../support/reliability';

const app = createApp(unusedDeps());
const token = issueSession(
  { id: 'yinzhou-serviceCenter-clerk1', name: '测试', districtCode: '330212', departmentCode: 'yinzhou-serviceCenter', roles: ['clerk'] },
  SECRET,
  Date.parse(NOW),
).token;

const CHINESE = /[\u4e00-\u9fff]/;

async function call(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.headers ?? {}) };
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await app.fetch(new Request(`http://api.local${path}`, { method, headers, body }));
  const parsed = (await res.json()) as { code: string; message: string; issues?: Array<{ field?: string; code: string; message: string }> };
  recordTrial({ kind: 'badInput', suite: 'routes-input', method, path, status: res.status, code: parsed.code });
  expect(responseProblems(method, path, res.status, parsed)).toEqual([]);
  if (res.status >= 400) {
    expect(parsed.message).toMatch(CHINESE);
    for (const i of parsed.issues ?? []) expect(i.message).toMatch(CHINESE);
  }
  return { status: res.status, body: parsed };
}

const fields = (r: { body: { issues?: Array<{ field?: string }> } }) => (r.body.issues ?? []).map((i) => i.field).sort();

describe('request bodies are checked against the OpenAPI document (400)', () => {
  it('POST /api/intake/precheck: missing, mistyped and unknown fields, all at once', async () => {
    const r = await call('POST', '/api/intake/precheck', { json: { values: { babyName: { first: '小满' } }, chosenOptional: 'x', extra: true } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_BODY');
    expect(fields(r)).toEqual(expect.arrayContaining(['bundleId', 'chosenOptional', 'extra', 'values.babyName']));
  });

  it('POST /api/cases needs a requestId (idempotency key) of a sane form', async () => {
    const base = { bundleId: 'birth', values: { babyName: '王小满' } };
    const missing = await call('POST', '/api/cases', { json: base });
    expect(missing).toMatchObject({ status: 400, body: { code: 'INVALID_BODY', issues: [{ field: 'requestId', code: 'REQUIRED', message: '缺少必填字段' }] } });
    const short = await call('POST', '/api/cases', { json: { ...base, requestId: 'x' } });
    expect(short.body.issues).toEqual([{ field: 'requestId', code: 'PATTERN', message: '格式不正确' }]);
  });

  it('POST /api/intake/precheck: supplied materials must have the intake schema shape', async () => {
    const r = await call('POST', '/api/intake/precheck', {
      json: { bundleId: 'birth', values: {}, supplied: [{ type: 'householdBook', data: {}, attachments: [{ sha256: 'nothex', name: '', size: -1 }] }] },
    });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(expect.arrayContaining(['supplied.0.attachments.0.mime', 'supplied.0.attachments.0.sha256', 'supplied.0.attachments.0.name', 'supplied.0.attachments.0.size']));
  });

  it('POST /api/subtasks/…/actions: wrapper and command problems are named precisely', async () => {
    const path = '/api/subtasks/LB20260302-0001/householdRegistration/actions';
    const noVersion = await call('POST', path, { json: { command: { type: 'claim' } } });
    expect(noVersion).toMatchObject({ status: 400, body: { code: 'INVALID_BODY', issues: [{ field: 'expectedVersion', code: 'REQUIRED' }] } });

    const unknown = await call('POST', path, { json: { command: { type: 'teleport' }, expectedVersion: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues).toEqual([{ field: 'command.type', code: 'UNKNOWN_ACTION', message: '不支持的操作类型' }]);

    const system = await call('POST', path, { json: { command: { type: 'release' }, expectedVersion: 1 } });
    expect(system.body.issues?.[0]).toMatchObject({ field: 'command.type', code: 'UNKNOWN_ACTION' });

    const badSignOff = await call('POST', path, { json: { command: { type: 'signOff', sealId: 'bad seal!' }, expectedVersion: 0 } });
    expect(badSignOff.status).toBe(400);
    expect(fields(badSignOff)).toEqual(expect.arrayContaining(['expectedVersion', 'command.sealId', 'command.outputs']));
    // the command's issues come from the same conversion as the wrapper's (core jsonSchema.ts): Chinese, per field
    expect(badSignOff.body.issues).toEqual(expect.arrayContaining([
      { field: 'command.sealId', code: 'PATTERN', message: '格式不正确' },
      { field: 'command.outputs', code: 'REQUIRED', message: '缺少必填字段' },
    ]));
  });

  it('POST /api/cases/:caseId/withdraw: reason and expectedVersion', async () => {
    const r = await call('POST', '/api/cases/LB20260302-0001/withdraw', { json: { reason: '', expectedVersion: 'one' } });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(['expectedVersion', 'reason']);
  });

  it('POST /api/archive/search: an ID number of the wrong form and no purpose', async () => {
    const r = await call('POST', '/api/archive/search', { json: { idNumber: '12345' } });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(expect.arrayContaining(['idNumber', 'purpose']));
  });

  it('not JSON → 400 INVALID_JSON; another content type → 415; too large → 413', async () => {
    expect((await call('POST', '/api/cases', { body: '{"bundleId":', headers: { 'content-type': 'application/json' } })).body.code).toBe('INVALID_JSON');
    expect((await call('POST', '/api/cases', { body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    const big = await call('POST', '/api/intake/precheck', { json: { bundleId: 'birth', values: { a: 'x'.repeat(70_000) } } });
    expect(big).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('query parameters (400 INVALID_QUERY)', () => {
  it.each([
    ['/api/queues/mine?limit=0', 'limit'],
    ['/api/queues/mine?limit=1000', 'limit'],
    ['/api/queues/mine?cursor=%3Cscript%3E', 'cursor'],
    ['/api/queues/department?state=done', 'state'],
    ['/api/queues/overdue?level=red', 'level'],
    ['/api/contacts?district=yinzhou', 'district'],
    ['/api/contacts?department=a%20b', 'department'],
    ['/api/bundles/birth/form?optional=a,,b', 'optional'],
    ['/api/attachments/' + 'a'.repeat(64), 'caseId'],
    ['/api/attachments/' + 'a'.repeat(64) + '?caseId=LB1&itemId=birthCertificate', 'caseId'],
    ['/api/attachments/' + 'a'.repeat(64) + '?caseId=LB20260302-0001', 'itemId'],
    ['/api/archive/AbCdEfGhIjKlMnOpQrStUv0123456789', 'purpose'],
  ])('GET %s', async (path, field) => {
    const r = await call('GET', path);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_QUERY');
    expect(r.body.issues?.[0]?.field).toBe(field);
  });
});

describe('path ids that cannot name a record → 404 RECORD_NOT_FOUND', () => {
  it.each([
    ['GET', '/api/cases/a'],
    ['GET', '/api/cases/' + 'x'.repeat(41) + '/timeline'],
    ['GET', '/api/subtasks/LB20260302-0001/not-an-item'],
    ['GET', '/api/subtasks/LB%2F1/birthCertificate'],
    ['GET', '/api/bundles/9birth/form'],
    ['GET', '/api/attachments/ABC?caseId=LB20260302-0001'],
    ['GET', '/api/archive/short?purpose=核对'],
    ['GET', '/api/audit/cases/a%20b'],
  ])('%s %s', async (method, path) => {
    const r = await call(method, path);
    expect(r).toMatchObject({ status: 404, body: { code: 'RECORD_NOT_FOUND', message: '要操作的记录不存在' } });
  });
});

describe('attachment uploads', () => {
  const path = '/api/subtasks/LB20260302-0001/birthCertificate/attachments';
  it('refuses other content types (415), a missing or path-like file name (400), empty and oversized bodies', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect((await call('POST', path, { body: bytes, headers: { 'content-type': 'text/html', 'x-file-name': 'a.html' } })).status).toBe(415);
    const noName = await call('POST', path, { body: bytes, headers: { 'content-type': 'application/pdf' } });
    expect(noName).toMatchObject({ status: 400, body: { issues: [{ field: 'x-file-name', code: 'INVALID_FILE_NAME' }] } });
    expect((await call('POST', path, { body: bytes, headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('../etc/passwd') } })).status).toBe(400);
    expect((await call('POST', path, { body: bytes, headers: { 'content-type': 'application/pdf', 'x-file-name': '%E0%A4%A' } })).status).toBe(400);
    expect((await call('POST', path, { body: new Uint8Array(0), headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' } })).body.issues?.[0]?.code).toBe('EMPTY_FILE');
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    expect((await call('POST', path, { body: big, headers: { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' } })).status).toBe(413);
  });
});
