// Attachments (附件), stored content-addressed by the service:
//   POST /api/subtasks/:caseId/:itemId/attachments  raw bytes; Content-Type; X-File-Name (URI-encoded) → 201 {attachment}
//        — or multipart/form-data with exactly one file part (DingTalk's uploadFile), same limits and checks
//   GET  /api/attachments/:sha256?caseId=&itemId=    the bytes, if the actor may see a material of that case carrying them (audited)
//   POST /api/attachments/:sha256/link?caseId=&itemId=  the same check, no bytes → {url, expiresAt}: a signed link (api/attachmentLink.ts)
//   GET  /api/attachments/:sha256/open?token=          no Bearer header: the link's token; the bytes inline (audited as the link's staff member)
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../core/attachmentLimits.js';
import { CASE_ID_PATTERN } from '../../core/case.js';
import { fileNameIssues } from '../../core/text.js';
import { checkLink, issueLink } from '../attachmentLink.js';
import { staleSession } from '../auth.js';
import { apiError } from '../errors.js';
import { actorOf } from '../session.js';
import { patternParam } from '../validation.js';
import { actor, caseIdParam, itemIdParam, type ApiApp, type ApiContext, type RouteContext } from './context.js';

const SHA256 = /^[0-9a-f]{64}$/;

function fileName(header: string | undefined): string {
  let name = '';
  try {
    name = decodeURIComponent(header ?? '').trim();
  } catch {
    name = '';
  }
  // Visible, one line, no path parts, no control or bidi characters (core text.ts: "\u202efdp.exe" is refused).
  const problems = name ? fileNameIssues(name, 'x-file-name') : [];
  if (!name || problems.length) {
    throw apiError('INVALID_BODY', [{ field: 'x-file-name', code: 'INVALID_FILE_NAME', message: '文件名缺失或无效（请求头 X-File-Name，URI 编码，最长 200 字）' }, ...problems]);
  }
  return name;
}

function fileWhere(c: ApiContext): { sha256: string; caseId: string; itemId: string } {
  const sha256 = c.req.param('sha256') ?? '';
  if (!SHA256.test(sha256)) throw apiError('RECORD_NOT_FOUND');
  const caseId = patternParam('caseId', c.req.query('caseId'), CASE_ID_PATTERN, '办件编号格式不正确', true) as string;
  const itemId = patternParam('itemId', c.req.query('itemId'), /^[a-zA-Z][a-zA-Z0-9]{0,63}$/, '事项编号格式不正确', true) as string;
  return { sha256, caseId, itemId };
}

