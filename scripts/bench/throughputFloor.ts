// The floor under the throughput part's figures: the Tablestore calls one case makes, counted by tablestore-local
// during a level (per operation), then the same number of each operation issued through the same SDK to the same
// server with the same number in flight, doing nothing else. Its CPU per case is what the storage round trips alone
// cost on this machine (SDK client and server), and `2 cores ÷ that` the most cases per second any code making those
// calls could reach here.
import type { CapacityCounters } from '@lianban/tablestore-local';
import { createOtsClient } from '../../functions/store/client';
import type { Stack } from '../dev/stack';
import { benchAttributes, ignoreCondition, TableStore } from './sdk';

/** Between two readings of the server's counters: calls per operation, and read and write CUs in all. */
export function countedBetween(before: CapacityCounters, after: CapacityCounters): { calls: Record<string, number>; read: number; write: number } {
  const out = { calls: {} as Record<string, number>, read: 0, write: 0 };
  for (const [table, ops] of Object.entries(after)) {
    for (const [op, c] of Object.entries(ops)) {
      const b = before[table]?.[op];
      out.calls[op] = (out.calls[op] ?? 0) + c.calls - (b?.calls ?? 0);
      out.read += c.read - (b?.read ?? 0);
      out.write += c.write - (b?.write ?? 0);
    }
  }
  return out;
}

const TABLE = 'bench_floor';
const ROWS = 400;

export interface Floor {
  callsPerCase: number;
  cpuPerCase: number;
  casesPerSecondOn2Cores: number;
}

/** Issues `cases` × the per-case mix of calls, `inFlight` at a time; the process's CPU per case. */
export async function sdkFloor(stack: Stack, perCase: Record<string, number>, cases: number, inFlight: number): Promise<Floor> {
  const client = createOtsClient(stack.env);
  await client.createTable({
    tableMeta: { tableName: TABLE, primaryKey: [{ name: 'pk', type: 'STRING' }] }, reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  }).catch(() => undefined);
  const key = (n: number) => [{ pk: `f${String(n % ROWS).padStart(5, '0')}` }];
  for (let n = 0; n < ROWS; n++) await client.putRow({ tableName: TABLE, primaryKey: key(n), attributeColumns: benchAttributes(n), condition: ignoreCondition() });
  const call = (op: string, n: number): Promise<unknown> => {
    switch (op) {
      case 'PutRow':
        return client.putRow({ tableName: TABLE, primaryKey: key(n), attributeColumns: benchAttributes(n), condition: ignoreCondition() });
      case 'UpdateRow':
      case 'DeleteRow':
        // A delete is as dear as a conditional update here; deleting would empty the table the reads need.
        return client.updateRow({
          tableName: TABLE, primaryKey: key(n), condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, null),
          updateOfAttributeColumns: [{ PUT: [{ n: TableStore.Long.fromNumber(n) }] }],
        });
      case 'GetRange':
        return client.getRange({
          tableName: TABLE, direction: 'FORWARD', inclusiveStartPrimaryKey: key(n), exclusiveEndPrimaryKey: [{ pk: TableStore.INF_MAX }], limit: 20, maxVersions: 1,
        });
      default:
        return client.getRow({ tableName: TABLE, primaryKey: key(n), maxVersions: 1 });
    }
  };
  const mix = Object.entries(perCase).flatMap(([op, n]) => Array.from({ length: Math.round(n) }, () => op));
  const work = Array.from({ length: cases }, () => mix).flat();
  let next = 0;
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: inFlight }, async () => {
    for (let i = next++; i < work.length; i = next++) await call(work[i], i);
  }));
  const cpu = process.cpuUsage(cpu0);
  const cpuPerCase = (cpu.user + cpu.system) / 1e6 / cases;
  return { callsPerCase: mix.length, cpuPerCase, casesPerSecondOn2Cores: 2 / cpuPerCase };
}
