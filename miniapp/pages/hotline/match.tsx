import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app/context';
import { Button } from '../../components/Button';
import type { EventMatch } from './types';

/** 内容至少这么多字才去匹配热点事件. */
const MIN_CONTENT = 6;
const DEBOUNCE_MS = 600;

/**
 * Open 热点事件 the call may belong to: POST /api/hotline/events/match, debounced, once the item is chosen and the
 * content has ≥ 6 characters. Each match offers 「并入此事件」.
 */
export function useEventMatches(input: { classId: string; itemId: string; town: string; content: string } | null): EventMatch[] {
  const { api } = useApp();
  const [matches, setMatches] = useState<EventMatch[]>([]);
  const key = input && input.content.trim().length >= MIN_CONTENT ? JSON.stringify(input) : '';
  useEffect(() => {
    if (!input || !key) {
      setMatches([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      api.post<{ matches: EventMatch[] }>('/api/hotline/events/match', { classId: input.classId, itemId: input.itemId, town: input.town || null, content: input.content.trim() }).then(
        (r) => live && setMatches(r.matches),
        () => live && setMatches([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key]);
  return matches;
}

export function MatchCard(props: { matches: EventMatch[]; chosen: string | null; onMerge: (m: EventMatch) => void }) {
  if (!props.matches.length) return null;
  return (
    <div class="lb-hl-match" data-testid="hl-matches" role="status">
      <div style="font-size:13px;color:#b86800;margin-bottom:2px">这通来电可能与以下热点事件有关：</div>
      {props.matches.map((m) => (
        <div class="lb-hl-match__row" key={m.orderId} data-testid={'hl-match-' + m.orderId}>
          <span class="lb-hl-match__text">
            <b>{m.title}</b>
            <span class="lb-hl-match__why">{m.reasons.join('、') + (m.merged ? ' · 已并入 ' + m.merged + ' 件' : '') + ' · ' + m.orderId}</span>
          </span>
          {props.chosen === m.orderId ? (
            <span style="color:#007a2e;font-size:14px">已选择并单</span>
          ) : (
            <Button size="small" kind="primary" testid={'hl-merge-' + m.orderId} onClick={() => props.onMerge(m)}>
              并入此事件
            </Button>
          )}
        </div>
      ))}
    </div>
  );
}
