import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

const TRIGGER = 60;

function scrollTop(): number {
  const el = document.scrollingElement || document.documentElement;
  return (el && el.scrollTop) || window.pageYOffset || 0;
}

/** Pull down at the top of the page to refresh (touch). Desktop users get the list's 刷新 link. */
export function PullToRefresh(props: { onRefresh: () => Promise<void>; children: ComponentChildren }) {
  const [pull, setPull] = useState(0);
  const [refreshing, setRefreshing] = useState(false);
  const start = useRef<number | null>(null);

  const onTouchStart = (e: TouchEvent) => {
    start.current = !refreshing && scrollTop() <= 0 ? e.touches[0].clientY : null;
  };
  const onTouchMove = (e: TouchEvent) => {
    if (start.current === null) return;
    const dy = e.touches[0].clientY - start.current;
    setPull(dy > 0 ? Math.min(dy / 2, TRIGGER * 1.5) : 0);
  };
  const onTouchEnd = () => {
    const go = pull >= TRIGGER;
    start.current = null;
    setPull(0);
    if (!go) return;
    setRefreshing(true);
    props.onRefresh().then(
      () => setRefreshing(false),
      () => setRefreshing(false),
    );
  };
  const label = refreshing ? '刷新中…' : pull >= TRIGGER ? '释放刷新' : '下拉刷新';
  const height = refreshing ? 40 : pull;
  return (
    <div onTouchStart={onTouchStart} onTouchMove={onTouchMove} onTouchEnd={onTouchEnd} data-testid="pull-to-refresh">
      <div class="lb-ptr" style={{ height: height + 'px' }} aria-hidden={height ? undefined : true}>
        {height ? label : null}
      </div>
      {props.children}
    </div>
  );
}
