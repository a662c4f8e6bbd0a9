// The table-level surface of the `tablestore` SDK (5.6.5) that provisioning uses, and the normalisation of
// what DescribeTable returns. SDK facts:
// - describeTable resolves with the decoded protobuf: primary-key `type` is the enum number (1 INTEGER,
//   2 STRING, 3 BINARY; its JSON form prints the name), `option` 1 = AUTO_INCREMENT, table options'
//   `deviationCellVersionInSec` is a protobuf Long, `tableStatus` 1 = ACTIVE (other states while a table loads).
// - A missing table rejects with HTTP 404 and `OTSObjectNotExist` inside the message.
// - updateTable sends `tableOptions` as given (fields left undefined are not sent); reserved throughput only
//   when passed — provisioning never changes it (CU changes are rate-limited on the service).
// - startLocalTransaction takes the partition-key column only; commitTransaction with no writes is harmless.
import { TableStore, otsErrorCode, type CreateTableParams, type OtsClient, type OtsClientConfig, type PkValue } from '../../functions/store/client.js';
import type { EffectiveTableOptions } from '../../functions/store/tables.js';

type PkType = 'INTEGER' | 'STRING' | 'BINARY';

interface ExistingPkColumn {
  name: string;
  type: PkType | string;
  autoIncrement: boolean;
}

export interface ExistingTable {
  name: string;
  primaryKey: ExistingPkColumn[];
  options: EffectiveTableOptions;
  active: boolean;
}

interface LongLike {
  toString(): string;
}

interface DescribeTableResponse {
  tableMeta: { tableName: string; primaryKey: Array<{ name: string; type: number | string; option?: number | string | null }> };
  tableOptions?: { timeToLive?: number | null; maxVersions?: number | null; deviationCellVersionInSec?: number | LongLike | null };
  tableStatus?: number | string | null;
}

export interface TableAdminClient {
  listTable(p: Record<string, never>): Promise<{ tableNames: string[] }>;
  createTable(p: CreateTableParams): Promise<unknown>;
  describeTable(p: { tableName: string }): Promise<DescribeTableResponse>;
  updateTable(p: { tableName: string; tableOptions: Partial<EffectiveTableOptions> }): Promise<unknown>;
  startLocalTransaction(p: { tableName: string; primaryKey: Array<Record<string, PkValue>> }): Promise<{ transactionId: string }>;
  commitTransaction(p: { transactionId: string }): Promise<unknown>;
}

export type AdminClient = OtsClient & TableAdminClient;

/** A real SDK client with the table-level methods typed. */
export function createAdminClient(config: OtsClientConfig): AdminClient {
  return new TableStore.Client(config) as AdminClient;
}

const PK_TYPES: Record<number, PkType> = { 1: 'INTEGER', 2: 'STRING', 3: 'BINARY' };
const STATUS_ACTIVE = 1;

const numberOf = (v: number | LongLike | null | undefined, fallback: number): number =>
  v === null || v === undefined ? fallback : typeof v === 'number' ? v : Number(v.toString());

/** The table as it exists, or null when the instance has no such table. */
export async function describeExisting(client: TableAdminClient, tableName: string): Promise<ExistingTable | null> {
  let res: DescribeTableResponse;
  try {
    res = await client.describeTable({ tableName });
  } catch (err) {
    if (otsErrorCode(err) === 'OTSObjectNotExist') return null;
    throw err;
  }
  const o = res.tableOptions ?? {};
  const own = <K extends keyof typeof o>(k: K) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
  return {
    name: res.tableMeta.tableName,
    primaryKey: res.tableMeta.primaryKey.map((c) => ({
      name: c.name,
      type: typeof c.type === 'number' ? (PK_TYPES[c.type] ?? `type ${c.type}`) : c.type,
      // proto2: an unset enum field reads as its first value (1 = AUTO_INCREMENT) from the prototype.
      autoIncrement: Object.prototype.hasOwnProperty.call(c, 'option') && (c.option === 1 || c.option === 'AUTO_INCREMENT'),
    })),
    options: {
      timeToLive: numberOf(own('timeToLive'), -1),
      maxVersions: numberOf(own('maxVersions'), 1),
      maxTimeDeviation: numberOf(own('deviationCellVersionInSec'), 86400),
    },
    active: !Object.prototype.hasOwnProperty.call(res, 'tableStatus') || res.tableStatus === undefined || res.tableStatus === null || res.tableStatus === STATUS_ACTIVE || res.tableStatus === 'ACTIVE',
  };
}

/** A value of the given primary-key type for a probe key nobody writes. */
export function probeValue(type: string): PkValue {
  if (type === 'INTEGER') return TableStore.Long.fromNumber(0);
  if (type === 'BINARY') return Buffer.from('__provision_probe__');
  return '__provision_probe__';
}
