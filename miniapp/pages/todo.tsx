import { useState } from 'preact/hooks';
import { useApp } from '../app/context';
import { Segments, badgeText } from '../components/Segments';
import { providePage } from '../router';
import { QueueList } from './QueueList';
import type { QueuePage } from './types';

type Counts = QueuePage['counts'];

/** The segments of 待办: list, label, the count it shows, the empty text, and who has it. */
const SEGMENTS: { key: string; label: string; path: string; count: keyof Counts; empty: string; roles: string[] }[] = [
  { key: 'mine', label: '我的待办', path: '/api/queues/mine', count: 'mine', empty: '暂无待办，下拉刷新', roles: ['handler', 'signer'] },
  { key: 'ready', label: '部门待签收', path: '/api/queues/department?state=ready', count: 'department', empty: '部门暂无待签收事项', roles: ['handler', 'signer'] },
  { key: 'countersign', label: '待会签', path: '/api/queues/department?state=countersign', count: 'countersign', empty: '暂无待会签事项', roles: ['signer'] },
  { key: 'extension', label: '延期审批', path: '/api/queues/extension', count: 'extension', empty: '暂无待审批的延期申请', roles: ['signer'] },
  { key: 'correction', label: '待补正', path: '/api/queues/correction', count: 'correction', empty: '暂无退回补正的事项', roles: ['clerk'] },
];

/**
 * 待办: my sub-tasks, my department's unclaimed ones, (signers) those waiting for a countersign and the
 * extension requests to decide, (window clerks) the sub-tasks returned for correction. Opens on the first
 * segment that has work, once the counts are in.
 */
export function TodoPage() {
  const { api, staff } = useApp();
  const segs = SEGMENTS.filter((s) => s.roles.some((r) => staff.roles.indexOf(r) >= 0));
  const [seg, setSeg] = useState(segs.length ? segs[0].key : 'mine');
  const [chosen, setChosen] = useState(false);
  const [counts, setCounts] = useState<Counts | null>(null);
  const current = segs.filter((s) => s.key === seg)[0] || SEGMENTS[0];
  const onCounts = (c: Counts) => {
    setCounts(c);
    if (chosen) return;
    setChosen(true);
    const busy = segs.filter((s) => (c[s.count] || 0) > 0)[0];
    if (busy && !c[current.count]) setSeg(busy.key);
  };
  const pick = (key: string) => {
    setChosen(true);
    setSeg(key);
  };
  return (
    <div class="lb-page" data-testid="page-todo" data-segment={seg}>
      <Segments items={segs.map((s) => ({ key: s.key, label: s.label, count: counts ? counts[s.count] || 0 : undefined }))} value={seg} onChange={pick} />
      {counts && (counts.warning || counts.overdue) ? (
        <div class="lb-banner lb-banner--warn" data-testid="todo-alerts">
          {counts.overdue ? '超期 ' + badgeText(counts.overdue) + ' 件 ' : ''}
          {counts.warning ? '临近期限 ' + badgeText(counts.warning) + ' 件' : ''}
        </div>
      ) : null}
      <QueueList
        deps={[seg]}
        emptyText={current.empty}
        onCounts={onCounts}
        load={(cursor) => api.get<QueuePage>(current.path, { cursor: cursor || undefined, limit: 20 })}
      />
    </div>
  );
}

providePage('/todo', TodoPage);
