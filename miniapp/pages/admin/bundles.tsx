import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field, Select, TextInput } from '../../components/Form';
import { Empty, ErrorState, Loading } from '../../components/State';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { navigate, providePage } from '../../router';
import { placeOf } from './issues';
import { issuesOf, useWide, versionOf } from './shared';
import { STATE_LABELS, STATE_TONES, versionPath, type Bundle, type BundleSummary, type DirectoryView, type Issue, type VersionSummary } from './types';

interface ListData {
  bundles: BundleSummary[];
  directory: DirectoryView;
}

/** Saves a Blob as a file through a temporary link (the browser and desktop clients; containers open it). */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result || ''));
    reader.onerror = () => reject(new Error('无法读取文件'));
    reader.readAsText(file);
  });
}

/**
 * 配置 · 一件事 (`/admin/bundles`, admins; auditors read only): every bundle with its versions (草稿 / 已发布 /
 * 已停用), valid-from dates and the version new cases get; 新建一件事, 导入 JSON, and per version 打开,
 * 复制为草稿, 导出.
 */
export function BundleListPage() {
  const { api, platform, staff } = useApp();
  useWide();
  const isAdmin = staff.roles.indexOf('admin') >= 0;
  const loaded = useLoader(async (): Promise<ListData> => {
    const both = await Promise.all([api.get<{ bundles: BundleSummary[] }>('/api/admin/bundles'), api.get<DirectoryView>('/api/admin/directory')]);
    return { bundles: both[0].bundles, directory: both[1] };
  }, []);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [importIssues, setImportIssues] = useState<{ file: Partial<Bundle>; issues: Issue[] } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { bundles, directory } = loaded.data;
  const scopeName = (b: BundleSummary) => {
    if (b.scope === null) return '跨区（全市）';
    const d = directory.districts.filter((x) => x.code === b.scope)[0];
    return d ? d.name : directory.city && directory.city.code === b.scope ? directory.city.name : '—';
  };
  const copy = async (b: BundleSummary, v: VersionSummary) => {
    setBusy('copy-' + b.id);
    setFailure(null);
    try {
      const r = await api.post<unknown>(versionPath(b.id, v.version, '/copy'), {});
      navigate('/admin/bundles/' + encodeURIComponent(b.id) + '/' + versionOf(r, v.version + 1));
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(null);
  };
  const exportVersion = async (b: BundleSummary, v: VersionSummary) => {
    setFailure(null);
    try {
      saveFile(await api.blob(versionPath(b.id, v.version, '/export')), b.id + '-v' + v.version + '.json');
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  const importFile = async (file: File) => {
    setFailure(null);
    setImportIssues(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readText(file));
    } catch {
      setFailure('文件不是有效的 JSON：' + file.name);
      return;
    }
    setBusy('import');
    try {
      // a district admin's import is that district's own bundle; the city's is cross-district
      const own = directory.configurable.length === 1 ? directory.configurable[0] : null;
      const r = await api.request<{ bundleId: string; version: number }>('POST', '/api/admin/bundles/import', { body: parsed, query: { scope: own } });
      platform.toast('已导入为草稿', 'success').catch(() => undefined);
      navigate('/admin/bundles/' + encodeURIComponent(r.bundleId) + '/' + r.version);
    } catch (e) {
      if (!(e instanceof ApiError && issuesOf(e.body).length)) setFailure((e as Error).message);
      if (e instanceof ApiError && issuesOf(e.body).length) setImportIssues({ file: (parsed || {}) as Partial<Bundle>, issues: issuesOf(e.body) });
    }
    setBusy(null);
  };
  return (
    <div class="lb-page lb-admin" data-testid="page-admin-bundles">
      {isAdmin ? (
        <div class="lb-admin-bar" data-testid="bundle-actions">
          <div>
            <Button size="small" kind="primary" testid="new-bundle" onClick={() => setCreating(!creating)}>
              新建一件事
            </Button>
            <label class="lb-btn lb-btn--default lb-btn--small" data-testid="import-label">
              {busy === 'import' ? '导入中…' : '导入 JSON'}
              <input
                type="file"
                accept="application/json,.json"
                class="lb-admin-file"
                data-testid="import-file"
                onChange={(e) => {
                  const input = e.target as HTMLInputElement;
                  const f = input.files && input.files[0];
                  input.value = '';
                  if (f) void importFile(f);
                }}
              />
            </label>
            <a class="lb-link" data-testid="open-directory" onClick={() => navigate('/admin/directory')}>
              名录与配置 ›
            </a>
            <a class="lb-link" data-testid="open-hotline-catalog" onClick={() => navigate('/admin/hotline')}>
              热线事项目录 ›
            </a>
          </div>
        </div>
      ) : (
        <div>
          <div class="lb-banner lb-banner--warn" data-testid="read-only">审计只读：可查看各版本内容，不能修改。</div>
          <a class="lb-link" data-testid="open-directory" onClick={() => navigate('/admin/directory')}>
            名录与配置 ›
          </a>
          <a class="lb-link" data-testid="open-hotline-catalog" onClick={() => navigate('/admin/hotline')}>
            热线事项目录 ›
          </a>
        </div>
      )}
      {creating ? <NewBundle directory={directory} onCancel={() => setCreating(false)} /> : null}
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="bundles-error">{failure}</div> : null}
      {importIssues ? (
        <div class="lb-card" data-testid="import-issues">
          <div class="lb-card__title">{'导入的文件有 ' + importIssues.issues.length + ' 个问题，未保存'}</div>
          <ol class="lb-issues">
            {importIssues.issues.map((x, k) => (
              <li key={k} data-field={x.field || ''}>
                {placeOf(x.field, importIssues.file) + '：' + x.message}
                {x.field ? <code class="lb-admin-path">{x.field}</code> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <div class="lb-section-title">一件事</div>
      {bundles.length ? null : <Empty text="还没有一件事" />}
      {bundles.map((b) => {
        const hasDraft = b.versions.some((v) => v.state === 'draft');
        const versions = b.versions.slice().sort((x, y) => y.version - x.version);
        return (
          <Card
            key={b.id}
            testid={'bundle-' + b.id}
            title={b.name}
            extra={<span class="lb-meta">{scopeName(b)}</span>}
          >
            <div class="lb-meta" data-testid={'current-' + b.id}>
              {b.current ? '新受理的办件使用第 ' + b.current + ' 版' : '尚无生效版本，暂不能受理'}
            </div>
            <table class="lb-table lb-admin-versions">
              <thead>
                <tr>
                  <th>版本</th>
                  <th>状态</th>
                  <th>生效</th>
                  <th class="lb-admin-wideonly">最近修改</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => [
                  <tr key={v.version} class="lb-admin-vrow" data-testid={'version-' + b.id + '-' + v.version} data-state={v.state}>
                    <td class="lb-nowrap">{'第 ' + v.version + ' 版'}</td>
                    <td>
                      <span class={'lb-tag lb-tag--' + STATE_TONES[v.state]}>{STATE_LABELS[v.state]}</span>
                      {b.current === v.version ? <span class="lb-tag lb-tag--blue" data-testid={'in-use-' + b.id}>在用</span> : null}
                    </td>
                    <td class="lb-nowrap">{v.validFrom || '不限'}</td>
                    <td class="lb-admin-wideonly">{(v.updatedBy ? v.updatedBy.name : '') + (v.updatedAt ? ' ' + formatDateTime(v.updatedAt, true) : '')}</td>
                  </tr>,
                  <tr key={v.version + '-ops'}>
                    <td class="lb-admin-ops" colSpan={4}>
                      <a class="lb-link" data-testid={'open-' + b.id + '-' + v.version} onClick={() => navigate('/admin/bundles/' + encodeURIComponent(b.id) + '/' + v.version)}>
                        {v.state === 'draft' && isAdmin ? '编辑' : '查看'}
                      </a>
                      {isAdmin && v.state !== 'draft' && !hasDraft ? (
                        <a class="lb-link" data-testid={'copy-' + b.id + '-' + v.version} onClick={() => (busy ? undefined : void copy(b, v))}>
                          复制为草稿
                        </a>
                      ) : null}
                      {v.state !== 'draft' ? (
                        <a class="lb-link" data-testid={'export-' + b.id + '-' + v.version} onClick={() => void exportVersion(b, v)}>
                          导出
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ])}
              </tbody>
            </table>
          </Card>
        );
      })}
    </div>
  );
}

/** 新建一件事: id, name, lead department (by name) and scope → draft version 1, opened in the editor. */
function NewBundle(props: { directory: DirectoryView; onCancel: () => void }) {
  const { api } = useApp();
  const dir = props.directory;
  // the city's admin configures every district and cross-district bundles; a district's admin their own
  const mine = dir.districts.filter((d) => dir.configurable.indexOf(d.code) >= 0).map((d) => ({ value: d.code, label: d.name }));
  const scopes = mine.length === dir.districts.length ? [{ value: 'city', label: '跨区（全市）' }].concat(mine) : mine;
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [lead, setLead] = useState('');
  const [scope, setScope] = useState(scopes.length ? scopes[0].value : '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const idOk = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/.test(id);
  const problem = (field: string) => issues.filter((x) => x.field === field).map((x) => x.message).join('；') || null;
  const create = async () => {
    setBusy(true);
    setFailure(null);
    setIssues([]);
    try {
      const r = await api.post<unknown>('/api/admin/bundles', { id, name: name.trim(), leadDepartment: lead, scope: scope === 'city' ? null : scope });
      navigate('/admin/bundles/' + encodeURIComponent(id) + '/' + versionOf(r, 1));
    } catch (e) {
      setFailure((e as Error).message);
      setIssues(issuesOf(e instanceof ApiError ? e.body : null));
    }
    setBusy(false);
  };
  return (
    <div class="lb-card lb-form lb-admin-narrow" data-testid="new-bundle-form">
      <div class="lb-card__title lb-admin-title">新建一件事</div>
      <Field label="名称" required error={problem('name')}>
        <TextInput value={name} maxLength={60} placeholder="如：企业开办一件事" testid="new-name" onChange={setName} />
      </Field>
      <Field label="编码" required error={id && !idOk ? '须以英文字母开头，只含字母和数字' : problem('id')} hint="英文字母开头，如 companyOpening；创建后不可更改">
        <TextInput value={id} maxLength={64} testid="new-id" onChange={(v) => setId(v.trim())} />
      </Field>
      <Field label="牵头部门" required error={problem('leadDepartment')}>
        <Select value={lead} options={dir.departmentKinds.map((k) => ({ value: k.id, label: k.name }))} testid="new-lead" onChange={setLead} />
      </Field>
      <Field label="适用范围" required error={problem('scope')}>
        <Select value={scope} options={scopes} testid="new-scope" onChange={setScope} />
      </Field>
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="new-error">{failure}</div> : null}
      <div class="lb-card__actions">
        <Button size="small" kind="primary" testid="new-create" loading={busy} disabled={busy || !idOk || !name.trim() || !lead || !scope} onClick={create}>
          创建草稿
        </Button>
        <Button size="small" testid="new-cancel" onClick={props.onCancel}>
          取消
        </Button>
      </div>
    </div>
  );
}

providePage('/admin/bundles', BundleListPage);
