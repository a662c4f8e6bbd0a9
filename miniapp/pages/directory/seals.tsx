/**
 * 印章: the shown district's seals — scope (items by name; a town centre's 赋权事项 counted and named by class,
 * 行政权力事项 / 公共服务事项), current and earlier key ids with their dates,
 * 有效 / 已吊销; issue, 更换密钥 (the old public key is kept: signed files still verify) and 吊销.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Field, Select, TextArea, TextInput } from '../../components/Form';
import { Tag } from '../../components/Tag';
import { showToast } from '../../components/Toast';
import { useLoader } from '../../lib/useLoader';
import { Checks, dayOf, EditorCard, endingText, keyLabel, namesOf, newId, Ops, useDirectory, useProblems } from './shared';
import type { AdminSeal, ChangePage, ChangeRecord, SealKey } from './types';

const KINDS = [
  { value: 'approval', label: '审批专用章' },
  { value: 'delegated', label: '集中授权专用章' },
];
const kindName = (k: string) => (KINDS.filter((x) => x.value === k)[0] || { label: '印章' }).label;

/** 赋权事项的类别 (a town centre's seal). */
const CLASS_NAMES: Record<string, string> = { power: '行政权力事项', publicService: '公共服务事项' };
const CLASS_OPTIONS = [
  { value: 'power', label: CLASS_NAMES.power },
  { value: 'publicService', label: CLASS_NAMES.publicService },
];

/** "行政权力事项 N 项 · 公共服务事项 M 项" of a seal whose scope is classed (a town centre's 赋权事项), else null. */
function classCounts(s: AdminSeal): string | null {
  const classes = s.scopeClasses;
  if (!classes || !Object.keys(classes).length) return null;
  const count = (c: string) => s.scope.filter((i) => classes[i] === c).length;
  return '行政权力事项 ' + count('power') + ' 项 · 公共服务事项 ' + count('publicService') + ' 项';
}

/** When each key of a seal came into use, from the seal's change records (issue, rotate): keyId → instant. */
function keyDates(records: ChangeRecord[], sealId: string): Record<string, string> {
  const out: Record<string, string> = {};
  records.forEach((r) => {
    const after = r.after as { keyId?: unknown } | null;
    if (r.kind === 'seal' && r.id === sealId && after && typeof after.keyId === 'string') {
      if (!out[after.keyId] || r.at < out[after.keyId]) out[after.keyId] = r.at;
    }
  });
  return out;
}

/** Current key first, then the earlier ones newest first. */
function keysOf(s: AdminSeal): SealKey[] {
  if (s.keys && s.keys.length) return s.keys.filter((k) => k.keyId === s.keyId).concat(s.keys.filter((k) => k.keyId !== s.keyId).reverse());
  const current: SealKey = { keyId: s.keyId, createdAt: s.createdAt };
  return [current].concat((s.previousKeyIds || []).slice().reverse().map((k): SealKey => ({ keyId: k })));
}

