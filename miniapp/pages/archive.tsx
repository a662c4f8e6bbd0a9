import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card, InfoRow } from '../components/Card';
import { FieldControl } from '../components/FieldControl';
import { Field, TextInput } from '../components/Form';
import { Segments } from '../components/Segments';
import { Tag } from '../components/Tag';
import { normalizeProjectCode, projectCodeFieldProblems } from '../../functions/core/projectCode';
import { textProblems, visibleLength } from '../../functions/core/text';
import { formatDateTime, shanghaiToday } from '../lib/dates';
import { checkField, type FieldDef } from '../lib/fields';
import { navigate, providePage } from '../router';
import type { Values } from './types';

type Kind = 'person' | 'enterprise' | 'project';

interface ArchiveResult {
  subject: string;
  kind?: Kind;
  /** A person's masked ID number; an enterprise's or project's code (public) and its name. */
  person: { maskedId: string; name?: string };
  cases: { caseId: string; bundleName?: string; roleLabel?: string; state?: string; stateLabel?: string; acceptedAt?: string }[];
  materials: {
    caseId: string; itemId: string; type: string; name: string; signedBy: string[]; seal: { name: string } | null; signedAt: string;
    fields: Values; labels?: Record<string, string>; signatureValid: boolean;
    /** Signed at the 审管办 window under 集中授权: the line saying so (集中授权：… 授权 … 签署（授权编号 …）). */
    delegation?: { id: string; text: string };
    /** A 一次性整改告知书 (issued by the window, unsigned): the defects it lists. */
    defects?: { number: number; departmentName: string; description: string; rule: string; photos: string[] }[];
  }[];
}

/** Per kind: the number's field (its browser-side rule is the core's, fieldValue.ts / projectCode.ts) and the body key it is sent as. */
const KINDS: { key: Kind; label: string; field: FieldDef; send: 'idNumber' | 'creditCode' | 'projectCode' }[] = [
  { key: 'person', label: '个人', field: { key: 'archiveId', label: '公民身份号码', type: 'idNumber', required: true }, send: 'idNumber' },
  { key: 'enterprise', label: '企业', field: { key: 'archiveCreditCode', label: '统一社会信用代码', type: 'creditCode', required: true }, send: 'creditCode' },
  {
    key: 'project', label: '项目', send: 'projectCode',
    field: { key: 'archiveProjectCode', label: '项目代码', type: 'text', required: true, maxLength: 40, hint: '年份-行政区划代码-行业代码-项目类型-流水号，如 2025-330212-34-03-012345' },
  },
];

const NUMBER_LABEL: Record<Kind, string> = { person: '公民身份号码', enterprise: '统一社会信用代码', project: '项目代码' };

/** What is wrong with the typed number, or null: the field's rule, and a project code's form. */
function numberProblem(kind: (typeof KINDS)[number], v: string, today: string): string | null {
  const problem = checkField(kind.field, v, {}, today);
  if (problem || kind.key !== 'project') return problem;
  return projectCodeFieldProblems(v)[0] || null;
}

/** The number as sent: ID numbers and credit codes upper case, a project code with plain dashes. */
const sentNumber = (kind: Kind, v: string) => (kind === 'project' ? normalizeProjectCode(v) : v.trim().toUpperCase());

/**
 * 电子档案: the cases and signed materials of a person (公民身份号码), an enterprise (统一社会信用代码) or a project
 * (项目代码), found for a stated purpose (audited). An enterprise or project is shown by its name.
 */
