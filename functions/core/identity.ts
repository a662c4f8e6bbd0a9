/**
 * Identity fields (身份要素): what is signed must match what was applied for. An item lists, as data
 * (`Item.identity`, checked by bundleValidation), the output fields that must equal a value of the
 * application (a form field the item sees) or of a material it received. From them the core
 * - prefills the sign-off form (`expectedOutputs`),
 * - refuses a sign-off whose value differs unless the signer gives a correction note (更正说明) for the
 *   field (`signOffIdentity`: 422 OUTPUT_MISMATCH, per-field issues); the note is signed with the outputs
 *   and travels with the shared material,
 * - shows a consuming department where a received material disagrees with the values its producer was
 *   applied for (`receivedMismatches`), and the producer's correction notes (`receivedCorrections`), both
 *   computed when the consumer's sub-task is viewed, from the producer's sub-task.
 * Values of a sensitive class are shown as lists show them (bundle.ts listMaskOf, policy maskValues).
 */
import type { Actor } from './actor.js';
import { type Bundle, type FieldDef, findItem, findMaterialType, type IdentityRule, type Item, producerOf, type ValueRef } from './bundle.js';
import type { Directory } from './directory.js';
import { domainError, type DomainError, type Issue } from './errors.js';
import type { FieldValue, FormValues } from './form.js';
import { normalizeCreditCode } from './creditCode.js';
import { normalizeIdNumber } from './idNumber.js';
import { INTAKE, type ReceivedInput } from './materials.js';
import { authorizeSubTask, maskValues, visibleData } from './policy.js';
import { type CaseInfo, caseScopeOf, scopeOf, type SubTask } from './subtaskRecord.js';
import { textIssues, visibleLength } from './text.js';

/** A signer's note on an output field that differs from the application (更正说明), signed with the outputs. */
export interface OutputCorrection {
  material: string;
  field: string;
  reason: string;
}

/** Longest correction note, in characters. */
const MAX_CORRECTION = 200;

/** Where a received value disagrees with what its producer was applied for. */
interface InputMismatch {
  field: string;
  label: string;
  /** "申请" or the name of the material the expected value came from. */
  source: string;
  /** The expected value, masked as lists show its class. */
  expected: string;
  /** What the material says, masked likewise ("" when empty). */
  actual: string;
}

/** A correction note of a received material, with the field's label. */
interface InputCorrection {
  field: string;
  label: string;
  reason: string;
}

function valueOf(ref: ValueRef, source: { form: FormValues; inputs: Readonly<Record<string, ReceivedInput>> }): FieldValue | undefined {
  const v = ref.source === 'form' ? source.form[ref.field] : source.inputs[ref.source]?.fields[ref.field];
  return v === '' ? undefined : v;
}

/** The values an item's outputs must carry, per output material: the prefill of its sign-off form. */
export function expectedOutputs(item: Item, source: { form: FormValues; inputs: Readonly<Record<string, ReceivedInput>> }): Record<string, FormValues> {
  const out: Record<string, FormValues> = {};
  for (const rule of item.identity ?? []) {
    const v = valueOf(rule.equals, source);
    if (v !== undefined) out[rule.material] = { ...out[rule.material], [rule.field]: v };
  }
  return out;
}

/** Whether two values of a field are the same: ID numbers ignore case, instants compare as times, text ignores outer spaces. */
function sameValue(def: FieldDef | undefined, a: FieldValue, b: FieldValue): boolean {
  const x = String(a).trim();
  const y = String(b).trim();
  if (def?.type === 'idNumber') return normalizeIdNumber(x) === normalizeIdNumber(y);
  if (def?.type === 'creditCode') return normalizeCreditCode(x) === normalizeCreditCode(y);
  if (def?.type === 'datetime') {
    const [tx, ty] = [Date.parse(x), Date.parse(y)];
    if (!Number.isNaN(tx) && !Number.isNaN(ty)) return tx === ty;
  }
  return x === y;
}

function shown(def: FieldDef | undefined, v: FieldValue | undefined): string {
  if (v === undefined || v === '') return '';
  if (!def) return String(v);
  return String(maskValues({ [def.key]: v }, [def])[def.key]);
}

function sourceName(bundle: Bundle, ref: ValueRef): string {
  return ref.source === 'form' ? '申请' : `「${findMaterialType(bundle, ref.source)?.name ?? ref.source}」`;
}

interface Difference {
  rule: IdentityRule;
  def: FieldDef | undefined;
  expected: FieldValue;
  actual: FieldValue | undefined;
}

function differences(bundle: Bundle, rules: readonly IdentityRule[], material: string, values: FormValues, expected: FormValues): Difference[] {
  const type = findMaterialType(bundle, material);
  const out: Difference[] = [];
  for (const rule of rules) {
    if (rule.material !== material) continue;
    const want = expected[rule.field];
    if (want === undefined || want === '') continue;
    const def = type?.fields.find((f) => f.key === rule.field);
    const got = values[rule.field];
    if (got === undefined || got === '' || !sameValue(def, got, want)) out.push({ rule, def, expected: want, actual: got });
  }
  return out;
}

/**
 * The identity check of a sign-off: the corrections to keep (only for fields that differ), or the error —
 * 400 VALIDATION_FAILED for a malformed note or one naming no identity field, 422 OUTPUT_MISMATCH naming
 * every differing field that has no note (what the application says, what was entered, what to do).
 */
