/**
 * 人员: the shown district's staff by department, with their roles (the core's role names) and 浙政钉 / 钉钉
 * accounts; add, edit, 停用 (with a reason, after a confirmation that their open work goes back to the
 * department's queue for 改派) and 启用.
 */
import { useState } from 'preact/hooks';
import { roleLabels, ROLES, type Role } from '../../../functions/core/directory';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Field, Select, TextArea, TextInput } from '../../components/Form';
import { Tag } from '../../components/Tag';
import { showToast } from '../../components/Toast';
import { Checks, EditorCard, endingText, namesOf, newId, Ops, useDirectory, useProblems } from './shared';
import type { AdminStaff } from './types';

const roleName = (r: string) => roleLabels[r as Role] || '其他角色';

interface StaffInput {
  name: string;
  department: string;
  roles: string[];
  zzdAccountId: string;
  dingtalkUserId: string;
}

/** The form's problems by field (the server checks again). */
function staffProblems(v: StaffInput): Record<string, string | null> {
  const name = v.name.trim();
  return {
    name: !name ? '请填写姓名' : name.length < 2 ? '姓名至少2个字' : name.length > 20 ? '姓名不超过20个字' : null,
    department: v.department ? null : '请选择所在部门',
    roles: v.roles.length ? null : '请至少选择一个角色',
    zzdAccountId: v.zzdAccountId.trim() && !/^[A-Za-z0-9._@:-]{1,64}$/.test(v.zzdAccountId.trim()) ? '浙政钉账号只含字母、数字和 . _ @ : -' : null,
    dingtalkUserId: v.dingtalkUserId.trim() && !/^[A-Za-z0-9._@:-]{1,64}$/.test(v.dingtalkUserId.trim()) ? '钉钉账号只含字母、数字和 . _ @ : -' : null,
    accounts: v.zzdAccountId.trim() || v.dingtalkUserId.trim() ? null : '请至少绑定浙政钉或钉钉账号之一，否则无法登录',
  };
}

/** What another admin's change touched, by label (shown after 载入最新版本). */
function touchedFields(was: AdminStaff, now: AdminStaff): string[] {
  const out: string[] = [];
  if (was.name !== now.name) out.push('姓名（现为 ' + now.name + '）');
  if (was.department !== now.department) out.push('所在部门');
  if (was.roles.slice().sort().join() !== now.roles.slice().sort().join()) out.push('角色（现为 ' + now.roles.map(roleName).join('、') + '）');
  if ((was.accounts.zzd || '') !== (now.accounts.zzd || '')) out.push('浙政钉账号');
  if ((was.accounts.dingtalk || '') !== (now.accounts.dingtalk || '')) out.push('钉钉账号');
  if (!!was.disabled !== !!now.disabled) out.push(now.disabled ? '已停用' : '已启用');
  return out;
}

