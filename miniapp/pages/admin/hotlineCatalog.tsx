/**
 * 热线事项目录 (`/admin/hotline`, admins; auditors read only): the district's 81812345 catalog — the classes with
 * their item counts; a class opened shows its items, an item opened its form (hotlineItem.tsx). 添加类别 / 添加事项
 * add to the draft; 保存 sends the whole catalog with the version it was read at (PUT /api/admin/hotline/catalog).
 * The server's refusal is shown in Chinese: each problem of a 400 CATALOG_INVALID by the class and item it names
 * (and those items marked), a 409 kept with the input and 载入最新版本号 offered. Saved items are never removed —
 * they are 停用 (old orders name them).
 */
import { useState } from 'preact/hooks';
import type { HotlineCatalog, HotlineClass, HotlineItem } from '../../../functions/core/workOrder';
import { ApiError } from '../../api';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Field, TextInput } from '../../components/Form';
import { Empty, ErrorState, Loading } from '../../components/State';
import { showToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { navigate, providePage } from '../../router';
import { ItemForm, ItemRow, type KindChoice } from './hotlineItem';
import { useWide } from './shared';

interface Loaded {
  /** null: the district has no catalog yet (the first save creates version 1). */
  catalog: HotlineCatalog | null;
  kinds: KindChoice[];
}

interface Problem {
  field: string;
  message: string;
}

/** The hotline's own department kinds first, then the directory's by name. */
function kindChoices(kinds: { id: string; name: string }[]): KindChoice[] {
  const town = { value: 'townCenter', label: '所在镇（街道）' };
  return [town].concat(kinds.filter((k) => k.id !== 'townCenter' && k.id !== 'villagePoint').map((k) => ({ value: k.id, label: k.name })));
}

/** Every item id of the classes (no flatMap: Chrome 69). */
const itemIds = (classes: HotlineClass[]): string[] => classes.reduce((out: string[], c) => out.concat(c.items.map((i) => i.id)), []);

let serial = 0;
const freshId = (prefix: string) => prefix + Date.now().toString(36) + (serial++).toString(36);

const blankItem = (): HotlineItem => ({
  id: freshId('item'),
  name: '',
  kind: 'consult',
  limit: { unit: 'workingDays', value: 2 },
  departmentKind: null,
  answer: '',
  keywords: [],
  active: true,
});

/** `classes.3.items.2.limit.value` → [3, 2]; `classes.3.name` → [3, -1]; anything else → [-1, -1]. */
function placeOf(field: string): [number, number] {
  const m = /^classes\.(\d+)(?:\.items\.(\d+))?/.exec(field);
  return m ? [Number(m[1]), m[2] === undefined ? -1 : Number(m[2])] : [-1, -1];
}

function refusal(e: unknown): { message: string; problems: Problem[]; conflict: boolean } {
  if (e instanceof ApiError) {
    const body = e.body as { issues?: { field?: string; message?: string }[] } | undefined;
    const problems = body && body.issues ? body.issues.map((i) => ({ field: i.field || '', message: i.message || '' })) : [];
    return { message: e.message || '保存失败', problems, conflict: e.status === 409 };
  }
  return { message: e instanceof Error && e.message ? e.message : '保存失败，请检查网络后重试', problems: [], conflict: false };
}

function CatalogEditor(props: { loaded: Loaded; readOnly: boolean }) {
  const { api } = useApp();
  const saved = props.loaded.catalog;
  const [classes, setClasses] = useState<HotlineClass[]>(saved ? saved.classes : []);
  const [version, setVersion] = useState(saved ? saved.version : 0);
  const [stored, setStored] = useState<string[]>(saved ? itemIds(saved.classes) : []);
  const [storedClasses, setStoredClasses] = useState<string[]>(saved ? saved.classes.map((c) => c.id) : []);
  const [updated, setUpdated] = useState(saved ? saved.updatedAt : '');
  const [open, setOpen] = useState(0);
  const [item, setItem] = useState(-1);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; problems: Problem[]; conflict: boolean } | null>(null);
  const ro = props.readOnly;
  const cls = classes[open];

  // every edit applies to the draft as it is then (two quick edits never undo each other)
  const change = (next: (old: HotlineClass[]) => HotlineClass[]) => {
    setClasses(next);
    setDirty(true);
  };
  const changeClass = (k: number, next: (c: HotlineClass) => HotlineClass) => change((old) => old.map((c, j) => (j === k ? next(c) : c)));
  const setClass = (k: number, patch: Partial<HotlineClass>) => changeClass(k, (c) => ({ ...c, ...patch }));
  const setItemAt = (k: number, n: number, patch: Partial<HotlineItem>) =>
    changeClass(k, (c) => ({ ...c, items: c.items.map((x, j) => (j === n ? { ...x, ...patch } : x)) }));
  const addClass = () => {
    change((old) => old.concat([{ id: freshId('class'), name: '新类别', items: [blankItem()] }]));
    setOpen(classes.length);
    setItem(0);
  };
  const addItem = () => {
    changeClass(open, (c) => ({ ...c, items: c.items.concat([blankItem()]) }));
    setItem(cls.items.length);
  };
  const removeNew = (n: number) => {
    changeClass(open, (c) => ({ ...c, items: c.items.filter((_, j) => j !== n) }));
    setItem(-1);
  };

  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const next = await api.put<HotlineCatalog>('/api/admin/hotline/catalog', { expectedVersion: version, classes });
      setClasses(next.classes);
      setVersion(next.version);
      setStored(itemIds(next.classes));
      setStoredClasses(next.classes.map((c) => c.id));
      setUpdated(next.updatedAt);
      setDirty(false);
      void showToast('热线事项目录已保存（第 ' + next.version + ' 版）', 'success');
    } catch (e) {
      const r = refusal(e);
      setFailure(r);
      const first = r.problems.map((p) => placeOf(p.field)).filter((p) => p[0] >= 0)[0];
      if (first) {
        setOpen(first[0]);
        setItem(first[1]);
      }
    } finally {
      setBusy(false);
    }
  };
  const latest = async () => {
    const now = await api.get<HotlineCatalog>('/api/hotline/catalog');
    setVersion(now.version);
    setFailure(null);
    void showToast('已载入最新版本号（第 ' + now.version + ' 版），您的修改仍在页面上，可再次保存', 'info', 3000);
  };

  const problemsAt = (k: number, n: number) => (failure ? failure.problems.filter((p) => placeOf(p.field)[0] === k && placeOf(p.field)[1] === n).map((p) => p.message) : []);
  const classHasProblem = (k: number) => !!failure && failure.problems.some((p) => placeOf(p.field)[0] === k);
  const total = classes.reduce((n, c) => n + c.items.length, 0);

  return (
    <div data-testid="catalog-editor" data-version={String(version)}>
      <div class="lb-hc-bar">
        <span class="lb-meta" data-testid="catalog-summary">
          {classes.length + ' 类 · ' + total + ' 项 · ' + (version ? '第 ' + version + ' 版' + (updated ? '（' + formatDateTime(updated, true) + ' 保存）' : '') : '尚未保存')}
          {dirty ? ' · 有未保存的修改' : ''}
        </span>
        {ro ? null : (
          <span class="lb-hc-bar__actions">
            <Button size="middle" testid="add-class" onClick={addClass}>
              添加类别
            </Button>
            <Button kind="primary" size="middle" testid="save-catalog" loading={busy} disabled={!dirty || !classes.length} onClick={() => void save()}>
              保存
            </Button>
          </span>
        )}
      </div>
      {failure ? (
        <div class="lb-banner lb-banner--error" role="alert" data-testid="catalog-error">
          <div>{failure.message}</div>
          {failure.problems.length ? (
            <ol class="lb-issues">
              {failure.problems.map((p, k) => (
                <li key={k}>{p.message}</li>
              ))}
            </ol>
          ) : null}
          {failure.conflict ? (
            <Button size="small" testid="catalog-latest" onClick={() => void latest()}>
              载入最新版本号
            </Button>
          ) : null}
        </div>
      ) : null}
      <div class="lb-dir-cols">
        <div data-testid="catalog-classes">
          {classes.map((c, k) => (
            <div
              key={c.id + k}
              class={'lb-hc-class' + (k === open ? ' lb-hc-class--on' : '') + (classHasProblem(k) ? ' lb-field--error' : '')}
              data-testid="catalog-class"
              data-class={c.id}
              role="button"
              tabIndex={0}
              onClick={() => {
                setOpen(k);
                setItem(-1);
              }}
              onKeyDown={(e) => (e.key === 'Enter' ? setOpen(k) : undefined)}
            >
              <span>{c.name || '（未命名类别）'}</span>
              <span class="lb-meta">{c.items.filter((i) => i.active).length + ' / ' + c.items.length + ' 项'}</span>
            </div>
          ))}
        </div>
        <div class="lb-dir-col--wide">
          {cls ? (
            <div class="lb-card" data-testid="catalog-class-detail">
              <Field label="类别名称" required error={problemsAt(open, -1)[0] || null}>
                <TextInput value={cls.name} maxLength={30} disabled={ro} testid="class-name" onChange={(v) => setClass(open, { name: v })} />
              </Field>
              {storedClasses.indexOf(cls.id) < 0 ? (
                <Field label="类别编码" hint="小写字母开头，字母和数字，保存后不能再改">
                  <TextInput value={cls.id} maxLength={40} disabled={ro} testid="class-id" onChange={(v) => setClass(open, { id: v.trim() })} />
                </Field>
              ) : null}
              {cls.items.map((it, n) => (
                <div key={n}>
                  <ItemRow item={it} kinds={props.loaded.kinds} open={n === item} error={problemsAt(open, n).length > 0} onOpen={() => setItem(n === item ? -1 : n)} />
                  {n === item ? (
                    <div>
                      <ItemForm
                        key={open + ':' + n}
                        item={it}
                        kinds={props.loaded.kinds}
                        isNew={stored.indexOf(it.id) < 0}
                        readOnly={ro}
                        problems={problemsAt(open, n)}
                        onChange={(v) => setItemAt(open, n, v)}
                      />
                      {!ro && stored.indexOf(it.id) < 0 ? (
                        <Button size="small" kind="danger" testid="remove-item" onClick={() => removeNew(n)}>
                          删除此新事项
                        </Button>
                      ) : null}
                    </div>
                  ) : null}
                </div>
              ))}
              {ro ? null : (
                <Button size="middle" testid="add-item" onClick={addItem}>
                  添加事项
                </Button>
              )}
            </div>
          ) : (
            <Empty text={ro ? '本区尚未配置热线事项目录' : '尚无类别，请先添加类别'} testid="catalog-empty" />
          )}
        </div>
      </div>
    </div>
  );
}

