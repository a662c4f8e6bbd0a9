/**
 * 配置变更记录: a scope's change records, newest first — who, when, what, and before → after field by field in
 * names (departments, roles, items, seals) — with the hash chain's check said plainly; 加载更多 by seq.
 */
import { useState } from 'preact/hooks';
import { roleLabels, type Role } from '../../../functions/core/directory';
import { useApp } from '../../app/context';
import { Tag } from '../../components/Tag';
import { ErrorState, Loading } from '../../components/State';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { keyLabel, namesOf, useDirectory, type Names } from './shared';
import type { ChangePage, ChangeRecord } from './types';

const KINDS: Record<string, string> = {
  bundle: '一件事', district: '区县', department: '部门', staff: '人员', seal: '印章', delegation: '集中授权', calendar: '工作日历', hours: '开放时间', join: '参与一件事',
};
const ACTIONS: Record<string, string> = {
  create: '新增', update: '修改', disable: '停用', enable: '启用', revoke: '吊销', rotate: '更换密钥', join: '参与', publish: '发布', retire: '停用版本',
  discard: '丢弃草稿', import: '导入', copy: '复制为草稿', rename: '改名', issue: '制发', hours: '修改开放时间', save: '保存草稿',
};
const LABELS: Record<string, string> = {
  name: '名称', department: '部门', roles: '角色', zzdAccountId: '浙政钉账号', dingtalkUserId: '钉钉账号', disabled: '停用', scope: '可签事项',
  keyId: '当前密钥', keys: '密钥', previousKeyIds: '旧密钥', revoked: '吊销', items: '事项', validFrom: '生效日期', validUntil: '截止日期', sealId: '印章',
  fromDepartment: '授权部门', toDepartment: '被授权部门', kind: '类别', daysOff: '休息日', holidays: '休息日', workdays: '工作日',
  publishedYears: '已录入通知的年份', weekly: '每周开放时间', evenings: '延时服务', joins: '参与一件事', bundles: '一件事', district: '区县',
  reason: '原因', from: '起始日期', state: '状态', hours: '开放时间', accounts: '账号', zzd: '浙政钉', dingtalk: '钉钉',
  mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日', until: '延至', open: '开门', close: '关门',
};
const SKIP = ['version', 'rowVersion', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', 'id', 'code', 'calendarVersion'];
const SEAL_KINDS: Record<string, string> = { approval: '审批专用章', delegated: '集中授权专用章' };
const day = (w: unknown) => (typeof w === 'string' ? LABELS[w] || w : '');

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Weekly hours in weekday order, equal neighbours merged: 周一至周五 09:00–17:00；周六至周日 不开放. */
function weekText(v: Record<string, unknown>, n: Names): string {
  const runs: { from: string; to: string; text: string }[] = [];
  WEEK.filter((d) => d in v).forEach((d) => {
    const text = valueText(d, v[d], n);
    const last = runs[runs.length - 1];
    if (last && last.text === text && WEEK.indexOf(d) === WEEK.indexOf(last.to) + 1) last.to = d;
    else runs.push({ from: d, to: d, text });
  });
  return runs.map((r) => LABELS[r.from] + (r.to !== r.from ? '至' + LABELS[r.to] : '') + ' ' + r.text).join('；');
}

/** One value in words, by the key it sits under. */
function valueText(key: string, v: unknown, n: Names): string {
  if (v === null && /^(mon|tue|wed|thu|fri|sat|sun)$/.test(key)) return '不开放';
  if (v === null && key === 'disabled') return '在岗';
  if ((v === null || v === undefined) && key === 'revoked') return '有效';
  if (v === null || v === undefined || v === '') return '（无）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(key, x, n)).join('、') : '（无）';
  if (typeof v === 'string') {
    if (key === 'department' || key === 'fromDepartment' || key === 'toDepartment') return n.department(v);
    if (key === 'roles') return roleLabels[v as Role] || v;
    if (key === 'scope' || key === 'items') return n.item(v);
    if (key === 'sealId') return n.seal(v);
    if (key === 'district') return n.district(v);
    if (key === 'bundles' || key === 'bundle') return n.bundle(v);
    if (key === 'kind') return SEAL_KINDS[v] || n.kind(v);
    if (key === 'keyId' || key === 'previousKeyIds') return keyLabel(v);
    if (key === 'zzd' || key === 'dingtalk') return '已绑定（' + v + '）';
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, true);
    return v;
  }
  if (typeof v === 'number') return String(v);
  if (isObj(v)) {
    if (typeof v.date === 'string') return v.date + (v.name ? ' ' + String(v.name) : '');
    if (typeof v.until === 'string') return day(v.weekday) + ' 延至 ' + v.until + (v.name ? '（' + String(v.name) + '）' : '');
    if (typeof v.open === 'string' && typeof v.close === 'string') return v.open + '–' + v.close;
    if (typeof v.bundle === 'string' && typeof v.from === 'string') return n.bundle(v.bundle) + '（' + v.from + ' 起）';
    if (typeof v.keyId === 'string') return keyLabel(v.keyId);
    if (Object.keys(v).length && Object.keys(v).every((k) => WEEK.indexOf(k) >= 0)) return weekText(v, n);
    if (typeof v.reason === 'string') return '原因：' + v.reason + (typeof v.at === 'string' ? '，' + formatDateTime(v.at, true) : '');
    return Object.keys(v)
      .filter((k) => SKIP.indexOf(k) < 0)
      .map((k) => (LABELS[k] || k) + '：' + valueText(k, v[k], n))
      .join('；');
  }
  return String(v);
}

