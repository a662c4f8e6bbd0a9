/**
 * The mini-app build: three IIFE bundles + CSS + index.html with the loader inlined. Checks that the
 * loader picks the right bundle per user agent, that the 浙政钉 bundle carries no dingtalk-jsapi code,
 * that nothing needs a runtime newer than Chrome 69, and the download sizes (bytes, not time).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMiniapp, CONFIG_MARKER, injectConfig, measureMiniapp, ZZD_GZIP_BUDGET, type BuildMiniappResult } from '../../scripts/build/miniapp';
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
    for (const file of Object.values(built.manifest.bundles)) {
      const js = read(file);
      for (const b of banned) expect({ file, b, found: js.includes(b) }).toEqual({ file, b, found: false });
      // preact 11 schedules renders with queueMicrotask (Chrome 71): the polyfill must be in
      expect(js).toMatch(/typeof \w+\.queueMicrotask!="function"/);
    }
  });

  it('the 浙政钉 download stays within 35 KB gzip', () => {
    const sizes = measureMiniapp(out);
    expect(sizes.zzd.files).toEqual(['index.html', built.manifest.css, built.manifest.bundles.zzd]);
    expect(sizes.zzd.total.gzip).toBe(sizes.zzd.html.gzip + sizes.zzd.css.gzip + sizes.zzd.js.gzip);
    expect(sizes.zzd.js.gzip).toBeLessThan(sizes.zzd.js.raw);
    expect(sizes.zzd.total.gzip).toBeLessThanOrEqual(ZZD_GZIP_BUDGET);
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
