// Crash safety: the server runs as a child process (the package's bin), is killed with SIGKILL in the middle
// of a stream of writes, and restarted on the same data directory. Every acknowledged write must be
// there, and no row may be torn (each row carries a = random text, b = sha256(a), and its writer/seq).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Long, TableStore, attrs, createTable, ignore, pkOf, type OtsClient, type PrimaryKeyInput, type Row,
} from './support/ots';
import { intValue } from './helpers';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/tablestore-local.js', import.meta.url));
const CREDS = { accessKeyId: 'crash-key', accessKeySecret: 'crash-secret', instance: 'crashinst' };
const WRITERS = 6;

const dataDir = mkdtempSync(join(tmpdir(), 'ots-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the CLI as a child process and resolves with its URL once it accepts requests. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [
    BIN, '--port', '0', '--data', dataDir,
    '--access-key-id', CREDS.accessKeyId, '--access-key-secret', CREDS.accessKeySecret, '--instance', CREDS.instance,
  ], { cwd: PACKAGE, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in time: ${out}${err}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code ?? signal}): ${out}${err}`));
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const clientFor = (url: string): OtsClient => new TableStore.Client({
  endpoint: url, accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.accessKeySecret, instancename: CREDS.instance, maxRetries: 0,
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const payload = () => randomBytes(50 + Math.floor(Math.random() * 12_000)).toString('base64');

/** What the writers know: acknowledged values per row, and the one write per writer that may be in flight. */
interface Ledger {
  acked: Map<string, string>; // pk → sha of the last acknowledged `a`
  inFlight: Map<string, string>; // pk → sha of an unacknowledged `a`
}

/**
 * One writer: alternates new-row puts, rewrites of its own earlier rows (UpdateRow of a and b), and
 * batches of 5 new rows, until the server dies. Only this writer touches its rows.
 */
async function writer(client: OtsClient, table: string, id: number, cycle: number, ledger: Ledger, onAck: () => void): Promise<void> {
  const mine: string[] = [...ledger.acked.keys()].filter((k) => k.startsWith(`w${id}-`));
  for (let seq = 0; ; seq++) {
    const op = seq % 4;
    try {
      if (op === 3 && mine.length > 0) {
        const pk = mine[Math.floor(Math.random() * mine.length)];
        const a = payload();
        ledger.inFlight.set(pk, sha(a));
        await client.updateRow({
          tableName: table, primaryKey: [{ pk }], condition: ignore(),
          updateOfAttributeColumns: [{ PUT: [{ a }, { b: sha(a) }, { cycle: Long.fromNumber(cycle) }] }],
        });
        ledger.acked.set(pk, sha(a));
        ledger.inFlight.delete(pk);
      } else if (op === 2) {
        const rows = Array.from({ length: 5 }, (_, i) => ({ pk: `w${id}-c${cycle}-s${seq}-b${i}`, a: payload() }));
        for (const r of rows) ledger.inFlight.set(r.pk, sha(r.a));
        const res = await client.batchWriteRow({
          tables: [{
            tableName: table,
            rows: rows.map((r) => ({
              type: 'PUT' as const, condition: ignore(), primaryKey: [{ pk: r.pk }],
              attributeColumns: [{ a: r.a }, { b: sha(r.a) }, { cycle: Long.fromNumber(cycle) }, { writer: Long.fromNumber(id) }],
            })),
          }],
        });
        for (const [i, r] of rows.entries()) {
          if (res.tables[i].isOk) {
            ledger.acked.set(r.pk, sha(r.a));
            mine.push(r.pk);
          }
          ledger.inFlight.delete(r.pk);
        }
      } else {
        const pk = `w${id}-c${cycle}-s${seq}`;
        const a = payload();
        ledger.inFlight.set(pk, sha(a));
        await client.putRow({
          tableName: table, primaryKey: [{ pk }], condition: ignore(),
          attributeColumns: [{ a }, { b: sha(a) }, { cycle: Long.fromNumber(cycle) }, { writer: Long.fromNumber(id) }],
        });
        ledger.acked.set(pk, sha(a));
        ledger.inFlight.delete(pk);
        mine.push(pk);
      }
      onAck();
    } catch {
      return; // the server is gone; whatever is in flight stays in `inFlight`
    }
  }
}

async function readAll(client: OtsClient, table: string): Promise<Row[]> {
  const rows: Row[] = [];
  let start: PrimaryKeyInput | null = [{ pk: TableStore.INF_MIN }];
  while (start) {
    const res = await client.getRange({ tableName: table, direction: 'FORWARD', inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: [{ pk: TableStore.INF_MAX }] });
    rows.push(...res.rows);
    start = res.nextStartPrimaryKey ? [{ pk: String(res.nextStartPrimaryKey[0].value) }] : null;
  }
  return rows;
}

function verify(rows: Row[], ledger: Ledger): void {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const pk = String(pkOf(row).pk);
    const a = attrs(row);
    // no torn row: every column of the row is there and consistent
    expect(typeof a.a, pk).toBe('string');
    expect(a.b, pk).toBe(sha(a.a as string));
    expect(pk.startsWith(`w${intValue(a.writer)}-`), pk).toBe(true);
    seen.set(pk, a.b as string);
  }
  for (const [pk, hash] of ledger.acked) {
    expect(seen.has(pk), `acknowledged row ${pk} is missing`).toBe(true);
    const got = seen.get(pk);
    // the last acknowledged value, or a later write that was in flight at the kill
    if (got !== hash) expect(got, `row ${pk} lost its acknowledged value`).toBe(ledger.inFlight.get(pk));
  }
  for (const pk of seen.keys()) expect(ledger.acked.has(pk) || ledger.inFlight.has(pk), `unexpected row ${pk}`).toBe(true);
}

describe('crash safety (SIGKILL)', () => {
  it('keeps every acknowledged write and tears no row across two kill -9 cycles', async () => {
    const ledger: Ledger = { acked: new Map(), inFlight: new Map() };
    const table = 'crash_rows';
    let { child, url } = await startChild();
    await createTable(clientFor(url), table, [['pk', 'STRING']]);

    for (let cycle = 1; cycle <= 2; cycle++) {
      let acks = 0;
      let killed: Promise<void> | null = null;
      const killAt = 300 + Math.floor(Math.random() * 200);
      const victim = child;
      const onAck = () => {
        acks++;
        if (acks === killAt) killed = killHard(victim);
      };
      const clients = Array.from({ length: WRITERS }, () => clientFor(url));
      await Promise.all(clients.map((c, id) => writer(c, table, id, cycle, ledger, onAck)));
      expect(killed, 'the server was killed mid-stream').not.toBeNull();
      await killed;
      expect(acks).toBeGreaterThanOrEqual(killAt);

      ({ child, url } = await startChild());
      const rows = await readAll(clientFor(url), table);
      verify(rows, ledger);
      // settle: rows that were in flight are now either present (keep them) or absent (forget them)
      const present = new Map(rows.map((r) => [String(pkOf(r).pk), attrs(r).b as string]));
      for (const pk of [...ledger.inFlight.keys()]) {
        const got = present.get(pk);
        if (got === undefined) ledger.inFlight.delete(pk);
        else ledger.acked.set(pk, got);
      }
      ledger.inFlight.clear();
    }
    expect(ledger.acked.size).toBeGreaterThan(500);
    await killHard(child);
  });
});
