// BENCHMARKS.md writer. Each benchmark part owns one section, delimited by HTML comment markers, and
// replaces only that section; sections of other parts are left as they are. A new part's section is
// appended at the end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const BENCHMARKS_FILE = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

const HEADER = `# Benchmarks

Produced by \`npm run bench\` (all parts) or \`npm run bench -- <part>\` (one part). Each section below
was written by one part, with the machine, the date and the exact command that produced its figures.
Figures are measurements on the stated machine, not guarantees; tests never assert speed.
`;

export interface SectionInput {
  /** Part name, e.g. 'ots'; also the marker name. */
  part: string;
  /** Section heading. */
  title: string;
  /** The exact command that produced the figures. */
  command: string;
  /** Markdown body: figures, method, notes. */
  body: string;
  /** When the measurement ran (defaults to now). */
  date?: Date;
  /** os.loadavg() when the measurement started: other work on the machine skews every figure. */
  loadAverage?: number[];
}

/** One line describing this machine: CPU model and count, memory, OS, Node version. */
function machineInfo(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (totalmem() / 1024 ** 3).toFixed(1);
  return `${list.length} × ${model}, ${memGiB} GiB RAM, ${platform()} ${release()} ${arch()}, Node ${process.version}`;
}

const startMarker = (part: string) => `<!-- bench:${part}:start -->`;
const endMarker = (part: string) => `<!-- bench:${part}:end -->`;

/** Renders a complete section, markers included. */
function renderSection(input: SectionInput): string {
  const date = (input.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    startMarker(input.part),
    `## ${input.title}`,
    '',
    `- Command: \`${input.command}\``,
    `- Date: ${date}`,
    `- Machine: ${machineInfo()}`,
    ...(input.loadAverage ? [`- Load average at start (1 / 5 / 15 min): ${input.loadAverage.map((l) => l.toFixed(2)).join(' / ')}`] : []),
    '',
    input.body.trim(),
    endMarker(input.part),
  ].join('\n');
}

/** Returns `doc` with the part's section replaced (or appended when absent). */
function replaceSection(doc: string, input: SectionInput): string {
  const section = renderSection(input);
  const start = doc.indexOf(startMarker(input.part));
  const end = doc.indexOf(endMarker(input.part));
  if (start >= 0 && end > start) {
    return doc.slice(0, start) + section + doc.slice(end + endMarker(input.part).length);
  }
  const base = doc.trim().length > 0 ? doc.replace(/\s*$/, '\n') : HEADER;
  return `${base}\n${section}\n`;
}

/** Writes the part's section into BENCHMARKS.md (or `file`), keeping every other section. */
export function writeSection(input: SectionInput, file = BENCHMARKS_FILE): void {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, replaceSection(doc, input));
}

/** A Markdown table from a header row and data rows. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
