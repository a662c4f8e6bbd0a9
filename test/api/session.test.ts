// Session tokens: issue/verify round trip, tampering, expiry (time passed in), malformed input.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, actorOf, issueSession, profileOf, verifySession } from '../../functions/api/session';

const SECRET = 'test-session-secret-0123456789abcdef';
const T0 = Date.UTC(2025, 5, 1, 1, 0, 0);
const subject = { id: 'S-yz-police-01', name: '陈卫东', districtCode: '330212', departmentCode: 'yz-police', roles: ['handler' as const, 'signer' as const] };

describe('session tokens', () => {
  it('round-trips the claims: staff id, name, district, department, roles, 2 h expiry', () => {
    const { token, claims } = issueSession(subject, SECRET, T0);
    expect(claims).toEqual({
      sub: subject.id,
      name: subject.name,
      district: '330212',
      department: 'yz-police',
      roles: ['handler', 'signer'],
      iat: T0 / 1000,
      exp: T0 / 1000 + 7200,
      gen: 0,
    });
    expect(SESSION_TTL_SECONDS).toBe(7200);
    expect(verifySession(token, SECRET, T0 + 1000)).toEqual({ ok: true, claims });
    expect(profileOf(claims)).toMatchObject({ id: subject.id, districtCode: '330212', expiresAt: new Date(T0 + 7200_000).toISOString() });
    expect(actorOf(claims)).toEqual({ kind: 'staff', id: subject.id, name: subject.name, district: '330212', department: 'yz-police', roles: ['handler', 'signer'] });
  });

  it('expires exactly at 2 hours', () => {
    const { token } = issueSession(subject, SECRET, T0);
    expect(verifySession(token, SECRET, T0 + 7200_000 - 1).ok).toBe(true);
    expect(verifySession(token, SECRET, T0 + 7200_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret', () => {
    const { token } = issueSession(subject, 'another-secret-another-secret-0000', T0);
    expect(verifySession(token, SECRET, T0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses changed claims (more roles, later expiry, other staff) under the old signature', () => {
    const { token, claims } = issueSession(subject, SECRET, T0);
    const [v, , sig] = token.split('.');
    for (const forged of [
      { ...claims, roles: ['admin'] },
      { ...claims, exp: claims.exp + 86400 },
      { ...claims, sub: 'S-other' },
    ]) {
      const payload = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expect(verifySession(`${v}.${payload}.${sig}`, SECRET, T0)).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('refuses malformed tokens and well-signed tokens with invalid claims', () => {
    for (const bad of ['', 'abc', 'v1.abc', 'v2.a.b', 'v1..', 'v1.a.b.c', 'v1.a+b.c']) {
      expect(verifySession(bad, SECRET, T0).ok).toBe(false);
    }
    const payload = Buffer.from(JSON.stringify({ sub: 'x', name: 'x', district: 'd', department: 'd', roles: ['root'], iat: 1, exp: 2e9 })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url');
    expect(verifySession(`v1.${payload}.${sig}`, SECRET, T0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('any single-character change of a token is refused', () => {
    const { token } = issueSession(subject, SECRET, T0);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (i, ch) => {
        fc.pre(token[i] !== ch);
        const changed = token.slice(0, i) + ch + token.slice(i + 1);
        // base64url's last character may carry unused bits; a change there can decode to the same bytes
        const sameBytes = changed.split('.').map((p) => Buffer.from(p, 'base64url').toString('hex')).join('.') ===
          token.split('.').map((p) => Buffer.from(p, 'base64url').toString('hex')).join('.');
        fc.pre(!sameBytes);
        expect(verifySession(changed, SECRET, T0).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to issue with a short secret', () => {
    expect(() => issueSession(subject, 'short', T0)).toThrow(/at least 32/);
  });
});

describe('token times are bounded (a signed claim cannot outlive the configured maximum or break a date)', () => {
  const sign = (claims: Record<string, unknown>) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${payload}.${createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url')}`;
  };
  const base = { sub: subject.id, name: subject.name, district: '330212', department: 'yz-police', roles: ['handler'], gen: 0 };
  const now = T0 / 1000;

  it('refuses exp/iat that are not whole, safe numbers, or a lifetime beyond SESSION_TTL_SECONDS', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['exp far in the future (1e21)', { iat: now, exp: 1e21 }, 'malformed'],
      ['exp a day after iat', { iat: now, exp: now + 86400 }, 'out_of_bounds'],
      ['lifetime one second over the maximum', { iat: now, exp: now + SESSION_TTL_SECONDS + 1 }, 'out_of_bounds'],
      ['iat in the future', { iat: now + 3600, exp: now + 3600 + 60 }, 'out_of_bounds'],
      ['exp before iat', { iat: now, exp: now - 1 }, 'out_of_bounds'],
      ['iat zero', { iat: 0, exp: 7200 }, 'out_of_bounds'],
      ['negative times', { iat: -7200, exp: -1 }, 'out_of_bounds'],
      ['fractional exp', { iat: now, exp: now + 0.5 }, 'malformed'],
      ['string exp', { iat: now, exp: String(now + 60) }, 'malformed'],
      ['missing generation', { iat: now, exp: now + 60, gen: undefined }, 'malformed'],
      ['negative generation', { iat: now, exp: now + 60, gen: -1 }, 'malformed'],
    ];
    for (const [label, times, reason] of cases) expect([label, verifySession(sign({ ...base, ...times }), SECRET, T0)]).toEqual([label, { ok: false, reason }]);
  });

  it('accepts the maximum lifetime and a minute of clock skew', () => {
    expect(verifySession(sign({ ...base, iat: now, exp: now + SESSION_TTL_SECONDS }), SECRET, T0).ok).toBe(true);
    expect(verifySession(sign({ ...base, iat: now + 60, exp: now + 120 }), SECRET, T0).ok).toBe(true);
    expect(verifySession(sign({ ...base, iat: now + 61, exp: now + 120 }), SECRET, T0)).toEqual({ ok: false, reason: 'out_of_bounds' });
  });

  it('carries the session generation it was issued under', () => {
    const { token, claims } = issueSession(subject, SECRET, T0, 7);
    expect(claims.gen).toBe(7);
    expect(verifySession(token, SECRET, T0)).toEqual({ ok: true, claims });
  });
});
