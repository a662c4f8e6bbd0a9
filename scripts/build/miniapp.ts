/**
 * Bundles the mini-app for the 浙政钉 / DingTalk webviews: one IIFE per entry, target Chrome 69 (old Android
 * containers: no ES modules), minified. The mini-app's owner decides the entries; the default is
 * `miniapp/main.tsx` when it exists.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export interface MiniappEntry {
  /** Source file, relative to root or absolute. */
  in: string;
  /** Output name without extension, relative to outDir (default: the source's base name). */
  out?: string;
}

export interface BuildMiniappOptions {
  root: string;
  /** Default `<root>/dist/miniapp`. */
  outDir?: string;
  /** Default: `miniapp/main.tsx` if present, else nothing. */
  entries?: Array<string | MiniappEntry>;
  log?: (line: string) => void;
}

export interface BuiltAsset {
  entry: string;
  outfile: string;
  bytes: number;
}

export function defaultMiniappEntries(root: string): MiniappEntry[] {
  const main = path.join(root, 'miniapp', 'main.tsx');
  return existsSync(main) ? [{ in: main }] : [];
}

export async function buildMiniapp(options: BuildMiniappOptions): Promise<BuiltAsset[]> {
  const root = path.resolve(options.root);
  const log = options.log ?? ((line: string) => console.log(line));
  const outDir = path.resolve(options.outDir ?? path.join(root, 'dist', 'miniapp'));
  const entries = (options.entries ?? defaultMiniappEntries(root)).map((e) =>
    typeof e === 'string' ? { in: e } : e,
  );
  if (entries.length === 0) {
    log('build: miniapp skipped (no entry; miniapp/main.tsx does not exist)');
    return [];
  }
  mkdirSync(outDir, { recursive: true });
  const assets: BuiltAsset[] = [];
  for (const entry of entries) {
    const source = path.resolve(root, entry.in);
    if (!existsSync(source)) throw new Error(`build: miniapp entry ${entry.in} does not exist`);
    const outName = entry.out ?? path.basename(source).replace(/\.[^.]+$/, '');
    const outfile = path.join(outDir, `${outName}.js`);
    await build({
      entryPoints: [source],
      outfile,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome69',
      minify: true,
      charset: 'utf8',
      sourcemap: true,
      logLevel: 'silent',
      absWorkingDir: root,
      define: { 'process.env.NODE_ENV': '"production"' },
    }).catch((e: unknown) => {
      throw new Error(`build: miniapp entry ${entry.in}: esbuild failed\n${(e as Error).message}`);
    });
    const bytes = statSync(outfile).size;
    log(`build: miniapp ${path.relative(root, source)} → ${path.relative(process.cwd(), outfile) || outfile} (${(bytes / 1024).toFixed(1)} KB)`);
    assets.push({ entry: source, outfile, bytes });
  }
  return assets;
}
