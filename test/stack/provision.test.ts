/**
 * Provisioning (scripts/provision) with the real `tablestore` SDK against tablestore-local: creates the
 * registry's tables, is idempotent, updates options that differ, refuses a table whose primary key differs
 * (changing nothing), checks local transactions; and the `npm run provision` CLI's exit codes.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateTableParams } from '../../functions/store/client';
import { DIRECTORY_TABLE } from '../../functions/store/directory';
import { TABLES, tablesNeedingLocalTransactions, type TableSpec } from '../../functions/store/tables';
import { createAdminClient, describeExisting, type AdminClient } from '../../scripts/provision/admin';
import { ProvisionError, provisionTables } from '../../scripts/provision/provision';
import { createTable, startOts, type OtsHarness } from '../support/ots';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let ots: OtsHarness;
let admin: AdminClient;

function spec(name: string, over: Partial<CreateTableParams['tableMeta']> = {}, options: CreateTableParams['tableOptions'] = {}, localTransactions = false): TableSpec {
  return {
    definition: {
      tableMeta: { tableName: name, primaryKey: [{ name: 'pk', type: 'STRING' }, { name: 'row', type: 'STRING' }], ...over },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1, ...options },
    },
    holds: 'test rows',
    localTransactions,
  };
}

/** Table-level and row-level writes the server counted since the last reset. */
function writesCounted(): string[] {
  const out: string[] = [];
  for (const [table, ops] of Object.entries(ots.server.counters())) {
    for (const op of Object.keys(ops)) if (!/^(DescribeTable|ListTable|GetRow|GetRange|BatchGetRow)$/.test(op)) out.push(`${table}.${op}`);
  }
  return out;
}

beforeAll(async () => {
  ots = await startOts();
  admin = createAdminClient({
    endpoint: ots.server.url,
    instancename: ots.server.instance,
    accessKeyId: ots.server.accessKeyId,
    secretAccessKey: ots.server.accessKeySecret,
    maxRetries: 0,
  });
});
afterAll(async () => {
  await ots?.stop();
});

describe('the table registry', () => {
  it('holds the directory table as defined by its repository, with unique names', () => {
    expect(TABLES.map((t) => t.definition)).toContain(DIRECTORY_TABLE);
    expect(new Set(TABLES.map((t) => t.definition.tableMeta.tableName)).size).toBe(TABLES.length);
  });

  it('names the tables that need local transactions (none so far)', () => {
    expect(tablesNeedingLocalTransactions()).toEqual(TABLES.filter((t) => t.localTransactions).map((t) => t.definition.tableMeta.tableName));
    expect(tablesNeedingLocalTransactions([spec('a'), spec('b', {}, {}, true)])).toEqual(['b']);
  });
});

