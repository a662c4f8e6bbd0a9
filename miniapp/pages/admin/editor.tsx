import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { showForm } from '../../components/FormSheet';
import { Segments } from '../../components/Segments';
import { ErrorState, Loading } from '../../components/State';
import { formatDateTime, shanghaiToday } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { guardLeaving } from '../../lib/leaveGuard';
import { navigate, providePage, type PageProps } from '../../router';
import { EditorGraph } from './bundleGraph';
import { DiffView } from './diff';
import { DryRun } from './dryrun';
import { editorSections } from './editorForm';
import { IssueIndex, placeOf } from './issues';
import { docOf, issuesOf, useWide, versionOf } from './shared';
import { STATE_LABELS, STATE_TONES, versionPath, type Bundle, type DirectoryView, type Issue, type VersionDoc } from './types';

/** How long the editor waits after the last change before asking the server's validation. */
const VALIDATE_DELAY_MS = 600;

interface Loaded {
  doc: VersionDoc;
  issues: Issue[];
  directory: DirectoryView;
}

/** 一件事配置 · 编辑 (`/admin/bundles/:bundleId/:version`): one version, editable while it is a draft. */
export function BundleEditorPage(props: PageProps) {
  const { api } = useApp();
  useWide();
  const bundleId = props.params.bundleId;
  const version = Number(props.params.version);
  const loaded = useLoader(async (): Promise<Loaded> => {
    const both = await Promise.all([api.get<unknown>(versionPath(bundleId, version)), api.get<DirectoryView>('/api/admin/directory')]);
    return { doc: docOf(both[0]), issues: issuesOf(both[0]), directory: both[1] };
  }, [bundleId, version]);
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return <Editor key={bundleId + '@' + version} bundleId={bundleId} version={version} initial={loaded.data} />;
}

type Tab = 'edit' | 'graph' | 'diff' | 'dryrun';

