import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { showForm } from '../components/FormSheet';
import { Segments } from '../components/Segments';
import { useLoader } from '../lib/useLoader';
import { navigate, providePage } from '../router';
import { QueueList } from './QueueList';
import type { QueueItem, QueuePage } from './types';

interface Counts {
  running: number;
  warning: number;
  overdue: number;
  doneOnTime: number;
  doneLate: number;
}

interface Overview {
  district: string;
  counts: Counts;
  byDepartment: ({ department: string; departmentName?: string } & Partial<Counts>)[];
}

const TILES: { key: keyof Counts; label: string; tone: string }[] = [
  { key: 'running', label: '在办', tone: 'blue' },
  { key: 'warning', label: '预警', tone: 'orange' },
  { key: 'overdue', label: '超期', tone: 'red' },
  { key: 'doneOnTime', label: '按时办结', tone: 'green' },
];

/** The district's workload per department: a bar per department, split by deadline state. */
function Workload(props: { rows: Overview['byDepartment'] }) {
  const rows = props.rows.filter((r) => (r.running || 0) + (r.doneOnTime || 0) + (r.doneLate || 0) > 0);
  if (!rows.length) return null;
  const max = Math.max.apply(null, rows.map((r) => (r.running || 0) + (r.doneOnTime || 0) + (r.doneLate || 0)));
  const seg = (n: number | undefined, tone: string) => (n ? <span class={'lb-bar__seg lb-bg--' + tone} style={{ width: (100 * n) / max + '%' }} /> : null);
  return (
    <Card title="各部门办件" testid="workload">
      {rows.map((r) => {
        const normal = (r.running || 0) - (r.warning || 0) - (r.overdue || 0);
        const done = (r.doneOnTime || 0) + (r.doneLate || 0);
        return (
          <div class="lb-bar" key={r.department}>
            <div class="lb-bar__label">
              {r.departmentName || r.department}
              <span class="lb-bar__rate">{'在办 ' + (r.running || 0) + (done ? ' · 按时率 ' + Math.round((100 * (r.doneOnTime || 0)) / done) + '%' : '')}</span>
            </div>
            <div class="lb-bar__track">
              {seg(r.overdue, 'red')}
              {seg(r.warning, 'orange')}
              {seg(normal > 0 ? normal : 0, 'blue')}
              {seg(done, 'green')}
            </div>
          </div>
        );
      })}
    </Card>
  );
}

/** 督办: the district's counts, the overdue and warning lists, and 催办 (a work notification to the handler). */
export function SupervisePage() {
  const { api, platform } = useApp();
  const [level, setLevel] = useState('overdue');
  const overview = useLoader(() => api.get<Overview>('/api/supervision/overview'), []);
  const urge = async (q: QueueItem, reload: () => Promise<void>) => {
    const v = await showForm('催办 · ' + q.itemName, [{ key: 'text', label: '催办内容', type: 'text', required: true, maxLength: 500, multiline: true }], '发送', '将以工作通知提醒承办部门及经办人。');
    if (!v) return;
    const path = '/api/subtasks/' + encodeURIComponent(q.caseId) + '/' + encodeURIComponent(q.itemId);
    try {
      const d = await api.get<{ subTask: { version: number } }>(path);
      await api.post(path + '/actions', { command: { type: 'urge', text: v.text }, expectedVersion: d.subTask.version });
      platform.toast('已催办', 'success').catch(() => undefined);
      await reload();
    } catch (e) {
      platform.toast((e as Error).message, 'error').catch(() => undefined);
    }
  };
  const c = overview.data ? overview.data.counts : null;
  return (
    <div class="lb-page" data-testid="page-supervise">
      <div class="lb-card lb-tiles" data-testid="overview">
        {TILES.map((t) => (
          <div class="lb-tile" key={t.key}>
            <div class={'lb-tile__num lb-fg--' + t.tone} data-testid={'overview-' + t.key}>
              {c ? c[t.key] : '–'}
            </div>
            <div class="lb-tile__label">{t.label}</div>
          </div>
        ))}
      </div>
      {overview.error ? <div class="lb-banner lb-banner--error">{overview.error}</div> : null}
      {/* 81812345 热线工单 (issue 15): overdue, reopened and escalated orders on their own page */}
      <Card title="热线督办" extra={<span class="lb-link">查看 ›</span>} testid="hotline-supervise-entry" onClick={() => navigate('/hotline/supervise')}>
        <div class="lb-meta">81812345 热线工单：超期、重办、升级督办的工单和热点事件</div>
      </Card>
      {overview.data ? <Workload rows={overview.data.byDepartment} /> : null}
      <Segments
        items={[
          { key: 'overdue', label: '超期', count: c ? c.overdue : undefined },
          { key: 'warning', label: '预警', count: c ? c.warning : undefined },
        ]}
        value={level}
        onChange={setLevel}
      />
      <QueueList
        deps={[level]}
        emptyText={level === 'overdue' ? '本区暂无超期事项' : '本区暂无预警事项'}
        load={(cursor) => api.get<QueuePage>('/api/queues/overdue', { level, cursor: cursor || undefined, limit: 20 })}
        action={(q, reload) => (
          <div class="lb-card__actions" onClick={(e) => e.stopPropagation()}>
            <Button size="small" kind="primary" testid={'urge-' + q.caseId + '-' + q.itemId} onClick={() => urge(q, reload)}>
              催办
            </Button>
          </div>
        )}
      />
    </div>
  );
}

providePage('/supervise', SupervisePage);
