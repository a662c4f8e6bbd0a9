// Builds the platform adapters from configuration. A platform is enabled when its app key is set.
//   浙政钉: ZZD_BASE_URL (default: the 浙政钉 production gateway), ZZD_APP_KEY, ZZD_APP_SECRET, ZZD_TENANT_ID
//   DingTalk: DINGTALK_BASE_URL (default https://oapi.dingtalk.com), DINGTALK_API_BASE_URL (default
//   https://api.dingtalk.com), DINGTALK_APP_KEY, DINGTALK_APP_SECRET, DINGTALK_AGENT_ID
// In LIANBAN_MODE=local notice links stay plain http links (the local inbox opens them in a browser).
import { DingTalkClient } from './dingtalk.js';
import { ZzdClient } from './zzd.js';
import type { Clock } from './types.js';

export * from './types.js';

/** 浙政钉 production gateway; the 专有钉钉 SaaS/test environment is https://openplatform.dg-work.cn. */
const ZZD_PRODUCTION_URL = 'https://openplatform-pro.ding.zj.gov.cn';
const DINGTALK_OAPI_URL = 'https://oapi.dingtalk.com';
const DINGTALK_API_URL = 'https://api.dingtalk.com';

export interface Platforms {
  zzd?: ZzdClient;
  dingtalk?: DingTalkClient;
}

function required(env: Record<string, string | undefined>, names: string[]): void {
  const missing = names.filter((n) => !env[n]);
  if (missing.length > 0) throw new Error(`platform configuration incomplete: ${missing.join(', ')} missing`);
}

export function platformsFromEnv(env: Record<string, string | undefined>, options: { clock?: Clock; fetch?: typeof fetch } = {}): Platforms {
  const deepLinks = env.LIANBAN_MODE !== 'local';
  const platforms: Platforms = {};
  if (env.ZZD_APP_KEY) {
    required(env, ['ZZD_APP_SECRET', 'ZZD_TENANT_ID']);
    platforms.zzd = new ZzdClient({
      baseUrl: env.ZZD_BASE_URL || ZZD_PRODUCTION_URL,
      appKey: env.ZZD_APP_KEY,
      appSecret: env.ZZD_APP_SECRET as string,
      tenantId: env.ZZD_TENANT_ID as string,
      deepLinks,
      ...options,
    });
  }
  if (env.DINGTALK_APP_KEY) {
    required(env, ['DINGTALK_APP_SECRET', 'DINGTALK_AGENT_ID']);
    platforms.dingtalk = new DingTalkClient({
      baseUrl: env.DINGTALK_BASE_URL || DINGTALK_OAPI_URL,
      apiBaseUrl: env.DINGTALK_API_BASE_URL || (env.DINGTALK_BASE_URL ? env.DINGTALK_BASE_URL : DINGTALK_API_URL),
      appKey: env.DINGTALK_APP_KEY,
      appSecret: env.DINGTALK_APP_SECRET as string,
      agentId: env.DINGTALK_AGENT_ID as string,
      deepLinks,
      ...options,
    });
  }
  return platforms;
}
