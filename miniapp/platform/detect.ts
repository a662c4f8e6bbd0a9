import type { PlatformName } from './types';

/**
 * Which container runs the page, from the user agent. `TaurusApp` (浙政钉 / 专有钉钉) is checked
 * first: the 浙政钉 standard container's UA contains both `TaurusApp` and `DingTalk`, and
 * dingtalk-jsapi registers no API for it (every call rejects with 4040).
 */
export function detectPlatform(userAgent: string): PlatformName {
  if (/TaurusApp/i.test(userAgent)) return 'zzd';
  if (/DingTalk/i.test(userAgent)) return 'dingtalk';
  return 'local';
}

/** The bundle file stem for each platform: `app-zzd`, `app-dingtalk`, `app-browser`. */
export function bundleStem(platform: PlatformName): string {
  return platform === 'local' ? 'app-browser' : 'app-' + platform;
}