function IssueEditor(props: { onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [name, setName] = useState('');
  const [department, setDepartment] = useState('');
  const [kind, setKind] = useState('approval');
  const [scope, setScope] = useState<string[]>([]);
  const [classes, setClasses] = useState<Record<string, string>>({});
  const { errors, show, fixed } = useProblems();
  const deps = dir.data.departments.filter((d) => d.district === dir.district);
  const dep = deps.filter((d) => d.id === department)[0];
  const items = dep ? n.itemChoices(dep.kind) : [];
  // a town centre's 审批专用章: its 赋权事项, each classed 行政权力事项 or 公共服务事项
  const town = !!(dep && dep.servicePoint && dep.servicePoint.level === 'town') && kind === 'approval';
  const chosen = kind === 'delegated' ? [] : scope.filter((ref) => items.some((i) => i.value === ref));
  const save = async () => {
    const found = {
      name: name.trim() ? null : '请填写印章名称',
      department: department ? null : '请选择用章部门',
      scope: kind === 'delegated' || scope.length ? null : town ? '请至少选择一个赋权事项' : '请至少选择一个可签事项',
      classes: town && chosen.some((ref) => !classes[ref]) ? '请为每个赋权事项选择类别（行政权力事项或公共服务事项）' : null,
    };
    if (show(found)) return false;
    const scopeClasses: Record<string, string> = {};
    if (town) chosen.forEach((ref) => (scopeClasses[ref] = classes[ref]));
    const body = { id: newId(department + '-seal', dir.data.seals.map((x) => x.id)), name: name.trim(), department, kind, scope: chosen };
    await api.post('/api/admin/seals', town ? { ...body, scopeClasses } : body);
    await dir.reload();
    showToast('已制发 ' + name.trim(), 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard title="制发印章" testid="seal-editor" saveLabel="制发" onSave={save} onCancel={props.onClose}>
      <Field label="印章名称" required error={errors.name}>
        <TextInput value={name} maxLength={40} placeholder="如 宁波市公安局鄞州分局审批专用章" testid="seal-name" onChange={(x) => { setName(x); fixed('name'); }} />
      </Field>
      <Field label="用章部门" required error={errors.department}>
        <Select value={department} testid="seal-department" options={deps.map((d) => ({ value: d.id, label: d.name }))} onChange={(x) => { setDepartment(x); fixed('department'); }} />
      </Field>
      <Field label="类型" required>
        <Select value={kind} testid="seal-kind" options={KINDS} onChange={setKind} />
      </Field>
      {kind === 'delegated' ? (
        <div class="lb-meta">集中授权专用章可签哪些事项，由「集中授权」决定。</div>
      ) : (
        <div class={'lb-field' + (errors.scope ? ' lb-field--error' : '')}>
          <span class="lb-field__label">
            <span class="lb-field__req">*</span>{town ? '赋权事项' : '可签事项'}
          </span>
          {dep ? null : <div class="lb-meta">先选择用章部门，这里列出该部门办理的事项。</div>}
          {dep && !items.length ? <div class="lb-meta">这个部门没有可签章的事项。</div> : null}
          <Checks testid="seal-scope" options={items} value={scope} onChange={(x) => { setScope(x); fixed('scope'); }} />
          {errors.scope ? <span class="lb-field__msg" role="alert" data-testid="field-error">{errors.scope}</span> : null}
        </div>
      )}
      {town && chosen.length ? (
        <div class={'lb-field' + (errors.classes ? ' lb-field--error' : '')} data-testid="seal-classes">
          <span class="lb-field__label">
            <span class="lb-field__req">*</span>赋权事项类别
          </span>
          {chosen.map((ref) => (
            <Field key={ref} label={n.item(ref)}>
              <Select value={classes[ref] || ''} testid="seal-class" options={CLASS_OPTIONS} onChange={(x) => { setClasses({ ...classes, [ref]: x }); fixed('classes'); }} />
            </Field>
          ))}
          {errors.classes ? <span class="lb-field__msg" role="alert" data-testid="field-error">{errors.classes}</span> : null}
        </div>
      ) : null}
    </EditorCard>
  );
}

function RevokeEditor(props: { seal: AdminSeal; onClose: () => void }) {
  const { api, platform } = useApp();
  const dir = useDirectory();
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState(props.seal.rowVersion);
  const [error, setError] = useState<string | null>(null);
  const s = props.seal;
  const save = async () => {
    setError(reason.trim() ? null : '请填写吊销原因');
    if (!reason.trim()) return false;
    if (!(await platform.confirm('吊销 ' + s.name + '？', '吊销后不能再用此章签章，已签文件仍可验证。此操作不能撤回。', '确认吊销'))) return false;
    await api.post('/api/admin/seals/' + encodeURIComponent(s.id) + '/revoke', { reason: reason.trim(), expectedVersion: version });
    await dir.reload();
    showToast('已吊销 ' + s.name, 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={'吊销：' + s.name}
      testid="seal-revoke-editor"
      saveLabel="吊销"
      danger
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => {
        const fresh = (await dir.reload()).seals.filter((x) => x.id === s.id)[0];
        if (fresh) setVersion(fresh.rowVersion);
      }}
    >
      <div class="lb-meta">吊销后不能再用此章签章，已签文件仍可验证。</div>
      <Field label="吊销原因" required error={error}>
        <TextArea value={reason} maxLength={200} rows={2} testid="seal-revoke-reason" onChange={setReason} />
      </Field>
    </EditorCard>
  );
}

function SealCard(props: { seal: AdminSeal; records: ChangeRecord[]; onRevoke: () => void }) {
  const { api, platform } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [busy, setBusy] = useState(false);
  const s = props.seal;
  const keys = keysOf(s);
  const counts = classCounts(s);
  const since = keyDates(props.records, s.id);
  const rotate = async () => {
    if (!(await platform.confirm('更换 ' + s.name + ' 的密钥？', '更换后新的签章使用新密钥；旧公钥保留，已签文件仍可验证。', '确认更换'))) return;
    setBusy(true);
    try {
      await api.post('/api/admin/seals/' + encodeURIComponent(s.id) + '/rotate', { expectedVersion: s.rowVersion });
      await dir.reload();
      showToast('已更换密钥', 'success');
    } catch (e) {
      showToast((e instanceof Error && e.message) || '更换失败', 'error', 3000);
      await dir.reload();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="lb-card" data-testid="seal-card" data-id={s.id} data-revoked={String(!!s.revoked)}>
      <div class="lb-card__head">
        <div class="lb-card__title">{s.name}</div>
        <div class="lb-card__extra">{s.revoked ? <Tag tone="red">已吊销</Tag> : <Tag tone="green">有效</Tag>}</div>
      </div>
      <div class="lb-meta">{n.department(s.department) + ' · ' + kindName(s.kind)}</div>
      <div class="lb-dir-sub">{counts ? '赋权事项' : '可签事项'}</div>
      {counts ? <div class="lb-meta" data-testid="seal-scope-classes">{counts}</div> : null}
      <div class="lb-dir-tags" data-testid="seal-scope-names">
        {s.scope.length ? (
          s.scope.map((i) => {
            const cls = s.scopeClasses && s.scopeClasses[i];
            return (
              <Tag key={i} tone={cls === 'power' ? 'orange' : 'blue'}>
                {n.item(i) + (cls ? ' · ' + CLASS_NAMES[cls] : '')}
              </Tag>
            );
          })
        ) : (
          <span class="lb-meta">{s.kind === 'delegated' ? '由集中授权决定' : '无'}</span>
        )}
      </div>
      <div class="lb-dir-sub">签章密钥（旧密钥的公钥保留，旧签章仍可验证）</div>
      <table class="lb-table lb-dir-keys" data-testid="seal-keys">
        <tbody>
          {keys.map((k, i) => {
            const from = since[k.keyId] || k.createdAt;
            const until = i > 0 ? since[keys[i - 1].keyId] || k.retiredAt : null;
            return (
              <tr key={k.keyId}>
                <td class="lb-nowrap">{i === 0 ? (s.revoked ? '最后使用' : '当前密钥') : '旧密钥'}</td>
                <td title={k.keyId} data-key-id={k.keyId}>
                  {keyLabel(k.keyId)}
                </td>
                <td class="lb-nowrap">{i > 0 ? (from ? dayOf(from) : '') + ' 至 ' + (until ? dayOf(until) : '') : from ? dayOf(from) + ' 起' : '初始化时导入'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {s.revoked ? <div class="lb-meta" data-testid="seal-revoked">{'已吊销，' + endingText(s.revoked, n)}</div> : null}
      {dir.canEdit && !s.revoked ? (
        <Ops>
          <Button size="small" testid="seal-rotate" loading={busy} onClick={rotate}>
            更换密钥
          </Button>
          <Button size="small" kind="danger" testid="seal-revoke" onClick={props.onRevoke}>
            吊销
          </Button>
        </Ops>
      ) : null}
    </div>
  );
}

export function SealsSection() {
  const { api } = useApp();
  const dir = useDirectory();
  // read again whenever the directory is (after an issue or a rotation), for the new key's date
  const changes = useLoader(() => api.get<ChangePage>('/api/admin/changes', { district: dir.district }), [dir.district, dir.data]);
  const records = changes.data ? changes.data.records : [];
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const deps = dir.data.departments.filter((d) => d.district === dir.district).map((d) => d.id);
  const seals = dir.data.seals.filter((s) => deps.indexOf(s.department) >= 0);
  return (
    <div data-testid="seals">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{'印章（' + seals.length + '）'}</span>
        {dir.canEdit && editing === null ? (
          <Button size="small" kind="primary" testid="seal-add" onClick={() => setEditing('new')}>
            制发印章
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? <IssueEditor onClose={() => setEditing(null)} /> : null}
      <div class="lb-dir-grid">
        {seals.map((s) =>
          editing === s.id ? (
            <RevokeEditor key={s.id} seal={s} onClose={() => setEditing(null)} />
          ) : (
            <SealCard key={s.id} seal={s} records={records} onRevoke={() => setEditing(s.id)} />
          ),
        )}
      </div>
      {seals.length ? null : <div class="lb-empty lb-empty--small">这个区县还没有印章</div>}
    </div>
  );
}
