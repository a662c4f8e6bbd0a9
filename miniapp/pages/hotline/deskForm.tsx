/**
 * The call form of the 热线受理台: 来电号码, 称呼, 事项 (search), 所在地, 诉求内容, 紧急程度, the knowledge-base
 * answer, matching 热点事件, and the way to finish (finish.tsx) → POST /api/hotline/orders. The phone number
 * typed stays in its input only: it is not kept in a draft, not echoed, and cleared with the form.
 */
import { useState } from 'preact/hooks';
import type { NewOrderInput } from '../../../functions/core/workOrder';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field, Select, TextArea, TextInput } from '../../components/Form';
import { localToInstant } from '../../lib/fields';
import { EMPTY_FINISH, Finish, type FinishState } from './finish';
import { catalogItems, ItemSearch, type ChosenItem } from './itemSearch';
import { errorText, newRequestId } from './labels';
import { MatchCard, useEventMatches } from './match';
import type { Places } from './places';
import type { HotlineCatalog, OrderView } from './types';

interface Call {
  phone: string;
  name: string;
  chosen: ChosenItem | null;
  town: string;
  address: string;
  content: string;
  urgency: 'normal' | 'urgent';
}

const EMPTY_CALL: Call = { phone: '', name: '', chosen: null, town: '', address: '', content: '', urgency: 'normal' };

/** Browser checks before sending (the server checks again and its message is shown as is). */
function problems(c: Call, f: FinishState): Record<string, string> {
  const e: Record<string, string> = {};
  const digits = c.phone.replace(/[\s-]/g, '');
  if (!digits) e.phone = '请填写来电号码';
  else if (!/^\d{7,12}$/.test(digits)) e.phone = '来电号码应为 7 至 12 位数字';
  if (!c.chosen) e.item = '请选择事项';
  if (!c.content.trim()) e.content = '请填写诉求内容';
  if (!f.way) e.way = '请选择办理方式';
  if (f.way === 'answer' && !f.answerText.trim()) e.answerText = '请填写答复内容';
  if (f.way === 'transfer' && !f.departments.length) e.departments = '请选择主办部门';
  if (f.way === 'callback') {
    if (!f.callbackAt) e.callbackAt = '请选择回拨时间';
    else if (Date.parse(localToInstant(f.callbackAt)) <= Date.now()) e.callbackAt = '回拨时间须晚于现在';
    if (!f.callbackNote.trim()) e.callbackNote = '请填写回拨事由';
  }
  if (f.way === 'merge' && !f.parent) e.parent = '请选择要并入的热点事件';
  return e;
}

function body(c: Call, f: FinishState, district: string, requestId: string): NewOrderInput {
  const chosen = c.chosen as ChosenItem;
  let disposition: NewOrderInput['disposition'];
  if (f.way === 'answer') disposition = { type: 'answer', text: f.answerText.trim(), knowledgeUsed: f.knowledgeUsed, ...(f.level ? { level: f.level as 'satisfied' } : {}) };
  else if (f.way === 'transfer') disposition = { type: 'transfer', departments: f.departments.map((d) => d.id), lead: f.departments[0].id, ...(f.note.trim() ? { note: f.note.trim() } : {}) };
  else if (f.way === 'callback') disposition = { type: 'callback', at: localToInstant(f.callbackAt), note: f.callbackNote.trim() };
  else disposition = { type: 'merge', parentId: (f.parent as { id: string }).id };
  return {
    requestId,
    caller: { phone: c.phone.replace(/[\s-]/g, ''), name: c.name.trim() },
    classId: chosen.classId,
    itemId: chosen.item.id,
    content: c.content.trim(),
    location: { district, town: c.town || null, address: c.address.trim() },
    urgency: c.urgency,
    disposition,
  };
}

