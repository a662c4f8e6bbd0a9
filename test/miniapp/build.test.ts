/**
 * The mini-app build: three IIFE shell bundles + page chunks + CSS + index.html with the loader inlined.
 * Checks that the loader picks the right bundle per user agent, that the 浙政钉 bundle carries no
 * dingtalk-jsapi code, that the chunks carry no platform SDK and take preact from the shell, that nothing
 * needs a runtime newer than Chrome 69, and the download sizes (bytes, not time).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMiniapp, CONFIG_MARKER, everyPage, injectConfig, measureChunks, measureMiniapp, ZZD_GZIP_BUDGET, type BuildMiniappResult } from '../../scripts/build/miniapp';
import { PAGE_CHUNKS } from '../../miniapp/pages/chunks';
import { UAS } from './support/uas';

let dir: string;
let out: string;
let built: BuildMiniappResult;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lianban-miniapp-'));
  out = path.join(dir, 'miniapp');
  built = await buildMiniapp({ outDir: out, log: () => undefined });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
/** Every page chunk file and the common chunk. */
const chunkFiles = () => [...new Set(Object.values(built.manifest.chunks).flat())];

/** Runs the inline loader of index.html with a fake DOM; returns the src of the script it adds. */
function loaderPicks(ua: string): string[] {
  const html = read('index.html');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  expect(scripts).toHaveLength(1);
  const added: string[] = [];
  const document = {
    createElement: (tag: string) => ({ tag, src: '', setAttribute: () => undefined }),
    head: { appendChild: (el: { tag: string; src: string }) => added.push(el.tag + ':' + el.src) },
  };
  vm.runInNewContext(scripts[0], { navigator: { userAgent: ua }, document });
  return added;
}

