/**
 * 导出 CSV: GET /api/stats/export?table=… fetched with the session (Bearer) and saved through a Blob link.
 * The 浙政钉 / DingTalk webviews have no download of their own for a Blob; there the same link is tried and
 * the toast says to export on the desktop client if nothing was saved.
 */
import type { ApiClient, Query } from '../../api';
import type { Platform } from '../../platform/types';
import type { ExportTable } from './types';

const TABLE_NAMES: Record<ExportTable, string> = {
  series: '受理办结趋势',
  hotlineDaily: '热线工单日受理量',
  hotlineClasses: '热线工单分类',
  hotlineSummary: '热线工单办理',
  bundles: '各一件事',
  departments: '各部门按时率',
  servicePoints: '各受理点',
  channels: '各渠道',
  items: '事项办理时长',
  satisfaction: '好差评',
};

export function csvFileName(table: ExportTable, scopeName: string, from: string, to: string): string {
  return '统计_' + scopeName + '_' + TABLE_NAMES[table] + '_' + from + '_' + to + '.csv';
}

export async function exportCsv(api: ApiClient, platform: Platform, table: ExportTable, query: Query, fileName: string): Promise<void> {
  const blob = await api.blob('/api/stats/export', Object.assign({ table }, query));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
  const hint = platform.name === 'local' ? '已导出 ' + fileName : '已导出；如未保存，请在电脑端打开本页导出';
  platform.toast(hint, 'success').catch(() => undefined);
}
