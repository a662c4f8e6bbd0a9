import type { TagTone } from '../components/Tag';

/** Sub-task states (DESIGN: Lifecycles) with their 中文 labels and tag colours. */
export const SUBTASK_STATES: Record<string, { label: string; tone: TagTone }> = {
  waiting: { label: '待前置办结', tone: 'grey' },
  ready: { label: '待签收', tone: 'orange' },
  claimed: { label: '办理中', tone: 'blue' },
  returned: { label: '退回补正中', tone: 'orange' },
  suspended: { label: '中止', tone: 'grey' },
  countersigning: { label: '待会签', tone: 'orange' },
  done: { label: '已办结', tone: 'green' },
  refused: { label: '不予受理', tone: 'red' },
  cancelled: { label: '已终止', tone: 'grey' },
};

/** Case states. */
export const CASE_STATES: Record<string, { label: string; tone: TagTone }> = {
  accepted: { label: '办理中', tone: 'blue' },
  completed: { label: '已办结', tone: 'green' },
  closed: { label: '已终结', tone: 'red' },
  withdrawn: { label: '已撤销', tone: 'grey' },
};
