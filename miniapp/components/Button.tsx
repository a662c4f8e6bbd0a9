import type { ComponentChildren } from 'preact';

export type ButtonKind = 'primary' | 'default' | 'danger';

interface ButtonProps {
  kind?: ButtonKind;
  size?: 'large' | 'middle' | 'small';
  block?: boolean;
  disabled?: boolean;
  /** Shows 处理中… and blocks clicks while an action runs. */
  loading?: boolean;
  onClick?: () => void;
  type?: 'button' | 'submit';
  testid?: string;
  children: ComponentChildren;
}

export function Button(props: ButtonProps) {
  const cls =
    'lb-btn lb-btn--' + (props.kind || 'default') + ' lb-btn--' + (props.size || 'large') + (props.block ? ' lb-btn--block' : '');
  return (
    <button
      type={props.type || 'button'}
      class={cls}
      disabled={props.disabled || props.loading}
      aria-busy={props.loading ? true : undefined}
      data-testid={props.testid}
      onClick={props.onClick}
    >
      {props.loading ? '处理中…' : props.children}
    </button>
  );
}
