/** Timer triggers: scheduled firing with FC's timer event, asynchronously; manual firing with fireTimer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureRunner, type FixtureRunner } from './support.js';

interface TimerEvent {
  triggerTime: string;
  triggerName: string;
  payload: string;
}

describe('timer triggers', () => {
  let r: FixtureRunner;

  beforeAll(async () => {
    r = await startFixtureRunner({ timers: true });
  });

  afterAll(async () => {
    await r?.close();
  });

  it('fires an @every trigger on schedule with {"triggerTime","triggerName","payload"}', async () => {
    const hit = await r.fc.waitForInvocation((x) => x.function === 'ticker' && x.source === 'timer' && x.triggerName === 'every-second');
    expect(hit.outcome).toBe('success');
    const event = JSON.parse(hit.event) as TimerEvent;
    expect(Object.keys(event)).toEqual(['triggerTime', 'triggerName', 'payload']);
    expect(event.triggerTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event.triggerName).toBe('every-second');
    expect(event.payload).toBe('{"job":"tick"}');
    // The function received it as its event.
    const seen = JSON.parse((await r.client.invokeFunction('fixture', 'ticker', '{"op":"dump"}')).data as string) as TimerEvent[];
    expect(seen).toContainEqual(event);
  });

  it('never fires a disabled trigger on its own, but fireTimer() delivers it now', async () => {
    expect(r.fc.invocations.some((x) => x.triggerName === 'new-year')).toBe(false);
    const requestId = r.fc.fireTimer('ticker', 'new-year');
    const hit = await r.fc.waitForInvocation((x) => x.requestId === requestId);
    expect(hit.source).toBe('timer');
    expect(JSON.parse(hit.event)).toMatchObject({ triggerName: 'new-year', payload: 'happy new year' });
  });

  it('refuses fireTimer for a trigger that does not exist', () => {
    expect(() => r.fc.fireTimer('ticker', 'nope')).toThrow(/no timer trigger "nope"/);
    expect(() => r.fc.fireTimer('probe', 'every-second')).toThrow(/no timer trigger/);
  });
});

describe('timers: false', () => {
  let r: FixtureRunner;

  beforeAll(async () => {
    r = await startFixtureRunner({ timers: false });
  });

  afterAll(async () => {
    await r?.close();
  });

  it('does not fire on schedule, while fireTimer still works', async () => {
    const requestId = r.fc.fireTimer('ticker', 'every-second');
    await r.fc.whenIdle();
    const timerRuns = r.fc.invocations.filter((x) => x.source === 'timer');
    expect(timerRuns.map((x) => x.requestId)).toEqual([requestId]);
  });
});
