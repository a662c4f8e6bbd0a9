// "Text that is not there" through HTTP on the real service and tablestore-local: a purpose or a reason made
// of zero-width spaces is not a purpose or a reason, and NUL or U+202E (right-to-left override:
// "\u202efdp.exe" shows as "exe.pdf") is refused in names, comments, file names and query values — each a
// 4xx with a stable code and a Chinese message, and nothing written (no audit record, no state change,
// no case, no file).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTHER_ID } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, birthValues, CLERK, requestId, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let birth: AcceptedCase;
const AUDITOR = 'yinzhou-serviceCenter-auditor1';
const HOSPITAL = 'haishu-hospital1-handler1';
const CHINESE = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

type Answer = Awaited<ReturnType<RouteHarness['call']>>;

/** A refusal: 400, the code, a Chinese message, and an issue with one of the codes. */
function refused(r: Answer, code: string, issueCodes: string[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.code).toBe(code);
  expect(r.body.message).toMatch(CHINESE);
  const codes = (r.body.issues ?? []).map((i: { code: string }) => i.code);
  expect(codes.some((c: string) => issueCodes.includes(c)), JSON.stringify(r.body.issues)).toBe(true);
  for (const i of r.body.issues ?? []) expect(i.message).toMatch(CHINESE);
}

const auditActions = async (caseId: string): Promise<string[]> => {
  const r = await h.call('GET', `/api/audit/cases/${caseId}`, { token: h.token(AUDITOR) });
  expect(r.status).toBe(200);
  return r.body.records.map((x: { action: string }) => x.action);
};

describe('a purpose of zero-width spaces does not open an archive', () => {
  it('POST /api/archive/search and GET /api/archive/:subject → 400, and no audit record is written', async () => {
    const token = h.token(CLERK);
    const ok = await h.call('POST', '/api/archive/search', { token, json: { idNumber: MOTHER_ID, purpose: '核对户籍' } });
    expect(ok.status).toBe(200);
    const subject = ok.body.subject as string;
    const before = await auditActions(birth.caseId);
    expect(before.filter((a) => a === 'archiveSearch')).toHaveLength(1);

    for (const purpose of ['\u200b\u200b', '\ufeff\u2060', '\u200b\u200c\u200d\u3000']) {
      refused(await h.call('POST', '/api/archive/search', { token, json: { idNumber: MOTHER_ID, purpose } }), 'INVALID_BODY', ['NO_VISIBLE_TEXT']);
      refused(await h.call('GET', `/api/archive/${subject}?purpose=${encodeURIComponent(purpose)}`, { token }), 'INVALID_QUERY', ['NO_VISIBLE_TEXT']);
    }
    refused(await h.call('POST', '/api/archive/search', { token, json: { idNumber: MOTHER_ID, purpose: '核对\u202e户籍' } }), 'INVALID_BODY', ['BIDI_CONTROL']);
    refused(await h.call('GET', `/api/archive/${subject}?purpose=${encodeURIComponent('核对\u0000户籍')}`, { token }), 'INVALID_QUERY', ['CONTROL_CHARACTER']);

    expect(await auditActions(birth.caseId)).toEqual(before);
  });
});

describe('a withdrawal reason of zero-width spaces withdraws nothing', () => {
  it('POST /api/cases/:id/withdraw → 400; the case is still running at the same version', async () => {
    const token = h.token(CLERK);
    const before = await h.call('GET', `/api/cases/${birth.caseId}`, { token });
    const version = before.body.case.version;
    refused(await h.call('POST', `/api/cases/${birth.caseId}/withdraw`, { token, json: { reason: '\u200b\u200b\u200b', expectedVersion: version } }), 'INVALID_BODY', ['NO_VISIBLE_TEXT']);
    refused(await h.call('POST', `/api/cases/${birth.caseId}/withdraw`, { token, json: { reason: '申请人\u0000撤回', expectedVersion: version } }), 'INVALID_BODY', ['CONTROL_CHARACTER']);
    refused(await h.call('POST', `/api/cases/${birth.caseId}/withdraw`, { token, json: { reason: '\u202e回撤人请申', expectedVersion: version } }), 'INVALID_BODY', ['BIDI_CONTROL']);
    const after = await h.call('GET', `/api/cases/${birth.caseId}`, { token });
    expect(after.body.case).toMatchObject({ state: 'accepted', version });
  });
});

