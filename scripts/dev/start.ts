/**
 * `npm start`: builds and starts all of lianban on this machine (see stack.ts), prints where everything
 * is and how to log in, and stops everything on Ctrl-C (SIGINT) or SIGTERM.
 *
 *   npm start -- [--data <dir>] [--port <base>] [--host <addr>] [--dist <dir>] [--no-build] [--no-seed] [--no-timers] [--verbose]
 * Environment: LIANBAN_DATA (= --data), LIANBAN_PORT (= --port).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { roleLabels } from '../../functions/core/directory.js';
import { DEFAULT_DATA_DIR, StackAborted, startStack, type Stack } from './stack.js';
import { DEFAULT_PORTS, portsFrom, type StackPorts } from './ports.js';

export { startStack, type Stack, type StackOptions } from './stack.js';

const HELP = `npm start -- [options]

Builds, then starts tablestore-local, provisions and seeds it, starts the 浙政钉/DingTalk gateway fakes,
the FC runner (s.yaml) and the mini-app server; prints the URLs. Ctrl-C stops everything.

Options:
  --data <dir>           data directory: Tablestore data in <dir>/ots, keys in <dir>/secrets.json
                         (env LIANBAN_DATA; default ${DEFAULT_DATA_DIR})
  --port <base>          mini-app <base>, FC <base>+1, gateway fakes <base>+2, Tablestore <base>+3; 0 = free ports
                         (env LIANBAN_PORT; default mini-app ${DEFAULT_PORTS.miniapp}, FC ${DEFAULT_PORTS.fc}, gateways ${DEFAULT_PORTS.gateways}, Tablestore ${DEFAULT_PORTS.ots})
  --miniapp-port <p>, --fc-port <p>, --gateway-port <p>, --ots-port <p>   one port, over --port
  --host <addr>          address of the mini-app server (default 127.0.0.1; 0.0.0.0 to open it from a phone on the LAN)
  --dist <dir>           build into and serve from <dir> (a directory named dist; default ./dist)
  --no-build             serve the existing build instead of building
  --no-seed              do not seed the demo directory
  --no-timers            do not fire timer triggers on their schedule
  --verbose              print every FC invoke start/end and the functions' info lines
                         (default: one line per /api request, and the functions' warnings and errors)
  -h, --help             this help
`;

function portArg(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid ${name}: ${value}`);
  return n;
}

export function parseStartArgs(argv: string[], env: Record<string, string | undefined>) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'miniapp-port': { type: 'string' },
      'fc-port': { type: 'string' },
      'gateway-port': { type: 'string' },
      'ots-port': { type: 'string' },
      host: { type: 'string' },
      dist: { type: 'string' },
      'no-build': { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'no-timers': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const single: Partial<StackPorts> = {
    miniapp: portArg(values['miniapp-port'], '--miniapp-port'),
    fc: portArg(values['fc-port'], '--fc-port'),
    gateways: portArg(values['gateway-port'], '--gateway-port'),
    ots: portArg(values['ots-port'], '--ots-port'),
  };
  const basePort = portArg(values.port ?? env.LIANBAN_PORT, values.port !== undefined ? '--port' : 'LIANBAN_PORT');
  portsFrom(basePort, single); // validates
  return {
    help: values.help === true,
    dataDir: values.data ?? env.LIANBAN_DATA ?? DEFAULT_DATA_DIR,
    basePort,
    ports: single,
    host: values.host,
    distDir: values.dist,
    build: values['no-build'] !== true,
    seed: values['no-seed'] !== true,
    timers: values['no-timers'] !== true,
    verbose: values.verbose === true,
  };
}

/** What `npm start` prints once everything runs. */
export function banner(stack: Stack): string[] {
  const clerk = stack.staff.find((s) => s.roles.includes('clerk') && s.districtCode === '330212') ?? stack.staff.find((s) => s.roles.includes('clerk'));
  const rel = path.relative(process.cwd(), stack.dataDir) || '.';
  const fcSdk = stack.env;
  return [
    '',
    `lianban is running (LIANBAN_MODE=local, data in ${rel})`,
    `  mini-app    ${stack.miniappUrl}/`,
    `  FC          ${stack.fcUrl}   (api HTTP trigger ${stack.apiTriggerUrl}/api/health)`,
    `  Tablestore  ${stack.otsUrl}   (instance ${stack.otsInstance})`,
    `  gateways    ${stack.gatewayUrl}   (浙政钉 fake /zzd, DingTalk fake /dingtalk, inbox /__local/inbox?accountId=…)`,
    '',
    `Log in: open ${stack.miniappUrl}/ in a browser and pick a demo staff member (${stack.staff.length} seeded)` +
      (clerk ? `, e.g. ${clerk.name} — ${roleLabels.clerk}, ${clerk.id}.` : '.'),
    '  The browser asks the local 浙政钉 fake for a login-free code and signs in through the api function\'s real exchange.',
    '',
    'Local SDK clients:',
    `  tablestore:    new TableStore.Client({ endpoint: '${stack.otsUrl}', instancename: '${stack.otsInstance}', accessKeyId: '${stack.ots.accessKeyId}', secretAccessKey: '${stack.ots.accessKeySecret}' })`,
    `  @alicloud/fc2: new FC('${fcSdk.FC_ACCOUNT_ID}', { endpoint: '${stack.fcUrl}', region: '${fcSdk.FC_REGION}', accessKeyID: '${fcSdk.FC_ACCESS_KEY_ID}', accessKeySecret: '${fcSdk.FC_ACCESS_KEY_SECRET}' })`,
    ...(stack.unbuilt.length ? ['', `Declared in s.yaml but not written yet (not served): ${stack.unbuilt.join(', ')}`] : []),
    '',
    'Ctrl-C stops everything.',
  ];
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseStartArgs>;
  try {
    args = parseStartArgs(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`npm start: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }

  const abort = new AbortController();
  let stack: Stack | undefined;
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // The same Ctrl-C may arrive twice (from the terminal and relayed by a wrapper such as tsx or npm):
    // only a second press, a moment later, forces the exit.
    if (firstSignalAt) {
      if (Date.now() - firstSignalAt < 1000) return;
      process.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(130);
    }
    firstSignalAt = Date.now();
    process.stdout.write(`\n${signal}: stopping…\n`);
    abort.abort();
    if (stack) {
      void stack.stop().then(() => {
        process.stdout.write('stopped\n');
        process.exit(0);
      });
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    stack = await startStack({ ...args, signal: abort.signal });
  } catch (err) {
    if (err instanceof StackAborted) {
      process.stdout.write('stopped\n');
      return 130;
    }
    process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  for (const line of banner(stack)) process.stdout.write(`${line}\n`);
  return -1; // keep running until a signal
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`npm start: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
