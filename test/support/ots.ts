// Integration-test support for Tablestore: starts tablestore-local (@lianban/tablestore-local) on a free
// port in a fresh temp directory and hands out real `tablestore` SDK clients (no mocks), typed by
// lianban's one typing of the SDK, functions/store/client.ts. tablestore-local's own suites live in
// packages/tablestore-local/test with their own support.
import { startTestServer, tableDefinition, type TestServerOptions } from '@lianban/tablestore-local/testing';
import type { TablestoreLocal } from '@lianban/tablestore-local';
import { TableStore, type OtsClient, type OtsClientConfig, type PkSchema, type TableOptions } from '../../functions/store/client';

export type StartOtsOptions = TestServerOptions;

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

export async function startOts(opts: StartOtsOptions = {}): Promise<OtsHarness> {
  const t = await startTestServer(opts);
  return { ...t, client: (overrides = {}) => new TableStore.Client({ ...t.connection, ...overrides }) };
}

/** Creates a table with the given PK columns (`[['pk', 'STRING'], ...]`), max versions 1 and no TTL by default. */
export async function createTable(
  client: OtsClient, tableName: string, primaryKey: Array<[string, PkSchema['type']] | PkSchema>,
  tableOptions: TableOptions = {},
): Promise<void> {
  await client.createTable(tableDefinition(tableName, primaryKey, { ...tableOptions }));
}
