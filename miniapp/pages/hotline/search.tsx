import { useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import { OrderRowView } from './rows';
import type { OrderRow } from './types';

/** 查询工单: by order id or the last 4 digits of the caller's number (GET /api/hotline/orders?q=); the query is cleared after. */
export function OrderSearch() {
  const { api } = useApp();
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<OrderRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const text = q.trim();
    if (text.length < 4) {
      setError('请输入工单号或来电号码后 4 位');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setRows((await api.get<{ rows: OrderRow[] }>('/api/hotline/orders', { q: text })).rows);
      setQ('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style="margin:0 12px 12px" data-testid="hl-search">
      <div class="lb-hl-add">
        <input
          class="lb-input"
          type="search"
          value={q}
          autoComplete="off"
          placeholder="工单号或来电号码后 4 位"
          data-testid="hl-search-q"
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === 'Enter' && run()}
        />
        <Button size="middle" loading={busy} testid="hl-search-go" onClick={run}>查询</Button>
      </div>
      {error ? <div class="lb-field__msg" role="alert">{error}</div> : null}
      {rows ? (
        <div style="margin:8px -12px 0" data-testid="hl-search-rows">
          {rows.length ? rows.map((r) => <OrderRowView key={r.orderId} row={r} />) : <div class="lb-empty--small">没有找到工单</div>}
          <a class="lb-link" style="margin-left:12px" onClick={() => setRows(null)}>收起查询结果</a>
        </div>
      ) : null}
    </div>
  );
}
