/**
 * tablestore-local: a local Tablestore server that the official `tablestore` SDK talks to unchanged
 * (what Azurite is to Azure Storage). Shape: HTTP server → authentication → one handler per API group
 * (tables, rows, range, batch, transactions) → the Storage interface (LMDB). See README.md.
 */
import type { AddressInfo } from 'node:net';
import type { CapacityCounters } from './capacity.js';
import { Counters } from './capacity.js';
import { Catalog } from './catalog.js';
import type { Context } from './context.js';
import { createServer } from './http.js';
import { LIMITS } from './limits.js';
import type { Durability } from './storage.js';
import { LmdbStorage } from './storage.js';
import { Transactions } from './transactions.js';

export type { CapacityCounters, OperationCounter } from './capacity.js';

export interface TablestoreLocalOptions {
  /** 0 = a free port; default 8800. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  dataDir: string;
  /** Default 'lianban-local'. */
  accessKeyId?: string;
  /** Default 'lianban-local-secret'. */
  accessKeySecret?: string;
  /** Default 'lianban'. */
  instance?: string;
  /** 'durable' (default): fsync at every group commit. 'fast': no fsync (still survives kill -9). */
  durability?: Durability;
  /** How long a local transaction may stay open; default 60 000 ms as the service. */
  transactionTimeoutMs?: number;
}

export interface TablestoreLocal {
  /** http://<host>:<port> */
  url: string;
  port: number;
  instance: string;
  accessKeyId: string;
  accessKeySecret: string;
  counters(): CapacityCounters;
  resetCounters(): void;
  stop(): Promise<void>;
}

export const DEFAULTS = {
  port: 8800,
  host: '127.0.0.1',
  accessKeyId: 'lianban-local',
  accessKeySecret: 'lianban-local-secret',
  instance: 'lianban',
  durability: 'durable' as Durability,
  dataDir: '.lianban/ots',
} as const;

export async function startTablestoreLocal(opts: TablestoreLocalOptions): Promise<TablestoreLocal> {
  const host = opts.host ?? DEFAULTS.host;
  const creds = {
    accessKeyId: opts.accessKeyId ?? DEFAULTS.accessKeyId,
    accessKeySecret: opts.accessKeySecret ?? DEFAULTS.accessKeySecret,
    instance: opts.instance ?? DEFAULTS.instance,
  };
  const storage = new LmdbStorage(opts.dataDir, opts.durability ?? DEFAULTS.durability);
  const transactions = new Transactions(opts.transactionTimeoutMs ?? LIMITS.transactionTimeoutMs);
  const counters = new Counters();
  const ctx: Context = { storage, catalog: new Catalog(storage), transactions, counters };
  const server = createServer(ctx, creds);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? DEFAULTS.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    ...creds,
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => {
          transactions.abortAll();
          storage.close().then(resolve, (error: unknown) => {
            console.error('tablestore-local: closing the storage failed:', error);
            resolve();
          });
        });
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return stopped;
    },
  };
}
