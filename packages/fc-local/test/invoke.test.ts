/**
 * The real @alicloud/fc2 client against the local FC runner: InvokeFunction sync, errors, signature,
 * lifecycle (initializer, module state, fresh instances after a crash or timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { fc2Client, sdkSignature, startFixtureRunner, type FixtureRunner } from './support.js';

let r: FixtureRunner;

beforeAll(async () => {
  r = await startFixtureRunner();
});

afterAll(async () => {
  await r?.close();
});

const invoke = (fn: string, event: unknown, headers: Record<string, string> = {}) =>
  r.client.invokeFunction('fixture', fn, typeof event === 'string' ? event : JSON.stringify(event), headers);

async function expectRejectCode(promise: Promise<unknown>, code: string, status: number): Promise<Error> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e as Error & { code?: string },
  );
  expect(err, `expected ${code}`).not.toBeNull();
  expect((err as { code?: string }).code).toBe(code);
  expect(err!.message).toContain(`failed with ${status}`);
  return err!;
}

describe('sync invocation', () => {
  it('passes the event as a Buffer and returns the result with a request id', async () => {
    const res = await invoke('probe', 'hello');
    expect(typeof res.data).toBe('string');
    const out = JSON.parse(res.data as string) as Record<string, unknown>;
    expect(out.event).toBe('hello');
    expect(out.eventIsBuffer).toBe(true);
    expect(out.requestId).toBe(res.headers['x-fc-request-id']);
    expect(res.headers['x-fc-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives the context FC gives: function, service, region, account, credentials', async () => {
    const out = JSON.parse((await invoke('probe', 'ctx')).data as string) as Record<string, unknown>;
    expect(out.function).toEqual({
      name: 'probe',
      handler: 'index.handler',
      memory: 256,
      timeout: 2,
      initializer: 'index.initialize',
      initializationTimeout: 5,
    });
    expect(out.service).toEqual({ name: 'fixture', qualifier: 'LATEST', versionId: '', logProject: 'fixture-project', logStore: 'fixture-store' });
    expect(out.region).toBe('cn-hangzhou');
    expect(out.accountId).toBe('1234567890');
    expect(out.credentials).toEqual({ accessKeyId: 'lianban-local', accessKeySecret: 'lianban-local-secret', securityToken: '' });
  });

  it('sets process.env from environmentVariables, resolving ${env.X} and ${config(AccountID)}; unset ones are absent', async () => {
    const out = JSON.parse((await invoke('probe', 'env')).data as string) as { env: Record<string, string | null> };
    expect(out.env).toEqual({ GREETING: 'ni hao', ACCOUNT: '1234567890', UNSET_ONE: null });
    expect(r.fc.model.missingEnv).toEqual(['FIXTURE_NOT_SET']);
  });

  it('returns a string result from an async handler as is, with the LATEST qualifier too', async () => {
    const res = await r.client.invokeFunction('fixture', 'probe', JSON.stringify({ op: 'text' }), {}, 'LATEST');
    expect(res.data).toBe('plain text result');
    expect(res.headers['x-fc-error-type']).toBeUndefined();
  });

  it('returns the invocation log in x-fc-log-result for x-fc-log-type: Tail, FC log format', async () => {
    const res = await invoke('probe', { op: 'log' }, { 'x-fc-log-type': 'Tail' });
    const requestId = res.headers['x-fc-request-id'];
    const log = Buffer.from(res.headers['x-fc-log-result'], 'base64').toString('utf8');
    expect(log).toContain(`FC Invoke Start RequestId: ${requestId}`);
    expect(log).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${requestId} \\[verbose\\] console says hello`));
    expect(log).toMatch(new RegExp(`Z ${requestId} \\[WARN\\] logger warns`));
    expect(log).toContain(`FC Invoke End RequestId: ${requestId}`);
    const plain = await invoke('probe', { op: 'log' });
    expect(plain.headers['x-fc-log-result']).toBeUndefined();
  });
});

describe('function errors come back as 200 with x-fc-error-type', () => {
  it('callback(error) → HandledInvocationError with errorMessage, errorType, stackTrace', async () => {
    const res = await invoke('probe', { op: 'handled' });
    expect(res.headers['x-fc-error-type']).toBe('HandledInvocationError');
    const data = res.data as { errorMessage: string; errorType: string; stackTrace: string[] };
    expect(data.errorMessage).toBe('handled boom');
    expect(data.errorType).toBe('RangeError');
    expect(data.stackTrace[0]).toContain('RangeError: handled boom');
  });

  it('callback("text") → HandledInvocationError {"errorMessage"} only', async () => {
    const res = await invoke('probe', { op: 'handled-string' });
    expect(res.headers['x-fc-error-type']).toBe('HandledInvocationError');
    expect(res.data).toEqual({ errorMessage: 'This is a handled error' });
  });

  it('a thrown error and a rejected promise → UnhandledInvocationError', async () => {
    const thrown = await invoke('probe', { op: 'unhandled' });
    expect(thrown.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(thrown.data).toMatchObject({ errorMessage: 'unhandled boom', errorType: 'TypeError' });
    const rejected = await invoke('probe', { op: 'reject' });
    expect(rejected.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(rejected.data).toMatchObject({ errorMessage: 'rejected boom', errorType: 'Error' });
  });

  it('process.exit → "Process exited unexpectedly", and the next call runs on a fresh instance', async () => {
    const before = JSON.parse((await invoke('probe', { op: 'state' })).data as string) as { token: string };
    const res = await invoke('probe', { op: 'exit' });
    expect(res.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect((res.data as { errorMessage: string }).errorMessage).toContain('Process exited unexpectedly before completing request');
    const after = JSON.parse((await invoke('probe', { op: 'state' })).data as string) as { token: string; initCount: number; calls: number };
    expect(after.token).not.toBe(before.token);
    expect(after).toMatchObject({ initCount: 1, calls: 1 });
  });

  it('a function running past its timeout fails as FC reports it and its instance is replaced', async () => {
    const before = JSON.parse((await invoke('probe', { op: 'state' })).data as string) as { token: string };
    const res = await invoke('probe', { op: 'sleep', ms: 60_000 });
    expect(res.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect((res.data as { errorMessage: string }).errorMessage).toBe('Function timed out after 2 seconds');
    const after = JSON.parse((await invoke('probe', { op: 'state' })).data as string) as { token: string };
    expect(after.token).not.toBe(before.token);
  });
});

describe('instance lifecycle', () => {
  it('runs the initializer once per instance and keeps module state across invocations', async () => {
    const states: Array<{ initCount: number; calls: number; token: string }> = [];
    for (let i = 0; i < 3; i++) states.push(JSON.parse((await invoke('probe', { op: 'state' })).data as string));
    expect(states.map((s) => s.initCount)).toEqual([1, 1, 1]);
    expect(states[1].calls).toBe(states[0].calls + 1);
    expect(states[2].calls).toBe(states[0].calls + 2);
    expect(new Set(states.map((s) => s.token)).size).toBe(1);
  });

  it('retries a failed initializer before the next invocation, on the same instance', async () => {
    const first = await invoke('initflaky', '{}');
    expect(first.headers['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(first.data).toMatchObject({ errorMessage: 'database not reachable yet' });
    const second = await invoke('initflaky', '{}');
    expect(second.headers['x-fc-error-type']).toBeUndefined();
    expect(JSON.parse(second.data as string)).toEqual({ initAttempts: 2, ready: true });
    const third = await invoke('initflaky', '{}');
    expect(JSON.parse(third.data as string)).toEqual({ initAttempts: 2, ready: true });
  });
});

describe('API errors', () => {
  it('refuses a request signed with the wrong secret: SignatureNotMatch (403), function not run', async () => {
    const count = r.fc.invocations.length;
    const wrong = fc2Client(r.fc.url, 'not-the-secret');
    const err = await expectRejectCode(wrong.invokeFunction('fixture', 'probe', 'x'), 'SignatureNotMatch', 403);
    expect(err.name).toBe('FCSignatureNotMatchError');
    expect(r.fc.invocations.length).toBe(count);
  });

  it('answers a URL beyond what the runner parses (64 KB) as 400 InvalidArgument, which the SDK reads as err.code', async () => {
    const count = r.fc.invocations.length;
    const err = await expectRejectCode(r.client.invokeFunction('fixture', 'probe', 'x', {}, 'q'.repeat(70 * 1024)), 'InvalidArgument', 400);
    expect(err.name).toBe('FCInvalidArgumentError');
    expect(r.fc.invocations.length).toBe(count);
  });

  it('refuses an unknown access key id: InvalidAccessKeyID (403)', async () => {
    const stranger = fc2Client(r.fc.url, 'lianban-local-secret', 'someone-else');
    await expectRejectCode(stranger.invokeFunction('fixture', 'probe', 'x'), 'InvalidAccessKeyID', 403);
  });

  it('refuses a request whose Date is too far from now: RequestTimeTooSkewed (403)', async () => {
    const old = new Date(Date.now() - 60 * 60 * 1000).toUTCString();
    await expectRejectCode(r.client.invokeFunction('fixture', 'probe', 'x', { date: old }), 'RequestTimeTooSkewed', 403);
  });

  it('accepts the SDK content-md5 (base64 of the hex digest) and refuses a body that does not match it', async () => {
    const path = '/2016-08-15/services/fixture/functions/probe/invocations';
    const send = (body: string, md5Of: string) => {
      const headers: Record<string, string> = {
        date: new Date().toUTCString(),
        'content-type': 'application/octet-stream',
        'content-md5': Buffer.from(createHash('md5').update(md5Of).digest('hex')).toString('base64'),
        'x-fc-account-id': '1234567890',
      };
      headers.authorization = sdkSignature('POST', path, headers);
      return fetch(`${r.fc.url}${path}`, { method: 'POST', headers, body });
    };
    const good = await send('{"op":"text"}', '{"op":"text"}');
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('plain text result');
    const tampered = await send('{"op":"exit"}', '{"op":"text"}');
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as { ErrorCode: string }).ErrorCode).toBe('InvalidArgument');
  });

  it('answers 404 FunctionNotFound / ServiceNotFound', async () => {
    await expectRejectCode(r.client.invokeFunction('fixture', 'nope', 'x'), 'FunctionNotFound', 404);
    await expectRejectCode(r.client.invokeFunction('other-service', 'probe', 'x'), 'ServiceNotFound', 404);
  });

  it('serves LATEST only: another qualifier is 404', async () => {
    await expectRejectCode(r.client.invokeFunction('fixture', 'probe', 'x', {}, 'prod'), 'AliasNotFound', 404);
  });

  it('refuses InvokeFunction on an HTTP-trigger function (400)', async () => {
    await expectRejectCode(r.client.invokeFunction('fixture', 'web', 'x'), 'InvalidArgument', 400);
  });

  it('refuses an async payload over 128 KB', async () => {
    const big = 'x'.repeat(128 * 1024 + 1);
    await expectRejectCode(
      r.client.invokeFunction('fixture', 'probe', big, { 'x-fc-invocation-type': 'Async' }),
      'InvalidArgument',
      400,
    );
  });

  it('answers unsigned requests with 403 JSON', async () => {
    const res = await fetch(`${r.fc.url}/2016-08-15/services/fixture/functions/probe/invocations`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { ErrorCode: string }).ErrorCode).toBe('MissingRequiredHeader');
  });
});
