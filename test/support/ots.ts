// Integration-test support for Tablestore: starts tablestore-local (@lianban/tablestore-local) on a free
// port in a fresh temp directory and hands out real `tablestore` SDK clients (no mocks), typed by
// lianban's one typing of the SDK, functions/store/client.ts. tablestore-local's own suites live in
// packages/tablestore-local/test with their own support.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTablestoreLocal, type TablestoreLocal } from '@lianban/tablestore-local';
import { TableStore, type OtsClient, type OtsClientConfig, type PkSchema, type TableOptions } from '../../functions/store/client';

export interface StartOtsOptions {
  durability?: 'durable' | 'fast';
  /** Reuse a data directory (persistence tests); a fresh temp dir otherwise. */
  dataDir?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  instance?: string;
  /** How long a local transaction may stay open (the service: 60 s); shorten it to test expiry. */
  transactionTimeoutMs?: number;
}

export interface OtsHarness {
  server: TablestoreLocal;
  dataDir: string;
  /** A real TableStore.Client for this server, with maxRetries 0 (so failures show at once). */
  client(overrides?: Partial<OtsClientConfig>): OtsClient;
  /** A table name that no other test in this run uses. */
  uniqueTable(prefix: string): string;
  /** Stops the server; removes the data dir when the harness created it. */
  stop(): Promise<void>;
}

let tableCounter = 0;

export async function startOts(opts: StartOtsOptions = {}): Promise<OtsHarness> {
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
    client: (overrides = {}) => new TableStore.Client({
      endpoint: server.url,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.accessKeySecret,
      instancename: server.instance,
      maxRetries: 0,
      ...overrides,
    }),
    uniqueTable: (prefix) => `${prefix}_${rand}_${++tableCounter}`,
    stop: async () => {
      await server.stop();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a table with the given PK columns (`[['pk', 'STRING'], ...]`), max versions 1 and no TTL by default. */
export async function createTable(
  client: OtsClient, tableName: string, primaryKey: Array<[string, PkSchema['type']] | PkSchema>,
  tableOptions: TableOptions = {},
): Promise<void> {
  await client.createTable({
    tableMeta: {
      tableName,
      primaryKey: primaryKey.map((c) => (Array.isArray(c) ? { name: c[0], type: c[1] } : c)),
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1, ...tableOptions },
  });
}
