/**
 * 工单详情 (`/hotline/orders/:id`): the order as its OrderView says — header, content, assignments, answer,
 * call-backs, 三方通话, 回访, 并单 and the timeline — and the actions the server allows the current staff
 * (`allowed`). Each action posts { command, expectedVersion }; a 409 CONFLICT reloads the order.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { returnCategoryLabels } from '../../../functions/core/workOrder';
import { ApiError } from '../../api';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Card, InfoRow } from '../../components/Card';
import { holdNextSheet, releaseSheet, reopenLastSheet } from '../../components/FormSheet';
import { ErrorState, Loading } from '../../components/State';
import { Tag } from '../../components/Tag';
import { Timeline } from '../../components/Timeline';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import type { PageProps } from '../../router';
import { limitText, ratingLabel } from './labels';
import { actionLabel, ASSIGNMENT_ACTIONS, askOrderCommand, doneText, ORDER_ACTIONS } from './orderActions';
import { loadPlaces, type Places } from './places';
import { LevelTag, orderPath } from './rows';
import type { AssignmentView, OrderView } from './types';

const CONFLICT_TEXT = '工单已被他人更新，已刷新';

/** Which assignment-level actions a row offers: the server allows the type; the row is in a state it fits. */
function rowActions(a: AssignmentView, allowed: string[], myDepartment: string): string[] {
  const open = !a.replacedBy && (a.state === 'dispatched' || a.state === 'accepted');
  const mine = a.department === myDepartment;
  return ASSIGNMENT_ACTIONS.filter((t) => {
    if (allowed.indexOf(t) < 0) return false;
    if (t === 'accept') return mine && !a.replacedBy && a.state === 'dispatched';
    if (t === 'return') return mine && open;
    if (t === 'reply') return mine && !a.replacedBy && a.state === 'accepted';
    if (t === 'reassign') return a.state === 'returned' && !a.replacedBy;
    return open;
  });
}

function Assignments(props: { order: OrderView; myDepartment: string; busy: string | null; run: (type: string, assignmentId: string) => void }) {
  const o = props.order;
  if (!o.assignments.length) return null;
  return (
    <Card title="承办部门" testid="hl-assignments">
      {o.assignments.map((a) => (
        <div class="lb-hl-asg" key={a.id} data-testid={'hl-asg-' + a.id} data-state={a.state}>
          <div class="lb-hl-asg__head">
            <span>{a.departmentName}</span>
            <Tag tone={a.role === 'lead' ? 'blue' : 'grey'}>{a.role === 'lead' ? '主办' : '协办'}</Tag>
            <Tag tone={a.state === 'returned' ? 'orange' : a.state === 'replied' ? 'green' : 'blue'}>{a.stateLabel}</Tag>
            {a.round > 1 ? <Tag tone="orange">重办</Tag> : null}
            <LevelTag level={a.level} />
          </div>
          <p>{'派单 ' + formatDateTime(a.dispatchedAt) + ' · 时限 ' + formatDateTime(a.dueAt) + (a.onTime === false ? ' · 超期答复' : '')}</p>
          {a.returned ? <p data-testid="hl-asg-returned">{'退单（' + returnCategoryLabels[a.returned.category] + '）：' + a.returned.reason + (a.replacedBy ? ' · 已改派' : ' · 待改派')}</p> : null}
          {a.reply ? <p data-testid="hl-asg-reply" style="color:#171a1d">{'答复：' + a.reply.text}</p> : null}
          {a.urges.map((u, i) => <p key={i}>{'催办（' + formatDateTime(u.at) + '）：' + u.note}</p>)}
          {rowActions(a, o.allowed, props.myDepartment).length ? (
            <div style="margin-top:6px">
              {rowActions(a, o.allowed, props.myDepartment).map((t) => (
                <span key={t} style="margin-right:8px">
                  <Button size="small" kind={t === 'return' ? 'default' : 'primary'} loading={props.busy === t + a.id} testid={'hl-act-' + t + '-' + a.id} onClick={() => props.run(t, a.id)}>
                    {actionLabel(t)}
                  </Button>
                </span>
              ))}
            </div>
          ) : null}
        </div>
      ))}
    </Card>
  );
}

