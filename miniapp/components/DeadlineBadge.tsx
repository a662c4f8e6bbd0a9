import { deadlineText, deadlineTone, type DeadlineLevel } from '../lib/deadline';

interface DeadlineBadgeProps {
  level: DeadlineLevel;
  remainingWorkingDays: number;
  /** Due date `YYYY-MM-DD`, shown as a tooltip. */
  dueDate?: string;
  /** The due date lies past the last published holiday calendar (待定). */
  provisional?: boolean;
}

/** Deadline colour for lists: normal blue, warning orange, overdue red, paused grey. */
export function DeadlineBadge(props: DeadlineBadgeProps) {
  const tone = deadlineTone(props.level, props.remainingWorkingDays);
  const title = props.dueDate ? '办理期限 ' + props.dueDate + (props.provisional ? '（节假日未公布，暂定）' : '') : undefined;
  return (
    <span class={'lb-deadline lb-tag lb-tag--' + tone} title={title} data-testid="deadline" data-level={props.level}>
      {deadlineText(props.level, props.remainingWorkingDays)}
      {props.provisional ? '（暂定）' : ''}
    </span>
  );
}
