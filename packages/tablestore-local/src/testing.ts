/**
 * Test harness for projects that test against tablestore-local (and for this package's own suites):
 * starts the server on a free port in a fresh temp directory, gives the connection settings a
 * `tablestore` SDK client needs, unique table names and a table definition helper. It creates no SDK
 * client itself, so each project builds one with its own typing of the SDK.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTablestoreLocal, type TablestoreLocal } from './index.js';

export interface TestServerOptions {
  durability?: 'durable' | 'fast';
  /** Reuse a data directory (persistence tests); a fresh temp dir otherwise. */
  dataDir?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  instance?: string;
  /** How long a local transaction may stay open (the service: 60 s); shorten it to test expiry. */
  transactionTimeoutMs?: number;
}

/** What `new TableStore.Client(...)` needs for this server (retries off, so failures show at once). */
export interface TestConnection {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  instancename: string;
  maxRetries: number;
}

export interface TestServer {
  server: TablestoreLocal;
  dataDir: string;
  connection: TestConnection;
  /** A table name that no other test in this run uses. */
  uniqueTable(prefix: string): string;
  /** Stops the server; removes the data dir when the harness created it. */
  stop(): Promise<void>;
}

let tableCounter = 0;

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const ownsDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ots-test-'));
  const server = await startTablestoreLocal({
    port: 0,
    dataDir,
    durability: opts.durability ?? 'fast',
    accessKeyId: opts.accessKeyId,
    accessKeySecret: opts.accessKeySecret,
    instance: opts.instance,
    transactionTimeoutMs: opts.transactionTimeoutMs,
  });
  const rand = Math.random().toString(36).slice(2, 8);
  return {
    server,
    dataDir,
    connection: { endpoint: server.url, accessKeyId: server.accessKeyId, secretAccessKey: server.accessKeySecret, instancename: server.instance, maxRetries: 0 },
    uniqueTable: (prefix) => `${prefix}_${rand}_${++tableCounter}`,
    stop: async () => {
      await server.stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type PkType = 'INTEGER' | 'STRING' | 'BINARY';

/** CreateTable parameters: the given PK columns (`[['pk', 'STRING'], ...]`), max versions 1 and no TTL by default. */
export function tableDefinition(
  tableName: string, primaryKey: Array<[string, PkType] | { name: string; type: PkType; option?: string }>,
  tableOptions: Record<string, unknown> = {},
) {
  return {
    tableMeta: { tableName, primaryKey: primaryKey.map((c) => (Array.isArray(c) ? { name: c[0], type: c[1] } : c)) },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1, ...tableOptions },
  };
}
