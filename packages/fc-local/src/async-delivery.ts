/**
 * FC async invocation (InvokeFunction with `x-fc-invocation-type: Async`, and timer triggers): the caller
 * gets 202 at once; the event is then delivered AT LEAST ONCE:
 * - a function error (Handled/UnhandledInvocationError) is retried up to `maxAsyncRetryAttempts` times,
 *   waiting base·2^(n-1) between attempts;
 * - a system error (here: 429, every instance busy) is retried with the same binary exponential backoff,
 *   capped at 5 minutes, until the event is older than `maxAsyncEventAgeInSeconds`;
 * - `duplicateNext(service, fn)` makes the next event of that function be delivered twice (the second copy
 *   after the first has finished; with `{ concurrent: true }` both at once, as two FC instances may), so
 *   tests can prove handlers idempotent and safe when they overlap.
 * Every attempt keeps the event's request id, as one persisted FC event does. Events live in memory only:
 * stopping the runner drops the ones still pending.
 */
import type { FunctionSpec } from './model.js';
import type { InvocationSource, Runtime } from './runtime.js';

export interface AsyncEvent {
  fn: FunctionSpec;
  requestId: string;
  payload: Buffer;
  source: Extract<InvocationSource, 'async' | 'timer'>;
  triggerName?: string;
  qualifier?: string;
}

const MAX_SYSTEM_BACKOFF_MS = 5 * 60 * 1000;

export class AsyncDelivery {
  private pending = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly duplicates = new Map<string, { concurrent: boolean }[]>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private stopped = false;
  /** Events dropped after their last retry or when too old (FC would send them to onFailure). */
  readonly dropped: Array<{ requestId: string; function: string; reason: 'retries-exhausted' | 'expired' }> = [];

  constructor(
    private readonly runtime: Runtime,
    private readonly retryBaseMs: number,
  ) {}

  duplicateNext(service: string, fn: string, options: { concurrent?: boolean } = {}): void {
    const key = `${service}/${fn}`;
    this.duplicates.set(key, [...(this.duplicates.get(key) ?? []), { concurrent: options.concurrent ?? false }]);
  }

  enqueue(event: AsyncEvent): void {
    if (this.stopped) return;
    const key = `${event.fn.service.name}/${event.fn.name}`;
    const twice = this.duplicates.get(key)?.shift() ?? null;
    const enqueuedAt = Date.now();
    this.pending++;
    void (async () => {
      try {
        if (twice?.concurrent) await Promise.all([this.deliver(event, enqueuedAt, false), this.deliver(event, enqueuedAt, true)]);
        else {
          await this.deliver(event, enqueuedAt, false);
          if (twice) await this.deliver(event, enqueuedAt, true);
        }
      } finally {
        this.pending--;
        if (this.pending === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      }
    })();
  }

  private async deliver(event: AsyncEvent, enqueuedAt: number, duplicate: boolean): Promise<void> {
    const { fn } = event;
    const maxAgeMs = fn.asyncConfiguration.maxAsyncEventAgeInSeconds * 1000;
    let attempt = 0;
    let functionRetries = 0;
    let systemRetries = 0;
    while (!this.stopped) {
      if (Date.now() - enqueuedAt > maxAgeMs) {
        this.dropped.push({ requestId: event.requestId, function: fn.name, reason: 'expired' });
        return;
      }
      attempt++;
      const outcome = await this.runtime.run(
        fn,
        { kind: 'event', event: event.payload },
        { requestId: event.requestId, source: event.source, attempt, duplicate, triggerName: event.triggerName, qualifier: event.qualifier },
      );
      let delay: number;
      if (outcome.kind === 'busy') {
        systemRetries++;
        delay = Math.min(this.retryBaseMs * 2 ** (systemRetries - 1), MAX_SYSTEM_BACKOFF_MS);
      } else if (outcome.result.ok) {
        return;
      } else {
        if (functionRetries >= fn.asyncConfiguration.maxAsyncRetryAttempts) {
          this.dropped.push({ requestId: event.requestId, function: fn.name, reason: 'retries-exhausted' });
          return;
        }
        functionRetries++;
        delay = this.retryBaseMs * 2 ** (functionRetries - 1);
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(entry);
    });
  }

  /** Resolves when no async event is pending (delivered, retrying or waiting to retry). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pendingCount(): number {
    return this.pending;
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.wake();
    }
    this.sleepers.clear();
  }
}
