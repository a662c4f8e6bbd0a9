// Files of an intake (受理材料): POST /api/cases may name in supplied[].attachments[] only a file its clerk
// uploaded for an intake (POST /api/intake/attachments) — not another case's file, not another clerk's
// upload, not a made-up hash — and the size and type recorded are the stored file's, not the request's.
// Without that, a clerk could attach another case's file to a new case by its hash, and that case's
// departments could then download it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptThroughApi, act, birthBody, CLERK, requestId, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let other: AcceptedCase;
const CLERK_B = 'yinzhou-serviceCenter-clerk2';
const CHINESE = /[\u4e00-\u9fff]/;
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A case whose hospital uploaded a scan (the file another case must not reach). */
const SECRET_SCAN = pdf('另一个办件的出生医学证明存根 '.repeat(40));
const SECRET_SHA = sha(SECRET_SCAN);
/** A scan of the household book, uploaded by CLERK for an intake. */
const BOOK = pdf('户口簿扫描件 '.repeat(60));
const BOOK_SHA = sha(BOOK);

beforeAll(async () => {
  h = await startRouteHarness();
  other = await acceptThroughApi(h, birthBody());
  const hospital = `${other.routes.birthCertificate.department}-handler1`;
  expect((await act(h, hospital, other.caseId, 'birthCertificate', { type: 'claim' })).status).toBe(200);
  const up = await h.call('POST', `/api/subtasks/${other.caseId}/birthCertificate/attachments`, {
    token: h.token(hospital),
    body: SECRET_SCAN,
    headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('存根.pdf') },
  });
  expect(up.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const uploadForIntake = (who: string, bytes: Uint8Array, name = '户口簿.pdf', type = 'application/pdf') =>
  h.call('POST', '/api/intake/attachments', { token: h.token(who), body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) } });

/** The birth body with one file on the household book (supplied[1]). */
function withFile(file: { sha256: string; name: string; size: number; mime: string }) {
  const body = birthBody();
  body.supplied[1].attachments = [file];
  return { ...body, requestId: requestId('intake-file') };
}

const createCase = (who: string, body: Record<string, unknown>) => h.call('POST', '/api/cases', { token: h.token(who), json: body });

function refusedReference(r: { status: number; body: any }) {
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(400);
  expect(r.body.code).toBe('VALIDATION_FAILED');
  expect(r.body.message).toMatch(CHINESE);
  expect(r.body.issues).toContainEqual(expect.objectContaining({ field: 'supplied.1.attachments.0.sha256', code: 'ATTACHMENT_NOT_UPLOADED' }));
}

describe('files of an intake', () => {
  it('a clerk uploads a file for an intake: 201 with its hash and real size; others may not', async () => {
    const r = await uploadForIntake(CLERK, BOOK);
    expect(r.status).toBe(201);
    expect(r.body.attachment).toEqual({ id: BOOK_SHA, sha256: BOOK_SHA, size: BOOK.length, name: '户口簿.pdf', contentType: 'application/pdf' });
    const handler = await uploadForIntake('yinzhou-police-handler1', BOOK);
    expect(handler.status).toBe(403);
    expect(handler.body.message).toMatch(CHINESE);
  });

  it("another case's file, named by its hash, is refused — and stays out of reach of the new case's departments", async () => {
    const before = (await h.call('GET', `/api/cases/${other.caseId}`, { token: h.token(CLERK) })).body;
    const r = await createCase(CLERK, withFile({ sha256: SECRET_SHA, name: '户口簿.pdf', size: SECRET_SCAN.length, mime: 'application/pdf' }));
    // The new case (had it been accepted), or the same intake without that file: its household department
    // cannot download the other case's file through it.
    const mine: AcceptedCase = r.status === 201
      ? {
        caseId: r.body.case.id,
        view: r.body.case,
        routes: Object.fromEntries(r.body.case.subTasks.map((s: { itemId: string; district: string; department: string }) => [s.itemId, s])),
      }
      : await acceptThroughApi(h, birthBody());
    const police = `${mine.routes.householdRegistration.department}-handler1`;
    const got = await h.call('GET', `/api/attachments/${SECRET_SHA}?caseId=${mine.caseId}&itemId=householdRegistration`, { token: h.token(police) });
    expect(got.status).toBe(403);
    refusedReference(r);
    expect((await h.call('GET', `/api/cases/${other.caseId}`, { token: h.token(CLERK) })).body).toEqual(before);
  });

  it("another clerk's upload is refused (same district, same role)", async () => {
    refusedReference(await createCase(CLERK_B, withFile({ sha256: BOOK_SHA, name: '户口簿.pdf', size: BOOK.length, mime: 'application/pdf' })));
  });

  it('a made-up hash is refused', async () => {
    refusedReference(await createCase(CLERK, withFile({ sha256: 'c'.repeat(64), name: '户口簿.pdf', size: 1024, mime: 'application/pdf' })));
  });

  it("the uploader's own file is accepted with its real size and type, whatever the request claims, and reaches the department", async () => {
    const r = await createCase(CLERK, withFile({ sha256: BOOK_SHA, name: '户口簿（首页）.pdf', size: 1, mime: 'image/png' }));
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(201);
    const caseId = r.body.case.id as string;
    const dept = r.body.case.subTasks.find((s: { itemId: string }) => s.itemId === 'householdRegistration').department as string;
    const police = `${dept}-handler1`;
    const detail = await h.call('GET', `/api/subtasks/${caseId}/householdRegistration`, { token: h.token(police) });
    expect(detail.status).toBe(200);
    expect(detail.body.attachments).toContainEqual(expect.objectContaining({ sha256: BOOK_SHA, size: BOOK.length, contentType: 'application/pdf', name: '户口簿（首页）.pdf' }));
    const got = await h.call('GET', `/api/attachments/${BOOK_SHA}?caseId=${caseId}&itemId=householdRegistration`, { token: h.token(police) });
    expect(got.status).toBe(200);
    expect(sha(got.body as Buffer)).toBe(BOOK_SHA);
    expect(got.headers.get('content-type')).toBe('application/pdf');
  });
});
