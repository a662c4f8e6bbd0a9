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
  PlainBufferBuilder: { serializeForPutRow(primaryKey: object[], attributes: object[]): Buffer };
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

const FILLER = 'x'.repeat(150);

/** The attribute columns of every benchmark row (~250 bytes): Chinese text, an integer, a boolean, filler. */
export function benchAttributes(n: number): object[] {
  return [{ name: '联办基准测试' }, { n: TableStore.Long.fromNumber(n) }, { ok: true }, { payload: FILLER }];
}

export const ignoreCondition = (): object => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);

interface GetRowResponseMessage { encode(value: object): { finish(): Uint8Array } }

/**
 * The bytes of a GetRowResponse holding one benchmark row, built with the SDK's own encoders: what a
 * server that does no work at all would answer (used to measure the SDK client's own ceiling).
 */
export function cannedGetRowResponse(primaryKey: object[], attributes: object[]): Buffer {
  const proto = require('tablestore/lib/protocol/tablestore_compiled_proto.js') as { main: { proto: { GetRowResponse: GetRowResponseMessage } } };
  const row = TableStore.PlainBufferBuilder.serializeForPutRow(primaryKey, attributes);
  return Buffer.from(proto.main.proto.GetRowResponse.encode({ consumed: { capacityUnit: { read: 1, write: 0 } }, row }).finish());
}
