/**
 * 服务大厅开放时间: the shown district's weekly hours and extended evenings (周二夜市: Tuesdays until 19:30);
 * the district's admin (or the city admin) edits, others read. PUT /api/admin/districts/:code/hours.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Select, TextInput } from '../../components/Form';
import { showToast } from '../../components/Toast';
import { EditorCard, namesOf, useDirectory } from './shared';
import type { Evening, OpeningHours, WeeklyHours } from './types';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

interface DayRow {
  open: boolean;
  from: string;
  to: string;
}

/** Problems of the typed hours, by row key (`day-3`, `evening-0`). */
export function hoursProblems(days: DayRow[], evenings: Evening[]): Record<string, string> {
  const out: Record<string, string> = {};
  days.forEach((d, i) => {
    if (!d.open) return;
    if (!TIME.test(d.from) || !TIME.test(d.to)) out['day-' + i] = WEEKDAYS[i] + '的时间应为 时:分，如 08:30';
    else if (d.to <= d.from) out['day-' + i] = WEEKDAYS[i] + '的下班时间应晚于上班时间';
  });
  evenings.forEach((e, i) => {
    const day = days[e.weekday - 1];
    if (!TIME.test(e.until)) out['evening-' + i] = '延时时间应为 时:分，如 19:30';
    else if (!day || !day.open) out['evening-' + i] = WEEKDAYS[e.weekday - 1] + '不开放，不能延时';
    else if (e.until <= day.to) out['evening-' + i] = '延时应晚于' + WEEKDAYS[e.weekday - 1] + '的下班时间 ' + day.to;
  });
  return out;
}

function rowsOf(h: OpeningHours | null | undefined): DayRow[] {
  return WEEKDAYS.map((_, i) => {
    const w = h ? h.weekly.filter((x) => x.weekday === i + 1)[0] : undefined;
    return w ? { open: true, from: w.open, to: w.close } : { open: false, from: '08:30', to: '17:00' };
  });
}

function HoursEditor(props: { hours: OpeningHours | null; onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const [days, setDays] = useState<DayRow[]>(rowsOf(props.hours));
  const [evenings, setEvenings] = useState<Evening[]>(props.hours ? props.hours.evenings.slice() : []);
  const [version, setVersion] = useState(props.hours ? props.hours.rowVersion : undefined);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const setDay = (i: number, patch: Partial<DayRow>) => setDays((old) => old.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const setEvening = (i: number, patch: Partial<Evening>) => setEvenings((old) => old.map((e, k) => (k === i ? { ...e, ...patch } : e)));
  const save = async () => {
    const found = hoursProblems(days, evenings);
    setProblems(found);
    if (Object.keys(found).length) return false;
    const weekly: WeeklyHours[] = [];
    days.forEach((d, i) => d.open && weekly.push({ weekday: i + 1, open: d.from, close: d.to }));
    const sent = evenings.map((e) => (e.name && e.name.trim() ? { weekday: e.weekday, until: e.until, name: e.name.trim() } : { weekday: e.weekday, until: e.until }));
    await api.put('/api/admin/districts/' + dir.district + '/hours', { weekly, evenings: sent, expectedVersion: version });
    await dir.reload();
    showToast('开放时间已保存', 'success');
    props.onClose();
    return true;
  };
  return (
    <EditorCard
      title="修改开放时间"
      testid="hours-editor"
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => {
        const d = (await dir.reload()).districts.filter((x) => x.code === dir.district)[0];
        if (d && d.hours) setVersion(d.hours.rowVersion);
      }}
    >
      {days.map((d, i) => (
        <div key={i} class={'lb-dir-hours' + (problems['day-' + i] ? ' lb-field--error' : '')} data-testid="hours-day">
          <label class="lb-dir-hours__day">
            <input type="checkbox" checked={d.open} data-testid={'hours-open-' + (i + 1)} onChange={() => setDay(i, { open: !d.open })} />
            {' ' + WEEKDAYS[i]}
          </label>
          {d.open ? (
            <span class="lb-dir-hours__times">
              <TextInput value={d.from} maxLength={5} placeholder="08:30" testid={'hours-from-' + (i + 1)} onChange={(v) => setDay(i, { from: v })} />
              <span class="lb-dir-hours__to">至</span>
              <TextInput value={d.to} maxLength={5} placeholder="17:00" testid={'hours-to-' + (i + 1)} onChange={(v) => setDay(i, { to: v })} />
            </span>
          ) : (
            <span class="lb-meta">不开放</span>
          )}
          {problems['day-' + i] ? <div class="lb-field__msg" role="alert" data-testid="field-error">{problems['day-' + i]}</div> : null}
        </div>
      ))}
      <div class="lb-dir-sub">延时服务（夜市）</div>
      {evenings.map((e, i) => (
        <div key={i} class={'lb-dir-hours' + (problems['evening-' + i] ? ' lb-field--error' : '')} data-testid="hours-evening">
          <span class="lb-dir-hours__day">
            <Select value={String(e.weekday)} testid={'evening-day-' + i} options={WEEKDAYS.map((w, k) => ({ value: String(k + 1), label: w }))} onChange={(v) => setEvening(i, { weekday: Number(v) })} />
          </span>
          <span class="lb-dir-hours__times">
            <span class="lb-dir-hours__to">延至</span>
            <TextInput value={e.until} maxLength={5} placeholder="19:30" testid={'evening-until-' + i} onChange={(v) => setEvening(i, { until: v })} />
            <TextInput value={e.name || ''} maxLength={20} placeholder="名称，如 周二夜市" testid={'evening-name-' + i} onChange={(v) => setEvening(i, { name: v })} />
          </span>
          <button type="button" class="lb-link lb-dir-linkbtn" data-testid={'evening-remove-' + i} onClick={() => setEvenings((old) => old.filter((_, k) => k !== i))}>
            移除
          </button>
          {problems['evening-' + i] ? <div class="lb-field__msg" role="alert" data-testid="field-error">{problems['evening-' + i]}</div> : null}
        </div>
      ))}
      <Button size="small" testid="evening-add" onClick={() => setEvenings((old) => old.concat([{ weekday: 2, until: '19:30', name: '周二夜市' }]))}>
        添加延时
      </Button>
    </EditorCard>
  );
}

/** The hours in words: 周一至周五 08:30–17:00; 周二 延至 19:30（周二夜市）. */
export function HoursSection() {
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [editing, setEditing] = useState(false);
  const district = dir.data.districts.filter((d) => d.code === dir.district)[0];
  const hours = district ? district.hours || null : null;
  return (
    <div data-testid="hours">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{n.district(dir.district) + '服务大厅开放时间'}</span>
        {dir.canEdit && !editing ? (
          <Button size="small" kind="primary" testid="hours-edit" onClick={() => setEditing(true)}>
            修改
          </Button>
        ) : null}
      </div>
      {editing ? (
        <HoursEditor hours={hours} onClose={() => setEditing(false)} />
      ) : (
        <div class="lb-card" data-testid="hours-view">
          {hours && hours.weekly.length ? (
            <table class="lb-table">
              <tbody>
                {hours.weekly.map((w) => {
                  const ev = hours.evenings.filter((e) => e.weekday === w.weekday);
                  return (
                    <tr key={w.weekday}>
                      <td class="lb-nowrap">{WEEKDAYS[w.weekday - 1]}</td>
                      <td>{w.open + '–' + w.close + ev.map((e) => '，延至 ' + e.until + (e.name ? '（' + e.name + '）' : '')).join('')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : (
            <div class="lb-meta">还没有登记开放时间</div>
          )}
        </div>
      )}
    </div>
  );
}