export function signOffIdentity(
  bundle: Bundle,
  item: Item,
  source: { form: FormValues; inputs: Readonly<Record<string, ReceivedInput>> },
  outputs: Readonly<Record<string, FormValues>>,
  corrections: readonly OutputCorrection[],
): OutputCorrection[] | DomainError {
  const rules = item.identity ?? [];
  const invalid: Issue[] = [];
  corrections.forEach((c, n) => {
    const at = `corrections.${n}.reason`;
    if (!rules.some((r) => r.material === c.material && r.field === c.field)) {
      invalid.push({ field: `corrections.${n}`, code: 'NOT_AN_IDENTITY_FIELD', message: `「${c.material}.${c.field}」不是需与申请一致的字段，无需更正说明` });
      return;
    }
    const bad = textIssues(c.reason, { field: at, label: '更正说明' }, { required: true });
    if (bad.length) invalid.push(...bad);
    else if (visibleLength(c.reason.trim()) < 2) invalid.push({ field: at, code: 'REQUIRED', message: '请填写更正说明（至少2个字）' });
    else if (c.reason.trim().length > MAX_CORRECTION) invalid.push({ field: at, code: 'TOO_LONG', message: `更正说明不应超过${MAX_CORRECTION}字` });
  });
  if (invalid.length) return domainError('VALIDATION_FAILED', invalid[0].message, invalid);

  const expected = expectedOutputs(item, source);
  const kept: OutputCorrection[] = [];
  const issues: Issue[] = [];
  for (const material of item.outputs) {
    const typeName = findMaterialType(bundle, material)?.name ?? material;
    for (const d of differences(bundle, rules, material, outputs[material] ?? {}, expected[material] ?? {})) {
      const note = corrections.find((c) => c.material === material && c.field === d.rule.field);
      if (note) {
        kept.push({ material, field: d.rule.field, reason: note.reason.trim() });
        continue;
      }
      const label = d.def?.label ?? d.rule.field;
      const from = sourceName(bundle, d.rule.equals);
      const entered = shown(d.def, d.actual);
      issues.push({
        field: `${material}.${d.rule.field}`,
        code: 'IDENTITY_MISMATCH',
        message: `「${typeName}」的【${label}】与${from}不一致：${from}为「${shown(d.def, d.expected)}」，填写为「${entered || '未填写'}」。`
          + `请按${from}核对改正；确需不同的，请填写更正说明。`,
      });
    }
  }
  if (issues.length) return domainError('OUTPUT_MISMATCH', undefined, issues);
  return kept;
}

/** The identity rules that bind a material: those of the item issuing it in the bundle. */
function rulesFor(bundle: Bundle, material: string): IdentityRule[] {
  return (producerOf(bundle, material)?.identity ?? []).filter((r) => r.material === material);
}

/**
 * Where a received material disagrees with the values its producer was applied for (`expected`: the
 * producer's expectedOutputs of that material), for the fields in `visible` only.
 */
function receivedMismatches(bundle: Bundle, received: ReceivedInput, expected: FormValues, visible: readonly string[]): InputMismatch[] {
  const rules = rulesFor(bundle, received.material).filter((r) => visible.includes(r.field));
  return differences(bundle, rules, received.material, received.fields, expected).map((d) => ({
    field: d.rule.field,
    label: d.def?.label ?? d.rule.field,
    source: sourceName(bundle, d.rule.equals),
    expected: shown(d.def, d.expected),
    actual: shown(d.def, d.actual),
  }));
}

/** The producer's correction notes on a material, for the fields in `visible`, with the fields' labels. */
function receivedCorrections(bundle: Bundle, material: string, corrections: readonly OutputCorrection[], visible: readonly string[]): InputCorrection[] {
  const type = findMaterialType(bundle, material);
  return corrections
    .filter((c) => c.material === material && visible.includes(c.field))
    .map((c) => ({ field: c.field, label: type?.fields.find((f) => f.key === c.field)?.label ?? c.field, reason: c.reason }));
}

/** What the identity fields add to a sub-task's detail for one actor. */
export interface IdentityView {
  /** The sign-off form's expected values per output material; only for who may sign off now. */
  prefill: Record<string, FormValues>;
  /** The correction notes signed with its own outputs, where the actor sees the outputs. */
  corrections: OutputCorrection[];
  /** Per received material the actor may see: where it disagrees with what its producer was applied for, and the producer's notes. */
  inputChecks: Record<string, { mismatches: InputMismatch[]; corrections: InputCorrection[] }>;
}

/**
 * The identity view of a sub-task for an actor (policy visibleData decides what it may see): the prefill of its
 * sign-off (a signer, while claimed), its own correction notes, and the checks of its received materials against
 * their producers' sub-tasks (`producers`: item id → sub-task; a producer not given is not checked).
 */
export function identityView(
  actor: Actor,
  st: SubTask,
  bundle: Bundle,
  item: Item,
  caseInfo: CaseInfo,
  dir: Directory,
  producers: ReadonlyMap<string, SubTask>,
): IdentityView {
  const c = caseScopeOf(caseInfo);
  const data = visibleData(actor, item, scopeOf(st), c, dir);
  const signs = st.state === 'claimed' && caseInfo.state === 'accepted' && authorizeSubTask(actor, 'signOff', scopeOf(st), c, dir) === null;
  const inputChecks: IdentityView['inputChecks'] = {};
  for (const [material, fields] of Object.entries(data.materials)) {
    const received = st.inputs[material];
    if (!received || received.from === INTAKE) continue;
    const producer = producers.get(received.from);
    const producerItem = findItem(bundle, received.from);
    if (!producer || !producerItem) continue;
    const expected = expectedOutputs(producerItem, producer)[material] ?? {};
    inputChecks[material] = {
      mismatches: receivedMismatches(bundle, received, expected, fields),
      corrections: receivedCorrections(bundle, material, producer.corrections ?? [], fields),
    };
  }
  return { prefill: signs ? expectedOutputs(item, st) : {}, corrections: data.outputs ? st.corrections ?? [] : [], inputChecks };
}
