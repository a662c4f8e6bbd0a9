// @vitest-environment happy-dom
/**
 * The attachment picker (pages/attachments.tsx) against a recording server: files over the limit or of
 * another type are refused with their message before any upload; an accepted file is sent as the raw
 * body (type, URI-encoded X-File-Name) with its progress, a failure offers 重试, an image gets a thumbnail
 * and the full view; the list of a sub-task's files fetches a file only when tapped.
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import { AttachmentList, AttachmentPicker, refusalOf, type UploadedFile } from '../../../miniapp/pages/attachments';
import { askCommand } from '../../../miniapp/pages/subtaskActions';
import type { SubTaskDetail } from '../../../miniapp/pages/types';
import type { PickedFile, Platform } from '../../../miniapp/platform/types';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, waitFor, waitForTestId } from './helpers';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const SHA = 'a'.repeat(64);

let server: TestServer;
let failNext = 0;
let picked: PickedFile[] = [];
const kinds: string[] = [];
const opened: string[] = [];
const platform: Platform = {
  name: 'local',
  ready: async () => undefined,
  getAuthCode: async () => ({ platform: 'local', code: 'x' }),
  pickContact: async () => [],
  toast: async () => undefined,
  confirm: async () => true,
  setTitle: async () => undefined,
  openLink: async (url) => {
    opened.push(url);
  },
  previewImage: async () => undefined,
  pickFiles: async (o) => {
    kinds.push(o.kind);
    return picked;
  },
  fileBlob: async (f) => f.blob as Blob,
};
const file = (name: string, type: string, size?: number): PickedFile => {
  const blob = new Blob([PNG], { type });
  return { name, type, size: size === undefined ? blob.size : size, blob };
};

beforeAll(async () => {
  server = await startServer({
    ['POST /api/attachments/' + SHA + '/link']: () => ({ status: 200, json: { url: '/api/attachments/' + SHA + '/open?token=l1.abc.def', expiresAt: '2026-03-02T02:05:00.000Z' } }),
    'POST /api/intake/attachments': (req) => {
      if (failNext > 0) {
        failNext--;
        return { status: 503, json: { code: 'STORE_UNAVAILABLE', message: '存储暂不可用，请稍后重试' } };
      }
      return { status: 201, json: { attachment: { id: SHA, sha256: SHA, size: req.body.length, name: decodeURIComponent(String(req.headers['x-file-name'])), contentType: req.headers['content-type'] } } };
    },
    'POST /api/subtasks/C1/householdRegistration/attachments': (req) => {
      if (failNext > 0) {
        failNext--;
        return { status: 409, json: { code: 'INVALID_TRANSITION', message: '子任务当前状态「已办结」不能上传附件' } };
      }
      return { status: 201, json: { attachment: { id: SHA, sha256: SHA, size: req.body.length, name: 'x', contentType: req.headers['content-type'] } } };
    },
    ['GET /api/attachments/' + SHA]: () => ({ status: 200, text: 'png-bytes', headers: { 'Content-Type': 'image/png' } }),
  });
});
afterAll(() => server.close());

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
  server.requests.length = 0;
  document.body.innerHTML = '';
  kinds.length = 0;
});

function renderPicker(on: Platform = platform) {
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const reports: { uploaded: UploadedFile[]; unsettled: number }[] = [];
  const m = mount(h(AttachmentPicker, { api, platform: on, uploadPath: '/api/intake/attachments', testid: 'files', onChange: (uploaded, unsettled) => reports.push({ uploaded, unsettled }) }));
  unmount = m.unmount;
  return { reports, last: () => reports[reports.length - 1] };
}

describe('attachment limits', () => {
  it('refuses a file over 10 MB and a type other than JPG, PNG, PDF, with the Chinese messages', () => {
    expect(refusalOf(file('出生医学证明.png', 'image/png', 10 * 1024 * 1024 + 1))).toBe('「出生医学证明.png」文件过大，单个文件不超过 10 MB');
    expect(refusalOf(file('申请表.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'))).toBe('「申请表.docx」：只能上传 JPG、PNG、PDF 文件');
    expect(refusalOf(file('照片.heic', ''))).toBe('「照片.heic」：只能上传 JPG、PNG、PDF 文件');
    // a container path without a type: known by its extension
    expect(refusalOf({ name: 'scan.JPG', type: '', size: 2048, path: '/storage/scan.JPG' })).toBeNull();
    expect(refusalOf(file('扫描件.pdf', 'application/pdf', 10 * 1024 * 1024))).toBeNull();
  });
});

describe('AttachmentPicker', () => {
  it('shows the refusals and uploads nothing for refused files', async () => {
    renderPicker();
    picked = [file('大图.png', 'image/png', 12 * 1024 * 1024), file('表格.xlsx', 'application/vnd.ms-excel')];
    click(byTestId('files-image') as HTMLElement);
    await waitForTestId('file-refused');
    const texts = Array.prototype.map.call(document.querySelectorAll('[data-testid="file-refused"]'), (e: Element) => e.textContent);
    expect(texts).toEqual(['「大图.png」文件过大，单个文件不超过 10 MB', '「表格.xlsx」：只能上传 JPG、PNG、PDF 文件']);
    expect(document.querySelectorAll('[data-testid="file-item"]')).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
    expect(kinds).toEqual(['image']);
  });

  it('uploads an image as the raw body, reports its hash, shows the thumbnail and opens the full view', async () => {
    const { last } = renderPicker();
    picked = [file('出生医学证明.png', 'image/png')];
    click(byTestId('files-image') as HTMLElement);
    await waitFor(() => document.querySelector('[data-testid="file-item"][data-status="done"]'), 'uploaded');
    const req = server.requests[0];
    expect(req.headers['content-type']).toBe('image/png');
    expect(req.headers['x-file-name']).toBe(encodeURIComponent('出生医学证明.png'));
    expect(req.headers.authorization).toBe('Bearer tok');
    expect(new Uint8Array(req.body)).toEqual(PNG);
    await waitFor(() => last() && last().uploaded.length === 1, 'reported');
    expect(last()).toEqual({ uploaded: [{ sha256: SHA, name: '出生医学证明.png', size: PNG.length, mime: 'image/png' }], unsettled: 0 });
    expect(byTestId('file-item')?.textContent).toContain('已上传');
    click(await waitForTestId('file-thumb'));
    await waitForTestId('image-preview');
  });

  it('offers 重试 when an upload fails, and counts the file as unsettled until it is in', async () => {
    const { last } = renderPicker();
    failNext = 1;
    picked = [file('扫描件.pdf', 'application/pdf')];
    click(byTestId('files-pdf') as HTMLElement);
    await waitFor(() => document.querySelector('[data-testid="file-item"][data-status="failed"]'), 'failed');
    expect(byTestId('file-error')?.textContent).toBe('存储暂不可用，请稍后重试');
    expect(last()).toEqual({ uploaded: [], unsettled: 1 });
    expect(byTestId('file-icon')?.textContent).toBe('PDF');
    click(byTestId('file-retry') as HTMLElement);
    await waitFor(() => document.querySelector('[data-testid="file-item"][data-status="done"]'), 'retried');
    expect(server.requests).toHaveLength(2);
    await waitFor(() => last().unsettled === 0 && last().uploaded.length === 1, 'settled');
    expect(kinds).toEqual(['pdf']);
  });

  it('drops a removed file from what it reports', async () => {
    const { last } = renderPicker();
    picked = [file('a.jpg', 'image/jpeg')];
    click(byTestId('files-image') as HTMLElement);
    await waitFor(() => last() && last().uploaded.length === 1, 'uploaded');
    click(byTestId('file-remove') as HTMLElement);
    await waitFor(() => last().uploaded.length === 0, 'removed');
    expect(document.querySelectorAll('[data-testid="file-item"]')).toHaveLength(0);
  });
});

describe('a container that posts picked paths itself (DingTalk uploadFile)', () => {
  it('sends the path through platform.uploadPicked with the absolute URL, the session and the name; the answer is read as any upload', async () => {
    const sent: Array<{ path?: string; url: string; headers: Record<string, string> }> = [];
    const dingtalk: Platform = {
      ...platform,
      name: 'dingtalk',
      pickFiles: async () => [{ name: '户口簿首页.jpg', size: PNG.length, type: 'image/jpeg', path: '/storage/DCIM/户口簿首页.jpg' }],
      fileBlob: async () => {
        throw new Error('no bytes from a path');
      },
      // what the container does with uploadFile: a multipart post of the file at the path
      uploadPicked: async (f, url, headers) => {
        sent.push({ path: f.path, url, headers });
        const body = new FormData();
        body.append('file', new Blob([PNG], { type: 'image/jpeg' }), 'tmp.jpg');
        const r = await fetch(url, { method: 'POST', headers, body });
        return { status: r.status, body: await r.text() };
      },
    };
    const { last } = renderPicker(dingtalk);
    click(byTestId('files-image') as HTMLElement);
    await waitFor(() => last() && last().uploaded.length === 1, 'uploaded');
    expect(last().uploaded[0].sha256).toBe(SHA);
    expect(sent).toEqual([{ path: '/storage/DCIM/户口簿首页.jpg', url: server.url + '/api/intake/attachments', headers: { Authorization: 'Bearer tok', 'X-File-Name': encodeURIComponent('户口簿首页.jpg') } }]);
    expect(String(server.requests[0].headers['content-type'])).toMatch(/^multipart\/form-data/);
    expect(document.querySelector('[data-testid="file-item"]')?.getAttribute('data-status')).toBe('done');
  });

  it('a refusal from the server shows its message and offers 重试', async () => {
    failNext = 1;
    const dingtalk: Platform = {
      ...platform,
      pickFiles: async () => [{ name: 'a.jpg', size: 3, type: 'image/jpeg', path: '/p/a.jpg' }],
      uploadPicked: async (_f, url, headers) => {
        const r = await fetch(url, { method: 'POST', headers, body: new FormData() });
        return { status: r.status, body: await r.text() };
      },
    };
    renderPicker(dingtalk);
    click(byTestId('files-image') as HTMLElement);
    await waitFor(() => document.querySelector('[data-testid="file-item"][data-status="failed"]'), 'failed');
    expect(byTestId('file-error')?.textContent).toBe('存储暂不可用，请稍后重试');
  });
});

describe('AttachmentList', () => {
  it('fetches a file only when tapped, then shows it in the full view and keeps its thumbnail', async () => {
    const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
    const m = mount(
      h(AppContext.Provider, { value: { api, platform, staff: { id: 's', name: '王', roles: ['handler'] }, logout: () => undefined } },
        h(AttachmentList, { caseId: 'C1', itemId: 'household', attachments: [{ sha256: SHA, name: '出生医学证明.png', size: 11, contentType: 'image/png', material: 'birthCertificate' }], labelOf: (a) => '出生医学证明：' + a.name })),
    );
    unmount = m.unmount;
    expect(byTestId('attachment-open')?.textContent).toBe('出生医学证明：出生医学证明.png');
    expect(server.requests).toHaveLength(0);
    click(byTestId('attachment-icon') as HTMLElement);
    await waitForTestId('image-preview');
    expect(server.requests.map((r) => r.path + '?' + r.query.toString())).toEqual(['/api/attachments/' + SHA + '?caseId=C1&itemId=household']);
    await waitForTestId('attachment-thumb');
  });

  it('opens a PDF through a signed link the platform opens (no bytes fetched with the session)', async () => {
    const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
    const m = mount(
      h(AppContext.Provider, { value: { api, platform, staff: { id: 's', name: '王', roles: ['handler'] }, logout: () => undefined } },
        h(AttachmentList, { caseId: 'C1', itemId: 'household', attachments: [{ sha256: SHA, name: '出生医学证明.pdf', size: 11, contentType: 'application/pdf', material: 'birthCertificate' }], labelOf: (a) => a.name })),
    );
    unmount = m.unmount;
    opened.length = 0;
    click(byTestId('attachment-open') as HTMLElement);
    await waitFor(() => opened.length === 1, 'opened');
    expect(opened).toEqual([server.url + '/api/attachments/' + SHA + '/open?token=l1.abc.def']);
    expect(server.requests.map((r) => r.method + ' ' + r.path + '?' + r.query.toString())).toEqual(['POST /api/attachments/' + SHA + '/link?caseId=C1&itemId=household']);
    expect(server.requests[0].headers.authorization).toBe('Bearer tok');
  });
});

describe('附件 in the 提交补正 sheet', () => {
  const detail = {
    subTask: {
      caseId: 'C1', itemId: 'householdRegistration', itemName: '户口登记', state: 'returned', form: {}, inputs: {}, outputs: null, deliveries: {},
      correction: { reason: '户口簿首页不清晰', items: ['户口簿首页'] }, version: 4,
    },
    timeline: [],
    fields: [],
  } as unknown as SubTaskDetail;
  const ctx = () => ({ api: createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined }), platform, staff: { id: 'clerk1', name: '陈窗口', roles: ['clerk'] }, detail });

  it('uploads the picked scan to the sub-task, then sends the command', async () => {
    const asked = askCommand('resubmit', ctx());
    const sheet = await waitForTestId('form-sheet');
    expect(sheet.textContent).toContain('补正要求：户口簿首页不清晰');
    picked = [file('户口簿首页.jpg', 'image/jpeg')];
    click(byTestId('sheet-files-image', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelector('[data-testid="file-item"][data-status="done"]'), 'uploaded');
    expect(server.requests.map((r) => r.method + ' ' + r.path)).toEqual(['POST /api/subtasks/C1/householdRegistration/attachments']);
    expect(server.requests[0].headers['content-type']).toBe('image/jpeg');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await expect(asked).resolves.toEqual({ type: 'resubmit', values: {} });
  });

  it('does not send the command while a file failed: says so, the files that got there stay on the sub-task', async () => {
    failNext = 1;
    const asked = askCommand('resubmit', ctx());
    const sheet = await waitForTestId('form-sheet');
    picked = [file('扫描件.pdf', 'application/pdf')];
    click(byTestId('sheet-files-pdf', sheet) as HTMLElement);
    await waitFor(() => sheet.querySelector('[data-testid="file-item"][data-status="failed"]'), 'failed');
    expect(byTestId('file-error', sheet)?.textContent).toBe('子任务当前状态「已办结」不能上传附件');
    click(byTestId('sheet-ok', sheet) as HTMLElement);
    await expect(asked).rejects.toThrow('附件尚未全部上传');
  });
});
