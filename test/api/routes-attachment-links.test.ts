// Signed attachment links (api/attachmentLink.ts) on the real service and tablestore-local: the staff member
// who may read a file gets a link (no audit record yet); the link's GET, without any Bearer header, answers
// the file inline within its five minutes and writes the audit record; an expired, forged or another file's
// token is refused with a catalog code and a Chinese message; another department cannot make a link.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLink, LINK_TTL_SECONDS } from '../../functions/api/attachmentLink';
import { verifySession } from '../../functions/api/session';
import { acceptThroughApi, act, birthBody, type AcceptedCase } from './fixtures';
import { NOW, SECRET, startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let birth: AcceptedCase;
const ITEM = 'birthCertificate';
const DEPT = 'haishu-hospital1';
const HANDLER = `${DEPT}-handler1`;
const NAME = '出生医学证明（存根）.pdf';
const BYTES = new Uint8Array(Buffer.from('%PDF-1.7\n附件链接\n%%EOF\n'));
const SHA = createHash('sha256').update(BYTES).digest('hex');
const CHINESE = /[\u4e00-\u9fa5]/;

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
  expect((await act(h, HANDLER, birth.caseId, ITEM, { type: 'claim' })).status).toBe(200);
  const up = await h.call('POST', `/api/subtasks/${birth.caseId}/${ITEM}/attachments`, {
    token: h.token(HANDLER), body: BYTES, headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(NAME) },
  });
  expect(up.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const makeLink = (who: string, sha = SHA) => h.call('POST', `/api/attachments/${sha}/link?caseId=${birth.caseId}&itemId=${ITEM}`, { token: h.token(who) });
const reads = async (): Promise<Array<{ actor: { id: string } }>> => {
  const r = await h.call('GET', `/api/audit/cases/${birth.caseId}`, { token: h.token('haishu-serviceCenter-auditor1') });
  return r.body.records.filter((x: { action: string }) => x.action === 'attachmentRead');
};
const claimsOf = (who: string) => {
  const v = verifySession(h.token(who), SECRET, Date.parse(NOW));
  if (!v.ok) throw new Error('token');
  return v.claims;
};

describe('signed attachment links', () => {
  it('the entitled staff member gets a link; making it writes no audit record, using it (no Bearer header) serves the file inline and writes one', async () => {
    const before = (await reads()).length;
    const r = await makeLink(HANDLER);
    expect(r.status).toBe(200);
    expect(r.body.url).toMatch(new RegExp(`^/api/attachments/${SHA}/open\\?token=`));
    expect(Date.parse(r.body.expiresAt) - Date.parse(NOW)).toBe(LINK_TTL_SECONDS * 1000);
    expect((await reads()).length).toBe(before);

    const file = await h.call('GET', r.body.url);
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(file.body as Buffer).digest('hex')).toBe(SHA);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent(NAME)}`);
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    const after = await reads();
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1].actor.id).toBe(HANDLER);
  });

  it('an expired link: 401 LINK_EXPIRED with a Chinese message', async () => {
    const old = issueLink({ sha256: SHA, caseId: birth.caseId, itemId: ITEM }, claimsOf(HANDLER), SECRET, Date.parse(NOW) - (LINK_TTL_SECONDS + 1) * 1000);
    const r = await h.call('GET', `/api/attachments/${SHA}/open?token=${encodeURIComponent(old.token)}`);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('LINK_EXPIRED');
    expect(r.body.message).toMatch(CHINESE);
  });

  it('a forged token, one signed with another secret, one with a lifetime never issued, or none: 403 LINK_INVALID', async () => {
    const good = issueLink({ sha256: SHA, caseId: birth.caseId, itemId: ITEM }, claimsOf(HANDLER), SECRET, Date.parse(NOW)).token;
    const [v, payload, sig] = good.split('.');
    // the same claims for another staff member (one of another department), under the old signature
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const swapped = Buffer.from(JSON.stringify({ ...claims, staff: { ...claims.staff, sub: 'haishu-police-handler1' } })).toString('base64url');
    const longLived = issueLink({ sha256: SHA, caseId: birth.caseId, itemId: ITEM }, claimsOf(HANDLER), SECRET, Date.parse(NOW) + 3600_000).token;
    const tokens = [
      `${v}.${swapped}.${sig}`,
      `${v}.${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`,
      // the same MAC bytes spelt with base64's unused last bits set (a canonical last character is one of
      // AEIMQUYcgkosw048; the next character decodes to the same bytes): not the text issued
      `${v}.${payload}.${sig.slice(0, -1)}${String.fromCharCode(sig.charCodeAt(sig.length - 1) + 1)}`,
      issueLink({ sha256: SHA, caseId: birth.caseId, itemId: ITEM }, claimsOf(HANDLER), 'another-deployment-secret-0123456789abcdef', Date.parse(NOW)).token,
      h.token(HANDLER), // a session token is not a link token
      longLived,
      '',
    ];
    for (const t of tokens) {
      const r = await h.call('GET', `/api/attachments/${SHA}/open?token=${encodeURIComponent(t)}`);
      expect(r.status, t.slice(0, 30)).toBe(403);
      expect(r.body.code).toBe('LINK_INVALID');
      expect(r.body.message).toMatch(CHINESE);
    }
  });

  it("another file's token is refused (403 LINK_INVALID), even for a file the staff member may read", async () => {
    const other = 'c'.repeat(64);
    const forOther = issueLink({ sha256: other, caseId: birth.caseId, itemId: ITEM }, claimsOf(HANDLER), SECRET, Date.parse(NOW)).token;
    const r = await h.call('GET', `/api/attachments/${SHA}/open?token=${encodeURIComponent(forOther)}`);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('LINK_INVALID');
  });

  it('another department or district cannot make a link (403), nor for a hash the sub-task does not carry', async () => {
    for (const who of ['haishu-police-handler1', 'jiangbei-hospital1-handler1']) {
      const r = await makeLink(who);
      expect(r.status, who).toBe(403);
      expect(r.body.message).toMatch(CHINESE);
    }
    expect((await makeLink(HANDLER, 'b'.repeat(64))).status).toBe(403);
  });

  it('a link is refused once the directory no longer backs the staff member who made it (logout)', async () => {
    const r = await makeLink(HANDLER);
    expect(r.status).toBe(200);
    expect((await h.call('POST', '/api/logout', { token: h.token(HANDLER) })).status).toBeLessThan(300);
    const file = await h.call('GET', r.body.url);
    expect(file.status).toBe(401);
    expect(file.body.code).toBe('SESSION_REVOKED');
  });
});