export function ArchivePage() {
  const { api } = useApp();
  const [kindKey, setKindKey] = useState<Kind>('person');
  const kind = KINDS.filter((k) => k.key === kindKey)[0];
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ArchiveResult | null>(null);
  const today = shanghaiToday(Date.now());
  const why = purpose.trim();
  // The server's rule (core text.ts): at least two visible characters, no control or bidi characters.
  const problem = numberProblem(kind, id, today);
  const ready = !problem && visibleLength(why) >= 2 && textProblems(why).length === 0;
  const choose = (k: string) => {
    setKindKey(k as Kind);
    setId('');
    setTouched(false);
  };
  const search = async () => {
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { purpose: why };
      body[kind.send] = sentNumber(kind.key, id);
      const r = await api.post<ArchiveResult>('/api/archive/search', body);
      setResult(r);
      setId(''); // the number does not stay on screen
      setTouched(false);
    } catch (e) {
      setResult(null);
      setError((e as Error).message);
    }
    setBusy(false);
  };
  return (
    <div class="lb-page" data-testid="page-archive">
      <Segments items={KINDS.map((k) => ({ key: k.key, label: k.label }))} value={kindKey} onChange={choose} />
      <div class="lb-card lb-form">
        <FieldControl key={kind.key} def={kind.field} value={id} required error={touched ? problem : null} onChange={setId} onBlur={() => setTouched(true)} />
        <Field label="查阅用途" required>
          <TextInput value={purpose} maxLength={100} placeholder="如：窗口办件核验、审计检查" testid="archive-purpose" onChange={setPurpose} />
        </Field>
        <div class="lb-meta lb-audit-note">每次查阅均记入审计日志（查阅人、用途、时间）</div>
        <Button kind="primary" block testid="archive-search" loading={busy} disabled={!ready} onClick={search}>
          查阅档案
        </Button>
      </div>
      {error ? <div class="lb-banner lb-banner--error" role="alert" data-testid="archive-error">{error}</div> : null}
      {result ? <ArchiveView result={result} purpose={why} /> : null}
    </div>
  );
}

function ArchiveView(props: { result: ArchiveResult; purpose: string }) {
  const r = props.result;
  const kind: Kind = r.kind || 'person';
  // An enterprise or project by its name (its code is public and shown under it); a person by the masked number.
  const title = kind !== 'person' && r.person.name ? r.person.name : ((r.person.name || '') + ' ' + r.person.maskedId).trim();
  return (
    <div data-testid="archive-result">
      <Card title={title} extra={kind !== 'person' ? <Tag tone="blue">{kind === 'enterprise' ? '企业' : '项目'}</Tag> : null} testid="archive-person">
        {kind !== 'person' && r.person.name ? <div class="lb-meta" data-testid="archive-code">{NUMBER_LABEL[kind] + ' ' + r.person.maskedId}</div> : null}
        <div class="lb-meta">{'查阅用途：' + props.purpose + '（已记录）'}</div>
      </Card>
      <div class="lb-section-title">{'办件（' + r.cases.length + '）'}</div>
      {r.cases.map((c) => (
        <Card key={c.caseId} testid="archive-case" title={c.bundleName || c.caseId} extra={c.stateLabel ? <Tag tone="blue">{c.stateLabel}</Tag> : null} onClick={() => navigate('/cases/' + encodeURIComponent(c.caseId))}>
          <div class="lb-meta">{c.caseId + (c.roleLabel ? ' · ' + c.roleLabel : '') + (c.acceptedAt ? ' · ' + formatDateTime(c.acceptedAt, true) : '')}</div>
        </Card>
      ))}
      <div class="lb-section-title">{'已签发材料（' + r.materials.length + '）'}</div>
      {r.materials.map((m) => (
        <Card
          key={m.caseId + m.itemId + m.type + m.signedAt}
          testid="archive-material"
          title={m.name}
          extra={m.defects ? <Tag>窗口出具</Tag> : <Tag tone={m.signatureValid ? 'green' : 'red'}>{m.signatureValid ? '验签通过' : '验签失败'}</Tag>}
        >
          <InfoRow label="签章">{m.seal ? m.seal.name : '—'}</InfoRow>
          {m.delegation ? <div class="lb-meta" data-testid="archive-delegation">{m.delegation.text}</div> : null}
          <InfoRow label="签发时间">{formatDateTime(m.signedAt, true)}</InfoRow>
          <InfoRow label="办件">{m.caseId}</InfoRow>
          <details class="lb-details">
            <summary>材料内容</summary>
            {Object.keys(m.fields).map((k) => (
              <InfoRow key={k} label={(m.labels && m.labels[k]) || k}>
                {String(m.fields[k])}
              </InfoRow>
            ))}
            {(m.defects || []).map((d) => (
              <InfoRow key={'d' + d.number} label={d.number + '. ' + d.departmentName}>
                {d.description + '（依据：' + d.rule + '）' + (d.photos.length ? ' · 现场照片 ' + d.photos.length + ' 张' : '')}
              </InfoRow>
            ))}
          </details>
        </Card>
      ))}
    </div>
  );
}

providePage('/archive', ArchivePage);
