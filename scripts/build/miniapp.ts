/**
 * Builds the mini-app for the 浙政钉 / DingTalk webviews into `dist/miniapp/`:
 *   app-zzd.<hash>.js       shell + 浙政钉 bridge (gdt-jsapi)
 *   app-dingtalk.<hash>.js  shell + DingTalk bridge (dingtalk-jsapi)
 *   app-browser.<hash>.js   shell + local demo login / HTML dialogs
 *   page-<chunk>.<hash>.js  one per page chunk (miniapp/pages/chunks.ts), shared by the three platforms
 *   app.<hash>.css          DingTalk look
 *   index.html              CSS link + the inlined loader, which picks one shell bundle by user agent
 *   manifest.json           which files each platform downloads up to the first 待办 list, and the chunks
 *   progress.html + progress.<hash>.js   办件进度查询, the public page of the receipt's QR code: its own small
 *                           bundle (miniapp/entries/progress.ts), no shell, no platform bridge, no login
 * Every file is an IIFE, target Chrome 69 (the old container webviews run no ES modules), minified.
 * Only the bundle of the platform in use is downloaded: a 浙政钉 user never loads dingtalk-jsapi.
 *
 * The shell (start-up, login, router, route table, tab bar, chunk loader, components the shell uses) is
 * one bundle per platform; each page group is a chunk the shell loads by script tag when the router
 * first needs it (miniapp/shell/chunks.ts). A chunk does not carry preact or any other module the shell
 * bundles already: its imports of those resolve to a stub reading `window.__lianban["<path>"]`, the
 * module's namespace, which the shell exposes. So the chunks share the shell's preact, router, context
 * and session; modules no shell holds (forms, graph, …) are bundled into each chunk that imports them.
 * Three esbuild runs: the shells' module lists (their intersection is what every shell can provide),
 * the chunks, then the shells with the exposed modules and the chunk file names.
 *
 *   tsx scripts/build/miniapp.ts [--out <dir>]      build and print the sizes
 *   npm run build -- --miniapp-only                 the same, from the main build
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { HOME_CHUNK, PAGE_CHUNKS, type PageChunk } from '../../miniapp/pages/chunks';

/** Platforms as the app names them, and the entry that starts each bundle. */
const MINIAPP_PLATFORMS = {
  zzd: { stem: 'app-zzd', entry: 'miniapp/entries/zzd.ts' },
  dingtalk: { stem: 'app-dingtalk', entry: 'miniapp/entries/dingtalk.ts' },
  local: { stem: 'app-browser', entry: 'miniapp/entries/browser.ts' },
} as const;
export type MiniappPlatform = keyof typeof MINIAPP_PLATFORMS;

/**
 * What a 浙政钉 user may download before the first 待办 list (index.html with the loader, CSS, the zzd
 * shell and the 待办 chunk), gzip. Other page chunks come when first opened and are not counted.
 */
export const ZZD_GZIP_BUDGET = 35 * 1024;

/** The global through which the shell hands its modules to the page chunks. */
const SHARED_GLOBAL = '__lianban';

/** index.html holds this marker; the server replaces it with `window.LIANBAN_CONFIG = {...}`. */
export const CONFIG_MARKER = '<!--lianban:config-->';

/** Chrome 69 = DingTalk Android 6.x webview (UC U4 kernel); esbuild lowers syntax to it. */
const MINIAPP_TARGET = ['chrome69'];

export interface BuildMiniappOptions {
  /** Project root; default: this repository. */
  root?: string;
  /** Default `<root>/dist/miniapp`. Emptied first when it holds an earlier build (or nothing). */
  outDir?: string;
  log?: (line: string) => void;
}

export interface MiniappManifest {
  /**
   * File names relative to outDir, per platform, that a user downloads up to the first 待办 list, in
   * download order: index.html, the CSS, the shell bundle, the 待办 chunk.
   */
  platforms: Record<MiniappPlatform, string[]>;
  css: string;
  bundles: Record<MiniappPlatform, string>;
  /** Page chunk → its files in execution order (the common chunk first when it needs it); every platform. */
  chunks: Record<PageChunk, string[]>;
  /** The chunk of the modules several page chunks share, if any. */
  common: string | null;
  /** 办件进度查询: the public page's script (progress.html loads it). */
  progress: string;
}

