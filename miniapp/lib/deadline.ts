/**
 * How a sub-task's working-day deadline (时限) is shown. The server computes the level and the
 * remaining working days (it owns the holiday calendar); the client only words and colours them.
 */
export type DeadlineLevel = 'normal' | 'warning' | 'overdue' | 'paused';

export function deadlineText(level: DeadlineLevel, remainingWorkingDays: number): string {
  if (level === 'paused') return '已暂停计时';
  if (level === 'overdue' || remainingWorkingDays < 0) return '超期 ' + Math.max(1, Math.abs(remainingWorkingDays)) + ' 个工作日';
  if (remainingWorkingDays === 0) return '今日到期';
  return '剩 ' + remainingWorkingDays + ' 个工作日';
}

export function deadlineTone(level: DeadlineLevel, remainingWorkingDays: number): 'blue' | 'orange' | 'red' | 'grey' {
  if (level === 'paused') return 'grey';
  if (level === 'overdue' || remainingWorkingDays < 0) return 'red';
  if (level === 'warning') return 'orange';
  return 'blue';
}
