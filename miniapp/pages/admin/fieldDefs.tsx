import { Button } from '../../components/Button';
import { Cell, Check, Pick, Txt } from './controls';
import type { IssueIndex } from './issues';
import type { FieldDef } from './types';

/** Field types with the names admins know (schemas/field.schema.json). */
const FIELD_TYPES: { value: string; label: string }[] = [
  { value: 'text', label: '文本' },
  { value: 'idNumber', label: '身份证号' },
  { value: 'creditCode', label: '统一社会信用代码' },
  { value: 'phone', label: '电话号码' },
  { value: 'date', label: '日期' },
  { value: 'datetime', label: '日期时间' },
  { value: 'select', label: '选项（下拉选择）' },
  { value: 'district', label: '区县' },
  { value: 'department', label: '部门' },
  { value: 'address', label: '地址' },
  { value: 'postalCode', label: '邮政编码' },
  { value: 'integer', label: '整数' },
  { value: 'amount', label: '金额（元）' },
  { value: 'bankAccount', label: '银行账号' },
];

/** A key not yet used: prefix + the next free number. */
export function freeKey(prefix: string, used: string[]): string {
  let n = used.length + 1;
  while (used.indexOf(prefix + n) >= 0) n++;
  return prefix + n;
}

/** Options as lines of `值=名称` (or just 名称, which is then its own value). */
function optionsText(options: FieldDef['options']): string {
  return (options || []).map((o) => (o.value === o.label ? o.label : o.value + '=' + o.label)).join('\n');
}

function parseOptions(text: string): FieldDef['options'] {
  const out: { value: string; label: string }[] = [];
  text.split('\n').forEach((line) => {
    const t = line.trim();
    if (!t) return;
    const eq = t.indexOf('=');
    out.push(eq > 0 ? { value: t.slice(0, eq).trim(), label: t.slice(eq + 1).trim() } : { value: t, label: t });
  });
  return out.length ? out : undefined;
}

interface FieldsProps {
  fields: FieldDef[];
  /** The issue path of the list: `fields` or `materials.1.fields`. */
  path: string;
  testid: string;
  issues: IssueIndex;
  readOnly: boolean;
  kinds: { value: string; label: string }[];
  onChange: (fields: FieldDef[]) => void;
}

/**
 * A list of field definitions: 编码, 名称, 类型 (options for a choice, department kind for a department), 必填,
 * 条件必填 (another field of the list equal to a value), 提示; each with its issues under it.
 */
