/** The period and district pickers of the statistics page, and the query they make. */
import { Segments } from '../../components/Segments';
import type { Granularity } from './types';

type PeriodKey = 'last30' | 'thisWeek' | 'thisMonth' | 'custom';

export interface PeriodState {
  key: PeriodKey;
  granularity: Granularity;
  /** The custom range (YYYY-MM-DD), used when key is custom. */
  from: string;
  to: string;
}

/** The city as a statistics scope (宁波市全市). */
export const CITY_CODE = '330200';

/** 宁波市's districts and counties, for the city's reader when the answer lists none. */
const NINGBO: { code: string; name: string }[] = [
  { code: '330203', name: '海曙区' }, { code: '330205', name: '江北区' }, { code: '330206', name: '北仑区' },
  { code: '330211', name: '镇海区' }, { code: '330212', name: '鄞州区' }, { code: '330213', name: '奉化区' },
  { code: '330281', name: '余姚市' }, { code: '330282', name: '慈溪市' }, { code: '330225', name: '象山县' },
  { code: '330226', name: '宁海县' },
];

/**
 * Today in Asia/Shanghai (UTC+8, no DST since 1991). Not lib/dates' shanghaiToday: that pulls the core's time
 * module into page-common, 12.8 KB gzip more for a leader whose only page this is.
 */
export function shanghaiToday(nowMs: number): string {
  return new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The day `n` days after `day` (YYYY-MM-DD). */
export function shift(day: string, n: number): string {
  const d = new Date(day + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** from / to of a period ending `today` (Shanghai date): 近30天, 本周 (from Monday), 本月, or the custom range. */
export function periodRange(p: PeriodState, today: string): { from: string; to: string } {
  if (p.key === 'custom' && p.from && p.to) return { from: p.from <= p.to ? p.from : p.to, to: p.from <= p.to ? p.to : p.from };
  if (p.key === 'thisWeek') {
    const dow = new Date(today + 'T00:00:00Z').getUTCDay();
    return { from: shift(today, -((dow + 6) % 7)), to: today };
  }
  if (p.key === 'thisMonth') return { from: today.slice(0, 8) + '01', to: today };
  return { from: shift(today, -29), to: today };
}

const PERIODS = [
  { key: 'last30', label: '近30天' },
  { key: 'thisWeek', label: '本周' },
  { key: 'thisMonth', label: '本月' },
  { key: 'custom', label: '自定义' },
];
const GRAINS = [
  { key: 'day', label: '按日' },
  { key: 'week', label: '按周' },
  { key: 'month', label: '按月' },
];

export function PeriodPicker(props: { value: PeriodState; today: string; onChange: (p: PeriodState) => void }) {
  const p = props.value;
  const set = (patch: Partial<PeriodState>) => props.onChange(Object.assign({}, p, patch));
  const range = periodRange(p, props.today);
  return (
    <div class="lb-st-pickers" data-testid="stats-period">
      <Segments items={PERIODS} value={p.key} onChange={(k) => set(k === 'custom' ? { key: 'custom', from: range.from, to: range.to } : { key: k as PeriodKey })} />
      {p.key === 'custom' ? (
        <div class="lb-st-range">
          <input type="date" aria-label="开始日期" data-testid="stats-from" value={p.from} max={props.today} onChange={(e) => set({ from: (e.target as HTMLInputElement).value })} />
          <span>至</span>
          <input type="date" aria-label="结束日期" data-testid="stats-to" value={p.to} max={props.today} onChange={(e) => set({ to: (e.target as HTMLInputElement).value })} />
        </div>
      ) : null}
      <Segments items={GRAINS} value={p.granularity} onChange={(k) => set({ granularity: k as Granularity })} />
    </div>
  );
}

/** 宁波市全市 and each district, for the city's leader and admin. */
export function DistrictPicker(props: { value: string; districts?: { code: string; name: string }[]; onChange: (code: string) => void }) {
  const list = [{ code: CITY_CODE, name: '宁波市全市' }].concat(props.districts && props.districts.length ? props.districts : NINGBO);
  return (
    <label class="lb-st-district">
      <span>范围</span>
      <select data-testid="stats-district" value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {list.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}
      </select>
    </label>
  );
}
