/**
 * lianban admin CLI: export a case or a person's archive, and verify an export offline.
 *
 *   npm run admin -- export-case <caseId> --as <staffId> --out case.json [--local | OTS_* env] [--data-dir .lianban]
 *   npm run admin -- export-archive --id-number <18 chars|-> --as <staffId> --purpose <text> --out archive.json
 *   npm run admin -- verify <file.json> [--trusted-keys keys.json]
 *
 * Exports are made in a staff member's name: a case for an auditor or supervisor of its districts; a person's
 * archive for window or audit staff with a purpose, recorded in each case's audit chain (the only write). DATA_KEY and HASH_KEY come from the environment, or with --local from
 * the local stack's <data-dir>/secrets.json. An export carries only what a seal's signature or the audit hash
 * chain covers (format.ts). `verify` needs nothing but the file: it checks every Ed25519 signature, every
 * material against the signature that covers it, each case's audit hash chain and its recorded head, and
 * refuses any field nothing covers. Without --trusted-keys it says (in Chinese) that it trusted the keys
 * inside the file.
 * Exit codes: 0 ok; 1 verification failed / export failed; 2 bad usage or unreadable input.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createOtsClient } from '../../functions/store/client.js';
import { OTS_FLAG_HELP, OTS_FLAGS, otsConfigFrom } from '../provision/config.js';
import { exportArchive, exportCase, ExportError, type ExportResult } from './export.js';
import type { ExportedPublicKey } from './format.js';
import { verifyExport } from './verify.js';

export const HELP = `npm run admin -- <command> [options]

Commands:
  export-case <caseId> --as <staffId> --out <file>
        a case, as far as signatures and the audit chain cover it: the seal signatures of its finished
        sub-tasks with the payloads they signed, the materials they signed, the public keys, the audit chain
        and its head (the case record, sub-task records and intake materials are not signed: not exported)
        (--as: an auditor or supervisor of one of the case's districts)
  export-archive --id-number <n|-> --as <staffId> --purpose <text> --out <file>
        every case of a person's archive, found by keyed hash of the ID number ("-" reads the number from stdin,
        which keeps it out of shell history); the read is authorised (窗口 or 审计 staff) and recorded in the
        audit chain of each case, with the purpose
  verify <file> [--trusted-keys <file>]        check an export OFFLINE: signatures, signed materials, audit chain;
                                               any value in the file that none of them covers fails

Export options:
${OTS_FLAG_HELP}
  --data-dir <dir>              with --local: the stack's data directory holding secrets.json (default .lianban)
  Keys: DATA_KEY and HASH_KEY from the environment (with --local: from <data-dir>/secrets.json when not set).

Verify options:
  --trusted-keys <file>         public keys to trust ({ "<keyId>": { keyId, sealId, algorithm, publicKeyPem } }),
                                instead of the keys inside the export file. Without it the file's own keys are
                                trusted, and a forged file signed with its own keys passes.

Exit codes: 0 ok, 1 verification or export failed, 2 bad usage or unreadable input.
`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  now(): string;
  stdin(): Promise<string>;
}

/** Wrong command line: the help follows the message. */
class UsageError extends Error {}
/** A file or the environment could not be used: the message alone. */
class InputError extends Error {}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cannot read ${what} ${file}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError(`${what} ${file} is not JSON`);
  }
}

function keysFor(flags: Record<string, unknown>, io: CliIo): { dataKey: string; hashKey: string } {
  let dataKey = io.env.DATA_KEY;
  let hashKey = io.env.HASH_KEY;
  if ((!dataKey || !hashKey) && flags.local) {
    const file = path.resolve(io.cwd, String(flags['data-dir'] ?? '.lianban'), 'secrets.json');
    if (!existsSync(file)) throw new InputError(`no ${file}: start the local stack first (npm start) or set DATA_KEY and HASH_KEY`);
    const secrets = readJsonFile(file, 'secrets file') as Record<string, unknown>;
    dataKey ||= typeof secrets.DATA_KEY === 'string' ? secrets.DATA_KEY : undefined;
    hashKey ||= typeof secrets.HASH_KEY === 'string' ? secrets.HASH_KEY : undefined;
  }
  const missing = [!dataKey && 'DATA_KEY', !hashKey && 'HASH_KEY'].filter(Boolean);
  if (missing.length) throw new InputError(`${missing.join(' and ')} must be set to read the store's encrypted fields`);
  return { dataKey: dataKey as string, hashKey: hashKey as string };
}

