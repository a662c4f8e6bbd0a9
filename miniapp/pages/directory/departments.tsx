/**
 * 部门: the shown district's departments — add one (name and kind), rename one. Never deleted. A service point says
 * its level (镇（街道）便民服务中心 / 村（社区）代办点) and a village point its town centre.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Field, Select, TextInput } from '../../components/Form';
import { showToast } from '../../components/Toast';
import { EditorCard, namesOf, newId, Ops, useDirectory, useProblems } from './shared';
import type { AdminDepartment } from './types';

function nameProblem(name: string): string | null {
  const n = name.trim();
  if (!n) return '请填写部门名称';
  if (n.length < 2) return '部门名称至少2个字';
  if (n.length > 40) return '部门名称不超过40个字';
  return null;
}

function DepartmentEditor(props: { dep: AdminDepartment | null; onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const [name, setName] = useState(props.dep ? props.dep.name : '');
  const [kind, setKind] = useState(props.dep ? props.dep.kind : '');
  const [version, setVersion] = useState(props.dep ? props.dep.rowVersion : 0);
  const { errors, show, fixed } = useProblems();
  const save = async () => {
    const found = { name: nameProblem(name), kind: props.dep || kind ? null : '请选择部门类别' };
    if (show(found)) return false;
    if (props.dep) await api.put('/api/admin/departments/' + encodeURIComponent(props.dep.id), { name: name.trim(), expectedVersion: version });
    else {
      const district = dir.data.districts.filter((d) => d.code === dir.district)[0];
      const taken = dir.data.departments.map((d) => d.id);
      const plain = (district ? district.id : 'd' + dir.district) + '-' + kind;
      const id = taken.indexOf(plain) < 0 ? plain : newId(plain, taken);
      await api.post('/api/admin/departments', { id, district: dir.district, kind, name: name.trim() });
    }
    await dir.reload();
    showToast(props.dep ? '已改名' : '已添加部门', 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title={props.dep ? '部门改名：' + props.dep.name : '添加部门'}
      testid="department-editor"
      onSave={save}
      onCancel={props.onClose}
      onLatest={
        props.dep
          ? async () => {
              const data = await dir.reload();
              const fresh = data.departments.filter((d) => d.id === (props.dep as AdminDepartment).id)[0];
              if (fresh) setVersion(fresh.rowVersion);
            }
          : undefined
      }
    >
      <Field label="部门名称" required error={errors.name}>
        <TextInput value={name} maxLength={40} placeholder="如 宁波市鄞州区民政局" testid="department-name" onChange={(x) => { setName(x); fixed('name'); }} />
      </Field>
      {props.dep ? null : (
        <Field label="部门类别" required error={errors.kind} hint="决定这个部门承办哪些事项">
          <Select value={kind} testid="department-kind" options={dir.data.departmentKinds.map((k) => ({ value: k.id, label: k.name }))} onChange={(x) => { setKind(x); fixed('kind'); }} />
        </Field>
      )}
    </EditorCard>
  );
}

/** The district's departments with how many staff each has; choosing one shows its staff (`onSelect`). */
export function DepartmentsSection(props: { selected: string; onSelect: (id: string) => void }) {
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [editing, setEditing] = useState<AdminDepartment | 'new' | null>(null);
  const deps = dir.data.departments.filter((d) => d.district === dir.district);
  const count = (id: string) => dir.data.staff.filter((s) => s.department === id && !s.disabled).length;
  return (
    <div data-testid="departments">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{'部门（' + deps.length + '）'}</span>
        {dir.canEdit && editing === null ? (
          <Button size="small" kind="primary" testid="department-add" onClick={() => setEditing('new')}>
            添加部门
          </Button>
        ) : null}
      </div>
      {editing === 'new' ? <DepartmentEditor dep={null} onClose={() => setEditing(null)} /> : null}
      <div class="lb-card lb-dir-list">
        {deps.map((d) =>
          editing !== null && editing !== 'new' && editing.id === d.id ? (
            <DepartmentEditor key={d.id} dep={d} onClose={() => setEditing(null)} />
          ) : (
            <div key={d.id} class={'lb-dir-row' + (props.selected === d.id ? ' lb-dir-row--on' : '')} data-testid="department-row" data-id={d.id}>
              <button type="button" class="lb-dir-row__main lb-dir-pickrow" data-testid="department-pick" onClick={() => props.onSelect(props.selected === d.id ? '' : d.id)}>
                <span class="lb-dir-row__title">{d.name}</span>
                <span class="lb-meta">{n.kind(d.kind) + ' · 在岗 ' + count(d.id) + ' 人'}</span>
                {d.servicePoint ? (
                  <span class="lb-meta" data-testid="department-service-point">
                    {d.servicePoint.level === 'town' ? '镇（街道）便民服务中心' : '村（社区）代办点' + (d.servicePoint.town ? ' · 隶属 ' + n.department(d.servicePoint.town) : '')}
                  </span>
                ) : null}
              </button>
              {dir.canEdit ? (
                <Ops>
                  <Button size="small" testid="department-rename" onClick={() => setEditing(d)}>
                    改名
                  </Button>
                </Ops>
              ) : null}
            </div>
          ),
        )}
        {deps.length ? null : <div class="lb-empty lb-empty--small">这个区县还没有部门</div>}
      </div>
    </div>
  );
}
