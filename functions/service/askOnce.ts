/**
 * Ask once (无证件办事): the intake materials a case needs that lianban already holds. For each subject of the
 * application (a person, an enterprise, a project: the keyed hash of its number, store/pii.ts) the archive lists
 * its cases; a material of a bundle's `intakeMaterials` issued by a done, validly signed sub-task of a completed
 * case is reused instead of asked again — the latest issued one, and only when every subject code the material
 * names (e.g. the permit's 项目代码) is the application's. Each reused record keeps its source case and item
 * (caseId, producedBy). Reads only; the intake audits the reuse when the case is accepted.
 *
 * `heldForIntake` answers the intake page's 「调取档案材料」 (POST /api/intake/held): the held materials with their
 * source (case, item), and the form values the bundle's `prefill` rules take from them (core prefill.ts) — an archive
 * read, audited on each source case's chain with its purpose, as the archive page's reads are.
 */
import type { StaffActor } from '../core/actor.js';
import { type Bundle, findMaterialType } from '../core/bundle.js';
import { subjectIds } from '../core/case.js';
import type { FormValues } from '../core/form.js';
import { selectItems } from '../core/form.js';
import { domainError, type Issue } from '../core/errors.js';
import { materialsIssuedBy, type MaterialRecord } from '../core/materials.js';
import { maskValues } from '../core/policy.js';
import { prefillValues, type PrefilledValue } from '../core/prefill.js';
import { normalizeSubjectCode, subjectCodeProblems } from '../core/subject.js';
import { shanghaiDate } from '../core/time.js';
import type { ArchiveOps } from './archiveOps.js';
import type { AuditOps } from './auditOps.js';
import type { ServiceContext, Snapshot } from './context.js';

/** Whether a material names only this application's subjects (a field keyed as a subject's id field must match). */
function namesSameSubjects(bundle: Bundle, values: FormValues, m: MaterialRecord): boolean {
  return subjectIds(bundle, values, {}).every((s) => {
    const ref = bundle.subjects.find((r) => r.role === s.role);
    const v = ref ? m.data[ref.idField] : undefined;
    return typeof v !== 'string' || normalizeSubjectCode(s.kind, v) === s.code;
  });
}

/** A held material with the name of the item that issued it (in the source case's bundle version). */
interface Held {
  material: MaterialRecord;
  itemName: string;
}

/**
 * The intake materials of this application lianban holds. No archive is read when none of the materials the
 * chosen items need (or the bundle's pre-fill rules read) is issued by an item of any bundle (e.g. the birth
 * bundle's 结婚证 and 户口簿): nothing to find.
 */
export async function heldMaterials(
  ctx: ServiceContext, snap: Snapshot, archive: ArchiveOps, bundle: Bundle, values: FormValues, chosenOptional: readonly string[],
): Promise<MaterialRecord[]> {
  return (await findHeld(ctx, snap, archive, bundle, values, chosenOptional)).map((h) => h.material);
}

async function findHeld(
  ctx: ServiceContext, snap: Snapshot, archive: ArchiveOps, bundle: Bundle, values: FormValues, chosenOptional: readonly string[],
): Promise<Held[]> {
  const issuable = new Set(snap.latestBundles().flatMap((b) => b.items.flatMap((i) => i.outputs)));
  const read = [...selectItems(bundle, chosenOptional).flatMap((i) => i.inputs.map((inp) => inp.material)), ...(bundle.prefill ?? []).map((r) => r.from.source)];
  const wanted = new Set(read.filter((m) => bundle.intakeMaterials.includes(m) && issuable.has(m)));
  if (wanted.size === 0) return [];
  const subjects = subjectIds(bundle, values, {});
  const caseIds = new Set<string>();
  for (const s of subjects) for (const e of await ctx.archive.list(ctx.cipher.subjectHash(s.code, s.kind))) caseIds.add(e.caseId);
  const found = new Map<string, Held>();
  for (const caseId of caseIds) {
    const [loaded, sigs] = await Promise.all([ctx.cases.load(caseId, 'work'), ctx.cases.load(caseId, 'signatures')]);
    if (loaded?.record?.state !== 'completed') continue;
    const source = snap.bundle(loaded.record.bundleId, loaded.record.bundleVersion);
    for (const itemId of loaded.record.items) {
      const st = loaded.subTasks.get(itemId);
      if (!st || st.state !== 'done') continue;
      const issued = materialsIssuedBy(st).filter((m) => wanted.has(m.type) && namesSameSubjects(bundle, values, m));
      if (issued.length === 0 || !(await archive.signaturesValid(st, sigs?.signatures.get(itemId) ?? []))) continue;
      const itemName = source.items.find((i) => i.id === itemId)?.name ?? itemId;
      for (const m of issued) {
        const known = found.get(m.type);
        if (!known || known.material.issuedAt < m.issuedAt) found.set(m.type, { material: m, itemName });
      }
    }
  }
  return [...found.values()];
}

