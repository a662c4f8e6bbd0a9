/**
 * The fc-local command (serves BUILT code: build the functions first):
 *
 *   fc-local [--s-yaml s.yaml] [--code-root <dir>] [--port 9000] [--host 127.0.0.1] [--schema <file>] [--no-timers]
 *
 * `${env.X}` in s.yaml is filled from this process's environment. Clients use account id, region and keys
 * from FC_ACCOUNT_ID / FC_REGION / FC_ACCESS_KEY_ID / FC_ACCESS_KEY_SECRET (defaults: 1234567890,
 * cn-hangzhou, lianban-local, lianban-local-secret) with endpoint = the printed URL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_DEFAULTS, startFcLocal } from './server.js';
import { schemaValidator } from './validate.js';

const HELP = `fc-local — a local Function Compute 2.0 runner for the Node.js functions of an s.yaml

Usage: fc-local [options]

Options:
  --s-yaml <file>     s.yaml to serve                                  (default s.yaml)
  --code-root <dir>   directory codeUri is relative to                 (default: the directory of s.yaml)
  --port <port>       port to listen on; 0 picks a free port           (default $FC_LOCAL_PORT or 9000)
  --host <host>       address to listen on                             (default 127.0.0.1)
  --schema <file>     also validate s.yaml against this JSON Schema (draft-07)
  --no-timers         do not fire timer triggers on their schedule
  -h, --help          show this help

Serves BUILT code (each function's codeUri holds <handler file>.js). Clients (@alicloud/fc2): endpoint = the
printed URL, account id $FC_ACCOUNT_ID (${LOCAL_DEFAULTS.accountId}), region $FC_REGION (${LOCAL_DEFAULTS.region}),
key $FC_ACCESS_KEY_ID / $FC_ACCESS_KEY_SECRET (${LOCAL_DEFAULTS.accessKeyId} / ${LOCAL_DEFAULTS.accessKeySecret}).
`;

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-timers') out.timers = false;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--') && i + 1 < argv.length) out[a.slice(2)] = argv[++i];
    else throw new Error(`unknown argument ${a}\n\n${HELP}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const schema = typeof args.schema === 'string' ? (JSON.parse(readFileSync(args.schema, 'utf8')) as object) : null;
  const fc = await startFcLocal({
    sYaml: path.resolve(String(args['s-yaml'] ?? 's.yaml')),
    codeRoot: typeof args['code-root'] === 'string' ? path.resolve(args['code-root']) : undefined,
    port: Number(args.port ?? env.FC_LOCAL_PORT ?? 9000),
    host: typeof args.host === 'string' ? args.host : undefined,
    timers: args.timers !== false,
    validate: schema ? schemaValidator(schema) : undefined,
    env,
    accountId: env.FC_ACCOUNT_ID || LOCAL_DEFAULTS.accountId,
    region: env.FC_REGION || LOCAL_DEFAULTS.region,
    accessKeyId: env.FC_ACCESS_KEY_ID || LOCAL_DEFAULTS.accessKeyId,
    accessKeySecret: env.FC_ACCESS_KEY_SECRET || LOCAL_DEFAULTS.accessKeySecret,
  });
  console.log(`fc-local: FC endpoint ${fc.url}`);
  for (const fn of fc.model.functions) {
    const triggers = fn.triggers
      .map((t) =>
        t.type === 'http'
          ? `http ${fc.url}/2016-08-15/proxy/${fn.service.name}/${fn.name}/ (also ${fc.url}/http/${fn.name}/)`
          : t.type === 'timer'
            ? `timer "${t.cronExpression}"${t.enable ? '' : ' (disabled)'}`
            : t.kind,
      )
      .join('; ');
    console.log(`fc-local:   ${fn.service.name}/${fn.name} ${fn.runtime} ${triggers || 'invoke only'}`);
  }
  if (fc.model.missingEnv.length) console.log(`fc-local: unset in the environment: ${fc.model.missingEnv.join(' ')}`);
  console.log('fc-local: ready (Ctrl-C stops)');
  const shutdown = () => {
    void fc.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(`fc-local: ${(e as Error).message}`);
  process.exit(1);
});
