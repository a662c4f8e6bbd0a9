/**
 * 集中授权: a department delegates named items to the 审管办 window, signed with the window's seal, from one
 * date to another; state 生效中 / 未生效 / 已过期 / 已撤销; create, revoke (sign-offs under it stop at once).
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { DateInput, Field, Select, TextArea } from '../../components/Form';
import { Tag, type TagTone } from '../../components/Tag';
import { showToast } from '../../components/Toast';
import { shanghaiToday } from '../../lib/dates';
import { Checks, EditorCard, endingText, newId, namesOf, Ops, useDirectory, useProblems } from './shared';
import type { AdminDelegation } from './types';

type DelegationState = 'active' | 'pending' | 'expired' | 'revoked';

const STATES: Record<DelegationState, { label: string; tone: TagTone }> = {
  active: { label: '生效中', tone: 'green' },
  pending: { label: '未生效', tone: 'orange' },
  expired: { label: '已过期', tone: 'grey' },
  revoked: { label: '已撤销', tone: 'red' },
};

/** 有效期 in words: 2026-01-01 至 2026-12-31, 2026-01-01 起长期有效, 至 2026-12-31, 长期有效. */
function periodText(d: AdminDelegation): string {
  if (d.validFrom && d.validUntil) return '有效期 ' + d.validFrom + ' 至 ' + d.validUntil;
  if (d.validFrom) return d.validFrom + ' 起长期有效';
  return d.validUntil ? '有效期至 ' + d.validUntil : '长期有效';
}

function delegationState(d: AdminDelegation, today: string): DelegationState {
  if (d.revoked) return 'revoked';
  if (d.validFrom && today < d.validFrom) return 'pending';
  if (d.validUntil && today > d.validUntil) return 'expired';
  return 'active';
}

