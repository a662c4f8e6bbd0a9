/**
 * Where each material of a case comes from (材料来源): for a bundle and the optional items chosen, every material
 * the case's items read, with its one source — the applicant (an intake material, asked once however many
 * departments read it) or the item of this case that issues it (shared, never asked) — and the counts the bundle
 * page and the dry run show: "向申请人收取 N 份 / 共需 M 份", beside the number of times departments would ask if
 * each asked for its own inputs. Pure.
 */
import type { Bundle } from './bundle.js';
import { selectItems } from './form.js';

type MaterialOrigin =
  | { kind: 'applicant' }
  | { kind: 'item'; itemId: string; itemName: string }
  /** Neither issued by a chosen item nor supplied at intake (a bundle validation refuses; shown, not hidden). */
  | { kind: 'none' };

interface MaterialSource {
  id: string;
  name: string;
  source: MaterialOrigin;
  /** Ids of the chosen items that read it, in bundle order. */
  readBy: string[];
}

export interface MaterialSources {
  /** Every material the chosen items read, in the order first read. */
  materials: MaterialSource[];
  /** Materials asked from the applicant (source applicant). */
  askedFromApplicant: number;
  /** Distinct materials the chosen items read. */
  needed: number;
  /** Materials asked if every item's department asked for each of its inputs itself (no sharing). */
  askedWithoutSharing: number;
}

export function materialSources(bundle: Bundle, chosenOptional: readonly string[] = []): MaterialSources {
  const items = selectItems(bundle, chosenOptional);
  const chosen = new Set(items.map((i) => i.id));
  const readBy = new Map<string, string[]>();
  let askedWithoutSharing = 0;
  for (const item of items) {
    for (const input of item.inputs) {
      askedWithoutSharing++;
      const readers = readBy.get(input.material) ?? [];
      if (!readers.includes(item.id)) readers.push(item.id);
      readBy.set(input.material, readers);
    }
  }
  const materials = [...readBy].map(([id, readers]): MaterialSource => {
    const producer = bundle.items.find((i) => chosen.has(i.id) && i.outputs.includes(id));
    const source: MaterialOrigin = producer
      ? { kind: 'item', itemId: producer.id, itemName: producer.name }
      : bundle.intakeMaterials.includes(id) ? { kind: 'applicant' } : { kind: 'none' };
    return { id, name: bundle.materials.find((m) => m.id === id)?.name ?? id, source, readBy: readers };
  });
  return {
    materials,
    askedFromApplicant: materials.filter((m) => m.source.kind === 'applicant').length,
    needed: materials.length,
    askedWithoutSharing,
  };
}