export interface BuildMiniappResult {
  outDir: string;
  manifest: MiniappManifest;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const defaultRoot = path.resolve(here, '..', '..');

function commonOptions(root: string): BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    target: MINIAPP_TARGET,
    platform: 'browser',
    charset: 'utf8',
    logLevel: 'silent',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    // gdt-jsapi needs only mark/wrap of Babel's legacy regenerator runtime, a plain async stepper and
    // Object.assign (see the files; together ~2.1 KB gzip less than @babel/runtime's)
    alias: {
      '@babel/runtime/regenerator': './miniapp/platform/regenerator.ts',
      '@babel/runtime/helpers/asyncToGenerator': './miniapp/platform/asyncToGenerator.ts',
      '@babel/runtime/helpers/extends': './miniapp/platform/extends.ts',
    },
  };
}

/** Removes an earlier build; refuses to empty a directory that is not one. */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir)) {
    const entries = readdirSync(outDir);
    if (entries.length && !entries.includes('manifest.json')) {
      throw new Error(`build: miniapp: ${outDir} is not empty and holds no earlier mini-app build; refusing to clear it`);
    }
    rmSync(outDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
}

/** The hashed output `<stem>.<hash><ext>` of an esbuild run (entryNames `[name].[hash]`). */
function outputName(outputs: Record<string, unknown>, stem: string, ext: string): string {
  for (const file of Object.keys(outputs)) {
    const base = path.basename(file);
    if (base.startsWith(stem + '.') && base.endsWith(ext) && /^[A-Z0-9]+$/.test(base.slice(stem.length + 1, -ext.length))) return base;
  }
  throw new Error(`build: miniapp: no output for ${stem}${ext}`);
}

const SCRIPT_INPUT = /\.[cm]?[jt]sx?$/;

/**
 * A module's name between the bundles: its path relative to root, and for a package `node_modules/<package path>`
 * whatever directory the package really lives in (a symlinked node_modules resolves outside root).
 */
function moduleKey(relative: string): string {
  const posix = relative.split(path.sep).join('/');
  const at = posix.lastIndexOf('node_modules/');
  return at >= 0 ? posix.slice(at) : posix;
}

/** The script modules (moduleKey) each entry's bundle holds, by entry. */
async function modulesOf(root: string, entries: string[]): Promise<Record<string, string[]>> {
  const r = await build({ ...commonOptions(root), minify: false, entryPoints: entries, format: 'iife', write: false, metafile: true, outdir: 'out' });
  const out: Record<string, string[]> = {};
  for (const meta of Object.values(r.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    out[meta.entryPoint] = Object.keys(meta.inputs)
      .filter((f) => f !== meta.entryPoint && SCRIPT_INPUT.test(f) && f.indexOf(':') < 0)
      .map(moduleKey);
  }
  return out;
}

/** Where a chunk finds a module it does not carry: in the shell, or in the common chunk. */
type Lender = 'shell' | 'common';

/**
 * For the chunks: an import that resolves to a module a lender holds becomes a stub returning that copy
 * (`window.__lianban[path]`, a module namespace; esbuild's CommonJS interop reads the named imports off
 * it). The stub's namespace (`lianban-shell:` / `lianban-common:` in the metafile) says which lender.
 */
function borrow(root: string, lenders: Map<string, Lender>): Plugin {
  return {
    name: 'lianban-borrow',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === 'inner' || args.namespace !== 'file') return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' });
        if (r.errors.length) return { errors: r.errors };
        const key = moduleKey(path.relative(root, r.path));
        const lender = r.namespace === 'file' ? lenders.get(key) : undefined;
        // `.cjs`: the stub is CommonJS whatever the module was (esbuild would read `x.mjs` as ESM)
        if (lender) return { path: key + '.cjs', namespace: 'lianban-' + lender };
        return { path: r.path, namespace: r.namespace, external: r.external, sideEffects: r.sideEffects, suffix: r.suffix };
      });
      const stub = (args: { path: string }) => ({ contents: `module.exports=${SHARED_GLOBAL}[${JSON.stringify(args.path.slice(0, -4))}]`, loader: 'js' as const });
      b.onLoad({ filter: /.*/, namespace: 'lianban-shell' }, stub);
      b.onLoad({ filter: /.*/, namespace: 'lianban-common' }, stub);
    },
  };
}

/** Borrowed modules (by lender) of every output of a chunk build. */
function borrowedIn(outputs: Record<string, { inputs: Record<string, unknown> }>): Array<{ file: string; shell: string[]; common: string[] }> {
  return Object.entries(outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, meta]) => {
      const keys = Object.keys(meta.inputs);
      const of = (ns: string) => keys.filter((k) => k.indexOf(ns + ':') === 0).map((k) => k.slice(ns.length + 1, -4));
      return { file: path.basename(file), shell: of('lianban-shell'), common: of('lianban-common') };
    });
}

