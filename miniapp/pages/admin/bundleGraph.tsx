import { materialSources, type MaterialSources } from '../../../functions/core/materialSources';
import { layers, placeBoxes, wrapName } from '../graph';
import type { Bundle } from './types';

const W = 110;
const LINE = 14;
const GX = 28;
const GY = 12;

interface Edge {
  from: string;
  to: string;
  material: string;
}

/** Who feeds whom: an arrow from the item that issues a material to each item that takes it as an input. */
function edgesOf(bundle: Bundle): Edge[] {
  const edges: Edge[] = [];
  const items = bundle.items || [];
  items.forEach((to) =>
    (to.inputs || []).forEach((input) => {
      items.forEach((from) => {
        if (from !== to && (from.outputs || []).indexOf(input.material) >= 0) edges.push({ from: from.id, to: to.id, material: input.material });
      });
    }),
  );
  return edges;
}

/** 必办事项所需材料的来源: "向申请人收取 N 份 / 共需 M 份" (core materialSources); nothing while the draft is too incomplete to count. */
function sourcesLine(b: Bundle) {
  let s: MaterialSources;
  try {
    s = materialSources(b);
  } catch {
    return null;
  }
  if (!s.needed) return null;
  return (
    <div class="lb-meta" data-testid="editor-sources">
      {'必办事项所需材料：向申请人收取 ' + s.askedFromApplicant + ' 份 / 共需 ' + s.needed + ' 份' +
        (s.askedWithoutSharing > s.askedFromApplicant ? '（各部门分别收取需 ' + s.askedWithoutSharing + ' 份）' : '')}
    </div>
  );
}

/**
 * The bundle being edited as its graph: items as boxes (name, department, days; optional items dashed), arrows
 * for the materials one item issues and another takes; below, each arrow in words and what comes from intake.
 */
export function EditorGraph(props: { bundle: Bundle; kindName: (kind: string) => string }) {
  const b = props.bundle;
  const items = (b.items || []).filter((i) => i && i.id);
  if (!items.length) return <div class="lb-meta" data-testid="editor-graph-empty">尚未添加事项</div>;
  const edges = edgesOf(b);
  const matName = (id: string) => {
    const m = (b.materials || []).filter((x) => x.id === id)[0];
    return m && m.name ? m.name : id;
  };
  const level = layers(items.map((i) => ({ id: i.id, name: i.name, dependsOn: edges.filter((e) => e.to === i.id).map((e) => e.from) })));
  const names: Record<string, string[]> = {};
  let maxLines = 1;
  items.forEach((i) => {
    names[i.id] = wrapName(i.name || i.id, 8);
    maxLines = Math.max(maxLines, names[i.id].length);
  });
  const H = maxLines * LINE + 34;
  const { pos, width, height } = placeBoxes(items.map((i) => i.id), level, { w: W, h: H, gx: GX, gy: GY });
  const fromIntake = (b.intakeMaterials || []).map(matName);
  return (
    <div data-testid="editor-graph">
      <div class="lb-graph-wrap">
        <svg class="lb-graph" viewBox={'-1 -1 ' + (width + 2) + ' ' + (height + 2)} width={width + 2} height={height + 2} role="img" aria-label="一件事流程图">
          <defs>
            <marker id="lb-admin-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M0 0L6 3L0 6z" fill="#0089ff" />
            </marker>
          </defs>
          {edges.filter((e) => pos[e.from] && pos[e.to]).map((e) => {
            const a = pos[e.from];
            const z = pos[e.to];
            return (
              <path
                key={e.from + '>' + e.to + ':' + e.material}
                data-testid={'graph-edge-' + e.from + '-' + e.to}
                d={'M' + (a.x + W) + ' ' + (a.y + H / 2) + 'C' + (a.x + W + GX / 2) + ' ' + (a.y + H / 2) + ' ' + (z.x - GX / 2) + ' ' + (z.y + H / 2) + ' ' + z.x + ' ' + (z.y + H / 2)}
                fill="none"
                stroke="#0089ff"
                marker-end="url(#lb-admin-arrow)"
              >
                <title>{matName(e.material)}</title>
              </path>
            );
          })}
          {items.map((i) => {
            const p = pos[i.id];
            return (
              <g key={i.id} data-testid={'graph-node-' + i.id}>
                <rect x={p.x} y={p.y} width={W} height={H} rx="6" fill="#fff" stroke={i.required ? '#0089ff' : '#9a9da0'} stroke-width="1.5" stroke-dasharray={i.required ? undefined : '4 3'} />
                <text x={p.x + W / 2} y={p.y + 16} text-anchor="middle" font-size="12" fill="#171a1d">
                  {names[i.id].map((line, k) => (
                    <tspan key={k} x={p.x + W / 2} dy={k ? LINE : 0}>
                      {line}
                    </tspan>
                  ))}
                </text>
                <text x={p.x + W / 2} y={p.y + maxLines * LINE + 16} text-anchor="middle" font-size="11" fill="#6b6e70">
                  {props.kindName(i.department)}
                </text>
                <text x={p.x + W / 2} y={p.y + maxLines * LINE + 29} text-anchor="middle" font-size="11" fill="#6b6e70">
                  {(i.timeLimitDays || '?') + ' 个工作日' + (i.required ? '' : ' · 可选')}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <ul class="lb-admin-edges">
        {edges.map((e) => {
          const from = items.filter((i) => i.id === e.from)[0];
          const to = items.filter((i) => i.id === e.to)[0];
          return <li key={e.from + e.to + e.material}>{(from ? from.name || from.id : e.from) + ' → ' + (to ? to.name || to.id : e.to) + '：' + matName(e.material)}</li>;
        })}
        {fromIntake.length ? <li>{'受理时提交：' + fromIntake.join('、')}</li> : null}
      </ul>
      {sourcesLine(b)}
    </div>
  );
}
