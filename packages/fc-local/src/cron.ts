/**
 * FC timer trigger schedules: `@every <duration>` (e.g. `@every 15m`, `@every 1h30m`, `@every 1s`) or six
 * cron fields `second minute hour day-of-month month day-of-week`, evaluated in UTC.
 * Field syntax: `*`, `?` (day fields), numbers, `a-b`, `*\/n`, `a/n`, `a-b/n`, lists `x,y`; month names
 * JAN–DEC, weekday names SUN–SAT (0 or 7 = Sunday). As in the Go cron library FC's syntax follows: when both
 * day-of-month and day-of-week are restricted a day matching either one fires; otherwise both must match.
 */

export class CronError extends Error {
  constructor(expression: string, reason: string) {
    super(`invalid cronExpression "${expression}": ${reason}`);
    this.name = 'CronError';
  }
}

export type Schedule =
  | { kind: 'every'; ms: number }
  | { kind: 'cron'; matches(date: Date): boolean };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

interface Field {
  values: Set<number>;
  /** `*` or `?`: not restricted. */
  star: boolean;
}

function parseValue(text: string, spec: FieldSpec, expression: string): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) throw new CronError(expression, `"${text}" is not a valid ${spec.name}`);
  const n = Number(text);
  if (n < spec.min || n > spec.max) throw new CronError(expression, `${spec.name} ${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

function parseField(text: string, spec: FieldSpec, expression: string): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [rangeText, stepText, extra] = part.split('/');
    if (extra !== undefined || rangeText === '') throw new CronError(expression, `bad ${spec.name} "${part}"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(expression, `bad step in "${part}"`);
      step = Number(stepText);
    }
    let lo: number;
    let hi: number;
    if (rangeText === '*' || rangeText === '?') {
      if (rangeText === '?' && spec.name !== 'day-of-month' && spec.name !== 'day-of-week') {
        throw new CronError(expression, `"?" is only allowed in the day fields`);
      }
      lo = spec.min;
      hi = spec.name === 'day-of-week' ? 6 : spec.max;
      if (stepText === undefined) star = true;
    } else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-');
      lo = parseValue(a, spec, expression);
      hi = parseValue(b, spec, expression);
      if (lo > hi) throw new CronError(expression, `range "${rangeText}" runs backwards`);
    } else {
      lo = parseValue(rangeText, spec, expression);
      hi = stepText === undefined ? lo : spec.name === 'day-of-week' ? 6 : spec.max;
    }
    for (let v = lo; v <= hi; v += step) values.add(spec.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return { values, star };
}

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export function parseSchedule(expression: string): Schedule {
  const expr = expression.trim();
  if (expr.startsWith('CRON_TZ=') || expr.startsWith('TZ=')) {
    throw new CronError(expression, 'time zones are not supported on FC 2.0 timers; write the schedule in UTC');
  }
  if (expr.startsWith('@every')) {
    const m = DURATION.exec(expr.slice('@every'.length).trim());
    const ms = m ? ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000 : 0;
    if (!m || ms <= 0) throw new CronError(expression, 'use "@every <n>h<n>m<n>s", e.g. "@every 15m"');
    return { kind: 'every', ms };
  }
  const parts = expr.split(/\s+/);
  if (parts.length !== 6) throw new CronError(expression, `expected 6 fields (second minute hour day-of-month month day-of-week), got ${parts.length}`);
  const [sec, min, hour, dom, mon, dow] = parts.map((p, i) => parseField(p, FIELDS[i], expression));
  return {
    kind: 'cron',
    matches(date: Date): boolean {
      if (!sec.values.has(date.getUTCSeconds())) return false;
      if (!min.values.has(date.getUTCMinutes())) return false;
      if (!hour.values.has(date.getUTCHours())) return false;
      if (!mon.values.has(date.getUTCMonth() + 1)) return false;
      const domOk = dom.values.has(date.getUTCDate());
      const dowOk = dow.values.has(date.getUTCDay());
      return dom.star || dow.star ? domOk && dowOk : domOk || dowOk;
    },
  };
}
