/**
 * The rules of a 81812345 热线工单 (workOrder.ts): parsing what the operator records and what staff command,
 * recording a new order with its first disposition, every later transition, and who may give which command.
 * Pure: the service loads the order, the catalog item and the departments, and stores what is decided here
 * (the new order, its events, its notices).
 *
 * Lifecycle (order state · assignment state):
 *   record: answer → closed (answered) · callback → callback · transfer → transferred (assignments dispatched)
 *           · merge → merged (under an open 热点事件)
 *   callback: answer → closed · transfer → transferred · scheduleCallback → callback (the call made gets doneAt)
 *   transferred: accept (dispatched → accepted) · return (dispatched|accepted → returned, within
 *           RETURN_WITHIN_WORKING_DAYS working days) · reassign a returned assignment (new assignment, replacedBy)
 *           · reply (accepted → replied); once every live assignment of the round replied → visit
 *   visit: visit not reached (stays) · reached with a level → closed (visited, or unsatisfied for 不满意/非常不满意)
 *   closed (unsatisfied, never reopened): reopen → transferred, round 2 to the same departments
 * recordCall in any open state; markEvent on a transferred order; urge an open assignment; escalate an open
 * order; raiseAlert once per level (a level already raised, or an assignment no longer open, changes nothing).
 *
 * Events' details carry what statistics count (orderTally.ts): record {classId, disposition, dispatched?, level?},
 * transfer / reassign / reopen {dispatched}, reply {department, onTime}, visit and answer {level}.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { type Actor, hasRole } from './actor.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { EventDetail } from './events.js';
import { createAjv, schemaIssues, withVisibleText } from './jsonSchema.js';
import { type RatingLevel, ratingLevelLabels } from './rating.js';
import { jsonTextIssues, visibleLength } from './text.js';
import { type Instant, instantMillis, isInstant, shanghaiDate, shanghaiWallClock } from './time.js';
import {
  type Assignment, assignmentStateLabels, type CallerView, type Disposition, type HotlineClass, type HotlineItem, type NewOrderInput,
  type OrderCommand, orderCommandRole, type OrderContext, type OrderEventInput, orderStateLabels,
  type OrderTransition, RETURN_WITHIN_WORKING_DAYS, returnCategoryLabels, type WorkOrder,
} from './workOrder.js';
import { orderDueAt } from './workOrderDue.js';

// --- parsing ----------------------------------------------------------------------------------------

const MAX_CONTENT = 500;
const MOBILE = /^1[3-9]\d{9}$/;
/** 固定电话: area code 0xx / 0xxx, then 7–8 digits, with or without a hyphen. */
const FIXED_LINE = /^0\d{2,3}-?[1-9]\d{6,7}$/;
const CATALOG_ID = '^[a-z][a-z0-9]{1,39}$';
const RATING_LEVELS = Object.keys(ratingLevelLabels);

const text = (max: number, min = 1) => ({ type: 'string', minLength: min, maxLength: max });
const level = { enum: [...RATING_LEVELS, null] };
const departmentId = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' };
const object = (properties: Record<string, unknown>, optional: string[] = []) => ({
  type: 'object', additionalProperties: false, properties, required: Object.keys(properties).filter((k) => !optional.includes(k)),
});

const dispositionSchemas: Record<string, object> = {
  answer: object({ type: { const: 'answer' }, text: text(2000), knowledgeUsed: { type: 'boolean' }, level: { enum: RATING_LEVELS } }, ['level']),
  transfer: object({
    type: { const: 'transfer' }, departments: { type: 'array', minItems: 1, maxItems: 10, items: departmentId }, lead: departmentId, note: text(500, 0),
  }, ['note']),
  callback: object({ type: { const: 'callback' }, at: { type: 'string', maxLength: 40 }, note: text(500, 0) }),
  merge: object({ type: { const: 'merge' }, parentId: { type: 'string', pattern: '^wo-\\d{8}-\\d{4,6}$' } }),
};

const newOrderSchema = object({
  requestId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
  caller: object({ phone: { type: 'string', maxLength: 20 }, name: text(20, 0) }),
  classId: { type: 'string', pattern: CATALOG_ID },
  itemId: { type: 'string', pattern: CATALOG_ID },
  content: text(2000),
  location: object({ district: departmentId, town: { anyOf: [departmentId, { type: 'null' }] }, address: text(100, 0) }),
  urgency: { enum: ['normal', 'urgent'] },
  disposition: { type: 'object', required: ['type'], properties: { type: { enum: Object.keys(dispositionSchemas) } } },
});

