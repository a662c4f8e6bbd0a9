// The registry of every Tablestore table lianban uses. `npm run provision` (scripts/provision.ts) creates
// or updates exactly these tables, against tablestore-local and against a real instance alike.
//
// Adding a table is one entry in TABLES: its CreateTableParams (defined beside the repository that owns
// the table), what it holds, and whether it needs local transactions (局部事务).
//
// Local transactions: the `tablestore` Node SDK (5.6.5) cannot enable them when it creates a table; on a
// production instance they are enabled in the console or by a ticket. tablestore-local always allows
// them. Provisioning checks, for every entry with `localTransactions: true`, that a transaction can be
// started, and the README's Deploy section lists these tables.
import type { CreateTableParams, PkSchema } from './client.js';
import { ARCHIVE_TABLE } from './archive.js';
import { AUDIT_TABLE } from './audit.js';
import { BLOBS_TABLE } from './blobs.js';
import { CASE_INDEX_TABLE } from './caseIndex.js';
import { CASES_TABLE } from './cases.js';
import { COUNTERS_TABLE } from './counters.js';
import { DIRECTORY_TABLE } from './directory.js';
import { DIRTY_TABLE } from './dirty.js';
import { QUEUES_TABLE } from './queues.js';
import { STATS_TABLE } from './statsRows.js';

export interface TableSpec {
  /** Exactly what createTable receives: name, primary key, reserved throughput, table options. */
  definition: CreateTableParams;
  /** One line for provisioning output and the README. */
  holds: string;
  /** The design writes this table inside local transactions: they must be enabled on a production table. */
  localTransactions: boolean;
}

/** Table options with every value the service would apply by default filled in. */
export interface EffectiveTableOptions {
  /** Seconds; -1 = data never expires. */
  timeToLive: number;
  maxVersions: number;
  /** Seconds a written version timestamp may deviate from the server clock. */
  maxTimeDeviation: number;
}

/** Service defaults for options a definition leaves out. */
const TABLE_OPTION_DEFAULTS: EffectiveTableOptions = { timeToLive: -1, maxVersions: 1, maxTimeDeviation: 86400 };

export const TABLES: readonly TableSpec[] = [
  {
    definition: DIRECTORY_TABLE,
    holds: 'districts, departments, staff and their accounts, seals, delegations, bundles (kind, id)',
    localTransactions: false,
  },
  {
    definition: CASES_TABLE,
    holds: 'one row per case: the case, its sub-tasks, pending effects, timeline, signatures (pk, row); single-row conditional writes',
    localTransactions: false,
  },
  {
    definition: QUEUES_TABLE,
    holds: 'department and personal work lists ordered by deadline (queue, due, ref)',
    localTransactions: false,
  },
  {
    definition: ARCHIVE_TABLE,
    holds: 'per-person archive index: keyed hash of the ID number → cases (subject, case)',
    localTransactions: false,
  },
  {
    definition: CASE_INDEX_TABLE,
    holds: '办件查询: a district\'s cases by acceptance day, and pointers by keyed hash of a person\'s name (ix, k)',
    localTransactions: false,
  },
  {
    definition: BLOBS_TABLE,
    holds: 'attachments, content-addressed, in 512 KB chunks (sha256, chunk)',
    localTransactions: false,
  },
  {
    definition: AUDIT_TABLE,
    holds: 'per-case hash-chained access records: shares, archive reads, downloads (pk, seq)',
    localTransactions: false,
  },
  {
    definition: DIRTY_TABLE,
    holds: 'markers of cases whose effects may be pending, for the timer sweep (shard, case)',
    localTransactions: false,
  },
  {
    definition: COUNTERS_TABLE,
    holds: 'daily case sequences, intake request ids, on-time/late sign-off counts (key)',
    localTransactions: false,
  },
  {
    definition: STATS_TABLE,
    holds: 'statistics: counters per district and day in 4 shard rows, cases in progress per district (key)',
    localTransactions: false,
  },
];

export const tableName = (spec: TableSpec): string => spec.definition.tableMeta.tableName;

export const primaryKeyOf = (spec: TableSpec): PkSchema[] => spec.definition.tableMeta.primaryKey;

export function effectiveOptions(spec: TableSpec): EffectiveTableOptions {
  const o = spec.definition.tableOptions;
  return {
    timeToLive: o.timeToLive ?? TABLE_OPTION_DEFAULTS.timeToLive,
    maxVersions: o.maxVersions ?? TABLE_OPTION_DEFAULTS.maxVersions,
    maxTimeDeviation: o.maxTimeDeviation ?? TABLE_OPTION_DEFAULTS.maxTimeDeviation,
  };
}

/** Names of the tables on which a production instance must have local transactions enabled. */
export const tablesNeedingLocalTransactions = (tables: readonly TableSpec[] = TABLES): string[] =>
  tables.filter((t) => t.localTransactions).map(tableName);

/** Throws when two entries share a name (a registry mistake, caught before anything is sent). */
export function checkRegistry(tables: readonly TableSpec[]): void {
  const seen = new Set<string>();
  for (const spec of tables) {
    const name = tableName(spec);
    if (seen.has(name)) throw new Error(`table registry: "${name}" is listed twice`);
    seen.add(name);
  }
}
