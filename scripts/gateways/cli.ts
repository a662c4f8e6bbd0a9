// Runs the gateway fakes on their own:
//   tsx scripts/gateways/cli.ts [--port 8790] [--host 127.0.0.1] [--users users.json]
// users.json: [{ "accountId": "10001", "employeeCode": "GE_1", "dingUserId": "u1", "name": "张三" }, …]
// App keys come from ZZD_APP_KEY/ZZD_APP_SECRET/ZZD_TENANT_ID and DINGTALK_APP_KEY/DINGTALK_APP_SECRET/
// DINGTALK_AGENT_ID, with local defaults.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { LOCAL_GATEWAY_DEFAULTS, startGateways, type GatewayUser } from './index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '8790' }, host: { type: 'string', default: '127.0.0.1' }, users: { type: 'string' } },
  });
  const users: GatewayUser[] = values.users ? (JSON.parse(readFileSync(values.users, 'utf8')) as GatewayUser[]) : [];
  const env = process.env;
  const gateways = await startGateways({
    port: Number(values.port),
    host: values.host,
    zzd: {
      appKey: env.ZZD_APP_KEY ?? LOCAL_GATEWAY_DEFAULTS.zzd.appKey,
      appSecret: env.ZZD_APP_SECRET ?? LOCAL_GATEWAY_DEFAULTS.zzd.appSecret,
      tenantId: env.ZZD_TENANT_ID ?? LOCAL_GATEWAY_DEFAULTS.zzd.tenantId,
    },
    dingtalk: {
      appKey: env.DINGTALK_APP_KEY ?? LOCAL_GATEWAY_DEFAULTS.dingtalk.appKey,
      appSecret: env.DINGTALK_APP_SECRET ?? LOCAL_GATEWAY_DEFAULTS.dingtalk.appSecret,
      agentId: env.DINGTALK_AGENT_ID ?? LOCAL_GATEWAY_DEFAULTS.dingtalk.agentId,
    },
    users,
  });
  console.log(`浙政钉 gateway fake:  ZZD_BASE_URL=${gateways.zzdUrl}`);
  console.log(`DingTalk fake:       DINGTALK_BASE_URL=DINGTALK_API_BASE_URL=${gateways.dingtalkUrl}`);
  console.log(`local helpers:       ${gateways.url}/__local/{code,inbox,users}  (${users.length} users)`);
  const stop = () => void gateways.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