const commandSchemas: Record<OrderCommand['type'], object> = {
  accept: object({ type: { const: 'accept' }, assignmentId: { type: 'string', maxLength: 10 } }),
  return: object({ type: { const: 'return' }, assignmentId: { type: 'string', maxLength: 10 }, category: { enum: Object.keys(returnCategoryLabels) }, reason: text(500) }),
  reply: object({ type: { const: 'reply' }, assignmentId: { type: 'string', maxLength: 10 }, text: text(2000) }),
  reassign: object({ type: { const: 'reassign' }, assignmentId: { type: 'string', maxLength: 10 }, department: departmentId, note: text(500, 0) }),
  answer: dispositionSchemas.answer,
  transfer: dispositionSchemas.transfer,
  scheduleCallback: object({ type: { const: 'scheduleCallback' }, at: { type: 'string', maxLength: 40 }, note: text(500, 0) }),
  recordCall: object({ type: { const: 'recordCall' }, department: departmentId, summary: text(1000) }),
  visit: object({ type: { const: 'visit' }, reached: { type: 'boolean' }, level, comment: text(300, 0) }),
  reopen: object({ type: { const: 'reopen' }, reason: text(500) }),
  markEvent: object({ type: { const: 'markEvent' }, title: text(50) }),
  urge: object({ type: { const: 'urge' }, assignmentId: { type: 'string', maxLength: 10 }, note: text(500) }),
  escalate: object({ type: { const: 'escalate' }, note: text(500) }),
  raiseAlert: object({ type: { const: 'raiseAlert' }, assignmentId: { type: 'string', maxLength: 10 }, level: { enum: ['warning', 'overdue'] } }),
};

// Made on first use, not when the module loads (a function's cold start pays only for what it calls).
let ajv: ReturnType<typeof createAjv> | null = null;
const validators = new Map<object, ValidateFunction>();
function validatorOf(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    ajv ??= createAjv();
    v = ajv.compile(withVisibleText(schema) as object);
    validators.set(schema, v);
  }
  return v;
}

function prefixed(issues: Issue[], prefix: string): Issue[] {
  return issues.map((i) => ({ ...i, field: i.field ? `${prefix}.${i.field}` : prefix }));
}

/** Chinese names of the fields, to name the first problem in the message. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  requestId: '请求编号', 'caller.phone': '来电号码', 'caller.name': '来电人称呼', classId: '诉求类别', itemId: '诉求事项', content: '诉求内容',
  'location.district': '所在区', 'location.town': '镇（街道）', 'location.address': '详细地址', urgency: '紧急程度', disposition: '处理方式',
  'disposition.text': '答复内容', 'disposition.departments': '承办部门', 'disposition.lead': '主办部门', 'disposition.at': '回拨时间',
  'disposition.note': '备注', 'disposition.parentId': '主单', 'disposition.level': '满意度', assignmentId: '派单', category: '退单类型',
  reason: '原因', text: '内容', department: '部门', note: '说明', at: '回拨时间', summary: '通话摘要', level: '满意度', comment: '回访记录',
  title: '事件名称', reached: '是否接通', knowledgeUsed: '是否使用知识库', departments: '承办部门', lead: '主办部门',
};

function invalidInput(issues: Issue[]): DomainError {
  const first = issues[0];
  const label = first?.field ? FIELD_LABELS[first.field] : undefined;
  return domainError('INVALID_INPUT', first ? `${label && !first.message.startsWith('【') ? `【${label}】` : ''}${first.message}` : undefined, issues);
}

/** Strings trimmed (the schema and the text rule have checked them already). */
function trimmed<T>(value: T): T {
  if (typeof value === 'string') return value.trim() as T;
  if (Array.isArray(value)) return value.map(trimmed) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)])) as T;
  return value;
}

/** A caller's number as stored: digits, the fixed line's area code kept apart by a hyphen; null when not a phone number. */
function normalPhone(raw: string): string | null {
  const s = raw.replace(/[\s()]/g, '');
  if (MOBILE.test(s)) return s;
  if (!FIXED_LINE.test(s)) return null;
  const digits = s.replace('-', '');
  const area = /^0(10|2\d)/.test(digits) ? 3 : 4;
  return `${digits.slice(0, area)}-${digits.slice(area)}`;
}