function StaffEditor(props: { person: AdminStaff | null; department?: string; onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const p = props.person;
  const [v, setV] = useState<StaffInput>({
    name: p ? p.name : '',
    department: p ? p.department : props.department || '',
    roles: p ? p.roles.slice() : [],
    zzdAccountId: p ? p.accounts.zzd || '' : '',
    dingtalkUserId: p ? p.accounts.dingtalk || '' : '',
  });
  const [version, setVersion] = useState(p ? p.rowVersion : 0);
  const { errors, show, fixed } = useProblems();
  const set = (k: keyof StaffInput) => (value: string | string[]) => {
    setV((old) => ({ ...old, [k]: value }));
    fixed(k, k === 'zzdAccountId' || k === 'dingtalkUserId' ? 'accounts' : k);
  };
  const deps = dir.data.departments.filter((d) => d.district === dir.district);
  const save = async () => {
    if (show(staffProblems(v))) return false;
    const accounts: { zzd?: string; dingtalk?: string } = {};
    if (v.zzdAccountId.trim()) accounts.zzd = v.zzdAccountId.trim();
    if (v.dingtalkUserId.trim()) accounts.dingtalk = v.dingtalkUserId.trim();
    const body = { name: v.name.trim(), department: v.department, roles: v.roles, accounts };
    if (p) await api.put('/api/admin/staff/' + encodeURIComponent(p.id), { ...body, expectedVersion: version });
    else await api.post('/api/admin/staff', { ...body, id: newId(v.department, dir.data.staff.map((x) => x.id)), district: dir.district });
    await dir.reload();
    showToast(p ? '已保存' : '已添加 ' + body.name, 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={p ? '编辑人员：' + p.name : '添加人员'}
      testid="staff-editor"
      onSave={save}
      onCancel={props.onClose}
      onLatest={
        p
          ? async () => {
              const fresh = (await dir.reload()).staff.filter((s) => s.id === p.id)[0];
              if (!fresh) return [];
              setVersion(fresh.rowVersion);
              return touchedFields(p, fresh);
            }
          : undefined
      }
    >
      <Field label="姓名" required error={errors.name}>
        <TextInput value={v.name} maxLength={20} testid="staff-name" onChange={set('name')} />
      </Field>
      <Field label="所在部门" required error={errors.department}>
        <Select value={v.department} testid="staff-department" options={deps.map((d) => ({ value: d.id, label: d.name }))} onChange={set('department')} />
      </Field>
      <div class={'lb-field' + (errors.roles ? ' lb-field--error' : '')}>
        <span class="lb-field__label">
          <span class="lb-field__req">*</span>角色
        </span>
        <Checks testid="staff-roles" options={ROLES.map((r) => ({ value: r, label: roleLabels[r] }))} value={v.roles} onChange={set('roles')} />
        {errors.roles ? <span class="lb-field__msg" role="alert" data-testid="field-error">{errors.roles}</span> : null}
      </div>
      <Field label="浙政钉账号（accountId）" error={errors.zzdAccountId} hint="在浙政钉通讯录中查到的账号 ID">
        <TextInput value={v.zzdAccountId} maxLength={64} testid="staff-zzd" onChange={set('zzdAccountId')} />
      </Field>
      <Field label="钉钉账号（userId）" error={errors.dingtalkUserId || errors.accounts}>
        <TextInput value={v.dingtalkUserId} maxLength={64} testid="staff-dingtalk" onChange={set('dingtalkUserId')} />
      </Field>
    </EditorCard>
  );
}

function DisableEditor(props: { person: AdminStaff; onClose: () => void }) {
  const { api, platform } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const p = props.person;
  const [reason, setReason] = useState('');
  const [version, setVersion] = useState(p.rowVersion);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const r = reason.trim();
    setError(r ? null : '请填写停用原因');
    if (!r) return false;
    const depName = n.department(p.department);
    const ok = await platform.confirm(
      '停用 ' + p.name + '？',
      '停用后' + p.name + '不能再登录，已登录的会话立即失效。其名下未办结的工作将退回「' + depName + '」的部门队列，由部门签章人或审管办督办人员改派。',
      '确认停用',
    );
    if (!ok) return false;
    await api.post('/api/admin/staff/' + encodeURIComponent(p.id) + '/disable', { reason: r, expectedVersion: version });
    await dir.reload();
    showToast('已停用 ' + p.name, 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={'停用：' + p.name}
      testid="disable-editor"
      saveLabel="停用"
      danger
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => {
        const fresh = (await dir.reload()).staff.filter((s) => s.id === p.id)[0];
        if (fresh) setVersion(fresh.rowVersion);
      }}
    >
      <Field label="停用原因" required error={error} hint="如 调离、退休、长期休假；写入配置变更记录">
        <TextArea value={reason} maxLength={200} rows={2} testid="disable-reason" onChange={setReason} />
      </Field>
    </EditorCard>
  );
}

function StaffRow(props: { person: AdminStaff; onEdit: () => void; onDisable: () => void }) {
  const { api, platform } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [busy, setBusy] = useState(false);
  const p = props.person;
  const enable = async () => {
    if (!(await platform.confirm('启用 ' + p.name + '？', '启用后' + p.name + '可以重新登录，按现有角色办理工作。', '确认启用'))) return;
    setBusy(true);
    try {
      await api.post('/api/admin/staff/' + encodeURIComponent(p.id) + '/enable', { expectedVersion: p.rowVersion });
      await dir.reload();
      showToast('已启用 ' + p.name, 'success');
    } catch (e) {
      showToast((e instanceof Error && e.message) || '启用失败', 'error', 3000);
      if (e instanceof Error && (e as { status?: number }).status === 409) await dir.reload();
    } finally {
      setBusy(false);
    }
  };
  const accounts = [p.accounts.zzd ? '浙政钉' : '', p.accounts.dingtalk ? '钉钉' : ''].filter((x) => !!x);
  return (
    <div class={'lb-dir-row' + (p.disabled ? ' lb-dir-row--off' : '')} data-testid="staff-row" data-id={p.id} data-disabled={String(!!p.disabled)}>
      <div class="lb-dir-row__main lb-dir-person">
        <div class="lb-dir-row__title">
          {p.name}
          {p.disabled ? (
            <Tag tone="grey" testid="staff-disabled">
              已停用
            </Tag>
          ) : null}
        </div>
        <div class="lb-dir-tags">
          {p.roles.map((r) => (
            <Tag key={r} tone="blue">
              {roleName(r)}
            </Tag>
          ))}
        </div>
        <div class="lb-meta" data-testid="staff-accounts">{accounts.length ? '已绑定' + accounts.join('、') + '账号' : '未绑定账号（不能登录）'}</div>
        {p.disabled ? (
          <div class="lb-meta" data-testid="staff-disabled-reason">
            {'停用' + endingText(p.disabled, n)}
          </div>
        ) : null}
      </div>
      {dir.canEdit ? (
        <Ops>
          <Button size="small" testid="staff-edit" onClick={props.onEdit}>
            编辑
          </Button>
          {p.disabled ? (
            <Button size="small" testid="staff-enable" loading={busy} onClick={enable}>
              启用
            </Button>
          ) : (
            <Button size="small" kind="danger" testid="staff-disable" onClick={props.onDisable}>
              停用
            </Button>
          )}
        </Ops>
      ) : null}
    </div>
  );
}

/** The staff of the shown district, by department (all, or the one chosen); a name / role filter for long lists. */
export function StaffSection(props: { department: string; onDepartment: (id: string) => void }) {
  const dir = useDirectory();
  const [editing, setEditing] = useState<{ id: string; mode: 'edit' | 'disable' } | 'new' | null>(null);
  const [filter, setFilter] = useState('');
  const all = dir.data.departments.filter((d) => d.district === dir.district);
  const deps = all.filter((d) => !props.department || d.id === props.department);
  const q = filter.trim();
  const matches = (s: AdminStaff) => !q || s.name.indexOf(q) >= 0 || s.roles.some((r) => roleName(r).indexOf(q) >= 0);
  const staff = dir.data.staff.filter((s) => s.district === dir.district && (!props.department || s.department === props.department) && matches(s));
  return (
    <div data-testid="staff">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{'人员（' + staff.length + '）'}</span>
        {dir.canEdit && editing === null ? (
          <Button size="small" kind="primary" testid="staff-add" onClick={() => setEditing('new')}>
            添加人员
          </Button>
        ) : null}
      </div>
      <div class="lb-dir-filter">
        <span class="lb-dir-filter__dep">
          <Select
            value={props.department || '*'}
            testid="staff-department-filter"
            options={[{ value: '*', label: '全部部门' }].concat(all.map((d) => ({ value: d.id, label: d.name })))}
            onChange={(v) => props.onDepartment(v === '*' ? '' : v)}
          />
        </span>
        <span class="lb-dir-filter__text">
          <TextInput value={filter} placeholder="按姓名或角色筛选" testid="staff-filter" onChange={setFilter} />
        </span>
      </div>
      {editing === 'new' ? <StaffEditor person={null} department={props.department} onClose={() => setEditing(null)} /> : null}
      {deps.map((d) => {
        const people = staff.filter((s) => s.department === d.id);
        if (!people.length) return null;
        return (
          <div key={d.id} class="lb-card lb-dir-list" data-testid="staff-group">
            <div class="lb-dir-group">{d.name}</div>
            {people.map((p) => {
              if (editing !== null && editing !== 'new' && editing.id === p.id) {
                return editing.mode === 'edit' ? (
                  <StaffEditor key={p.id} person={p} onClose={() => setEditing(null)} />
                ) : (
                  <DisableEditor key={p.id} person={p} onClose={() => setEditing(null)} />
                );
              }
              return <StaffRow key={p.id} person={p} onEdit={() => setEditing({ id: p.id, mode: 'edit' })} onDisable={() => setEditing({ id: p.id, mode: 'disable' })} />;
            })}
          </div>
        );
      })}
      {staff.length ? null : <div class="lb-empty lb-empty--small">没有符合条件的人员</div>}
    </div>
  );
}
