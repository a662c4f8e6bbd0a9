import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Card, InfoRow } from '../../components/Card';
import { showForm } from '../../components/FormSheet';
import { ErrorState, Loading } from '../../components/State';
import { Tag, type TagTone } from '../../components/Tag';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { navigate, providePage, type PageProps } from '../../router';

/** GET /api/rectifications items (service ratingTypes.ts RectificationListItem). */
interface Item {
  caseId: string;
  rectificationId: string;
  bundleName: string;
  subject: string;
  departmentName: string;
  state: string;
  stateLabel: string;
  dueDate: string | null;
  level: 'normal' | 'warning' | 'overdue' | 'closed';
  outcomeLabel: string | null;
}

interface Step {
  text?: string;
  at: string;
  by: string;
}

/** GET /api/rectifications/:caseId/:id (service ratingTypes.ts RectificationDetail). */
interface Detail {
  caseId: string;
  bundleName: string;
  subject: string;
  rectification: {
    id: string;
    version: number;
    state: string;
    stateLabel: string;
    departmentName: string;
    districtName: string;
    openedAt: string;
    dueDate: string;
    callBack: { at: string; method: string; applicantSaid: string } | null;
    rectify: Step | null;
    feedback: Step | null;
    appeal: { reason: string; at: string; decision: { upheld: boolean; note: string; at: string } | null } | null;
    outcome: 'rectified' | 'appealUpheld' | null;
    onTime: boolean | null;
  };
  rating: { levelLabel: string; targetName: string; comment: string | null; channel: string; at: string } | null;
  level: Item['level'];
  remainingDays: number;
  can: { callBack: boolean; rectify: boolean; feedback: boolean; appeal: boolean; decideAppeal: boolean };
}

const METHODS: Record<string, string> = { phone: '电话回访', visit: '上门回访', sms: '短信回访' };

function levelTag(level: Item['level'], dueDate: string | null, remaining?: number) {
  const tone: TagTone = level === 'overdue' ? 'red' : level === 'warning' ? 'orange' : level === 'closed' ? 'grey' : 'blue';
  if (level === 'closed') return <Tag tone={tone}>已办结</Tag>;
  const days = remaining === undefined ? '' : remaining < 0 ? '（超期' + -remaining + '个工作日）' : '（剩' + remaining + '个工作日）';
  return <Tag tone={tone} testid="rect-deadline">{(level === 'overdue' ? '已超期 ' : '期限 ') + (dueDate || '') + days}</Tag>;
}

/** 差评整改: the department's open ones; supervisors see the district's (待处理 / 已办结), overdue and appeals first. */
export function RectificationList(props: PageProps) {
  const { api, staff } = useApp();
  const supervisor = staff.roles.includes('supervisor');
  const [closed, setClosed] = useState(props.query.state === 'closed');
  const { data, error, reload } = useLoader(
    () => api.get<{ items: Item[] }>('/api/rectifications', { scope: supervisor ? 'supervise' : 'department', state: closed ? 'closed' : undefined }),
    [closed, supervisor],
  );
  return (
    <div class="lb-page" data-testid="page-rectifications">
      {supervisor ? (
        <div style="display:flex;gap:8px;margin:0 12px 10px" role="tablist">
          <Button size="small" kind={closed ? 'default' : 'primary'} testid="rect-open-tab" onClick={() => setClosed(false)}>待处理</Button>
          <Button size="small" kind={closed ? 'primary' : 'default'} testid="rect-closed-tab" onClick={() => setClosed(true)}>已办结</Button>
        </div>
      ) : null}
      {error && !data ? <ErrorState message={error} onRetry={reload} /> : null}
      {!data && !error ? <Loading /> : null}
      {data && !data.items.length ? <div class="lb-empty" data-testid="rect-empty">{closed ? '暂无已办结的整改' : '暂无待处理的差评整改'}</div> : null}
      {data?.items.map((i) => (
        <Card
          key={i.caseId + i.rectificationId}
          testid={'rect-' + i.caseId + '-' + i.rectificationId}
          title={i.bundleName}
          extra={<Tag tone={i.state === 'appeal' ? 'orange' : i.state === 'closed' ? 'grey' : 'blue'}>{i.stateLabel}</Tag>}
          onClick={() => navigate('/rectifications/' + encodeURIComponent(i.caseId) + '/' + encodeURIComponent(i.rectificationId))}
        >
          <div class="lb-meta">{i.subject + ' · ' + i.caseId}</div>
          <div class="lb-meta">{'责任部门：' + i.departmentName}</div>
          <div class="lb-meta">{i.level === 'closed' ? <Tag tone="grey">{i.outcomeLabel || '已办结'}</Tag> : levelTag(i.level, i.dueDate)}</div>
        </Card>
      ))}
    </div>
  );
}

