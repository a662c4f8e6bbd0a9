/**
 * Platform detection by user agent, checked against the SDKs' own view of the same UA: dingtalk-jsapi
 * calls a TaurusApp UA a `gdt*` platform (for which it registers no API), so 浙政钉 must win.
 */
import { describe, expect, it } from 'vitest';
import { bundleStem, detectPlatform } from '../../miniapp/platform/detect';
import { UAS } from './support/uas';



describe('detectPlatform', () => {
  it('chooses 浙政钉 whenever TaurusApp is present, even next to DingTalk', () => {
    for (const ua of [UAS.zzdAndroid, UAS.zzdMpaas, UAS.zzdIos, UAS.zzdPc]) expect(detectPlatform(ua)).toBe('zzd');
  });

  it('chooses DingTalk for standard DingTalk clients', () => {
    expect(detectPlatform(UAS.dingtalkAndroid)).toBe('dingtalk');
    expect(detectPlatform(UAS.dingtalkIos)).toBe('dingtalk');
  });

  it('falls back to the browser', () => {
    expect(detectPlatform(UAS.chrome)).toBe('local');
    expect(detectPlatform(UAS.headless)).toBe('local');
    expect(detectPlatform('')).toBe('local');
  });

  it('names the bundle of each platform', () => {
    expect(bundleStem('zzd')).toBe('app-zzd');
    expect(bundleStem('dingtalk')).toBe('app-dingtalk');
    expect(bundleStem('local')).toBe('app-browser');
  });
});
