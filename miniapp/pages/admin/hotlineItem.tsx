/**
 * One 热线事项 of the catalog page (hotlineCatalog.tsx): a row (name, 诉求类型, 时限, 承办部门类型, 停用) and, opened,
 * its form — 名称, 诉求类型, 办理时限 (hours or working days), 承办部门类型 (the directory's kinds by their Chinese
 * names; 中心直接答复 for none; 所在镇（街道）), 知识库答复, 关键词, 启用. Edits go straight into the draft.
 */
import { useState } from 'preact/hooks';
import { requestKindLabels, type HotlineItem, type RequestKind } from '../../../functions/core/workOrder';
import { Field, Select, TextArea, TextInput } from '../../components/Form';

/** The department-kind choices: the directory's kinds by name, with the two the hotline gives a meaning of its own. */
export interface KindChoice {
  value: string;
  label: string;
}

/** Select value of departmentKind null (中心直接答复: no transfer suggested). */
const CENTRE = '__centre';

const KINDS = Object.keys(requestKindLabels) as RequestKind[];

function limitText(item: HotlineItem): string {
  return item.limit.value + (item.limit.unit === 'hours' ? ' 小时' : ' 个工作日');
}

function kindName(kinds: KindChoice[], kind: string | null): string {
  if (kind === null) return '中心直接答复';
  const found = kinds.filter((k) => k.value === kind)[0];
  return found ? found.label : kind;
}

export function ItemRow(props: { item: HotlineItem; kinds: KindChoice[]; open: boolean; error: boolean; onOpen: () => void }) {
  const i = props.item;
  return (
    <div
      class={'lb-hc-item' + (props.open ? ' lb-hc-item--open' : '') + (props.error ? ' lb-field--error' : '') + (i.active ? '' : ' lb-hc-item--off')}
      data-testid="catalog-item"
      data-item={i.id}
      role="button"
      tabIndex={0}
      onClick={props.onOpen}
      onKeyDown={(e) => (e.key === 'Enter' ? props.onOpen() : undefined)}
    >
      <span class="lb-hc-item__name">{i.name || '（未命名事项）'}</span>
      <span class="lb-meta">{[requestKindLabels[i.kind], limitText(i), kindName(props.kinds, i.departmentKind), i.active ? '' : '已停用'].filter((x) => !!x).join(' · ')}</span>
    </div>
  );
}

/** The form of an opened item; `isNew` lets the 编码 be changed (a saved item's code names statistics columns). */
interface ItemFormProps {
  item: HotlineItem;
  kinds: KindChoice[];
  isNew: boolean;
  readOnly: boolean;
  onChange: (patch: Partial<HotlineItem>) => void;
  problems: string[];
}

export function ItemForm(props: ItemFormProps) {
  const i = props.item;
  const set = props.onChange;
  const ro = props.readOnly;
  const limitValue = String(i.limit.value);
  // the words as typed (a trailing 、 stays while the next word is typed); the item keeps the words
  const [words, setWords] = useState(i.keywords.join('、'));
  return (
    <div class="lb-hc-form" data-testid="item-form">
      {props.problems.length ? (
        <ul class="lb-banner lb-banner--error" role="alert" data-testid="item-problems">
          {props.problems.map((p, k) => (
            <li key={k}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Field label="事项名称" required>
        <TextInput value={i.name} maxLength={50} disabled={ro} testid="item-name" onChange={(v) => set({ name: v })} />
      </Field>
      <Field label="事项编码" hint={props.isNew ? '小写字母开头，字母和数字，保存后不能再改' : '已保存的事项编码不能修改'}>
        <TextInput value={i.id} maxLength={40} disabled={ro || !props.isNew} testid="item-id" onChange={(v) => set({ id: v.trim() })} />
      </Field>
      <Field label="诉求类型" required>
        <Select value={i.kind} disabled={ro} testid="item-kind" options={KINDS.map((k) => ({ value: k, label: requestKindLabels[k] }))} onChange={(v) => set({ kind: v as RequestKind })} />
      </Field>
      <Field label="办理时限" required>
        <span class="lb-hc-limit">
          <TextInput value={limitValue} maxLength={3} inputMode="numeric" disabled={ro} testid="item-limit" onChange={(v) => set({ limit: { unit: i.limit.unit, value: /^\d+$/.test(v) ? Number(v) : 0 } })} />
          <Select
            value={i.limit.unit}
            disabled={ro}
            testid="item-limit-unit"
            options={[{ value: 'workingDays', label: '个工作日' }, { value: 'hours', label: '小时' }]}
            onChange={(v) => set({ limit: { unit: v === 'hours' ? 'hours' : 'workingDays', value: i.limit.value } })}
          />
        </span>
      </Field>
      <Field label="承办部门类型" hint="转办时按此类型推荐本区的承办部门；“所在镇（街道）”按工单所选的镇（街道）推荐">
        <Select
          value={i.departmentKind === null ? CENTRE : i.departmentKind}
          disabled={ro}
          testid="item-department"
          options={[{ value: CENTRE, label: '中心直接答复（不转办）' }].concat(props.kinds)}
          onChange={(v) => set({ departmentKind: v === CENTRE ? null : v })}
        />
      </Field>
      <Field label="知识库答复" hint="话务员可直接读给来电人">
        <TextArea value={i.answer} rows={3} maxLength={2000} disabled={ro} testid="item-answer" onChange={(v) => set({ answer: v })} />
      </Field>
      <Field label="关键词" hint="用于识别同一热点事件，如 停水、台风；用逗号或空格分隔">
        <TextInput
          value={words}
          maxLength={200}
          disabled={ro}
          testid="item-keywords"
          onChange={(v) => {
            setWords(v);
            set({ keywords: v.split(/[,，、\s]+/).filter((w) => !!w) });
          }}
        />
      </Field>
      <label class="lb-check">
        <input type="checkbox" checked={i.active} disabled={ro} data-testid="item-active" onChange={() => set({ active: !i.active })} />
        {' 启用（停用的事项保留给已有工单，不再用于新工单）'}
      </label>
    </div>
  );
}
