/**
 * Attachments (附件) in the pages: the picker that adds scans and photos to an intake material or to a
 * sub-task (补正, 签章办结) — limits checked before any upload, one upload per file with its progress and
 * 重试 on failure, thumbnails and the full view of images — and the list of a sub-task's files that opens
 * them. Used by the intake and sub-task chunks only (page code, not the shell).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_ATTACHMENT_BYTES } from '../../functions/core/attachmentLimits';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { showImagePreview } from '../components/ImagePreview';
import { typeOfName } from '../platform/files';
import { buildUrl, type ApiClient } from '../api';
import type { PickedFile, PickFilesOptions, Platform } from '../platform/types';
import type { AttachmentInfo } from './types';

/** What an intake's `supplied[].attachments[]` carries (schemas/intake.schema.json): the stored file's hash. */
export interface UploadedFile {
  sha256: string;
  name: string;
  size: number;
  mime: string;
}

/** The types the mini-app offers (the server also takes `application/octet-stream` from clients that cannot tell). */
const PICKABLE = ['image/jpeg', 'image/png', 'application/pdf'];
const MAX_MB = MAX_ATTACHMENT_BYTES / 1024 / 1024;

/** The picked file's type if it may be uploaded (by its name when the picker gave none), else null. */
function pickableType(file: PickedFile): string | null {
  const t = (file.type || '').toLowerCase();
  if (PICKABLE.indexOf(t) >= 0) return t;
  if (t && t !== 'application/octet-stream') return null;
  const byName = typeOfName(file.name);
  return byName || null;
}

/** Why a picked file may not be uploaded (Chinese, for the picker), or null. */
export function refusalOf(file: PickedFile): string | null {
  if (!pickableType(file)) return '「' + file.name + '」：只能上传 JPG、PNG、PDF 文件';
  if (file.size > MAX_ATTACHMENT_BYTES) return '「' + file.name + '」文件过大，单个文件不超过 ' + MAX_MB + ' MB';
  if (file.size === 0) return '「' + file.name + '」内容为空';
  return null;
}

function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}

interface Entry {
  key: number;
  file: PickedFile;
  type: string;
  status: 'uploading' | 'done' | 'failed';
  progress: number;
  error?: string;
  /** Object URL of the bytes (images: the thumbnail and the full view; PDFs: opened in a new tab). */
  url?: string;
  uploaded?: UploadedFile;
}

interface AttachmentPickerProps {
  /** Passed in, not taken from the app context: a sheet renders outside it (components/overlay.tsx). */
  api: ApiClient;
  platform: Platform;
  /** POST route taking the raw bytes: `/api/intake/attachments` or a sub-task's `…/attachments`. */
  uploadPath: string;
  testid: string;
  /** Every change: the files uploaded so far, and how many are still uploading or failed. */
  onChange: (uploaded: UploadedFile[], unsettled: number) => void;
  /** Says where the files go (e.g. 选择后即上传到本子任务). */
  note?: string;
}

let nextKey = 1;

