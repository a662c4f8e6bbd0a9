import type { ComponentChildren } from 'preact';
import { Card } from '../components/Card';
import { DeadlineBadge } from '../components/DeadlineBadge';
import { StateTag } from '../components/Tag';
import { navigate } from '../router';
import type { QueueItem } from './types';

/** One sub-task of a queue: item, case, masked subject, state and deadline colour. */
export function QueueCard(props: { item: QueueItem; footer?: ComponentChildren }) {
  const q = props.item;
  return (
    <Card
      testid={'queue-item-' + q.caseId + '-' + q.itemId}
      title={q.itemName}
      extra={<StateTag state={q.state} />}
      onClick={() => navigate('/subtasks/' + encodeURIComponent(q.caseId) + '/' + encodeURIComponent(q.itemId))}
      footer={props.footer}
    >
      <div class="lb-meta">
        {q.bundleName} · {q.caseId}
      </div>
      <div class="lb-meta">{q.subject}</div>
      <div class="lb-meta">
        <DeadlineBadge level={q.level} remainingWorkingDays={q.remainingDays === null ? 0 : q.remainingDays} dueDate={q.due || undefined} />
        {q.due ? <span class="lb-meta__due">期限 {q.due}</span> : null}
      </div>
    </Card>
  );
}
