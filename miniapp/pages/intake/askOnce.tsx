import { Card } from '../../components/Card';
import type { Notice } from '../types';

/** POST /api/intake/held: what the subjects' archive holds for this application, and the values it pre-fills. */
export interface HeldResponse {
  held: { type: string; name: string; caseId: string; itemId: string; itemName: string; issuedAt: string }[];
  prefill: Record<string, { value: string | number | boolean; material: string; caseId: string }>;
}

/** A material the chosen items read and its source in this case (core materialSources, sent with the form). */
export interface MaterialSourceRow {
  id: string;
  name: string;
  source: { kind: 'applicant' | 'item' | 'none'; itemId?: string; itemName?: string };
}

/** A field filled from the archive: the value put in, the source case and the material's name. */
export interface PrefillMark {
  value: string;
  caseId: string;
  materialName: string;
}

/**
 * The pre-filled values put into the EMPTY fields only (what the clerk typed stays), with a mark for each filled one.
 * `names`: material type → its name (for the mark).
 */
export function applyPrefill(
  values: Record<string, string>,
  res: HeldResponse,
  names: Record<string, string>,
): { values: Record<string, string>; marks: Record<string, PrefillMark> } {
  const next: Record<string, string> = { ...values };
  const marks: Record<string, PrefillMark> = {};
  Object.keys(res.prefill).forEach((key) => {
    if ((values[key] || '').trim()) return;
    const p = res.prefill[key];
    const value = String(p.value);
    next[key] = value;
    marks[key] = { value, caseId: p.caseId, materialName: names[p.material] || p.material };
  });
  return { values: next, marks };
}

/** 「来自档案：办件 …（出生医学证明）」 under a pre-filled field, while it still holds the archive's value. */
export function PrefillNote(props: { mark: PrefillMark | undefined; value: string; field: string }) {
  const m = props.mark;
  if (!m || m.value !== props.value) return null;
  return (
    <div class="lb-meta" data-testid={'prefilled-' + props.field}>
      <span class="lb-tag lb-tag--green" style={{ whiteSpace: 'normal' }}>{'来自档案：办件 ' + m.caseId + '（' + m.materialName + '）'}</span>
    </div>
  );
}

/** Where a material comes from, as the 材料来源 card says it. */
function sourceText(row: MaterialSourceRow, held: HeldResponse | null, notice: Notice | null): { text: string; kind: string } {
  const fromNotice = notice && notice.materials ? notice.materials.filter((m) => m.material === row.id && m.source === 'archive')[0] : undefined;
  const fromHeld = held ? held.held.filter((h) => h.type === row.id)[0] : undefined;
  const caseId = fromHeld ? fromHeld.caseId : fromNotice ? fromNotice.caseId : undefined;
  if (row.source.kind === 'item') return { text: '本件「' + (row.source.itemName || row.source.itemId || '') + '」出具', kind: 'item' };
  if (caseId) return { text: '档案（办件 ' + caseId + '）', kind: 'archive' };
  if (row.source.kind === 'applicant') return { text: '申请人提交', kind: 'applicant' };
  return { text: '未配置来源', kind: 'none' };
}

const TAG: Record<string, string> = { item: 'lb-tag--blue', archive: 'lb-tag--green', applicant: 'lb-tag--orange', none: 'lb-tag--red' };

/** 材料来源: every material the case's items read, with its source — the applicant, an item of this case, or the archive. */
export function SourcesCard(props: { rows: MaterialSourceRow[]; held: HeldResponse | null; notice: Notice | null; extra?: MaterialSourceRow[] }) {
  const rows = props.rows.concat(props.extra || []);
  if (!rows.length) return null;
  const asked = rows.filter((r) => sourceText(r, props.held, props.notice).kind === 'applicant').length;
  return (
    <Card title="材料来源" testid="material-sources">
      <div class="lb-meta">{'共需 ' + rows.length + ' 份，向申请人收取 ' + asked + ' 份'}</div>
      {rows.map((r) => {
        const s = sourceText(r, props.held, props.notice);
        return (
          <div key={r.id} style={{ padding: '6px 0', borderTop: '1px solid rgba(126, 134, 142, 0.16)' }} data-testid={'source-' + r.id} data-source={s.kind}>
            <div>{r.name}</div>
            <span class={'lb-tag ' + TAG[s.kind]}>{s.text}</span>
          </div>
        );
      })}
    </Card>
  );
}
