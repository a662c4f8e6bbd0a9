/**
 * 联合验收 (`/cases/:caseId/acceptance`): a 竣工联合验收 case as the window, its departments and supervisors read
 * it — the site visit and who confirmed it, each department's opinions by round with their defects (open /
 * closed, photos), the consolidated notices, the rectifications, the joint opinion, the promise date with the
 * days the enterprise's rectification paused it, and the next step in words. The accepting window schedules
 * the site visit, issues the 一次性整改告知书 and records the rectification report here; `?doc=notice&n=<number>`
 * and `?doc=opinion` show the printable documents (documents.tsx).
 */
import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Card, InfoRow } from '../../components/Card';
import { ErrorState, Loading } from '../../components/State';
import { StateTag, Tag } from '../../components/Tag';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import { navigate, providePage, type PageProps } from '../../router';
import type { CaseView, TimelineEvent } from '../types';
import { type CaseFacts, JointOpinionDocument, NoticeDocument } from './documents';
import { type AcceptanceDepartment, type AcceptanceView, DefectPhotos, openDefectsOf, RESULT_WORDS, shortName, windowMoves } from './model';
import { askRectification, askSiteVisit } from './windowForms';

interface Loaded {
  view: AcceptanceView;
  c: CaseView;
  /** Staff names by id, from the case's timeline (who issued a notice, who recorded a rectification). */
  names: Record<string, string>;
  /** The enterprise and the project as the application gives them (a department sub-task's visible form). */
  form: Record<string, unknown>;
}

/** The 审管办's name: the department of the case's item that is not a department's single-item acceptance. */
function acceptingName(c: CaseView, view: AcceptanceView): string {
  const ids = view.departments.map((d) => d.itemId);
  const own = c.subTasks.filter((s) => ids.indexOf(s.itemId) < 0)[0];
  return own ? own.departmentName : '竣工联合验收专窗';
}

function factsOf(c: CaseView, view: AcceptanceView, form: Record<string, unknown>): CaseFacts {
  const text = (k: string) => (form[k] === undefined || form[k] === null ? '' : String(form[k]));
  return {
    caseId: c.id, bundleName: c.bundleName, acceptingName: acceptingName(c, view),
    enterprise: text('enterpriseName') || c.subjects.map((s) => s.label).join('；'),
    project: text('projectName') + (text('projectCode') ? '（项目代码 ' + text('projectCode') + '）' : ''),
    location: text('projectLocation'),
  };
}

