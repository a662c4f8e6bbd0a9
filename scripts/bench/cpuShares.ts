// Where the CPU goes in one process that hosts the whole local stack: the V8 CPU profiles Node writes with
// `--cpu-prof` (one per thread: the main thread and every FC function instance's worker thread), each sample's time
// given to the component of its nearest frame in a file of the project or its packages — so a native call or Node's
// own code (a socket write, HTTP parsing, an LMDB commit, a hash) counts for the code that made it; what runs with no
// such caller (the event loop delivering a socket's data) is Node's.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The component a source file belongs to (first match wins). */
const COMPONENTS: [RegExp, string][] = [
  [/[\\/]functions[\\/]api[\\/]index\.js$/, 'api function (its bundle)'],
  [/[\\/]functions[\\/]dispatcher[\\/]index\.js$/, 'dispatcher function (its bundle)'],
  [/[\\/]functions[\\/]timer[\\/]index\.js$/, 'timer function (its bundle)'],
  [/node_modules[\\/](lmdb|msgpackr|ordered-binary)|packages[\\/]tablestore-local|node_modules[\\/](tablestore|protobufjs|long|int64-buffer)[\\/]/, 'tablestore-local (server, LMDB storage)'],
  [/packages[\\/]fc-local/, 'FC runner (fc-local)'],
  [/scripts[\\/](dev|gateways)[\\/]/, 'mini-app server and 浙政钉 fake'],
  [/scripts[\\/]bench[\\/]|test[\\/]/, 'bench client'],
];

/** Node's own modules: transparent, like native frames (their caller is charged). */
const NODE_INTERNAL = /^node:|^internal[\\/]/;

function componentOf(url: string): string | null {
  if (!url || NODE_INTERNAL.test(url)) return null;
  for (const [re, name] of COMPONENTS) if (re.test(url)) return name;
  return 'other JavaScript (tsx, esbuild, yaml …)';
}

/** Seconds per component over every profile in `dir`, idle time left out; busiest first. */
export function cpuShares(dir: string): { component: string; seconds: number }[] {
  const totals = new Map<string, number>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const owner = new Map<number, string>();
    const ownerOf = (id: number): string => {
      const known = owner.get(id);
      if (known) return known;
      const n = byId.get(id);
      const special = n?.callFrame.functionName;
      let name: string;
      if (special === '(garbage collector)') name = 'garbage collector';
      else if (special === '(program)') name = 'V8 and native, unattributed';
      else name = componentOf(n?.callFrame.url ?? '') ?? (parent.has(id) ? ownerOf(parent.get(id)!) : 'Node (event loop: sockets, timers, no JS caller)');
      owner.set(id, name);
      return name;
    };
    p.samples.forEach((id, i) => {
      if (byId.get(id)?.callFrame.functionName === '(idle)') return;
      const name = ownerOf(id);
      totals.set(name, (totals.get(name) ?? 0) + (p.timeDeltas[i] ?? 0) / 1e6);
    });
  }
  return [...totals].map(([component, seconds]) => ({ component, seconds })).sort((a, b) => b.seconds - a.seconds);
}
