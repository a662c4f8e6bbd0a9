// Ed25519 keys of the seals (审批专用章), in the `directory` table:
//   kind 'sealkey', id <keyId>: the key pair, private key (PKCS#8 PEM) encrypted with DATA_KEY (AES-256-GCM,
//                               additional data "sealkey:<keyId>") — read only by the service when signing;
//   kind 'sealpub', id <keyId>: the public key (SPKI PEM), readable, for verifying signatures offline.
// Keys are created once per keyId (conditional put); a second creation attempt keeps the first key.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { Seal } from '../core/directory.js';
import type { OtsClient } from './client.js';
import { DirectoryEntries } from './directoryKinds.js';
import type { PiiCipher } from './pii.js';

interface SealKeyDoc {
  keyId: string;
  sealId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  /** PKCS#8 PEM, encrypted (pii.ts format). */
  privateKey: string;
  createdAt: string;
}

export interface SealPublicKeyDoc {
  keyId: string;
  sealId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  createdAt: string;
}

export type SealKeyOutcome = 'created' | 'unchanged' | 'repaired';

const aad = (keyId: string) => `sealkey:${keyId}`;

export class SealKeys {
  private readonly entries: DirectoryEntries;
  private readonly privateCache = new Map<string, string>();
  private readonly publicCache = new Map<string, SealPublicKeyDoc>();

  constructor(
    client: OtsClient,
    private readonly cipher: PiiCipher,
    table?: string,
  ) {
    this.entries = new DirectoryEntries(client, table);
  }

  /** Creates the seal's key pair if missing, and its public record if missing. Idempotent. */
  async ensure(seal: Seal, now: string): Promise<SealKeyOutcome> {
    let stored = (await this.entries.get<SealKeyDoc>('sealkey', seal.keyId))?.doc ?? null;
    let outcome: SealKeyOutcome = 'unchanged';
    if (!stored) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const doc: SealKeyDoc = {
        keyId: seal.keyId,
        sealId: seal.id,
        algorithm: 'Ed25519',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKey: this.cipher.encrypt(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), aad(seal.keyId)),
        createdAt: now,
      };
      const saved = await this.entries.save('sealkey', seal.keyId, doc);
      // 'differs': another process created the key first — use theirs.
      stored = saved === 'created' ? doc : ((await this.entries.get<SealKeyDoc>('sealkey', seal.keyId))?.doc ?? null);
      if (!stored) throw new Error(`seal key ${seal.keyId} could not be created`);
      outcome = saved === 'created' ? 'created' : 'unchanged';
    }
    const pub: SealPublicKeyDoc = { keyId: stored.keyId, sealId: stored.sealId, algorithm: 'Ed25519', publicKeyPem: stored.publicKeyPem, createdAt: stored.createdAt };
    const savedPub = await this.entries.save('sealpub', seal.keyId, pub, { overwrite: true });
    if (savedPub === 'created' && outcome === 'unchanged') outcome = 'repaired';
    if (savedPub === 'updated') outcome = 'repaired';
    return outcome;
  }

  /** The private key PEM of a seal key (decrypted); creates the key when the seal has none yet. */
  async privateKeyPem(seal: Seal, now: string): Promise<string> {
    const cached = this.privateCache.get(seal.keyId);
    if (cached) return cached;
    let stored = (await this.entries.get<SealKeyDoc>('sealkey', seal.keyId))?.doc ?? null;
    if (!stored) {
      await this.ensure(seal, now);
      stored = (await this.entries.get<SealKeyDoc>('sealkey', seal.keyId))?.doc ?? null;
      if (!stored) throw new Error(`seal key ${seal.keyId} missing`);
    }
    const pem = this.cipher.decrypt(stored.privateKey, aad(seal.keyId));
    // The stored public key must be the private key's: a swapped record is refused, not used.
    const derived = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    if (derived !== stored.publicKeyPem) throw new Error(`seal key ${seal.keyId}: public key does not match`);
    this.privateCache.set(seal.keyId, pem);
    return pem;
  }

  async publicKey(keyId: string): Promise<SealPublicKeyDoc | null> {
    const cached = this.publicCache.get(keyId);
    if (cached) return cached;
    const doc = (await this.entries.get<SealPublicKeyDoc>('sealpub', keyId))?.doc ?? null;
    if (doc) this.publicCache.set(keyId, doc);
    return doc;
  }
}