function fileResponse(c: ApiContext, file: { bytes: Uint8Array; contentType: string; name: string }, disposition: 'attachment' | 'inline'): Response {
  return c.body(new Uint8Array(file.bytes), 200, {
    'content-type': file.contentType,
    'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

export function registerAttachmentRoutes(app: ApiApp, { services, auth, links }: RouteContext): void {
  app.post('/api/subtasks/:caseId/:itemId/attachments', auth, async (c) => {
    const caseId = caseIdParam(c);
    const itemId = itemIdParam(c);
    return c.json(await services.uploadAttachment(actor(c), caseId, itemId, await uploadOf(c)), 201);
  });

  // A file for an intake (受理材料), before the case exists: recorded as this clerk's intake upload; an
  // intake (POST /api/cases) may carry only files its clerk uploaded here.
  app.post('/api/intake/attachments', auth, async (c) => c.json(await services.uploadIntakeAttachment(actor(c), await uploadOf(c)), 201));

  app.get('/api/attachments/:sha256', auth, async (c) => {
    const { sha256, caseId, itemId } = fileWhere(c);
    return fileResponse(c, await services.downloadAttachment(actor(c), sha256, { caseId, itemId }), 'attachment');
  });

  // The link is made after the download's own check (readableFiles), which reads no bytes and writes no
  // audit record: the record is written when the link is used (each GET …/open below), as a download's is.
  app.post('/api/attachments/:sha256/link', auth, async (c) => {
    const where = fileWhere(c);
    await services.checkAttachmentRead(actor(c), where.sha256, { caseId: where.caseId, itemId: where.itemId });
    const { token, expiresAt } = issueLink(where, c.get('session'), links.secret, links.now());
    return c.json({ url: `/api/attachments/${where.sha256}/open?token=${encodeURIComponent(token)}`, expiresAt });
  });

  app.get('/api/attachments/:sha256/open', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256.test(sha256)) throw apiError('RECORD_NOT_FOUND');
    const checked = checkLink(c.req.query('token') ?? '', sha256, links.secret, links.now());
    if (!checked.ok) throw apiError(checked.reason === 'expired' ? 'LINK_EXPIRED' : 'LINK_INVALID');
    const { staff, caseId, itemId } = checked.claims;
    // The directory as it is now backs the link as it backs a session: logged out, moved or disabled → refused.
    const linked = { ...staff, iat: 0, exp: checked.claims.exp };
    const stale = staleSession(linked, await links.sessions.current(staff.sub));
    if (stale) throw apiError(stale);
    return fileResponse(c, await services.downloadAttachment(actorOf(linked), sha256, { caseId, itemId }), 'inline');
  });
}

/** A multipart body may exceed the file by its boundaries and part headers; the file itself is checked exactly. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Raw bytes with their type (Content-Type) and name (X-File-Name, URI-encoded), checked before the service;
 * or multipart/form-data with exactly one file part (DingTalk's `uploadFile` sends the chosen image so): its
 * type is the part's, its name X-File-Name when sent, else the part's filename — the same checks either way.
 */
async function uploadOf(c: ApiContext): Promise<{ bytes: Uint8Array; name: string; contentType: string }> {
  const header = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (header === 'multipart/form-data') return multipartUpload(c);
  const contentType = header;
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(contentType)) {
    throw apiError('UNSUPPORTED_MEDIA_TYPE', [], `附件类型须为 PDF、JPEG 或 PNG（收到 ${contentType || '无'}）`);
  }
  const name = fileName(c.req.header('x-file-name'));
  if (Number(c.req.header('content-length') ?? '0') > MAX_ATTACHMENT_BYTES) throw apiError('PAYLOAD_TOO_LARGE', [], '附件不能超过 10 MB');
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return checkedBytes(bytes, name, contentType);
}

function checkedBytes(bytes: Uint8Array, name: string, contentType: string): { bytes: Uint8Array; name: string; contentType: string } {
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw apiError('PAYLOAD_TOO_LARGE', [], '附件不能超过 10 MB');
  if (bytes.byteLength === 0) throw apiError('INVALID_BODY', [{ code: 'EMPTY_FILE', message: '附件内容为空' }]);
  return { bytes, name, contentType };
}

async function multipartUpload(c: ApiContext): Promise<{ bytes: Uint8Array; name: string; contentType: string }> {
  if (Number(c.req.header('content-length') ?? '0') > MAX_ATTACHMENT_BYTES + MULTIPART_OVERHEAD) throw apiError('PAYLOAD_TOO_LARGE', [], '附件不能超过 10 MB');
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw apiError('INVALID_BODY', [{ code: 'INVALID_MULTIPART', message: '表单内容无法解析' }]);
  }
  const files: File[] = [];
  for (const value of Object.values(form)) for (const v of Array.isArray(value) ? value : [value]) if (v instanceof File) files.push(v);
  if (files.length !== 1) throw apiError('INVALID_BODY', [{ code: 'ONE_FILE', message: `表单须恰好含一个文件（收到 ${files.length} 个）` }]);
  const file = files[0];
  const contentType = (file.type || 'application/octet-stream').split(';')[0].trim().toLowerCase();
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(contentType)) {
    throw apiError('UNSUPPORTED_MEDIA_TYPE', [], `附件类型须为 PDF、JPEG 或 PNG（收到 ${contentType}）`);
  }
  const sent = c.req.header('x-file-name');
  const name = fileName(sent !== undefined && sent !== '' ? sent : encodeURIComponent(file.name));
  if (file.size > MAX_ATTACHMENT_BYTES) throw apiError('PAYLOAD_TOO_LARGE', [], '附件不能超过 10 MB');
  return checkedBytes(new Uint8Array(await file.arrayBuffer()), name, contentType);
}
