/** The four ways to finish a call on the desk: 直接答复, 转办, 稍后回拨, 并单 (the order's disposition). */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Field, Select, TextArea, TextInput } from '../../components/Form';
import { Tag } from '../../components/Tag';
import { RATING_OPTIONS } from './labels';
import type { NamedDepartment } from './types';

export type Way = 'answer' | 'transfer' | 'callback' | 'merge';

export interface FinishState {
  way: Way | null;
  answerText: string;
  knowledgeUsed: boolean;
  level: string;
  /** 转办: the first is 主办, the rest 协办. */
  departments: NamedDepartment[];
  note: string;
  /** datetime-local value (Shanghai). */
  callbackAt: string;
  callbackNote: string;
  parent: { id: string; title: string } | null;
}

export const EMPTY_FINISH: FinishState = { way: null, answerText: '', knowledgeUsed: false, level: '', departments: [], note: '', callbackAt: '', callbackNote: '', parent: null };

const WAYS: { key: Way; label: string }[] = [
  { key: 'answer', label: '直接答复' },
  { key: 'transfer', label: '转办' },
  { key: 'callback', label: '稍后回拨' },
  { key: 'merge', label: '并单' },
];

interface FinishProps {
  value: FinishState;
  /** Changes the state from its latest value (suggestions arrive asynchronously). */
  update: (change: (old: FinishState) => FinishState) => void;
  /** The knowledge-base answer of the chosen item ('' when none). */
  knowledge: string;
  itemId: string | null;
  town: string;
  departments: NamedDepartment[];
  /** Open 热点事件 matching the call (from the match card), for 并单. */
  events: { orderId: string; title: string }[];
  errors: Record<string, string>;
}

/** 转办: the suggested 主办 (GET /api/hotline/suggest), more departments as 协办, 设为主办 / 移除. */
function Transfer(props: FinishProps) {
  const { api } = useApp();
  const v = props.value;
  const [pick, setPick] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const set = (departments: NamedDepartment[]) => props.update((o) => ({ ...o, departments }));
  useEffect(() => {
    if (!props.itemId) return;
    let live = true;
    api.get<{ departments: NamedDepartment[] }>('/api/hotline/suggest', { item: props.itemId, town: props.town }).then(
      (r) => {
        if (!live) return;
        const lead = r.departments[0];
        setHint(lead ? null : '该事项没有建议的承办部门，请选择主办部门');
        if (lead) props.update((o) => ({ ...o, departments: [lead].concat(o.departments.filter((d, i) => i > 0 && d.id !== lead.id)) }));
      },
      (e: Error) => live && setHint('未能取得建议部门：' + e.message + '；请选择主办部门'),
    );
    return () => {
      live = false;
    };
  }, [props.itemId, props.town]);
  const add = (id: string) => {
    const d = props.departments.filter((x) => x.id === id)[0];
    setPick('');
    if (!d || v.departments.some((x) => x.id === id)) return;
    set(v.departments.concat([d]));
  };
  const options = props.departments.filter((d) => !v.departments.some((x) => x.id === d.id)).map((d) => ({ value: d.id, label: d.name }));
  return (
    <div class="lb-hl-way" data-testid="hl-way-transfer">
      {hint ? <div class="lb-field__hint" style="margin:0 0 6px">{hint}</div> : null}
      {v.departments.map((d, i) => (
        <div class="lb-hl-dept" key={d.id} data-testid={'hl-dept-' + i}>
          <span>
            <Tag tone={i === 0 ? 'blue' : 'grey'}>{i === 0 ? '主办' : '协办'}</Tag>
            {d.name}
          </span>
          <span>
            {i > 0 ? <a class="lb-link" style="margin-right:12px" onClick={() => set([d].concat(v.departments.filter((x) => x.id !== d.id)))}>设为主办</a> : null}
            <a class="lb-link" data-testid={'hl-dept-remove-' + i} onClick={() => set(v.departments.filter((x) => x.id !== d.id))}>移除</a>
          </span>
        </div>
      ))}
      <div class="lb-hl-add">
        <Select value={pick} options={options} placeholder={v.departments.length ? '添加协办部门' : '选择主办部门'} testid="hl-dept-add" onChange={add} />
      </div>
      {props.errors.departments ? <span class="lb-field__msg" role="alert">{props.errors.departments}</span> : null}
      <Field label="转办说明（可选）">
        <TextInput value={v.note} maxLength={200} testid="hl-transfer-note" onChange={(note) => props.update((o) => ({ ...o, note }))} />
      </Field>
    </div>
  );
}

