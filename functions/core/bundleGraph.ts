/**
 * The item graph of a bundle: an item depends on the items that issue the materials it consumes.
 */
import { type Bundle, type Item, producerOf } from './bundle.js';

/** Items in dependency order (producers first), or null if the graph has a cycle. */
export function topologicalOrder(bundle: Bundle): Item[] | null {
  const order: Item[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: Item): boolean => {
    const s = state.get(item.id);
    if (s === 'done') return true;
    if (s === 'visiting') return false;
    state.set(item.id, 'visiting');
    for (const input of item.inputs) {
      const producer = producerOf(bundle, input.material);
      if (producer && !visit(producer)) return false;
    }
    state.set(item.id, 'done');
    order.push(item);
    return true;
  };
  for (const item of bundle.items) if (!visit(item)) return null;
  return order;
}

/** Longest sum of time limits along a dependency path through the given items. */
export function criticalPathDays(bundle: Bundle, itemIds?: readonly string[]): number {
  const order = topologicalOrder(bundle) ?? [];
  const chosen = new Set(itemIds ?? bundle.items.map((i) => i.id));
  const finish = new Map<string, number>();
  let max = 0;
  for (const item of order) {
    if (!chosen.has(item.id)) continue;
    let start = 0;
    for (const input of item.inputs) {
      const p = producerOf(bundle, input.material);
      if (p && chosen.has(p.id)) start = Math.max(start, finish.get(p.id) ?? 0);
    }
    const end = start + item.timeLimitDays;
    finish.set(item.id, end);
    max = Math.max(max, end);
  }
  return max;
}

