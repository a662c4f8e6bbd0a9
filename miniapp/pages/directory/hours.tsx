/**
 * 服务大厅开放时间: the shown district's weekly hours and extended evenings (周二夜市: Tuesdays until 19:30), read
 * from GET /api/admin/districts/:code/hours; the district's admin (or the city admin) edits, others read. The form
 * checks with the core's own rule (openingHoursIssues), so it says what the server would say.
 */
import { useState } from 'preact/hooks';
import { openingHoursIssues, type DayHours, type ExtendedEvening, type OpeningHours, type Weekday } from '../../../functions/core/openingHours';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Select, TextInput } from '../../components/Form';
import { ErrorState, Loading } from '../../components/State';
import { showToast } from '../../components/Toast';
import { useLoader } from '../../lib/useLoader';
import { EditorCard, namesOf, useDirectory } from './shared';
import type { AdminHours } from './types';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES: Record<Weekday, string> = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' };

interface DayRow {
  open: boolean;
  from: string;
  to: string;
}

type Rows = Record<Weekday, DayRow>;

function rowsOf(h: OpeningHours): Rows {
  const out = {} as Rows;
  DAYS.forEach((d) => {
    const w = h.weekly[d];
    out[d] = w ? { open: true, from: w.open, to: w.close } : { open: false, from: '09:00', to: '17:00' };
  });
  return out;
}

function hoursOf(rows: Rows, evenings: ExtendedEvening[]): OpeningHours {
  const weekly = {} as Record<Weekday, DayHours | null>;
  DAYS.forEach((d) => (weekly[d] = rows[d].open ? { open: rows[d].from.trim(), close: rows[d].to.trim() } : null));
  return { weekly, evenings: evenings.map((e) => ({ weekday: e.weekday, until: e.until.trim(), name: e.name.trim() })) };
}

/** The core's issues by row: `weekly.tue…` → `tue`, `evenings.0…` → `evening-0`. */
function problemsByRow(hours: OpeningHours): Record<string, string> {
  const out: Record<string, string> = {};
  hours.evenings.forEach((e, i) => {
    if (!e.name) out['evening-' + i] = '请填写延时服务的名称，如 周二夜市';
  });
  openingHoursIssues(hours).forEach((i) => {
    const parts = (i.field || '').split('.');
    const key = parts[0] === 'evenings' ? 'evening-' + parts[1] : parts[1];
    if (key && !out[key]) out[key] = i.message;
  });
  return out;
}