describe('buildMiniapp', () => {
  it('writes one hashed IIFE per platform, the CSS and index.html', () => {
    const { bundles, css } = built.manifest;
    expect(bundles.zzd).toMatch(/^app-zzd\.[A-Z0-9]+\.js$/);
    expect(bundles.dingtalk).toMatch(/^app-dingtalk\.[A-Z0-9]+\.js$/);
    expect(bundles.local).toMatch(/^app-browser\.[A-Z0-9]+\.js$/);
    expect(css).toMatch(/^app\.[A-Z0-9]+\.css$/);
    for (const file of Object.values(bundles)) expect(read(file).trimStart()).toMatch(/^("use strict";)?\(\(\)=>\{/);
    const html = read('index.html');
    expect(html).toContain(`<link rel="stylesheet" href="${css}">`);
    expect(html).toContain(CONFIG_MARKER);
    expect(html).not.toMatch(/type=["']?module/);
  });

  it('writes one hashed IIFE per page chunk, taking preact and the shell modules from the shell', () => {
    const { chunks, common, bundles } = built.manifest;
    expect(Object.keys(chunks).sort()).toEqual(Object.keys(PAGE_CHUNKS).sort());
    for (const [name, files] of Object.entries(chunks)) {
      expect(files[files.length - 1]).toMatch(new RegExp(`^page-${name}\\.[A-Z0-9]+\\.js$`));
      // the common chunk, when a page needs it, comes first
      expect(files.slice(0, -1)).toEqual(files.length > 1 ? [common] : []);
    }
    expect(common).toMatch(/^page-common\.[A-Z0-9]+\.js$/);
    for (const file of chunkFiles()) {
      const js = read(file);
      expect(js.trimStart()).toMatch(/^("use strict";)?\(\(\)=>\{/);
      // preact itself stays in the shell: its option hooks and diff are not in any chunk
      expect(js).toContain('__lianban["node_modules/preact/');
      expect(js).not.toContain('__H');
      for (const sdk of ['taurus.common', '__dingtalk_jsapi_top_platfrom_config__', 'dingtalk-jsapi']) expect({ file, sdk, found: js.includes(sdk) }).toEqual({ file, sdk, found: false });
    }
    // every shell lends the same modules under the same names, and names the chunk files
    for (const file of Object.values(bundles)) {
      const js = read(file);
      expect(js).toContain('__lianban');
      expect(js).toContain('"node_modules/preact/dist/preact.mjs"');
      for (const f of chunkFiles()) expect(js).toContain(JSON.stringify(f));
    }
  });

  it('the loader picks the bundle of the container', () => {
    const { bundles } = built.manifest;
    expect(loaderPicks(UAS.zzdAndroid)).toEqual(['script:' + bundles.zzd]);
    expect(loaderPicks(UAS.zzdIos)).toEqual(['script:' + bundles.zzd]);
    expect(loaderPicks(UAS.zzdPc)).toEqual(['script:' + bundles.zzd]);
    expect(loaderPicks(UAS.dingtalkAndroid)).toEqual(['script:' + bundles.dingtalk]);
    expect(loaderPicks(UAS.chrome)).toEqual(['script:' + bundles.local]);
  });

  it('keeps each SDK in its own bundle', () => {
    const { bundles } = built.manifest;
    // strings found only in dingtalk-jsapi / only in gdt-jsapi
    const dingtalkOnly = ['__dingtalk_jsapi_top_platfrom_config__', 'Do not support the current environment'];
    const gdtOnly = ['taurus.common', '请在 dd.ready() 回调中使用 JSAPI'];
    for (const s of dingtalkOnly) {
      expect(read(bundles.dingtalk)).toContain(s);
      expect(read(bundles.zzd)).not.toContain(s);
      expect(read(bundles.local)).not.toContain(s);
    }
    for (const s of gdtOnly) {
      expect(read(bundles.zzd)).toContain(s);
      expect(read(bundles.dingtalk)).not.toContain(s);
      expect(read(bundles.local)).not.toContain(s);
    }
  });

  it('needs nothing newer than Chrome 69', () => {
    const css = read(built.manifest.css);
    expect(css).toContain('.lb-actionbar');
    expect(css).not.toMatch(/(^|[;{\s])(row-|column-)?gap\s*:/);
    expect(css).not.toMatch(/aspect-ratio|:is\(|:where\(|(^|[;{\s])inset\s*:/);
    const banned = ['.flat(', '.flatMap(', 'Object.fromEntries', '.replaceAll(', 'structuredClone', 'Promise.allSettled', 'AbortController', '.at(', 'Object.hasOwn', 'import(', 'import.meta'];
    for (const file of [...Object.values(built.manifest.bundles), ...chunkFiles()]) {
      const js = read(file);
      for (const b of banned) expect({ file, b, found: js.includes(b) }).toEqual({ file, b, found: false });
    }
    for (const file of Object.values(built.manifest.bundles)) {
      // preact 11 schedules renders with queueMicrotask (Chrome 71): the polyfill must be in the shell
      expect(read(file)).toMatch(/typeof \w+\.queueMicrotask!="function"/);
    }
  });

  it('the 浙政钉 download up to the first 待办 list (loader, CSS, shell, 待办 chunk) stays within 35 KB gzip', () => {
    const sizes = measureMiniapp(out);
    expect(sizes.zzd.files).toEqual(['index.html', built.manifest.css, built.manifest.bundles.zzd, ...built.manifest.chunks.todo]);
    expect(sizes.zzd.total.gzip).toBe(sizes.zzd.html.gzip + sizes.zzd.css.gzip + sizes.zzd.js.gzip);
    expect(sizes.zzd.js.gzip).toBeLessThan(sizes.zzd.js.raw);
    expect(sizes.zzd.total.gzip).toBeLessThanOrEqual(ZZD_GZIP_BUDGET);
    // the other pages come later: opening every page downloads more than the first list
    const chunks = measureChunks(out);
    expect(Object.keys(chunks).sort()).toEqual([...Object.keys(PAGE_CHUNKS), 'common'].sort());
    expect(everyPage(sizes.zzd, chunks).gzip).toBeGreaterThan(sizes.zzd.total.gzip + chunks.subtask.gzip);
    // DingTalk carries the heavier SDK; the browser bundle carries neither
    expect(sizes.dingtalk.js.raw).toBeGreaterThan(sizes.zzd.js.raw);
    expect(sizes.local.js.raw).toBeLessThan(sizes.zzd.js.raw);
  });

  it('refuses to clear a directory that holds something else', async () => {
    const other = path.join(dir, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'keep.txt'), 'x');
    await expect(buildMiniapp({ outDir: other, log: () => undefined })).rejects.toThrow(/refusing to clear/);
    expect(readFileSync(path.join(other, 'keep.txt'), 'utf8')).toBe('x');
  });
});

describe('injectConfig', () => {
  it('puts the run-time config where the marker was, safe inside a script element', () => {
    const html = injectConfig(`<head>${CONFIG_MARKER}</head>`, { apiBase: '', gatewayUrl: 'http://127.0.0.1:9/</script><b>' });
    expect(html).not.toContain(CONFIG_MARKER);
    expect(html).not.toContain('</script><b>');
    const m = /<script>([\s\S]*)<\/script>/.exec(html);
    const win: Record<string, unknown> = {};
    vm.runInNewContext((m as RegExpExecArray)[1], { window: win });
    expect(win.LIANBAN_CONFIG).toEqual({ apiBase: '', gatewayUrl: 'http://127.0.0.1:9/</script><b>' });
  });
});
