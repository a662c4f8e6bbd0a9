/** GET /api/stats (issue 14 contract): a district's or the city's statistics over a period. */
export type Granularity = 'day' | 'week' | 'month';

interface StatsTotals {
  accepted: number;
  completed: number;
  onTime: number;
  late: number;
  withdrawn: number;
  inProgress: number;
  overdueOpen: number;
  onTimeRate: number | null;
}

interface SatisfactionCounts {
  verySatisfied: number;
  satisfied: number;
  basic: number;
  dissatisfied: number;
  veryDissatisfied: number;
}

export interface Stats {
  scope: { district: string; name: string };
  /** The districts the reader may pick (city readers), when the server lists them. */
  districts?: { code: string; name: string }[];
  from: string;
  to: string;
  granularity: Granularity;
  totals: StatsTotals;
  series: { period: string; label: string; accepted: number; completed: number }[];
  byBundle: { bundleId: string; name: string; accepted: number; completed: number; onTime: number; late: number }[];
  byDepartment: { department: string; name: string; districtName: string; done: number; onTime: number; late: number; onTimeRate: number | null }[];
  byServicePoint: { department: string; name: string; level: 'district' | 'town' | 'village'; accepted: number; share: number }[];
  byChannel: { channel: string; label: string; accepted: number }[];
  items: { bundleId: string; itemId: string; name: string; departmentKind: string; done: number; avgDays: number | null; p90Days: number | null }[];
  satisfaction: {
    rated: number;
    counts: SatisfactionCounts;
    satisfiedRate: number | null;
    bad: number;
    badClosed: number;
    badClosedOnTime: number;
    badClosureRate: number | null;
  };
  /** 81812345 热线工单 of the period (absent from older servers). */
  hotline?: {
    orders: number;
    direct: number;
    transferred: number;
    merged: number;
    returned: number;
    returnRate: number | null;
    replied: number;
    onTime: number;
    onTimeRate: number | null;
    visits: SatisfactionCounts;
    satisfaction: number | null;
    reopened: number;
    byClass: { classId: string; className: string; count: number }[];
    daily: { day: string; orders: number }[];
  };
}

/** The tables GET /api/stats/export serves as CSV. */
export type ExportTable = 'series' | 'bundles' | 'departments' | 'servicePoints' | 'channels' | 'items' | 'satisfaction' | 'hotlineDaily' | 'hotlineClasses' | 'hotlineSummary';
