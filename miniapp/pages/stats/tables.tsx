/** The table behind each chart (the same figures, every row, names not codes). */
import { departmentRows, LEVELS } from './charts';
import { days, pct } from './format';
import type { Stats } from './types';

type Cell = string | number;

export interface TableData {
  head: string[];
  rows: Cell[][];
}

const levelLabel: Record<string, string> = { district: '区级大厅', town: '镇（街道）中心', village: '村（社区）代办点' };

export function seriesTable(d: Stats): TableData {
  return { head: ['时段', '受理', '办结'], rows: d.series.map((p) => [p.label, p.accepted, p.completed]) };
}

export function departmentTable(d: Stats): TableData {
  return {
    head: ['部门', '办结', '按时', '超期', '按时率'],
    rows: departmentRows(d.byDepartment).map((r) => [r.name, r.done, r.onTime, r.late, pct(r.onTimeRate)]),
  };
}

export function pointTable(d: Stats): TableData {
  return {
    head: ['受理点', '层级', '受理', '占比'],
    rows: d.byServicePoint.slice().sort((a, b) => b.accepted - a.accepted).map((r) => [r.name, levelLabel[r.level] || r.level, r.accepted, pct(r.share)]),
  };
}

export function bundleTable(d: Stats): TableData {
  return { head: ['一件事', '受理', '办结', '按时', '超期'], rows: d.byBundle.map((r) => [r.name, r.accepted, r.completed, r.onTime, r.late]) };
}

export function itemTable(d: Stats): TableData {
  return { head: ['事项', '办结', '平均（工作日）', 'P90（工作日）'], rows: d.items.map((r) => [r.name, r.done, days(r.avgDays), days(r.p90Days)]) };
}

export function satisfactionTable(d: Stats): TableData {
  const s = d.satisfaction;
  const rows: Cell[][] = LEVELS.map((l) => [l.label, s.counts[l.key], pct(s.rated ? s.counts[l.key] / s.rated : null)]);
  rows.push(['满意率', s.rated, pct(s.satisfiedRate)], ['差评整改办结', s.badClosed + ' / ' + s.bad, pct(s.badClosureRate)]);
  return { head: ['等级', '件数', '占比'], rows };
}

export function Table(props: { data: TableData; testid: string }) {
  if (!props.data.rows.length) return <div class="lb-st-none">暂无数据</div>;
  return (
    <div class="lb-st-table" data-testid={props.testid}>
      <table>
        <thead>
          <tr>{props.data.head.map((h) => <th key={h}>{h}</th>)}</tr>
        </thead>
        <tbody>
          {props.data.rows.map((r, i) => (
            <tr key={i}>{r.map((c, j) => <td key={j} class={typeof c === 'number' ? 'lb-st-num' : ''}>{c}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