function HoursEditor(props: { hours: AdminHours; onSaved: (h: AdminHours) => void; onClose: () => void }) {
  const { api } = useApp();
  const dir = useDirectory();
  const [rows, setRows] = useState<Rows>(rowsOf(props.hours));
  const [evenings, setEvenings] = useState<ExtendedEvening[]>(props.hours.evenings.slice());
  const [version, setVersion] = useState(props.hours.rowVersion);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const clear = (key: string) => setProblems((old) => (old[key] ? { ...old, [key]: '' } : old));
  const setDay = (d: Weekday, patch: Partial<DayRow>) => {
    setRows((old) => ({ ...old, [d]: { ...old[d], ...patch } }));
    clear(d);
  };
  const setEvening = (i: number, patch: Partial<ExtendedEvening>) => {
    setEvenings((old) => old.map((e, k) => (k === i ? { ...e, ...patch } : e)));
    clear('evening-' + i);
  };
  const path = '/api/admin/districts/' + dir.district + '/hours';
  const save = async () => {
    const hours = hoursOf(rows, evenings);
    const found = problemsByRow(hours);
    setProblems(found);
    if (Object.keys(found).some((k) => !!found[k])) return false;
    const saved = await api.put<AdminHours>(path, { weekly: hours.weekly, evenings: hours.evenings, expectedVersion: version });
    showToast('开放时间已保存', 'success');
    props.onSaved(saved);
    return true;
  };
  const row = (key: string) => (problems[key] ? <div class="lb-field__msg" role="alert" data-testid="field-error">{problems[key]}</div> : null);
  return (
    <EditorCard
      title="修改开放时间"
      testid="hours-editor"
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => setVersion((await api.get<AdminHours>(path)).rowVersion)}
    >
      {DAYS.map((d) => (
        <div key={d} class={'lb-dir-hours' + (problems[d] ? ' lb-field--error' : '')} data-testid="hours-day">
          <label class="lb-dir-hours__day">
            <input type="checkbox" checked={rows[d].open} data-testid={'hours-open-' + d} onChange={() => setDay(d, { open: !rows[d].open })} />
            {' ' + DAY_NAMES[d]}
          </label>
          {rows[d].open ? (
            <span class="lb-dir-hours__times">
              <span class="lb-dir-time">
                <TextInput value={rows[d].from} maxLength={5} placeholder="09:00" testid={'hours-from-' + d} onChange={(v) => setDay(d, { from: v })} />
              </span>
              <span class="lb-dir-hours__to">至</span>
              <span class="lb-dir-time">
                <TextInput value={rows[d].to} maxLength={5} placeholder="17:00" testid={'hours-to-' + d} onChange={(v) => setDay(d, { to: v })} />
              </span>
            </span>
          ) : (
            <span class="lb-meta">不开放</span>
          )}
          {row(d)}
        </div>
      ))}
      <div class="lb-dir-sub">延时服务（如周二夜市）</div>
      {evenings.map((e, i) => (
        <div key={i} class={'lb-dir-hours' + (problems['evening-' + i] ? ' lb-field--error' : '')} data-testid="hours-evening">
          <span class="lb-dir-hours__day">
            <Select value={e.weekday} testid={'evening-day-' + i} options={DAYS.map((d) => ({ value: d, label: DAY_NAMES[d] }))} onChange={(v) => setEvening(i, { weekday: v as Weekday })} />
          </span>
          <span class="lb-dir-hours__times">
            <span class="lb-dir-hours__to">延至</span>
            <span class="lb-dir-time">
              <TextInput value={e.until} maxLength={5} placeholder="19:30" testid={'evening-until-' + i} onChange={(v) => setEvening(i, { until: v })} />
            </span>
            <span class="lb-dir-evening-name">
              <TextInput value={e.name} maxLength={20} placeholder="名称，如 周二夜市" testid={'evening-name-' + i} onChange={(v) => setEvening(i, { name: v })} />
            </span>
          </span>
          <button type="button" class="lb-link lb-dir-linkbtn" data-testid={'evening-remove-' + i} onClick={() => {
              setEvenings((old) => old.filter((_, k) => k !== i));
              setProblems({});
            }}
          >
            移除
          </button>
          {row('evening-' + i)}
        </div>
      ))}
      <Button size="small" testid="evening-add" onClick={() => setEvenings((old) => old.concat([{ weekday: 'tue', until: '19:30', name: '周二夜市' }]))}>
        添加延时服务
      </Button>
    </EditorCard>
  );
}

/** The hours in words: 周一 09:00–17:00; 周二 09:00–17:00，延至 19:30（周二夜市）; 周六 不开放. */
export function HoursSection() {
  const { api } = useApp();
  const dir = useDirectory();
  const n = namesOf(dir.data);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<AdminHours | null>(null);
  const loaded = useLoader(() => {
    setSaved(null);
    return api.get<AdminHours>('/api/admin/districts/' + dir.district + '/hours');
  }, [dir.district]);
  const hours = saved || loaded.data;
  return (
    <div data-testid="hours">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">{n.district(dir.district) + '服务大厅开放时间'}</span>
        {dir.canEdit && !editing && hours ? (
          <Button size="small" kind="primary" testid="hours-edit" onClick={() => setEditing(true)}>
            修改
          </Button>
        ) : null}
      </div>
      {loaded.error && !hours ? (
        <ErrorState message={loaded.error} onRetry={loaded.reload} home={false} />
      ) : !hours ? (
        <Loading />
      ) : editing ? (
        <HoursEditor
          hours={hours}
          onClose={() => setEditing(false)}
          onSaved={(h) => {
            setSaved(h);
            setEditing(false);
          }}
        />
      ) : (
        <div class="lb-card" data-testid="hours-view">
          {hours.rowVersion ? null : <div class="lb-meta">还没有登记，以下为默认开放时间。</div>}
          <table class="lb-table">
            <tbody>
              {DAYS.map((d) => {
                const w = hours.weekly[d];
                const ev = hours.evenings.filter((e) => e.weekday === d);
                return (
                  <tr key={d} data-testid={'hours-row-' + d}>
                    <td class="lb-nowrap">{DAY_NAMES[d]}</td>
                    <td>{w ? w.open + '–' + w.close + ev.map((e) => '，延至 ' + e.until + '（' + e.name + '）').join('') : '不开放'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
