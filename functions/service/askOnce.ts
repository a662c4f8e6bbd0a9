/**
 * Ask once (无证件办事): the intake materials a case needs that lianban already holds. For each subject of the
 * application (a person, an enterprise, a project: the keyed hash of its number, store/pii.ts) the archive lists
 * its cases; a material of a bundle's `intakeMaterials` issued by a done, validly signed sub-task of a completed
 * case is reused instead of asked again — the latest issued one, and only when every subject code the material
 * names (e.g. the permit's 项目代码) is the application's. Each reused record keeps its source case and item
 * (caseId, producedBy). Reads only; the intake audits the reuse when the case is accepted.
 */
import type { Bundle } from '../core/bundle.js';
import { subjectIds } from '../core/case.js';
import type { FormValues } from '../core/form.js';
import { selectItems } from '../core/form.js';
import { materialsIssuedBy, type MaterialRecord } from '../core/materials.js';
import { normalizeSubjectCode } from '../core/subject.js';
import type { ArchiveOps } from './archiveOps.js';
import type { ServiceContext, Snapshot } from './context.js';

/** Whether a material names only this application's subjects (a field keyed as a subject's id field must match). */
function namesSameSubjects(bundle: Bundle, values: FormValues, m: MaterialRecord): boolean {
  return subjectIds(bundle, values, {}).every((s) => {
    const ref = bundle.subjects.find((r) => r.role === s.role);
    const v = ref ? m.data[ref.idField] : undefined;
    return typeof v !== 'string' || normalizeSubjectCode(s.kind, v) === s.code;
  });
}

/**
 * The intake materials of this application lianban holds. No archive is read when none of the materials the
 * chosen items need is issued by an item of any bundle (e.g. the birth bundle's 结婚证 and 户口簿): nothing to find.
 */
export async function heldMaterials(
  ctx: ServiceContext, snap: Snapshot, archive: ArchiveOps, bundle: Bundle, values: FormValues, chosenOptional: readonly string[],
): Promise<MaterialRecord[]> {
  const issuable = new Set(snap.latestBundles().flatMap((b) => b.items.flatMap((i) => i.outputs)));
  const wanted = new Set(
    selectItems(bundle, chosenOptional).flatMap((i) => i.inputs.map((inp) => inp.material)).filter((m) => bundle.intakeMaterials.includes(m) && issuable.has(m)),
  );
  if (wanted.size === 0) return [];
  const subjects = subjectIds(bundle, values, {});
  const caseIds = new Set<string>();
  for (const s of subjects) for (const e of await ctx.archive.list(ctx.cipher.subjectHash(s.code, s.kind))) caseIds.add(e.caseId);
  const found = new Map<string, MaterialRecord>();
  for (const caseId of caseIds) {
    const [loaded, sigs] = await Promise.all([ctx.cases.load(caseId, 'work'), ctx.cases.load(caseId, 'signatures')]);
    if (loaded?.record?.state !== 'completed') continue;
    for (const itemId of loaded.record.items) {
      const st = loaded.subTasks.get(itemId);
      if (!st || st.state !== 'done') continue;
      const issued = materialsIssuedBy(st).filter((m) => wanted.has(m.type) && namesSameSubjects(bundle, values, m));
      if (issued.length === 0 || !(await archive.signaturesValid(st, sigs?.signatures.get(itemId) ?? []))) continue;
      for (const m of issued) {
        const known = found.get(m.type);
        if (!known || known.issuedAt < m.issuedAt) found.set(m.type, m);
      }
    }
  }
  return [...found.values()];
}
