// Where provisioning and seeding connect: command-line flags over OTS_* environment variables, or
// `--local` for a tablestore-local on its default address with its default credentials.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { otsConfigFromEnv, type OtsClientConfig, type OtsEnv } from '../../functions/store/client.js';
import { DEFAULTS as OTS_LOCAL } from '@lianban/tablestore-local';

export const OTS_FLAG_HELP = `Connection (flags override the environment):
  --endpoint <url>              OTS_ENDPOINT, e.g. https://<instance>.cn-hangzhou.ots.aliyuncs.com
  --instance <name>             OTS_INSTANCE
  --access-key-id <id>          OTS_ACCESS_KEY_ID
  --access-key-secret <secret>  OTS_ACCESS_KEY_SECRET (prefer the environment: flags end up in shell history)
  --local                       tablestore-local defaults: http://${OTS_LOCAL.host}:${OTS_LOCAL.port}, instance ${OTS_LOCAL.instance},
                                keys ${OTS_LOCAL.accessKeyId} / ${OTS_LOCAL.accessKeySecret}`;

export const OTS_FLAGS = {
  endpoint: { type: 'string' },
  instance: { type: 'string' },
  'access-key-id': { type: 'string' },
  'access-key-secret': { type: 'string' },
  local: { type: 'boolean' },
} as const;

export interface OtsFlags {
  endpoint?: string;
  instance?: string;
  'access-key-id'?: string;
  'access-key-secret'?: string;
  local?: boolean;
}

/** Client configuration from flags and environment; throws naming what is missing (never a secret's value). */
export function otsConfigFrom(flags: OtsFlags, env: OtsEnv): OtsClientConfig {
  const base: OtsEnv = flags.local
    ? {
        OTS_ENDPOINT: `http://${OTS_LOCAL.host}:${OTS_LOCAL.port}`,
        OTS_INSTANCE: OTS_LOCAL.instance,
        OTS_ACCESS_KEY_ID: OTS_LOCAL.accessKeyId,
        OTS_ACCESS_KEY_SECRET: OTS_LOCAL.accessKeySecret,
      }
    : env;
  return otsConfigFromEnv({
    OTS_ENDPOINT: flags.endpoint ?? base.OTS_ENDPOINT,
    OTS_INSTANCE: flags.instance ?? base.OTS_INSTANCE,
    OTS_ACCESS_KEY_ID: flags['access-key-id'] ?? base.OTS_ACCESS_KEY_ID,
    OTS_ACCESS_KEY_SECRET: flags['access-key-secret'] ?? base.OTS_ACCESS_KEY_SECRET,
  });
}

/** Parses argv with the connection flags plus `extra`; unknown flags throw. */
function parseOtsArgs(argv: string[], extra: NonNullable<ParseArgsConfig['options']> = {}): Record<string, string | boolean | undefined> {
  const { values } = parseArgs({ args: argv, options: { ...OTS_FLAGS, ...extra, help: { type: 'boolean', short: 'h' } }, strict: true });
  return values as Record<string, string | boolean | undefined>;
}

/**
 * The common start of a command that connects to Tablestore: parses argv, answers --help, resolves the
 * connection. Returns the flags and configuration, or the exit code to end with (0 after help, 2 on bad usage).
 */
export function otsCommand(
  name: string,
  help: string,
  argv: string[],
  env: OtsEnv,
  extra: NonNullable<ParseArgsConfig['options']> = {},
): { flags: Record<string, string | boolean | undefined>; config: OtsClientConfig } | number {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseOtsArgs(argv, extra);
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(help);
    return 0;
  }
  try {
    return { flags, config: otsConfigFrom(flags, env) };
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message} (set the OTS_* environment, pass flags, or --local)\n`);
    return 2;
  }
}
