/** The runner's signature check agrees with the @alicloud/fc2 SDK's own signer, quirks included. */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contentMd5, stringToSign, verifyRequest } from '../src/signature.js';
import { sdkSignature } from './support.js';

const requireCjs = createRequire(import.meta.url);
const sdkHelper = requireCjs('@alicloud/fc2/lib/helper') as {
  composeStringToSign(method: string, path: string, headers: Record<string, string>, queries: Record<string, string | string[]> | null): string;
};

const headers = {
  date: 'Mon, 03 Mar 2025 08:00:00 GMT',
  'content-type': 'application/octet-stream',
  'content-md5': 'abc',
  'x-fc-invocation-type': 'Async',
  'x-fc-account-id': '1234567890',
  'user-agent': 'test',
};

describe('FC signature', () => {
  it('builds the same string to sign as the SDK, with and without queries', () => {
    const path = '/2016-08-15/services/s/functions/f/invocations';
    expect(stringToSign('POST', path, headers, null)).toBe(sdkHelper.composeStringToSign('POST', path, headers, null));
    const queries = { b: ['2', '1'], a: 'x' };
    expect(stringToSign('GET', '/2016-08-15/proxy/s/f/a', headers, queries)).toBe(
      sdkHelper.composeStringToSign('GET', '/2016-08-15/proxy/s/f/a', headers, queries),
    );
  });

  it('uses base64 of the HEX md5 as content-md5, as the SDK does', () => {
    const body = Buffer.from('hello');
    expect(contentMd5(body)).toBe(Buffer.from(createHash('md5').update(body).digest('hex')).toString('base64'));
    expect(contentMd5(body)).not.toBe(createHash('md5').update(body).digest('base64'));
  });

  it('accepts what the SDK signs and refuses a changed path, header or secret', () => {
    const body = Buffer.from('{}');
    const signed = { ...headers, 'content-md5': contentMd5(body) };
    const path = '/2016-08-15/services/s/functions/f/invocations';
    const authorization = sdkSignature('POST', path, signed);
    const base = {
      method: 'POST',
      path,
      headers: { ...signed, authorization },
      queries: null,
      body,
      accessKeyId: 'lianban-local',
      accessKeySecret: 'lianban-local-secret',
      now: Date.parse(headers.date),
    };
    expect(verifyRequest(base)).toBeNull();
    expect(verifyRequest({ ...base, path: path.replace('/f/', '/g/') })?.code).toBe('SignatureNotMatch');
    expect(verifyRequest({ ...base, headers: { ...base.headers, 'x-fc-invocation-type': 'Sync' } })?.code).toBe('SignatureNotMatch');
    expect(verifyRequest({ ...base, accessKeySecret: 'other' })?.code).toBe('SignatureNotMatch');
    expect(verifyRequest({ ...base, headers: { ...base.headers, authorization: 'Bearer x' } })?.code).toBe('SignatureNotMatch');
  });
});
