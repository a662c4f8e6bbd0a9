/**
 * The tablestore-local command:
 *   tablestore-local [--port 8800] [--host 127.0.0.1] [--data .lianban/ots] [--access-key-id ID]
 *                  [--access-key-secret SECRET] [--instance NAME] [--durability durable|fast]
 * Prints "tablestore-local listening on http://127.0.0.1:<port> …" once it accepts requests; stops
 * cleanly (closing the database) on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEFAULTS, startTablestoreLocal } from './index.js';

const HELP = `tablestore-local — a local Tablestore server for the official tablestore SDK

Usage: tablestore-local [options]

Options:
  --port <port>                 port to listen on; 0 picks a free port       (default ${DEFAULTS.port})
  --host <host>                 address to listen on                         (default ${DEFAULTS.host})
  --data <dir>                  data directory (LMDB file tablestore.mdb)   (default ${DEFAULTS.dataDir})
  --access-key-id <id>          access key id clients must sign with         (default ${DEFAULTS.accessKeyId})
  --access-key-secret <secret>  access key secret                            (default ${DEFAULTS.accessKeySecret})
  --instance <name>             instance name clients must use               (default ${DEFAULTS.instance})
  --durability <durable|fast>   durable: fsync every commit; fast: no fsync  (default ${DEFAULTS.durability})
  -h, --help                    show this help

SDK configuration: { endpoint: <printed url>, accessKeyId, secretAccessKey, instancename }.
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        instance: { type: 'string' },
        durability: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = values.port === undefined ? DEFAULTS.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port: ${values.port}`);
  const durability = values.durability ?? DEFAULTS.durability;
  if (durability !== 'durable' && durability !== 'fast') fail(`invalid --durability: ${durability}`);

  const server = await startTablestoreLocal({
    port,
    host: values.host,
    dataDir: values.data ?? DEFAULTS.dataDir,
    accessKeyId: values['access-key-id'],
    accessKeySecret: values['access-key-secret'],
    instance: values.instance,
    durability,
  });
  process.stdout.write(
    `tablestore-local listening on ${server.url} (instance ${server.instance}, access key id ${server.accessKeyId}, ` +
      `data ${values.data ?? DEFAULTS.dataDir}, ${durability})\n`,
  );
  const shutdown = (signal: string) => {
    process.stdout.write(`tablestore-local: ${signal}, stopping\n`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tablestore-local: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`tablestore-local: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
