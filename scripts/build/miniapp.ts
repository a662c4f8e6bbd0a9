/**
 * Builds the mini-app for the 浙政钉 / DingTalk webviews into `dist/miniapp/`:
 *   app-zzd.<hash>.js       app + 浙政钉 bridge (gdt-jsapi)
 *   app-dingtalk.<hash>.js  app + DingTalk bridge (dingtalk-jsapi)
 *   app-browser.<hash>.js   app + local demo login / HTML dialogs
 *   app.<hash>.css          DingTalk look
 *   index.html              CSS link + the inlined loader, which picks one bundle by user agent
 *   manifest.json           which files each platform downloads
 * Every bundle is an IIFE, target Chrome 69 (the old container webviews run no ES modules), minified.
 * Only the bundle of the platform in use is downloaded: a 浙政钉 user never loads dingtalk-jsapi.
 *
 *   tsx scripts/build/miniapp.ts [--out <dir>]      build and print the sizes
 *   npm run build -- --miniapp-only                 the same, from the main build
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

/** Platforms as the app names them, and the entry that starts each bundle. */
const MINIAPP_PLATFORMS = {
  zzd: { stem: 'app-zzd', entry: 'miniapp/entries/zzd.ts' },
  dingtalk: { stem: 'app-dingtalk', entry: 'miniapp/entries/dingtalk.ts' },
  local: { stem: 'app-browser', entry: 'miniapp/entries/browser.ts' },
} as const;
export type MiniappPlatform = keyof typeof MINIAPP_PLATFORMS;

/** What a 浙政钉 user may download in total (HTML + CSS + JS), gzip. */
export const ZZD_GZIP_BUDGET = 35 * 1024;

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
  /** File names relative to outDir, per platform, in download order (index.html first). */
  platforms: Record<MiniappPlatform, string[]>;
  css: string;
  bundles: Record<MiniappPlatform, string>;
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

function outputName(outputs: Record<string, { entryPoint?: string }>, outDir: string, entry: string, ext: string): string {
  for (const [file, meta] of Object.entries(outputs)) {
    if (meta.entryPoint === entry && file.endsWith(ext)) return path.relative(outDir, file);
  }
  throw new Error(`build: miniapp: no output for ${entry}`);
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

export async function buildMiniapp(options: BuildMiniappOptions | string = {}): Promise<BuildMiniappResult> {
  const opts = typeof options === 'string' ? { outDir: options } : options;
  const root = path.resolve(opts.root ?? defaultRoot);
  const outDir = path.resolve(opts.outDir ?? path.join(root, 'dist', 'miniapp'));
  const log = opts.log ?? ((line: string) => console.log(line));
  prepareOutDir(outDir);

  const entryPoints: Record<string, string> = { app: 'miniapp/styles/app.css' };
  for (const p of Object.values(MINIAPP_PLATFORMS)) entryPoints[p.stem] = p.entry;
  const result = await build({
    ...commonOptions(root),
    entryPoints,
    outdir: outDir,
    entryNames: '[name].[hash]',
    format: 'iife',
    sourcemap: 'external',
    metafile: true,
    write: true,
  }).catch((e: unknown) => {
    throw new Error(`build: miniapp: esbuild failed\n${(e as Error).message}`);
  });

  const outputs: Record<string, { entryPoint?: string }> = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) outputs[path.resolve(root, file)] = meta;
  const css = outputName(outputs, outDir, entryPoints.app, '.css');
  const bundles = {} as Record<MiniappPlatform, string>;
  const byStem: Record<string, string> = {};
  for (const [name, p] of Object.entries(MINIAPP_PLATFORMS) as Array<[MiniappPlatform, (typeof MINIAPP_PLATFORMS)[MiniappPlatform]]>) {
    bundles[name] = outputName(outputs, outDir, p.entry, '.js');
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
  for (const name of Object.keys(MINIAPP_PLATFORMS) as MiniappPlatform[]) platforms[name] = ['index.html', css, bundles[name]];
  const manifest: MiniappManifest = { platforms, css, bundles };
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`build: miniapp → ${path.relative(process.cwd(), outDir) || outDir} (${Object.values(bundles).join(', ')}, ${css})`);
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
 * What each platform downloads from a build in `outDir`: index.html (with the inlined loader), the CSS
 * and its one bundle, minified and gzip (each file compressed on its own, as served).
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

function formatSizes(sizes: Record<MiniappPlatform, PlatformDownload>): string {
  const kb = (n: number) => (n / 1024).toFixed(1) + ' KB';
  const lines = ['platform   JS min / gzip          CSS min / gzip        HTML min / gzip       total min / gzip'];
  for (const [name, d] of Object.entries(sizes)) {
    const cell = (c: ByteCount) => `${kb(c.raw).padStart(9)} / ${kb(c.gzip).padStart(8)}`;
    lines.push(`${name.padEnd(10)} ${cell(d.js)}   ${cell(d.css)}   ${cell(d.html)}   ${cell(d.total)}`);
  }
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
  console.log(formatSizes(sizes));
  const zzd = sizes.zzd.total.gzip;
  console.log(`浙政钉 download: ${(zzd / 1024).toFixed(1)} KB gzip (budget ${ZZD_GZIP_BUDGET / 1024} KB)`);
  if (zzd > ZZD_GZIP_BUDGET) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
