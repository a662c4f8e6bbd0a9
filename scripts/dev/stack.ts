// The whole of lianban on one machine (what `npm start` runs), startable from tests:
//   1. build the functions declared in s.yaml and the mini-app (dist/)
//   2. tablestore-local on <data>/ots (survives restarts)
//   3. provision every table of the registry; 4. seed the demo directory
//   5. the 浙政钉 / DingTalk gateway fakes, with one user per seeded staff member's accounts
//   6. the FC runner serving s.yaml, with the functions' environment pointing at all of the above
//   7. the mini-app server: one origin for the page, /api (→ api function) and /__local (→ gateway fakes)
// stop() stops everything that was started, in reverse order.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOtsClient } from '../../functions/store/client.js';
import { Directory, type StoredStaff } from '../../functions/store/directory.js';
import { TABLES } from '../../functions/store/tables.js';
import { buildFunctions, functionEntry } from '../build/functions.js';
import { buildMiniapp } from '../build/miniapp.js';
import { LOCAL_DEFAULTS as FC_LOCAL, startFcLocal, type FcLocal } from '@lianban/fc-local';
import { loadSYaml } from '../build/syaml.js';
import { LOCAL_GATEWAY_DEFAULTS, startGateways, type GatewayUser, type Gateways } from '../gateways/index.js';
import { createAdminClient } from '../provision/admin.js';
import { provisionTables, type TableOutcome } from '../provision/provision.js';
import { catalogSeed, describeSeedReport, seedDirectory, type SeedReport } from '../seed/directory.js';
import { DEFAULTS as OTS_LOCAL, startTablestoreLocal, type TablestoreLocal } from '@lianban/tablestore-local';
import { startMiniappServer, type MiniappServer } from './miniappServer.js';
import { describeListenError, freePort, portsFrom, type StackPorts } from './ports.js';
import { createProgress, type Output } from './progress.js';
import { loadOrCreateSecrets, type StackSecrets } from './secrets.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DATA_DIR = '.lianban';

export interface StackOptions {
  /** Stack data directory: Tablestore data in <data>/ots, keys in <data>/secrets.json. Default `.lianban`. */
  dataDir?: string;
  /** Base port P: mini-app P, FC P+1, gateways P+2, Tablestore P+3; 0 = free ports. Default 8080 / 8081 / 8790 / 8800. */
  basePort?: number;
  /** Single ports, over basePort. */
  ports?: Partial<StackPorts>;
  /** Address of the mini-app server (default 127.0.0.1; 0.0.0.0 opens it to the LAN). */
  host?: string;
  /** More environment for the functions (e.g. LIANBAN_DRAIN_INLINE=0: every change's effects to the dispatcher). */
  functionEnv?: Record<string, string>;
  /** Directory holding s.yaml and functions/ (default: this repository). */
  root?: string;
  /** Where the build goes and is served from; s.yaml's `./dist/...` codeUris are rebased onto it. Default <root>/dist. */
  distDir?: string;
  /** Build before starting (default true); false serves an existing build. */
  build?: boolean;
  /** Seed the demo directory (default true). */
  seed?: boolean;
  /** Fire timer triggers on their schedule (default true). */
  timers?: boolean;
  /** tablestore-local durability (default 'durable'). */
  durability?: 'durable' | 'fast';
  /** Progress and status lines (default process.stdout). */
  out?: Output;
  /** Log lines of the functions (default: to `out`, prefixed with the function name; see `verbose`). */
  onFunctionLog?: (line: string, fn: string) => void;
  /**
   * false (default): `out` gets one line per /api request and the functions' warnings and errors only;
   * true: also every FC invoke start/end and the functions' info and verbose lines.
   */
  verbose?: boolean;
  /** Aborting stops the start between steps: whatever started is stopped and startStack rejects with StackAborted. */
  signal?: AbortSignal;
}

export class StackAborted extends Error {
  constructor() {
    super('start interrupted');
    this.name = 'StackAborted';
  }
}

export interface Stack {
  miniappUrl: string;
  fcUrl: string;
  /** The api function's HTTP trigger on the FC runner. */
  apiTriggerUrl: string;
  otsUrl: string;
  gatewayUrl: string;
  dataDir: string;
  /** Environment the functions run with (holds the keys: never print it). */
  env: Record<string, string>;
  secrets: StackSecrets;
  otsInstance: string;
  provision: TableOutcome[];
  seed: SeedReport | null;
  /** Staff as seeded (from the store), one gateway user each. */
  staff: StoredStaff[];
  /** Functions declared in s.yaml whose code does not exist yet (not built, not served). */
  unbuilt: string[];
  fc: FcLocal;
  gateways: Gateways;
  ots: TablestoreLocal;
  stop(): Promise<void>;
}

const OTS_CREDENTIALS = { instance: OTS_LOCAL.instance, accessKeyId: OTS_LOCAL.accessKeyId, accessKeySecret: OTS_LOCAL.accessKeySecret };

/**
 * Function log lines left out unless verbose: FC's invoke start/end, info and verbose levels, and Node's
 * DEP0005 notice about `new Buffer()` inside the tablestore SDK (harmless; it printed as an [ERROR] line).
 */
