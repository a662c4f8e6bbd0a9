// Seeds the seals' Ed25519 keys (functions/store/sealKeys.ts): a key pair per seal keyId, the private key
// encrypted with DATA_KEY, the public key in a readable record. Idempotent: an existing key is never
// replaced (signatures made with it must stay verifiable); a missing public record is restored from it.
import type { Seal } from '../../functions/core/directory.js';
import type { OtsClient } from '../../functions/store/client.js';
import { PiiCipher } from '../../functions/store/pii.js';
import { SealKeys } from '../../functions/store/sealKeys.js';
import type { KindCounts, SeedKind } from './directory.js';

export async function seedSealKeys(
  client: OtsClient,
  seals: readonly Seal[],
  keys: { dataKey: string; hashKey: string },
  options: { now?: string; table?: string; progress?: (kind: SeedKind, done: number, total: number) => void } = {},
): Promise<{ kind: SeedKind; total: number } & KindCounts> {
  const store = new SealKeys(client, new PiiCipher(keys), options.table);
  const counts: KindCounts = { created: 0, unchanged: 0, updated: 0, differs: 0, conflict: 0 };
  const now = options.now ?? new Date().toISOString();
  for (const [i, seal] of seals.entries()) {
    const outcome = await store.ensure(seal, now);
    if (outcome === 'created') counts.created++;
    else if (outcome === 'repaired') counts.updated++;
    else counts.unchanged++;
    options.progress?.('sealkey', i + 1, seals.length);
  }
  return { kind: 'sealkey', total: seals.length, ...counts };
}