export function AcceptancePage(props: PageProps) {
  const { api, platform, staff } = useApp();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const caseId = props.params.caseId;
  const id = encodeURIComponent(caseId);
  const { data, error, reload } = useLoader(async (): Promise<Loaded> => {
    const all = await Promise.all([
      api.get<{ acceptance: AcceptanceView }>('/api/cases/' + id + '/acceptance'),
      api.get<{ case: CaseView }>('/api/cases/' + id),
      api.get<{ events: TimelineEvent[] }>('/api/cases/' + id + '/timeline').catch(() => ({ events: [] as TimelineEvent[] })),
    ]);
    const names: Record<string, string> = {};
    all[2].events.forEach((e) => (names[e.actor.id] = e.actor.name));
    const view = all[0].acceptance;
    const first = view.departments[0];
    const form = first
      ? await api.get<{ subTask: { form: Record<string, unknown> } }>('/api/subtasks/' + id + '/' + encodeURIComponent(first.itemId)).then((r) => r.subTask.form, () => ({}))
      : {};
    return { view, c: all[1].case, names, form };
  }, [caseId]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const { view, c } = data;
  const nameOf = (staffId: string | undefined) => (staffId ? data.names[staffId] || (staffId === staff.id ? staff.name : null) : null);
  const facts = factsOf(c, view, data.form);
  const back = () => navigate('/cases/' + id + '/acceptance');
  const doc = props.query.doc;
  if (doc === 'notice') {
    const n = view.notices.filter((x) => x.number === props.query.n)[0] || view.notices[view.notices.length - 1];
    if (n) return <NoticeDocument facts={facts} view={view} notice={n} issuerName={nameOf(n.issuedBy)} onBack={back} />;
  }
  if (doc === 'opinion') return <JointOpinionDocument facts={facts} view={view} onBack={back} />;

  const isWindow = view.state === 'accepted' && staff.districtCode === c.acceptingDistrict && staff.roles.indexOf('clerk') >= 0;
  const moves = windowMoves(view);
  const send = async (what: string, path: string, body: Record<string, unknown>, done: string) => {
    setFailure(null);
    setBusy(what);
    try {
      await api.post('/api/cases/' + id + path, { ...body, expectedVersion: view.version });
      platform.toast(done, 'success').catch(() => undefined);
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(null);
    await reload();
  };
  const schedule = async () => {
    const v = await askSiteVisit(view.siteVisit, facts.location);
    if (v) await send('visit', '/site-visit', v, view.siteVisit ? '已改期并通知各部门' : '已安排踏勘并通知各部门');
  };
  const notice = async () => {
    const open = view.departments.reduce((n, d) => n + openDefectsOf(d).length, 0);
    const ok = await platform.confirm('出具整改通知', '将各部门提出的 ' + open + ' 项问题一次性告知企业；发出后联合验收暂停计时，直至登记整改报告', '出具');
    if (ok) await send('notice', '/rectification-notice', {}, '已出具整改通知书');
  };
  const rectify = async () => {
    let v;
    try {
      v = await askRectification(api, platform, c, view);
    } catch (e) {
      setFailure((e as Error).message);
      return;
    }
    if (v) await send('rectify', '/rectification', v, '已登记整改，相关部门复验');
  };
  const p = view.promise;
  return (
    <div class="lb-page" data-testid="page-acceptance">
      <Card title="联合验收" extra={<StateTag kind="case" state={view.state} />} testid="acceptance-head">
        <InfoRow label="办件编号">{c.id}</InfoRow>
        <InfoRow label="建设单位" testid="acceptance-enterprise">{facts.enterprise || '—'}</InfoRow>
        <InfoRow label="建设项目">{facts.project || '—'}</InfoRow>
        {facts.location ? <InfoRow label="建设地点">{facts.location}</InfoRow> : null}
        <InfoRow label="承诺办结" testid="acceptance-promise">
          {p.date + (p.provisional ? '（暂定）' : '') + '（' + p.days + ' 个工作日）'}
          {p.paused ? <div class="lb-meta" data-testid="promise-paused">企业整改中，暂停计时；登记整改报告后顺延</div> : null}
          {p.pausedDays > 0 ? <div class="lb-meta">{'企业整改 ' + p.pausedDays + ' 个工作日不计入时限'}</div> : null}
        </InfoRow>
        {view.next ? (
          <div class="lb-acc-next" data-testid="acceptance-next">
            <span class="lb-acc-next__label">下一步</span>
            {view.next}
          </div>
        ) : null}
        {isWindow ? (
          <div class="lb-card__actions lb-acc-actions">
            {moves.schedule ? (
              <Button size="small" kind={!view.siteVisit ? 'primary' : 'default'} loading={busy === 'visit'} disabled={!!busy} testid="schedule-visit" onClick={schedule}>
                {view.siteVisit ? '踏勘改期' : '安排现场踏勘'}
              </Button>
            ) : null}
            {moves.notice ? (
              <Button size="small" kind="primary" loading={busy === 'notice'} disabled={!!busy} testid="issue-notice" onClick={notice}>
                出具整改通知
              </Button>
            ) : null}
            {moves.rectify ? (
              <Button size="small" kind="primary" loading={busy === 'rectify'} disabled={!!busy} testid="record-rectification" onClick={rectify}>
                登记整改报告
              </Button>
            ) : null}
          </div>
        ) : null}
        <a class="lb-link" data-testid="open-case" href={'#/cases/' + id}>
          查看办件进度
        </a>
      </Card>
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="acceptance-error">{failure}</div> : null}
      <SiteVisitCard view={view} />
      <div class="lb-section-title">各部门单项验收意见</div>
      {view.departments.map((d) => (
        <DepartmentCard key={d.itemId} caseId={caseId} d={d} />
      ))}
      {view.notices.length ? (
        <Card title="整改通知书（一次性告知）" testid="acceptance-notices">
          {view.notices.map((n) => (
            <div key={n.number} class="lb-acc-line" data-testid="notice-row">
              <div>
                <div>{n.number}</div>
                <div class="lb-meta">{formatDateTime(n.issuedAt, true) + ' · ' + n.defects.length + ' 项问题'}</div>
              </div>
              <Button size="small" testid={'open-notice-' + n.number} onClick={() => navigate('/cases/' + id + '/acceptance?doc=notice&n=' + encodeURIComponent(n.number))}>
                查看 / 打印
              </Button>
            </div>
          ))}
        </Card>
      ) : null}
      {view.rectifications.length ? (
        <Card title="整改情况" testid="acceptance-rectifications">
          {view.rectifications.map((r, i) => (
            <div key={r.at} class="lb-acc-line lb-acc-line--block" data-testid="rectification-row">
              <div class="lb-meta">{'第 ' + (i + 1) + ' 次整改 · ' + formatDateTime(r.at, true) + (nameOf(r.by) ? ' · 登记人 ' + nameOf(r.by) : '') + (r.attachments.length ? ' · 附件 ' + r.attachments.length + ' 份' : '')}</div>
              <div class="lb-acc-text">{r.report}</div>
            </div>
          ))}
        </Card>
      ) : null}
      <Card title="联合验收意见书" testid="acceptance-joint" extra={view.jointOpinion ? <Tag tone="green">已出具</Tag> : <Tag tone="grey">未出具</Tag>}>
        <div class="lb-meta">{view.jointOpinion ? '审管办已统一确认，引用各部门已签章的单项验收意见' : '各部门均合格后，由审管办统一出具'}</div>
        <div class="lb-card__actions">
          <Button size="small" testid="open-opinion" onClick={() => navigate('/cases/' + id + '/acceptance?doc=opinion')}>
            {view.jointOpinion ? '查看 / 打印意见书' : '查看意见汇总'}
          </Button>
        </div>
      </Card>
    </div>
  );
}

function SiteVisitCard(props: { view: AcceptanceView }) {
  const s = props.view.siteVisit;
  if (!s) {
    return (
      <Card title="联合现场踏勘" testid="site-visit">
        <div class="lb-meta">尚未安排</div>
      </Card>
    );
  }
  const confirmed: Record<string, { who: string; at: string }> = {};
  s.confirmations.forEach((x) => (confirmed[x.itemId] = { who: x.byName || x.by, at: x.at }));
  return (
    <Card title="联合现场踏勘" testid="site-visit">
      <InfoRow label="时间" testid="site-visit-when">{s.date + ' ' + s.time}</InfoRow>
      <InfoRow label="地点" testid="site-visit-place">{s.place}</InfoRow>
      {s.note ? <InfoRow label="说明">{s.note}</InfoRow> : null}
      <InfoRow label="安排人">{s.scheduledByName || s.scheduledBy}</InfoRow>
      <div class="lb-acc-confirms">
        {props.view.departments.map((d) => {
          const x = confirmed[d.itemId];
          return (
            <div key={d.itemId} class="lb-acc-line" data-testid={'confirm-' + d.itemId} data-confirmed={x ? 'true' : 'false'}>
              <span class="lb-acc-line__main">{d.departmentName}</span>
              {x ? (
                <span class="lb-acc-ok">{'已确认 · ' + x.who + ' ' + formatDateTime(x.at)}</span>
              ) : d.opinions.length ? (
                <Tag tone="grey">未确认，已出具意见</Tag>
              ) : (
                <Tag tone="orange">待确认</Tag>
              )}
            </div>
          );
        })}
      </div>
    </Card>
  );
}

function DepartmentCard(props: { caseId: string; d: AcceptanceDepartment }) {
  const d = props.d;
  const open = openDefectsOf(d).length;
  return (
    <Card
      title={<span>{d.departmentName}</span>}
      extra={open ? <Tag tone="red">{open + ' 项待整改'}</Tag> : <StateTag state={d.state} />}
      testid={'department-' + d.itemId}
    >
      <div class="lb-meta lb-acc-item">{shortName(d.itemName)}</div>
      {d.opinions.length === 0 ? <div class="lb-meta" data-testid="no-opinion">尚未出具意见</div> : null}
      {d.opinions.map((o) => (
        <div key={o.round} class="lb-acc-opinion" data-testid="opinion" data-round={o.round} data-result={o.result}>
          <div class="lb-acc-opinion__head">
            <span class="lb-acc-opinion__round">{o.round > 1 ? '第 ' + o.round + ' 轮（复验）' : '第 1 轮（现场查验）'}</span>
            <Tag tone={o.result === 'pass' ? 'green' : 'red'}>{RESULT_WORDS[o.result]}</Tag>
          </div>
          <div class="lb-meta">{(o.signedByName || o.signedBy) + (o.sealName ? ' · ' + o.sealName : '') + ' · ' + formatDateTime(o.at, true)}</div>
          {o.opinion ? <div class="lb-acc-text">{o.opinion}</div> : null}
          {o.defects.map((x) => (
            <div key={x.id} class={'lb-acc-defect' + (x.state === 'closed' ? ' lb-acc-defect--closed' : '')} data-testid="defect" data-id={x.id} data-state={x.state || 'open'}>
              <div class="lb-acc-defect__head">
                <span class="lb-acc-defect__id">{x.id}</span>
                {x.state === 'closed' ? <Tag tone="green">已整改</Tag> : <Tag tone="red">待整改</Tag>}
              </div>
              <div class="lb-acc-text">{x.description}</div>
              <div class="lb-meta">{'依据：' + x.rule}</div>
              <DefectPhotos caseId={props.caseId} itemId={d.itemId} photos={x.photos} />
            </div>
          ))}
        </div>
      ))}
      <a class="lb-link lb-acc-open" data-testid={'open-subtask-' + d.itemId} href={'#/subtasks/' + encodeURIComponent(props.caseId) + '/' + encodeURIComponent(d.itemId)}>
        查看该部门子任务
      </a>
    </Card>
  );
}

providePage('/cases/:caseId/acceptance', AcceptancePage);