/** A held material as the intake page lists it: its type and name, the source case and item, and its data (masked). */
interface HeldListing {
  type: string;
  name: string;
  caseId: string;
  itemId: string;
  itemName: string;
  issuedAt: string;
  data: FormValues;
}

/**
 * 「调取档案材料」 at intake: the materials of the application's subjects lianban holds and the form values they
 * pre-fill. Each subject number given must be valid (400 otherwise: no archive is looked up for a mistyped number).
 * The data listed is masked as lists mask it, limited to the fields the bundle's material type declares; the
 * pre-filled values are what the clerk would type. Each source case's audit chain records the read (the subjects'
 * keyed hashes, the material and the fields pre-filled, the purpose).
 */
export async function heldForIntake(
  ctx: ServiceContext, snap: Snapshot, archive: ArchiveOps, audit: AuditOps, actor: StaffActor,
  bundle: Bundle, values: FormValues, chosenOptional: readonly string[],
): Promise<{ held: HeldListing[]; prefill: Record<string, PrefilledValue> }> {
  const today = shanghaiDate(ctx.now());
  const issues: Issue[] = [];
  for (const s of bundle.subjects) {
    const v = s.source === 'form' ? values[s.idField] : undefined;
    if (typeof v !== 'string' || v.trim() === '') continue;
    const problems = subjectCodeProblems(subjectKindOf(bundle, s.role), v, today);
    if (problems.length) issues.push({ field: s.idField, code: 'SUBJECT_CODE_INVALID', message: `【${s.label}】${problems[0]}` });
  }
  if (issues.length) throw domainError('VALIDATION_FAILED', issues[0].message, issues);
  const found = await findHeld(ctx, snap, archive, bundle, values, chosenOptional);
  const prefill = prefillValues(bundle, chosenOptional, found.map((h) => h.material));
  const held = found.map(({ material: m, itemName }): HeldListing => {
    const type = findMaterialType(bundle, m.type);
    const declared = Object.fromEntries(Object.entries(m.data).filter(([k]) => type?.fields.some((f) => f.key === k)));
    return { type: m.type, name: type?.name ?? m.type, caseId: m.caseId, itemId: m.producedBy, itemName, issuedAt: m.issuedAt, data: maskValues(declared, type?.fields ?? []) };
  });
  const subjects = subjectIds(bundle, values, {}).map((s) => ctx.cipher.subjectHash(s.code, s.kind));
  const purpose = `受理「${bundle.name}」：调取档案中已有的材料，不再要求申请人提交（无证件办事）`;
  for (const caseId of [...new Set(held.map((h) => h.caseId))]) {
    const filled = Object.entries(prefill).filter(([, p]) => p.caseId === caseId).map(([field]) => field);
    const data = [...held.filter((h) => h.caseId === caseId).map((h) => `${h.type}:*`), ...(filled.length ? [`prefill:${filled.join(',')}`] : [])];
    await audit.append(caseId, [audit.draft(actor, 'archiveRead', subjects, data, purpose)]);
  }
  return { held, prefill };
}

/** The kind of the bundle's subject of a role (a person by default). */
function subjectKindOf(bundle: Bundle, role: string) {
  return bundle.subjects.find((s) => s.role === role)?.kind ?? 'person';
}
