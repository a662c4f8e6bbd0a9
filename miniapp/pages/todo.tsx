import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Segments } from '../components/Segments';
import { providePage } from '../router';
import { QueueList } from './QueueList';
import type { QueuePage } from './types';

const PATHS: Record<string, string> = {
  mine: '/api/queues/mine',
  ready: '/api/queues/department?state=ready',
  countersign: '/api/queues/department?state=countersign',
};

/** 待办: my sub-tasks, my department's unclaimed ones, and (signers) those waiting for a countersign. */
export function TodoPage() {
  const { api, staff } = useApp();
  const [seg, setSeg] = useState('mine');
  const [counts, setCounts] = useState<QueuePage['counts'] | null>(null);
  const items = [
    { key: 'mine', label: '我的待办', count: counts ? counts.mine : undefined },
    { key: 'ready', label: '部门待签收', count: counts ? counts.department : undefined },
  ];
  if (staff.roles.indexOf('signer') >= 0) items.push({ key: 'countersign', label: '待会签', count: undefined });
  return (
    <div class="lb-page" data-testid="page-todo">
      <Segments items={items} value={seg} onChange={setSeg} />
      {counts && (counts.warning || counts.overdue) ? (
        <div class="lb-banner lb-banner--warn" data-testid="todo-alerts">
          {counts.overdue ? '超期 ' + counts.overdue + ' 件 ' : ''}
          {counts.warning ? '临近期限 ' + counts.warning + ' 件' : ''}
        </div>
      ) : null}
      <QueueList
        deps={[seg]}
        emptyText={seg === 'mine' ? '暂无待办，下拉刷新' : '部门暂无待签收事项'}
        onCounts={setCounts}
        load={(cursor) => {
          const path = PATHS[seg];
          return api.get<QueuePage>(path, { cursor: cursor || undefined, limit: 20 });
        }}
      />
    </div>
  );
}

providePage('/todo', TodoPage);
