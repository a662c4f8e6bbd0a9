/**
 * Offline verification of a sub-task signed at the 审管办 window under 集中授权 (sign-off payload version 3): the
 * export verifies with the window seal's public key and the report, and `admin verify`, say
 * 集中授权：<delegating department> 授权 <window> 签署（授权编号 …）; a version 3 payload without its delegation, or whose
 * delegation is another department's, is refused even when the seal signed it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type Json } from '../../functions/core/canonical';
import type { SignedDelegation } from '../../functions/core/signedDelegation';
import { signOffPayload, signPayload } from '../../functions/core/signing';
import { runCli } from '../../scripts/admin/cli';
import type { ExportDocument } from '../../scripts/admin/format';
import { verifyExport } from '../../scripts/admin/verify';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUB = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIV = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const CASE = 'LB330212-20260302-0007';
const AT = '2026-03-02T03:00:00.000Z';
const SEAL = 'yinzhou-serviceCenter-delegated-seal';
const card = { insuredNumber: 'YB330212000007', startDate: '2026-03-02' };
const delegation: SignedDelegation = {
  id: 'yinzhou-medicalInsurance-to-serviceCenter',
  fromDepartment: 'yinzhou-medicalInsurance', fromDepartmentName: '宁波市医疗保障局鄞州分局',
  toDepartment: 'yinzhou-serviceCenter', toDepartmentName: '宁波市鄞州区行政审批服务管理办公室',
};
const LINE = '集中授权：宁波市医疗保障局鄞州分局 授权 宁波市鄞州区行政审批服务管理办公室 签署（授权编号 yinzhou-medicalInsurance-to-serviceCenter）';

/** A case export with one sign-off whose payload is `payload` (signed with the window seal's key). */
function docWith(payload: string): ExportDocument {
  return {
    format: 'lianban-export', version: 2, kind: 'case',
    cases: [{
      caseId: CASE,
      signatures: [{ itemId: 'medicalInsuranceEnrollment', sealId: SEAL, keyId: 'window-key', signer: 'w-signer1', at: AT, payload, signature: signPayload(payload, PRIV) }],
      materials: [{
        type: 'medicalInsuranceCard', producedBy: 'medicalInsuranceEnrollment', issuer: { district: '330212', department: 'yinzhou-medicalInsurance' },
        data: { ...card }, issuedAt: AT, seal: { sealId: SEAL, signers: ['w-signer1'] },
      }],
      audit: [],
      auditHead: { seq: 0, hash: '' },
    }],
    publicKeys: { 'window-key': { keyId: 'window-key', sealId: SEAL, algorithm: 'Ed25519', publicKeyPem: PUB } },
  };
}

const facts = {
  caseId: CASE, bundleId: 'birth', bundleVersion: 1, itemId: 'medicalInsuranceEnrollment', department: 'yinzhou-medicalInsurance', district: '330212',
  sealId: SEAL, signers: ['w-signer1'], at: AT, outputs: { medicalInsuranceCard: card },
};

/** The version 3 payload with its fields changed by `edit`, signed as it stands (a seal that signed a malformed payload). */
function v3(edit: (p: Record<string, unknown>) => void): string {
  const p = JSON.parse(signOffPayload({ ...facts, delegation })) as Record<string, unknown>;
  edit(p);
  return canonicalJson(p as Json);
}

describe('a signature made under 集中授权, offline', () => {
  it('verifies with the window seal\'s public key and says on whose authority it was signed', () => {
    const report = verifyExport(docWith(signOffPayload({ ...facts, delegation })));
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.delegated).toEqual([{ caseId: CASE, itemId: 'medicalInsuranceEnrollment', sealId: SEAL, text: LINE }]);
    // signed in the department's own right (version 1): nothing to say
    expect(verifyExport(docWith(signOffPayload(facts))).delegated).toEqual([]);
  });

  it('`admin verify` prints the line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lianban-verify-delegation-'));
    try {
      const file = path.join(dir, 'case.json');
      writeFileSync(file, JSON.stringify(docWith(signOffPayload({ ...facts, delegation }))));
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['verify', file], { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: dir, now: () => AT, stdin: async () => '' });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join('')).toContain(`case ${CASE}, item medicalInsuranceEnrollment, seal ${SEAL}: ${LINE}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a version 3 payload without a delegation, with an incomplete one, or with another department\'s is refused', () => {
    const bad = [
      v3((p) => delete p.delegation),
      v3((p) => delete (p.delegation as Record<string, unknown>).fromDepartmentName),
      v3((p) => ((p.delegation as Record<string, unknown>).extra = 'x')),
      v3((p) => ((p.delegation as Record<string, unknown>).fromDepartment = 'yinzhou-hrss')),
    ];
    for (const payload of bad) {
      const report = verifyExport(docWith(payload));
      expect(report.ok).toBe(false);
      expect(report.delegated).toEqual([]);
      expect(report.failures[0].message).toContain('has version 3 without a delegation of its department');
    }
  });
});
