// The dispatcher's event: `{"caseId":"<id>"}` as JSON bytes (what kick sends, FC delivers as a Buffer).
// The timer's event is FC's timer payload `{"triggerTime","triggerName","payload"}` whose `payload` is the
// string configured in s.yaml, here `{"job":"sweep"}`.

import { CASE_ID_PATTERN } from '../core/case.js';

/** Case ids as the core accepts them (one pattern: core/case.ts). */
export { CASE_ID_PATTERN };

export interface DispatchEvent {
  caseId: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseJson(bytes: Buffer | string): Parsed<unknown> {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: `event is not JSON (${text.length} bytes)` };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function dispatchEventBytes(caseId: string): string {
  return JSON.stringify({ caseId } satisfies DispatchEvent);
}

/** Reasons never echo the event's content (it could hold anything). */
export function parseDispatchEvent(bytes: Buffer | string): Parsed<DispatchEvent> {
  const json = parseJson(bytes);
  if (!json.ok) return json;
  if (!isObject(json.value)) return { ok: false, reason: 'event is not a JSON object' };
  const { caseId } = json.value;
  if (typeof caseId !== 'string') return { ok: false, reason: 'event has no string caseId' };
  if (!CASE_ID_PATTERN.test(caseId)) return { ok: false, reason: 'caseId is not a valid case id' };
  return { ok: true, value: { caseId } };
}

type TimerJob = 'sweep';

export interface TimerEvent {
  job: TimerJob;
  /** FC's triggerTime (ISO, UTC), when present. */
  triggerTime: string | null;
}

/**
 * FC's timer event wraps the configured payload string. An invocation with the bare payload
 * (`{"job":"sweep"}`, e.g. a manual `s invoke`) is accepted too.
 */
export function parseTimerEvent(bytes: Buffer | string): Parsed<TimerEvent> {
  const outer = parseJson(bytes);
  if (!outer.ok) return outer;
  if (!isObject(outer.value)) return { ok: false, reason: 'event is not a JSON object' };
  let inner: unknown = outer.value;
  const triggerTime = typeof outer.value.triggerTime === 'string' ? outer.value.triggerTime : null;
  if (typeof outer.value.payload === 'string') {
    const parsed = parseJson(outer.value.payload);
    if (!parsed.ok) return { ok: false, reason: 'timer payload is not JSON' };
    inner = parsed.value;
  }
  if (!isObject(inner)) return { ok: false, reason: 'timer payload is not a JSON object' };
  if (inner.job !== 'sweep') return { ok: false, reason: 'timer payload names no known job' };
  return { ok: true, value: { job: 'sweep', triggerTime } };
}