export function FieldDefsEditor(props: FieldsProps) {
  const { fields, path, issues, readOnly } = props;
  const set = (i: number, patch: Partial<FieldDef>) => {
    const next = fields.slice();
    const merged = { ...fields[i], ...patch } as FieldDef & Record<string, unknown>;
    Object.keys(patch).forEach((k) => {
      if ((patch as Record<string, unknown>)[k] === undefined) delete merged[k];
    });
    next[i] = merged;
    props.onChange(next);
  };
  const others = (i: number) => fields.filter((_, j) => j !== i).map((f) => ({ value: f.key, label: f.label || f.key }));
  return (
    <div data-testid={props.testid}>
      {fields.map((f, i) => {
        const at = path + '.' + i;
        const tid = props.testid + '-' + i;
        const cond = f.requiredWhen;
        const condField = cond ? fields.filter((x) => x.key === cond.field)[0] : undefined;
        const rows = (
          <div class="lb-admin-grid">
            <Cell label="名称" path={at + '.label'} error={issues.near(at + '.label')}>
              <Txt value={f.label} maxLength={40} disabled={readOnly} testid={tid + '-label'} onChange={(v) => set(i, { label: v })} />
            </Cell>
            <Cell label="编码" path={at + '.key'} error={issues.near(at + '.key')} hint="英文字母开头">
              <Txt value={f.key} maxLength={64} disabled={readOnly} testid={tid + '-key'} onChange={(v) => set(i, { key: v.trim() })} />
            </Cell>
            <Cell label="类型" path={at + '.type'} error={issues.near(at + '.type')}>
              <Pick
                value={f.type}
                options={FIELD_TYPES}
                disabled={readOnly}
                testid={tid + '-type'}
                onChange={(v) => set(i, { type: v as FieldDef['type'], options: v === 'select' ? f.options || [{ value: '是', label: '是' }, { value: '否', label: '否' }] : undefined, departmentKind: v === 'department' ? f.departmentKind : undefined })}
              />
            </Cell>
            <Cell label="必填" path={at + '.required'} error={issues.near(at + '.required')}>
              <Check checked={!!f.required} label="必填" disabled={readOnly} testid={tid + '-required'} onChange={(v) => set(i, { required: v || undefined })} />
            </Cell>
            {f.type === 'select' ? (
              <Cell label="选项（每行一项，可写 值=名称）" path={at + '.options'} error={issues.near(at + '.options')} wide>
                <textarea
                  class="lb-input lb-textarea"
                  rows={3}
                  value={optionsText(f.options)}
                  disabled={readOnly}
                  data-testid={tid + '-options'}
                  onChange={(e) => set(i, { options: parseOptions((e.target as HTMLTextAreaElement).value) })}
                />
              </Cell>
            ) : null}
            {f.type === 'department' ? (
              <Cell label="部门类型" path={at + '.departmentKind'} error={issues.near(at + '.departmentKind')}>
                <Pick value={f.departmentKind} options={props.kinds} disabled={readOnly} testid={tid + '-kind'} onChange={(v) => set(i, { departmentKind: v || undefined })} />
              </Cell>
            ) : null}
            <Cell label="条件必填：当字段" path={at + '.requiredWhen'} error={issues.near(at + '.requiredWhen')}>
              <Pick
                value={cond ? cond.field : ''}
                options={others(i)}
                placeholder="（无）"
                disabled={readOnly}
                testid={tid + '-when-field'}
                onChange={(v) => set(i, { requiredWhen: v ? { field: v, equals: cond ? cond.equals : '' } : undefined })}
              />
            </Cell>
            {cond ? (
              <Cell label="等于" path={at + '.requiredWhen.equals'} error={issues.near(at + '.requiredWhen.equals')}>
                {condField && condField.options ? (
                  <Pick value={cond.equals} options={condField.options} disabled={readOnly} testid={tid + '-when-equals'} onChange={(v) => set(i, { requiredWhen: { field: cond.field, equals: v } })} />
                ) : (
                  <Txt value={cond.equals} disabled={readOnly} testid={tid + '-when-equals'} onChange={(v) => set(i, { requiredWhen: { field: cond.field, equals: v } })} />
                )}
              </Cell>
            ) : null}
            <Cell label="填写提示" path={at + '.hint'} error={issues.near(at + '.hint')} wide>
              <Txt value={f.hint} maxLength={200} disabled={readOnly} testid={tid + '-hint'} onChange={(v) => set(i, { hint: v || undefined })} />
            </Cell>
          </div>
        );
        const rest = issues.rest(at).concat(f.key ? issues.rest(path + '.' + f.key) : []);
        return (
          <div class="lb-admin-entry" key={i} data-testid={tid} data-path={at}>
            <div class="lb-admin-entry__head">
              <span>{(i + 1) + '. ' + (f.label || '未命名字段')}</span>
              {readOnly ? null : (
                <a class="lb-link" data-testid={tid + '-remove'} onClick={() => props.onChange(fields.filter((_, j) => j !== i))}>
                  删除
                </a>
              )}
            </div>
            {rows}
            {rest.map((x, k) => (
              <div key={k} class="lb-field__msg" role="alert" data-testid={'issue-' + (x.field || '')}>
                {x.message}
              </div>
            ))}
          </div>
        );
      })}
      {issues.near(path) ? (
        <div class="lb-field__msg" role="alert" data-testid={'issue-' + path}>
          {issues.near(path)}
        </div>
      ) : null}
      {readOnly ? null : (
        <Button size="small" testid={props.testid + '-add'} onClick={() => props.onChange(fields.concat([{ key: freeKey('field', fields.map((f) => f.key)), label: '', type: 'text' }]))}>
          添加字段
        </Button>
      )}
    </div>
  );
}
