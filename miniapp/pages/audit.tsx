import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card, InfoRow } from '../components/Card';
import { Field, TextInput } from '../components/Form';
import { ErrorState, Loading } from '../components/State';
import { Tag } from '../components/Tag';
import { formatDateTime } from '../lib/dates';
import { useLoader } from '../lib/useLoader';
import { navigate, providePage, type PageProps } from '../router';

/** GET /api/audit/cases/:caseId (functions/service/types.ts AuditTrail). */
interface AuditRecord {
  seq: number;
  at: string;
  action: string;
  actor: { id: string; name: string; department: string | null; district: string | null };
  recipient: { department: string; district: string; itemId: string | null } | null;
  subjects: string[];
  data: string[];
  purpose: string;
  hash: string;
}

interface AuditNames {
  bundle: string;
  departments: Record<string, string>;
  districts: Record<string, string>;
  items: Record<string, string>;
  materials: Record<string, string>;
  fields: Record<string, string>;
}

interface AuditTrail {
  records: AuditRecord[];
  chainValid: boolean;
  brokenAt?: number;
  names?: AuditNames;
}

const ACTIONS: Record<string, string> = {
  share: '材料共享',
  archiveSearch: '检索电子档案',
  archiveRead: '查阅电子档案',
  attachmentRead: '查看材料附件',
  signOff: '签章办结',
  agentApplication: '帮办代办受理',
};

const NO_NAMES: AuditNames = { bundle: '', departments: {}, districts: {}, items: {}, materials: {}, fields: {} };

/** One `data` entry in words: "birthCertificate:babyName,babySex" → 出生医学证明：新生儿姓名、性别. */
function dataText(entry: string, n: AuditNames): string {
  if (entry === 'case') return '办件信息';
  if (entry === 'upload') return '上传的附件';
  const colon = entry.indexOf(':');
  const head = colon < 0 ? entry : entry.slice(0, colon);
  const rest = colon < 0 ? '' : entry.slice(colon + 1);
  if (head === 'attachment') return '附件（指纹 ' + rest.slice(0, 8).toUpperCase() + '…）';
  const material = n.materials[head] || head;
  if (!rest) return material;
  if (rest === '*') return material + '（全部内容）';
  return material + '：' + rest.split(',').map((f) => n.fields[head + '.' + f] || f).join('、');
}

/** 审计记录: a case's access records (who read or received which data, when, why) and whether the hash chain verifies. */
export function AuditTrailPage(props: PageProps) {
  const { api } = useApp();
  const caseId = props.params.caseId;
  const { data, error, reload } = useLoader(() => api.get<AuditTrail>('/api/audit/cases/' + encodeURIComponent(caseId)), [caseId]);
  if (error && !data) return <ErrorState message={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const n = data.names || NO_NAMES;
  const dep = (code: string | null) => (code ? n.departments[code] || code : '');
  const broken = data.chainValid ? null : data.brokenAt ?? 1;
  return (
    <div class="lb-page" data-testid="page-audit" data-valid={String(data.chainValid)}>
      <Card title={(n.bundle ? n.bundle + ' · ' : '') + '审计记录'} testid="audit-head">
        <InfoRow label="办件编号">{caseId}</InfoRow>
        <InfoRow label="记录数">{data.records.length + ' 条'}</InfoRow>
        <div class="lb-card__actions">
          <Button size="small" testid="audit-case" onClick={() => navigate('/cases/' + encodeURIComponent(caseId))}>
            查看办件进度
          </Button>
        </div>
      </Card>
      {broken === null ? (
        <div class="lb-banner lb-banner--ok" data-testid="audit-chain">
          审计链校验通过：{data.records.length} 条记录前后相连、内容未被改动，记录完整。
        </div>
      ) : (
        <div class="lb-banner lb-banner--error" role="alert" data-testid="audit-chain">
          审计链校验未通过：自第 {broken} 条记录起与前一条不相连或内容被改动、缺失。第 {broken} 条及以后的记录不可信，请保留现场并上报。
        </div>
      )}
      {data.records.length ? null : <div class="lb-empty" data-testid="audit-empty">这个办件还没有审计记录</div>}
      {data.records.map((r) => {
        const bad = broken !== null && r.seq >= broken;
        return (
          <Card
            key={r.seq}
            testid="audit-record"
            title={'第 ' + r.seq + ' 条 · ' + (ACTIONS[r.action] || r.action)}
            extra={<Tag tone={bad ? 'red' : 'green'}>{bad ? '校验未通过' : '校验通过'}</Tag>}
          >
            <InfoRow label="时间">{formatDateTime(r.at, true)}</InfoRow>
            <InfoRow label="操作人">{r.actor.name + (r.actor.department ? ' · ' + dep(r.actor.department) : '')}</InfoRow>
            {r.recipient ? (
              <InfoRow label="接收部门">
                {dep(r.recipient.department) + (r.recipient.itemId ? '（' + (n.items[r.recipient.itemId] || r.recipient.itemId) + '）' : '')}
              </InfoRow>
            ) : null}
            <InfoRow label="涉及数据">{r.data.map((d) => dataText(d, n)).join('；') || '—'}</InfoRow>
            <InfoRow label="用途">{r.purpose || '—'}</InfoRow>
            <InfoRow label="涉及人数">{r.subjects.length + ' 人'}</InfoRow>
          </Card>
        );
      })}
    </div>
  );
}

/** 审计 (auditors' home): open a case's audit records by its number. */
function AuditHomePage() {
  const [caseId, setCaseId] = useState('');
  const id = caseId.trim();
  return (
    <div class="lb-page" data-testid="page-audit-home">
      <div class="lb-card lb-form">
        <Field label="办件编号" required>
          <TextInput value={caseId} maxLength={40} placeholder="受理回执上的编号" testid="audit-case-id" onChange={setCaseId} />
        </Field>
        <div class="lb-meta lb-audit-note">审计记录列出谁在何时、为何用途查阅或接收了该办件的哪些数据，并校验记录链是否完整。</div>
        <Button kind="primary" block testid="audit-open" disabled={!id} onClick={() => navigate('/audit/' + encodeURIComponent(id))}>
          查看审计记录
        </Button>
      </div>
      <div class="lb-page__pad">
        <Button block testid="audit-archive" onClick={() => navigate('/archive')}>
          查阅电子档案
        </Button>
      </div>
    </div>
  );
}

providePage('/audit/:caseId', AuditTrailPage);
providePage('/audit', AuditHomePage);