export function parseNewOrder(body: unknown): NewOrderInput | DomainError {
  const v = validatorOf(newOrderSchema);
  if (!v(body)) return invalidInput(schemaIssues(v.errors));
  const b = body as { disposition: { type: string }; content: string; caller: { phone: string } };
  const dv = validatorOf(dispositionSchemas[b.disposition.type]);
  if (!dv(b.disposition)) return invalidInput(prefixed(schemaIssues(dv.errors), 'disposition'));
  const textProblems = jsonTextIssues(body);
  if (textProblems.length) return invalidInput(textProblems);
  const phone = normalPhone(b.caller.phone);
  if (phone === null) return domainError('INVALID_PHONE', undefined, [{ field: 'caller.phone', code: 'INVALID_PHONE', message: '来电号码格式不正确' }]);
  if (visibleLength(b.content) > MAX_CONTENT) {
    return invalidInput([{ field: 'content', code: 'TOO_LONG', message: `不能超过${MAX_CONTENT}字` }]);
  }
  const input = trimmed(body as NewOrderInput);
  if (input.disposition.type === 'callback' && !isInstant(input.disposition.at)) {
    return invalidInput([{ field: 'disposition.at', code: 'FORMAT', message: '回拨时间格式不正确' }]);
  }
  return { ...input, caller: { ...input.caller, phone } };
}

export function parseOrderCommand(body: unknown): OrderCommand | DomainError {
  const type = typeof body === 'object' && body !== null && 'type' in body ? body.type : undefined;
  const schema = typeof type === 'string' && Object.hasOwn(commandSchemas, type) ? commandSchemas[type as OrderCommand['type']] : undefined;
  if (!schema) return invalidInput([{ field: 'type', code: 'UNKNOWN_ACTION', message: '不支持的操作类型' }]);
  const v = validatorOf(schema);
  if (!v(body)) return invalidInput(schemaIssues(v.errors));
  const textProblems = jsonTextIssues(body);
  if (textProblems.length) return invalidInput(textProblems);
  const command = trimmed(body as OrderCommand);
  if (command.type === 'scheduleCallback' && !isInstant(command.at)) {
    return invalidInput([{ field: 'at', code: 'FORMAT', message: '回拨时间格式不正确' }]);
  }
  if (command.type === 'visit' && command.reached && command.level === null) {
    return invalidInput([{ field: 'level', code: 'REQUIRED', message: '回访接通时请选择满意度' }]);
  }
  return command;
}

// --- transitions ------------------------------------------------------------------------------------

type Notice = OrderTransition['notices'][number];

const verbs: Record<OrderCommand['type'], string> = {
  accept: '签收', return: '退单', reply: '答复', reassign: '改派', answer: '直接答复', transfer: '转办', scheduleCallback: '预约回拨',
  recordCall: '记录三方通话', visit: '回访', reopen: '重办', markEvent: '设为热点事件', urge: '催办', escalate: '升级督办', raiseAlert: '预警',
};

const isOpenAssignment = (a: Assignment) => a.state === 'dispatched' || a.state === 'accepted';
const isBad = (l: RatingLevel) => l === 'dissatisfied' || l === 'veryDissatisfied';
const utc = (now: Instant) => new Date(instantMillis(now)).toISOString();
const wall = (instant: Instant) => shanghaiWallClock(instantMillis(instant)).slice(0, 16).replace('T', ' ');

function stateRefused(order: WorkOrder, type: OrderCommand['type']): DomainError {
  return domainError('INVALID_TRANSITION', `工单当前为「${orderStateLabels[order.state]}」，不能${verbs[type]}`);
}

function assignmentRefused(a: Assignment, type: OrderCommand['type'], hint = ''): DomainError {
  return domainError('INVALID_TRANSITION', `派单当前为「${assignmentStateLabels[a.state]}」，不能${verbs[type]}${hint}`);
}

function currentRound(order: WorkOrder): number {
  return order.assignments.reduce((m, a) => Math.max(m, a.round), 0);
}

