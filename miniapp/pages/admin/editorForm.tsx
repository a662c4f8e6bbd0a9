import { Button } from '../../components/Button';
import { navigate } from '../../router';
import { Cell, Check, Num, Pick, Txt } from './controls';
import { FieldDefsEditor, freeKey } from './fieldDefs';
import type { IssueIndex } from './issues';
import { ItemEditor, newItem } from './itemEditor';
import type { Bundle, MaterialType } from './types';

type Option = { value: string; label: string };

export interface EditorContext {
  bundle: Bundle;
  issues: IssueIndex;
  readOnly: boolean;
  kinds: Option[];
  districts: Option[];
  /** Names of the districts that joined this bundle (the directory's joins). */
  joined: string[];
  onChange: (bundle: Bundle) => void;
}

function Issues(props: { list: { field?: string; message: string }[] }) {
  return (
    <div>
      {props.list.map((x, k) => (
        <div key={k} class="lb-field__msg" role="alert" data-testid={'issue-' + (x.field || '')}>
          {x.message}
        </div>
      ))}
    </div>
  );
}

/** 档案主体 kinds: which field type holds the subject's number (core subject.ts). */
const SUBJECT_KINDS = [
  { value: 'person', label: '个人', numberType: 'idNumber', numberLabel: '身份证号字段' },
  { value: 'enterprise', label: '企业', numberType: 'creditCode', numberLabel: '统一社会信用代码字段' },
  { value: 'project', label: '项目', numberType: 'text', numberLabel: '项目代码字段' },
];

/**
 * The bundle's editable parts, each section a card: 基本信息, 一表字段, 材料, 事项, 档案主体 and 申请条件 (shown).
 * Plain functions in render order, so every control claims its issues before its card shows the rest.
 */
