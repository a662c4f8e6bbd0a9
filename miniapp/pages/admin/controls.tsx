/**
 * The editor's small controls: a labelled cell (its issue under it, in red, with the path it answers for in
 * `data-path`), text, number, check box, select and a check list. Read-only versions render disabled controls.
 */
import type { ComponentChildren } from 'preact';

function valueOf(e: Event): string {
  return (e.target as HTMLInputElement).value;
}

export function Cell(props: { label: string; path: string; error: string | null; wide?: boolean; hint?: string; children: ComponentChildren }) {
  return (
    <div class={'lb-admin-cell' + (props.wide ? ' lb-admin-cell--wide' : '') + (props.error ? ' lb-admin-cell--error' : '')} data-path={props.path}>
      <label>
        <span class="lb-admin-cell__label">{props.label}</span>
        {props.children}
      </label>
      {props.error ? (
        <div class="lb-field__msg" role="alert" data-testid={'issue-' + props.path}>
          {props.error}
        </div>
      ) : props.hint ? (
        <div class="lb-field__hint">{props.hint}</div>
      ) : null}
    </div>
  );
}

export function Txt(props: { value: string | undefined; onChange: (v: string) => void; testid: string; disabled?: boolean; placeholder?: string; maxLength?: number }) {
  return (
    <input
      class="lb-input"
      type="text"
      value={props.value || ''}
      placeholder={props.placeholder}
      maxLength={props.maxLength}
      disabled={props.disabled}
      data-testid={props.testid}
      onInput={(e) => props.onChange(valueOf(e))}
    />
  );
}

/** A whole number; an empty or unreadable entry is kept out of the bundle (the validation then names it). */
export function Num(props: { value: number | undefined; onChange: (v: number | undefined) => void; testid: string; disabled?: boolean }) {
  return (
    <input
      class="lb-input"
      type="number"
      inputMode="numeric"
      min="0"
      value={props.value === undefined ? '' : String(props.value)}
      disabled={props.disabled}
      data-testid={props.testid}
      onInput={(e) => {
        const v = valueOf(e).trim();
        props.onChange(v === '' || isNaN(Number(v)) ? undefined : Math.round(Number(v)));
      }}
    />
  );
}

export function Check(props: { checked: boolean; label: string; onChange: (v: boolean) => void; testid: string; disabled?: boolean }) {
  return (
    <label class="lb-admin-check">
      <input type="checkbox" checked={props.checked} disabled={props.disabled} data-testid={props.testid} onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)} />
      {' ' + props.label}
    </label>
  );
}

interface PickProps {
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
  testid: string;
  disabled?: boolean;
  placeholder?: string;
}

export function Pick(props: PickProps) {
  const known = props.options.some((o) => o.value === props.value);
  return (
    <select class="lb-input lb-select" value={props.value || ''} disabled={props.disabled} data-testid={props.testid} onChange={(e) => props.onChange(valueOf(e))}>
      <option value="">{props.placeholder || '请选择'}</option>
      {!known && props.value ? <option value={props.value}>{props.value + '（不存在）'}</option> : null}
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Several choices as check boxes; keeps the order of `options`. */
interface MultiProps {
  values: string[] | undefined;
  options: { value: string; label: string }[];
  onChange: (v: string[]) => void;
  testid: string;
  disabled?: boolean;
}

export function Multi(props: MultiProps) {
  const chosen = props.values || [];
  if (!props.options.length) return <div class="lb-meta">（无可选项）</div>;
  return (
    <div class="lb-admin-multi" data-testid={props.testid}>
      {props.options.map((o) => (
        <Check
          key={o.value}
          label={o.label}
          checked={chosen.indexOf(o.value) >= 0}
          disabled={props.disabled}
          testid={props.testid + '-' + o.value}
          onChange={(on) => props.onChange(props.options.map((x) => x.value).filter((v) => (v === o.value ? on : chosen.indexOf(v) >= 0)))}
        />
      ))}
    </div>
  );
}
