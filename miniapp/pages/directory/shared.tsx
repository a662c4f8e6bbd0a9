/**
 * What every directory page shares: the loaded directory with names for codes, whether the viewer may edit
 * (auditors and admins of another scope read only), and `EditorCard` — a form that sends its values with the
 * row's version and, on a 409, says someone else changed it, keeps the input and offers the latest version.
 */
import type { ComponentChildren } from 'preact';
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Button } from '../../components/Button';
import type { AdminDirectory, Ending } from './types';

export interface DirectoryView {
  data: AdminDirectory;
  /** The district shown (code). */
  district: string;
  /** True for auditors: nothing on any page can be changed. */
  auditor: boolean;
  /** The viewer is the city's admin (every district, the calendar). */
  cityAdmin: boolean;
  /** The viewer may change the shown district's entries. */
  canEdit: boolean;
  /** Loads the directory again and answers it (a form after a 409 takes the fresh row version from it). */
  reload: () => Promise<AdminDirectory>;
}

export const DirectoryContext = createContext<DirectoryView | null>(null);

export function useDirectory(): DirectoryView {
  const v = useContext(DirectoryContext);
  if (!v) throw new Error('useDirectory() outside the directory page');
  return v;
}

/** Names for the codes the directory holds; an unknown code shows as 未知 rather than raw. */
export function namesOf(data: AdminDirectory) {
  const find = <T extends { id: string; name: string }>(list: T[] | undefined, id: string) => (list || []).filter((x) => x.id === id)[0];
  // seal scopes and delegations name items as "<bundle>/<item>"
  const itemNames: Record<string, string> = {};
  (data.bundles || []).forEach((b) => (b.items || []).forEach((i) => (itemNames[b.id + '/' + i.id] = i.name)));
  return {
    department: (id: string) => (find(data.departments, id) || { name: '未知部门' }).name,
    district: (code: string) => (code === data.city.code ? data.city.name : (data.districts.filter((d) => d.code === code)[0] || { name: '未知区县' }).name),
    staff: (id: string) => (find(data.staff, id) || { name: '未知人员' }).name,
    seal: (id: string) => (find(data.seals, id) || { name: '未知印章' }).name,
    bundle: (id: string) => (find(data.bundles, id) || { name: '未知一件事' }).name,
    kind: (id: string) => (find(data.departmentKinds, id) || { name: '其他' }).name,
    item: (id: string) => itemNames[id] || '未知事项',
    /** Items a department of this kind handles, as choices "<item>（<bundle>）". */
    itemChoices: (kind: string | null) => {
      const out: { value: string; label: string }[] = [];
      (data.bundles || []).forEach((b) =>
        (b.items || []).forEach((i) => {
          if (kind === null || i.department === kind) out.push({ value: b.id + '/' + i.id, label: i.name + '（' + b.name + '）' });
        }),
      );
      return out;
    },
  };
}

export type Names = ReturnType<typeof namesOf>;

/** 停用 / 吊销 / 撤销 in words: "原因：调离（2026-12-06，王晓明）". */
export function endingText(e: Ending, n: Names): string {
  return '原因：' + e.reason + '（' + dayOf(e.at) + (e.by ? '，' + n.staff(e.by) : '') + '）';
}

/** A seal key in words: `…-ed25519-2` → 第 2 号密钥, the seed's `…-ed25519` → 初始密钥 (the id itself is a tooltip). */
export function keyLabel(keyId: string): string {
  const m = /-ed25519-(\d+)$/.exec(keyId);
  if (m) return m[1] === '1' ? '初始密钥' : '第 ' + m[1] + ' 号密钥';
  return /-ed25519$/.test(keyId) ? '初始密钥' : '密钥';
}

/** A fresh id for a new entry: `<prefix>-<time in base 36>` (ids are never shown; names are). */
export function newId(prefix: string, taken: string[]): string {
  const id = prefix + '-' + Date.now().toString(36);
  return taken.indexOf(id) < 0 ? id : id + Math.floor(Math.random() * 1000).toString(36);
}

/** An editor's per-field problems: `show` sets them all (true when any), `fixed(key)` clears one as it is edited. */
export function useProblems() {
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const show = (found: Record<string, string | null>) => {
    setErrors(found);
    return Object.keys(found).some((k) => !!found[k]);
  };
  const fixed = (...keys: string[]) => setErrors((old) => (keys.some((k) => old[k]) ? { ...old, ...keys.reduce((o, k) => ({ ...o, [k]: null }), {}) } : old));
  return { errors, show, fixed };
}

