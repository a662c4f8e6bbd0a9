/**
 * `npm run provision`: creates or updates every Tablestore table lianban uses (functions/store/tables.ts),
 * idempotently, through the official SDK — against a real instance (OTS_* environment) or tablestore-local.
 *
 *   OTS_ENDPOINT=… OTS_INSTANCE=… OTS_ACCESS_KEY_ID=… OTS_ACCESS_KEY_SECRET=… npm run provision
 *   npm run provision -- --local            (a tablestore-local started with `npm run ots`)
 *   npm run provision -- --dry-run          (report only)
 * Exit code 0 when every table matches; 1 when provisioning failed or refused (primary key differs); 2 on bad usage.
 */
import { OTS_FLAG_HELP, otsCommand } from './provision/config.js';
import { createAdminClient } from './provision/admin.js';
import { ProvisionError, provisionTables } from './provision/provision.js';
import { TABLES, tablesNeedingLocalTransactions } from '../functions/store/tables.js';

const HELP = `npm run provision -- [options]

Creates missing tables, updates table options that differ, refuses a table whose primary key differs.

${OTS_FLAG_HELP}
  --dry-run                     only report what would change
  -h, --help                    this help
`;

async function main(): Promise<number> {
  const started = otsCommand('provision', HELP, process.argv.slice(2), process.env, { 'dry-run': { type: 'boolean' } });
  if (typeof started === 'number') return started;
  const { flags, config } = started;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`provision: ${TABLES.length} table(s) on ${config.endpoint}, instance ${config.instancename}${flags['dry-run'] ? ' (dry run)' : ''}`);
  const outcomes = await provisionTables(createAdminClient(config), TABLES, { log, dryRun: flags['dry-run'] === true });
  const count = (a: string) => outcomes.filter((o) => o.action === a).length;
  log(`provision: done — ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`);
  const txn = tablesNeedingLocalTransactions();
  log(`provision: tables that need local transactions on a production instance: ${txn.length ? txn.join(', ') : 'none'}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ProvisionError) process.stderr.write(`provision: refused\n${err.message}\n`);
    else process.stderr.write(`provision: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