/**
 * An entry that runs `entry` (none for the common chunk) and adds the namespaces of `lent` to
 * `window.__lianban`, where the chunks' stubs find them: `lianban-expose:<entry>`.
 */
function expose(root: string, lent: string[]): Plugin {
  return {
    name: 'lianban-expose',
    setup(b) {
      b.onResolve({ filter: /^lianban-expose:/ }, (args) => ({ path: args.path.slice('lianban-expose:'.length) || '(none)', namespace: 'lianban-expose' }));
      b.onLoad({ filter: /.*/, namespace: 'lianban-expose' }, (args) => {
        const lines = lent.map((m, i) => `import * as m${i} from ${JSON.stringify('./' + m)};`);
        if (args.path !== '(none)') lines.push(`import ${JSON.stringify('./' + args.path)};`);
        const map = `{${lent.map((m, i) => `${JSON.stringify(m)}: m${i}`).join(', ')}}`;
        lines.push(`var g = window, l = g.${SHARED_GLOBAL} || (g.${SHARED_GLOBAL} = {}), m = ${map};`, 'for (var k in m) l[k] = m[k];');
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * Modules that may be lent whole (a lender keeps every export of what it lends): the app's own modules
 * and preact, written for the webviews. functions/core files hold server-side code too (tree-shaking
 * keeps it out of the app), so each bundle or chunk that imports one carries just what it uses.
 */
const LENDABLE = /^(miniapp\/|node_modules\/preact\/)/;

interface ChunkPlan {
  /** Modules the shells lend: held by every shell, or by the home chunk (downloaded with the shell anyway). */
  shell: Set<string>;
  /** Modules two or more other page chunks would each carry: the common chunk holds them once. */
  common: string[];
}

async function planChunks(root: string): Promise<ChunkPlan> {
  const shells = await modulesOf(root, Object.values(MINIAPP_PLATFORMS).map((p) => p.entry));
  const lists = Object.values(shells);
  const shell = new Set(lists[0].filter((f) => LENDABLE.test(f) && lists.every((l) => l.indexOf(f) >= 0)));
  const pages = await modulesOf(root, Object.values(PAGE_CHUNKS));
  for (const f of pages[PAGE_CHUNKS[HOME_CHUNK]]) if (LENDABLE.test(f)) shell.add(f);
  const users: Record<string, number> = {};
  for (const list of Object.values(pages)) for (const f of list) if (LENDABLE.test(f) && !shell.has(f)) users[f] = (users[f] || 0) + 1;
  return { shell, common: Object.keys(users).filter((f) => users[f] > 1).sort() };
}

function escapeScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

function renderIndexHtml(cssFile: string, loaderJs: string): string {
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no,viewport-fit=cover">',
    '<meta name="format-detection" content="telephone=no">',
    '<title>联办</title>',
    `<link rel="stylesheet" href="${cssFile}">`,
    CONFIG_MARKER,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript>请在浙政钉中打开，或启用浏览器的 JavaScript。</noscript>',
    `<script>${escapeScript(loaderJs.trim())}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * index.html with the run-time configuration (`apiBase`, `gatewayUrl`, `corpId`) in place of the
 * marker. The server calls this when it serves the page.
 */
export function injectConfig(html: string, config: Record<string, unknown>): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return html.replace(CONFIG_MARKER, `<script>window.LIANBAN_CONFIG=${json}</script>`);
}

/** The public progress page (办件进度查询): its own bundle and its HTML page (the template's script marker replaced). */
async function buildProgressPage(root: string, outDir: string): Promise<string> {
  const r = await build({
    ...commonOptions(root), entryPoints: { progress: 'miniapp/entries/progress.ts' }, outdir: outDir, entryNames: '[name].[hash]', format: 'iife', metafile: true, write: true,
  });
  const file = outputName(r.metafile.outputs, 'progress', '.js');
  const html = readFileSync(path.join(root, 'miniapp', 'public', 'progress.html'), 'utf8').replace('<!--lianban:script-->', `<script src="${file}"></script>`);
  writeFileSync(path.join(outDir, 'progress.html'), html);
  return file;
}

export async function buildMiniapp(options: BuildMiniappOptions | string = {}): Promise<BuildMiniappResult> {
  const opts = typeof options === 'string' ? { outDir: options } : options;
  const root = path.resolve(opts.root ?? defaultRoot);
  const outDir = path.resolve(opts.outDir ?? path.join(root, 'dist', 'miniapp'));
  const log = opts.log ?? ((line: string) => console.log(line));
  prepareOutDir(outDir);

  const failed = (e: unknown) => {
    throw new Error(`build: miniapp: esbuild failed\n${(e as Error).message}`);
  };
  const plan = await planChunks(root).catch(failed);
  const lenders = new Map<string, Lender>();
  plan.shell.forEach((f) => lenders.set(f, 'shell'));
  const chunkOptions = {
    ...commonOptions(root),
    outdir: outDir,
    entryNames: '[name].[hash]',
    format: 'iife',
    sourcemap: 'external',
    metafile: true,
    write: true,
  } as const satisfies BuildOptions;

  // the common chunk (what several page chunks need and no shell holds), borrowing from the shells
  const lentByShell = new Set<string>();
  let commonFile: string | null = null;
  if (plan.common.length) {
    const commonBuild = await build({ ...chunkOptions, entryPoints: { 'page-common': 'lianban-expose:' }, plugins: [expose(root, plan.common), borrow(root, lenders)] }).catch(failed);
    commonFile = outputName(commonBuild.metafile.outputs, 'page-common', '.js');
    for (const o of borrowedIn(commonBuild.metafile.outputs)) o.shell.forEach((f) => lentByShell.add(f));
    plan.common.forEach((f) => lenders.set(f, 'common'));
  }

  // the page chunks, borrowing from the shells and the common chunk
  const chunkEntries: Record<string, string> = {};
  for (const [name, entry] of Object.entries(PAGE_CHUNKS)) chunkEntries['page-' + name] = entry;
  const chunkBuild = await build({ ...chunkOptions, entryPoints: chunkEntries, plugins: [borrow(root, lenders)] }).catch(failed);
  const borrowed = borrowedIn(chunkBuild.metafile.outputs);
  const chunks = {} as Record<PageChunk, string>;
  /** chunk → its files in execution order (the common chunk first when it borrows from it) */
  const chunkFiles: Record<string, string[]> = {};
  for (const name of Object.keys(PAGE_CHUNKS) as PageChunk[]) {
    chunks[name] = outputName(chunkBuild.metafile.outputs, 'page-' + name, '.js');
    const b = borrowed.filter((o) => o.file === chunks[name])[0];
    b.shell.forEach((f) => lentByShell.add(f));
    chunkFiles[name] = b.common.length && commonFile ? [commonFile, chunks[name]] : [chunks[name]];
  }

  // the shells, lending what the chunks borrow and naming the chunk files
  const entryPoints: Record<string, string> = { app: 'miniapp/styles/app.css' };
  for (const p of Object.values(MINIAPP_PLATFORMS)) entryPoints[p.stem] = 'lianban-expose:' + p.entry;
  const result = await build({
    ...chunkOptions,
    entryPoints,
    define: { ...commonOptions(root).define, __LIANBAN_CHUNKS__: JSON.stringify(chunkFiles) },
    plugins: [expose(root, [...lentByShell].sort())],
  }).catch(failed);

  const css = outputName(result.metafile.outputs, 'app', '.css');
  const bundles = {} as Record<MiniappPlatform, string>;
  const byStem: Record<string, string> = {};
  for (const [name, p] of Object.entries(MINIAPP_PLATFORMS) as Array<[MiniappPlatform, (typeof MINIAPP_PLATFORMS)[MiniappPlatform]]>) {
    bundles[name] = outputName(result.metafile.outputs, p.stem, '.js');
    byStem[p.stem] = bundles[name];
  }

  const loader = await build({
    ...commonOptions(root),
    entryPoints: ['miniapp/loader.ts'],
    format: 'iife',
    write: false,
    define: { __LIANBAN_BUNDLES__: JSON.stringify(byStem) },
  });
  writeFileSync(path.join(outDir, 'index.html'), renderIndexHtml(css, loader.outputFiles[0].text));

  const platforms = {} as Record<MiniappPlatform, string[]>;
  for (const name of Object.keys(MINIAPP_PLATFORMS) as MiniappPlatform[]) platforms[name] = ['index.html', css, bundles[name]].concat(chunkFiles[HOME_CHUNK]);
  const progress = await buildProgressPage(root, outDir).catch(failed);
  const manifest: MiniappManifest = { platforms, css, bundles, chunks: chunkFiles as Record<PageChunk, string[]>, common: commonFile, progress };
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`build: miniapp → ${path.relative(process.cwd(), outDir) || outDir} (${Object.values(bundles).join(', ')}, ${css}, ${Object.keys(chunks).length} page chunks)`);
  return { outDir, manifest };
}

export interface ByteCount {
  /** Bytes as served (minified). */
  raw: number;
  /** gzip level 9 of that file. */
  gzip: number;
}

export interface PlatformDownload {
  files: string[];
  html: ByteCount;
  css: ByteCount;
  js: ByteCount;
  total: ByteCount;
}

function count(buf: Buffer): ByteCount {
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

function add(a: ByteCount, b: ByteCount): ByteCount {
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip };
}

/**
 * What each platform downloads up to the first 待办 list from a build in `outDir`: index.html (with the
 * inlined loader), the CSS, its shell bundle and the 待办 chunk, minified and gzip (each file compressed on
 * its own, as served).
 */
export function measureMiniapp(outDir: string): Record<MiniappPlatform, PlatformDownload> {
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as MiniappManifest;
  const out = {} as Record<MiniappPlatform, PlatformDownload>;
  for (const name of Object.keys(manifest.platforms) as MiniappPlatform[]) {
    const zero = { raw: 0, gzip: 0 };
    const d: PlatformDownload = { files: manifest.platforms[name], html: zero, css: zero, js: zero, total: zero };
    for (const file of d.files) {
      const c = count(readFileSync(path.join(outDir, file)));
      if (file.endsWith('.html')) d.html = add(d.html, c);
      else if (file.endsWith('.css')) d.css = add(d.css, c);
      else d.js = add(d.js, c);
      d.total = add(d.total, c);
    }
    out[name] = d;
  }
  return out;
}

export interface ChunkSize extends ByteCount {
  file: string;
}

/** Each chunk file of a build in `outDir` (the same for every platform): the page chunks by name, then `common`. */
export function measureChunks(outDir: string): Record<string, ChunkSize> {
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as MiniappManifest;
  const out: Record<string, ChunkSize> = {};
  const measure = (file: string): ChunkSize => ({ file, ...count(readFileSync(path.join(outDir, file))) });
  for (const [name, files] of Object.entries(manifest.chunks)) out[name] = measure(files[files.length - 1]);
  if (manifest.common) out.common = measure(manifest.common);
  return out;
}

/** A platform's download when every page has been opened: the initial download and every other chunk. */
export function everyPage(initial: PlatformDownload, chunks: Record<string, ChunkSize>): ByteCount {
  let all = initial.total;
  for (const c of Object.values(chunks)) if (initial.files.indexOf(c.file) < 0) all = add(all, c);
  return all;
}

function formatSizes(sizes: Record<MiniappPlatform, PlatformDownload>, chunks: Record<string, ChunkSize>): string {
  const kb = (n: number) => (n / 1024).toFixed(1) + ' KB';
  const cell = (c: ByteCount) => `${kb(c.raw).padStart(9)} / ${kb(c.gzip).padStart(8)}`;
  const lines = ['up to the first 待办 list (index.html, CSS, shell, 待办 chunk):'];
  lines.push('platform   JS min / gzip          CSS min / gzip        HTML min / gzip       total min / gzip      every page min / gzip');
  for (const [name, d] of Object.entries(sizes)) {
    lines.push(`${name.padEnd(10)} ${cell(d.js)}   ${cell(d.css)}   ${cell(d.html)}   ${cell(d.total)}   ${cell(everyPage(d, chunks))}`);
  }
  lines.push('chunks (every platform; common: what several page chunks share, loaded before the first of them):');
  for (const [name, c] of Object.entries(chunks)) lines.push(`${name.padEnd(10)} ${cell(c)}   ${c.file}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') outDir = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const { outDir: dir } = await buildMiniapp({ outDir });
  const sizes = measureMiniapp(dir);
  console.log(formatSizes(sizes, measureChunks(dir)));
  const progressFiles = ['progress.html', JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).progress as string];
  const progressGzip = progressFiles.reduce((n, f) => n + count(readFileSync(path.join(dir, f))).gzip, 0);
  console.log(`办件进度查询 page (progress.html + script): ${(progressGzip / 1024).toFixed(1)} KB gzip`);
  const zzd = sizes.zzd.total.gzip;
  console.log(`浙政钉 download up to the first 待办 list: ${(zzd / 1024).toFixed(1)} KB gzip (budget ${ZZD_GZIP_BUDGET / 1024} KB)`);
  if (zzd > ZZD_GZIP_BUDGET) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