function Records(props: { order: OrderView; names: Record<string, string> }) {
  const o = props.order;
  const rows: ComponentChildren[] = [];
  if (o.answer) rows.push(<InfoRow key="answer" label="直接答复" testid="hl-answer">{o.answer.text + (o.answer.knowledgeUsed ? '（采用知识库答复）' : '')}</InfoRow>);
  o.callbacks.forEach((c, i) =>
    rows.push(<InfoRow key={'cb' + i} label="预约回拨">{formatDateTime(c.dueAt) + ' · ' + c.note + (c.doneAt ? ' · 已回拨' : ' · 待回拨')}</InfoRow>),
  );
  // the department of a call by name: an assignment's, else the district's directory (never the code)
  const named = (id: string) => {
    const a = o.assignments.filter((x) => x.department === id)[0];
    const name = a ? a.departmentName : props.names[id];
    return name ? name + ' · ' : '';
  };
  o.calls.forEach((c, i) => rows.push(<InfoRow key={'call' + i} label="三方通话" testid="hl-call">{formatDateTime(c.at) + ' · ' + named(c.department) + c.summary}</InfoRow>));
  o.visits.forEach((v, i) =>
    rows.push(
      <InfoRow key={'v' + i} label={'回访' + (v.round > 1 ? '（重办后）' : '')} testid="hl-visit">
        {formatDateTime(v.at) + ' · ' + (v.reached ? ratingLabel(v.level) : '未联系上') + (v.comment ? ' · ' + v.comment : '')}
      </InfoRow>,
    ),
  );
  if (o.reopened) rows.push(<InfoRow key="reopen" label="重办">{formatDateTime(o.reopened.at) + ' · ' + o.reopened.reason}</InfoRow>);
  if (o.escalated) rows.push(<InfoRow key="esc" label="升级督办">{formatDateTime(o.escalated.at) + ' · ' + o.escalated.note}</InfoRow>);
  if (!rows.length) return null;
  return <Card title="办理记录" testid="hl-records">{rows}</Card>;
}

