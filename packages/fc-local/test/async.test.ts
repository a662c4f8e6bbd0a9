/**
 * Async invocation (x-fc-invocation-type: Async) through the real @alicloud/fc2 client: 202 at once, then
 * at-least-once delivery with FC's retry rules, and duplicate delivery on demand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureRunner, until, type FixtureRunner } from './support.js';

const ASYNC = { 'x-fc-invocation-type': 'Async' };

describe('async delivery', () => {
  let r: FixtureRunner;

  beforeAll(async () => {
    r = await startFixtureRunner();
  });

  afterAll(async () => {
    await r?.close();
  });

  const attemptsOf = (requestId: string) => r.fc.invocations.filter((x) => x.requestId === requestId);

  it('answers 202 with an empty body and a request id, then runs the function in the background', async () => {
    const res = await r.client.invokeFunction('fixture', 'probe', JSON.stringify({ op: 'record', id: 'a1' }), ASYNC);
    expect(res.data).toBe('');
    const requestId = res.headers['x-fc-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await r.fc.whenIdle();
    expect(attemptsOf(requestId)).toMatchObject([{ source: 'async', attempt: 1, outcome: 'success', duplicate: false }]);
    const dump = await r.client.invokeFunction('fixture', 'probe', JSON.stringify({ op: 'dump' }));
    expect(JSON.parse(dump.data as string)).toContain(JSON.stringify({ op: 'record', id: 'a1' }));
  });

  it('retries after function errors (same request id) until the function succeeds', async () => {
    const res = await r.client.invokeFunction('fixture', 'flaky', JSON.stringify({ key: 'k1', failTimes: 2 }), ASYNC);
    const requestId = res.headers['x-fc-request-id'];
    await r.fc.whenIdle();
    expect(attemptsOf(requestId).map((x) => [x.attempt, x.outcome])).toEqual([
      [1, 'UnhandledInvocationError'],
      [2, 'UnhandledInvocationError'],
      [3, 'success'],
    ]);
    const dump = JSON.parse((await r.client.invokeFunction('fixture', 'flaky', '{"op":"dump"}')).data as string) as {
      deliveries: Array<{ key: string; attempt: number; ok: boolean }>;
    };
    expect(dump.deliveries.filter((d) => d.key === 'k1')).toEqual([
      { key: 'k1', attempt: 1, ok: false },
      { key: 'k1', attempt: 2, ok: false },
      { key: 'k1', attempt: 3, ok: true },
    ]);
  });

  it('gives up after maxAsyncRetryAttempts (2 in the fixture) and records the drop', async () => {
    const res = await r.client.invokeFunction('fixture', 'flaky', JSON.stringify({ key: 'k2', failTimes: 10 }), ASYNC);
    const requestId = res.headers['x-fc-request-id'];
    await r.fc.whenIdle();
    const attempts = attemptsOf(requestId);
    expect(attempts).toHaveLength(3);
    expect(attempts.every((x) => x.outcome === 'UnhandledInvocationError')).toBe(true);
    expect(r.fc.dropped).toContainEqual({ requestId, function: 'flaky', reason: 'retries-exhausted' });
  });

  it('delivers the next event twice when asked (duplicateNext), and only that one', async () => {
    r.fc.duplicateNext('fixture', 'probe');
    const first = await r.client.invokeFunction('fixture', 'probe', JSON.stringify({ op: 'record', id: 'dup' }), ASYNC);
    await r.fc.whenIdle();
    const second = await r.client.invokeFunction('fixture', 'probe', JSON.stringify({ op: 'record', id: 'single' }), ASYNC);
    await r.fc.whenIdle();
    expect(attemptsOf(first.headers['x-fc-request-id']).map((x) => x.duplicate)).toEqual([false, true]);
    expect(attemptsOf(second.headers['x-fc-request-id'])).toHaveLength(1);
    const recorded = JSON.parse((await r.client.invokeFunction('fixture', 'probe', '{"op":"dump"}')).data as string) as string[];
    expect(recorded.filter((e) => e.includes('"dup"'))).toHaveLength(2);
    expect(recorded.filter((e) => e.includes('"single"'))).toHaveLength(1);
  });

  it('refuses duplicateNext for an unknown function', () => {
    expect(() => r.fc.duplicateNext('fixture', 'nope')).toThrow(/no function/);
  });
});

describe('maxAsyncEventAgeInSeconds', () => {
  let r: FixtureRunner;

  beforeAll(async () => {
    // Backoff 400 ms, 800 ms, …: the third attempt would start after the event's one-second age.
    r = await startFixtureRunner({ asyncRetryBaseMs: 400 });
  });

  afterAll(async () => {
    await r?.close();
  });

  it('drops an event that keeps failing once it is older than its maximum age, before the retries run out', async () => {
    const res = await r.client.invokeFunction('fixture', 'expiring', JSON.stringify({ key: 'old', failTimes: 100 }), ASYNC);
    const requestId = res.headers['x-fc-request-id'];
    await r.fc.whenIdle();
    expect(r.fc.dropped).toContainEqual({ requestId, function: 'expiring', reason: 'expired' });
    const attempts = r.fc.invocations.filter((x) => x.requestId === requestId);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.length).toBeLessThan(9); // 1 + maxAsyncRetryAttempts (8) were not all used
  });
});

describe('system errors (every instance busy)', () => {
  let r: FixtureRunner;

  beforeAll(async () => {
    r = await startFixtureRunner({ maxInstances: 1 });
  });

  afterAll(async () => {
    await r?.close();
  });

  it('answers a sync call 429 ResourceExhausted and retries an async event until an instance is free', async () => {
    // instanceConcurrency 1 and at most 1 instance: while this call sleeps, nothing else fits.
    const busy = r.client.invokeFunction('fixture', 'single', JSON.stringify({ ms: 1500, mark: 'long' }));
    await until(() => r.fc.instanceCount('fixture', 'single') === 1);
    const sync = await r.client.invokeFunction('fixture', 'single', JSON.stringify({ mark: 'refused' })).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(sync?.code).toBe('ResourceExhausted');
    const res = await r.client.invokeFunction('fixture', 'single', JSON.stringify({ mark: 'later' }), ASYNC);
    await busy;
    await r.fc.whenIdle();
    const attempts = r.fc.invocations.filter((x) => x.requestId === res.headers['x-fc-request-id']);
    expect(attempts[0].outcome).toBe('ResourceExhausted');
    expect(attempts.at(-1)!.outcome).toBe('success');
    const marks = JSON.parse((await r.client.invokeFunction('fixture', 'single', '{"op":"dump"}')).data as string) as string[];
    expect(marks).toEqual(['long', 'later']);
  });
});