const FIRST = ['name', 'department', 'fromDepartment', 'toDepartment', 'kind', 'roles', 'accounts', 'scope', 'items', 'sealId', 'validFrom', 'validUntil'];
const rank = (k: string) => (FIRST.indexOf(k) < 0 ? FIRST.length : FIRST.indexOf(k));
const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** before → after as changed fields in words; a created or removed entry lists the fields it has. */
interface Line {
  label: string;
  before: string | null;
  after: string | null;
}

function changeLines(before: unknown, after: unknown, n: Names, kind = ''): Line[] {
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys: string[] = [];
  Object.keys(b).concat(Object.keys(a)).forEach((k) => keys.indexOf(k) < 0 && SKIP.indexOf(k) < 0 && keys.push(k));
  keys.sort((x, y) => rank(x) - rank(y));
  const whole = !isObj(before) || !isObj(after);
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !(whole && empty(isObj(after) ? a[k] : b[k])))
    .map((k) => ({
      label: k === 'name' && kind === 'staff' ? '姓名' : k === 'revoked' && kind === 'delegation' ? '撤销' : LABELS[k] || k,
      before: before === null || before === undefined ? null : valueText(k, b[k], n),
      after: after === null || after === undefined ? null : valueText(k, a[k], n),
    }));
}

const BUNDLE_ACTIONS: Record<string, string> = {
  create: '新建一件事', save: '保存一件事草稿', publish: '发布一件事', retire: '停用一件事版本', copy: '复制为一件事草稿', discard: '丢弃一件事草稿', import: '导入一件事',
};

/** 新增人员, 撤销集中授权, 保存一件事草稿 … */
function titleOf(r: ChangeRecord): string {
  if (r.kind === 'bundle') return BUNDLE_ACTIONS[r.action] || '修改一件事';
  return (r.action === 'revoke' && r.kind === 'delegation' ? '撤销' : ACTIONS[r.action] || '变更') + (KINDS[r.kind] || '配置');
}

const STATES: Record<string, string> = { draft: '草稿', published: '已发布', retired: '已停用' };

/** A primitive (or a list of them) as it is; anything bigger is for the version diff of 一件事配置. */
function short(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（无）';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('、') || '（无）';
  return '（详见一件事配置的版本对比）';
}

/** A bundle version's record: a save lists the core diff's labelled changes; the rest its state, valid-from, scope. */
function bundleLines(r: ChangeRecord, n: Names): Line[] {
  const after = isObj(r.after) ? r.after : null;
  if (after && Array.isArray(after.changes)) {
    const all = (after.changes as Record<string, unknown>[]).map((c) => ({
      label: String(c.label || '内容') + (c.change === 'added' ? '（新增）' : c.change === 'removed' ? '（删除）' : ''),
      before: c.change === 'added' ? null : short(c.before),
      after: c.change === 'removed' ? null : short(c.after),
    }));
    return all.length > 20 ? all.slice(0, 20).concat([{ label: '其余', before: null, after: '另有 ' + (all.length - 20) + ' 处修改' }]) : all;
  }
  const pick = (doc: unknown): Record<string, unknown> | null => {
    if (!isObj(doc)) return null;
    return {
      state: STATES[String(doc.state)] || '（无）',
      validFrom: doc.validFrom || '（无）',
      scope: doc.scope ? n.district(String(doc.scope)) : '跨区县（全市）',
      copiedFrom: doc.copiedFrom ? '第 ' + String(doc.copiedFrom) + ' 版' : '（无）',
    };
  };
  const b = pick(r.before);
  const a = pick(r.after);
  const labels: Record<string, string> = { state: '状态', validFrom: '生效日期', scope: '适用范围', copiedFrom: '复制自' };
  return Object.keys(labels)
    .filter((k) => !(b && a && b[k] === a[k]) && !((!b || !a) && ((b || a) as Record<string, unknown>)[k] === '（无）'))
    .map((k) => ({ label: labels[k], before: b ? String(b[k]) : null, after: a ? String(a[k]) : null }));
}

