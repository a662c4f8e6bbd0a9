import { Button } from '../../components/Button';
import { Cell, Check, Multi, Num, Pick, Txt } from './controls';
import type { IssueIndex } from './issues';
import type { Bundle, Item, MaterialInput } from './types';

type Option = { value: string; label: string };

const ROUTING_BY: Option[] = [
  { value: 'accepting', label: '受理地' },
  { value: 'fixed', label: '指定区县' },
  { value: 'field', label: '表单中的区县' },
  { value: 'departmentField', label: '表单中选的部门' },
];
const BASIS: Option[] = [
  { value: 'household', label: '户籍地' },
  { value: 'insurance', label: '参保地' },
  { value: 'death', label: '死亡地' },
  { value: 'residence', label: '居住地' },
  { value: 'birth', label: '出生地' },
  { value: 'property', label: '不动产所在地' },
];
const SEALS: Option[] = [
  { value: 'approval', label: '本部门审批专用章' },
  { value: 'delegated', label: '集中授权窗口章' },
];

export function newItem(id: string): Item {
  return { id, name: '', department: '', routing: { by: 'accepting' }, required: true, fields: [], inputs: [], outputs: [], timeLimitDays: 5, warnRemainingDays: 1, countersign: false };
}

interface ItemProps {
  bundle: Bundle;
  item: Item;
  index: number;
  issues: IssueIndex;
  readOnly: boolean;
  kinds: Option[];
  districts: Option[];
  onChange: (item: Item) => void;
  onRemove: () => void;
}

/**
 * One item (事项): who handles it and where (department kind and routing rule), its limits (statutory / promised
 * working days, warning days), seals and countersign, which form fields it sees, its inputs — a material, the
 * fields of it the item may see and why (minimum necessary) — and the materials it issues.
 */