export function DeskForm(props: { catalog: HotlineCatalog; places: Places | null; placesError: string | null; onRecorded: (order: OrderView) => void }) {
  const { api, staff } = useApp();
  const [call, setCall] = useState<Call>(EMPTY_CALL);
  const [finish, setFinish] = useState<FinishState>(EMPTY_FINISH);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const items = catalogItems(props.catalog);
  const set = (change: Partial<Call>) => setCall((o) => ({ ...o, ...change }));
  const chosen = call.chosen;
  const matches = useEventMatches(chosen ? { classId: chosen.classId, itemId: chosen.item.id, town: call.town, content: call.content } : null);
  const knowledge = chosen ? chosen.item.answer : '';
  const towns = props.places ? props.places.towns : [];
  const submit = async () => {
    const found = problems(call, finish);
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const res = await api.post<{ order: OrderView }>('/api/hotline/orders', body(call, finish, staff.districtCode || '', requestId));
      setCall(EMPTY_CALL);
      setFinish(EMPTY_FINISH);
      setErrors({});
      setRequestId(newRequestId());
      props.onRecorded(res.order);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setCall(EMPTY_CALL);
    setFinish(EMPTY_FINISH);
    setErrors({});
    setFailure(null);
    setRequestId(newRequestId());
  };
  return (
    <Card title="来电登记" testid="hl-form">
      <div class="lb-hl-grid">
        <div class="lb-hl-cell">
          <Field label="来电号码" required error={errors.phone}>
            <input class="lb-input" type="tel" inputMode="tel" autoComplete="off" maxLength={16} value={call.phone} data-testid="hl-phone" onInput={(e) => set({ phone: (e.target as HTMLInputElement).value })} />
          </Field>
        </div>
        <div class="lb-hl-cell">
          <Field label="称呼（可选）">
            <TextInput value={call.name} maxLength={20} placeholder="如 王先生" testid="hl-name" onChange={(name) => set({ name })} />
          </Field>
        </div>
      </div>
      <ItemSearch items={items} value={chosen} error={errors.item} onChange={(c) => set({ chosen: c })} />
      {chosen ? (
        <div class="lb-hl-kb" data-testid="hl-knowledge">
          <div class="lb-hl-kb__head">
            <span>知识库答复</span>
            {knowledge ? (
              <Button size="small" testid="hl-use-knowledge" onClick={() => setFinish((o) => ({ ...o, way: 'answer', answerText: knowledge, knowledgeUsed: true }))}>
                采用知识库答复
              </Button>
            ) : null}
          </div>
          {knowledge || <span style="color:rgba(23,26,29,.4)">该事项暂无知识库答复</span>}
        </div>
      ) : null}
      <div class="lb-hl-grid">
        <div class="lb-hl-cell">
          <Field label="所在区县">
            <TextInput value={staff.districtName || ''} disabled testid="hl-district" onChange={() => undefined} />
          </Field>
        </div>
        <div class="lb-hl-cell">
          <Field label="镇（街道）" error={props.placesError} hint={props.places && !towns.length ? '本区暂无镇（街道）可选' : undefined}>
            <Select value={call.town} options={towns.map((t) => ({ value: t.id, label: t.name }))} placeholder="不详" testid="hl-town" onChange={(town) => set({ town })} />
          </Field>
        </div>
        <div class="lb-hl-cell lb-hl-cell--wide">
          <Field label="详细地址">
            <TextInput value={call.address} maxLength={100} placeholder="路名门牌、小区或地点描述" testid="hl-address" onChange={(address) => set({ address })} />
          </Field>
        </div>
      </div>
      <Field label="诉求内容" required error={errors.content}>
        <TextArea value={call.content} rows={4} maxLength={2000} placeholder="来电人反映的情况和诉求" testid="hl-content" onChange={(content) => set({ content })} />
      </Field>
      <MatchCard matches={matches} chosen={finish.way === 'merge' && finish.parent ? finish.parent.id : null} onMerge={(m) => setFinish((o) => ({ ...o, way: 'merge', parent: { id: m.orderId, title: m.title } }))} />
      <div class="lb-field">
        <span class="lb-field__label">紧急程度</span>
        <div class="lb-hl-radio" role="radiogroup">
          <label>
            <input type="radio" name="hl-urgency" checked={call.urgency === 'normal'} data-testid="hl-urgency-normal" onChange={() => set({ urgency: 'normal' })} />
            一般
          </label>
          <label>
            <input type="radio" name="hl-urgency" checked={call.urgency === 'urgent'} data-testid="hl-urgency-urgent" onChange={() => set({ urgency: 'urgent' })} />
            紧急（24 小时内办结）
          </label>
        </div>
      </div>
      <Finish
        value={finish}
        update={setFinish}
        knowledge={knowledge}
        itemId={chosen ? chosen.item.id : null}
        town={call.town}
        departments={props.places ? props.places.departments : []}
        events={matches.map((m) => ({ orderId: m.orderId, title: m.title }))}
        errors={errors}
      />
      {failure ? <div class="lb-banner lb-banner--error" role="alert" style="margin:8px 0" data-testid="hl-error">{failure}</div> : null}
      <div style="display:flex;margin-top:12px">
        <Button kind="primary" loading={busy} testid="hl-submit" onClick={submit}>登记工单</Button>
        <span style="width:8px" />
        <Button testid="hl-clear" onClick={clear}>清空</Button>
      </div>
    </Card>
  );
}