/** One 差评整改: the rating, 回访核实 / 整改 / 反馈 / 申诉复核 as recorded, and the form of the next step. */
export function RectificationPage(props: PageProps) {
  const { api, platform } = useApp();
  const [failure, setFailure] = useState<string | null>(null);
  const path = '/api/rectifications/' + encodeURIComponent(props.params.caseId) + '/' + encodeURIComponent(props.params.id);
  const { data, error, reload } = useLoader(() => api.get<Detail>(path), [path]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const r = data.rectification;
  const send = async (command: Record<string, unknown>, done: string) => {
    setFailure(null);
    try {
      await api.post(path + '/actions', { command, expectedVersion: r.version });
      platform.toast(done, 'success').catch(() => undefined);
    } catch (e) {
      setFailure((e as Error).message);
    }
    await reload();
  };
  const callBack = async () => {
    const v = await showForm('回访核实', [
      { key: 'method', label: '回访方式', type: 'select', required: true, options: Object.keys(METHODS).map((k) => ({ value: k, label: METHODS[k] })) },
      { key: 'applicantSaid', label: '申请人反映的情况', type: 'text', required: true, maxLength: 500, multiline: true },
    ], '登记回访', '回访时间记为现在；请如实记录申请人所述');
    if (v) await send({ type: 'callBack', method: v.method, applicantSaid: v.applicantSaid }, '已登记回访');
  };
  const text = async (type: 'rectify' | 'feedback', title: string, label: string, ok: string, intro: string) => {
    const v = await showForm(title, [{ key: 'text', label, type: 'text', required: true, maxLength: 500, multiline: true }], ok, intro);
    if (v) await send({ type, text: v.text }, ok === '反馈并办结' ? '整改已办结' : '已登记');
  };
  const appeal = async () => {
    const v = await showForm('申请申诉复核', [{ key: 'reason', label: '申诉理由', type: 'text', required: true, maxLength: 500, multiline: true }], '提交申诉', '认为属误评的，可申请一次申诉复核，由本区督办人员审核');
    if (v) await send({ type: 'appeal', reason: v.reason }, '已提交申诉');
  };
  const decide = async () => {
    const v = await showForm('申诉复核', [
      { key: 'upheld', label: '复核结论', type: 'select', required: true, options: [{ value: 'yes', label: '申诉成立（误评，整改办结）' }, { value: 'no', label: '申诉不成立（退回整改）' }] },
      { key: 'note', label: '复核意见', type: 'text', required: true, maxLength: 500, multiline: true },
    ], '提交复核');
    if (v) await send({ type: 'decideAppeal', upheld: v.upheld === 'yes', note: v.note }, '已复核');
  };
  const outcome = r.outcome === 'rectified' ? '整改完成' : r.outcome === 'appealUpheld' ? '申诉成立（误评）' : '';
  return (
    <div class="lb-page" data-testid="page-rectification" data-state={r.state}>
      <Card title="差评整改" extra={<Tag tone={r.state === 'closed' ? 'grey' : r.state === 'appeal' ? 'orange' : 'blue'}>{r.stateLabel}</Tag>} testid="rect-head">
        <InfoRow label="办件">{data.bundleName + ' · ' + data.caseId}</InfoRow>
        <InfoRow label="申请对象">{data.subject}</InfoRow>
        <InfoRow label="责任部门">{r.districtName + ' · ' + r.departmentName}</InfoRow>
        <InfoRow label="办理期限">{levelTag(data.level, r.dueDate, data.level === 'closed' ? undefined : data.remainingDays)}</InfoRow>
        {outcome ? <InfoRow label="结果" testid="rect-outcome">{outcome + (r.onTime === false ? '（超期办结）' : '')}</InfoRow> : null}
      </Card>
      {data.rating ? (
        <Card title="评价" testid="rect-rating">
          <InfoRow label="评价">
            <Tag tone="red">{data.rating.levelLabel}</Tag>
            {' ' + data.rating.targetName}
          </InfoRow>
          <InfoRow label="评价渠道">{data.rating.channel === 'progressPage' ? '办件进度页' : '窗口评价器'}</InfoRow>
          <InfoRow label="评价时间">{formatDateTime(data.rating.at, true)}</InfoRow>
          {data.rating.comment ? <InfoRow label="申请人意见">{data.rating.comment}</InfoRow> : null}
        </Card>
      ) : null}
      <Card title="办理过程" testid="rect-steps">
        <InfoRow label="回访核实">
          {r.callBack ? <span>{METHODS[r.callBack.method] + ' · ' + formatDateTime(r.callBack.at, true)}<br />{r.callBack.applicantSaid}</span> : <span class="lb-meta">待回访</span>}
        </InfoRow>
        {r.appeal ? (
          <InfoRow label="申诉复核">
            <span>{'申诉理由：' + r.appeal.reason}</span>
            <br />
            <span>{r.appeal.decision ? (r.appeal.decision.upheld ? '复核：申诉成立。' : '复核：申诉不成立，退回整改。') + r.appeal.decision.note : '待督办人员复核'}</span>
          </InfoRow>
        ) : null}
        <InfoRow label="整改措施">{r.rectify ? r.rectify.text : <span class="lb-meta">{r.outcome === 'appealUpheld' ? '—' : '待整改'}</span>}</InfoRow>
        <InfoRow label="反馈申请人">{r.feedback ? r.feedback.text : <span class="lb-meta">{r.outcome === 'appealUpheld' ? '—' : '待反馈'}</span>}</InfoRow>
      </Card>
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="rect-error">{failure}</div> : null}
      <div style="display:flex;flex-wrap:wrap;gap:8px;margin:4px 12px 20px" data-testid="rect-actions">
        {data.can.callBack ? <Button kind="primary" testid="rect-callBack" onClick={callBack}>回访核实</Button> : null}
        {data.can.rectify ? <Button kind="primary" testid="rect-rectify" onClick={() => text('rectify', '落实整改', '整改措施', '登记整改', '写明针对申请人反映的问题做了哪些改进')}>登记整改</Button> : null}
        {data.can.feedback ? <Button kind="primary" testid="rect-feedback" onClick={() => text('feedback', '反馈申请人', '反馈内容', '反馈并办结', '向申请人反馈整改情况后登记，整改即办结')}>反馈申请人</Button> : null}
        {data.can.appeal ? <Button testid="rect-appeal" onClick={appeal}>申请申诉复核</Button> : null}
        {data.can.decideAppeal ? <Button kind="primary" testid="rect-decide" onClick={decide}>申诉复核</Button> : null}
        <Button testid="rect-case" onClick={() => navigate('/cases/' + encodeURIComponent(data.caseId))}>查看办件</Button>
      </div>
    </div>
  );
}

providePage('/rectifications', RectificationList);
providePage('/rectifications/:caseId/:id', RectificationPage);