/** Departments of a dispatch: known, of the order's district, each once, the lead among them. */
function dispatchTargets(departments: string[], lead: string, district: string, ctx: OrderContext): { id: string; lead: boolean }[] | DomainError {
  const unique = [...new Set(departments)];
  for (const id of unique) {
    const d = ctx.departments.get(id);
    if (!d || d.district !== district) return domainError('UNKNOWN_DEPARTMENT', `承办部门 ${id} 不存在或不属于本区`);
  }
  if (!unique.includes(lead)) return domainError('INVALID_INPUT', '主办部门须是转办的部门之一', [{ field: 'lead', code: 'LEAD_NOT_LISTED', message: '主办部门须是转办的部门之一' }]);
  return [lead, ...unique.filter((id) => id !== lead)].map((id) => ({ id, lead: id === lead }));
}

function departmentName(ctx: OrderContext, id: string): string {
  return ctx.departments.get(id)?.name ?? id;
}

function newAssignment(order: WorkOrder, seq: number, department: string, role: Assignment['role'], round: number, at: Instant, ctx: OrderContext): Assignment {
  return {
    id: `a${seq}`, department, role, state: 'dispatched', round, dispatchedAt: at, dispatchedBy: ctx.actor.id,
    dueAt: orderDueAt(order.limit, order.urgency, at, ctx.workdays), acceptedAt: null, acceptedBy: null, reply: null, onTime: null,
    returned: null, replacedBy: null, urges: [], alerts: [],
  };
}

function dispatchNotice(order: WorkOrder, a: Assignment): Notice {
  return {
    to: { department: a.department, role: 'handler' },
    title: '新热线工单待签收',
    text: `热线工单 ${order.id}（${order.className}·${order.itemName}，${a.role === 'lead' ? '主办' : '协办'}）已派至本单位，请及时签收，办理时限 ${wall(a.dueAt)}`,
  };
}

/** Dispatches new assignments to `targets` (ids continue the order's a1, a2, …). */
function dispatch(order: WorkOrder, targets: { id: string; lead: boolean }[], round: number, at: Instant, ctx: OrderContext): { assignments: Assignment[]; notices: Notice[] } {
  const assignments = targets.map((t, i) => newAssignment(order, order.assignments.length + i + 1, t.id, t.lead ? 'lead' : 'assist', round, at, ctx));
  return { assignments, notices: assignments.map((a) => dispatchNotice(order, a)) };
}

function event(action: string, from: string | null, to: string, detail: EventDetail, reason: string | null = null, assignmentId: string | null = null): OrderEventInput {
  return { action, assignmentId, from, to, reason, detail };
}

/** Marks the open call-back as made. */
function callbacksDone(order: WorkOrder, at: Instant, by: string): WorkOrder['callbacks'] {
  return order.callbacks.map((c) => (c.doneAt === null ? { ...c, doneAt: at, doneBy: by } : c));
}

function callbackInPast(at: Instant, now: Instant): DomainError | null {
  return instantMillis(at) <= instantMillis(now) ? domainError('CALLBACK_IN_PAST', '回拨时间须晚于现在') : null;
}

interface Applied {
  order: WorkOrder;
  events: OrderEventInput[];
  notices: Notice[];
}

/** The answer, call-back or transfer of an order in state `from` (its record, or its call-back). */
function applyDisposition(order: WorkOrder, d: Exclude<Disposition, { type: 'merge' }>, ctx: OrderContext, action: string): Applied | DomainError {
  const at = utc(ctx.now);
  const by = ctx.actor.id;
  const from = action === 'record' ? null : order.state;
  switch (d.type) {
    case 'answer': {
      const visits = d.level
        ? [...order.visits, { level: d.level, reached: true, comment: '', by, at, round: currentRound(order) }]
        : order.visits;
      const next: WorkOrder = {
        ...order, state: 'closed', outcome: 'answered', answer: { text: d.text, knowledgeUsed: d.knowledgeUsed, by, at },
        callbacks: callbacksDone(order, at, by), visits, closedAt: at,
      };
      const detail: EventDetail = { knowledgeUsed: d.knowledgeUsed, level: d.level ?? null, outcome: 'answered' };
      return { order: next, events: [event(action === 'record' ? 'record' : 'answer', from, 'closed', detail, d.text)], notices: [] };
    }
    case 'callback': {
      const past = callbackInPast(d.at, ctx.now);
      if (past) return past;
      const next: WorkOrder = {
        ...order, state: 'callback',
        callbacks: [...callbacksDone(order, at, by), { dueAt: utc(d.at), note: d.note, scheduledBy: by, scheduledAt: at, doneAt: null, doneBy: null }],
      };
      return { order: next, events: [event(action === 'record' ? 'record' : 'scheduleCallback', from, 'callback', { callbackAt: utc(d.at) }, d.note || null)], notices: [] };
    }
    case 'transfer': {
      const targets = dispatchTargets(d.departments, d.lead, order.district, ctx);
      if (!Array.isArray(targets)) return targets;
      const sent = dispatch(order, targets, 1, at, ctx);
      const next: WorkOrder = { ...order, state: 'transferred', callbacks: callbacksDone(order, at, by), assignments: [...order.assignments, ...sent.assignments] };
      const names = targets.map((t) => departmentName(ctx, t.id)).join('、');
      return {
        order: next,
        events: [event(action === 'record' ? 'record' : 'transfer', from, 'transferred', { dispatched: sent.assignments.length, lead: d.lead, departments: names }, d.note || null)],
        notices: sent.notices,
      };
    }
  }
}

