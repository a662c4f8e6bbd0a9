import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Empty, ErrorState, Loading } from '../../components/State';
import { Tag } from '../../components/Tag';
import { formatDateTime } from '../../lib/dates';
import { useLoader } from '../../lib/useLoader';
import type { OrderRow, RowPage } from './types';

export function orderPath(id: string): string {
  return '/hotline/orders/' + encodeURIComponent(id);
}

/** 超期 red, 预警 amber; nothing for a row on time. */
export function LevelTag(props: { level: string }) {
  if (props.level === 'overdue') return <Tag tone="red" testid="level-overdue">超期</Tag>;
  if (props.level === 'warning') return <Tag tone="orange" testid="level-warning">预警</Tag>;
  return null;
}

/** One order in a list: item, subject (masked phone · content), who has it, due, level, 紧急 / 重办 / 升级督办. */
export function OrderRowView(props: { row: OrderRow; callback?: boolean }) {
  const r = props.row;
  const due = !!props.callback && !!r.dueAt && Date.parse(r.dueAt) <= Date.now();
  const cls = 'lb-hl-row' + (due ? ' lb-hl-row--due' : r.level === 'overdue' ? ' lb-hl-row--overdue' : r.level === 'warning' ? ' lb-hl-row--warning' : '');
  return (
    <a class={cls} href={'#' + orderPath(r.orderId)} data-testid={'row-' + r.orderId} data-level={r.level} data-due={due ? 'true' : 'false'}>
      <div class="lb-hl-row__head">
        <span class="lb-hl-row__title">{r.title ? r.title : r.className + ' › ' + r.itemName}</span>
        <span class="lb-hl-row__id">{r.orderId}</span>
      </div>
      <div class="lb-hl-row__subject">{r.subject}</div>
      <div class="lb-hl-row__tags">
        <Tag tone={r.state === 'closed' ? 'grey' : r.state === 'returned' ? 'orange' : 'blue'}>{r.stateLabel}</Tag>
        {r.urgency === 'urgent' ? <Tag tone="red">紧急</Tag> : null}
        {r.reopened ? <Tag tone="orange">重办</Tag> : null}
        {r.escalated ? <Tag tone="red">已升级督办</Tag> : null}
        {due ? <Tag tone="orange" testid="callback-due">已到回拨时间</Tag> : null}
        <LevelTag level={r.level} />
        {r.departmentName ? <span>{r.departmentName + ' '}</span> : null}
        {r.dueAt ? <span>{(props.callback ? '回拨 ' : '时限 ') + formatDateTime(r.dueAt)}</span> : null}
      </div>
    </a>
  );
}

/** A hotline list (GET /api/hotline/lists/:list) with 加载更多 / 刷新. */
export function OrderList(props: { list: string; empty: string; callback?: boolean; testid?: string }) {
  const { api } = useApp();
  const [more, setMore] = useState<{ rows: OrderRow[]; next: string | null; busy: boolean; error: string | null } | null>(null);
  const path = '/api/hotline/lists/' + props.list;
  const first = useLoader(async () => {
    const page = await api.get<RowPage>(path);
    setMore(null);
    return page;
  }, [path]);
  const { data, error, reload } = first;
  let body;
  if (error && !data) body = <ErrorState message={error} onRetry={reload} />;
  else if (!data) body = <Loading />;
  else {
    const rows = data.rows.concat(more ? more.rows : []);
    const next = more ? more.next : data.next;
    const loadMore = () => {
      const had = more ? more.rows : [];
      setMore({ rows: had, next, busy: true, error: null });
      api.get<RowPage>(path, { cursor: next }).then(
        (p) => setMore({ rows: had.concat(p.rows), next: p.next, busy: false, error: null }),
        (e: Error) => setMore({ rows: had, next, busy: false, error: e.message }),
      );
    };
    body = (
      <div>
        {error ? <div class="lb-banner lb-banner--error" role="alert">{error}</div> : null}
        {rows.length ? rows.map((r) => <OrderRowView key={r.orderId + '/' + (r.assignmentId || '')} row={r} callback={props.callback} />) : <Empty text={props.empty} />}
        {more && more.error ? <div class="lb-banner lb-banner--error">{more.error}</div> : null}
        <button type="button" class="lb-more" data-testid={next ? 'load-more' : 'refresh'} disabled={!!(more && more.busy) || first.loading} onClick={next ? loadMore : reload}>
          {more && more.busy ? '加载中…' : next ? '加载更多' : '刷新'}
        </button>
      </div>
    );
  }
  return (
    <div data-testid={props.testid || 'hotline-list'} data-list={props.list} data-loading={first.loading ? 'true' : 'false'}>
      {body}
    </div>
  );
}
