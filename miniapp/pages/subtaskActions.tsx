/**
 * The staff actions on a sub-task (DingTalk OA words: 签收, 转交, 退回, 办结 …): for each, what to ask
 * (a confirmation or a small form) and the command body of POST …/actions
 * (schemas/subtask-command.schema.json). Null means the user cancelled.
 */
import { actionLabels } from '../../functions/core/events';
import type { ApiClient } from '../api';
import { type SheetPreset, showForm } from '../components/FormSheet';
import type { FieldSpec } from '../components/FieldControl';
import type { Platform } from '../platform/types';
import type { Staff } from '../session';
import { askOpinion } from './acceptance/opinionSheet';
import { AttachmentPicker } from './attachments';
import { defsOf } from './parts';
import type { SubTaskDetail, Values } from './types';

/** Order of the actions: the first gets the blue button, the second the white one, the rest go under 更多. */
export const PRIMARY_ORDER = [
  'claim', 'reassign', 'confirmSiteVisit', 'recordOpinion', 'signOff', 'countersign', 'resubmit', 'resume', 'decideExtension', 'urge', 'recordDelivery',
  'handOff', 'returnForCorrection', 'requestMaterials', 'suspend', 'requestExtension', 'comment', 'refuse',
];

type Command = Record<string, unknown> & { type: string };

export interface ActionContext {
  api: ApiClient;
  platform: Platform;
  staff: Staff;
  detail: SubTaskDetail;
  /** The command the server just refused with OUTPUT_MISMATCH, and its per-field issues: the sheet opens again with them. */
  retry?: { command: Command; issues: { field?: string; code: string; message: string }[] };
}

/** The key of a field's 更正说明 in the sign-off sheet. */
const FIX = 'fix:';

const text = (key: string, label: string, required = true, multiline = true): FieldSpec => ({ key, label, type: 'text', required, maxLength: 500, multiline });

/** The seals in scope for this item (server sealsFor); none: the sheet says why instead of an empty choice. */
function sealField(d: SubTaskDetail): FieldSpec {
  const seals = d.seals || [];
  const none = seals.length ? {} : { hint: '本部门没有可签署此事项的印章（不在印章的签署范围或镇街赋权事项内），请转交有权签署的部门办理' };
  return { key: 'sealId', label: '签章印章', type: 'select', required: true, options: seals.map((s) => ({ value: s.id, label: s.name })), ...none };
}

/**
 * 附件 in a sheet (提交补正, 签章办结): each picked file uploads at once to the sub-task (POST …/attachments;
 * the policy lets the assignee, a signer or, during 补正, the window add files), where the sign-off's
 * materials take them along. Resolves the sheet's intro and, once it closed, whether every file got there.
 */
function attachmentsPart(ctx: ActionContext, text?: string) {
  const st = ctx.detail.subTask;
  const state = { unsettled: 0 };
  const intro = (
    <div>
      {text ? <div>{text}</div> : null}
      <div class="lb-sheet__group">附件（扫描件、照片）</div>
      <AttachmentPicker
        api={ctx.api}
        platform={ctx.platform}
        uploadPath={'/api/subtasks/' + encodeURIComponent(st.caseId) + '/' + encodeURIComponent(st.itemId) + '/attachments'}
        testid="sheet-files"
        note="选择后即上传到本子任务"
        onChange={(_, unsettled) => (state.unsettled = unsettled)}
      />
    </div>
  );
  const check = () => {
    if (state.unsettled > 0) throw new Error('附件尚未全部上传（上传中或失败），请重新打开后重试；已上传的附件保留在本子任务');
  };
  return { intro, check };
}

const SUSPEND_KINDS = [
  { value: 'inspection', label: '检验' },
  { value: 'testing', label: '检测' },
  { value: 'quarantine', label: '检疫' },
  { value: 'appraisal', label: '鉴定' },
  { value: 'hearing', label: '听证' },
  { value: 'expertReview', label: '专家评审' },
];

/**
 * 转交: the people this item may go to (GET /api/contacts); the browser picks among them, the
 * containers show their own org picker, whose choice must be one of them (matched by id, else by a
 * unique name, since the native pickers answer with container user ids).
 */
async function handOff(ctx: ActionContext): Promise<Command | null> {
  const st = ctx.detail.subTask;
  const res = await ctx.api.get<{ staff: { id: string; name: string; departmentName?: string }[] }>('/api/contacts', { department: st.department, district: st.district });
  const candidates = res.staff.filter((s) => s.id !== ctx.staff.id);
  const picked = await ctx.platform.pickContact({ title: '选择转交人', candidates });
  if (!picked.length) return null;
  const p = picked[0];
  const byName = candidates.filter((c) => c.name === p.name);
  const to = candidates.filter((c) => c.id === p.id)[0] || (byName.length === 1 ? byName[0] : null);
  if (!to) throw new Error('「' + p.name + '」不在本事项可转交的人员范围内');
  const v = await showForm('转交给 ' + to.name, [text('reason', '转交原因')], '转交');
  return v && { type: 'handOff', toStaff: to.id, reason: v.reason };
}

