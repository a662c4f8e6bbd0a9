/**
 * 工作日历 (city-wide; the city admin edits, everyone else reads): local days off and extra working days on top
 * of the State Council notice, and a year's notice entered by hand (its holidays and make-up days; the year
 * stops being 暂定). One PUT /api/admin/calendar with the whole overlay and the version it was read at.
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { DateInput, Field, Select, TextArea, TextInput } from '../../components/Form';
import { Tag } from '../../components/Tag';
import { showToast } from '../../components/Toast';
import { shanghaiToday } from '../../lib/dates';
import { ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';
import { EditorCard, ReadOnlyNote, useDirectory } from './shared';
import type { CalendarDay, CalendarOverlayView } from './types';

/** What the editor holds and PUT sends (with the version it was read at). */
interface Draft {
  daysOff: CalendarDay[];
  workdays: CalendarDay[];
  publishedYears: number[];
}
const byDate = (a: CalendarDay, b: CalendarDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Lines "2027-01-01 元旦" → days; the problems name the line. */
function parseNoticeLines(text: string, year: number): { days: CalendarDay[]; problems: string[] } {
  const days: CalendarDay[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:至|~|－|-{1,2})\s*(\d{4}-\d{2}-\d{2}))?\s+(.+)$/.exec(line);
    if (!m) return problems.push('第 ' + (i + 1) + ' 行应为“日期 名称”，如 ' + year + '-01-01 元旦');
    const from = m[1];
    const until = m[2] || m[1];
    if (from.slice(0, 4) !== String(year) || until.slice(0, 4) !== String(year)) return problems.push('第 ' + (i + 1) + ' 行的日期不在 ' + year + ' 年');
    let d = new Date(from + 'T00:00:00Z');
    const end = new Date(until + 'T00:00:00Z');
    if (isNaN(d.getTime()) || isNaN(end.getTime()) || end < d) return problems.push('第 ' + (i + 1) + ' 行的日期无效');
    for (let n = 0; d <= end && n < 31; n++) {
      days.push({ date: d.toISOString().slice(0, 10), name: m[3].trim() });
      d = new Date(d.getTime() + 86400000);
    }
  });
  return { days, problems };
}

/** Whether a year's notice is in (entered here, or within the known range); else its dates are 暂定. */
function yearKnown(o: CalendarOverlayView, year: number, thisYear: number): boolean {
  if (o.publishedYears.indexOf(year) >= 0) return true;
  return o.knownUntil ? o.knownUntil >= year + '-12-31' : year <= thisYear;
}

