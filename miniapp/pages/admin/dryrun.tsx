import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { FieldControl } from '../../components/FieldControl';
import { Field, Select } from '../../components/Form';
import { shanghaiToday } from '../../lib/dates';
import { checkField, isRequired, sentValue, type FieldDef, type Values } from '../../lib/fields';
import type { Bundle, DirectoryView, Issue } from './types';

/** What POST …/dryrun answers (core dryRun.ts). */
interface DryRunTask {
  itemId: string;
  name: string;
  required: boolean;
  department: { id: string; name: string };
  district: { code: string; name: string };
  state: 'ready' | 'waiting';
  waitsFor: string[];
  limitDays: number;
  due: { date: string; provisional: boolean } | null;
}

interface DryRunResult {
  notice: { ok: boolean; issues: Issue[] };
  routable: boolean;
  subTasks: DryRunTask[];
  promisedDue: { date: string; provisional: boolean } | null;
  materialsToBring: { id: string; name: string }[];
  /** 材料来源 (core materialSources.ts): each material the chosen items read and where it comes from. */
  materialSources?: {
    materials: { id: string; name: string; source: { kind: 'applicant' | 'item' | 'none'; itemName?: string }; readBy: string[] }[];
    askedFromApplicant: number;
    needed: number;
    askedWithoutSharing: number;
  };
}

const sourceText = (s: { kind: string; itemName?: string }): string =>
  s.kind === 'applicant' ? '申请人提交（只收一次）' : s.kind === 'item' ? '由「' + (s.itemName || '') + '」出具后共享' : '无来源';

function dateText(d: { date: string; provisional: boolean } | null): string {
  return d ? d.date + (d.provisional ? '（暂定）' : '') : '—';
}

/**
 * 试运行: a sample application on the one-table form (the intake form's controls and checks) → the server's
 * dry run: the one-time notice, the sub-tasks with the department and district each would go to, the materials
 * still to bring, each item's due date from today. Nothing is created.
 */
export function DryRun(props: { path: string; bundle: Bundle; directory: DirectoryView; dirty: boolean }) {
  const { api, staff } = useApp();
  const b = props.bundle;
  const districts = props.directory.districts.map((d) => ({ value: d.code, label: d.name }));
  const [accepting, setAccepting] = useState(districts.some((d) => d.value === staff.districtCode) ? (staff.districtCode as string) : districts.length ? districts[0].value : '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [optional, setOptional] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const today = shanghaiToday(Date.now());
  // district fields choose among the directory's districts, as on the intake form
  const fields: FieldDef[] = (b.fields || []).filter((f) => f && f.key).map((f) => (f.type === 'district' && !f.options ? { ...f, options: districts } : f));
  const optionalItems = (b.items || []).filter((i) => i.required === false);
  const nameOfItem = (id: string) => {
    const i = (b.items || []).filter((x) => x.id === id)[0];
    return i ? i.name : id;
  };
  const run = async () => {
    setBusy(true);
    setFailure(null);
    const sent: Values = {};
    fields.forEach((f) => {
      const v = (values[f.key] || '').trim();
      if (v) sent[f.key] = sentValue(f, v);
    });
    try {
      setResult(await api.post<DryRunResult>(props.path, { values: sent, chosenOptional: optional, acceptingDistrict: accepting }));
    } catch (e) {
      setResult(null);
      setFailure((e as Error).message);
    }
    setBusy(false);
  };
  return (
    <div class="lb-admin-narrow" data-testid="dryrun">
      <div class="lb-card lb-form">
        <div class="lb-meta">填写一份示例申请，查看会分派到哪些部门、还需带哪些材料、各事项何时到期。不会生成办件。</div>
        {props.dirty ? <div class="lb-meta">试运行使用已保存的草稿；请先保存修改。</div> : null}
        <Field label="受理地">
          <Select value={accepting} options={districts} testid="dryrun-district" onChange={setAccepting} />
        </Field>
        {optionalItems.map((i) => (
          <label key={i.id} class="lb-check">
            <input
              type="checkbox"
              data-testid={'dryrun-optional-' + i.id}
              checked={optional.indexOf(i.id) >= 0}
              onChange={(e) => setOptional((e.target as HTMLInputElement).checked ? optional.concat(i.id) : optional.filter((x) => x !== i.id))}
            />
            {' 同时申请：' + i.name}
          </label>
        ))}
        {fields.map((f) => {
          const v = values[f.key] || '';
          return (
            <FieldControl
              key={f.key}
              def={f}
              value={v}
              required={isRequired(f, values)}
              error={v ? checkField(f, v, values, today) : null}
              onChange={(x) => setValues((old) => ({ ...old, [f.key]: x }))}
            />
          );
        })}
        <Button kind="primary" block testid="dryrun-run" loading={busy} disabled={busy || !accepting} onClick={run}>
          试运行
        </Button>
      </div>
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="dryrun-error">{failure}</div> : null}
      {result ? (
        <div class="lb-card" data-testid="dryrun-result">
          <div class="lb-card__title">试运行结果（未生成办件）</div>
          {result.notice ? (
            result.notice.ok ? (
              <div class="lb-banner lb-banner--ok" data-testid="dryrun-notice" data-ok="true">预审通过：可以受理</div>
            ) : (
              <div data-testid="dryrun-notice" data-ok="false">
                <div class="lb-admin-sub">一次性告知</div>
                <ol class="lb-issues">
                  {result.notice.issues.map((x, k) => (
                    <li key={k}>{x.message}</li>
                  ))}
                </ol>
              </div>
            )
          ) : null}
          <div class="lb-meta" data-testid="dryrun-due">{'整件承诺办结：' + dateText(result.promisedDue)}</div>
          <div class="lb-admin-sub">分派的子任务（到期日自今日起按工作日计）</div>
          <table class="lb-table" data-testid="dryrun-tasks">
            <thead>
              <tr>
                <th>事项</th>
                <th>承办部门</th>
                <th>到期</th>
              </tr>
            </thead>
            <tbody>
              {result.subTasks.map((t) => (
                <tr key={t.itemId} data-testid={'dryrun-task-' + t.itemId}>
                  <td>
                    {t.name}
                    {t.state === 'waiting' ? <div class="lb-meta">{'待前置：' + t.waitsFor.map((w) => nameOfItem(w)).join('、')}</div> : null}
                  </td>
                  <td>
                    {t.department.name}
                    <div class="lb-meta">{t.district.name}</div>
                  </td>
                  <td>
                    <span class="lb-nowrap">{dateText(t.due)}</span>
                    <div class="lb-meta">{t.limitDays + ' 个工作日'}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="lb-admin-sub">申请人还需携带</div>
          <div data-testid="dryrun-bring">{result.materialsToBring.length ? result.materialsToBring.map((m) => m.name).join('、') : '无'}</div>
          {result.materialSources ? (
            <div data-testid="dryrun-sources">
              <div class="lb-admin-sub">
                材料来源：向申请人收取 {result.materialSources.askedFromApplicant} 份 / 共需 {result.materialSources.needed} 份
                {result.materialSources.askedWithoutSharing > result.materialSources.askedFromApplicant
                  ? '（各部门分别收取需 ' + result.materialSources.askedWithoutSharing + ' 份）'
                  : ''}
              </div>
              {result.materialSources.materials.map((m) => (
                <div class="lb-meta" key={m.id}>
                  {m.name + '：' + sourceText(m.source)}
                </div>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