/**
 * 改派 (work of a disabled or departed colleague): back to the department's 待签收 list, or to a named active
 * colleague of the department (the contacts list offers only active staff).
 */
async function reassign(ctx: ActionContext): Promise<Command | null> {
  const st = ctx.detail.subTask;
  const res = await ctx.api.get<{ staff: { id: string; name: string }[] }>('/api/contacts', { department: st.department, district: st.district });
  const BACK = 'department';
  const to: FieldSpec = {
    key: 'toStaff', label: '改派给', type: 'select', required: true,
    options: [{ value: BACK, label: '退回部门待签收列表' }].concat(res.staff.map((s) => ({ value: s.id, label: s.name }))),
  };
  const v = await showForm(actionLabels.reassign || '改派', [to, text('reason', '改派原因')], '改派', '原经办人已停用或已离开本部门，改派后由新经办人接续办理');
  return v && { type: 'reassign', reason: v.reason, ...(v.toStaff && v.toStaff !== BACK ? { toStaff: v.toStaff } : {}) };
}

/**
 * The sign-off form: the seal, then the fields of every material the item issues, prefilled with what the
 * application says (detail.prefill). After a refusal (OUTPUT_MISMATCH) it opens again with what was entered,
 * each problem under its field and a 更正说明 under each field that differs from the application.
 */
async function signOff(ctx: ActionContext): Promise<Command | null> {
  const d = ctx.detail;
  const retry = ctx.retry;
  const prev = retry ? (retry.command.outputs as Record<string, Values>) : d.prefill || {};
  const notes: Record<string, string> = {};
  if (retry) ((retry.command.corrections || []) as { material: string; field: string; reason: string }[]).forEach((c) => (notes[c.material + '.' + c.field] = c.reason));
  const preset: Required<SheetPreset> = { values: retry ? { sealId: String(retry.command.sealId) } : {}, errors: {} };
  const mismatched: Record<string, boolean> = {};
  (retry ? retry.issues : []).forEach((i) => {
    if (!i.field) return;
    preset.errors[i.field] = i.message;
    if (i.code === 'IDENTITY_MISMATCH') mismatched[i.field] = true;
  });
  const fields: FieldSpec[] = [sealField(d)];
  const headings: Record<string, string> = {};
  const outputs = d.outputs || [];
  outputs.forEach((m) =>
    m.fields.forEach((f, i) => {
      const key = m.id + '.' + f.key;
      if (i === 0) headings[key] = m.name;
      const v = prev[m.id] && prev[m.id][f.key];
      if (v !== undefined) preset.values[key] = String(v);
      fields.push({ ...f, key });
      if (mismatched[key] || notes[key]) {
        fields.push({ key: FIX + key, label: '更正说明', type: 'text', required: false, maxLength: 200, multiline: true, hint: '确需与申请不同的，说明依据' });
        if (notes[key]) preset.values[FIX + key] = notes[key];
      }
    }),
  );
  const files = attachmentsPart(ctx, '签章后办结材料及附件即共享给后续部门');
  const v = await showForm(actionLabels.signOff, fields, '签章', files.intro, headings, preset);
  if (!v) return null;
  files.check();
  const out: Record<string, Values> = {};
  const corrections: { material: string; field: string; reason: unknown }[] = [];
  outputs.forEach((m) => (out[m.id] = {}));
  Object.keys(v).forEach((k) => {
    const fix = k.indexOf(FIX) === 0;
    const key = fix ? k.slice(FIX.length) : k;
    const dot = key.indexOf('.');
    if (dot < 0) return;
    if (fix) corrections.push({ material: key.slice(0, dot), field: key.slice(dot + 1), reason: v[k] });
    else out[key.slice(0, dot)][key.slice(dot + 1)] = v[k];
  });
  return { type: 'signOff', sealId: v.sealId, outputs: out, ...(corrections.length ? { corrections } : {}) };
}

async function resubmit(ctx: ActionContext): Promise<Command | null> {
  const d = ctx.detail;
  const defs = (d.fields || defsOf(d.labels ? d.labels.fields : {})).filter((f) => d.subTask.form[f.key] !== undefined);
  const files = attachmentsPart(ctx, d.subTask.correction ? '补正要求：' + d.subTask.correction.reason : undefined);
  const v = await showForm(actionLabels.resubmit, defs.concat([text('note', '补正说明', false)]), '提交', files.intro);
  if (!v) return null;
  files.check();
  const values: Values = {};
  defs.forEach((f) => {
    if (v[f.key] !== undefined) values[f.key] = v[f.key];
  });
  return { type: 'resubmit', values, ...(v.note ? { note: v.note } : {}) };
}

async function recordDelivery(ctx: ActionContext): Promise<Command | null> {
  const mats = (ctx.detail.outputs || []).filter((m) => m.delivery);
  const v = await showForm(
    actionLabels.recordDelivery,
    [
      { key: 'material', label: '寄递材料', type: 'select', required: true, options: mats.map((m) => ({ value: m.id, label: m.name })) },
      text('carrier', '快递公司', true, false),
      { key: 'trackingNumber', label: '运单号', type: 'text', required: true, maxLength: 60 },
    ],
    '登记',
  );
  return v && { type: 'recordDelivery', material: v.material, carrier: v.carrier, trackingNumber: v.trackingNumber };
}

