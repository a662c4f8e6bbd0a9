// The pieces of the local stack the effects tests need, on free ports and a temp directory: tablestore-local
// (provisioned, demo directory seeded), the 浙政钉 / DingTalk gateway fakes with the seeded staff, and the FC
// runner serving s.yaml with the BUILT dispatcher and timer functions. The api function is not needed: the
// tests drive cases through the service layer (the same code the api calls) with the real Tablestore SDK.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlatformNotifier } from '../../../functions/effects/notifier';
import { platformsFromEnv } from '../../../functions/platform/index';
import { createServices, type Kick, type Services } from '../../../functions/service/index';
import { createOtsClient, type OtsClient } from '../../../functions/store/client';
import { Directory, type StoredStaff } from '../../../functions/store/directory';
import { TABLES } from '../../../functions/store/tables';
import { buildFunctions } from '../../../scripts/build/functions';
import { freePort } from '../../../scripts/dev/ports';
import { functionEnv, gatewayUsersOf, REPO_ROOT } from '../../../scripts/dev/stack';
import { LOCAL_DEFAULTS as FC_LOCAL, startFcLocal, type FcLocal } from '@lianban/fc-local';
import { LOCAL_GATEWAY_DEFAULTS, startGateways, type Gateways } from '../../../scripts/gateways/index';
import { createAdminClient } from '../../../scripts/provision/admin';
import { provisionTables } from '../../../scripts/provision/provision';
import { catalogSeed, seedDirectory } from '../../../scripts/seed/directory';
import { DEFAULTS as OTS_LOCAL, startTablestoreLocal, type TablestoreLocal } from '@lianban/tablestore-local';

export interface EffectsStack {
  dir: string;
  env: Record<string, string>;
  client: OtsClient;
  ots: TablestoreLocal;
  gateways: Gateways;
  fc: FcLocal;
  staff: StoredStaff[];
  functionLogs: string[];
  /** Services as the api builds them (notifier, optional kick, clock). */
  services(options?: { now?: () => string; kick?: Kick; client?: OtsClient }): Services;
  /** Stops tablestore-local (an outage); startOts() brings it back on the same port and data. */
  stopOts(): Promise<void>;
  startOts(): Promise<void>;
  stop(): Promise<void>;
}

export async function startEffectsStack(options: { timers?: boolean } = {}): Promise<EffectsStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-effects-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    await buildFunctions({ root: REPO_ROOT, distDir: path.join(dir, 'dist'), only: ['dispatcher', 'timer'], log: () => {} });
    const creds = { instance: OTS_LOCAL.instance, accessKeyId: OTS_LOCAL.accessKeyId, accessKeySecret: OTS_LOCAL.accessKeySecret };
    const otsOptions = { dataDir: path.join(dir, 'ots'), durability: 'fast' as const, ...creds };
    let ots: TablestoreLocal = await startTablestoreLocal({ port: 0, ...otsOptions });
    const otsPort = ots.port;
    let otsUp = true;
    stops.push(async () => {
      if (otsUp) await ots.stop();
    });
    const otsEnv = { OTS_ENDPOINT: ots.url, OTS_INSTANCE: ots.instance, OTS_ACCESS_KEY_ID: ots.accessKeyId, OTS_ACCESS_KEY_SECRET: ots.accessKeySecret };
    const client = createOtsClient(otsEnv);
    await provisionTables(
      createAdminClient({
        endpoint: ots.url, instancename: ots.instance, accessKeyId: ots.accessKeyId, secretAccessKey: ots.accessKeySecret, maxRetries: 2, httpOptions: { timeout: 10_000 },
      }),
      TABLES,
      { pollMs: 20 },
    );
    const secrets = { SESSION_SECRET: randomBytes(32).toString('base64url'), DATA_KEY: randomBytes(32).toString('base64'), HASH_KEY: randomBytes(32).toString('base64url') };
    await seedDirectory(client, catalogSeed(), { keys: { dataKey: secrets.DATA_KEY, hashKey: secrets.HASH_KEY } });
    const staff = await new Directory(client).listStaff(5000);

    const gatewayOptions = { zzd: { ...LOCAL_GATEWAY_DEFAULTS.zzd }, dingtalk: { ...LOCAL_GATEWAY_DEFAULTS.dingtalk }, users: gatewayUsersOf(staff) };
    const gateways = await startGateways({ port: 0, ...gatewayOptions });
    stops.push(() => gateways.stop());

    const fcPort = await freePort();
    // A drain killed while holding a case's lease leaves it to expire: short here, so the crash tests'
    // redeliveries take over within a second or two instead of the deployed 30 s.
    const env = { ...functionEnv({ otsUrl: ots.url, fcUrl: `http://127.0.0.1:${fcPort}`, appUrl: "http://127.0.0.1:8080", gateways, secrets }), LIANBAN_DRAIN_LEASE_MS: '1000' };
    const functionLogs: string[] = [];
    const fc = await startFcLocal({
      sYaml: path.join(REPO_ROOT, 's.yaml'),
      codeRoot: dir,
      port: fcPort,
      env,
      ...FC_LOCAL,
      timers: options.timers ?? false,
      asyncRetryBaseMs: 100,
      onLog: (line, meta) => void functionLogs.push(`[${meta.function}] ${line}`),
    });
    stops.push(() => fc.stop());

    const stack: EffectsStack = {
      dir,
      env,
      client,
      get ots() {
        return ots;
      },
      gateways,
      fc,
      staff,
      functionLogs,
      services: (o = {}) =>
        createServices({
          client: o.client ?? client,
          keys: { dataKey: secrets.DATA_KEY, hashKey: secrets.HASH_KEY },
          notifier: createPlatformNotifier({ platforms: platformsFromEnv(env), appUrl: 'http://127.0.0.1:8080', log: () => {} }),
          ...(o.kick ? { kick: o.kick } : {}),
          ...(o.now ? { now: o.now } : {}),
          directoryTtlMs: 60_000,
          log: () => {},
        }),
      stopOts: async () => {
        if (!otsUp) return;
        otsUp = false;
        await ots.stop();
      },
      startOts: async () => {
        if (otsUp) return;
        ots = await startTablestoreLocal({ port: otsPort, ...otsOptions });
        otsUp = true;
      },
      stop: async () => {
        while (stops.length) await stops.pop()!().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (err) {
    while (stops.length) await stops.pop()!().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
