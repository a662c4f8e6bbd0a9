import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card, InfoRow } from '../components/Card';
import { FieldControl } from '../components/FieldControl';
import { Field, TextInput } from '../components/Form';
import { Tag } from '../components/Tag';
import { textProblems, visibleLength } from '../../functions/core/text';
import { formatDateTime, shanghaiToday } from '../lib/dates';
import { checkField, type FieldDef } from '../lib/fields';
import { navigate, providePage } from '../router';
import type { Values } from './types';

interface ArchiveResult {
  subject: string;
  person: { maskedId: string; name?: string };
  cases: { caseId: string; bundleName?: string; roleLabel?: string; state?: string; stateLabel?: string; acceptedAt?: string }[];
  materials: {
    caseId: string; itemId: string; type: string; name: string; signedBy: string[]; seal: { name: string } | null; signedAt: string;
    fields: Values; labels?: Record<string, string>; signatureValid: boolean;
  }[];
}


const ID_FIELD: FieldDef = { key: 'archiveId', label: '公民身份号码', type: 'idNumber', required: true };

/** 个人档案: a person's cases and signed materials, found by ID number for a stated purpose (audited). */
export function ArchivePage() {
  const { api } = useApp();
  const [id, setId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ArchiveResult | null>(null);
  const today = shanghaiToday(Date.now());
  const why = purpose.trim();
  // The server's rule (core text.ts): at least two visible characters, no control or bidi characters.
  const ready = !checkField(ID_FIELD, id, {}, today) && visibleLength(why) >= 2 && textProblems(why).length === 0;
  const search = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ArchiveResult>('/api/archive/search', { idNumber: id.trim().toUpperCase(), purpose: why });
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
      <div class="lb-card lb-form">
        <FieldControl def={ID_FIELD} value={id} required error={touched ? checkField(ID_FIELD, id, {}, today) : null} onChange={setId} onBlur={() => setTouched(true)} />
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
  return (
    <div data-testid="archive-result">
      <Card title={(r.person.name || '') + ' ' + r.person.maskedId} testid="archive-person">
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
        <Card key={m.caseId + m.itemId + m.type} testid="archive-material" title={m.name} extra={<Tag tone={m.signatureValid ? 'green' : 'red'}>{m.signatureValid ? '验签通过' : '验签失败'}</Tag>}>
          <InfoRow label="签章">{m.seal ? m.seal.name : '—'}</InfoRow>
          <InfoRow label="签发时间">{formatDateTime(m.signedAt, true)}</InfoRow>
          <InfoRow label="办件">{m.caseId}</InfoRow>
          <details class="lb-details">
            <summary>材料内容</summary>
            {Object.keys(m.fields).map((k) => (
              <InfoRow key={k} label={(m.labels && m.labels[k]) || k}>
                {String(m.fields[k])}
              </InfoRow>
            ))}
          </details>
        </Card>
      ))}
    </div>
  );
}

providePage('/archive', ArchivePage);
