import { useApp } from '../../app/context';
import { ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';

type Loose = Record<string, unknown>;

const GROUPS: Record<string, string> = { items: '事项', fields: '一表字段', materials: '材料', limits: '时限', bundle: '基本信息' };
const KINDS: { key: string; label: string; tone: string }[] = [
  { key: 'added', label: '新增', tone: 'green' },
  { key: 'removed', label: '删除', tone: 'red' },
  { key: 'changed', label: '修改', tone: 'orange' },
];

/** A diff entry in words: its name (or id), then what changed (`承诺时限 5 → 3`). */
function describe(x: unknown): string {
  if (typeof x === 'string') return x;
  if (!x || typeof x !== 'object') return String(x);
  const o = x as Loose;
  const name = String(o.name || o.label || o.id || o.key || o.field || '');
  const parts: string[] = [];
  if (o.before !== undefined || o.after !== undefined) parts.push(show(o.before) + ' → ' + show(o.after));
  const changes = o.changes || o.changed;
  if (Array.isArray(changes)) changes.forEach((c) => parts.push(describe(c)));
  return name + (parts.length ? (name ? '：' : '') + parts.join('；') : '');
}

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '（无）';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** 变更对比: the draft against the version it was copied from — what was added, removed and changed, by group. */
export function DiffView(props: { path: string; dirty: boolean }) {
  const { api } = useApp();
  const loaded = useLoader(() => api.get<Loose>(props.path), [props.path]);
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} home={false} />;
  if (!loaded.data) return <Loading />;
  const d = loaded.data;
  const against = d.against !== undefined ? d.against : d.base;
  const groups = Object.keys(d).filter((k) => d[k] && typeof d[k] === 'object' && !Array.isArray(d[k]) && KINDS.some((kind) => Array.isArray((d[k] as Loose)[kind.key])));
  let count = 0;
  const body = groups.map((g) => {
    const group = d[g] as Loose;
    const rows = KINDS.map((kind) => {
      const list = (group[kind.key] as unknown[]).map(describe);
      count += list.length;
      return list.map((text, i) => (
        <li key={kind.key + i} data-testid={'diff-' + g + '-' + kind.key}>
          <span class={'lb-tag lb-tag--' + kind.tone}>{kind.label}</span> {text}
        </li>
      ));
    });
    return (
      <div key={g}>
        <div class="lb-admin-sub">{GROUPS[g] || g}</div>
        <ul class="lb-admin-edges">{rows}</ul>
      </div>
    );
  });
  return (
    <div class="lb-card" data-testid="diff">
      <div class="lb-card__title">{against ? '与第 ' + String(against) + ' 版相比' : '变更对比'}</div>
      {props.dirty ? <div class="lb-meta">对比的是已保存的草稿；未保存的修改不在其中。</div> : null}
      {against === null || against === undefined ? <div class="lb-meta">这是新建的一件事，没有可对比的版本。</div> : null}
      {count ? body : <div class="lb-meta" data-testid="diff-none">没有变化</div>}
    </div>
  );
}
