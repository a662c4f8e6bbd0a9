/**
 * The window's forms of a joint acceptance: 安排现场踏勘 (date, time, place, note; a past day refused here, the
 * server checks again) and 登记整改报告 (the enterprise's report and its files, uploaded at once to a sub-task
 * under re-inspection, where the departments read them). Each resolves with the body to send, or null.
 */
import type { ApiClient } from '../../api';
import { showForm, type SheetPreset } from '../../components/FormSheet';
import type { FieldSpec } from '../../components/FieldControl';
import { shanghaiToday } from '../../lib/dates';
import type { Values } from '../../lib/fields';
import type { Platform } from '../../platform/types';
import { AttachmentPicker } from '../attachments';
import type { CaseView } from '../types';
import { type AcceptanceView, openDefectsOf, type SiteVisitView } from './model';

/** 08:00 … 18:00 by half hours: a site visit happens in office hours. */
function timeOptions() {
  const out: { value: string; label: string }[] = [];
  for (let h = 8; h <= 18; h++) {
    ['00', '30'].forEach((m) => {
      if (h === 18 && m === '30') return;
      const t = (h < 10 ? '0' : '') + h + ':' + m;
      out.push({ value: t, label: t });
    });
  }
  return out;
}

const VISIT_TITLE = '安排联合现场踏勘';

export async function askSiteVisit(current: SiteVisitView | null, projectLocation: string): Promise<Values | null> {
  const fields: FieldSpec[] = [
    { key: 'date', label: '踏勘日期', type: 'date', required: true },
    { key: 'time', label: '踏勘时间', type: 'select', required: true, options: timeOptions() },
    { key: 'place', label: '踏勘地点', type: 'text', required: true, maxLength: 200, hint: '项目地址或集合地点' },
    { key: 'note', label: '说明', type: 'text', required: false, maxLength: 500, multiline: true, hint: '如联系人、需携带的资料' },
  ];
  const preset: Required<SheetPreset> = { values: {}, errors: {} };
  if (current) preset.values = { date: current.date, time: current.time, place: current.place, note: current.note || '' };
  else if (projectLocation) preset.values = { place: projectLocation };
  const intro = current ? '改期后各部门重新收到通知和待办' : '各参与部门将收到工作通知和待办，并在手机上确认参加';
  for (;;) {
    const v = await showForm(current ? '踏勘改期' : VISIT_TITLE, fields, current ? '改期并通知' : '安排并通知', intro, undefined, preset);
    if (!v) return null;
    if (String(v.date) >= shanghaiToday(Date.now())) return v;
    preset.values = { date: String(v.date), time: String(v.time), place: String(v.place), note: v.note ? String(v.note) : '' };
    preset.errors = { date: '踏勘日期不能早于今天' };
  }
}

/**
 * 登记整改报告: the report as the enterprise gave it and its files. The files go to the sub-task of a department
 * with open defects (the window may add files to a sub-task being corrected), so the re-inspector has them.
 */
export async function askRectification(api: ApiClient, platform: Platform, c: CaseView, view: AcceptanceView): Promise<{ report: string; attachments?: string[] } | null> {
  const target = view.departments.filter((d) => openDefectsOf(d).length > 0)[0];
  const files = { list: [] as string[], unsettled: 0 };
  const names = view.departments.filter((d) => openDefectsOf(d).length > 0).map((d) => d.departmentName);
  const intro = (
    <div>
      <div>{'整改登记后，' + (names.join('、') || '提出问题的部门') + '复验；企业整改期间不计入联合验收时限。'}</div>
      {target ? (
        <div>
          <div class="lb-sheet__group">整改材料（照片、扫描件）</div>
          <AttachmentPicker
            api={api}
            platform={platform}
            uploadPath={'/api/subtasks/' + encodeURIComponent(c.id) + '/' + encodeURIComponent(target.itemId) + '/attachments'}
            testid="rectification-files"
            note="选择后即上传，复验部门可查看"
            onChange={(up, unsettled) => {
              files.list = up.map((u) => u.sha256);
              files.unsettled = unsettled;
            }}
          />
        </div>
      ) : null}
    </div>
  );
  const v = await showForm('登记整改报告', [{ key: 'report', label: '整改报告', type: 'text', required: true, maxLength: 2000, multiline: true, hint: '逐项说明整改情况' }], '登记', intro);
  if (!v) return null;
  if (files.unsettled > 0) throw new Error('整改材料尚未全部上传（上传中或失败），请重试');
  return { report: String(v.report), ...(files.list.length ? { attachments: files.list } : {}) };
}
