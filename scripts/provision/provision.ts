// Creates or updates every table of the registry (functions/store/tables.ts), idempotently:
//   missing table              → createTable, then wait until the service reports it ACTIVE
//   same primary key           → table options (TTL, max versions, max time deviation) updated if they differ
//   different primary key      → refused: a primary key cannot change in place; nothing is created or updated
// Every table is inspected before anything is changed, so a refusal leaves the instance as it was.
// Tables that need local transactions are then checked by starting (and committing, empty) a transaction.
import { otsErrorCode } from '../../functions/store/client.js';
import {
  checkRegistry,
  effectiveOptions,
  primaryKeyOf,
  tableName,
  type EffectiveTableOptions,
  type TableSpec,
} from '../../functions/store/tables.js';
import { describeExisting, probeValue, type ExistingTable, type TableAdminClient } from './admin.js';

type TableAction = 'created' | 'updated' | 'unchanged';

interface OptionChange {
  option: keyof EffectiveTableOptions;
  from: number;
  to: number;
}

export interface TableOutcome {
  table: string;
  action: TableAction;
  changes: OptionChange[];
}

export interface ProvisionOptions {
  log?: (line: string) => void;
  /** Only report what would change (no create or update). */
  dryRun?: boolean;
  /** How long to wait for a created table to become ACTIVE (default 60 s); polled every `pollMs` (1 s). */
  activeTimeoutMs?: number;
  pollMs?: number;
}

export class ProvisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionError';
  }
}

interface WantedPkColumn {
  name: string;
  type: string;
  autoIncrement: boolean;
}

function wantedPk(spec: TableSpec): WantedPkColumn[] {
  return primaryKeyOf(spec).map((c) => {
    const option = (c as { option?: unknown }).option;
    return { name: c.name, type: c.type, autoIncrement: option === 'AUTO_INCREMENT' || option === 1 };
  });
}

const pkText = (cols: Array<{ name: string; type: string; autoIncrement: boolean }>): string =>
  cols.map((c) => `${c.name} ${c.type}${c.autoIncrement ? ' AUTO_INCREMENT' : ''}`).join(', ');

const samePk = (a: WantedPkColumn[], b: ExistingTable['primaryKey']): boolean =>
  a.length === b.length && a.every((c, i) => c.name === b[i].name && c.type === b[i].type && c.autoIncrement === b[i].autoIncrement);

function optionChanges(wanted: EffectiveTableOptions, existing: EffectiveTableOptions): OptionChange[] {
  return (Object.keys(wanted) as Array<keyof EffectiveTableOptions>)
    .filter((k) => wanted[k] !== existing[k])
    .map((k) => ({ option: k, from: existing[k], to: wanted[k] }));
}

const describeChanges = (changes: OptionChange[]): string => changes.map((c) => `${c.option} ${c.from} → ${c.to}`).join(', ');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitActive(client: TableAdminClient, name: string, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await describeExisting(client, name);
    if (t?.active) return;
    if (Date.now() > deadline) throw new ProvisionError(`table ${name} was created but did not become ACTIVE within ${timeoutMs / 1000} s`);
    await sleep(pollMs);
  }
}

/** Starts and commits an empty local transaction on a probe partition key. */
async function checkLocalTransactions(client: TableAdminClient, spec: TableSpec): Promise<void> {
  const [partition] = wantedPk(spec);
  try {
    const { transactionId } = await client.startLocalTransaction({
      tableName: tableName(spec),
      primaryKey: [{ [partition.name]: probeValue(partition.type) }],
    });
    await client.commitTransaction({ transactionId });
  } catch (err) {
    throw new ProvisionError(
      `table ${tableName(spec)} needs local transactions, but starting one failed (${otsErrorCode(err) ?? (err as Error).message}). ` +
        'Enable local transactions (局部事务) on this table in the Tablestore console or by a ticket, then run provisioning again.',
    );
  }
}

/**
 * Brings the instance's tables in line with `tables`. Resolves with one outcome per table in registry
 * order; rejects with ProvisionError (and changes nothing) when an existing table's primary key differs.
 */
export async function provisionTables(client: TableAdminClient, tables: readonly TableSpec[], options: ProvisionOptions = {}): Promise<TableOutcome[]> {
  const log = options.log ?? (() => undefined);
  checkRegistry(tables);

  const existing: Array<ExistingTable | null> = [];
  for (const [i, spec] of tables.entries()) {
    log(`provision: [${i + 1}/${tables.length}] inspecting ${tableName(spec)}`);
    existing.push(await describeExisting(client, tableName(spec)));
  }
  const conflicts = tables.flatMap((spec, i) => {
    const found = existing[i];
    if (!found || samePk(wantedPk(spec), found.primaryKey)) return [];
    return [`table ${tableName(spec)} exists with primary key (${pkText(found.primaryKey)}), but lianban needs (${pkText(wantedPk(spec))})`];
  });
  if (conflicts.length > 0) {
    throw new ProvisionError(
      `${conflicts.join('\n')}\nA primary key cannot be changed in place: nothing was created or updated. ` +
        'Point OTS_INSTANCE at another instance, or migrate the data and delete the table first.',
    );
  }

  const outcomes: TableOutcome[] = [];
  for (const [i, spec] of tables.entries()) {
    const name = tableName(spec);
    const found = existing[i];
    const wanted = effectiveOptions(spec);
    const step = `provision: [${i + 1}/${tables.length}] ${name}`;
    if (!found) {
      if (!options.dryRun) {
        await client.createTable(spec.definition);
        await waitActive(client, name, options.activeTimeoutMs ?? 60_000, options.pollMs ?? 1000);
      }
      log(`${step}: ${options.dryRun ? 'would create' : 'created'} (${pkText(wantedPk(spec))})`);
      outcomes.push({ table: name, action: 'created', changes: [] });
      continue;
    }
    const changes = optionChanges(wanted, found.options);
    if (changes.length === 0) {
      log(`${step}: unchanged`);
      outcomes.push({ table: name, action: 'unchanged', changes });
      continue;
    }
    if (!options.dryRun) {
      const tableOptions: Partial<EffectiveTableOptions> = {};
      for (const c of changes) tableOptions[c.option] = c.to;
      await client.updateTable({ tableName: name, tableOptions });
    }
    log(`${step}: ${options.dryRun ? 'would update' : 'updated'} ${describeChanges(changes)}`);
    outcomes.push({ table: name, action: 'updated', changes });
  }

  if (!options.dryRun) {
    for (const spec of tables.filter((t) => t.localTransactions)) {
      await checkLocalTransactions(client, spec);
      log(`provision: ${tableName(spec)}: local transactions enabled`);
    }
  }
  return outcomes;
}
