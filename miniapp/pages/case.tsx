import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { showForm } from '../components/FormSheet';
import { Card, InfoRow } from '../components/Card';
import { ErrorState, Loading } from '../components/State';
import { StateTag, Tag } from '../components/Tag';
import { formatDateTime } from '../lib/dates';
import { deadlineTone } from '../lib/deadline';
import { useLoader } from '../lib/useLoader';
import { navigate, providePage, type PageProps } from '../router';
import { BundleGraph } from './graph';
import { EventTimeline } from './parts';
import { RatingCard } from './rating/RatingCard';
import type { CaseView, GraphItem, TimelineEvent } from './types';

/** 出件 / 领证 as the server recorded it (GET /api/cases/:id → case.handover). */
interface Handover {
  method: 'pickup' | 'mail';
  collectedBy?: string;
  collectedAt?: string;
  carrier?: string;
  trackingNumber?: string;
  recordedAt: string;
  corrections: { reason: string }[];
}

interface CaseData {
  view: CaseView;
  events: TimelineEvent[];
  graph: GraphItem[] | null;
}

/** 办件进度: which department holds what (the bundle's graph with each sub-task's state) and the case's records. */
export function CasePage(props: PageProps) {
  const { api, platform, staff } = useApp();
  const [failure, setFailure] = useState<string | null>(null);
  const id = encodeURIComponent(props.params.caseId);
  const { data, error, reload } = useLoader(async (): Promise<CaseData> => {
    const both = await Promise.all([api.get<{ case: CaseView }>('/api/cases/' + id), api.get<{ events: TimelineEvent[] }>('/api/cases/' + id + '/timeline')]);
    const view = both[0].case;
    // The graph comes with the bundle's form; without it the sub-tasks are still listed.
    const graph = await api.get<{ graph: { items: GraphItem[] } }>('/api/bundles/' + encodeURIComponent(view.bundleId) + '/form', { version: String(view.bundleVersion) }).then(
      (r) => r.graph.items,
      () => null,
    );
    return { view, events: both[1].events, graph };
  }, [props.params.caseId]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const c = data.view;
  const states: Record<string, string> = {};
  const names: Record<string, string> = {};
  c.subTasks.forEach((s) => {
    states[s.itemId] = s.state;
    names[s.itemId] = s.itemName;
  });
  const done = c.subTasks.filter((s) => s.state === 'done').length;
  // 撤销: the accepting district's window or supervisor, on a running case, with a reason
  const mayWithdraw =
    c.state === 'accepted' && c.version !== undefined && staff.districtCode === c.acceptingDistrict && staff.roles.some((r) => r === 'clerk' || r === 'supervisor');
  const handover = (c as CaseView & { handover?: Handover | null }).handover ?? null;
  // 出件 / 领证: the accepting district's window, once the outputs are ready (the server checks: core handover.ts)
  const mayHandOver =
    (c.state === 'accepted' || c.state === 'completed') && c.version !== undefined && staff.districtCode === c.acceptingDistrict && staff.roles.includes('clerk');
  // 审计记录: auditors and supervisors (the server decides per district: core policy authorizeAuditRead)
  const mayAudit = staff.roles.some((r) => r === 'auditor' || r === 'supervisor');
  const withdraw = async () => {
    const v = await showForm('撤销办件', [{ key: 'reason', label: '撤销原因', type: 'text', required: true, maxLength: 500, multiline: true }], '撤销', '撤销后各部门未办结的事项一并终止');
    if (!v) return;
    setFailure(null);
    try {
      await api.post('/api/cases/' + id + '/withdraw', { reason: v.reason, expectedVersion: c.version });
      platform.toast('已撤销', 'success').catch(() => undefined);
    } catch (e) {
      setFailure((e as Error).message);
    }
    await reload();
  };
  const recordHandover = async (method: 'pickup' | 'mail') => {
    const reason = handover ? [{ key: 'reason', label: '更正原因', type: 'text' as const, required: true, maxLength: 500, multiline: true }] : [];
    const fields = method === 'pickup'
      ? [{ key: 'collectedBy', label: '领取人', type: 'text' as const, required: true, maxLength: 30 }, ...reason]
      : [{ key: 'carrier', label: '寄递单位', type: 'text' as const, required: true, maxLength: 30 }, { key: 'trackingNumber', label: '运单号', type: 'text' as const, required: true, maxLength: 40 }, ...reason];
    const title = (handover ? '更正出件：' : '出件登记：') + (method === 'pickup' ? '窗口自取' : '邮寄');
    const v = await showForm(title, fields, '登记', method === 'pickup' ? '领取时间记为现在' : undefined);
    if (!v) return;
    setFailure(null);
    try {
      await api.post('/api/cases/' + id + '/handover', { ...v, method, expectedVersion: c.version });
      platform.toast('已登记出件', 'success').catch(() => undefined);
    } catch (e) {
      setFailure((e as Error).message);
    }
    await reload();
  };
  return (
    <div class="lb-page" data-testid="page-case" data-state={c.state}>
      <Card title={c.bundleName} extra={<StateTag kind="case" state={c.state} />} testid="case-head">
        <InfoRow label="办件编号">{c.id}</InfoRow>
        <InfoRow label="受理时间">{formatDateTime(c.acceptedAt, true)}</InfoRow>
        {c.servicePoint ? <InfoRow label="受理点" testid="case-service-point">{c.servicePoint.name}</InfoRow> : null}
        {c.agent ? (
          <InfoRow label="代办人" testid="case-agent">
            <div>{c.agent.name + ' · ' + c.agent.relationLabel}</div>
            {c.agent.idNumber ? <div class="lb-nowrap">{'身份证 ' + c.agent.idNumber}</div> : null}
            {c.agent.authorization ? <div class="lb-meta">{'授权委托书 ' + c.agent.authorization.files + ' 份附件'}</div> : null}
          </InfoRow>
        ) : null}
        <InfoRow label="承诺办结">{c.due.date + (c.due.provisional ? '（暂定）' : '')}</InfoRow>
        <InfoRow label="申请对象">
          {/* one subject a line: a masked number never breaks across lines */}
          {c.subjects.map((s) => <div key={s.role}>{s.label + ' ' + (s.name ? s.name + '（' + (s.maskedId || '') + '）' : s.maskedId || '')}</div>)}
        </InfoRow>
        <InfoRow label="进度">
          <span data-testid="case-progress">{done + ' / ' + c.subTasks.length + ' 项已办结'}</span>
        </InfoRow>
        {c.withdrawal ? <InfoRow label="撤销原因">{c.withdrawal.reason}</InfoRow> : null}
        {handover ? (
          <InfoRow label="出件">
            <span data-testid="case-handover">
              {handover.method === 'pickup'
                ? '窗口自取 · ' + (handover.collectedBy || '') + ' · ' + formatDateTime(handover.collectedAt || handover.recordedAt, true)
                : '邮寄 · ' + (handover.carrier || '') + ' ' + (handover.trackingNumber || '')}
              {handover.corrections.length ? '（已更正）' : ''}
            </span>
          </InfoRow>
        ) : null}
        {mayHandOver ? (
          <div class="lb-card__actions">
            <Button size="small" testid="handover-pickup" onClick={() => recordHandover('pickup')}>
              {handover ? '更正为窗口自取' : '窗口自取'}
            </Button>
            <Button size="small" testid="handover-mail" onClick={() => recordHandover('mail')}>
              {handover ? '更正为邮寄' : '邮寄出件'}
            </Button>
          </div>
        ) : null}
        {c.bundleId === 'completionAcceptance' ? (
          <div class="lb-card__actions">
            <Button size="small" kind="primary" testid="open-acceptance" onClick={() => navigate('/cases/' + id + '/acceptance')}>
              联合验收（踏勘、意见、整改）
            </Button>
          </div>
        ) : null}
        {mayWithdraw || mayAudit ? (
          <div class="lb-card__actions">
            {mayAudit ? (
              <Button size="small" testid="case-audit" onClick={() => navigate('/audit/' + id)}>
                审计记录
              </Button>
            ) : null}
            {mayWithdraw ? (
              <Button size="small" kind="danger" testid="withdraw" onClick={withdraw}>
                撤销办件
              </Button>
            ) : null}
          </div>
        ) : null}
      </Card>
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="case-error">{failure}</div> : null}
      {/* 好差评: the accepting window asks the applicant once the case has ended (core rating.ts) */}
      {c.state === 'completed' || c.state === 'closed' ? (
        <RatingCard api={api} caseId={c.id} bundleName={c.bundleName} mayAsk={staff.districtCode === c.acceptingDistrict && staff.roles.includes('clerk')} onRated={reload} />
      ) : null}
      {data.graph ? (
        <Card title="办理流程">
          <div class="lb-graph-wrap">
            <BundleGraph items={data.graph} states={states} />
          </div>
        </Card>
      ) : (
        <Card title="办理流程">
          <div class="lb-meta" data-testid="graph-failed">流程图未能加载，各部门办理情况见下方。</div>
          <button type="button" class="lb-btn lb-btn--default lb-btn--small" data-testid="graph-retry" onClick={() => reload()}>
            重试
          </button>
        </Card>
      )}
      <div class="lb-section-title">各部门办理情况</div>
      {c.subTasks.map((s) => (
        <Card
          key={s.itemId}
          testid={'case-subtask-' + s.itemId}
          title={s.itemName}
          extra={<StateTag state={s.state} />}
          onClick={() => navigate('/subtasks/' + id + '/' + encodeURIComponent(s.itemId))}
        >
          <div class="lb-meta">{s.districtName + ' · ' + s.departmentName}</div>
          {s.dueDate && s.state !== 'done' ? (
            <div class="lb-meta">
              <Tag tone={deadlineTone(s.clockLevel, 1)}>{'期限 ' + s.dueDate}</Tag>
            </div>
          ) : null}
          {Object.keys(s.deliveries).map((m) => (
            <div class="lb-meta" key={m}>{'寄递：' + s.deliveries[m].carrier + ' ' + s.deliveries[m].trackingNumber}</div>
          ))}
        </Card>
      ))}
      <Card title="办理记录" testid="case-timeline">
        <EventTimeline events={data.events} withItem={(itemId) => names[itemId] || itemId} />
      </Card>
    </div>
  );
}

providePage('/cases/:caseId', CasePage);
