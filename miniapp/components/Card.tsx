import type { ComponentChildren } from 'preact';

interface CardProps {
  title?: ComponentChildren;
  /** Top-right slot, typically a status tag. */
  extra?: ComponentChildren;
  children?: ComponentChildren;
  footer?: ComponentChildren;
  onClick?: () => void;
  testid?: string;
}

/** White rounded card on the grey page (12 px outer margin, 16 px padding). */
export function Card(props: CardProps) {
  const clickable = !!props.onClick;
  return (
    <div
      class={'lb-card' + (clickable ? ' lb-card--link' : '')}
      data-testid={props.testid}
      onClick={props.onClick}
      role={clickable ? 'button' : undefined}
      tabIndex={clickable ? 0 : undefined}
      onKeyDown={clickable ? (e) => (e.key === 'Enter' ? (props.onClick as () => void)() : undefined) : undefined}
    >
      {props.title || props.extra ? (
        <div class="lb-card__head">
          <div class="lb-card__title">{props.title}</div>
          {props.extra ? <div class="lb-card__extra">{props.extra}</div> : null}
        </div>
      ) : null}
      {props.children !== undefined ? <div class="lb-card__body">{props.children}</div> : null}
      {props.footer ? <div class="lb-card__foot">{props.footer}</div> : null}
    </div>
  );
}

/** A label / value row inside a card. */
export function InfoRow(props: { label: string; children: ComponentChildren; testid?: string }) {
  return (
    <div class="lb-row" data-testid={props.testid}>
      <span class="lb-row__label">{props.label}</span>
      <span class="lb-row__value">{props.children}</span>
    </div>
  );
}
