export interface Segment {
  key: string;
  label: string;
  count?: number;
}

/** A badge count as shown: the server counts up to 100, so 100 reads "99+" (at least that many). */
export function badgeText(n: number): string {
  return n >= 100 ? '99+' : String(n);
}

/** A row of segment tabs (我的待办 / 部门待签收 …) with a red count badge when something is waiting. */
export function Segments(props: { items: Segment[]; value: string; onChange: (key: string) => void }) {
  return (
    <div class="lb-seg" role="tablist">
      {props.items.map((s) => (
        <button
          type="button"
          key={s.key}
          role="tab"
          aria-selected={s.key === props.value}
          class={'lb-seg__item' + (s.key === props.value ? ' lb-seg__item--on' : '')}
          data-testid={'seg-' + s.key}
          onClick={() => props.onChange(s.key)}
        >
          {s.label}
          {s.count ? <span class="lb-seg__count" data-testid={'count-' + s.key}>{badgeText(s.count)}</span> : null}
        </button>
      ))}
    </div>
  );
}
