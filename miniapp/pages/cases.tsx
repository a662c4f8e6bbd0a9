import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { FieldControl } from '../components/FieldControl';
import { Field, TextInput } from '../components/Form';
import { StateTag } from '../components/Tag';
import { formatDateTime, shanghaiToday } from '../lib/dates';
import { checkField, type FieldDef } from '../lib/fields';
import { navigate, providePage } from '../router';

interface CaseRow {
  caseId: string;
  bundleName: string;
  state: string;
  stateLabel: string;
  acceptedAt: string;
  names: string[];
  /** 受理点 by name (older cases: absent). */
  servicePoint?: string | null;
}

const ID_FIELD: FieldDef = { key: 'searchId', label: '公民身份号码', type: 'idNumber' };
const FROM_FIELD: FieldDef = { key: 'from', label: '受理日期自', type: 'date' };
const TO_FIELD: FieldDef = { key: 'to', label: '受理日期至', type: 'date' };
const STATE_FIELD: FieldDef = {
  key: 'state', label: '办件状态', type: 'select',
  options: [{ value: 'accepted', label: '办理中' }, { value: 'completed', label: '已办结' }, { value: 'closed', label: '已终结' }, { value: 'withdrawn', label: '已撤销' }],
};

/**
 * 办件查询: the cases accepted in the user's district (window clerks and supervisors) — by case number or name,
 * ID number (sent in the request body only, cleared from the screen after the search), acceptance dates and
 * state; newest first, 加载更多 by cursor; each result opens 办件进度.
 */
export function CasesPage() {
  const { api } = useApp();
  const [q, setQ] = useState('');
  const [id, setId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [state, setState] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<CaseRow[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [criteria, setCriteria] = useState<Record<string, string>>({});
  const today = shanghaiToday(Date.now());
  const idProblem = id.trim() ? checkField(ID_FIELD, id, {}, today) : null;

  const load = async (body: Record<string, string>, cursor: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ cases: CaseRow[]; next: string | null }>('/api/cases/search', cursor ? { ...body, cursor } : body);
      setRows((before) => (cursor && before ? [...before, ...r.cases] : r.cases));
      setNext(r.next);
    } catch (e) {
      if (!cursor) setRows(null);
      setError((e as Error).message);
    }
    setBusy(false);
  };
  const search = () => {
    const body: Record<string, string> = {};
    if (q.trim()) body.q = q.trim();
    if (id.trim()) body.idNumber = id.trim().toUpperCase();
    if (from) body.from = from;
    if (to) body.to = to;
    if (state) body.state = state;
    setCriteria(body);
    setId(''); // the number does not stay on screen
    void load(body, null);
  };

  return (
    <div class="lb-page" data-testid="page-cases">
      <div class="lb-card lb-form">
        <Field label="办件编号、姓名或代码">
          <TextInput value={q} maxLength={40} placeholder="如：yinzhou-20261207-0001、申请人姓名、企业名称、统一社会信用代码或项目代码" testid="cases-q" onChange={setQ} />
        </Field>
        <FieldControl def={ID_FIELD} value={id} required={false} error={idProblem} onChange={setId} />
        <FieldControl def={FROM_FIELD} value={from} required={false} onChange={setFrom} />
        <FieldControl def={TO_FIELD} value={to} required={false} onChange={setTo} />
        <FieldControl def={STATE_FIELD} value={state} required={false} onChange={setState} />
        <Button kind="primary" block testid="cases-search" loading={busy && rows === null} disabled={busy || idProblem !== null} onClick={search}>
          查询
        </Button>
      </div>
      {error ? <div class="lb-banner lb-banner--error" role="alert" data-testid="cases-error">{error}</div> : null}
      {rows ? (
        <div data-testid="cases-result">
          <div class="lb-section-title">{rows.length ? '办件（' + rows.length + (next ? '+' : '') + '）' : '没有符合条件的办件'}</div>
          {rows.map((c) => (
            <Card key={c.caseId} testid="cases-row" title={c.bundleName} extra={<StateTag kind="case" state={c.state} />} onClick={() => navigate('/cases/' + encodeURIComponent(c.caseId))}>
              <div class="lb-meta">{c.caseId + ' · ' + formatDateTime(c.acceptedAt, true)}</div>
              {c.names.length ? <div class="lb-meta">{c.names.join('、')}</div> : null}
              {c.servicePoint ? <div class="lb-meta" data-testid="cases-row-service-point">{'受理点：' + c.servicePoint}</div> : null}
            </Card>
          ))}
          {next ? (
            <Button block testid="cases-more" loading={busy} onClick={() => void load(criteria, next)}>
              加载更多
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

providePage('/cases', CasesPage);