export function quietLine(line: string): boolean {
  return /^FC Invoke (Start|End) RequestId/.test(line) || / \[(INFO|verbose|DEBUG)\] /.test(line) || /DEP0005|--trace-deprecation/.test(line);
}

/** A 浙政钉 (and DingTalk) user of the gateway fakes for every staff member with a 浙政钉 account. */
export function gatewayUsersOf(staff: StoredStaff[]): GatewayUser[] {
  return staff
    .filter((s) => s.accounts.zzd)
    .map((s) => ({ accountId: s.accounts.zzd as string, dingUserId: s.accounts.dingtalk, employeeCode: `GE_${s.id}`, name: s.name }));
}

/** The configuration contract of the functions (s.yaml `${env.X}`), pointing at the local servers. */
export function functionEnv(p: { otsUrl: string; fcUrl: string; appUrl: string; gateways: Gateways; secrets: StackSecrets }): Record<string, string> {
  return {
    LIANBAN_MODE: 'local',
    LIANBAN_APP_URL: p.appUrl,
    OTS_ENDPOINT: p.otsUrl,
    OTS_INSTANCE: OTS_CREDENTIALS.instance,
    OTS_ACCESS_KEY_ID: OTS_CREDENTIALS.accessKeyId,
    OTS_ACCESS_KEY_SECRET: OTS_CREDENTIALS.accessKeySecret,
    FC_ENDPOINT: p.fcUrl,
    FC_ACCOUNT_ID: FC_LOCAL.accountId,
    FC_REGION: FC_LOCAL.region,
    FC_ACCESS_KEY_ID: FC_LOCAL.accessKeyId,
    FC_ACCESS_KEY_SECRET: FC_LOCAL.accessKeySecret,
    FC_SERVICE: 'lianban',
    ZZD_BASE_URL: p.gateways.zzdUrl,
    ZZD_APP_KEY: LOCAL_GATEWAY_DEFAULTS.zzd.appKey,
    ZZD_APP_SECRET: LOCAL_GATEWAY_DEFAULTS.zzd.appSecret,
    ZZD_TENANT_ID: LOCAL_GATEWAY_DEFAULTS.zzd.tenantId,
    DINGTALK_BASE_URL: p.gateways.dingtalkUrl,
    DINGTALK_API_BASE_URL: p.gateways.dingtalkUrl,
    DINGTALK_APP_KEY: LOCAL_GATEWAY_DEFAULTS.dingtalk.appKey,
    DINGTALK_APP_SECRET: LOCAL_GATEWAY_DEFAULTS.dingtalk.appSecret,
    DINGTALK_AGENT_ID: LOCAL_GATEWAY_DEFAULTS.dingtalk.agentId,
    SESSION_SECRET: p.secrets.SESSION_SECRET,
    DATA_KEY: p.secrets.DATA_KEY,
    HASH_KEY: p.secrets.HASH_KEY,
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const out = options.out ?? process.stdout;
  const say = (line: string) => out.write(`${line}\n`);
  const root = path.resolve(options.root ?? REPO_ROOT);
  const sYaml = path.join(root, 's.yaml');
  const distDir = path.resolve(options.distDir ?? path.join(root, 'dist'));
  const codeRoot = path.dirname(distDir); // s.yaml's ./dist/<fn> rebased: <codeRoot>/dist/<fn> = <distDir>/<fn>
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const ports = portsFrom(options.basePort, options.ports);
  if (path.basename(distDir) !== 'dist') throw new Error(`distDir must be a directory named dist (s.yaml codeUris are ./dist/...): ${distDir}`);

  const stops: Array<() => Promise<void>> = [];
  const checkAborted = () => {
    if (options.signal?.aborted) throw new StackAborted();
  };
  const stopAll = async () => {
    while (stops.length) await stops.pop()!().catch(() => undefined);
  };

  try {
    mkdirSync(dataDir, { recursive: true });
    const { secrets, generated } = loadOrCreateSecrets(dataDir);
    if (generated.length) say(`keys: generated ${generated.join(', ')} in ${path.join(dataDir, 'secrets.json')}`);

    // 1. Build: every function whose code exists (functions not written yet are reported, not served).
    const declared = loadSYaml(sYaml, { env: {}, accountId: FC_LOCAL.accountId }).functions;
    const unbuilt = declared.filter((fn) => !existsSync(functionEntry(root, fn))).map((fn) => fn.name);
    const buildable = declared.filter((fn) => !unbuilt.includes(fn.name)).map((fn) => fn.name);
    if (options.build !== false) {
      say(`build: functions ${buildable.join(', ')}${unbuilt.length ? ` (not written yet, skipped: ${unbuilt.join(', ')})` : ''}`);
      await buildFunctions({ root, sYaml, distDir, only: buildable, log: say });
      await buildMiniapp({ root, outDir: path.join(distDir, 'miniapp'), log: say });
    } else if (!existsSync(path.join(distDir, 'miniapp', 'index.html'))) {
      throw new Error(`no build in ${distDir}: start without --no-build`);
    }

    checkAborted();
    // 2. Tablestore.
    let ots: TablestoreLocal;
    try {
      ots = await startTablestoreLocal({ port: ports.ots, dataDir: path.join(dataDir, 'ots'), durability: options.durability, ...OTS_CREDENTIALS });
    } catch (err) {
      throw describeListenError(err, 'tablestore-local', ports.ots);
    }
    stops.push(() => ots.stop());
    say(`tablestore-local: ${ots.url} (data ${path.join(dataDir, 'ots')})`);
    const otsEnv = { OTS_ENDPOINT: ots.url, OTS_INSTANCE: ots.instance, OTS_ACCESS_KEY_ID: ots.accessKeyId, OTS_ACCESS_KEY_SECRET: ots.accessKeySecret };
    const client = createOtsClient(otsEnv);

    checkAborted();
    // 3. Tables.
    const provision = await provisionTables(
      createAdminClient({
        endpoint: ots.url, instancename: ots.instance, accessKeyId: ots.accessKeyId, secretAccessKey: ots.accessKeySecret, maxRetries: 2, httpOptions: { timeout: 10_000 },
      }),
      TABLES,
      { log: say, pollMs: 100 },
    );

    checkAborted();
    // 4. Demo directory.
    let seed: SeedReport | null = null;
    if (options.seed !== false) {
      const progress = createProgress('seed', out);
      seed = await seedDirectory(client, catalogSeed(), { progress: (kind, done, total) => progress.update(kind, done, total) });
      progress.done(`demo directory: ${describeSeedReport(seed).join('; ')}`);
      if (seed.differs.length) progress.line(`seed: ${seed.differs.length} row(s) differ from the seed and were kept (npx tsx scripts/seed.ts --local --endpoint ${ots.url} --overwrite resets them)`);
      for (const c of seed.conflicts) progress.line(`seed: not written: ${c}`);
    }

    checkAborted();
    // 5. Gateway fakes, one user per staff member with a 浙政钉 account.
    const staff = await new Directory(client).listStaff(5000);
    let gateways: Gateways;
    try {
      gateways = await startGateways({
        port: ports.gateways,
        zzd: { ...LOCAL_GATEWAY_DEFAULTS.zzd },
        dingtalk: { ...LOCAL_GATEWAY_DEFAULTS.dingtalk },
        users: gatewayUsersOf(staff),
      });
    } catch (err) {
      throw describeListenError(err, 'gateway fakes', ports.gateways);
    }
    stops.push(() => gateways.stop());
    say(`gateway fakes: ${gateways.url} (${gatewayUsersOf(staff).length} users)`);

    checkAborted();
    // 6. FC runner. Its own URL is part of the functions' environment, so its port is fixed first.
    const fcPort = ports.fc === 0 ? await freePort() : ports.fc;
    const fcUrl = `http://127.0.0.1:${fcPort}`;
    // Links in notices and to-dos point at the mini-app, so its port is fixed first too.
    const miniappPort = ports.miniapp === 0 ? await freePort() : ports.miniapp;
    const env = { ...functionEnv({ otsUrl: ots.url, fcUrl, appUrl: `http://127.0.0.1:${miniappPort}`, gateways, secrets }), ...options.functionEnv };
    const timerFunctionsBuilt = declared.filter((fn) => fn.triggers.some((t) => t.type === 'timer')).every((fn) => !unbuilt.includes(fn.name));
    const onFunctionLog = options.onFunctionLog ?? ((line: string, fn: string) => {
      if (options.verbose || !quietLine(line)) say(`[fc:${fn}] ${line}`);
    });
    let fc: FcLocal;
    try {
      fc = await startFcLocal({
        sYaml,
        codeRoot,
        port: fcPort,
        env,
        ...FC_LOCAL,
        timers: options.timers !== false && timerFunctionsBuilt,
        onLog: (line, meta) => onFunctionLog(line, meta.function),
      });
    } catch (err) {
      throw describeListenError(err, 'FC runner', fcPort);
    }
    stops.push(() => fc.stop());
    const api = fc.model.functions.find((f) => f.name === 'api');
    if (!api) throw new Error('s.yaml declares no function "api"');
    const apiTriggerUrl = `${fc.url}/2016-08-15/proxy/${api.service.name}/${api.name}`;
    say(`fc-local: ${fc.url} (${fc.model.functions.map((f) => f.name).join(', ')})`);

    checkAborted();
    // 7. The mini-app, one origin.
    const miniapp: MiniappServer = await startMiniappServer({
      dir: path.join(distDir, 'miniapp'),
      apiUpstream: apiTriggerUrl,
      gatewayUpstream: gateways.url,
      port: miniappPort,
      host: options.host,
      onRequest: options.onFunctionLog ? undefined : say,
    });
    stops.push(() => miniapp.stop());

    checkAborted();
    let stopping: Promise<void> | undefined;
    return {
      miniappUrl: miniapp.url,
      fcUrl: fc.url,
      apiTriggerUrl,
      otsUrl: ots.url,
      gatewayUrl: gateways.url,
      dataDir,
      env,
      secrets,
      otsInstance: ots.instance,
      provision,
      seed,
      staff,
      unbuilt,
      fc,
      gateways,
      ots,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
