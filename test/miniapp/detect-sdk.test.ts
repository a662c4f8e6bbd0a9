/**
 * Our choice agrees with dingtalk-jsapi's own environment detection for the same UA: where it says
 * `gdt*` (专有钉钉 / 浙政钉, no APIs registered) we pick 浙政钉; where it says android/ios we pick
 * DingTalk; `notInDingTalk` → browser. dingtalk-jsapi reads the UA through `navigator` each call.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { detectPlatform } from '../../miniapp/platform/detect';
import { UAS } from './support/uas';

let getENV: () => { platform: string };
const nav = { userAgent: '' };

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g.self = globalThis;
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  ({ getENV } = await import('dingtalk-jsapi/lib/env'));
});

function sdkPlatform(ua: string): string {
  nav.userAgent = ua;
  return getENV().platform;
}

describe('detection vs dingtalk-jsapi', () => {
  it('agrees on every sample UA', () => {
    const expected: Record<string, string> = {};
    for (const [name, ua] of Object.entries(UAS)) {
      const sdk = sdkPlatform(ua);
      const ours = detectPlatform(ua);
      expected[name] = sdk.indexOf('gdt') === 0 ? 'zzd' : sdk === 'notInDingTalk' ? 'local' : 'dingtalk';
      expect({ name, ours }).toEqual({ name, ours: expected[name] });
    }
    // the samples cover all three outcomes
    expect(new Set(Object.values(expected))).toEqual(new Set(['zzd', 'dingtalk', 'local']));
  });
});