export function ItemEditor(props: ItemProps) {
  const { item, bundle, issues, readOnly } = props;
  const at = 'items.' + props.index;
  const tid = 'item-' + props.index;
  const set = (patch: Partial<Item>) => {
    const next = { ...item, ...patch } as Item & Record<string, unknown>;
    Object.keys(patch).forEach((k) => {
      if ((patch as Record<string, unknown>)[k] === undefined) delete next[k];
    });
    props.onChange(next);
  };
  const formFields = (bundle.fields || []).map((f) => ({ value: f.key, label: f.label || f.key }));
  const materials = (bundle.materials || []).map((m) => ({ value: m.id, label: m.name || m.id }));
  const routing = item.routing || { by: 'accepting' };
  const typed = (type: string) => (bundle.fields || []).filter((f) => f.type === type).map((f) => ({ value: f.key, label: f.label || f.key }));
  const setInput = (k: number, patch: Partial<MaterialInput>) => set({ inputs: item.inputs.map((x, j) => (j === k ? { ...x, ...patch } : x)) });

  const body = (
    <div>
      <div class="lb-admin-grid">
        <Cell label="事项名称" path={at + '.name'} error={issues.near(at + '.name')}>
          <Txt value={item.name} maxLength={60} disabled={readOnly} testid={tid + '-name'} onChange={(v) => set({ name: v })} />
        </Cell>
        <Cell label="编码" path={at + '.id'} error={issues.near(at + '.id')} hint="英文字母开头">
          <Txt value={item.id} maxLength={64} disabled={readOnly} testid={tid + '-id'} onChange={(v) => set({ id: v.trim() })} />
        </Cell>
        <Cell label="承办部门" path={at + '.department'} error={issues.near(at + '.department')}>
          <Pick value={item.department} options={props.kinds} disabled={readOnly} testid={tid + '-department'} onChange={(v) => set({ department: v })} />
        </Cell>
        <Cell label="分派到" path={at + '.routing'} error={issues.near(at + '.routing')} hint={routing.by === 'accepting' ? '受理窗口所在区的该部门' : undefined}>
          <Pick
            value={routing.by}
            options={ROUTING_BY}
            disabled={readOnly}
            testid={tid + '-routing'}
            onChange={(v) => set({ routing: (v === 'fixed' ? { by: 'fixed', district: '' } : v === 'field' ? { by: 'field', field: '', basis: 'household' } : v === 'departmentField' ? { by: 'departmentField', field: '' } : { by: 'accepting' }) as Item['routing'] })}
          />
        </Cell>
        {routing.by === 'fixed' ? (
          <Cell label="区县" path={at + '.routing.district'} error={issues.near(at + '.routing.district')}>
            <Pick value={routing.district} options={props.districts} disabled={readOnly} testid={tid + '-routing-district'} onChange={(v) => set({ routing: { by: 'fixed', district: v } })} />
          </Cell>
        ) : null}
        {routing.by === 'field' ? (
          <Cell label="区县字段" path={at + '.routing.field'} error={issues.near(at + '.routing.field')}>
            <Pick value={routing.field} options={typed('district')} disabled={readOnly} testid={tid + '-routing-field'} onChange={(v) => set({ routing: { by: 'field', field: v, basis: routing.basis } })} />
          </Cell>
        ) : null}
        {routing.by === 'field' ? (
          <Cell label="依据" path={at + '.routing.basis'} error={issues.near(at + '.routing.basis')}>
            <Pick value={routing.basis} options={BASIS} disabled={readOnly} testid={tid + '-routing-basis'} onChange={(v) => set({ routing: { by: 'field', field: routing.field, basis: v as 'household' } })} />
          </Cell>
        ) : null}
        {routing.by === 'departmentField' ? (
          <Cell label="部门字段" path={at + '.routing.field'} error={issues.near(at + '.routing.field')}>
            <Pick value={routing.field} options={typed('department')} disabled={readOnly} testid={tid + '-routing-field'} onChange={(v) => set({ routing: { by: 'departmentField', field: v } })} />
          </Cell>
        ) : null}
        <Cell label="承诺时限（工作日）" path={at + '.timeLimitDays'} error={issues.near(at + '.timeLimitDays')}>
          <Num value={item.timeLimitDays} disabled={readOnly} testid={tid + '-days'} onChange={(v) => set({ timeLimitDays: v as number })} />
        </Cell>
        <Cell label="剩余几个工作日预警" path={at + '.warnRemainingDays'} error={issues.near(at + '.warnRemainingDays')}>
          <Num value={item.warnRemainingDays} disabled={readOnly} testid={tid + '-warn'} onChange={(v) => set({ warnRemainingDays: v as number })} />
        </Cell>
        <Cell label="办理" path={at + '.required'} error={issues.near(at + '.required')}>
          <Check checked={item.required !== false} label="必办（否则由申请人选择）" disabled={readOnly} testid={tid + '-required'} onChange={(v) => set({ required: v })} />
        </Cell>
        <Cell label="会签" path={at + '.countersign'} error={issues.near(at + '.countersign')}>
          <Check checked={!!item.countersign} label="需第二位签章人会签" disabled={readOnly} testid={tid + '-countersign'} onChange={(v) => set({ countersign: v })} />
        </Cell>
        <Cell label="可用印章" path={at + '.seals'} error={issues.near(at + '.seals')} wide>
          <Multi values={item.seals || ['approval', 'delegated']} options={SEALS} disabled={readOnly} testid={tid + '-seals'} onChange={(v) => set({ seals: v.length === 2 ? undefined : (v as Item['seals']) })} />
        </Cell>
        <Cell label="可见的表单字段（最小必要）" path={at + '.fields'} error={issues.near(at + '.fields')} wide>
          <Multi values={item.fields} options={formFields} disabled={readOnly} testid={tid + '-fields'} onChange={(v) => set({ fields: v })} />
        </Cell>
      </div>
      <div class="lb-admin-sub">输入材料</div>
      {(item.inputs || []).map((input, k) => {
        const p = at + '.inputs.' + k;
        const m = (bundle.materials || []).filter((x) => x.id === input.material)[0];
        return (
          <div class="lb-admin-grid lb-admin-input" key={k} data-testid={tid + '-input-' + k}>
            <Cell label="材料" path={p} error={issues.near(p) || issues.near(p + '.material')}>
              <Pick value={input.material} options={materials} disabled={readOnly} testid={tid + '-input-' + k + '-material'} onChange={(v) => setInput(k, { material: v, fields: [] })} />
            </Cell>
            <Cell label="用途（为何需要）" path={p + '.purpose'} error={issues.near(p + '.purpose')}>
              <Txt value={input.purpose} maxLength={200} disabled={readOnly} testid={tid + '-input-' + k + '-purpose'} onChange={(v) => setInput(k, { purpose: v })} />
            </Cell>
            <Cell label="可见的材料字段" path={p + '.fields'} error={issues.near(p + '.fields')} wide>
              <Multi values={input.fields} options={m ? m.fields.map((f) => ({ value: f.key, label: f.label || f.key })) : []} disabled={readOnly} testid={tid + '-input-' + k + '-fields'} onChange={(v) => setInput(k, { fields: v })} />
            </Cell>
            {readOnly ? null : (
              <a class="lb-link" data-testid={tid + '-input-' + k + '-remove'} onClick={() => set({ inputs: item.inputs.filter((_, j) => j !== k) })}>
                删除此输入
              </a>
            )}
          </div>
        );
      })}
      {issues.near(at + '.inputs') ? <div class="lb-field__msg" role="alert" data-testid={'issue-' + at + '.inputs'}>{issues.near(at + '.inputs')}</div> : null}
      {readOnly ? null : (
        <Button size="small" testid={tid + '-add-input'} onClick={() => set({ inputs: (item.inputs || []).concat([{ material: '', fields: [], purpose: '' }]) })}>
          添加输入材料
        </Button>
      )}
      <div class="lb-admin-grid">
        <Cell label="办结时出具的材料" path={at + '.outputs'} error={issues.near(at + '.outputs')} wide>
          <Multi values={item.outputs} options={materials} disabled={readOnly} testid={tid + '-outputs'} onChange={(v) => set({ outputs: v })} />
        </Cell>
      </div>
    </div>
  );
  const rest = issues.rest(at);
  return (
    <div class="lb-admin-entry" data-testid={tid} data-path={at}>
      <div class="lb-admin-entry__head">
        <span>{'事项 ' + (props.index + 1) + '：' + (item.name || '未命名事项')}</span>
        {readOnly ? null : (
          <a class="lb-link" data-testid={tid + '-remove'} onClick={props.onRemove}>
            删除事项
          </a>
        )}
      </div>
      {body}
      {rest.map((x, k) => (
        <div key={k} class="lb-field__msg" role="alert" data-testid={'issue-' + (x.field || '')}>
          {x.message}
        </div>
      ))}
    </div>
  );
}
