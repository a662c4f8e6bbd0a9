import { SUBTASK_STATES } from '../lib/states';
import type { GraphItem } from './types';

const COLORS: Record<string, string> = { blue: '#0089ff', green: '#00b042', orange: '#ff9200', red: '#ff5219', grey: '#9a9da0' };
const W = 94;
/** Characters per line of a box (12 px CJK in 94 px); longer names wrap, never cut. */
const PER_LINE = 7;
const LINE = 14;
const GX = 14;
const GY = 12;

/** Column of each item: the length of the longest chain of items it depends on. */
export function layers(items: GraphItem[]): Record<string, number> {
  const level: Record<string, number> = {};
  const ids = items.map((i) => i.id);
  const visit = (item: GraphItem, depth: number): number => {
    if (level[item.id] !== undefined) return level[item.id];
    if (depth > items.length) return 0; // a cycle: give up on depth rather than loop
    let l = 0;
    item.dependsOn.forEach((d) => {
      const p = items[ids.indexOf(d)];
      if (p) l = Math.max(l, visit(p, depth + 1) + 1);
    });
    return (level[item.id] = l);
  };
  items.forEach((i) => visit(i, 0));
  return level;
}

/** Boxes on a grid: each item in its column (`level`), rows filled top-down; the positions and the drawing's size. */
export function placeBoxes(
  ids: string[],
  level: Record<string, number>,
  box: { w: number; h: number; gx: number; gy: number },
): { pos: Record<string, { x: number; y: number }>; width: number; height: number } {
  const rows: Record<number, number> = {};
  const pos: Record<string, { x: number; y: number }> = {};
  let cols = 0;
  let maxRows = 0;
  ids.forEach((id) => {
    const c = level[id] || 0;
    const r = rows[c] || 0;
    rows[c] = r + 1;
    pos[id] = { x: c * (box.w + box.gx), y: r * (box.h + box.gy) };
    cols = Math.max(cols, c + 1);
    maxRows = Math.max(maxRows, r + 1);
  });
  return { pos, width: cols * (box.w + box.gx) - box.gx, height: maxRows * (box.h + box.gy) - box.gy };
}

/** A name in lines of at most `n` characters: before a bracket when both parts fit, else in even pieces. */
export function wrapName(s: string, n = PER_LINE): string[] {
  if (s.length <= n) return [s];
  const b = s.indexOf('（');
  if (b > 0 && b <= n && s.length - b <= n) return [s.slice(0, b), s.slice(b)];
  const k = Math.ceil(s.length / n);
  const size = Math.ceil(s.length / k);
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += size) lines.push(s.slice(i, i + size));
  return lines;
}

/**
 * The bundle as a graph: one box per item, coloured by its sub-task's state, arrows from the items
 * whose materials it needs. Items without a sub-task in this case are drawn dashed.
 */
export function BundleGraph(props: { items: GraphItem[]; states: Record<string, string> }) {
  const level = layers(props.items);
  const names: Record<string, string[]> = {};
  let maxLines = 1;
  props.items.forEach((i) => {
    names[i.id] = wrapName(i.name);
    maxLines = Math.max(maxLines, names[i.id].length);
  });
  // every box as tall as the longest name needs: name lines, then the state
  const H = maxLines * LINE + 24;
  const { pos, width, height } = placeBoxes(props.items.map((i) => i.id), level, { w: W, h: H, gx: GX, gy: GY });
  return (
    <svg class="lb-graph" data-testid="case-graph" viewBox={'-1 -1 ' + (width + 2) + ' ' + (height + 2)} width={width + 2} height={height + 2} role="img" aria-label="事项办理流程图">
      <defs>
        <marker id="lb-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto">
          <path d="M0 0L6 3L0 6z" fill="#9a9da0" />
        </marker>
      </defs>
      {props.items.map((i) =>
        i.dependsOn.filter((d) => pos[d]).map((d) => (
          <path
            key={d + '>' + i.id}
            d={'M' + (pos[d].x + W) + ' ' + (pos[d].y + H / 2) + 'C' + (pos[d].x + W + GX / 2) + ' ' + (pos[d].y + H / 2) + ' ' + (pos[i.id].x - GX / 2) + ' ' + (pos[i.id].y + H / 2) + ' ' + pos[i.id].x + ' ' + (pos[i.id].y + H / 2)}
            fill="none"
            stroke="#9a9da0"
            marker-end="url(#lb-arrow)"
          />
        )),
      )}
      {props.items.map((i) => {
        const state = props.states[i.id];
        const known = state ? SUBTASK_STATES[state] : undefined;
        const color = COLORS[known ? known.tone : 'grey'];
        const p = pos[i.id];
        return (
          <g key={i.id} data-testid={'graph-node-' + i.id} data-state={state || 'none'}>
            <title>{i.name + '：' + (known ? known.label : '未申请')}</title>
            <rect x={p.x} y={p.y} width={W} height={H} rx="6" fill="#fff" stroke={color} stroke-width="1.5" stroke-dasharray={state ? undefined : '4 3'} />
            <text class="lb-graph__name" x={p.x + W / 2} y={p.y + 16} text-anchor="middle" font-size="12" fill="#171a1d">
              {names[i.id].map((line, k) => (
                <tspan key={k} x={p.x + W / 2} dy={k ? LINE : 0}>
                  {line}
                </tspan>
              ))}
            </text>
            <text x={p.x + W / 2} y={p.y + maxLines * LINE + 16} text-anchor="middle" font-size="11" fill={color}>
              {known ? known.label : '未申请'}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
