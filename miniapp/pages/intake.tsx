import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { FieldControl } from '../components/FieldControl';
import { Empty, ErrorState, Loading } from '../components/State';
import { shanghaiToday } from '../lib/dates';
import { checkField, isRequired, sentValue, type FieldDef } from '../lib/fields';
import { clearDraft, draftBundles, loadDraft, saveDraft } from '../lib/draft';
import { useLoader } from '../lib/useLoader';
import { guardLeaving } from '../lib/leaveGuard';
import { navigate, providePage } from '../router';
import { AttachmentPicker, type UploadedFile } from './attachments';
import { AgentBlock, agentFieldDefs, agentOf, type AgentMode, type AgentSpec } from './intake/agentBlock';
import { applyPrefill, type HeldResponse, type MaterialSourceRow, PrefillNote, type PrefillMark, SourcesCard } from './intake/askOnce';
import { NoticeCard, ReceiptCard, type Receipt } from './receipt';
import type { MaterialDef, Notice, Values } from './types';

interface BundleSummary {
  id: string;
  name: string;
  description: string;
  items: { id: string; name: string }[];
}

interface FormResponse {
  form: { title: string; fields: FieldDef[]; optionalItems: { id: string; name: string }[]; items: { id: string; name: string }[] };
  bundle: { id: string; name: string };
  /** The bundle's intake materials (电子证照 checked at the window), when the server sends them. */
  materials?: MaterialDef[];
  /** 材料来源 of this case's materials (applicant / an item of this case); the archive's come from /api/intake/held. */
  materialSources?: MaterialSourceRow[];
  /** 帮办代办: the agent's fields and the 授权委托书. */
  agent?: AgentSpec;
  /** The window the clerk accepts at (a village 代办员 is the agent of what they accept). */
  servicePoint?: { name: string; level: 'district' | 'town' | 'village' };
  /** Whether the archive may hold something for this bundle, and the form fields with a subject's number. */
  askOnce?: boolean;
  subjectFields?: string[];
}

const ID_LIKE = /^\d{17}[\dXx]$/;

