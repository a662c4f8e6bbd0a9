/**
 * The forms of the order page's actions, each asked in a bottom sheet and turned into an OrderCommand
 * (functions/core/workOrder.ts). The page shows only the actions the server allows (`allowed`).
 */
import { orderActionLabels, returnCategoryLabels, type OrderCommand } from '../../../functions/core/workOrder';
import type { ApiClient } from '../../api';
import { showForm } from '../../components/FormSheet';
import type { FieldSpec } from '../../components/FieldControl';
import { RATING_OPTIONS } from './labels';
import type { Places } from './places';
import type { HotlineCatalog, NamedDepartment, OrderView } from './types';

/** Order-level actions in the action bar, in this order; the rest are on an assignment's row. */
export const ORDER_ACTIONS = ['answer', 'transfer', 'scheduleCallback', 'recordCall', 'visit', 'reopen', 'markEvent', 'escalate'];
export const ASSIGNMENT_ACTIONS = ['accept', 'return', 'reply', 'reassign', 'urge'];

const BUTTONS: Record<string, string> = { recordCall: '记录三方通话' };

/** Button labels: the timeline's words, 记录三方通话 for the call record. */
export function actionLabel(type: string): string {
  return BUTTONS[type] || orderActionLabels[type] || type;
}

const DONE: Record<string, string> = {
  accept: '已签收', return: '已退单，中心将改派', reply: '已答复', reassign: '已改派', urge: '已催办', answer: '已答复并办结', transfer: '已转办',
  scheduleCallback: '已预约回拨', recordCall: '已记录三方通话', visit: '已登记回访', reopen: '已重办', markEvent: '已设为热点事件', escalate: '已升级督办',
};

/** The toast after an action went through. */
export function doneText(type: string): string {
  return DONE[type] || actionLabel(type) + '成功';
}

export interface AskContext {
  api: ApiClient;
  order: OrderView;
  assignmentId: string | null;
  places: () => Promise<Places>;
}

const text = (key: string, label: string, required = true, maxLength = 500, hint?: string): FieldSpec => ({ key, label, type: 'text', required, maxLength, multiline: true, hint });
const select = (key: string, label: string, options: { value: string; label: string }[], required = true): FieldSpec => ({ key, label, type: 'select', required, options });
const deptOptions = (list: NamedDepartment[]) => list.map((d) => ({ value: d.id, label: d.name }));
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

async function knowledgeOf(api: ApiClient, order: OrderView): Promise<string> {
  try {
    const c = await api.get<HotlineCatalog>('/api/hotline/catalog');
    for (const k of c.classes) for (const i of k.items) if (k.id === order.classId && i.id === order.itemId) return i.answer;
  } catch {
    // no knowledge answer to offer: the operator types the answer
  }
  return '';
}

async function suggested(api: ApiClient, order: OrderView): Promise<string> {
  try {
    const r = await api.get<{ departments: NamedDepartment[] }>('/api/hotline/suggest', { item: order.itemId, town: order.location.town || '' });
    return r.departments.length ? r.departments[0].id : '';
  } catch {
    return '';
  }
}