function Editor(props: { bundleId: string; version: number; initial: Loaded }) {
  const { api, platform, staff } = useApp();
  const [doc, setDoc] = useState<VersionDoc>(props.initial.doc);
  const [bundle, setBundle] = useState<Bundle>(props.initial.doc.bundle);
  const [issues, setIssues] = useState<Issue[]>(props.initial.issues);
  const [dirty, setDirty] = useState(false);
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState<'save' | 'publish' | 'discard' | 'copy' | 'retire' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [copyText, setCopyText] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState(shanghaiToday(Date.now()));
  const [tab, setTab] = useState<Tab>('edit');
  const dir = props.initial.directory;
  const path = (rest = '') => versionPath(props.bundleId, props.version, rest);
  const isAdmin = staff.roles.indexOf('admin') >= 0 && (doc.scope === null ? dir.configurable.length === dir.districts.length : dir.configurable.indexOf(doc.scope) >= 0);
  const readOnly = doc.state !== 'draft' || !isAdmin;
  const seq = useRef(0);
  const unguardRef = useRef<() => void>(() => undefined);

  // the server validates what is on screen, a moment after the last change
  useEffect(() => {
    if (!dirty) return;
    const mine = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api.post<unknown>('/api/admin/bundles/' + encodeURIComponent(props.bundleId) + '/validate', { bundle }).then(
        (r) => {
          if (mine !== seq.current) return;
          setIssues(issuesOf(r));
          setChecking(false);
        },
        (e: Error) => {
          if (mine !== seq.current) return;
          if (e instanceof ApiError && e.body && issuesOf(e.body).length) setIssues(issuesOf(e.body));
          setChecking(false);
        },
      );
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [bundle]);

  // unsaved edits: leaving asks first
  useEffect(() => {
    if (!dirty) return;
    const unguard = guardLeaving(() => platform.confirm('离开编辑', '修改尚未保存，离开后将丢失。确定离开？', '离开'));
    unguardRef.current = unguard;
    return unguard;
  }, [dirty]);

  const change = (b: Bundle) => {
    setBundle(b);
    setDirty(true);
  };
  const kinds = dir.departmentKinds.map((k) => ({ value: k.id, label: k.name }));
  const kindName = (id: string) => {
    const k = dir.departmentKinds.filter((x) => x.id === id)[0];
    return k ? k.name : id ? '（未知部门）' : '（未选部门）';
  };
  const districts = dir.districts.map((d) => ({ value: d.code, label: d.name }));
  // a district's own bundle is handled there; others by the districts that joined it
  const joined = dir.districts.filter((d) => d.code === doc.scope || joinedBundle(d, props.bundleId)).map((d) => d.name);

  /** Saves what is on screen; on a conflict the edits stay and the banner says who saved when. */
  const save = async (rowVersion = doc.rowVersion): Promise<VersionDoc | null> => {
    setBusy('save');
    setFailure(null);
    try {
      const r = await api.put<unknown>(path(), { bundle, expectedRowVersion: rowVersion });
      const saved = docOf(r);
      seq.current++; // a validation still on its way answers for an older state
      setChecking(false);
      setDoc(saved);
      setIssues(issuesOf(r));
      setDirty(false);
      setConflict(null);
      setBusy(null);
      return saved;
    } catch (e) {
      setBusy(null);
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else setFailure((e as Error).message);
      return null;
    }
  };
  const overwrite = async () => {
    try {
      const theirs = docOf(await api.get<unknown>(path()));
      await save(theirs.rowVersion);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  const takeTheirs = async () => {
    if (!(await platform.confirm('载入对方的版本', '您在本页的修改将被对方保存的内容替换。建议先「复制我的修改」。确定载入？', '载入'))) return;
    try {
      const r = await api.get<unknown>(path());
      const theirs = docOf(r);
      seq.current++;
      setDoc(theirs);
      setBundle(theirs.bundle);
      setIssues(issuesOf(r));
      setDirty(false);
      setConflict(null);
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  const copyMine = () => {
    const text = JSON.stringify(bundle, null, 2);
    setCopyText(text);
    const clip = typeof navigator !== 'undefined' ? (navigator as Navigator & { clipboard?: { writeText(t: string): Promise<void> } }).clipboard : undefined;
    if (clip) clip.writeText(text).then(() => platform.toast('已复制到剪贴板', 'success')).catch(() => undefined);
  };
  const publish = async () => {
    let current: VersionDoc | null = doc;
    if (dirty) current = await save();
    if (!current) return;
    if (!(await platform.confirm('发布', '发布后此版本不可再修改，自 ' + validFrom + ' 起新受理的办件使用此版本；办理中的办件仍按原版本办结。', '发布'))) return;
    setBusy('publish');
    setFailure(null);
    try {
      await api.post(path('/publish'), { validFrom, expectedRowVersion: current.rowVersion });
      const r = await api.get<unknown>(path());
      setDoc(docOf(r));
      setIssues(issuesOf(r));
      platform.toast('已发布', 'success').catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else setFailure((e as Error).message);
      if (e instanceof ApiError && e.body && issuesOf(e.body).length) setIssues(issuesOf(e.body));
    }
    setBusy(null);
  };
  const discard = async () => {
    if (!(await platform.confirm('放弃草稿', '草稿将被删除，已填写的内容不可恢复。确定放弃？', '放弃草稿'))) return;
    setBusy('discard');
    setFailure(null);
    try {
      await api.post(path('/discard'), { expectedRowVersion: doc.rowVersion });
      setDirty(false);
      unguardRef.current(); // the draft is gone: nothing is left to keep
      platform.toast('已放弃草稿', 'success').catch(() => undefined);
      navigate('/admin/bundles');
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else setFailure((e as Error).message);
    }
    setBusy(null);
  };
  const retire = async () => {
    const v = await showForm('停用此版本', [{ key: 'reason', label: '停用原因', type: 'text', required: true, maxLength: 500, multiline: true }], '停用', '停用后不再受理新办件；办理中的办件仍按此版本办结。');
    if (!v) return;
    setBusy('retire');
    setFailure(null);
    try {
      const r = await api.post<unknown>(path('/retire'), { reason: v.reason, expectedRowVersion: doc.rowVersion });
      setDoc(docOf(r));
      platform.toast('已停用', 'success').catch(() => undefined);
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(null);
  };
  const copyToDraft = async () => {
    setBusy('copy');
    setFailure(null);
    try {
      const r = await api.post<unknown>(path('/copy'), {});
      navigate('/admin/bundles/' + encodeURIComponent(props.bundleId) + '/' + versionOf(r, props.version + 1));
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(null);
  };

  const index = new IssueIndex(issues);
  const sections = tab === 'edit' ? editorSections({ bundle, issues: index, readOnly, kinds, districts, joined, onChange: change }) : null;
  const jump = (field: string | undefined) => {
    setTab('edit');
    setTimeout(() => {
      let p = field || '';
      for (;;) {
        const el = document.querySelector('[data-path="' + p + '"]');
        if (el) {
          if (el.scrollIntoView) el.scrollIntoView({ block: 'center' });
          return;
        }
        if (p.lastIndexOf('.') < 0) return;
        p = p.slice(0, p.lastIndexOf('.'));
      }
    }, 0);
  };
  const blocked = issues.length > 0 || checking;
  return (
    <div class="lb-page lb-admin" data-testid="page-bundle-editor" data-state={doc.state}>
      <div class="lb-card" data-testid="editor-head">
        <div class="lb-card__head">
          <div class="lb-card__title">{(bundle.name || '未命名一件事') + ' · 第 ' + props.version + ' 版'}</div>
          <div class="lb-card__extra">
            <span class={'lb-tag lb-tag--' + STATE_TONES[doc.state]} data-testid="editor-state">
              {STATE_LABELS[doc.state]}
            </span>
          </div>
        </div>
        <div class="lb-meta">
          {(doc.validFrom ? '自 ' + doc.validFrom + ' 起生效 · ' : '') +
            (doc.copiedFrom ? '复制自第 ' + doc.copiedFrom + ' 版 · ' : '') +
            (doc.state !== 'draft' && doc.publishedAt
              ? '发布：' + (doc.publishedBy ? doc.publishedBy.name : '') + ' ' + formatDateTime(doc.publishedAt, true)
              : doc.updatedAt
                ? '最近保存：' + (doc.updatedBy ? doc.updatedBy.name : '') + ' ' + formatDateTime(doc.updatedAt, true)
                : '')}
        </div>
        {readOnly ? (
          <div class="lb-card__actions">
            {isAdmin && doc.state !== 'draft' ? (
              <Button size="small" kind="primary" testid="copy-to-draft" loading={busy === 'copy'} onClick={copyToDraft}>
                复制为新草稿
              </Button>
            ) : null}
            {isAdmin && doc.state === 'published' ? (
              <Button size="small" kind="danger" testid="retire" loading={busy === 'retire'} onClick={retire}>
                停用此版本
              </Button>
            ) : null}
            <Button size="small" testid="back-to-list" onClick={() => navigate('/admin/bundles')}>
              返回列表
            </Button>
          </div>
        ) : (
          <div class="lb-card__actions" data-testid="editor-actions">
            <Button size="small" testid="save" loading={busy === 'save'} disabled={!!busy || !dirty} onClick={() => void save()}>
              {dirty ? '保存草稿' : '已保存'}
            </Button>
            <span class="lb-admin-publish">
              <span class="lb-meta">生效日期 </span>
              <input class="lb-input lb-admin-date" type="date" value={validFrom} min={shanghaiToday(Date.now())} data-testid="valid-from" onInput={(e) => setValidFrom((e.target as HTMLInputElement).value)} />
            </span>
            <Button size="small" kind="primary" testid="publish" loading={busy === 'publish'} disabled={!!busy || blocked || !!conflict || !validFrom} onClick={publish}>
              发布
            </Button>
            <Button size="small" kind="danger" testid="discard" loading={busy === 'discard'} disabled={!!busy} onClick={discard}>
              放弃草稿
            </Button>
          </div>
        )}
        {!readOnly ? (
          <div class="lb-meta" data-testid="publish-hint">
            {conflict ? '保存冲突：请先在下方选择如何处理' : checking ? '正在检查…' : issues.length ? '还有 ' + issues.length + ' 个问题，全部修正后才能发布' : dirty ? '检查通过；发布时先保存' : '检查通过，可以发布'}
          </div>
        ) : null}
      </div>
      {conflict ? (
        <div class="lb-banner lb-banner--warn" role="alert" data-testid="conflict">
          <div>{conflict}</div>
          {conflict.indexOf('修改仍在') < 0 ? <div>您的修改仍在本页，未丢失。</div> : null}
          <div class="lb-card__actions">
            <Button size="small" testid="conflict-copy" onClick={copyMine}>复制我的修改</Button>
            <Button size="small" testid="conflict-overwrite" onClick={() => void overwrite()}>以我的修改保存</Button>
            <Button size="small" testid="conflict-reload" onClick={() => void takeTheirs()}>载入对方的版本</Button>
          </div>
          {copyText ? <textarea class="lb-input lb-textarea" rows={6} readOnly value={copyText} data-testid="conflict-copy-text" /> : null}
        </div>
      ) : null}
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="editor-error">{failure}</div> : null}
      {issues.length && !readOnly ? (
        <div class="lb-card" data-testid="issue-summary">
          <div class="lb-card__title">{'待修正（' + issues.length + '）'}</div>
          <ol class="lb-issues">
            {issues.map((x, k) => (
              <li key={k} data-field={x.field || ''}>
                <a class="lb-link" onClick={() => jump(x.field)}>{placeOf(x.field, bundle)}</a>
                {'：' + x.message}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <Segments
        items={[{ key: 'edit', label: readOnly ? '内容' : '编辑' }, { key: 'graph', label: '流程图' }, { key: 'diff', label: '变更对比' }, { key: 'dryrun', label: '试运行' }]}
        value={tab}
        onChange={(k) => setTab(k as Tab)}
      />
      {tab === 'edit' ? (
        <div class="lb-admin-cols">
          <div class="lb-admin-main">{sections}</div>
          <div class="lb-admin-side">
            <div class="lb-card">
              <div class="lb-card__title">流程图</div>
              <EditorGraph bundle={bundle} kindName={kindName} />
            </div>
          </div>
        </div>
      ) : null}
      {tab === 'graph' ? (
        <div class="lb-card">
          <EditorGraph bundle={bundle} kindName={kindName} />
        </div>
      ) : null}
      {tab === 'diff' ? <DiffView path={path('/diff')} dirty={dirty} /> : null}
      {tab === 'dryrun' ? <DryRun path={path('/dryrun')} bundle={bundle} directory={dir} dirty={dirty} /> : null}
    </div>
  );
}

function joinedBundle(d: DirectoryView['districts'][number], bundleId: string): boolean {
  return (d.bundles || []).indexOf(bundleId) >= 0 || (d.joins || []).some((j) => j.bundle === bundleId);
}

providePage('/admin/bundles/:bundleId/:version', BundleEditorPage);