export function Finish(props: FinishProps) {
  const v = props.value;
  const choose = (way: Way) => {
    props.update((o) => {
      const next = { ...o, way };
      if (way === 'answer' && !o.answerText && props.knowledge) {
        next.answerText = props.knowledge;
        next.knowledgeUsed = true;
      }
      if (way === 'merge' && !o.parent && props.events.length) next.parent = { id: props.events[0].orderId, title: props.events[0].title };
      return next;
    });
  };
  return (
    <div data-testid="hl-finish">
      <div class="lb-field__label" style="margin-top:10px">办理方式</div>
      <div class="lb-hl-ways" role="radiogroup">
        {WAYS.map((w) => (
          <Button key={w.key} size="middle" kind={v.way === w.key ? 'primary' : 'default'} testid={'hl-way-' + w.key} onClick={() => choose(w.key)}>
            {w.label}
          </Button>
        ))}
      </div>
      {props.errors.way ? <span class="lb-field__msg" role="alert">{props.errors.way}</span> : null}
      {v.way === 'answer' ? (
        <div class="lb-hl-way" data-testid="hl-way-answer">
          <Field label="答复内容" required error={props.errors.answerText} hint={v.knowledgeUsed ? '已采用知识库答复，可按来电情况修改' : undefined}>
            <TextArea value={v.answerText} rows={4} maxLength={1000} testid="hl-answer-text" onChange={(answerText) => props.update((o) => ({ ...o, answerText, knowledgeUsed: o.knowledgeUsed && !!answerText.trim() }))} />
          </Field>
          <Field label="来电人满意度（可选）">
            <Select value={v.level} options={RATING_OPTIONS} placeholder="未询问" testid="hl-answer-level" onChange={(level) => props.update((o) => ({ ...o, level }))} />
          </Field>
        </div>
      ) : null}
      {v.way === 'transfer' ? <Transfer {...props} /> : null}
      {v.way === 'callback' ? (
        <div class="lb-hl-way" data-testid="hl-way-callback">
          <Field label="回拨时间" required error={props.errors.callbackAt}>
            <input class="lb-input" type="datetime-local" value={v.callbackAt} data-testid="hl-callback-at" onInput={(e) => {
              const callbackAt = (e.target as HTMLInputElement).value;
              props.update((o) => ({ ...o, callbackAt }));
            }} />
          </Field>
          <Field label="回拨事由" required error={props.errors.callbackNote}>
            <TextInput value={v.callbackNote} maxLength={200} placeholder="如：核实后回复停水恢复时间" testid="hl-callback-note" onChange={(callbackNote) => props.update((o) => ({ ...o, callbackNote }))} />
          </Field>
        </div>
      ) : null}
      {v.way === 'merge' ? (
        <div class="lb-hl-way" data-testid="hl-way-merge">
          {v.parent ? (
            <div>
              {'并入热点事件：'}
              <b data-testid="hl-merge-parent">{v.parent.title}</b>
              {'（' + v.parent.id + '）'}
            </div>
          ) : (
            <div class="lb-field__hint" style="margin:0">暂无匹配的热点事件。填写事项和诉求内容后，匹配的热点事件会显示在诉求内容下方，点「并入此事件」即可。</div>
          )}
          {props.errors.parent ? <span class="lb-field__msg" role="alert">{props.errors.parent}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
