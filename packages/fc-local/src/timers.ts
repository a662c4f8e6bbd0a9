/**
 * Fires timer triggers. Each trigger's event is FC's timer payload
 * `{"triggerTime":"2023-12-26T07:49:00Z","triggerName":"…","payload":"…"}`, delivered asynchronously
 * (so the async retry rules apply). The clock ticks once per UTC second; seconds missed while the event
 * loop was busy are caught up (at most one minute back).
 */
import { randomUUID } from 'node:crypto';
import type { AsyncDelivery } from './async-delivery.js';
import { parseSchedule, type Schedule } from './cron.js';
import type { FunctionSpec, TimerTriggerSpec } from './model.js';

interface Armed {
  fn: FunctionSpec;
  trigger: TimerTriggerSpec;
  schedule: Schedule;
  /** For @every: next due time (ms). */
  nextDue: number;
}

function timerEvent(trigger: TimerTriggerSpec, at: Date): Buffer {
  const triggerTime = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  return Buffer.from(JSON.stringify({ triggerTime, triggerName: trigger.name, payload: trigger.payload }), 'utf8');
}

function timerTriggers(functions: FunctionSpec[]): Array<{ fn: FunctionSpec; trigger: TimerTriggerSpec }> {
  return functions.flatMap((fn) =>
    fn.triggers.filter((t): t is TimerTriggerSpec => t.type === 'timer').map((trigger) => ({ fn, trigger })),
  );
}

export class TimerScheduler {
  private readonly armed: Armed[];
  private timer: NodeJS.Timeout | null = null;
  private lastSecond: number;

  constructor(
    functions: FunctionSpec[],
    private readonly delivery: AsyncDelivery,
  ) {
    const now = Date.now();
    this.lastSecond = Math.floor(now / 1000);
    // Parsing here makes a bad cronExpression fail at start, not silently never fire.
    this.armed = timerTriggers(functions).map(({ fn, trigger }) => {
      const schedule = parseSchedule(trigger.cronExpression);
      return { fn, trigger, schedule, nextDue: schedule.kind === 'every' ? this.lastSecond * 1000 + schedule.ms : 0 };
    });
  }

  fire(fn: FunctionSpec, trigger: TimerTriggerSpec, at = new Date()): string {
    const requestId = randomUUID();
    this.delivery.enqueue({ fn, requestId, payload: timerEvent(trigger, at), source: 'timer', triggerName: trigger.name });
    return requestId;
  }

  start(): void {
    if (this.timer || !this.armed.some((a) => a.trigger.enable)) return;
    const schedule = () => {
      this.timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
    };
    const tick = () => {
      const now = Date.now();
      const second = Math.floor(now / 1000);
      for (let s = Math.max(this.lastSecond + 1, second - 60); s <= second; s++) this.check(s * 1000);
      this.lastSecond = second;
      schedule();
    };
    schedule();
  }

  private check(atMs: number): void {
    const at = new Date(atMs);
    for (const a of this.armed) {
      if (!a.trigger.enable) continue;
      if (a.schedule.kind === 'cron') {
        if (a.schedule.matches(at)) this.fire(a.fn, a.trigger, at);
      } else if (atMs >= a.nextDue) {
        this.fire(a.fn, a.trigger, at);
        a.nextDue = Math.max(a.nextDue, atMs) + a.schedule.ms;
      }
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