describe('NUL and U+202E in names, comments and file names', () => {
  it('a name in the one-table form: pre-check and acceptance refuse it; no case is created', async () => {
    const token = h.token(CLERK);
    const nameIssue = (issues: Array<{ field?: string; code: string }> | undefined, code: string) =>
      (issues ?? []).some((i) => i.field?.endsWith('motherName') && i.code === code);
    for (const [motherName, code] of [['李\u0000秀梅', 'CONTROL_CHARACTER'], ['\u202e梅秀李', 'BIDI_CONTROL']]) {
      const values = birthValues({ motherName });
      const pre = await h.call('POST', '/api/intake/precheck', { token, json: birthBody(values) });
      refused(pre, 'INVALID_BODY', [code]);
      expect(nameIssue(pre.body.issues, code)).toBe(true);
      const id = requestId('text');
      const r = await h.call('POST', '/api/cases', { token, json: { ...birthBody(values), requestId: id } });
      refused(r, 'INVALID_BODY', [code]);
      // Nothing was stored under that request id: the same id with a good name creates the case now.
      expect((await h.call('POST', '/api/cases', { token, json: { ...birthBody(), requestId: id } })).status).toBe(201);
    }
    // A name of zero-width spaces is well-formed JSON text but no name: the pre-check tells it, acceptance refuses it.
    const values = birthValues({ motherName: '\u200b\u200b' });
    const pre = await h.call('POST', '/api/intake/precheck', { token, json: birthBody(values) });
    expect(pre.status).toBe(200);
    expect(pre.body.notice.ok).toBe(false);
    expect(nameIssue(pre.body.notice.issues, 'NO_VISIBLE_TEXT')).toBe(true);
    const id = requestId('text');
    const r = await h.call('POST', '/api/cases', { token, json: { ...birthBody(values), requestId: id } });
    expect(r.status).toBe(422);
    expect(nameIssue(r.body.issues, 'NO_VISIBLE_TEXT')).toBe(true);
    expect((await h.call('POST', '/api/cases', { token, json: { ...birthBody(), requestId: id } })).status).toBe(201);
    // The body walker answers before the schema: NUL anywhere (here an unknown field's value) is refused.
    refused(await h.call('POST', '/api/intake/precheck', { token, json: { ...birthBody(), note: 'a\u0000' } }), 'INVALID_BODY', ['CONTROL_CHARACTER']);
  });

  it('a comment → 400; the timeline does not change', async () => {
    const before = (await h.call('GET', `/api/cases/${birth.caseId}/timeline`, { token: h.token(CLERK) })).body.events.length;
    refused(await act(h, HOSPITAL, birth.caseId, 'birthCertificate', { type: 'comment', text: '已\u0000核对' }), 'INVALID_BODY', ['CONTROL_CHARACTER']);
    refused(await act(h, HOSPITAL, birth.caseId, 'birthCertificate', { type: 'comment', text: '\u202e对核已' }), 'INVALID_BODY', ['BIDI_CONTROL']);
    const invisible = await act(h, HOSPITAL, birth.caseId, 'birthCertificate', { type: 'comment', text: '\u200b' });
    refused(invisible, 'VALIDATION_FAILED', ['NO_VISIBLE_TEXT']);
    expect((await h.call('GET', `/api/cases/${birth.caseId}/timeline`, { token: h.token(CLERK) })).body.events.length).toBe(before);
  });

  it('an upload file name (X-File-Name) → 400; no file is attached', async () => {
    expect((await act(h, HOSPITAL, birth.caseId, 'birthCertificate', { type: 'claim' })).status).toBe(200);
    const upload = (name: string) =>
      h.call('POST', `/api/subtasks/${birth.caseId}/birthCertificate/attachments`, {
        token: h.token(HOSPITAL),
        body: new Uint8Array(Buffer.from(`%PDF-1.4 ${name.length}`)),
        headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
      });
    refused(await upload('\u202efdp.exe'), 'INVALID_BODY', ['BIDI_CONTROL']);
    refused(await upload('scan\u0000.pdf'), 'INVALID_BODY', ['CONTROL_CHARACTER']);
    refused(await upload('\u200b\u200b'), 'INVALID_BODY', ['NO_VISIBLE_TEXT']);
    const detail = await h.call('GET', `/api/subtasks/${birth.caseId}/birthCertificate`, { token: h.token(HOSPITAL) });
    expect(detail.body.attachments ?? detail.body.subTask?.attachments ?? []).toEqual([]);
    expect((await upload('扫描件.pdf')).status).toBe(201);
  });

  it('a file name of a supplied document in the intake body → 400', async () => {
    const body = birthBody();
    const supplied = body.supplied.map((s, i) => (i === 0 ? { ...s, attachments: [{ sha256: 'a'.repeat(64), name: '\u202efdp.exe', size: 10, mime: 'application/pdf' }] } : s));
    refused(await h.call('POST', '/api/intake/precheck', { token: h.token(CLERK), json: { ...body, supplied } }), 'INVALID_BODY', ['BIDI_CONTROL']);
  });

  it('any query value of any route: a bidi or control character → 400 INVALID_QUERY', async () => {
    refused(await h.call('GET', `/api/queues/mine?cursor=${encodeURIComponent('\u202e')}`, { token: h.token(HOSPITAL) }), 'INVALID_QUERY', ['BIDI_CONTROL']);
    refused(await h.call('GET', `/api/contacts?department=${encodeURIComponent('a\u0000')}`, { token: h.token(HOSPITAL) }), 'INVALID_QUERY', ['CONTROL_CHARACTER']);
  });
});