export function HotlineCatalogPage() {
  const { api, staff } = useApp();
  useWide();
  const admin = staff.roles.indexOf('admin') >= 0;
  const loaded = useLoader(async (): Promise<Loaded> => {
    const directory = api.get<{ departmentKinds: { id: string; name: string }[] }>('/api/admin/directory');
    const catalog = api.get<HotlineCatalog>('/api/hotline/catalog').catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 'HOTLINE_CATALOG_MISSING') return null;
      throw e;
    });
    const both = await Promise.all([catalog, directory]);
    return { catalog: both[0], kinds: kindChoices(both[1].departmentKinds || []) };
  }, []);
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  return (
    <div class="lb-page lb-hc" data-testid="page-hotline-catalog" data-read-only={String(!admin)}>
      <div class="lb-dir-top">
        <div class="lb-dir-top__title">
          <button type="button" class="lb-link lb-dir-linkbtn lb-dir-back" data-testid="hotline-catalog-back" onClick={() => navigate('/admin/bundles')}>
            ‹ 配置
          </button>
          热线事项目录（81812345）
        </div>
      </div>
      {admin ? null : <div class="lb-banner lb-banner--warn" data-testid="read-only">审计只读：可查看热线事项目录，不能修改。</div>}
      <CatalogEditor loaded={loaded.data} readOnly={!admin} />
    </div>
  );
}

providePage('/admin/hotline', HotlineCatalogPage);
