/** Numbers as the statistics page says them. */
export function pct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || isNaN(rate)) return '—';
  const p = rate * 100;
  return (p === 100 || p === 0 ? String(p) : p.toFixed(1)) + '%';
}

export function days(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : (Math.round(n * 10) / 10).toFixed(1);
}

/** A service point's long name shortened for a chart label: 宁波市鄞州区姜山镇便民服务中心 → 姜山镇便民服务中心. */
export function shortName(name: string): string {
  const m = /^(?:[^市]{1,4}市)?(?:[^区县市]{1,4}[区县市])?(.+)$/.exec(name);
  const rest = m && m[1] && m[1].length >= 4 ? m[1] : name;
  return rest;
}

/** Cuts a label to `max` characters (an ellipsis marks the cut; the table holds the full name). */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
