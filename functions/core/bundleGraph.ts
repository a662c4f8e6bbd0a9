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

/**
 * When each of the given items starts and finishes, in working days from the case's start, if every item takes its
 * whole time limit: an item starts when the last of its producers among them finishes (dependency order).
 */
export function itemSchedule(bundle: Bundle, itemIds?: readonly string[]): Map<string, { startDays: number; finishDays: number }> {
  const order = topologicalOrder(bundle) ?? [];
  const chosen = new Set(itemIds ?? bundle.items.map((i) => i.id));
  const out = new Map<string, { startDays: number; finishDays: number }>();
  for (const item of order) {
    if (!chosen.has(item.id)) continue;
    let start = 0;
    for (const input of item.inputs) {
      const p = producerOf(bundle, input.material);
      if (p && chosen.has(p.id)) start = Math.max(start, out.get(p.id)?.finishDays ?? 0);
    }
    out.set(item.id, { startDays: start, finishDays: start + item.timeLimitDays });
  }
  return out;
}

/** Longest sum of time limits along a dependency path through the given items. */
export function criticalPathDays(bundle: Bundle, itemIds?: readonly string[]): number {
  return Math.max(0, ...[...itemSchedule(bundle, itemIds).values()].map((s) => s.finishDays));
}

/** The items of one dependency cycle, the first repeated at the end (A → B → A), or null when there is none. */
export function findCycle(bundle: Bundle): Item[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: Item[] = [];
  const visit = (item: Item): Item[] | null => {
    const s = state.get(item.id);
    if (s === 'done') return null;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(item)), item];
    state.set(item.id, 'visiting');
    stack.push(item);
    for (const input of item.inputs) {
      const producer = producerOf(bundle, input.material);
      const cycle = producer ? visit(producer) : null;
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(item.id, 'done');
    return null;
  };
  for (const item of bundle.items) {
    const cycle = visit(item);
    if (cycle) return cycle.reverse();
  }
  return null;
}