/**
 * A new order (version 1) from the operator's validated input, its catalog item and its first disposition.
 * `district` is the operator's (the centre that owns the order); `parent` the open 热点事件 of a merge.
 */
export function recordOrder(
  id: string,
  input: Omit<NewOrderInput, 'caller' | 'requestId'> & { caller: CallerView },
  item: { cls: HotlineClass; item: HotlineItem; catalogVersion: number },
  district: string,
  ctx: OrderContext,
  parent: WorkOrder | null,
): OrderTransition | DomainError {
  if (input.location.district !== district) return domainError('LOCATION_OUTSIDE_DISTRICT');
  if (input.location.town !== null) {
    const town = ctx.departments.get(input.location.town);
    if (!town || town.district !== district) return domainError('UNKNOWN_DEPARTMENT', '所选镇（街道）不存在或不属于本区');
  }
  const at = utc(ctx.now);
  const base: WorkOrder = {
    id, district, classId: item.cls.id, className: item.cls.name, itemId: item.item.id, itemName: item.item.name, kind: item.item.kind,
    catalogVersion: item.catalogVersion, limit: item.item.limit, content: input.content, location: input.location, urgency: input.urgency,
    caller: input.caller, state: 'callback', outcome: null, recordedAt: at, recordedBy: ctx.actor.id, answer: null, callbacks: [],
    assignments: [], calls: [], visits: [], reopened: null, escalated: null, event: null, parentId: null, closedAt: null, version: 1,
  };
  const d = input.disposition;
  let applied: Applied | DomainError;
  if (d.type === 'merge') {
    if (!parent || parent.id !== d.parentId) return domainError('NOT_FOUND', '主单不存在');
    if (parent.event === null || parent.district !== district || parent.state === 'closed' || parent.state === 'merged') {
      return domainError('PARENT_NOT_OPEN_EVENT');
    }
    const order: WorkOrder = { ...base, state: 'merged', parentId: parent.id };
    applied = { order, events: [event('record', null, 'merged', { parentId: parent.id, eventTitle: parent.event.title })], notices: [] };
  } else {
    applied = applyDisposition(base, d, ctx, 'record');
  }
  if ('code' in applied) return applied;
  const [first, ...rest] = applied.events;
  const detail: EventDetail = {
    ...first.detail, classId: base.classId, itemId: base.itemId, disposition: d.type, urgency: input.urgency, town: input.location.town,
  };
  return { order: applied.order, events: [{ ...first, detail }, ...rest], notices: applied.notices };
}

function findAssignment(order: WorkOrder, id: string): Assignment | DomainError {
  return order.assignments.find((a) => a.id === id) ?? domainError('NOT_FOUND', `派单 ${id} 不存在`);
}

function withAssignment(order: WorkOrder, a: Assignment): WorkOrder {
  return { ...order, assignments: order.assignments.map((x) => (x.id === a.id ? a : x)) };
}

/** Every live assignment of the current round replied, and no returned one awaits its 改派. */
function roundReplied(order: WorkOrder): boolean {
  const round = order.assignments.filter((a) => a.round === currentRound(order));
  return round.length > 0 && round.every((a) => a.state === 'replied' || (a.state === 'returned' && a.replacedBy !== null))
    && round.some((a) => a.state === 'replied');
}