export function OrderPage(props: PageProps) {
  const { api, platform, staff } = useApp();
  const path = '/api/hotline/orders/' + encodeURIComponent(props.params.id);
  const { data, error, reload } = useLoader(() => api.get<{ order: OrderView }>(path).then((r) => r.order), [path]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const places = useRef<Promise<Places> | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const getPlaces = () => {
    if (!places.current) places.current = loadPlaces(api);
    places.current.catch(() => (places.current = null));
    return places.current;
  };
  const unnamed = data ? data.calls.filter((c) => !data.assignments.some((a) => a.department === c.department)).length : 0;
  useEffect(() => {
    if (!unnamed) return;
    getPlaces().then(
      (p) => {
        const map: Record<string, string> = {};
        p.departments.forEach((d) => (map[d.id] = d.name));
        setNames(map);
      },
      () => undefined,
    );
  }, [unnamed]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} home />;
  if (!data) return <Loading />;
  const o = data;
  const run = async (type: string, assignmentId: string | null = null) => {
    setProblem(null);
    for (;;) {
      let command;
      holdNextSheet();
      try {
        command = await askOrderCommand(type, { api, order: o, assignmentId, places: getPlaces });
      } catch (e) {
        releaseSheet();
        setProblem((e as Error).message);
        return;
      }
      holdNextSheet(false);
      if (!command) return;
      setBusy(type + (assignmentId || ''));
      try {
        await api.post(path + '/actions', { command, expectedVersion: o.version });
        releaseSheet();
        setBusy(null);
        platform.toast(doneText(type), 'success').catch(() => undefined);
        await reload();
        return;
      } catch (e) {
        releaseSheet();
        setBusy(null);
        const conflict = e instanceof ApiError && e.code === 'CONFLICT';
        const text = conflict ? CONFLICT_TEXT : e instanceof Error ? e.message : '操作失败';
        if (!conflict && reopenLastSheet(text)) continue;
        setProblem(text);
        if (conflict) {
          reopenLastSheet(CONFLICT_TEXT + '，请确认后重新提交');
          await reload();
        }
        return;
      }
    }
  };
  const actions = ORDER_ACTIONS.filter((t) => o.allowed.indexOf(t) >= 0);
  // newest first; events of the same instant keep the server's order, reversed (办结 above the 回访 that closed it)
  const timeline = o.timeline
    .slice()
    .reverse()
    .sort((x, y) => Date.parse(y.at) - Date.parse(x.at))
    .map((t) => ({ id: t.id, title: t.actionLabel, actor: t.actorName, time: t.at, remark: t.reason || undefined, tone: t.action === 'return' || t.action === 'raiseAlert' ? ('orange' as const) : t.action === 'close' ? ('green' as const) : ('blue' as const) }));
  return (
    <div class="lb-page" data-testid="page-hotline-order" data-state={o.state} data-version={o.version}>
      <Card
        title={o.className + ' › ' + o.itemName}
        extra={<Tag tone={o.state === 'closed' ? 'grey' : o.state === 'visit' ? 'green' : 'blue'} testid="hl-state">{o.stateLabel}</Tag>}
        testid="hl-head"
      >
        <InfoRow label="工单号">{o.id}</InfoRow>
        <InfoRow label="诉求类型">
          {o.kindLabel + ' · 时限 ' + limitText(o.limit)}
          {o.urgency === 'urgent' ? <Tag tone="red">{' ' + o.urgencyLabel}</Tag> : null}
        </InfoRow>
        <InfoRow label="来电人" testid="hl-caller">{o.caller.maskedPhone + (o.caller.name ? ' · ' + o.caller.name : '')}</InfoRow>
        <InfoRow label="所在地" testid="hl-place">{o.locationLabel}</InfoRow>
        <InfoRow label="登记">{formatDateTime(o.recordedAt, true)}</InfoRow>
        {o.outcomeLabel ? <InfoRow label="办结方式" testid="hl-outcome">{o.outcomeLabel + (o.closedAt ? ' · ' + formatDateTime(o.closedAt) : '')}</InfoRow> : null}
        {o.event ? <InfoRow label="热点事件" testid="hl-event">{o.event.title + ' · 已并入 ' + o.mergedCount + ' 件'}</InfoRow> : null}
        {o.parent ? (
          <InfoRow label="并入事件" testid="hl-parent">
            <a href={'#' + orderPath(o.parent.id)}>{o.parent.title + '（' + o.parent.id + '）'}</a>
          </InfoRow>
        ) : null}
      </Card>
      <Card title="诉求内容" testid="hl-content-card">
        <div class="lb-hl-content">{o.content}</div>
      </Card>
      <Assignments order={o} myDepartment={staff.departmentCode || ''} busy={busy} run={run} />
      <Records order={o} names={names} />
      {problem ? <div class="lb-banner lb-banner--error" role="alert" data-testid="hl-problem">{problem}</div> : null}
      {actions.length ? (
        <div class="lb-hl-actions" data-testid="hl-actions">
          {actions.map((t) => (
            <Button key={t} size="middle" kind={t === 'escalate' || t === 'reopen' ? 'default' : 'primary'} loading={busy === t} testid={'hl-act-' + t} onClick={() => run(t)}>
              {actionLabel(t)}
            </Button>
          ))}
        </div>
      ) : null}
      <Card title="办理过程" testid="hl-timeline">
        <Timeline entries={timeline} testid="hl-timeline-list" />
      </Card>
    </div>
  );
}
