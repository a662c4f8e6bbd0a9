// The local stack's keys: SESSION_SECRET (HMAC key of session tokens), DATA_KEY (base64 of 32 bytes,
// AES-256-GCM for ID and phone numbers at rest), HASH_KEY (HMAC key of the keyed hashes of ID numbers).
// Generated once per data directory and kept in `<data>/secrets.json` (mode 0600), so sessions stay valid
// and encrypted data stays readable across restarts. A key that is missing is added; an existing key is
// never replaced (data written under it would become unreadable).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StackSecrets {
  SESSION_SECRET: string;
  DATA_KEY: string;
  HASH_KEY: string;
}

const SECRETS_FILE = 'secrets.json';

const GENERATE: Record<keyof StackSecrets, () => string> = {
  SESSION_SECRET: () => randomBytes(32).toString('base64url'),
  DATA_KEY: () => randomBytes(32).toString('base64'),
  HASH_KEY: () => randomBytes(32).toString('base64url'),
};

function check(secrets: StackSecrets, file: string): void {
  if (Buffer.from(secrets.DATA_KEY, 'base64').length !== 32) throw new Error(`${file}: DATA_KEY must be the base64 of 32 bytes`);
  if (secrets.SESSION_SECRET.length < 32) throw new Error(`${file}: SESSION_SECRET must be at least 32 characters`);
  if (secrets.HASH_KEY.length < 32) throw new Error(`${file}: HASH_KEY must be at least 32 characters`);
}

/** Reads `<dataDir>/secrets.json`, creating it or adding missing keys. Returns whether anything was generated. */
export function loadOrCreateSecrets(dataDir: string): { secrets: StackSecrets; generated: Array<keyof StackSecrets> } {
  const file = path.join(dataDir, SECRETS_FILE);
  let stored: Partial<Record<string, unknown>> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<string, unknown>>;
    } catch {
      throw new Error(`${file} is not valid JSON; fix it or delete it (sessions end and encrypted data becomes unreadable)`);
    }
  }
  const generated: Array<keyof StackSecrets> = [];
  const secrets = {} as StackSecrets;
  for (const key of Object.keys(GENERATE) as Array<keyof StackSecrets>) {
    const value = stored[key];
    if (typeof value === 'string' && value) secrets[key] = value;
    else {
      secrets[key] = GENERATE[key]();
      generated.push(key);
    }
  }
  check(secrets, file);
  if (generated.length) {
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { secrets, generated };
}