async function runExport(command: 'export-case' | 'export-archive', args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...OTS_FLAGS,
      out: { type: 'string', short: 'o' },
      'id-number': { type: 'string' },
      as: { type: 'string' },
      purpose: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (!values.out) throw new UsageError('--out <file> is required');
  if (!values.as) throw new UsageError('--as <staffId> is required: exports are made in a staff member’s name');
  if (command === 'export-archive' && !values.purpose?.trim()) throw new UsageError('--purpose <text> is required: reading a person’s archive needs a purpose');
  const requester = { staffId: values.as, purpose: values.purpose?.trim() ?? '' };
  if (command === 'export-case' && positionals.length !== 1) throw new UsageError('export-case takes exactly one case id');
  if (command === 'export-archive' && (positionals.length !== 0 || !values['id-number'])) throw new UsageError('export-archive takes --id-number <n> and no other argument');
  let config;
  try {
    config = otsConfigFrom(values, io.env);
  } catch (err) {
    throw new InputError(`${(err as Error).message} (set the OTS_* environment, pass flags, or --local)`);
  }
  const sources = {
    client: createOtsClient({
      OTS_ENDPOINT: config.endpoint, OTS_INSTANCE: config.instancename, OTS_ACCESS_KEY_ID: config.accessKeyId, OTS_ACCESS_KEY_SECRET: config.secretAccessKey,
    }),
    keys: keysFor(values, io),
  };
  let result: ExportResult;
  try {
    result =
      command === 'export-case'
        ? await exportCase(sources, positionals[0], io.now(), requester)
        : await exportArchive(sources, values['id-number'] === '-' ? (await io.stdin()).trim() : (values['id-number'] as string), io.now(), requester);
  } catch (err) {
    if (err instanceof ExportError) {
      io.err(`admin: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const out = path.resolve(io.cwd, values.out);
  writeFileSync(out, JSON.stringify(result.document, null, 2) + '\n', { mode: 0o600 });
  const doc = result.document;
  const signatures = doc.cases.reduce((n, c) => n + c.signatures.length, 0);
  const audit = doc.cases.reduce((n, c) => n + c.audit.length, 0);
  const materials = doc.cases.reduce((n, c) => n + c.materials.length, 0);
  io.out(`admin: exported ${doc.cases.length} case(s) (${doc.cases.map((c) => c.caseId).join(', ')}), ${signatures} signature(s), ${materials} signed material(s), ${audit} audit record(s), ${Object.keys(doc.publicKeys).length} public key(s) → ${values.out}\n`);
  io.out('admin: only what a seal signature or the audit chain covers is exported: not the case record, the sub-task records or the intake materials\n');
  for (const n of result.notes) io.out(`admin: note: ${n}\n`);
  io.out('admin: the file holds personal data in clear; keep it accordingly\n');
  for (const w of result.warnings) io.err(`admin: warning: ${w}\n`);
  return 0;
}

/** Printed whenever verify runs without --trusted-keys: what the file's own keys can and cannot prove. */
export const SELF_KEYS_WARNING =
  '注意：未指定 --trusted-keys，本次校验信任的是导出文件自带的公钥。签名只能证明文件内容与文件里的公钥相符：' +
  '伪造者用自己的密钥签名并把公钥一并换掉，伪造的文件同样会通过本次校验。请用 --trusted-keys 指定主管部门公布的公钥重新校验。';

/** Printed when the file holds audit records: a hash chain is not a signature. */
export const AUDIT_CHAIN_NOTE =
  '说明：审计记录只由哈希链保护，没有签名：能发现对记录的任何单处改动，但不能证明整条链没有被整体重算；能凭公钥证明出处的只有签章及其签署的材料。';

function readTrustedKeys(file: string): Record<string, ExportedPublicKey> {
  const keys = readJsonFile(file, 'trusted keys file');
  const ok =
    typeof keys === 'object' && keys !== null && !Array.isArray(keys) &&
    Object.values(keys).every((k) => typeof k === 'object' && k !== null && typeof (k as ExportedPublicKey).publicKeyPem === 'string' && typeof (k as ExportedPublicKey).sealId === 'string');
  if (!ok) throw new InputError(`trusted keys file ${file} is not { "<keyId>": { keyId, sealId, algorithm, publicKeyPem } }`);
  return keys as Record<string, ExportedPublicKey>;
}

function runVerify(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, options: { 'trusted-keys': { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('verify takes exactly one file');
  const doc = readJsonFile(path.resolve(io.cwd, positionals[0]), 'export file');
  const trustedKeys = values['trusted-keys'] ? readTrustedKeys(path.resolve(io.cwd, values['trusted-keys'])) : undefined;
  const report = verifyExport(doc, { trustedKeys });
  if (report.keysFromExport) io.out(`${SELF_KEYS_WARNING}\n`);
  if (report.auditRecords.checked > 0) io.out(`${AUDIT_CHAIN_NOTE}\n`);
  for (const f of report.failures) io.err(`FAIL ${f.check}: ${f.message}\n`);
  for (const d of report.delegated) io.out(`case ${d.caseId}, item ${d.itemId}, seal ${d.sealId}: ${d.text}\n`);
  const summary = `${report.cases} case(s), ${report.signatures.valid}/${report.signatures.checked} signature(s) valid, ${report.materials.checked} material(s) checked against them, ${report.auditRecords.checked} audit record(s) checked`;
  if (!report.ok) {
    io.err(`admin: verification FAILED (${report.failures.length} problem(s)); ${summary}\n`);
    return 1;
  }
  io.out(`admin: verified: ${summary}${report.keysFromExport ? ' (public keys taken from the file; pass --trusted-keys to check them against published keys)' : ' against the trusted keys'}\n`);
  return 0;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    if (command === 'export-case' || command === 'export-archive') return await runExport(command, rest, io);
    if (command === 'verify') return runVerify(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`admin: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`admin: ${(err as Error).message}\n\n${HELP}`);
      return 2;
    }
    io.err(`admin: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date().toISOString(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  }).then((code) => process.exit(code));
}