function DayList(props: { days: CalendarDay[]; testid: string; onRemove?: (date: string) => void; empty: string }) {
  if (!props.days.length) return <div class="lb-meta" data-testid={props.testid}>{props.empty}</div>;
  return (
    <table class="lb-table" data-testid={props.testid}>
      <tbody>
        {props.days.map((d) => (
          <tr key={d.date} data-testid={props.testid + '-row'}>
            <td class="lb-nowrap">{d.date}</td>
            <td>{d.name}</td>
            {props.onRemove ? (
              <td class="lb-dir-right">
                <button type="button" class="lb-link lb-dir-linkbtn" data-testid={props.testid + '-remove'} onClick={() => (props.onRemove as (d: string) => void)(d.date)}>
                  移除
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddDay(props: { testid: string; label: string; onAdd: (day: CalendarDay) => string | null }) {
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const bad = !/^\d{4}-\d{2}-\d{2}$/.test(date) ? '请选择日期' : !name.trim() ? '请填写名称（如 办公场所搬迁闭厅）' : props.onAdd({ date, name: name.trim() });
    setError(bad);
    if (!bad) {
      setDate('');
      setName('');
    }
  };
  return (
    <div class="lb-dir-addday" data-testid={props.testid}>
      <Field label={props.label} error={error}>
        <span class="lb-dir-addday__row">
          <span class="lb-dir-addday__date">
            <DateInput value={date} testid={props.testid + '-date'} onChange={setDate} />
          </span>
          <span class="lb-dir-addday__name">
            <TextInput value={name} maxLength={30} placeholder="名称" testid={props.testid + '-name'} onChange={setName} />
          </span>
          <Button size="middle" testid={props.testid + '-ok'} onClick={add}>
            加入
          </Button>
        </span>
      </Field>
    </div>
  );
}

function NoticeEntry(props: { years: number[]; onEnter: (year: number, holidays: CalendarDay[], workdays: CalendarDay[]) => void }) {
  const thisYear = Number(shanghaiToday(Date.now()).slice(0, 4));
  const [year, setYear] = useState(String(thisYear + 1));
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const enter = () => {
    const y = Number(year);
    const h = parseNoticeLines(holidays, y);
    const w = parseNoticeLines(workdays, y);
    const found = h.problems.map((p) => '放假：' + p).concat(w.problems.map((p) => '调休上班：' + p));
    if (!h.days.length) found.unshift('请填写 ' + y + ' 年的放假日期');
    setProblems(found);
    if (found.length) return;
    props.onEnter(y, h.days, w.days);
    setHolidays('');
    setWorkdays('');
  };
  return (
    <div class="lb-dir-notice" data-testid="notice-entry">
      <div class="lb-dir-sub">录入国务院放假通知</div>
      <Field label="年份">
        <Select value={year} testid="notice-year" options={[thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: String(y), label: y + ' 年' + (props.years.indexOf(y) >= 0 ? '（已录入）' : '') }))} onChange={setYear} />
      </Field>
      <Field label="放假日期（每行一段）" hint={'如 ' + year + '-01-01 元旦；连续几天写 ' + year + '-02-16 至 ' + year + '-02-22 春节'}>
        <TextArea value={holidays} rows={4} testid="notice-holidays" onChange={setHolidays} />
      </Field>
      <Field label="调休上班日期（每行一天）" hint={'如 ' + year + '-02-14 春节调休上班'}>
        <TextArea value={workdays} rows={2} testid="notice-workdays" onChange={setWorkdays} />
      </Field>
      {problems.length ? (
        <ul class="lb-dir-issues lb-field__msg" role="alert" data-testid="notice-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <Button size="middle" testid="notice-enter" onClick={enter}>
        {'加入 ' + year + ' 年通知'}
      </Button>
    </div>
  );
}

function CalendarEditor(props: { overlay: CalendarOverlayView; onSaved: (c: CalendarOverlayView) => void; onClose: () => void }) {
  const { api } = useApp();
  const o = props.overlay;
  const [draft, setDraft] = useState<Draft>({ daysOff: o.daysOff.slice(), workdays: o.workdays.slice(), publishedYears: o.publishedYears.slice() });
  const [version, setVersion] = useState(props.overlay.rowVersion);
  const taken = (date: string) => draft.daysOff.concat(draft.workdays).some((d) => d.date === date);
  const addTo = (key: 'daysOff' | 'workdays') => (day: CalendarDay) => {
    if (taken(day.date)) return day.date + ' 已在日历中';
    setDraft((old) => ({ ...old, [key]: old[key].concat([day]).sort(byDate) }));
    return null;
  };
  const removeFrom = (key: 'daysOff' | 'workdays') => (date: string) => setDraft((old) => ({ ...old, [key]: old[key].filter((d) => d.date !== date) }));
  const enterNotice = (year: number, holidays: CalendarDay[], workdays: CalendarDay[]) =>
    setDraft((old) => {
      const free = (d: CalendarDay) => !holidays.concat(workdays).some((x) => x.date === d.date);
      return {
        daysOff: old.daysOff.filter(free).concat(holidays).sort(byDate),
        workdays: old.workdays.filter(free).concat(workdays).sort(byDate),
        publishedYears: old.publishedYears.filter((y) => y !== year).concat([year]).sort(),
      };
    });
  const save = async () => {
    const saved = await api.put<CalendarOverlayView>('/api/admin/calendar', { daysOff: draft.daysOff, workdays: draft.workdays, publishedYears: draft.publishedYears, expectedVersion: version });
    showToast('工作日历已保存', 'success');
    props.onSaved(saved);
    return true;
  };
  return (
    <EditorCard
      title="修改工作日历"
      testid="calendar-editor"
      onSave={save}
      onCancel={props.onClose}
      onLatest={async () => setVersion((await api.get<CalendarOverlayView>('/api/admin/calendar')).rowVersion)}
    >
      <div class="lb-dir-sub">本地休息日（闭厅、少数民族节日等）</div>
      <DayList days={draft.daysOff} testid="edit-daysoff" onRemove={removeFrom('daysOff')} empty="没有本地休息日" />
      <AddDay testid="add-dayoff" label="加入休息日" onAdd={addTo('daysOff')} />
      <div class="lb-dir-sub">额外工作日</div>
      <DayList days={draft.workdays} testid="edit-workdays" onRemove={removeFrom('workdays')} empty="没有额外工作日" />
      <AddDay testid="add-workday" label="加入工作日" onAdd={addTo('workdays')} />
      <NoticeEntry years={draft.publishedYears} onEnter={enterNotice} />
      <div class="lb-meta">{'已录入通知的年份：' + (draft.publishedYears.length ? draft.publishedYears.join('、') : '无')}</div>
      <div class="lb-banner lb-banner--warn lb-dir-banner">以上加入、移除的日期点「保存」后才生效；此后新算的办理期限按新日历计算。</div>
    </EditorCard>
  );
}

export function CalendarSection() {
  const { api } = useApp();
  const dir = useDirectory();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<CalendarOverlayView | null>(null);
  const loaded = useLoader(() => api.get<CalendarOverlayView>('/api/admin/calendar'), []);
  const overlay = saved || loaded.data;
  const thisYear = Number(shanghaiToday(Date.now()).slice(0, 4));
  const years = [thisYear, thisYear + 1];
  const mayEdit = dir.cityAdmin && !dir.auditor;
  return (
    <div data-testid="calendar">
      <div class="lb-dir-head">
        <span class="lb-dir-head__title">工作日历（全市）</span>
        {mayEdit && !editing && overlay ? (
          <Button size="small" kind="primary" testid="calendar-edit" onClick={() => setEditing(true)}>
            修改日历
          </Button>
        ) : null}
      </div>
      {mayEdit ? null : <ReadOnlyNote text={dir.auditor ? undefined : '工作日历由市大数据局管理员维护，您可以查看。'} />}
      {loaded.error && !overlay ? (
        <ErrorState message={loaded.error} onRetry={loaded.reload} home={false} />
      ) : !overlay ? (
        <Loading />
      ) : editing ? (
        <CalendarEditor
          overlay={overlay}
          onClose={() => setEditing(false)}
          onSaved={(c) => {
            setSaved(c);
            setEditing(false);
          }}
        />
      ) : (
        <div class="lb-card">
          <div class="lb-dir-tags" data-testid="calendar-years">
            {years.map((y) =>
              yearKnown(overlay, y, thisYear) ? (
                <Tag key={y} tone="green">{y + ' 年 已按通知'}</Tag>
              ) : (
                <Tag key={y} tone="orange">{y + ' 年 暂定（按周一至周五）'}</Tag>
              ),
            )}
          </div>
          {mayEdit && years.some((y) => !yearKnown(overlay, y, thisYear)) ? (
            <div class="lb-meta" data-testid="calendar-next-step">国务院放假通知发布后，点「修改日历」录入当年的放假和调休上班日期，该年即不再是暂定。</div>
          ) : null}
          <div class="lb-dir-sub">本地休息日</div>
          <DayList days={overlay.daysOff} testid="calendar-daysoff" empty="没有本地休息日" />
          <div class="lb-dir-sub">额外工作日</div>
          <DayList days={overlay.workdays} testid="calendar-workdays" empty="没有额外工作日" />
        </div>
      )}
    </div>
  );
}
