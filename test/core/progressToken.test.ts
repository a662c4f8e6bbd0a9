import { describe, expect, it } from 'vitest';
import { progressExpired, progressKey, progressPath, progressToken, verifyProgressToken } from '../../functions/core/progressToken';

const key = progressKey('k'.repeat(40));
const other = progressKey('o'.repeat(40));
const caseId = 'yinzhou-20261207-0001';

describe('progress token', () => {
  it('names its case, carries 128 bits of MAC and verifies', () => {
    const token = progressToken(key, caseId);
    expect(token.startsWith(caseId + '.')).toBe(true);
    expect(Buffer.from(token.slice(caseId.length + 1), 'base64url')).toHaveLength(16);
    expect(verifyProgressToken(key, token)).toBe(caseId);
    expect(progressToken(key, caseId)).toBe(token);
    expect(progressPath(token)).toBe(`/progress.html#${token}`);
  });

  it('the key differs from the HASH_KEY it is derived from and from another HASH_KEY', () => {
    expect(key.equals(Buffer.from('k'.repeat(40)))).toBe(false);
    expect(verifyProgressToken(other, progressToken(key, caseId))).toBeNull();
  });

  it('refuses a token for another case, a tampered MAC and malformed input', () => {
    const token = progressToken(key, caseId);
    const mac = token.slice(caseId.length + 1);
    expect(verifyProgressToken(key, `yinzhou-20261207-0002.${mac}`)).toBeNull();
    const flipped = (mac[0] === 'A' ? 'B' : 'A') + mac.slice(1);
    expect(verifyProgressToken(key, `${caseId}.${flipped}`)).toBeNull();
    for (const bad of ['', caseId, `${caseId}.`, `${caseId}.${mac}x`, `${caseId}.${mac.slice(1)}`, `.${mac}`, `a b.${mac}`, 42, null, 'x'.repeat(200)]) {
      expect(verifyProgressToken(key, bad)).toBeNull();
    }
  });

  it('expires 180 days after the case ended, never while it runs', () => {
    expect(progressExpired(null, '2030-01-01T00:00:00Z')).toBe(false);
    expect(progressExpired('2026-01-01T00:00:00Z', '2026-06-30T00:00:00Z')).toBe(false);
    expect(progressExpired('2026-01-01T00:00:00Z', '2026-06-30T00:00:01Z')).toBe(true);
  });
});
