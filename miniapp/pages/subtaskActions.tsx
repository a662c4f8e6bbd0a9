/**
 * The staff actions on a sub-task (DingTalk OA words: 签收, 转交, 退回, 办结 …): for each, what to ask
 * (a confirmation or a small form) and the command body of POST …/actions
 * (schemas/subtask-command.schema.json). Null means the user cancelled.
 */
import { actionLabels } from '../../functions/core/events';
import type { ApiClient } from '../api';
import { showForm } from '../components/FormSheet';
import type { FieldSpec } from '../components/FieldControl';
import type { Platform } from '../platform/types';
import type { Staff } from '../session';
import { AttachmentPicker } from './attachments';
import { defsOf } from './parts';
import type { SubTaskDetail, Values } from './types';

/** Order of the actions: the first gets the blue button, the second the white one, the rest go under 更多. */
export const PRIMARY_ORDER = [
  'claim', 'signOff', 'countersign', 'resubmit', 'resume', 'decideExtension', 'urge', 'recordDelivery',
  'handOff', 'returnForCorrection', 'suspend', 'requestExtension', 'comment', 'refuse',
];

type Command = Record<string, unknown> & { type: string };

export interface ActionContext {
  api: ApiClient;
  platform: Platform;
  staff: Staff;
  detail: SubTaskDetail;
}

const text = (key: string, label: string, required = true, multiline = true): FieldSpec => ({ key, label, type: 'text', required, maxLength: 500, multiline });

function sealField(d: SubTaskDetail): FieldSpec {
  const seals = d.seals || [];
  return { key: 'sealId', label: '签章印章', type: 'select', required: true, options: seals.map((s) => ({ value: s.id, label: s.name })) };
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

/** The sign-off form: the seal, then the fields of every material the item issues. */
async function signOff(ctx: ActionContext): Promise<Command | null> {
  const d = ctx.detail;
  const fields: FieldSpec[] = [sealField(d)];
  const headings: Record<string, string> = {};
  const outputs = d.outputs || [];
  outputs.forEach((m) =>
    m.fields.forEach((f, i) => {
      if (i === 0) headings[m.id + '.' + f.key] = m.name;
      fields.push({ ...f, key: m.id + '.' + f.key });
    }),
  );
  const files = attachmentsPart(ctx, '签章后办结材料及附件即共享给后续部门');
  const v = await showForm(actionLabels.signOff, fields, '签章', files.intro, headings);
  if (!v) return null;
  files.check();
  const out: Record<string, Values> = {};
  outputs.forEach((m) => (out[m.id] = {}));
  Object.keys(v).forEach((k) => {
    const dot = k.indexOf('.');
    if (dot > 0) out[k.slice(0, dot)][k.slice(dot + 1)] = v[k];
  });
  return { type: 'signOff', sealId: v.sealId, outputs: out };
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
      v = await showForm(title, [{ key: 'days', label: '延长工作日', type: 'integer', required: true, min: 1, max: 365 }, text('reason', '延期原因')], '提交', '只能延期一次，须经审批');
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
  }
  return null;
}
