/**
 * How the seed's 热线事项 (hotline catalog items) are written, and their 办理时限 (time limits) — data, not rules.
 * Research basis of the default limits by 诉求类型:
 *   - 《广东省12345政务服务便民热线管理办法》(2022): 咨询 2 个工作日, 求助 10 个工作日, 投诉、举报、建议 15 个工作日
 *     (working days, the day of dispatch not counted);
 *   - 北京市 12345 接诉即办: 水、电、气、热 突发中断 (停水停电停气) 24 小时内响应处置;
 *   - 涉及人身财产安全的紧急诉求 (燃气泄漏、窨井盖缺失、台风险情 …): 2–4 小时, as the seed district's 81812345
 *     treats 紧急件 (the order's urgency may shorten any limit further, workOrder.ts URGENT_LIMIT_HOURS).
 */
import type { HotlineItem, RequestKind, TimeLimit } from '../../core/workOrder.js';

const workingDays = (value: number): TimeLimit => ({ unit: 'workingDays', value });
const hours = (value: number): TimeLimit => ({ unit: 'hours', value });

/** The default limit of each kind (Guangdong 2022: 2 / 10 / 15 working days). */
const kindLimits: Record<RequestKind, TimeLimit> = {
  consult: workingDays(2),
  help: workingDays(10),
  complaint: workingDays(15),
  report: workingDays(15),
  suggestion: workingDays(15),
};

/** 水、电、气 outages: 24 hours (Beijing 接诉即办). */
export const OUTAGE = hours(24);
/** Urgent safety: 4 hours (a hazard to be made safe) … */
export const HAZARD = hours(4);
/** … or 2 hours (danger to life: gas leaks, 台风 险情, a missing manhole cover). */
export const DANGER = hours(2);

interface ItemOptions {
  /** A limit other than the kind's default. */
  limit?: TimeLimit;
  /** Words that match calls about one event (停水, 停电, 台风, 积水 …). */
  keywords?: string[];
  /** 知识库 answer. */
  answer?: string;
}

function item(id: string, name: string, kind: RequestKind, departmentKind: string | null, o: ItemOptions = {}): HotlineItem {
  return { id, name, kind, limit: o.limit ?? kindLimits[kind], departmentKind, answer: o.answer ?? '', keywords: o.keywords ?? [], active: true };
}

/** 咨询 with its knowledge-base answer; departmentKind null when the centre answers it itself. */
export const consult = (id: string, name: string, departmentKind: string | null, answer: string, o: ItemOptions = {}): HotlineItem =>
  item(id, name, 'consult', departmentKind, { ...o, answer });
/** 求助 */
export const help = (id: string, name: string, departmentKind: string, o?: ItemOptions): HotlineItem => item(id, name, 'help', departmentKind, o);
/** 投诉 */
export const complaint = (id: string, name: string, departmentKind: string, o?: ItemOptions): HotlineItem => item(id, name, 'complaint', departmentKind, o);
/** 举报 */
export const report = (id: string, name: string, departmentKind: string, o?: ItemOptions): HotlineItem => item(id, name, 'report', departmentKind, o);
/** 建议 */
export const suggestion = (id: string, name: string, departmentKind: string, o?: ItemOptions): HotlineItem => item(id, name, 'suggestion', departmentKind, o);
