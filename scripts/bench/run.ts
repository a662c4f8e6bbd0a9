// `npm run bench [-- <part>... [--seconds N] [--client-processes P]]`: runs benchmark parts and writes each one's section of
// BENCHMARKS.md. With no part named, every part runs in the order listed below.
import { loadavg } from 'node:os';
import type { BenchOptions, BenchPart } from './part';
import { writeSection } from './report';

/** Registered parts, loaded lazily so one part's imports never slow another. */
const PARTS: Record<string, () => Promise<BenchPart>> = {
  ots: async () => (await import('./ots')).otsPart,
  'ots-million': async () => (await import('./ots-million')).otsMillionPart,
  miniapp: async () => (await import('./miniapp')).miniappPart,
  cases: async () => (await import('./cases')).casesPart,
  stats: async () => (await import('./stats')).statsPart,
  hotline: async () => (await import('./hotline')).hotlinePart,
  coldstart: async () => (await import('./coldstart')).coldstartPart,
  throughput: async () => (await import('./throughput')).throughputPart,
  money: async () => (await import('./money')).moneyPart,
  scale: async () => (await import('./scale')).scalePart,
  reliability: async () => (await import('./reliability')).reliabilityPart,
};

function parseArgs(argv: string[]): { names: string[]; options: BenchOptions } {
  const names: string[] = [];
  const options: BenchOptions = { seconds: 5, clientProcesses: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seconds') {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error('--seconds needs a positive number');
      options.seconds = n;
    } else if (arg === '--client-processes') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error('--client-processes needs a positive integer');
      options.clientProcesses = n;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  return { names, options };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { names, options } = parseArgs(argv);
  const unknown = names.filter((n) => !(n in PARTS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark part(s): ${unknown.join(', ')}; known: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  for (const name of names.length > 0 ? names : Object.keys(PARTS)) {
    const part = await PARTS[name]();
    console.log(`bench: ${part.name} — ${part.title}`);
    const started = new Date();
    const loadAverage = loadavg();
    const body = await part.run(options);
    writeSection({ part: part.name, title: part.title, command, body, date: started, loadAverage });
    console.log(body);
    console.log(`bench: ${part.name} written to BENCHMARKS.md`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
