import { useState } from 'preact/hooks';
import { actionLabels } from '../../functions/core/events';
import { ApiError } from '../api';
import { useApp } from '../app/context';
import { ActionBar, type Action } from '../components/ActionBar';
import { Card, InfoRow } from '../components/Card';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { Button } from '../components/Button';
import { holdNextSheet, releaseSheet, reopenLastSheet } from '../components/FormSheet';
import { ErrorState, Loading } from '../components/State';
import { StateTag } from '../components/Tag';
import { useLoader } from '../lib/useLoader';
import { providePage, type PageProps } from '../router';
import { type ActionContext, askCommand, PRIMARY_ORDER } from './subtaskActions';
import { defsOf, EventTimeline, ValuesCard } from './parts';
import { AttachmentList } from './attachments';
import type { SubTaskDetail } from './types';

function path(params: PageProps['params']): string {
  return '/api/subtasks/' + encodeURIComponent(params.caseId) + '/' + encodeURIComponent(params.itemId);
}

/** 子任务详情: what this item may see, its timeline, and the actions the user may take now. */
export function SubTaskPage(props: PageProps) {
  const { api, platform, staff } = useApp();
  const { data, error, reload } = useLoader(() => api.get<SubTaskDetail>(path(props.params)), [props.params.caseId, props.params.itemId]);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ conflict: boolean; text: string } | null>(null);

  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const st = data.subTask;
  // labels from the server (core viewLabels) as field definitions for display
  const labels = data.labels || { fields: {}, materials: {}, departmentName: '', districtName: '' };
  const fieldDefs = data.fields || defsOf(labels.fields);
  const mat = (id: string) => labels.materials[id] || { name: id, fields: {} };
  const matName = (id: string) => mat(id).name;
  const matFields = (id: string) => defsOf(mat(id).fields);

  const run = async (action: string) => {
    setProblem(null);
    let retry: ActionContext['retry'];
    for (;;) {
      let command;
      // the action's sheet stays on screen while the request runs (nothing typed is lost)
      holdNextSheet();
      try {
        command = await askCommand(action, { api, platform, staff, detail: data, retry });
      } catch (e) {
        releaseSheet();
        setProblem({ conflict: false, text: (e as Error).message });
        return;
      }
      holdNextSheet(false);
      if (!command) return;
      setBusy(action);
      try {
        await api.post(path(props.params) + '/actions', { command, expectedVersion: st.version });
        releaseSheet();
        setBusy(null);
        platform.toast(actionLabels[action] + '成功', 'success').catch(() => undefined);
        await reload();
        return;
      } catch (e) {
        releaseSheet();
        setBusy(null);
        // 签章办结 refused for fields that differ from the application: the sheet again, with the problems and 更正说明
        if (e instanceof ApiError && e.code === 'OUTPUT_MISMATCH') {
          retry = { command, issues: (e.body as { issues?: NonNullable<ActionContext['retry']>['issues'] }).issues || [] };
          continue;
        }
        const conflict = e instanceof ApiError && e.status === 409;
        const text = e instanceof Error ? e.message : '操作失败';
        // refused or unreachable: the same sheet again at once, with what was typed and why; after a conflict
        // the page reloads and the sheet keeps what was typed for the next try
        if (reopenLastSheet(conflict ? text + '（已刷新为最新状态，请确认后重新提交）' : text) && !conflict) continue;
        setProblem({ conflict, text: conflict ? text + '（已刷新为最新状态）' : text });
        platform.toast(text, 'error').catch(() => undefined);
        if (conflict) await reload();
        return;
      }
    }
  };

  const actions = st.actions.slice().sort((a, b) => rank(a) - rank(b));
  const bar: Action[] = [];
  const mk = (a: string): Action => ({
    label: actionLabels[a] || a,
    kind: a === actions[0] ? 'primary' : a === 'refuse' ? 'danger' : 'default',
    loading: busy === a,
    disabled: !!busy,
    testid: 'action-' + a,
    onClick: () => run(a),
  });
  // the first two in the bottom bar (primary on the right), the rest as small buttons under 其他操作
  actions.slice(0, 2).reverse().forEach((a) => bar.push(mk(a)));
  const rest = actions.slice(2);

  const paused = st.clock.state === 'paused';
  return (
    <div class="lb-page" data-testid="page-subtask" data-state={st.state} data-version={st.version}>
      {problem ? (
        <div class={'lb-banner ' + (problem.conflict ? 'lb-banner--warn' : 'lb-banner--error')} role="alert" data-testid={problem.conflict ? 'conflict' : 'action-error'}>
          {problem.text}
        </div>
      ) : null}
      <Card title={st.itemName} extra={<StateTag state={st.state} />} testid="subtask-head">
        <InfoRow label="办件编号">{st.caseId}</InfoRow>
        <InfoRow label="承办部门">{labels.departmentName || st.department}</InfoRow>
        {st.assignee ? <InfoRow label="经办人">{st.assigneeName || nameOf(data.timeline, st.assignee)}</InfoRow> : null}
        {st.state !== 'done' && st.state !== 'refused' && st.state !== 'cancelled' ? (
          <InfoRow label="办理时限">
            <DeadlineBadge level={paused ? 'paused' : st.clock.level} remainingWorkingDays={st.clock.remainingDays} dueDate={st.clock.due ? st.clock.due.date : undefined} provisional={!!(st.clock.due && st.clock.due.provisional)} />
            {st.clock.state === 'notStarted' ? ' 签收后开始计时' : st.clock.due ? ' 至 ' + st.clock.due.date : ''}
          </InfoRow>
        ) : null}
        {st.correction && st.state === 'returned' ? <InfoRow label="补正要求">{st.correction.reason + '：' + st.correction.items.join('；')}</InfoRow> : null}
        {st.extension ? <InfoRow label="延期">{'申请 ' + st.extension.days + ' 个工作日（' + ({ pending: '待审批', approved: '已同意', rejected: '未同意' } as Record<string, string>)[st.extension.decision] + '）'}</InfoRow> : null}
        {st.outcomeReason ? <InfoRow label="理由">{st.outcomeReason}</InfoRow> : null}
        <a class="lb-link" data-testid="open-case" href={'#/cases/' + encodeURIComponent(st.caseId)}>
          查看办件进度
        </a>
      </Card>
      <ValuesCard title="申请信息" values={st.form} defs={fieldDefs} testid="subtask-form" />
      {Object.keys(st.inputs).map((m) => {
        const check = (data.inputChecks || {})[m] || { mismatches: [], corrections: [] };
        return (
          <div key={m}>
            {check.mismatches.length ? (
              <div class="lb-banner lb-banner--error" role="alert" data-testid={'mismatch-' + m}>
                {'「' + matName(m) + '」与申请不一致，请核实后再办理：'}
                {check.mismatches.map((x) => (
                  <div key={x.field}>{'【' + x.label + '】' + x.source + '为「' + x.expected + '」，材料为「' + (x.actual || '未填写') + '」'}</div>
                ))}
              </div>
            ) : null}
            <ValuesCard title={'共享材料 · ' + matName(m)} values={st.inputs[m]} defs={matFields(m)} testid={'input-' + m}>
              {check.corrections.map((c) => (
                <InfoRow key={c.field} label="更正说明">
                  <span data-testid={'correction-' + m + '-' + c.field}>{'【' + c.label + '】' + c.reason}</span>
                </InfoRow>
              ))}
            </ValuesCard>
          </div>
        );
      })}
      {st.outputs
        ? Object.keys(st.outputs).map((m) => (
            <ValuesCard key={m} title={'办结材料 · ' + matName(m)} values={(st.outputs as Record<string, Record<string, string>>)[m]} defs={matFields(m)} testid={'output-' + m}>
              {st.deliveries[m] ? <InfoRow label="寄递">{st.deliveries[m].carrier + ' ' + st.deliveries[m].trackingNumber}</InfoRow> : null}
              {(data.corrections || []).filter((c) => c.material === m).map((c) => (
                <InfoRow key={c.field} label="更正说明">{'【' + ((mat(m).fields[c.field] || { label: c.field }).label) + '】' + c.reason}</InfoRow>
              ))}
            </ValuesCard>
          ))
        : null}
      {data.attachments && data.attachments.length ? (
        <Card title="附件" testid="attachments">
          <AttachmentList caseId={st.caseId} itemId={st.itemId} attachments={data.attachments} labelOf={(a) => (a.material ? matName(a.material) + '：' : '') + a.name} />
        </Card>
      ) : null}
      {rest.length ? (
        <Card title="其他操作" testid="more-actions">
          {rest.map((a) => (
            <span class="lb-btnrow" key={a}>
              <Button size="small" kind={a === 'refuse' ? 'danger' : 'default'} disabled={!!busy} loading={busy === a} testid={'action-' + a} onClick={() => run(a)}>
                {actionLabels[a] || a}
              </Button>
            </span>
          ))}
        </Card>
      ) : null}
      <Card title="办理记录" testid="subtask-timeline">
        <EventTimeline events={data.timeline} />
      </Card>
      <ActionBar actions={bar} />
    </div>
  );
}

/** A staff member's name as the timeline recorded it (the view names the assignee by id only). */
function nameOf(events: SubTaskDetail['timeline'], id: string): string {
  const e = events.filter((x) => x.actor.id === id)[0];
  return e ? e.actor.name : id;
}

function rank(a: string): number {
  const i = PRIMARY_ORDER.indexOf(a);
  return i < 0 ? 99 : i;
}

providePage('/subtasks/:caseId/:itemId', SubTaskPage);
