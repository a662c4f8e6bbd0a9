/**
 * 热线受理台 (`/hotline`, operators' home): the call form on the left and the operator's queues on the right
 * (≥ 1024 px; one column below). After 登记 the order's id links to its page and the form is empty for the
 * next call.
 */
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Segments } from '../../components/Segments';
import { ErrorState, Loading } from '../../components/State';
import { useLoader } from '../../lib/useLoader';
import { DeskForm } from './deskForm';
import { loadPlaces } from './places';
import { OrderList, orderPath } from './rows';
import { OrderSearch } from './search';
import type { HotlineCatalog, OrderView } from './types';

const QUEUES = [
  { key: 'callback', label: '待回拨', empty: '暂无待回拨的来电' },
  { key: 'returned', label: '退单待改派', empty: '暂无退单' },
  { key: 'visit', label: '待回访', empty: '暂无待回访的工单' },
  { key: 'events', label: '热点事件', empty: '暂无进行中的热点事件' },
];

function Queues(props: { round: number }) {
  const [seg, setSeg] = useState('callback');
  const q = QUEUES.filter((x) => x.key === seg)[0];
  return (
    <div data-testid="hl-queues" data-segment={seg}>
      <Segments items={QUEUES.map((x) => ({ key: x.key, label: x.label }))} value={seg} onChange={setSeg} />
      <OrderList key={seg + props.round} list={seg} empty={q.empty} callback={seg === 'callback'} />
    </div>
  );
}

export function DeskPage() {
  const { api } = useApp();
  const catalog = useLoader(() => api.get<HotlineCatalog>('/api/hotline/catalog'), []);
  const places = useLoader(() => loadPlaces(api), []);
  const [recorded, setRecorded] = useState<OrderView | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.add('lb-wide');
    return () => root.classList.remove('lb-wide');
  }, []);
  const onRecorded = (order: OrderView) => {
    setRecorded(order);
    setRound((n) => n + 1);
  };
  let form;
  if (catalog.error && !catalog.data) form = <ErrorState message={'热线事项目录加载失败：' + catalog.error} onRetry={catalog.reload} />;
  else if (!catalog.data) form = <Loading />;
  else form = <DeskForm catalog={catalog.data} places={places.data || null} placesError={places.error ? '镇（街道）加载失败：' + places.error : null} onRecorded={onRecorded} />;
  return (
    <div class="lb-hl-desk" data-testid="page-hotline-desk">
      <div class="lb-hl-col lb-hl-col--form">
        {recorded ? (
          <div class="lb-hl-done" role="status" data-testid="hl-recorded" data-order={recorded.id}>
            {'已登记工单 ' + recorded.id + ' · ' + recorded.itemName + ' · ' + recorded.stateLabel}
            <a href={'#' + orderPath(recorded.id)} data-testid="hl-recorded-link">查看工单</a>
          </div>
        ) : null}
        {form}
      </div>
      <div class="lb-hl-col lb-hl-col--side">
        <OrderSearch />
        <Queues round={round} />
      </div>
    </div>
  );
}