function decide(order: WorkOrder, command: OrderCommand, ctx: OrderContext): Applied | DomainError {
  const at = utc(ctx.now);
  const by = ctx.actor.id;
  const same = (next: WorkOrder, events: OrderEventInput[], notices: Notice[] = []): Applied => ({ order: next, events, notices });
  switch (command.type) {
    case 'accept': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      const a = findAssignment(order, command.assignmentId);
      if ('code' in a) return a;
      if (a.state !== 'dispatched') return assignmentRefused(a, command.type);
      const next = { ...a, state: 'accepted' as const, acceptedAt: at, acceptedBy: by };
      return same(withAssignment(order, next), [event('accept', 'dispatched', 'accepted', { department: a.department }, null, a.id)]);
    }
    case 'return': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      const a = findAssignment(order, command.assignmentId);
      if ('code' in a) return a;
      if (!isOpenAssignment(a)) return assignmentRefused(a, command.type);
      if (ctx.workdays.countWorkingDays(shanghaiDate(a.dispatchedAt), shanghaiDate(at)) > RETURN_WITHIN_WORKING_DAYS) {
        return domainError('RETURN_TOO_LATE', `派单后${RETURN_WITHIN_WORKING_DAYS}个工作日内才能退单，已超过期限，请办理并答复`);
      }
      const next: Assignment = { ...a, state: 'returned', onTime: null, returned: { category: command.category, reason: command.reason, by, at } };
      const detail = { department: a.department, category: command.category, categoryLabel: returnCategoryLabels[command.category] };
      return same(withAssignment(order, next), [event('return', a.state, 'returned', detail, command.reason, a.id)]);
    }
    case 'reply': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      const a = findAssignment(order, command.assignmentId);
      if ('code' in a) return a;
      if (a.state !== 'accepted') return assignmentRefused(a, command.type, a.state === 'dispatched' ? '，请先签收' : '');
      const onTime = instantMillis(at) <= instantMillis(a.dueAt);
      let next = withAssignment(order, { ...a, state: 'replied', reply: { text: command.text, by, at }, onTime });
      if (roundReplied(next)) next = { ...next, state: 'visit' };
      return same(next, [event('reply', 'accepted', 'replied', { department: a.department, onTime, orderState: next.state }, command.text, a.id)]);
    }
    case 'reassign': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      const a = findAssignment(order, command.assignmentId);
      if ('code' in a) return a;
      if (a.state !== 'returned' || a.replacedBy !== null) return assignmentRefused(a, command.type, a.replacedBy ? '（已改派）' : '');
      const dep = ctx.departments.get(command.department);
      if (!dep || dep.district !== order.district) return domainError('UNKNOWN_DEPARTMENT', `承办部门 ${command.department} 不存在或不属于本区`);
      if (order.assignments.some((x) => x.round === a.round && x.department === command.department && x.state !== 'returned')) {
        return domainError('INVALID_INPUT', '该部门已在办理此工单', [{ field: 'department', code: 'DUPLICATE', message: '该部门已在办理此工单' }]);
      }
      const sent = dispatch(order, [{ id: command.department, lead: a.role === 'lead' }], a.round, at, ctx);
      const fresh = sent.assignments[0];
      const replaced = withAssignment(order, { ...a, replacedBy: fresh.id });
      const next: WorkOrder = { ...replaced, assignments: [...replaced.assignments, fresh] };
      const detail = { dispatched: 1, department: command.department, previous: a.department, replaces: a.id };
      return same(next, [event('reassign', 'returned', 'dispatched', detail, command.note || null, fresh.id)], sent.notices);
    }
    case 'answer':
    case 'transfer':
    case 'scheduleCallback': {
      if (order.state !== 'callback') return stateRefused(order, command.type);
      const d: Exclude<Disposition, { type: 'merge' }> = command.type === 'scheduleCallback' ? { type: 'callback', at: command.at, note: command.note } : command;
      return applyDisposition(order, d, ctx, command.type);
    }
    case 'recordCall': {
      if (order.state === 'closed' || order.state === 'merged') return stateRefused(order, command.type);
      if (!ctx.departments.has(command.department)) return domainError('UNKNOWN_DEPARTMENT', `部门 ${command.department} 不存在`);
      const next = { ...order, calls: [...order.calls, { department: command.department, summary: command.summary, by, at }] };
      return same(next, [event('recordCall', order.state, order.state, { department: command.department }, command.summary)]);
    }
    case 'visit': {
      if (order.state !== 'visit') return stateRefused(order, command.type);
      const lv = command.reached ? command.level : null;
      if (command.reached && lv === null) return domainError('INVALID_INPUT', '回访接通时请选择满意度');
      const visits = [...order.visits, { level: lv, reached: command.reached, comment: command.comment, by, at, round: currentRound(order) }];
      if (lv === null) {
        return same({ ...order, visits }, [event('visit', 'visit', 'visit', { reached: false, level: null }, command.comment || '回访未接通')]);
      }
      const outcome = isBad(lv) ? 'unsatisfied' as const : 'visited' as const;
      const next: WorkOrder = { ...order, visits, state: 'closed', outcome, closedAt: at };
      return same(next, [
        event('visit', 'visit', 'closed', { reached: true, level: lv, levelLabel: ratingLevelLabels[lv] }, command.comment || null),
        event('close', 'visit', 'closed', { outcome }),
      ]);
    }
    case 'reopen': {
      if (order.reopened !== null) return domainError('REOPEN_USED');
      if (order.state !== 'closed' || order.outcome !== 'unsatisfied') {
        return domainError('INVALID_TRANSITION', `工单当前为「${orderStateLabels[order.state]}」${order.state === 'closed' ? '（非回访不满意）' : ''}，不能重办`);
      }
      const round = currentRound(order);
      const last = order.assignments.filter((a) => a.round === round && a.state === 'replied');
      const lead = last.find((a) => a.role === 'lead') ?? last[0];
      const targets = [lead, ...last.filter((a) => a !== lead)].map((a) => ({ id: a.department, lead: a === lead }));
      const sent = dispatch(order, targets, round + 1, at, ctx);
      const next: WorkOrder = {
        ...order, state: 'transferred', outcome: null, closedAt: null, reopened: { reason: command.reason, by, at },
        assignments: [...order.assignments, ...sent.assignments],
      };
      return same(next, [event('reopen', 'closed', 'transferred', { dispatched: sent.assignments.length, round: round + 1 }, command.reason)], sent.notices);
    }
    case 'markEvent': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      if (order.event !== null) return domainError('INVALID_TRANSITION', `工单已是热点事件「${order.event.title}」`);
      const next = { ...order, event: { title: command.title, markedBy: by, markedAt: at } };
      return same(next, [event('markEvent', order.state, order.state, { title: command.title })]);
    }
    case 'urge': {
      if (order.state !== 'transferred') return stateRefused(order, command.type);
      const a = findAssignment(order, command.assignmentId);
      if ('code' in a) return a;
      if (!isOpenAssignment(a)) return assignmentRefused(a, command.type);
      const next = withAssignment(order, { ...a, urges: [...a.urges, { note: command.note, by, at }] });
      const notice: Notice = {
        to: { department: a.department, role: 'handler' }, title: '热线工单催办',
        text: `热线工单 ${order.id}（${order.itemName}）被催办：${command.note}。办理时限 ${wall(a.dueAt)}`,
      };
      return same(next, [event('urge', a.state, a.state, { department: a.department }, command.note, a.id)], [notice]);
    }
    case 'escalate': {
      if (order.state === 'closed' || order.state === 'merged') return stateRefused(order, command.type);
      if (order.escalated !== null) return domainError('INVALID_TRANSITION', '工单已升级督办');
      const next = { ...order, escalated: { note: command.note, by, at } };
      const text = `热线工单 ${order.id}（${order.itemName}）已升级督办：${command.note}`;
      const notices: Notice[] = (['leader', 'supervisor'] as const).map((role) => ({ to: { district: order.district, role }, title: '热线工单升级督办', text }));
      return same(next, [event('escalate', order.state, order.state, {}, command.note)], notices);
    }
    case 'raiseAlert': {
      const a = order.assignments.find((x) => x.id === command.assignmentId);
      if (!a) return domainError('NOT_FOUND', `派单 ${command.assignmentId} 不存在`);
      if (order.state !== 'transferred' || !isOpenAssignment(a) || a.alerts.includes(command.level)) return same(order, []);
      const next = withAssignment(order, { ...a, alerts: [...a.alerts, command.level] });
      const overdue = command.level === 'overdue';
      const title = overdue ? '热线工单已超时' : '热线工单即将超时';
      const text = `热线工单 ${order.id}（${order.itemName}）${overdue ? '已超过' : '即将到达'}办理时限 ${wall(a.dueAt)}，请尽快办理`;
      const notices: Notice[] = [{ to: { department: a.department, role: 'handler' }, title, text }];
      if (overdue) notices.push({ to: { district: order.district, role: 'supervisor' }, title, text });
      return same(next, [event('raiseAlert', a.state, a.state, { department: a.department, level: command.level }, null, a.id)], notices);
    }
  }
}

