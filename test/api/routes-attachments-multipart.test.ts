// The upload routes also take multipart/form-data with one file part (as DingTalk's uploadFile sends a chosen
// image): the same stored file and answer as the raw body, the same checks — one file exactly, the types, the
// 10 MB limit, a valid name (X-File-Name when sent, else the part's filename) — and the same authorisation.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../functions/core/attachmentLimits';
import { acceptThroughApi, act, birthBody, type AcceptedCase } from './fixtures';
import { startRouteHarness, type RouteHarness } from './route-support';

let h: RouteHarness;
let birth: AcceptedCase;
const ITEM = 'birthCertificate';
const HANDLER = 'haishu-hospital1-handler1';
const CLERK = 'yinzhou-serviceCenter-clerk1';
const JPEG = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('出生医学证明照片'.repeat(50)), Buffer.from([0xff, 0xd9])]));
const SHA = createHash('sha256').update(JPEG).digest('hex');
const CHINESE = /[\u4e00-\u9fa5]/;

beforeAll(async () => {
  h = await startRouteHarness();
  birth = await acceptThroughApi(h, birthBody());
  expect((await act(h, HANDLER, birth.caseId, ITEM, { type: 'claim' })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

function form(parts: Array<{ field: string; bytes?: Uint8Array; type?: string; filename?: string; text?: string }>): FormData {
  const f = new FormData();
  for (const p of parts) {
    if (p.text !== undefined) f.append(p.field, p.text);
    else f.append(p.field, new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type ?? '' }), p.filename ?? 'file');
  }
  return f;
}
const toSubTask = (who: string, body: FormData, headers: Record<string, string> = {}) =>
  h.call('POST', `/api/subtasks/${birth.caseId}/${ITEM}/attachments`, { token: h.token(who), body, headers });

describe('multipart uploads', () => {
  it('one file part: 201 with the same attachment a raw body gives (name from the part, or X-File-Name when sent)', async () => {
    const r = await toSubTask(HANDLER, form([{ field: 'file', bytes: JPEG, type: 'image/jpeg', filename: '出生证明照片.jpg' }, { field: 'note', text: '其他字段不影响' }]));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.attachment).toEqual({ id: SHA, sha256: SHA, size: JPEG.length, name: '出生证明照片.jpg', contentType: 'image/jpeg' });
    const named = await toSubTask(HANDLER, form([{ field: 'anything', bytes: JPEG, type: 'image/jpeg', filename: 'tmp_123.jpg' }]), { 'x-file-name': encodeURIComponent('出生证明（正面）.jpg') });
    expect(named.status).toBe(201);
    expect(named.body.attachment.name).toBe('出生证明（正面）.jpg');
    expect(named.body.attachment.sha256).toBe(SHA);
    const raw = await h.call('POST', `/api/subtasks/${birth.caseId}/${ITEM}/attachments`, {
      token: h.token(HANDLER), body: JPEG, headers: { 'content-type': 'image/jpeg', 'x-file-name': encodeURIComponent('出生证明照片.jpg') },
    });
    expect(raw.body.attachment).toEqual(r.body.attachment);
    // stored once, readable as any other
    const file = await h.call('GET', `/api/attachments/${SHA}?caseId=${birth.caseId}&itemId=${ITEM}`, { token: h.token(HANDLER) });
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(file.body as Buffer).digest('hex')).toBe(SHA);
  });

  it('intake uploads take it too', async () => {
    const r = await h.call('POST', '/api/intake/attachments', { token: h.token(CLERK), body: form([{ field: 'file', bytes: JPEG, type: 'image/jpeg', filename: '户口簿.jpg' }]) });
    expect(r.status).toBe(201);
    expect(r.body.attachment.sha256).toBe(SHA);
  });

  it('no file, two files, a wrong type, an empty or too large file, a bad name: refused with Chinese messages', async () => {
    const cases: Array<[FormData, number, string, Record<string, string>?]> = [
      [form([{ field: 'note', text: 'x' }]), 400, 'INVALID_BODY'],
      [form([{ field: 'a', bytes: JPEG, type: 'image/jpeg' }, { field: 'b', bytes: JPEG, type: 'image/jpeg' }]), 400, 'INVALID_BODY'],
      [form([{ field: 'file', bytes: JPEG, type: 'image/gif', filename: 'x.gif' }]), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [form([{ field: 'file', bytes: new Uint8Array(0), type: 'image/jpeg', filename: 'x.jpg' }]), 400, 'INVALID_BODY'],
      [form([{ field: 'file', bytes: new Uint8Array(MAX_ATTACHMENT_BYTES + 1), type: 'application/pdf', filename: 'big.pdf' }]), 413, 'PAYLOAD_TOO_LARGE'],
      [form([{ field: 'file', bytes: JPEG, type: 'image/jpeg', filename: '\u202egpj.exe' }]), 400, 'INVALID_BODY'],
    ];
    for (const [body, status, code] of cases) {
      const r = await toSubTask(HANDLER, body);
      expect(r.status, code).toBe(status);
      expect(r.body.code).toBe(code);
      expect(r.body.message).toMatch(CHINESE);
    }
  });

  it('the same authorisation: another department cannot upload', async () => {
    const r = await toSubTask('haishu-police-handler1', form([{ field: 'file', bytes: JPEG, type: 'image/jpeg', filename: 'x.jpg' }]));
    expect(r.status).toBe(403);
  });
});