describe('provisionTables', () => {
  it('creates every registry table, then a second run changes nothing', async () => {
    const lines: string[] = [];
    const first = await provisionTables(admin, TABLES, { log: (l) => lines.push(l), pollMs: 10 });
    expect(first.map((o) => o.action)).toEqual(TABLES.map(() => 'created'));
    expect(lines.some((l) => /directory: created \(kind STRING, id STRING\)/.test(l))).toBe(true);
    const described = await describeExisting(admin, 'directory');
    expect(described).toMatchObject({
      primaryKey: [
        { name: 'kind', type: 'STRING', autoIncrement: false },
        { name: 'id', type: 'STRING', autoIncrement: false },
      ],
      options: { timeToLive: -1, maxVersions: 1, maxTimeDeviation: 86400 },
      active: true,
    });

    ots.server.resetCounters();
    const second = await provisionTables(admin, TABLES);
    expect(second.map((o) => o.action)).toEqual(TABLES.map(() => 'unchanged'));
    expect(writesCounted()).toEqual([]);
  });

  it('updates table options that differ, and only those', async () => {
    const name = ots.uniqueTable('opts');
    await createTable(ots.client(), name, [['pk', 'STRING'], ['row', 'STRING']], { maxVersions: 3, timeToLive: 86400 * 7 });
    const outcomes = await provisionTables(admin, [spec(name)]);
    expect(outcomes).toEqual([
      {
        table: name,
        action: 'updated',
        changes: [
          { option: 'timeToLive', from: 86400 * 7, to: -1 },
          { option: 'maxVersions', from: 3, to: 1 },
        ],
      },
    ]);
    expect((await describeExisting(admin, name))?.options).toEqual({ timeToLive: -1, maxVersions: 1, maxTimeDeviation: 86400 });
    expect((await provisionTables(admin, [spec(name)]))[0].action).toBe('unchanged');
  });

  it('refuses a table whose primary key differs, and then creates and updates nothing', async () => {
    const clash = ots.uniqueTable('clash');
    const missing = ots.uniqueTable('missing');
    const stale = ots.uniqueTable('stale');
    await createTable(ots.client(), clash, [['pk', 'STRING'], ['row', 'INTEGER']]);
    await createTable(ots.client(), stale, [['pk', 'STRING'], ['row', 'STRING']], { maxVersions: 5 });

    ots.server.resetCounters();
    const err = await provisionTables(admin, [spec(missing), spec(stale), spec(clash)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as Error).message).toContain(`table ${clash} exists with primary key (pk STRING, row INTEGER), but lianban needs (pk STRING, row STRING)`);
    expect((err as Error).message).toContain('nothing was created or updated');
    expect(writesCounted()).toEqual([]);
    expect(await describeExisting(admin, missing)).toBeNull();
    expect((await describeExisting(admin, stale))?.options.maxVersions).toBe(5);
  });

  it('treats a different column order or an extra column as a different primary key', async () => {
    const name = ots.uniqueTable('order');
    await createTable(ots.client(), name, [['row', 'STRING'], ['pk', 'STRING']]);
    await expect(provisionTables(admin, [spec(name)])).rejects.toThrow(/primary key \(row STRING, pk STRING\)/);
    const wider = ots.uniqueTable('wider');
    await createTable(ots.client(), wider, [['pk', 'STRING'], ['row', 'STRING'], ['extra', 'BINARY']]);
    await expect(provisionTables(admin, [spec(wider)])).rejects.toThrow(/\(pk STRING, row STRING, extra BINARY\)/);
  });

  it('dry run reports what would change and changes nothing', async () => {
    const name = ots.uniqueTable('dry');
    ots.server.resetCounters();
    const lines: string[] = [];
    const outcomes = await provisionTables(admin, [spec(name)], { dryRun: true, log: (l) => lines.push(l) });
    expect(outcomes[0].action).toBe('created');
    expect(lines.join('\n')).toContain('would create');
    expect(await describeExisting(admin, name)).toBeNull();
    expect(writesCounted()).toEqual([]);
  });

  it('checks that a table needing local transactions can start one', async () => {
    const ok = ots.uniqueTable('txn');
    await expect(provisionTables(admin, [spec(ok, {}, {}, true)], { pollMs: 10 })).resolves.toEqual([{ table: ok, action: 'created', changes: [] }]);

    // tablestore-local, like the service, refuses transactions on a table with an auto-increment column.
    const auto = ots.uniqueTable('txnauto');
    const autoSpec = spec(auto, {
      primaryKey: [{ name: 'pk', type: 'STRING' }, { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' } as { name: string; type: 'INTEGER' }],
    }, {}, true);
    const err = await provisionTables(admin, [autoSpec], { pollMs: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvisionError);
    expect((err as Error).message).toMatch(new RegExp(`table ${auto} needs local transactions.*局部事务`, 's'));
    // The table itself was created with its auto-increment column, and a rerun sees the same key.
    expect((await describeExisting(admin, auto))?.primaryKey[1]).toEqual({ name: 'seq', type: 'INTEGER', autoIncrement: true });
  });

  it('rejects a registry that lists a table twice before sending anything', async () => {
    ots.server.resetCounters();
    await expect(provisionTables(admin, [spec('twice'), spec('twice')])).rejects.toThrow(/"twice" is listed twice/);
    expect(ots.server.counters()).toEqual({});
  });
});

function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/provision.ts'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run provision (CLI)', () => {
  let cliOts: OtsHarness;
  let env: Record<string, string>;
  beforeAll(async () => {
    cliOts = await startOts();
    env = {
      OTS_ENDPOINT: cliOts.server.url,
      OTS_INSTANCE: cliOts.server.instance,
      OTS_ACCESS_KEY_ID: cliOts.server.accessKeyId,
      OTS_ACCESS_KEY_SECRET: cliOts.server.accessKeySecret,
    };
  });
  afterAll(async () => {
    await cliOts?.stop();
  });

  it('provisions from OTS_* and exits 0; a rerun reports every table unchanged', async () => {
    const first = await runCli([], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${TABLES.length} created, 0 updated, 0 unchanged`);
    const again = await runCli([], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 created, 0 updated, ${TABLES.length} unchanged`);
    expect(again.stdout).toContain('tables that need local transactions on a production instance:');
  });

  it('exits 1 and explains when a primary key differs', async () => {
    const other = await startOts();
    try {
      await createTable(other.client(), 'directory', [['kind', 'STRING']]);
      const r = await runCli(['--endpoint', other.server.url], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('table directory exists with primary key (kind STRING), but lianban needs (kind STRING, id STRING)');
    } finally {
      await other.stop();
    }
  });

  it('exits 2 naming the missing configuration, without printing secrets', async () => {
    const r = await runCli([], { OTS_ENDPOINT: env.OTS_ENDPOINT, OTS_ACCESS_KEY_SECRET: 'do-not-print-me' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('OTS_INSTANCE, OTS_ACCESS_KEY_ID missing');
    expect(r.stderr + r.stdout).not.toContain('do-not-print-me');
    expect((await runCli(['--bogus'], env)).code).toBe(2);
  });

  it('fails with exit 1 when the keys are wrong', async () => {
    const r = await runCli([], { ...env, OTS_ACCESS_KEY_SECRET: 'wrong-secret' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/provision: failed: .*OTSAuthFailed/s);
  });
});
