/**
 * The statistics page's charts, drawn as SVG by these few functions (no chart library): columns over time,
 * horizontal bars with their label above each bar (long department names are never cut by an axis), a ring
 * of shares, and a 100 % bar. A chart is drawn at its box's measured width (again when the window resizes), so
 * its text stays 11–13 px on a phone and on a desktop alike; the numbers behind it are in the card's table
 * (tables.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stats } from './types';
import { clip, days, pct, shortName } from './format';

/** The width a chart is drawn at before its box is measured (and in a DOM without layout). */
const W0 = 340;
const BLUE = '#0089ff';
const GREEN = '#00b042';
const ORANGE = '#ff9200';
const RED = '#ff5219';
const GRID = 'rgba(126,134,142,0.24)';
const TEXT2 = 'rgba(23,26,29,0.6)';
const PALETTE = ['#0089ff', '#00b042', '#ff9200', '#7c5cfa', '#00b3b3', '#f5487f', '#a0a8b0'];

/** The measured width of the chart's box (`W0` until measured). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(W0);
  useEffect(() => {
    const measure = () => {
      const w = ref.current ? ref.current.clientWidth : 0;
      if (w > 0) setWidth(Math.max(240, Math.min(w, 1000)));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return { ref, width };
}

/** About how wide `text` is drawn: a Chinese character a full `size`, others ~0.6 of it. */
function textWidth(text: string, size: number): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += text.charCodeAt(i) > 0xff ? size : size * 0.6;
  return w;
}

/** `text` cut (with an ellipsis) to fit `width` px; the full text stays in the table. */
function fit(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  let n = text.length;
  while (n > 1 && textWidth(text.slice(0, n), size) + size > width) n--;
  return clip(text, n + 1);
}

/** A round upper bound for an axis: 1, 2, 5 × 10^n. */
function niceMax(n: number): number {
  if (n <= 4) return 4;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  const m = [1, 2, 2.5, 5, 10].map((k) => k * p).filter((v) => v >= n)[0];
  return m;
}

function Legend(props: { items: { label: string; color: string }[] }) {
  return (
    <div class="lb-st-legend">
      {props.items.map((i) => (
        <span key={i.label}>
          <i style={{ background: i.color }} />
          {i.label}
        </span>
      ))}
    </div>
  );
}

/**
 * 每日受理与办结: paired columns per period, a y axis with three ticks, every k-th period labelled. With `only`
 * one column per period (the `accepted` figure) under that legend (热线工单量).
 */
