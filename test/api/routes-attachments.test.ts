// Attachments through HTTP on the real service and tablestore-local: the claimer uploads raw bytes
// (content type and URI-encoded file name in headers), the bytes come back unchanged to those who may
// see the sub-task's materials, every download is an audit record, and others are refused.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthBundle, outputsFor } from '../core/fixtures';
import { acceptThroughApi, act, birthBody, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let birth: AcceptedCase;
const ITEM = 'birthCertificate';
const DEPT = 'haishu-hospital1';
const NAME = '出生医学证明（存根）扫描件.pdf';
const BYTES: Uint8Array<ArrayBuffer> = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0x41), Buffer.from('\n%%EOF\n')]));
const SHA = createHash('sha256').update(BYTES).digest('hex');

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

const upload = (who: string, body: Uint8Array<ArrayBuffer> = BYTES, name = NAME) =>
  h.call('POST', `/api/subtasks/${birth.caseId}/${ITEM}/attachments`, {
    token: h.token(who),
    body,
    headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
  });
const download = (who: string, sha = SHA, itemId = ITEM) => h.call('GET', `/api/attachments/${sha}?caseId=${birth.caseId}&itemId=${itemId}`, { token: h.token(who) });

describe('attachments', () => {
  it('only the one working the sub-task (or a signer of its department) may upload', async () => {
    // ready, nobody has claimed it yet: a handler is not its assignee
    expect((await upload(`${DEPT}-handler1`)).status).toBe(403);
    expect((await act(h, `${DEPT}-handler1`, birth.caseId, ITEM, { type: 'claim' })).status).toBe(200);
    expect((await upload(`${DEPT}-handler2`)).status).toBe(403);
    expect((await upload('haishu-police-handler1')).status).toBe(403);
  });

  it('the claimer uploads: 201 with the content hash, size, decoded name and type', async () => {
    const r = await upload(`${DEPT}-handler1`);
    expect(r.status).toBe(201);
    expect(r.body.attachment).toEqual({ id: SHA, sha256: SHA, size: BYTES.length, name: NAME, contentType: 'application/pdf' });
  });

  it('the bytes come back unchanged, as a download that is not cached', async () => {
    for (const who of [`${DEPT}-handler1`, `${DEPT}-signer1`]) {
      const r = await download(who);
      expect(r.status, who).toBe(200);
      expect(createHash('sha256').update(r.body as Buffer).digest('hex')).toBe(SHA);
      expect(r.headers.get('content-type')).toBe('application/pdf');
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(NAME)}`);
    }
  });

  it('another department, another district, or a hash the sub-task does not carry: refused', async () => {
    expect((await download('haishu-police-handler1')).status).toBe(403);
    expect((await download('jiangbei-hospital1-handler1')).status).toBe(403);
    expect((await download(`${DEPT}-handler1`, 'b'.repeat(64))).status).toBe(403);
    // the hash exists, but not on this sub-task
    expect((await download('yinzhou-police-handler1', SHA, 'householdRegistration')).status).toBe(403);
  });

  it('every download is an audit record naming the attachment; the chain verifies', async () => {
    const r = await h.call('GET', `/api/audit/cases/${birth.caseId}`, { token: h.token('haishu-serviceCenter-auditor1') });
    expect(r.status).toBe(200);
    const reads = r.body.records.filter((x: { action: string }) => x.action === 'attachmentRead');
    expect(reads).toHaveLength(2);
    expect(reads.every((x: { data: string[] }) => x.data.includes(`attachment:${SHA}`))).toBe(true);
    expect(reads.map((x: { actor: { id: string } }) => x.actor.id).sort()).toEqual([`${DEPT}-handler1`, `${DEPT}-signer1`]);
    expect(r.body.chainValid).toBe(true);
    // the names an auditor's page shows instead of the codes
    expect(r.body.names.departments[DEPT]).toMatch(/[\u4e00-\u9fa5]/);
    expect(r.body.names.districts['330203']).toBe('海曙区');
    expect(r.body.names.items.birthCertificate).toBe('出生医学证明');
    expect(r.body.names.bundle).toMatch(/出生/);
  });

  it('the same content uploaded twice is stored once (same hash, 201 again)', async () => {
    const again = await upload(`${DEPT}-handler1`, BYTES, '副本.pdf');
    expect(again.status).toBe(201);
    expect(again.body.attachment.sha256).toBe(SHA);
  });
});

describe('uploads follow the sub-task state (policy: authorizeAttachmentUpload)', () => {
  const CHINESE = /[\u4e00-\u9fff]/;
  const other = Buffer.from('%PDF-1.7\n补充材料\n%%EOF\n');

  it('a signer cannot add a file to a sub-task nobody has claimed yet (409, Chinese message)', async () => {
    const fresh = await acceptThroughApi(h, birthBody());
    const r = await h.call('POST', `/api/subtasks/${fresh.caseId}/${ITEM}/attachments`, {
      token: h.token(`${DEPT}-signer1`),
      body: new Uint8Array(other),
      headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('补充.pdf') },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('INVALID_TRANSITION');
    expect(r.body.message).toMatch(CHINESE);
  });

  it('once the sub-task is signed (已办结): 409 for its own department, 403 for another department, nothing added', async () => {
    const signed = await act(h, `${DEPT}-signer1`, birth.caseId, ITEM, { type: 'signOff', sealId: `${DEPT}-seal`, outputs: outputsFor(birthBundle, ITEM) });
    expect(signed.status, JSON.stringify(signed.body).slice(0, 300)).toBe(200);
    expect(signed.body.subTask.state).toBe('done');
    const before = await h.call('GET', `/api/subtasks/${birth.caseId}/${ITEM}`, { token: h.token(`${DEPT}-signer1`) });
    for (const who of [`${DEPT}-handler1`, `${DEPT}-signer1`]) {
      const r = await upload(who, new Uint8Array(other), '办结后补传.pdf');
      expect(r.status, who).toBe(409);
      expect(r.body.code).toBe('INVALID_TRANSITION');
      expect(r.body.message).toMatch(CHINESE);
      expect(r.body.message).toContain('已办结');
    }
    const foreign = await upload('haishu-police-handler1', new Uint8Array(other), '外部门.pdf');
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(CHINESE);
    const after = await h.call('GET', `/api/subtasks/${birth.caseId}/${ITEM}`, { token: h.token(`${DEPT}-signer1`) });
    expect(after.body.attachments).toEqual(before.body.attachments);
  });
});
