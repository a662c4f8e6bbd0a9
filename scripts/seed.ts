/**
 * Seeds the demo directory of the catalog (districts 鄞州 海曙 江北 北仑 镇海, departments, staff with roles
 * and accounts, seals, delegations, bundles, calendar overlay) into the `directory` table, idempotently.
 * `npm start` runs this by itself; run it alone against any instance whose tables are provisioned:
 *
 *   npx tsx scripts/seed.ts --local                 (tablestore-local on its default address)
 *   OTS_ENDPOINT=… OTS_INSTANCE=… OTS_ACCESS_KEY_ID=… OTS_ACCESS_KEY_SECRET=… npx tsx scripts/seed.ts
 *   … --overwrite                                   (bring rows an admin changed back to the seed)
 * With DATA_KEY and HASH_KEY set, the seals' Ed25519 keys are created too (idempotently).
 * Exit code 0 when every seed row is in place; 1 when a row could not be written; 2 on bad usage.
 */
import { createOtsClient } from '../functions/store/client.js';
import { OTS_FLAG_HELP, otsCommand } from './provision/config.js';
import { createProgress } from './dev/progress.js';
import { catalogSeed, describeSeedReport, seedDirectory } from './seed/directory.js';

const HELP = `npx tsx scripts/seed.ts [options]

Writes the demo directory rows that are missing; leaves rows that already hold the seed value alone and
reports rows that differ (kept unless --overwrite).

${OTS_FLAG_HELP}
  --overwrite                   replace rows that differ from the seed (conditional updates)
  -h, --help                    this help
`;

async function main(): Promise<number> {
  const started = otsCommand('seed', HELP, process.argv.slice(2), process.env, { overwrite: { type: 'boolean' } });
  if (typeof started === 'number') return started;
  const { flags, config } = started;
  const progress = createProgress('seed', process.stdout);
  progress.line(`seed: demo directory → ${config.endpoint}, instance ${config.instancename}`);
  const client = createOtsClient({
    OTS_ENDPOINT: config.endpoint,
    OTS_INSTANCE: config.instancename,
    OTS_ACCESS_KEY_ID: config.accessKeyId,
    OTS_ACCESS_KEY_SECRET: config.secretAccessKey,
  });
  // With DATA_KEY and HASH_KEY in the environment the seals' signing keys are seeded too.
  const keys = process.env.DATA_KEY && process.env.HASH_KEY ? { dataKey: process.env.DATA_KEY, hashKey: process.env.HASH_KEY } : undefined;
  if (!keys) progress.line('seed: DATA_KEY/HASH_KEY not set — seal keys are created when a seal first signs');
  const report = await seedDirectory(client, catalogSeed(), {
    keys,
    overwrite: flags.overwrite === true,
    progress: (kind, done, total) => progress.update(kind, done, total),
  });
  for (const line of describeSeedReport(report)) progress.done(line);
  if (report.differs.length) progress.line(`seed: ${report.differs.length} row(s) differ from the seed and were kept (--overwrite replaces them)`);
  for (const c of report.conflicts) progress.line(`seed: not written: ${c}`);
  progress.line(`seed: done — ${report.written} row(s) written`);
  return report.conflicts.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`seed: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