export function VolumeChart(props: { series: Stats['series']; only?: string; testid?: string }) {
  const { ref, width: W } = useWidth();
  const s = props.series;
  const H = 180;
  const L = 34;
  const R = 6;
  const T = 10;
  const B = 26;
  const max = niceMax(Math.max.apply(null, [0].concat(s.map((p) => Math.max(p.accepted, p.completed)))));
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const gw = (W - L - R) / Math.max(1, s.length);
  const bw = Math.max(1.5, Math.min(28, gw * (props.only ? 0.6 : 0.34)));
  const every = Math.max(1, Math.ceil(s.length / Math.max(4, Math.floor(W / 60))));
  return (
    <div ref={ref}>
      <Legend items={props.only ? [{ label: props.only, color: BLUE }] : [{ label: '受理', color: BLUE }, { label: '办结', color: GREEN }]} />
      <svg class="lb-st-svg" width={W} height={H} viewBox={'0 0 ' + W + ' ' + H} role="img" aria-label={props.only || '受理与办结件数'} data-testid={props.testid || 'chart-volume'}>
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} stroke={GRID} />
            <text x={L - 4} y={y(v) + 4} text-anchor="end" font-size="11" fill={TEXT2}>{String(Math.round(v))}</text>
          </g>
        ))}
        {s.map((p, i) => {
          const x = L + gw * i + gw / 2;
          return (
            <g key={p.period}>
              <rect x={props.only ? x - bw / 2 : x - bw} y={y(p.accepted)} width={bw} height={y(0) - y(p.accepted)} fill={BLUE} rx="1">
                <title>{p.label + ' ' + (props.only || '受理') + ' ' + p.accepted}</title>
              </rect>
              {props.only ? null : (
                <rect x={x} y={y(p.completed)} width={bw} height={y(0) - y(p.completed)} fill={GREEN} rx="1">
                  <title>{p.label + ' 办结 ' + p.completed}</title>
                </rect>
              )}
              {i % every === 0 ? (
                <text x={x} y={H - 8} text-anchor="middle" font-size="11" fill={TEXT2}>{axisLabel(p)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** An axis label short enough for its column: a week 第45周, a month 11月, a day as the server says it (11月8日). */
function axisLabel(p: Stats['series'][number]): string {
  const week = /^\d{4}-W(\d{2})$/.exec(p.period);
  if (week) return '第' + Number(week[1]) + '周';
  const month = /^\d{4}-(\d{2})$/.exec(p.period);
  if (month) return Number(month[1]) + '月';
  return clip(p.label, 7);
}

export interface BarRow {
  key: string;
  label: string;
  /** What the row says at its right: 96.0% · 25 件. */
  note: string;
  /** 0..1 of the track. */
  value: number;
  color: string;
  /** A lighter bar behind (p90 behind the average). */
  back?: number;
}

/** Horizontal bars, one a row, the name above its bar and the figure at the right. */
export function HBars(props: { rows: BarRow[]; testid: string; label: string }) {
  const { ref, width: W } = useWidth();
  const RH = 40;
  const H = props.rows.length * RH + 4;
  return (
    <div ref={ref}>
    <svg class="lb-st-svg" width={W} height={H} viewBox={'0 0 ' + W + ' ' + H} role="img" aria-label={props.label} data-testid={props.testid}>
      {props.rows.map((r, i) => {
        const top = i * RH;
        return (
          <g key={r.key}>
            <text x="0" y={top + 14} font-size="12.5" fill="#171a1d">{fit(r.label, W - textWidth(r.note, 12) - 10, 12.5)}</text>
            <text x={W} y={top + 14} font-size="12" text-anchor="end" fill={TEXT2}>{r.note}</text>
            <rect x="0" y={top + 21} width={W} height="10" rx="5" fill="rgba(126,134,142,0.12)" />
            {r.back !== undefined ? <rect x="0" y={top + 21} width={Math.max(0, W * r.back)} height="10" rx="5" fill={r.color} opacity="0.35" /> : null}
            <rect x="0" y={top + 21} width={Math.max(r.value > 0 ? 4 : 0, W * r.value)} height="10" rx="5" fill={r.color} />
          </g>
        );
      })}
    </svg>
    </div>
  );
}

function rateColor(rate: number | null): string {
  if (rate === null) return GRID;
  return rate >= 0.95 ? GREEN : rate >= 0.8 ? ORANGE : RED;
}

/** Departments with work done, the lowest on-time rate first (where to look), then by volume. */
export function departmentRows(rows: Stats['byDepartment']): Stats['byDepartment'] {
  return rows
    .filter((r) => r.done > 0)
    .slice()
    .sort((a, b) => (a.onTimeRate === null ? 2 : a.onTimeRate) - (b.onTimeRate === null ? 2 : b.onTimeRate) || b.done - a.done);
}

/** At most this many departments are drawn (the lowest rates); the table lists all. */
const MAX_DEPARTMENTS = 10;

export function DepartmentChart(props: { rows: Stats['byDepartment']; city: boolean }) {
  const all = departmentRows(props.rows);
  const rows = all.slice(0, MAX_DEPARTMENTS).map((r) => ({
    key: r.department,
    label: props.city && r.districtName && r.name.indexOf(r.districtName.replace(/[区县市]$/, '')) < 0 ? r.districtName + ' ' + r.name : r.name,
    note: pct(r.onTimeRate) + ' · ' + r.done + ' 件',
    value: r.onTimeRate || 0,
    color: rateColor(r.onTimeRate),
  }));
  return (
    <div>
      <Legend items={[{ label: '按时率 ≥95%', color: GREEN }, { label: '80–95%', color: ORANGE }, { label: '<80%', color: RED }]} />
      <div class="lb-st-note">按时率由低到高</div>
      <HBars rows={rows} testid="chart-departments" label="各部门按时办结率" />
      {all.length > rows.length ? <div class="lb-st-note">{'另有 ' + (all.length - rows.length) + ' 个部门按时率更高，见表格'}</div> : null}
    </div>
  );
}

/** The slowest items by their 90th percentile of working days, the average drawn inside. */
export function ItemsChart(props: { rows: Stats['items']; top: number }) {
  const rows = props.rows.filter((r) => r.done > 0 && r.p90Days !== null).slice(0, props.top);
  const max = niceMax(Math.max.apply(null, [1].concat(rows.map((r) => r.p90Days || 0))));
  return (
    <div>
      <Legend items={[{ label: '平均用时', color: ORANGE }, { label: 'P90：九成在此之内', color: 'rgba(255,146,0,0.45)' }]} />
      <div class="lb-st-note">单位：工作日，按 P90 由长到短</div>
      <HBars
        testid="chart-items"
        label="办理最慢的事项（工作日）"
        rows={rows.map((r) => ({
          key: r.bundleId + '/' + r.itemId,
          label: r.name,
          note: '平均 ' + days(r.avgDays) + ' · P90 ' + days(r.p90Days) + ' 天',
          value: (r.avgDays || 0) / max,
          back: (r.p90Days || 0) / max,
          color: ORANGE,
        }))}
      />
    </div>
  );
}

interface Slice {
  key: string;
  label: string;
  accepted: number;
}

/**
 * District halls and town centres each a slice (named without the city, and in a district without the district),
 * the village points together; beyond 6 slices the smallest as 其他.
 */
function pointSlices(rows: Stats['byServicePoint'], city: boolean): Slice[] {
  const villages = rows.filter((r) => r.level === 'village');
  const name = (r: Stats['byServicePoint'][number]) => (city ? r.name.replace(/^宁波市/, '') : shortName(r.name));
  const slices: Slice[] = rows.filter((r) => r.level !== 'village' && r.accepted > 0).map((r) => ({ key: r.department, label: name(r), accepted: r.accepted }));
  const vTotal = villages.reduce((n, r) => n + r.accepted, 0);
  if (vTotal) slices.push({ key: 'villages', label: '村（社区）代办点 ' + villages.filter((r) => r.accepted > 0).length + ' 个', accepted: vTotal });
  slices.sort((a, b) => b.accepted - a.accepted);
  if (slices.length <= 6) return slices;
  const rest = slices.slice(5).reduce((n, s) => n + s.accepted, 0);
  return slices.slice(0, 5).concat([{ key: 'other', label: '其他受理点', accepted: rest }]);
}

/** A ring of the service points' shares, the share handled below the district hall in its middle. */
export function ServicePointChart(props: { rows: Stats['byServicePoint']; city: boolean }) {
  const slices = pointSlices(props.rows, props.city);
  const total = slices.reduce((n, s) => n + s.accepted, 0);
  const local = props.rows.filter((r) => r.level !== 'district').reduce((n, r) => n + r.accepted, 0);
  const R0 = 62;
  const C = 2 * Math.PI * R0;
  let at = 0;
  return (
    <div class="lb-st-ring">
      <svg class="lb-st-svg lb-st-svg--ring" viewBox="0 0 160 160" role="img" aria-label="各受理点受理占比" data-testid="chart-points">
        <g transform="rotate(-90 80 80)">
          {slices.map((s, i) => {
            const len = total ? (C * s.accepted) / total : 0;
            const el = <circle key={s.key} cx="80" cy="80" r={R0} fill="none" stroke={PALETTE[i % PALETTE.length]} stroke-width="22" stroke-dasharray={len + ' ' + (C - len)} stroke-dashoffset={-at} />;
            at += len;
            return el;
          })}
        </g>
        <text x="80" y="78" text-anchor="middle" font-size="22" font-weight="600" fill="#171a1d">{pct(total ? local / total : null)}</text>
        <text x="80" y="98" text-anchor="middle" font-size="11" fill={TEXT2}>镇街及村受理</text>
      </svg>
      <ul class="lb-st-keys">
        {slices.map((s, i) => (
          <li key={s.key}>
            <i style={{ background: PALETTE[i % PALETTE.length] }} />
            <span class="lb-st-keys__name">{s.label}</span>
            <span class="lb-st-keys__num">{s.accepted + ' 件 · ' + pct(total ? s.accepted / total : null)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const LEVELS: { key: keyof Stats['satisfaction']['counts']; label: string; color: string }[] = [
  { key: 'verySatisfied', label: '非常满意', color: '#00a03c' },
  { key: 'satisfied', label: '满意', color: '#5cc97f' },
  { key: 'basic', label: '基本满意', color: '#b8d96a' },
  { key: 'dissatisfied', label: '不满意', color: ORANGE },
  { key: 'veryDissatisfied', label: '非常不满意', color: RED },
];

/** 好差评: the five levels as one 100 % bar, with the satisfaction rate and the 差评 closure rate. */
export function SatisfactionChart(props: { s: Stats['satisfaction'] }) {
  const { ref, width: W } = useWidth();
  const s = props.s;
  let x = 0;
  return (
    <div ref={ref}>
      <div class="lb-st-figures">
        <div><b>{pct(s.satisfiedRate)}</b><span>满意率</span></div>
        <div><b>{s.rated}</b><span>评价件数</span></div>
        <div><b class={s.bad ? 'lb-st-red' : ''}>{s.bad}</b><span>差评</span></div>
        <div><b>{pct(s.badClosureRate)}</b><span>{'差评整改办结率（按期 ' + s.badClosedOnTime + '）'}</span></div>
      </div>
      <svg class="lb-st-svg" width={W} height="18" viewBox={'0 0 ' + W + ' 18'} role="img" aria-label="评价等级分布" data-testid="chart-satisfaction">
        {LEVELS.map((l) => {
          const w = s.rated ? (W * s.counts[l.key]) / s.rated : 0;
          const el = <rect key={l.key} x={x} y="2" width={w} height="14" fill={l.color}><title>{l.label + ' ' + s.counts[l.key]}</title></rect>;
          x += w;
          return el;
        })}
      </svg>
      <Legend items={LEVELS.map((l) => ({ label: l.label + ' ' + s.counts[l.key], color: l.color }))} />
    </div>
  );
}