function entryName(r: ChangeRecord, n: Names): string {
  const doc = (isObj(r.after) ? r.after : isObj(r.before) ? r.before : {}) as Record<string, unknown>;
  if (r.kind === 'bundle') {
    const at = r.id.indexOf('@');
    const inner = isObj(doc.bundle) ? doc.bundle : {};
    const name = typeof inner.name === 'string' && inner.name ? inner.name : n.bundle(at < 0 ? r.id : r.id.slice(0, at));
    return name + (at < 0 ? '' : '（第 ' + Number(r.id.slice(at + 1)) + ' 版）');
  }
  if (typeof doc.name === 'string') return doc.name;
  if (r.kind === 'department') return n.department(r.id);
  if (r.kind === 'staff') return n.staff(r.id);
  if (r.kind === 'seal') return n.seal(r.id);
  if (r.kind === 'district') return n.district(r.id);
  if (r.kind === 'delegation' && typeof doc.fromDepartment === 'string') return n.department(doc.fromDepartment) + ' → ' + n.department(String(doc.toDepartment));
  if (r.kind === 'calendar') return '全市工作日历';
  if (r.kind === 'hours') return n.district(r.id) + '服务大厅';
  return '';
}

function RecordCard(props: { r: ChangeRecord; bad: boolean; n: Names }) {
  const { r, n } = props;
  const lines = r.kind === 'bundle' ? bundleLines(r, n) : changeLines(r.before, r.after, n, r.kind);
  return (
    <div class="lb-card" data-testid="change-record" data-seq={r.seq}>
      <div class="lb-card__head">
        <div class="lb-card__title">{titleOf(r) + (entryName(r, n) ? '：' + entryName(r, n) : '')}</div>
        <div class="lb-card__extra">
          <Tag tone={props.bad ? 'red' : 'green'}>{props.bad ? '校验未通过' : '第 ' + r.seq + ' 条'}</Tag>
        </div>
      </div>
      <div class="lb-meta">{formatDateTime(r.at, true) + ' · ' + r.actor.name + '（' + n.district(r.actor.district) + '）'}</div>
      {lines.length ? (
        <table class="lb-table lb-dir-diff" data-testid="change-lines">
          <tbody>
            {lines.map((l, i) => (
              <tr key={i}>
                <td class="lb-nowrap lb-dir-diff__label">{l.label}</td>
                <td>
                  {l.before !== null ? <span class="lb-dir-diff__before">{l.before}</span> : null}
                  {l.before !== null && l.after !== null ? <span class="lb-dir-diff__arrow">→</span> : null}
                  {l.after !== null ? <span class="lb-dir-diff__after">{l.after}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

export function ChangesSection(props: { scope: string | null }) {
  const { api } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [more, setMore] = useState<ChangeRecord[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const query = props.scope ? { district: props.scope } : {};
  const { data, error, reload } = useLoader(() => {
    setMore([]);
    return api.get<ChangePage>('/api/admin/changes', query);
  }, [props.scope]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} home={false} />;
  if (!data) return <Loading />;
  const records = data.records.concat(more);
  const broken = data.chain.intact ? null : data.chain.brokenAt || 1;
  const last = records.length ? records[records.length - 1].seq : 0;
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const page = await api.get<ChangePage>('/api/admin/changes', { ...query, before: last });
      setMore((old) => old.concat(page.records));
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <div data-testid="changes" data-valid={String(data.chain.intact)}>
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{'配置变更记录 · ' + (props.scope ? n.district(props.scope) : dir.data.city.name + '（全市）')}</span>
      </div>
      {broken === null ? (
        <div class="lb-banner lb-banner--ok" data-testid="changes-chain">
          {'记录链校验通过：共 ' + data.chain.length + ' 条记录，前后相连、内容未被改动。'}
        </div>
      ) : (
        <div class="lb-banner lb-banner--error" role="alert" data-testid="changes-chain">
          {'记录链校验未通过：自第 ' + broken + ' 条记录起与前一条不相连或内容被改动、缺失。这些记录不可信，请保留现场并上报。'}
        </div>
      )}
      {records.map((r) => (
        <RecordCard key={r.seq} r={r} n={n} bad={broken !== null && r.seq >= broken} />
      ))}
      {records.length ? null : <div class="lb-empty lb-empty--small">还没有变更记录</div>}
      {last > 1 && records.length < data.chain.length ? (
        <button type="button" class="lb-more" data-testid="changes-more" disabled={loadingMore} onClick={loadMore}>
          {loadingMore ? '加载中…' : '加载更多'}
        </button>
      ) : null}
    </div>
  );
}