/** One command on an order (authorised by the caller with authorizeOrderCommand). No events: nothing changed. */
export function decideOrder(order: WorkOrder, command: OrderCommand, ctx: OrderContext): OrderTransition | DomainError {
  const applied = decide(order, command, ctx);
  if ('code' in applied) return applied;
  if (applied.events.length === 0) return { order, events: [], notices: [] };
  return { order: { ...applied.order, version: order.version + 1 }, events: applied.events, notices: applied.notices };
}

// --- who may ----------------------------------------------------------------------------------------

function assignmentOf(order: WorkOrder, command: OrderCommand): Assignment | undefined {
  return 'assignmentId' in command ? order.assignments.find((a) => a.id === command.assignmentId) : undefined;
}

export function authorizeOrderCommand(actor: Actor, order: WorkOrder, command: OrderCommand): DomainError | null {
  const role = orderCommandRole[command.type];
  if (role === 'timer') return actor.kind === 'system' ? null : domainError('FORBIDDEN', '时限预警由系统发出');
  if (actor.kind !== 'staff') return domainError('FORBIDDEN', '系统不能办理热线工单');
  switch (role) {
    case 'department': {
      const a = assignmentOf(order, command);
      if (!a) return domainError('NOT_FOUND', '派单不存在');
      return hasRole(actor, 'handler', 'signer') && actor.department === a.department ? null : domainError('FORBIDDEN', '只有承办部门的经办人可以办理此派单');
    }
    case 'operator':
      return hasRole(actor, 'operator') && actor.district === order.district ? null : domainError('FORBIDDEN', '只有本区热线话务员可以办理');
    case 'supervisor':
      return hasRole(actor, 'supervisor') && actor.district === order.district ? null : domainError('FORBIDDEN', '只有本区督办人员可以督办');
  }
}

