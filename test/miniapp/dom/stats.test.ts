// @vitest-environment happy-dom
/**
 * 统计 in a DOM against a recording server answering GET /api/stats in the issue-14 contract's shape: the
 * charts drawn from the data (a column pair per day, a bar per department lowest rate first, a ring slice per
 * service point with the village points together), names and never codes, each chart's table, 导出 CSV
 * (GET /api/stats/export with the session), the period and district pickers, the empty and error states in
 * Chinese, and a leader's tabs (统计 home, no work tabs).
 */
import { h } from 'preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../miniapp/api';
import { AppContext } from '../../../miniapp/app/context';
import '../../../miniapp/pages/index';
import { StatsPage } from '../../../miniapp/pages/stats/page';
import { homeTab, visibleTabs } from '../../../miniapp/router';
import type { Platform } from '../../../miniapp/platform/types';
import type { Staff } from '../../../miniapp/session';
import { startServer, type TestServer } from '../support/server';
import { byTestId, click, mount, waitFor, waitForTestId } from './helpers';

let server: TestServer;
let unmount: (() => void) | undefined;
const toasts: string[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  unmount?.();
  unmount = undefined;
  server.requests.length = 0;
  toasts.length = 0;
});

const platform = { name: 'local', toast: async (m: string) => void toasts.push(m) } as unknown as Platform;
const SUPERVISOR: Staff = { id: 'yinzhou-serviceCenter-supervisor1', name: '督办员', districtCode: '330212', roles: ['supervisor'] };
const CITY_LEADER: Staff = { id: 'ningbo-bigdata-leader1', name: '市领导', districtCode: '330200', roles: ['leader'] };

const days = Array.from({ length: 30 }, (_, i) => {
  const d = new Date(Date.UTC(2026, 10, 8 + i)).toISOString().slice(0, 10);
  return { period: d, label: d.slice(5).replace('-', '/'), accepted: (i * 7) % 13, completed: (i * 5) % 11 };
});

function stats(over: Record<string, unknown> = {}) {
  return {
    scope: { district: '330212', name: '鄞州区' }, from: '2026-11-08', to: '2026-12-07', granularity: 'day',
    totals: { accepted: 212, completed: 180, onTime: 171, late: 9, withdrawn: 6, inProgress: 26, overdueOpen: 3, onTimeRate: 0.95 },
    series: days,
    byBundle: [{ bundleId: 'birth', name: '新生儿出生一件事', accepted: 90, completed: 80, onTime: 78, late: 2 }],
    byDepartment: [
      { department: 'yinzhou-police', name: '宁波市公安局鄞州分局', districtName: '鄞州区', done: 80, onTime: 80, late: 0, onTimeRate: 1 },
      { department: 'yinzhou-hrss', name: '宁波市鄞州区人力资源和社会保障局', districtName: '鄞州区', done: 40, onTime: 30, late: 10, onTimeRate: 0.75 },
      { department: 'yinzhou-health', name: '宁波市鄞州区卫生健康局', districtName: '鄞州区', done: 0, onTime: 0, late: 0, onTimeRate: null },
    ],
    byServicePoint: [
      { department: 'yinzhou-serviceCenter', name: '宁波市鄞州区行政服务中心', level: 'district', accepted: 112, share: 0.53 },
      { department: 'yinzhou-jiangshan', name: '宁波市鄞州区姜山镇便民服务中心', level: 'town', accepted: 70, share: 0.33 },
      { department: 'yinzhou-jiangshan-zoumatang', name: '走马塘村代办点', level: 'village', accepted: 20, share: 0.09 },
      { department: 'yinzhou-jiangshan-other', name: '另一村代办点', level: 'village', accepted: 10, share: 0.05 },
    ],
    byChannel: [{ channel: 'window', label: '窗口受理', accepted: 182 }, { channel: 'agent', label: '帮办代办', accepted: 30 }],
    items: [{ bundleId: 'birth', itemId: 'householdRegistration', name: '户口登记（出生登记）', departmentKind: 'police', done: 80, avgDays: 2.4, p90Days: 5 }],
    satisfaction: {
      rated: 100, counts: { verySatisfied: 70, satisfied: 20, basic: 6, dissatisfied: 3, veryDissatisfied: 1 },
      satisfiedRate: 0.96, bad: 4, badClosed: 3, badClosedOnTime: 2, badClosureRate: 0.75,
    },
    reads: { rows: 40 },
    ...over,
  };
}

function show(staff: Staff, answer: () => { status?: number; json: unknown }) {
  server.routes['GET /api/stats'] = answer;
  const api = createApi({ base: server.url, getToken: () => 'tok', onUnauthorized: () => undefined });
  const m = mount(h(AppContext.Provider, { value: { api, platform, staff, logout: () => undefined } }, h(StatsPage, null)));
  unmount = m.unmount;
}

