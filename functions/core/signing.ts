/**
 * Sign-off signatures (Ed25519 per seal). Pure: the canonical payload is built from the sign-off's
 * facts, the private key comes in, the signature goes out — a signed sub-task can be verified
 * offline with the seal's public key. Key generation and storage belong to the store.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson, type Json, sha256Hex } from './canonical.js';
import type { FormValues } from './form.js';
import type { OutputCorrection } from './identity.js';
import type { SignedDelegation } from './signedDelegation.js';
import type { Instant } from './time.js';

/** The facts a seal signs when a sub-task is signed off. */
export interface SignOffFacts {
  caseId: string;
  bundleId: string;
  bundleVersion: number;
  itemId: string;
  department: string;
  district: string;
  sealId: string;
  signers: string[];
  at: Instant;
  /** Output material type → data. */
  outputs: Record<string, FormValues>;
  /** Correction notes (更正说明) of the outputs; none (absent or empty) signs the version 1 payload. */
  corrections?: readonly OutputCorrection[];
  /** 集中授权 the window signed under (core seal.ts signedDelegation); absent: signed in the department's own right. */
  delegation?: SignedDelegation | null;
}

/**
 * The canonical payload: version 1 (as every signature before correction notes existed) when the sign-off
 * has none, version 2 with `corrections` ([{material, field, reason}]) when it has — so old signatures verify;
 * version 3 when signed under 集中授权, with `delegation` ({id, fromDepartment, fromDepartmentName, toDepartment,
 * toDepartmentName}) and `corrections` when there are any.
 */
export function signOffPayload(facts: SignOffFacts): string {
  const corrections = (facts.corrections ?? []).map((c) => ({ material: c.material, field: c.field, reason: c.reason }));
  const d = facts.delegation;
  const json: Json = {
    v: d ? 3 : corrections.length ? 2 : 1,
    caseId: facts.caseId,
    bundle: `${facts.bundleId}@${facts.bundleVersion}`,
    itemId: facts.itemId,
    department: facts.department,
    district: facts.district,
    sealId: facts.sealId,
    signers: [...facts.signers],
    at: facts.at,
    outputs: Object.fromEntries(Object.entries(facts.outputs).map(([k, v]) => [k, { ...v }])),
    ...(corrections.length ? { corrections } : {}),
    ...(d
      ? { delegation: { id: d.id, fromDepartment: d.fromDepartment, fromDepartmentName: d.fromDepartmentName, toDepartment: d.toDepartment, toDepartmentName: d.toDepartmentName } }
      : {}),
  };
  return canonicalJson(json);
}

export function payloadDigest(payload: string): string {
  return sha256Hex(payload);
}

/** Ed25519 signature (base64) of the payload with a PEM (PKCS#8) private key. */
export function signPayload(payload: string, privateKeyPem: string): string {
  return sign(null, Buffer.from(payload, 'utf8'), createPrivateKey(privateKeyPem)).toString('base64');
}

export function verifyPayload(payload: string, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return verify(null, Buffer.from(payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