export function editorSections(ctx: EditorContext) {
  const { bundle: b, issues, readOnly } = ctx;
  const set = (patch: Partial<Bundle>) => ctx.onChange({ ...b, ...patch });
  const materials = b.materials || [];
  const items = b.items || [];
  const basics = (
    <div class="lb-card" data-testid="section-basics">
      <div class="lb-card__title">基本信息</div>
      <div class="lb-admin-grid">
        <Cell label="一件事名称" path="name" error={issues.near('name')}>
          <Txt value={b.name} maxLength={60} disabled={readOnly} testid="bundle-name" onChange={(v) => set({ name: v })} />
        </Cell>
        <Cell label="牵头部门" path="leadDepartment" error={issues.near('leadDepartment')}>
          <Pick value={b.leadDepartment} options={ctx.kinds} disabled={readOnly} testid="bundle-lead" onChange={(v) => set({ leadDepartment: v })} />
        </Cell>
        <Cell label="承诺办结（工作日）" path="promisedDays" error={issues.near('promisedDays')} hint="不含制证及邮寄时间">
          <Num value={b.promisedDays} disabled={readOnly} testid="bundle-days" onChange={(v) => set({ promisedDays: v as number })} />
        </Cell>
        <Cell label="说明" path="description" error={issues.near('description')} wide>
          <Txt value={b.description} maxLength={2000} disabled={readOnly} testid="bundle-description" onChange={(v) => set({ description: v || undefined })} />
        </Cell>
        <div class="lb-admin-cell lb-admin-cell--wide" data-testid="bundle-districts">
          <span class="lb-admin-cell__label">参与区县</span>
          <div>
            {ctx.joined.length ? ctx.joined.join('、') : '尚无区县加入'}
            {' · '}
            <a class="lb-link" data-testid="open-joins" onClick={() => navigate('/admin/directory?s=joins')}>
              在「名录与配置 · 参与一件事」中管理
            </a>
          </div>
        </div>
      </div>
      <Issues list={issues.rest('id').concat(issues.rest('version'))} />
    </div>
  );
  const fields = (
    <div class="lb-card" data-testid="section-fields">
      <div class="lb-card__title">一表字段</div>
      <div class="lb-meta">申请人只填一次；每个事项只看到它所需的字段。</div>
      {FieldDefsEditor({ fields: b.fields || [], path: 'fields', testid: 'form-fields', issues, readOnly, kinds: ctx.kinds, onChange: (v) => set({ fields: v }) })}
      <Issues list={issues.rest('fields')} />
    </div>
  );
  const setMaterial = (i: number, m: MaterialType) => set({ materials: materials.map((x, j) => (j === i ? m : x)) });
  const intake = b.intakeMaterials || [];
  const mats = (
    <div class="lb-card" data-testid="section-materials">
      <div class="lb-card__title">材料</div>
      {materials.map((m, i) => {
        const at = 'materials.' + i;
        const tid = 'material-' + i;
        const grid = (
          <div class="lb-admin-grid">
            <Cell label="材料名称" path={at + '.name'} error={issues.near(at + '.name')}>
              <Txt value={m.name} maxLength={60} disabled={readOnly} testid={tid + '-name'} onChange={(v) => setMaterial(i, { ...m, name: v })} />
            </Cell>
            <Cell label="编码" path={at + '.id'} error={issues.near(at + '.id')} hint="英文字母开头">
              <Txt
                value={m.id}
                maxLength={64}
                disabled={readOnly}
                testid={tid + '-id'}
                onChange={(v) => {
                  const id = v.trim();
                  // the intake list follows the renamed material
                  set({ materials: materials.map((x, j) => (j === i ? { ...m, id } : x)), intakeMaterials: intake.map((x) => (x === m.id ? id : x)) });
                }}
              />
            </Cell>
            <Cell label="来源" path="intakeMaterials" error={null}>
              <Check
                checked={intake.indexOf(m.id) >= 0}
                label="受理时由申请人提交"
                disabled={readOnly}
                testid={tid + '-intake'}
                onChange={(on) => set({ intakeMaterials: on ? intake.concat([m.id]) : intake.filter((x) => x !== m.id) })}
              />
            </Cell>
            <Cell label="形式" path={at + '.electronicLicence'} error={issues.near(at + '.electronicLicence')}>
              <Check checked={!!m.electronicLicence} label="电子证照" disabled={readOnly} testid={tid + '-licence'} onChange={(v) => setMaterial(i, { ...m, electronicLicence: v || undefined })} />
              <Check checked={m.delivery === 'mail'} label="实物邮寄" disabled={readOnly} testid={tid + '-mail'} onChange={(v) => setMaterial(i, { ...m, delivery: v ? 'mail' : undefined })} />
            </Cell>
          </div>
        );
        const fieldList = FieldDefsEditor({ fields: m.fields || [], path: at + '.fields', testid: tid + '-fields', issues, readOnly, kinds: ctx.kinds, onChange: (v) => setMaterial(i, { ...m, fields: v }) });
        return (
          <div class="lb-admin-entry" key={i} data-testid={tid} data-path={at}>
            <div class="lb-admin-entry__head">
              <span>{(i + 1) + '. ' + (m.name || '未命名材料')}</span>
              {readOnly ? null : (
                <a class="lb-link" data-testid={tid + '-remove'} onClick={() => set({ materials: materials.filter((_, j) => j !== i), intakeMaterials: intake.filter((x) => x !== m.id) })}>
                  删除材料
                </a>
              )}
            </div>
            {grid}
            <div class="lb-admin-sub">材料字段</div>
            {fieldList}
            <Issues list={issues.rest(at)} />
          </div>
        );
      })}
      <Issues list={issues.rest('materials').concat(issues.rest('intakeMaterials'))} />
      {readOnly ? null : (
        <Button size="small" testid="add-material" onClick={() => set({ materials: materials.concat([{ id: freeKey('material', materials.map((m) => m.id)), name: '', fields: [{ key: 'number', label: '编号', type: 'text' }] }]) })}>
          添加材料
        </Button>
      )}
    </div>
  );
  const itemList = (
    <div class="lb-card" data-testid="section-items">
      <div class="lb-card__title">事项</div>
      {items.map((item, i) => (
        <div key={i}>
          {ItemEditor({
            bundle: b,
            item,
            index: i,
            issues,
            readOnly,
            kinds: ctx.kinds,
            districts: ctx.districts,
            onChange: (v) => set({ items: items.map((x, j) => (j === i ? v : x)) }),
            onRemove: () => set({ items: items.filter((_, j) => j !== i) }),
          })}
        </div>
      ))}
      <Issues list={issues.rest('items')} />
      {readOnly ? null : (
        <Button size="small" testid="add-item" onClick={() => set({ items: items.concat([newItem(freeKey('item', items.map((x) => x.id)))]) })}>
          添加事项
        </Button>
      )}
    </div>
  );
  const subjects = b.subjects || [];
  const sources = [{ value: 'form', label: '申请表' }].concat(materials.map((m) => ({ value: m.id, label: m.name || m.id })));
  const setSubject = (i: number, patch: Record<string, string | undefined>) => set({ subjects: subjects.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const subjectCard = (
    <div class="lb-card" data-testid="section-subjects">
      <div class="lb-card__title">档案主体</div>
      <div class="lb-meta">办结材料归入谁的电子档案：个人（身份证号）、企业（统一社会信用代码）或项目（项目代码）。</div>
      {subjects.map((s, i) => {
        const at = 'subjects.' + i;
        const kind = s.kind || 'person';
        const numberType = SUBJECT_KINDS.filter((k) => k.value === kind)[0].numberType;
        const sourceFields = s.source === 'form' ? b.fields || [] : (materials.filter((m) => m.id === s.source)[0] || { fields: [] }).fields;
        const idFields = sourceFields.filter((f) => f.type === numberType).map((f) => ({ value: f.key, label: f.label || f.key }));
        const nameFields = sourceFields.filter((f) => f.type === 'text').map((f) => ({ value: f.key, label: f.label || f.key }));
        return (
          <div class="lb-admin-grid" key={i} data-testid={'subject-' + i} data-path={at}>
            <Cell label="称谓" path={at + '.label'} error={issues.near(at + '.label')}>
              <Txt value={s.label} disabled={readOnly} testid={'subject-' + i + '-label'} onChange={(v) => setSubject(i, { label: v })} />
            </Cell>
            <Cell label="主体类别" path={at + '.kind'} error={issues.near(at + '.kind')}>
              <Pick
                value={kind}
                options={SUBJECT_KINDS}
                disabled={readOnly}
                testid={'subject-' + i + '-kind'}
                onChange={(v) => setSubject(i, { kind: v === 'person' ? undefined : v, idField: '', nameField: undefined })}
              />
            </Cell>
            <Cell label="来源" path={at + '.source'} error={issues.near(at + '.source')}>
              <Pick value={s.source} options={sources} disabled={readOnly} testid={'subject-' + i + '-source'} onChange={(v) => setSubject(i, { source: v, idField: '', nameField: undefined })} />
            </Cell>
            <Cell label={SUBJECT_KINDS.filter((k) => k.value === kind)[0].numberLabel} path={at + '.idField'} error={issues.near(at + '.idField') || issues.near(at)}>
              <Pick value={s.idField} options={idFields} disabled={readOnly} testid={'subject-' + i + '-id'} onChange={(v) => setSubject(i, { idField: v })} />
            </Cell>
            {kind === 'person' ? null : (
              <Cell label="名称字段" path={at + '.nameField'} error={issues.near(at + '.nameField')}>
                <Pick value={s.nameField || ''} options={nameFields} disabled={readOnly} testid={'subject-' + i + '-name'} onChange={(v) => setSubject(i, { nameField: v || undefined })} />
              </Cell>
            )}
            {readOnly ? null : (
              <a class="lb-link" data-testid={'subject-' + i + '-remove'} onClick={() => set({ subjects: subjects.filter((_, j) => j !== i) })}>
                删除
              </a>
            )}
          </div>
        );
      })}
      <Issues list={issues.rest('subjects')} />
      {readOnly ? null : (
        <Button size="small" testid="add-subject" onClick={() => set({ subjects: subjects.concat([{ role: freeKey('subject', subjects.map((s) => s.role)), label: '申请人', source: 'form', idField: '' }]) })}>
          添加档案主体
        </Button>
      )}
    </div>
  );
  const rules = b.eligibility || [];
  const eligibility = (
    <div class="lb-card" data-testid="section-eligibility">
      <div class="lb-card__title">申请条件</div>
      {rules.length ? (
        <ul class="lb-admin-edges">
          {rules.map((r, i) => (
            <li key={i}>{r.message}</li>
          ))}
        </ul>
      ) : (
        <div class="lb-meta">无（导入的 JSON 可带申请条件，此处只读展示）</div>
      )}
      <Issues list={issues.rest('eligibility')} />
    </div>
  );
  return (
    <div>
      {basics}
      {fields}
      {mats}
      {itemList}
      {subjectCard}
      {eligibility}
    </div>
  );
}