/** A failed save in words: 409 keeps the input and says why. */
function failure(e: unknown): { conflict: boolean; message: string; issues: string[] } {
  if (e instanceof ApiError) {
    const body = e.body as { issues?: { message?: string }[] } | undefined;
    const issues = body && body.issues ? body.issues.map((i) => i.message || '').filter((m) => !!m) : [];
    if (e.status === 409 && !issues.length) return { conflict: true, message: e.message || '这条记录已被别人修改', issues };
    return { conflict: false, message: e.message || '保存失败', issues };
  }
  return { conflict: false, message: e instanceof Error && e.message ? e.message : '保存失败，请检查网络后重试', issues: [] };
}

interface EditorProps {
  title: string;
  testid: string;
  saveLabel?: string;
  danger?: boolean;
  /** Checks the input (shows its own field errors) and sends it; false = not sent (input invalid). */
  onSave: () => Promise<boolean>;
  onCancel: () => void;
  /** After a 409: loads the latest directory; the form keeps its input and takes the new version. May answer what the other change touched. */
  onLatest?: () => Promise<string[] | void>;
  children: ComponentChildren;
}

/** An inline form card: 保存 / 取消, the server's refusal above the fields, a 409 kept with the input. */
export function EditorCard(props: EditorProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ conflict: boolean; message: string; issues: string[] } | null>(null);
  const [refreshed, setRefreshed] = useState(false);
  const [theirs, setTheirs] = useState<string[]>([]);
  const save = async () => {
    setBusy(true);
    try {
      const sent = await props.onSave();
      if (sent) setProblem(null);
    } catch (e) {
      setProblem(failure(e));
      setRefreshed(false);
    } finally {
      setBusy(false);
    }
  };
  const latest = async () => {
    if (!props.onLatest) return;
    setBusy(true);
    try {
      const touched = await props.onLatest();
      setTheirs(touched || []);
      setRefreshed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="lb-card lb-form lb-dir-editor" data-testid={props.testid}>
      <div class="lb-dir-editor__title">{props.title}</div>
      {problem && problem.conflict ? (
        <div class="lb-banner lb-banner--warn lb-dir-banner" role="alert" data-testid="conflict">
          <div>保存未成功：在您填写时，别人修改了这条记录。您填写的内容仍在下面，没有丢失。</div>
          {refreshed ? (
            <div data-testid="conflict-refreshed">
              {(theirs.length ? '对方修改了：' + theirs.join('、') + '。' : '已载入最新版本。') + '核对后再点「' + (props.saveLabel || '保存') + '」即以您的填写为准。'}
            </div>
          ) : props.onLatest ? (
            <button type="button" class="lb-link lb-dir-linkbtn" data-testid="conflict-latest" onClick={latest}>
              载入最新版本（保留我的填写）
            </button>
          ) : null}
        </div>
      ) : problem ? (
        <div class="lb-banner lb-banner--error lb-dir-banner" role="alert" data-testid="save-error">
          {problem.message}
          {problem.issues.length ? (
            <ul class="lb-dir-issues">
              {problem.issues.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {props.children}
      <div class="lb-dir-editor__ops">
        <Button size="middle" testid="editor-cancel" onClick={props.onCancel}>
          取消
        </Button>
        <Button size="middle" kind={props.danger ? 'danger' : 'primary'} loading={busy} testid="editor-save" onClick={save}>
          {props.saveLabel || '保存'}
        </Button>
      </div>
    </div>
  );
}

/** A row of small buttons under an entry (hidden entirely when the viewer reads only). */
export function Ops(props: { children: ComponentChildren }) {
  return <div class="lb-dir-ops">{props.children}</div>;
}

/** Shanghai calendar date of an ISO instant or date ("2026-12-06"). */
export function dayOf(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  if (isNaN(ms)) return value;
  const d = new Date(ms + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

/** The read-only note auditors (and admins of another district) see at the top of a page. */
export function ReadOnlyNote(props: { text?: string }) {
  return (
    <div class="lb-banner lb-banner--warn lb-dir-banner" data-testid="read-only">
      {props.text || '只读：您可以查看，不能修改。'}
    </div>
  );
}

/** Checkboxes for a set of choices (roles, items). */
export function Checks(props: { options: { value: string; label: string }[]; value: string[]; onChange: (v: string[]) => void; testid: string }) {
  return (
    <div class="lb-checks lb-dir-checks" data-testid={props.testid}>
      {props.options.map((o) => {
        const on = props.value.indexOf(o.value) >= 0;
        return (
          <label key={o.value} class="lb-check lb-dir-check">
            <input
              type="checkbox"
              checked={on}
              data-testid={props.testid + '-' + o.value}
              onChange={() => props.onChange(on ? props.value.filter((v) => v !== o.value) : props.value.concat([o.value]))}
            />
            {' ' + o.label}
          </label>
        );
      })}
    </div>
  );
}