/** Asks for what `type` needs; null when cancelled. */
export async function askOrderCommand(type: string, ctx: AskContext): Promise<OrderCommand | null> {
  const { api, order } = ctx;
  const a = ctx.assignmentId || '';
  const dept = order.assignments.filter((x) => x.id === a)[0];
  const who = dept ? dept.departmentName + ' · ' : '';
  switch (type) {
    case 'accept': {
      const v = await showForm('签收 · ' + who + order.itemName, [], '签收', '签收后由本部门在办理时限内办理并答复；不属本部门办理的，请「退单」并说明理由。');
      return v ? { type: 'accept', assignmentId: a } : null;
    }
    case 'return': {
      const cats = Object.keys(returnCategoryLabels).map((k) => ({ value: k, label: returnCategoryLabels[k as keyof typeof returnCategoryLabels] }));
      const v = await showForm('退单 · ' + order.itemName, [select('category', '退单类别', cats), text('reason', '退单理由', true, 300, '写明应由哪个部门或辖区办理，便于中心改派')], '退单');
      return v ? { type: 'return', assignmentId: a, category: str(v.category) as 'notOurDuty', reason: str(v.reason) } : null;
    }
    case 'reply': {
      const v = await showForm('答复 · ' + order.itemName, [text('text', '答复内容', true, 1000, '办理结果，将由中心回访来电人')], '提交答复');
      return v ? { type: 'reply', assignmentId: a, text: str(v.text) } : null;
    }
    case 'reassign': {
      const p = await ctx.places();
      const opts = deptOptions(p.departments.filter((d) => !dept || d.id !== dept.department));
      const v = await showForm('改派 · ' + order.itemName, [select('department', '改派给', opts), text('note', '改派说明', false, 300)], '改派', dept && dept.returned ? '退单理由：' + dept.returned.reason : undefined);
      return v ? { type: 'reassign', assignmentId: a, department: str(v.department), note: str(v.note) } : null;
    }
    case 'urge': {
      const v = await showForm('催办 · ' + who + order.itemName, [text('note', '催办内容')], '发送', '将以工作通知提醒承办部门。');
      return v ? { type: 'urge', assignmentId: a, note: str(v.note) } : null;
    }
    case 'answer': {
      const kb = await knowledgeOf(api, order);
      const v = await showForm('直接答复', [text('text', '答复内容', true, 1000, kb ? '已填入知识库答复，可按来电情况修改' : undefined), select('level', '来电人满意度（可选）', RATING_OPTIONS, false)], '答复并办结', undefined, undefined, { values: { text: kb } });
      if (!v) return null;
      const t = str(v.text);
      return { type: 'answer', text: t, knowledgeUsed: !!kb && t === kb.trim(), ...(v.level ? { level: str(v.level) as 'satisfied' } : {}) };
    }
    case 'transfer': {
      const [p, lead] = await Promise.all([ctx.places(), suggested(api, order)]);
      const opts = deptOptions(p.departments);
      const v = await showForm('转办', [select('lead', '主办部门', opts), select('assist', '协办部门（可选）', opts, false), text('note', '转办说明', false, 300)], '转办', undefined, undefined, { values: { lead } });
      if (!v) return null;
      const departments = [str(v.lead)].concat(v.assist && v.assist !== v.lead ? [str(v.assist)] : []);
      return { type: 'transfer', departments, lead: str(v.lead), ...(v.note ? { note: str(v.note) } : {}) };
    }
    case 'scheduleCallback': {
      const v = await showForm('预约回拨', [{ key: 'at', label: '回拨时间', type: 'datetime', required: true }, text('note', '回拨事由', true, 200)], '预约');
      return v ? { type: 'scheduleCallback', at: str(v.at), note: str(v.note) } : null;
    }
    case 'recordCall': {
      const p = await ctx.places();
      const mine = order.assignments.map((x) => ({ id: x.department, name: x.departmentName }));
      const list = mine.concat(p.departments.filter((d) => !mine.some((m) => m.id === d.id)));
      const v = await showForm('记录三方通话', [select('department', '通话部门', deptOptions(list)), text('summary', '通话情况', true, 500)], '保存', undefined, undefined, { values: { department: mine.length ? mine[0].id : '' } });
      return v ? { type: 'recordCall', department: str(v.department), summary: str(v.summary) } : null;
    }
    case 'visit': {
      const v = await showForm('回访', [
        select('reached', '是否联系上来电人', [{ value: 'yes', label: '已联系上' }, { value: 'no', label: '未联系上' }]),
        { ...select('level', '满意度', RATING_OPTIONS, false), requiredWhen: { field: 'reached', equals: 'yes' } },
        text('comment', '回访情况', false, 500),
      ], '登记回访', undefined, undefined, { values: { reached: 'yes' } });
      if (!v) return null;
      const reached = v.reached === 'yes';
      return { type: 'visit', reached, level: reached && v.level ? (str(v.level) as 'satisfied') : null, comment: str(v.comment) };
    }
    case 'reopen': {
      const v = await showForm('重办', [text('reason', '重办理由', true, 300)], '重办', '每件工单只能重办一次，将再次派给原承办部门。');
      return v ? { type: 'reopen', reason: str(v.reason) } : null;
    }
    case 'markEvent': {
      const v = await showForm('设为热点事件', [{ key: 'title', label: '事件名称', type: 'text', required: true, maxLength: 40, hint: '如：姜山镇 12 月 7 日停水' }], '设为热点事件', '同一事项、同一地点的新来电将提示话务员并入此事件，随此工单一并答复。', undefined, { values: { title: order.itemName } });
      return v ? { type: 'markEvent', title: str(v.title) } : null;
    }
    case 'escalate': {
      const v = await showForm('升级督办', [text('note', '督办意见')], '升级');
      return v ? { type: 'escalate', note: str(v.note) } : null;
    }
    default:
      return null;
  }
}
