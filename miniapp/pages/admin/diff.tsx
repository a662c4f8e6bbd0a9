import { useApp } from '../../app/context';
import { ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';

/** One change of GET …/diff (core bundleDiff.ts): where by ids, what in Chinese, before → after. */
interface DiffEntry {
  section: string;
  change: 'added' | 'removed' | 'changed';
  path: string;
  label: string;
  before: unknown;
  after: unknown;
}

interface DiffAnswer {
  against: number | null;
  changes: DiffEntry[];
}

const SECTIONS: { key: string; label: string }[] = [
  { key: 'bundle', label: '基本信息' },
  { key: 'item', label: '事项' },
  { key: 'field', label: '一表字段' },
  { key: 'material', label: '材料' },
  { key: 'intake', label: '受理材料' },
  { key: 'eligibility', label: '申请条件' },
  { key: 'subject', label: '档案主体' },
];
const CHANGES: Record<string, { label: string; tone: string }> = {
  added: { label: '新增', tone: 'green' },
  removed: { label: '删除', tone: 'red' },
  changed: { label: '修改', tone: 'orange' },
};

/** A value as the admin reads it: text and numbers as they are, yes / no, lists joined, anything else as short JSON. */
function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '（无）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('、') || '（无）';
  const text = JSON.stringify(v);
  return text.length > 80 ? text.slice(0, 77) + '…' : text;
}

/** 变更对比: the saved draft against the version it was copied from — what was added, removed and changed, by part. */
export function DiffView(props: { path: string; dirty: boolean }) {
  const { api } = useApp();
  const loaded = useLoader(() => api.get<DiffAnswer>(props.path), [props.path]);
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} home={false} />;
  if (!loaded.data) return <Loading />;
  const d = loaded.data;
  const changes = d.changes || [];
  return (
    <div class="lb-card" data-testid="diff">
      <div class="lb-card__title">{d.against ? '与第 ' + d.against + ' 版相比' : '变更对比'}</div>
      {props.dirty ? <div class="lb-meta">对比的是已保存的内容；未保存的修改不在其中。</div> : null}
      {d.against === null ? <div class="lb-meta">这是新建的一件事，没有可对比的版本。</div> : null}
      {d.against !== null && !changes.length ? <div class="lb-meta" data-testid="diff-none">没有变化</div> : null}
      {SECTIONS.map((s) => {
        const mine = changes.filter((c) => c.section === s.key);
        if (!mine.length) return null;
        return (
          <div key={s.key}>
            <div class="lb-admin-sub">{s.label}</div>
            <ul class="lb-admin-edges">
              {mine.map((c, k) => {
                const kind = CHANGES[c.change] || CHANGES.changed;
                return (
                  <li key={k} data-testid={'diff-' + c.change} data-path={c.path}>
                    <span class={'lb-tag lb-tag--' + kind.tone}>{kind.label}</span>
                    {' ' + c.label}
                    {c.change === 'changed' ? <span class="lb-meta">{'：' + show(c.before) + ' → ' + show(c.after)}</span> : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