/**
 * 申请延期 offers what the server allows (the view's extensionMaxDays): 1 to that many working days, as a
 * choice when there are only a few.
 */
function requestExtension(title: string, maxDays: number | null | undefined): Promise<Values | null> {
  const max = maxDays || 1;
  const days: FieldSpec = max <= 10
    ? { key: 'days', label: '延长工作日', type: 'select', required: true, options: Array.from({ length: max }, (_, i) => ({ value: String(i + 1), label: i + 1 + ' 个工作日' })) }
    : { key: 'days', label: '延长工作日', type: 'integer', required: true, min: 1, max, hint: '1 至 ' + max + ' 个工作日' };
  return showForm(title, [days, text('reason', '延期原因')], '提交', '最多可延长 ' + max + ' 个工作日；只能延期一次，须经审批').then((v) => v && { ...v, days: Number(v.days) });
}

/** Asks the user what the action needs; resolves with the command, or null when cancelled. */
export async function askCommand(action: string, ctx: ActionContext): Promise<Command | null> {
  const d = ctx.detail;
  // Dialog titles are the actions' labels (core/events.ts actionLabels, also the buttons and the timeline).
  const title = actionLabels[action];
  let v: Values | null;
  switch (action) {
    case 'claim':
      return (await ctx.platform.confirm(title, '签收「' + d.subTask.itemName + '」？签收后开始计时', '签收')) ? { type: 'claim' } : null;
    case 'handOff':
      return handOff(ctx);
    case 'returnForCorrection':
      v = await showForm(title, [text('reason', '退回原因'), text('items', '需补正的材料（每行一项）')], '退回', '退回期间暂停计时');
      return v && { type: 'returnForCorrection', reason: v.reason, items: String(v.items).split('\n').map((s) => s.trim()).filter(Boolean) };
    case 'resubmit':
      return resubmit(ctx);
    case 'suspend':
      v = await showForm(title, [{ key: 'kind', label: '特殊环节', type: 'select', required: true, options: SUSPEND_KINDS }, text('reason', '中止原因')], '中止', '特殊环节不计入时限');
      return v && { type: 'suspend', kind: v.kind, reason: v.reason };
    case 'resume':
      v = await showForm(title, [text('note', '说明', false)], '恢复');
      return v && { type: 'resume', ...(v.note ? { note: v.note } : {}) };
    case 'requestExtension':
      v = await requestExtension(title, d.subTask.extensionMaxDays);
      return v && { type: 'requestExtension', days: v.days, reason: v.reason };
    case 'decideExtension':
      v = await showForm(
        title,
        [{ key: 'approve', label: '审批意见', type: 'select', required: true, options: [{ value: 'yes', label: '同意' }, { value: 'no', label: '不同意' }] }, text('reason', '说明', false)],
        '提交',
        d.subTask.extension ? '申请延期 ' + d.subTask.extension.days + ' 个工作日：' + d.subTask.extension.reason : undefined,
      );
      return v && { type: 'decideExtension', approve: v.approve === 'yes', ...(v.reason ? { reason: v.reason } : {}) };
    case 'signOff':
      return signOff(ctx);
    case 'countersign':
      v = await showForm(title, [sealField(d), text('opinion', '会签意见', false)], '会签');
      return v && { type: 'countersign', sealId: v.sealId, ...(v.opinion ? { opinion: v.opinion } : {}) };
    case 'refuse':
      v = await showForm(title, [sealField(d), text('reason', '理由')], '签章', '依赖本事项的后续事项将终止');
      return v && { type: 'refuse', sealId: v.sealId, reason: v.reason };
    case 'comment':
    case 'urge':
      v = await showForm(title, [text('text', '内容')], '发送');
      return v && { type: action, text: v.text };
    case 'recordDelivery':
      return recordDelivery(ctx);
    case 'reassign':
      return reassign(ctx);
    // 竣工联合验收 (pages/acceptance): the department confirms the site visit; its single-item opinion, signed at once
    case 'confirmSiteVisit':
      return (await ctx.platform.confirm(title, '确认参加「' + d.subTask.itemName + '」的联合现场踏勘？', '确认参加')) ? { type: 'confirmSiteVisit' } : null;
    case 'recordOpinion':
      return askOpinion(ctx.api, ctx.platform, d);
    // 材料审查: the request waits for the window's one 材料补正通知 (nothing reaches the applicant before it)
    case 'requestMaterials':
      v = await showForm(title, [text('items', '需补正的材料（每行一项）'), text('note', '说明', false)], '提出', '由窗口汇总各部门要求后一次性告知申请人');
      return v && { type: 'requestMaterials', items: String(v.items).split('\n').map((s) => s.trim()).filter(Boolean), ...(v.note ? { note: v.note } : {}) };
  }
  return null;
}