/** Adds files: 添加图片 (the container's image picker) and 添加 PDF; each file uploads at once. */
export function AttachmentPicker(props: AttachmentPickerProps) {
  const { api, platform } = props;
  const [entries, setEntries] = useState<Entry[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const live = useRef<Entry[]>([]);
  live.current = entries;
  const report = useRef(props.onChange);
  report.current = props.onChange;

  // in the commit that shows a file's state, so a sheet's 确定 right after it sees the same
  useLayoutEffect(() => {
    const done = entries.filter((e) => e.status === 'done' && e.uploaded).map((e) => e.uploaded as UploadedFile);
    report.current(done, entries.length - done.length);
  }, [entries]);
  // object URLs die with the picker
  useEffect(() => () => live.current.forEach((e) => e.url && URL.revokeObjectURL(e.url)), []);

  const patch = (key: number, change: Partial<Entry>) => setEntries((old) => old.map((e) => (e.key === key ? { ...e, ...change } : e)));

  const upload = async (entry: Entry) => {
    patch(entry.key, { status: 'uploading', progress: 0, error: undefined });
    try {
      const send = platform.uploadPicked;
      if (entry.file.path && send) {
        // the container posts the file itself (DingTalk uploadFile, multipart): no progress, no thumbnail
        const res = await api.sendThrough<{ attachment: { sha256: string; name: string; size: number; contentType: string } }>(props.uploadPath, (url, headers) =>
          send(entry.file, url, { ...headers, 'X-File-Name': encodeURIComponent(entry.file.name) }),
        );
        const a = res.attachment;
        patch(entry.key, { status: 'done', progress: 1, uploaded: { sha256: a.sha256, name: a.name, size: a.size, mime: a.contentType } });
        return;
      }
      const blob = await platform.fileBlob(entry.file);
      const typed = blob.type === entry.type ? blob : new Blob([blob], { type: entry.type });
      if (!entry.url) patch(entry.key, { url: URL.createObjectURL(typed) });
      const res = await api.upload<{ attachment: { sha256: string; name: string; size: number; contentType: string } }>(
        props.uploadPath,
        typed,
        entry.file.name,
        (sent) => patch(entry.key, { progress: sent }),
      );
      const a = res.attachment;
      patch(entry.key, { status: 'done', progress: 1, uploaded: { sha256: a.sha256, name: a.name, size: a.size, mime: a.contentType } });
    } catch (e) {
      patch(entry.key, { status: 'failed', error: (e as Error).message || '上传失败' });
    }
  };

  const pick = async (kind: PickFilesOptions['kind']) => {
    let files: PickedFile[];
    try {
      files = await platform.pickFiles({ kind, multiple: true });
    } catch (e) {
      setRefused([(e as Error).message]);
      return;
    }
    const problems: string[] = [];
    const added: Entry[] = [];
    files.forEach((file) => {
      const problem = refusalOf(file);
      if (problem) problems.push(problem);
      else added.push({ key: nextKey++, file, type: pickableType(file) as string, status: 'uploading', progress: 0 });
    });
    setRefused(problems);
    if (!added.length) return;
    setEntries((old) => old.concat(added));
    added.forEach((e) => void upload(e));
  };

  const open = (e: Entry) => {
    if (!e.url) return;
    if (e.type.indexOf('image/') === 0) void showImagePreview([e.url]);
    else window.open(e.url, '_blank');
  };

  const remove = (e: Entry) => {
    if (e.url) URL.revokeObjectURL(e.url);
    setEntries((old) => old.filter((x) => x.key !== e.key));
  };

  return (
    <div class="lb-files" data-testid={props.testid}>
      {entries.map((e) => (
        <div key={e.key} class="lb-file" data-testid="file-item" data-status={e.status}>
          <FileIcon type={e.type} url={e.url} onOpen={() => open(e)} />
          <div class="lb-file__body">
            <div class="lb-file__name">{e.file.name}</div>
            <div class="lb-file__meta">
              {sizeText(e.file.size) + ' · '}
              {e.status === 'done' ? '已上传' : e.status === 'failed' ? '上传失败' : '上传中 ' + Math.round(e.progress * 100) + '%'}
            </div>
            {e.status === 'uploading' ? (
              <div class="lb-progress" data-testid="file-progress">
                <div class="lb-progress__bar" style={{ width: Math.round(e.progress * 100) + '%' }} />
              </div>
            ) : null}
            {e.error ? (
              <div class="lb-file__error" role="alert" data-testid="file-error">
                {e.error}
              </div>
            ) : null}
          </div>
          <div class="lb-file__ops">
            {e.status === 'failed' ? (
              <button type="button" class="lb-sheet__link lb-sheet__link--primary" data-testid="file-retry" onClick={() => void upload(e)}>
                重试
              </button>
            ) : null}
            {e.status !== 'uploading' ? (
              <button type="button" class="lb-sheet__link" data-testid="file-remove" onClick={() => remove(e)}>
                移除
              </button>
            ) : null}
          </div>
        </div>
      ))}
      {refused.map((r) => (
        <div key={r} class="lb-file__error" role="alert" data-testid="file-refused">
          {r}
        </div>
      ))}
      <div class="lb-files__add">
        <Button size="small" testid={props.testid + '-image'} onClick={() => void pick('image')}>
          添加图片
        </Button>
        <span class="lb-files__sep" />
        <Button size="small" testid={props.testid + '-pdf'} onClick={() => void pick('pdf')}>
          添加 PDF
        </Button>
      </div>
      <div class="lb-meta">{'JPG、PNG、PDF，单个文件不超过 ' + MAX_MB + ' MB' + (props.note ? '；' + props.note : '')}</div>
    </div>
  );
}

function FileIcon(props: { type: string; url?: string; onOpen: () => void }) {
  if (props.url && props.type.indexOf('image/') === 0) {
    return <img class="lb-file__thumb" src={props.url} alt="缩略图" data-testid="file-thumb" onClick={props.onOpen} />;
  }
  return (
    <button type="button" class="lb-file__icon" data-testid="file-icon" onClick={props.onOpen}>
      {props.type === 'application/pdf' ? 'PDF' : '图片'}
    </button>
  );
}

/**
 * A sub-task's files (received with its input materials, or uploaded to it): tap to open — an image in the
 * full view (its thumbnail stays in the list), a PDF through a short-lived signed link (POST …/link) that the
 * container opens (`platform.openLink`: 浙政钉 / DingTalk openLink, the browser a new tab). The bytes are fetched only when tapped:
 * every download is an audit record (functions/service/attachmentOps.ts), so nothing is fetched to decorate
 * the list. Image viewers of the containers load URLs themselves, without our session token, so images
 * open in the app's own viewer.
 */
export function AttachmentList(props: { caseId: string; itemId: string; attachments: AttachmentInfo[]; labelOf: (a: AttachmentInfo) => string }) {
  const { api, platform } = useApp();
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const live = useRef(urls);
  live.current = urls;
  useEffect(() => () => Object.keys(live.current).forEach((k) => URL.revokeObjectURL(live.current[k])), []);
  const open = async (a: AttachmentInfo) => {
    let url = urls[a.sha256];
    let type = a.contentType || '';
    setBusy(a.sha256);
    try {
      if (type && type.indexOf('image/') !== 0) {
        // A PDF opens in the container (浙政钉 / DingTalk openLink) or a new tab, which cannot send our Bearer
        // header: through a signed link of a few minutes (POST …/link; the read is audited when it is used).
        const link = await api.post<{ url: string }>(buildUrl('', '/api/attachments/' + a.sha256 + '/link', { caseId: props.caseId, itemId: props.itemId }));
        setBusy(null);
        await platform.openLink(api.href(link.url));
        return;
      }
      if (!url) {
        const b = await api.blob('/api/attachments/' + a.sha256, { caseId: props.caseId, itemId: props.itemId });
        type = type || b.type;
        url = URL.createObjectURL(b);
        setUrls((old) => ({ ...old, [a.sha256]: url }));
      }
      setBusy(null);
      if (type.indexOf('image/') === 0) await showImagePreview([url]);
      else window.open(url, '_blank');
    } catch (e) {
      setBusy(null);
      platform.toast((e as Error).message, 'error').catch(() => undefined);
    }
  };
  return (
    <div class="lb-files">
      {props.attachments.map((a) => {
        const image = (a.contentType || '').indexOf('image/') === 0;
        return (
          <div key={a.sha256 + (a.material || '')} class="lb-file" data-testid="attachment" data-sha256={a.sha256}>
            {urls[a.sha256] && image ? (
              <img class="lb-file__thumb" src={urls[a.sha256]} alt="缩略图" data-testid="attachment-thumb" onClick={() => void open(a)} />
            ) : (
              <button type="button" class="lb-file__icon" data-testid="attachment-icon" onClick={() => void open(a)}>
                {image ? '图片' : 'PDF'}
              </button>
            )}
            <div class="lb-file__body">
              <button type="button" class="lb-filelink" data-testid="attachment-open" onClick={() => void open(a)}>
                {props.labelOf(a)}
              </button>
              <div class="lb-file__meta">{sizeText(a.size) + (busy === a.sha256 ? ' · 打开中…' : image ? ' · 点击查看' : ' · 点击打开')}</div>
            </div>
          </div>
        );
      })}
    </div>
  );
}