function newRequestId(): string {
  return 'r' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

/**
 * 受理 (window clerk): choose a 一件事, fill the one-table form, pre-check, accept, print the receipt.
 * What the clerk types is kept as a draft on the device (lib/draft.ts); the page opens on the latest draft.
 */
export function IntakePage() {
  const { api, staff } = useApp();
  const [drafts] = useState(() => draftBundles(staff.id));
  const [bundleId, setBundleId] = useState<string | null>(drafts.length ? drafts[0] : null);
  const bundles = useLoader(() => api.get<{ bundles: BundleSummary[] }>('/api/bundles'), []);
  if (bundleId) return <IntakeForm key={bundleId} bundleId={bundleId} onBack={() => setBundleId(null)} />;
  let list;
  if (bundles.error && !bundles.data) list = <ErrorState message={bundles.error} onRetry={bundles.reload} />;
  else if (!bundles.data) list = <Loading />;
  else if (!bundles.data.bundles.length) list = <Empty text="本区尚未开通联办事项" />;
  else
    list = bundles.data.bundles.map((b) => (
      <Card key={b.id} title={b.name} extra={drafts.indexOf(b.id) >= 0 ? <span class="lb-tag lb-tag--orange" data-testid={'draft-' + b.id}>草稿</span> : undefined} testid={'bundle-' + b.id} onClick={() => setBundleId(b.id)} footer={'含 ' + b.items.length + ' 个事项：' + b.items.map((i) => i.name).join('、')}>
        <div class="lb-meta">{b.description}</div>
      </Card>
    ));
  return (
    <div class="lb-page" data-testid="page-intake">
      <div class="lb-section-title">选择一件事</div>
      {list}
    </div>
  );
}

/** Ask once: where a material comes from — the archive (held, or as the pre-check says: not asked) or the applicant. */
function SourceNote(props: { notice: Notice | null; held: HeldResponse | null; material: string }) {
  const h = props.held ? props.held.held.filter((x) => x.type === props.material)[0] : undefined;
  const s = props.notice && props.notice.materials ? props.notice.materials.filter((x) => x.material === props.material)[0] : undefined;
  const caseId = h ? h.caseId : s && s.source === 'archive' ? s.caseId || '' : null;
  if (caseId === null && !s) return null;
  const text = caseId !== null ? '已有电子证照，无需提交（来自办件 ' + caseId + '）' : '由申请人提交';
  return <div class="lb-meta" data-testid={'material-source-' + props.material}>{text}</div>;
}

function IntakeForm(props: { bundleId: string; onBack: () => void }) {
  const { api, platform, staff } = useApp();
  const [restored] = useState(() => loadDraft(staff.id, props.bundleId));
  const [draftNotice, setDraftNotice] = useState(!!restored);
  const [optional, setOptional] = useState<string[]>(restored ? restored.optional : []);
  const [values, setValues] = useState<Record<string, string>>(restored ? restored.values : {});
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [busy, setBusy] = useState<'check' | 'accept' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** Per supplied material: the scans uploaded for it, and how many are still uploading or failed. */
  const [files, setFiles] = useState<Record<string, { uploaded: UploadedFile[]; unsettled: number }>>({});
  /** Ask once: what 调取档案材料 answered, and the fields it filled (with their source). */
  const [held, setHeld] = useState<HeldResponse | null>(null);
  const [marks, setMarks] = useState<Record<string, PrefillMark>>({});
  const [heldBusy, setHeldBusy] = useState(false);
  const [heldInfo, setHeldInfo] = useState<string | null>(null);
  /** 帮办代办 (null: the default — the 代办员 themself at a village point, nobody elsewhere). */
  const [agentChoice, setAgentChoice] = useState<AgentMode | null>(restored && restored.values['agent.name'] ? 'other' : null);
  // 受理 waits while the one-time notice has open points for exactly what the form holds; any change re-opens it
  const formKey = JSON.stringify([values, optional, files, agentChoice]);
  const [noticeKey, setNoticeKey] = useState('');
  const showNotice = (n: Notice) => {
    setNotice(n);
    setNoticeKey(formKey);
  };
  const openPoints = !!notice && !notice.ok && notice.issues.length > 0 && noticeKey === formKey;
  const [requestId, setRequestId] = useState(() => (restored ? restored.requestId : newRequestId()));
  const typed = !receipt && (optional.length > 0 || Object.keys(values).some((k) => !!(values[k] || '').trim()));
  // every change is the draft at once; leaving asks first (the router's navigation, closing or reloading the page)
  useEffect(() => {
    if (receipt) return;
    if (typed) saveDraft(staff.id, props.bundleId, { values, optional, requestId, savedAt: Date.now() });
    else clearDraft(staff.id, props.bundleId);
  }, [values, optional, requestId, receipt]);
  useEffect(() => {
    if (!typed) return;
    return guardLeaving(() => platform.confirm('离开受理', '填写的内容尚未受理，已保存为本机草稿，回到受理可继续。确定离开？', '离开'));
  }, [typed]);
  const discardDraft = () => {
    clearDraft(staff.id, props.bundleId);
    setDraftNotice(false);
    setValues({});
    setOptional([]);
    setTouched({});
    setNotice(null);
    setHeld(null);
    setMarks({});
    setHeldInfo(null);
    setAgentChoice(null);
    setRequestId(newRequestId());
  };
  const loaded = useLoader(
    () => api.get<FormResponse>('/api/bundles/' + encodeURIComponent(props.bundleId) + '/form', optional.length ? { optional: optional.join(',') } : undefined),
    [optional.join(',')],
  );
  const today = shanghaiToday(Date.now());

  if (receipt) {
    return (
      <div class="lb-page" data-testid="page-intake">
        <ReceiptCard receipt={receipt} />
        <div class="lb-page__pad lb-noprint">
          <Button kind="primary" block testid="print-receipt" onClick={() => window.print()}>打印回执</Button>
          <div class="lb-gap" />
          <Button block testid="open-case" onClick={() => navigate('/cases/' + encodeURIComponent(receipt.caseId))}>查看办件进度</Button>
          <div class="lb-gap" />
          <Button block testid="next-intake" onClick={() => { setReceipt(null); setValues({}); setTouched({}); setNotice(null); setHeld(null); setMarks({}); setHeldInfo(null); setAgentChoice(null); setRequestId(newRequestId()); }}>继续受理</Button>
        </div>
      </div>
    );
  }
  if (loaded.error && !loaded.data) return <ErrorState message={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { form } = loaded.data;
  const village = !!loaded.data.servicePoint && loaded.data.servicePoint.level === 'village';
  const agentMode: AgentMode = agentChoice || (village ? 'self' : 'none');
  const agentSpec = loaded.data.agent;
  const agentDefs = agentSpec && agentMode === 'other' ? agentFieldDefs(agentSpec) : [];
  // the 授权委托书 is one more intake material while someone applies on the subject's behalf
  const mats = (loaded.data.materials || []).concat(agentSpec && agentMode !== 'none' ? [agentSpec.authorization] : []);
  // intake materials' fields live in the same value map under "<material>.<field>"
  const matDefs: FieldDef[] = [];
  mats.forEach((m) => m.fields.forEach((f) => matDefs.push({ ...f, key: m.id + '.' + f.key })));
  const all = form.fields.concat(matDefs, agentDefs);
  const issueOf = (key: string) => {
    const local = touched[key] ? checkField(all.filter((f) => f.key === key)[0], values[key], values, today) : null;
    if (local) return local;
    const server = notice && !notice.ok ? notice.issues.filter((i) => i.field === key || i.field === 'materials.' + key)[0] : null;
    return server ? server.message : null;
  };

  const body = () => {
    const out: Values = {};
    form.fields.forEach((f) => {
      const v = (values[f.key] || '').trim();
      if (v) out[f.key] = sentValue(f, v);
    });
    const supplied = mats
      .map((m) => {
        const data: Values = {};
        m.fields.forEach((f) => {
          const v = (values[m.id + '.' + f.key] || '').trim();
          if (v) data[f.key] = sentValue(f, v);
        });
        return { type: m.id, data, attachments: files[m.id] ? files[m.id].uploaded : [] };
      })
      .filter((s) => Object.keys(s.data).length > 0 || s.attachments.length > 0);
    const agent = agentOf(agentMode, values);
    return { bundleId: props.bundleId, values: out, chosenOptional: optional, supplied, requestId, ...(agent ? { agent } : {}) };
  };
  const subjectValues = () => {
    const out: Values = {};
    (loaded.data ? loaded.data.subjectFields || [] : []).forEach((k) => {
      const v = (values[k] || '').trim().toUpperCase();
      if (ID_LIKE.test(v) || (v && form.fields.filter((f) => f.key === k && f.type !== 'idNumber').length)) out[k] = v;
    });
    return out;
  };
  // 调取档案材料 sits under the first field with a subject's number (the archive is found by it)
  const subjectKeys = loaded.data.subjectFields || [];
  const heldAfter = loaded.data.askOnce ? (form.fields.filter((f) => subjectKeys.indexOf(f.key) >= 0)[0] || { key: null }).key : null;
  const canFetchHeld = !!loaded.data.askOnce && Object.keys(subjectValues()).length > 0;
  const fetchHeld = async () => {
    setHeldBusy(true);
    setFailure(null);
    try {
      const res = await api.post<HeldResponse>('/api/intake/held', { bundleId: props.bundleId, values: subjectValues(), chosenOptional: optional });
      const names: Record<string, string> = {};
      res.held.forEach((h) => (names[h.type] = h.name));
      const filled = applyPrefill(values, res, names);
      setValues(filled.values);
      setMarks((old) => ({ ...old, ...filled.marks }));
      setHeld(res);
      const n = Object.keys(filled.marks).length;
      setHeldInfo(res.held.length ? '已调取档案材料 ' + res.held.length + ' 份' + (n ? '，预填 ' + n + ' 项（已填写的未改动）' : '') : '档案中暂无可复用的材料，请申请人提交');
    } catch (e) {
      setFailure((e as Error).message);
    }
    setHeldBusy(false);
  };
  const touchAll = () => {
    const t: Record<string, boolean> = {};
    all.forEach((f) => (t[f.key] = true));
    setTouched(t);
  };
  const precheck = async () => {
    touchAll();
    setBusy('check');
    setFailure(null);
    try {
      const b = body();
      const res = await api.post<{ notice: Notice }>('/api/intake/precheck', { bundleId: b.bundleId, values: b.values, chosenOptional: b.chosenOptional, supplied: b.supplied, ...(b.agent ? { agent: b.agent } : {}) });
      showNotice(res.notice);
    } catch (e) {
      setFailure((e as Error).message);
    }
    setBusy(null);
  };
  const accept = async () => {
    touchAll();
    if (Object.keys(files).some((m) => files[m].unsettled > 0)) {
      setFailure('附件尚未全部上传：请等待上传完成，上传失败的请重试或移除');
      return;
    }
    if (!(await platform.confirm('确认受理', '受理后生成办件编号，各事项同时分派至承办部门。', '受理'))) return;
    setBusy('accept');
    setFailure(null);
    try {
      const res = await api.post<{ receipt: Receipt }>('/api/cases', body());
      clearDraft(staff.id, props.bundleId);
      setDraftNotice(false);
      setReceipt(res.receipt);
      platform.toast('受理成功', 'success').catch(() => undefined);
      window.scrollTo(0, 0);
    } catch (e) {
      const n = e instanceof ApiError && e.body ? (e.body as { notice?: Notice }).notice : undefined;
      if (n) showNotice(n);
      else setFailure((e as Error).message);
    }
    setBusy(null);
  };

  const fieldRow = (f: FieldDef) => (
    <div key={f.key}>
      <FieldControl
        def={f}
        value={values[f.key] || ''}
        required={isRequired(f, values)}
        error={issueOf(f.key)}
        onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
        onBlur={() => setTouched((old) => ({ ...old, [f.key]: true }))}
      />
      <PrefillNote mark={marks[f.key]} value={values[f.key] || ''} field={f.key} />
      {f.key === heldAfter ? (
        <div class="lb-noprint" style={{ paddingBottom: '8px' }}>
          <Button size="small" testid="fetch-held" loading={heldBusy} disabled={!canFetchHeld || !!busy || heldBusy} onClick={fetchHeld}>调取档案材料</Button>
          <div class="lb-meta" data-testid="held-info">{heldInfo || (canFetchHeld ? '从电子档案调取已有证照，只预填空白项' : '填写公民身份号码后可调取档案材料')}</div>
        </div>
      ) : null}
    </div>
  );
  // a material the archive holds is not asked: its block says where it comes from and asks nothing
  const fromArchive = (id: string) =>
    (held ? held.held.some((h) => h.type === id) : false) || (!!notice && !!notice.materials && notice.materials.some((x) => x.material === id && x.source === 'archive'));
  const materialBlock = (m: MaterialDef) => fromArchive(m.id) ? (
    <div class="lb-card lb-form" data-testid={'material-' + m.id} data-held="true">
      <SourceNote notice={notice} held={held} material={m.id} />
    </div>
  ) : (
    <div class="lb-card lb-form" data-testid={'material-' + m.id}>
      <SourceNote notice={notice} held={held} material={m.id} />
      {matDefs.filter((f) => f.key.indexOf(m.id + '.') === 0).map(fieldRow)}
      <div class="lb-field__label">附件（扫描件、照片）</div>
      <AttachmentPicker
        api={api}
        platform={platform}
        key={requestId}
        uploadPath="/api/intake/attachments"
        testid={'files-' + m.id}
        onChange={(uploaded, unsettled) => setFiles((old) => ({ ...old, [m.id]: { uploaded, unsettled } }))}
      />
    </div>
  );
  const authorization = agentSpec && agentMode !== 'none' ? agentSpec.authorization : null;
  return (
    <div class="lb-page" data-testid="page-intake-form" data-bundle={props.bundleId}>
      <Card title={form.title} extra={<a class="lb-link" data-testid="change-bundle" onClick={props.onBack}>更换</a>}>
        <div class="lb-meta">{'办理事项：' + form.items.map((i) => i.name).join('、')}</div>
        {form.optionalItems.length ? (
          <div class="lb-checks">
            {form.optionalItems.map((i) => (
              <label key={i.id} class="lb-check">
                <input
                  type="checkbox"
                  data-testid={'optional-' + i.id}
                  checked={optional.indexOf(i.id) >= 0}
                  onChange={(e) => setOptional((e.target as HTMLInputElement).checked ? optional.concat(i.id) : optional.filter((x) => x !== i.id))}
                />
                {' 同时申请：' + i.name}
              </label>
            ))}
          </div>
        ) : null}
      </Card>
      {draftNotice ? (
        <div class="lb-banner lb-banner--warn" role="status" data-testid="draft-restored">
          {'已恢复未提交的草稿 · '}
          <a class="lb-link" data-testid="draft-clear" onClick={discardDraft}>清除</a>
        </div>
      ) : null}
      <div class="lb-section-title">申请信息（一表填报）</div>
      <div class="lb-card lb-form">{form.fields.map(fieldRow)}</div>
      <SourcesCard
        rows={loaded.data.materialSources || []}
        held={held}
        notice={notice}
        extra={authorization ? [{ id: authorization.id, name: authorization.name, source: { kind: 'applicant' } }] : []}
      />
      {mats.filter((m) => m !== authorization).map((m) => (
        <div key={m.id}>
          <div class="lb-section-title">{'核验材料 · ' + m.name}</div>
          {materialBlock(m)}
        </div>
      ))}
      {agentSpec ? (
        <AgentBlock
          mode={agentMode}
          village={village}
          staffName={staff.name}
          onMode={setAgentChoice}
          fields={agentDefs.map(fieldRow)}
          authorization={authorization ? (
            <div>
              <div class="lb-section-title">{'代办材料 · ' + authorization.name}</div>
              {materialBlock(authorization)}
            </div>
          ) : null}
        />
      ) : null}
      {failure ? <div class="lb-banner lb-banner--error" role="alert" data-testid="intake-error">{failure}</div> : null}
      {notice ? <NoticeCard notice={notice} /> : null}
      <div class="lb-page__pad lb-noprint">
        <Button block testid="precheck" loading={busy === 'check'} disabled={!!busy} onClick={precheck}>预审</Button>
        <div class="lb-gap" />
        <Button kind="primary" block testid="accept" loading={busy === 'accept'} disabled={!!busy || openPoints} onClick={accept}>受理</Button>
        {openPoints ? <div class="lb-meta" data-testid="accept-blocked">请先处理一次性告知中的问题，修改后可再次预审或受理</div> : null}
      </div>
    </div>
  );
}

providePage('/intake', IntakePage);