function CreateEditor(props: { onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const today = shanghaiToday(Date.now());
  const deps = dir.data.departments.filter((d) => d.district === dir.district);
  const window = deps.filter((d) => d.kind === 'serviceCenter')[0];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(window ? window.id : '');
  const [items, setItems] = useState<string[]>([]);
  const [sealId, setSealId] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState('');
  const { errors, show, fixed } = useProblems();
  const seals = dir.data.seals.filter((s) => s.department === to && !s.revoked);
  const fromDep = deps.filter((d) => d.id === from)[0];
  const choices = fromDep ? n.itemChoices(fromDep.kind) : [];
  const chosen = items.filter((ref) => choices.some((c) => c.value === ref));
  const save = async () => {
    const found = {
      from: from ? (from === to ? '授权部门与被授权部门不能相同' : null) : '请选择授权部门',
      to: to ? null : '请选择被授权的窗口',
      items: chosen.length ? null : '请至少选择一个事项',
      sealId: sealId ? null : '请选择签章所用的印章',
      validFrom: /^\d{4}-\d{2}-\d{2}$/.test(validFrom) ? null : '请选择生效日期',
      validUntil: !/^\d{4}-\d{2}-\d{2}$/.test(validUntil) ? '请选择截止日期' : validUntil < validFrom ? '截止日期不能早于生效日期' : validUntil < today ? '截止日期不能早于今天' : null,
    };
    if (show(found)) return false;
    const id = newId(from + '-to-' + (to.split('-').pop() || 'window'), dir.data.delegations.map((x) => x.id));
    await api.post('/api/admin/delegations', { id, fromDepartment: from, toDepartment: to, items: chosen, sealId, validFrom, validUntil });
    await dir.reload();
    showToast('已创建集中授权', 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard title="新建集中授权" testid="delegation-editor" saveLabel="创建" onSave={save} onCancel={props.onClose}>
      <Field label="授权部门" required error={errors.from}>
        <Select value={from} testid="delegation-from" options={deps.map((d) => ({ value: d.id, label: d.name }))} onChange={(x) => { setFrom(x); fixed('from'); }} />
      </Field>
      <Field label="被授权窗口" required error={errors.to}>
        <Select value={to} testid="delegation-to" options={deps.map((d) => ({ value: d.id, label: d.name }))} onChange={(v) => { setTo(v); setSealId(''); fixed('to', 'from'); }} />
      </Field>
      <div class={'lb-field' + (errors.items ? ' lb-field--error' : '')}>
        <span class="lb-field__label">
          <span class="lb-field__req">*</span>授权事项
        </span>
        {fromDep ? null : <div class="lb-meta">先选择授权部门，这里列出该部门办理的事项。</div>}
        <Checks testid="delegation-items" options={choices} value={items} onChange={(x) => { setItems(x); fixed('items'); }} />
        {errors.items ? <span class="lb-field__msg" role="alert" data-testid="field-error">{errors.items}</span> : null}
      </div>
      <Field label="签章所用印章" required error={errors.sealId} hint={seals.length ? undefined : '被授权窗口还没有有效印章，请先在「印章」制发'}>
        <Select value={sealId} testid="delegation-seal" options={seals.map((s) => ({ value: s.id, label: s.name }))} onChange={(x) => { setSealId(x); fixed('sealId'); }} />
      </Field>
      <Field label="生效日期" required error={errors.validFrom}>
        <DateInput value={validFrom} testid="delegation-valid-from" onChange={(x) => { setValidFrom(x); fixed('validFrom', 'validUntil'); }} />
      </Field>
      <Field label="截止日期" required error={errors.validUntil}>
        <DateInput value={validUntil} notBefore={validFrom} testid="delegation-valid-until" onChange={(x) => { setValidUntil(x); fixed('validUntil'); }} />
      </Field>
    </EditorCard>
  );
}

function RevokeEditor(props: { delegation: AdminDelegation; onClose: () => void }) {
  const { api, platform } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const d = props.delegation;
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState(d.rowVersion);
  const [error, setError] = useState<string | null>(null);
  const title = n.department(d.fromDepartment) + ' → ' + n.department(d.toDepartment);
  const save = async () => {
    setError(reason.trim() ? null : '请填写撤销原因');
    if (!reason.trim()) return false;
    if (!(await platform.confirm('撤销这项集中授权？', title + '：撤销后立即生效，窗口不能再以此授权签章；已签的文件不受影响。', '确认撤销'))) return false;
    await api.post('/api/admin/delegations/' + encodeURIComponent(d.id) + '/revoke', { reason: reason.trim(), expectedVersion: version });
    await dir.reload();
    showToast('已撤销集中授权', 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={'撤销授权：' + title}
      testid="delegation-revoke-editor"
      saveLabel="撤销授权"
      danger
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => {
        const fresh = (await dir.reload()).delegations.filter((x) => x.id === d.id)[0];
        if (fresh) setVersion(fresh.rowVersion);
      }}
    >
      <Field label="撤销原因" required error={error}>
        <TextArea value={reason} maxLength={200} rows={2} testid="delegation-revoke-reason" onChange={setReason} />
      </Field>
    </EditorCard>
  );
}

export function DelegationsSection() {
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const today = shanghaiToday(Date.now());
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const deps = dir.data.departments.filter((d) => d.district === dir.district).map((d) => d.id);
  const list = dir.data.delegations.filter((d) => deps.indexOf(d.fromDepartment) >= 0 || deps.indexOf(d.toDepartment) >= 0);
  return (
    <div data-testid="delegations">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{'集中授权（' + list.length + '）'}</span>
        {dir.canEdit && editing === null ? (
          <Button size="small" kind="primary" testid="delegation-add" onClick={() => setEditing('new')}>
            新建授权
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? <CreateEditor onClose={() => setEditing(null)} /> : null}
      <div class="lb-dir-grid">
      {list.map((d) => {
        if (editing === d.id) return <RevokeEditor key={d.id} delegation={d} onClose={() => setEditing(null)} />;
        const st = delegationState(d, today);
        return (
          <div key={d.id} class="lb-card" data-testid="delegation-card" data-id={d.id} data-state={st}>
            <div class="lb-card__head">
              <div class="lb-card__title">{n.department(d.fromDepartment) + ' → ' + n.department(d.toDepartment)}</div>
              <div class="lb-card__extra">
                <Tag tone={STATES[st].tone} testid="delegation-state">
                  {STATES[st].label}
                </Tag>
              </div>
            </div>
            <div class="lb-meta">{periodText(d) + ' · 用章 ' + n.seal(d.sealId)}</div>
            <div class="lb-dir-tags">
              {d.items.map((i) => (
                <Tag key={i} tone="blue">
                  {n.item(i)}
                </Tag>
              ))}
            </div>
            {d.revoked ? <div class="lb-meta" data-testid="delegation-revoked">{'已撤销，' + endingText(d.revoked, n)}</div> : null}
            {dir.canEdit && (st === 'active' || st === 'pending') ? (
              <Ops>
                <Button size="small" kind="danger" testid="delegation-revoke" onClick={() => setEditing(d.id)}>
                  撤销
                </Button>
              </Ops>
            ) : null}
          </div>
        );
      })}
      </div>
      {list.length ? null : <div class="lb-empty lb-empty--small">这个区县没有集中授权</div>}
    </div>
  );
}