/** Whether the order's state lets a command of this type be given now (on some assignment where it names one). */
function available(order: WorkOrder, type: OrderCommand['type'], mine: (a: Assignment) => boolean): boolean {
  const open = order.state !== 'closed' && order.state !== 'merged';
  const inRound = order.assignments.filter(mine);
  switch (type) {
    case 'accept': return order.state === 'transferred' && inRound.some((a) => a.state === 'dispatched');
    case 'return': return order.state === 'transferred' && inRound.some(isOpenAssignment);
    case 'reply': return order.state === 'transferred' && inRound.some((a) => a.state === 'accepted');
    case 'reassign': return order.state === 'transferred' && order.assignments.some((a) => a.state === 'returned' && a.replacedBy === null);
    case 'answer':
    case 'transfer':
    case 'scheduleCallback': return order.state === 'callback';
    case 'recordCall': return open;
    case 'visit': return order.state === 'visit';
    case 'reopen': return order.state === 'closed' && order.outcome === 'unsatisfied' && order.reopened === null;
    case 'markEvent': return order.state === 'transferred' && order.event === null;
    case 'urge': return order.state === 'transferred' && order.assignments.some(isOpenAssignment);
    case 'escalate': return open && order.escalated === null;
    case 'raiseAlert': return false;
  }
}

/** The commands the actor may give on the order now (what the order page offers). */
export function allowedCommands(actor: Actor, order: WorkOrder): OrderCommand['type'][] {
  if (actor.kind !== 'staff') return [];
  const types = Object.keys(orderCommandRole) as OrderCommand['type'][];
  return types.filter((type) => {
    const role = orderCommandRole[type];
    if (role === 'timer') return false;
    if (role === 'department') {
      const mine = (a: Assignment) => hasRole(actor, 'handler', 'signer') && actor.department === a.department;
      return available(order, type, mine);
    }
    const who = role === 'operator' ? 'operator' : 'supervisor';
    return hasRole(actor, who) && actor.district === order.district && available(order, type, () => true);
  });
}

