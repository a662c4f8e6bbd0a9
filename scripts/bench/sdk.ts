// The benchmark's use of the real `tablestore` SDK: clients and types come from lianban's typed surface of
// the SDK (functions/store/client.ts); only the SDK internals the benchmark needs beyond it (the PlainBuffer
// builder, the compiled protobuf messages) are declared here.
import { createRequire } from 'node:module';
import { TableStore, type AttributeInput, type Condition, type OtsClient } from '../../functions/store/client';

const require = createRequire(import.meta.url);

export { TableStore };
export type BenchClient = OtsClient;

/** SDK internals outside the client surface. */
const PlainBufferBuilder = (require('tablestore') as {
  PlainBufferBuilder: { serializeForPutRow(primaryKey: object[], attributes: object[]): Buffer };
}).PlainBufferBuilder;

export interface Endpoint { url: string; accessKeyId: string; accessKeySecret: string; instance: string }

/** A fresh SDK client; maxRetries 0 so a failure is counted, not hidden by retries. */
export function benchClient(e: Endpoint): BenchClient {
  return new TableStore.Client({
    endpoint: e.url, accessKeyId: e.accessKeyId, secretAccessKey: e.accessKeySecret, instancename: e.instance, maxRetries: 0,
  });
}

const FILLER = 'x'.repeat(150);

/** The attribute columns of every benchmark row (~250 bytes): Chinese text, an integer, a boolean, filler. */
export function benchAttributes(n: number): AttributeInput {
  return [{ name: '联办基准测试' }, { n: TableStore.Long.fromNumber(n) }, { ok: true }, { payload: FILLER }];
}

export const ignoreCondition = (): Condition => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);

interface GetRowResponseMessage { encode(value: object): { finish(): Uint8Array } }

/**
 * The bytes of a GetRowResponse holding one benchmark row, built with the SDK's own encoders: what a
 * server that does no work at all would answer (used to measure the SDK client's own ceiling).
 */
export function cannedGetRowResponse(primaryKey: object[], attributes: AttributeInput): Buffer {
  const proto = require('tablestore/lib/protocol/tablestore_compiled_proto.js') as { main: { proto: { GetRowResponse: GetRowResponseMessage } } };
  const row = PlainBufferBuilder.serializeForPutRow(primaryKey, attributes);
  return Buffer.from(proto.main.proto.GetRowResponse.encode({ consumed: { capacityUnit: { read: 1, write: 0 } }, row }).finish());
}
