// The slice of the real `tablestore` SDK (CommonJS, untyped upstream) that the benchmark uses.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Int64 { toNumber(): number }
export interface Consumed { capacityUnit: { read?: number | null; write?: number | null } }
export interface SdkRow { primaryKey?: Array<{ name: string; value: unknown }>; attributes?: Array<{ columnName: string; columnValue: unknown }> }
export interface BenchClient {
  createTable(p: object): Promise<unknown>;
  putRow(p: object): Promise<{ consumed: Consumed; row: SdkRow }>;
  getRow(p: object): Promise<{ consumed: Consumed; row: SdkRow }>;
  getRange(p: object): Promise<{ consumed: Consumed; rows: SdkRow[]; nextStartPrimaryKey: unknown }>;
  batchWriteRow(p: object): Promise<{ tables: Array<{ isOk: boolean; errorCode: string | null }> }>;
}
interface TableStoreModule {
  Client: new (config: object) => BenchClient;
  Long: { fromNumber(n: number): Int64 };
  Condition: new (rowExistence: number, columnCondition: null) => object;
  RowExistenceExpectation: { IGNORE: number };
  INF_MAX: object;
}

export const TableStore = require('tablestore') as TableStoreModule;

export interface Endpoint { url: string; accessKeyId: string; accessKeySecret: string; instance: string }

/** A fresh SDK client; maxRetries 0 so a failure is counted, not hidden by retries. */
export function benchClient(e: Endpoint): BenchClient {
  return new TableStore.Client({
    endpoint: e.url, accessKeyId: e.accessKeyId, secretAccessKey: e.accessKeySecret, instancename: e.instance, maxRetries: 0,
  });
}

export const ignoreCondition = (): object => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
