import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../lib/dates';
import type { TagTone } from './Tag';

export interface TimelineEntry {
  id: string;
  /** The verb, e.g. 签收 / 转交 / 办结. */
  title: string;
  actor?: string;
  /** ISO instant or epoch ms. */
  time: string | number;
  remark?: ComponentChildren;
  tone?: TagTone;
}

/** Records of a case or sub-task, newest first as given, each with a coloured dot (DingTalk 审批记录). */
export function Timeline(props: { entries: TimelineEntry[]; emptyText?: string; testid?: string }) {
  if (!props.entries.length) return <div class="lb-empty lb-empty--small">{props.emptyText || '暂无记录'}</div>;
  return (
    <ol class="lb-timeline" data-testid={props.testid || 'timeline'}>
      {props.entries.map((e, i) => (
        <li class={'lb-timeline__item' + (i === props.entries.length - 1 ? ' lb-timeline__item--last' : '')} key={e.id} data-testid="timeline-entry">
          <span class={'lb-timeline__dot lb-timeline__dot--' + (e.tone || 'blue')} />
          <div class="lb-timeline__main">
            <div class="lb-timeline__head">
              <span class="lb-timeline__title">
                {e.actor ? <span class="lb-timeline__actor">{e.actor}</span> : null}
                {e.title}
              </span>
              <time class="lb-timeline__time">{formatDateTime(e.time)}</time>
            </div>
            {e.remark ? <div class="lb-timeline__remark">{e.remark}</div> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
