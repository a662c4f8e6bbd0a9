/**
 * 热线工单 (`/hotline/work`, department staff): the department's 待签收 (list `incoming`) and 办理中 (`active`);
 * 热线督办 (`/hotline/supervise`, supervisors): open assignments, overdue first (`supervise`), and the open
 * 热点事件. Rows open the order page.
 */
import { useState } from 'preact/hooks';
import { Segments } from '../../components/Segments';
import { OrderList } from './rows';

interface Tab {
  key: string;
  label: string;
  empty: string;
}

function Lists(props: { tabs: Tab[]; testid: string }) {
  const [seg, setSeg] = useState(props.tabs[0].key);
  const t = props.tabs.filter((x) => x.key === seg)[0];
  return (
    <div class="lb-page" data-testid={props.testid} data-segment={seg}>
      <Segments items={props.tabs.map((x) => ({ key: x.key, label: x.label }))} value={seg} onChange={setSeg} />
      <OrderList key={seg} list={seg} empty={t.empty} />
    </div>
  );
}

export function DepartmentOrdersPage() {
  return (
    <Lists
      testid="page-hotline-work"
      tabs={[
        { key: 'incoming', label: '待签收', empty: '本部门暂无待签收的热线工单' },
        { key: 'active', label: '办理中', empty: '本部门暂无办理中的热线工单' },
      ]}
    />
  );
}

export function SuperviseOrdersPage() {
  return (
    <Lists
      testid="page-hotline-supervise"
      tabs={[
        { key: 'supervise', label: '督办工单', empty: '本区暂无需督办的热线工单' },
        { key: 'events', label: '热点事件', empty: '暂无进行中的热点事件' },
      ]}
    />
  );
}