describe('统计', () => {
  it('draws the charts from the data, in names and never codes', async () => {
    show(SUPERVISOR, () => ({ json: stats() }));
    const body = await waitForTestId('stats-body');
    expect(server.requests[0].query.get('district')).toBe('330212');
    expect(server.requests[0].query.get('granularity')).toBe('day');
    expect(byTestId('stats-totals')?.textContent).toContain('95.0%');
    // a column pair per day: 30 days × (受理, 办结)
    expect(byTestId('chart-volume')?.querySelectorAll('rect').length).toBe(60);
    // departments with work, lowest on-time rate first; one without work left out
    const deps = byTestId('chart-departments')?.textContent ?? '';
    expect(deps.indexOf('人力资源')).toBeLessThan(deps.indexOf('公安局'));
    expect(deps).toContain('75.0% · 40 件');
    expect(deps).not.toContain('卫生健康局');
    // the ring: district hall, town centre and the two village points as one slice; 47% below the hall
    expect(byTestId('chart-points')?.querySelectorAll('circle').length).toBe(3);
    const points = byTestId('stats-points')?.textContent ?? '';
    expect(points).toContain('村（社区）代办点 2 个');
    expect(points).toContain('姜山镇便民服务中心');
    expect(points).toContain('47.2%');
    expect(byTestId('stats-channels')?.textContent).toContain('帮办代办 30 件');
    expect(byTestId('chart-items')?.textContent).toContain('户口登记（出生登记）');
    expect(byTestId('stats-satisfaction')?.textContent).toContain('96.0%');
    const text = body.textContent ?? '';
    expect(text).not.toMatch(/yinzhou-|householdRegistration|verySatisfied|330212/);
  });

  it('the 81812345 section: its tiles, a column per day of the period, classes by volume, and nothing when there were no orders', async () => {
    const hotline = {
      orders: 120, direct: 40, transferred: 60, merged: 20, returned: 6, returnRate: 0.1, replied: 50, onTime: 48, onTimeRate: 0.96,
      visits: { verySatisfied: 20, satisfied: 15, basic: 3, dissatisfied: 2, veryDissatisfied: 0 }, satisfaction: 0.95, reopened: 1,
      byClass: [{ classId: 'water', className: '供水', count: 70 }, { classId: 'consumer', className: '消费维权', count: 50 }],
      daily: [{ day: '2026-12-06', orders: 100 }, { day: '2026-12-07', orders: 20 }],
    };
    show(SUPERVISOR, () => ({ json: stats({ hotline }) }));
    const section = await waitForTestId('stats-hotline');
    const tiles = byTestId('stats-hotline-totals')?.textContent ?? '';
    expect(tiles).toContain('120');
    expect(tiles).toContain('96.0%');
    expect(tiles).toContain('10.0%'); // 退单率
    expect(byTestId('chart-hotline-daily')?.querySelectorAll('rect').length).toBe(30); // one column per day, zero days too
    const classes = byTestId('chart-hotline-classes')?.textContent ?? '';
    expect(classes.indexOf('供水')).toBeLessThan(classes.indexOf('消费维权'));
    expect(classes).toContain('70 件 · 58.3%');
    expect(section.textContent ?? '').not.toMatch(/water|consumer|verySatisfied/);
    unmount?.();
    show(SUPERVISOR, () => ({ json: stats({ hotline: { ...hotline, orders: 0, byClass: [], daily: [] } }) }));
    await waitForTestId('stats-body');
    expect(byTestId('stats-hotline')).toBeNull();
  });

  it('each chart has its table; 导出 CSV fetches the export with the session and names the file', async () => {
    show(SUPERVISOR, () => ({ json: stats() }));
    await waitForTestId('stats-body');
    click(byTestId('stats-departments-toggle') as HTMLElement);
    const table = await waitForTestId('stats-departments-table');
    expect(table.querySelectorAll('tbody tr').length).toBe(2);
    expect(table.textContent).toContain('宁波市鄞州区人力资源和社会保障局');
    server.routes['GET /api/stats/export'] = () => ({ text: '\ufeff部门,办结\n', headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
    let saved = '';
    const realClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved = this.download;
    };
    try {
      click(byTestId('stats-departments-csv') as HTMLElement);
      await waitFor(() => toasts.length > 0, 'toast');
    } finally {
      HTMLAnchorElement.prototype.click = realClick;
    }
    const req = server.requests.find((r) => r.path === '/api/stats/export');
    expect(req?.query.get('table')).toBe('departments');
    expect(req?.query.get('from')).toBe(server.requests[0].query.get('from'));
    expect(req?.headers.authorization).toBe('Bearer tok');
    expect(saved).toMatch(/^统计_鄞州区_各部门按时率_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(toasts[0]).toContain('已导出');
  });

  it('a failed export says why in Chinese', async () => {
    show(SUPERVISOR, () => ({ json: stats() }));
    await waitForTestId('stats-body');
    server.routes['GET /api/stats/export'] = () => ({ status: 403, json: { code: 'FORBIDDEN', message: '无权查看该区统计' } });
    click(byTestId('stats-items-csv') as HTMLElement);
    await waitFor(() => toasts.length > 0, 'toast');
    expect(toasts[0]).toBe('无权查看该区统计');
  });

  it('a period without cases: the empty state in Chinese', async () => {
    const zero = { accepted: 0, completed: 0, onTime: 0, late: 0, withdrawn: 0, inProgress: 0, overdueOpen: 0, onTimeRate: null };
    const none = {
      rated: 0, counts: { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 },
      satisfiedRate: null, bad: 0, badClosed: 0, badClosedOnTime: 0, badClosureRate: null,
    };
    show(SUPERVISOR, () => ({ json: stats({ totals: zero, byDepartment: [], byServicePoint: [], items: [], satisfaction: none }) }));
    expect((await waitForTestId('stats-empty')).textContent).toContain('暂无办件');
  });

  it('an error: the server\'s message and 重试', async () => {
    show(SUPERVISOR, () => ({ status: 500, json: { code: 'INTERNAL', message: '服务暂时不可用' } }));
    expect((await waitForTestId('error')).textContent).toContain('统计数据加载失败：服务暂时不可用');
    server.routes['GET /api/stats'] = () => ({ json: stats() });
    click(byTestId('retry') as HTMLElement);
    await waitForTestId('stats-body');
  });

  it('the city\'s leader picks 宁波市全市 or a district; the period picker changes the query', async () => {
    show(CITY_LEADER, () => ({ json: stats({ scope: { district: '330200', name: '宁波市（全市）' } }) }));
    await waitForTestId('stats-body');
    expect(server.requests[0].query.get('district')).toBe('330200');
    const select = byTestId('stats-district') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(expect.arrayContaining(['宁波市全市', '鄞州区', '海曙区']));
    select.value = '330203';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => server.requests.some((r) => r.query.get('district') === '330203'), 'a request for 海曙区');
    click(byTestId('seg-month') as HTMLElement);
    await waitFor(() => server.requests.some((r) => r.query.get('granularity') === 'month'), 'by month');
    click(byTestId('seg-thisMonth') as HTMLElement);
    await waitFor(() => server.requests.some((r) => /-01$/.test(r.query.get('from') ?? '')), 'from the 1st');
  });

  it('by week: the axis says 第45周; at most 10 departments drawn, the rest in the table', async () => {
    const weeks = ['2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'].map((w, i) => ({ period: w, label: w.replace('-W', '年第') + '周', accepted: 30 + i, completed: 20 + i }));
    const many = Array.from({ length: 14 }, (_, i) => ({
      department: 'd' + i, name: '测试部门' + i, districtName: '鄞州区', done: 10, onTime: 10 - (i % 3), late: i % 3, onTimeRate: (10 - (i % 3)) / 10,
    }));
    show(SUPERVISOR, () => ({ json: stats({ granularity: 'week', series: weeks, byDepartment: many }) }));
    await waitForTestId('stats-body');
    expect(byTestId('chart-volume')?.textContent).toContain('第45周');
    expect(byTestId('chart-departments')?.querySelectorAll('text').length).toBe(20);
    expect(byTestId('stats-departments')?.textContent).toContain('另有 4 个部门按时率更高，见表格');
  });

  it('a supervisor has no district picker', async () => {
    show(SUPERVISOR, () => ({ json: stats() }));
    await waitForTestId('stats-body');
    expect(byTestId('stats-district')).toBeNull();
  });
});

describe('tabs', () => {
  it('a leader sees 统计 (home) and 我的 only; supervisors and auditors keep their home', () => {
    expect(visibleTabs(['leader']).map((p) => p.tab?.label)).toEqual(['统计', '我的']);
    expect(homeTab(['leader'])?.path).toBe('/stats');
    expect(visibleTabs(['supervisor']).map((p) => p.tab?.label)).toContain('统计');
    expect(homeTab(['supervisor'])?.path).toBe('/supervise');
    expect(homeTab(['auditor'])?.path).toBe('/audit');
    expect(visibleTabs(['clerk']).map((p) => p.tab?.label)).not.toContain('统计');
  });
});
