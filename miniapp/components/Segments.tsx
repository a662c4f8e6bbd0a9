export interface Segment {
  key: string;
  label: string;
  count?: number;
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
          {s.count ? <span class="lb-seg__count" data-testid={'count-' + s.key}>{s.count}</span> : null}
        </button>
      ))}
    </div>
  );
}
