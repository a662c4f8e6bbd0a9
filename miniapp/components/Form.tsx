import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { checkDate, type DateCheck } from '../lib/dates';
import { checkIdNumber, type IdNumberCheck } from '../lib/idNumber';

/** A labelled form row: label (with * when required), the control, then an error or a hint. */
export function Field(props: { label: string; required?: boolean; error?: string | null; hint?: string; children: ComponentChildren; testid?: string }) {
  return (
    <label class={'lb-field' + (props.error ? ' lb-field--error' : '')} data-testid={props.testid}>
      <span class="lb-field__label">
        {props.required ? <span class="lb-field__req">*</span> : null}
        {props.label}
      </span>
      <span class="lb-field__control">{props.children}</span>
      {props.error ? (
        <span class="lb-field__msg" role="alert" data-testid="field-error">
          {props.error}
        </span>
      ) : props.hint ? (
        <span class="lb-field__hint">{props.hint}</span>
      ) : null}
    </label>
  );
}

interface InputProps {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
  testid?: string;
  name?: string;
}

function valueOf(e: Event): string {
  return (e.target as HTMLInputElement).value;
}

export function TextInput(props: InputProps & { maxLength?: number; inputMode?: 'text' | 'numeric' | 'decimal' | 'tel'; onBlur?: () => void }) {
  return (
    <input
      class="lb-input"
      type="text"
      name={props.name}
      value={props.value}
      placeholder={props.placeholder}
      maxLength={props.maxLength}
      inputMode={props.inputMode}
      disabled={props.disabled}
      data-testid={props.testid}
      onInput={(e) => props.onChange(valueOf(e))}
      onBlur={props.onBlur}
    />
  );
}

export function TextArea(props: InputProps & { rows?: number; maxLength?: number }) {
  return (
    <textarea
      class="lb-input lb-textarea"
      name={props.name}
      rows={props.rows || 3}
      value={props.value}
      placeholder={props.placeholder}
      maxLength={props.maxLength}
      disabled={props.disabled}
      data-testid={props.testid}
      onInput={(e) => props.onChange(valueOf(e))}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function Select(props: InputProps & { options: SelectOption[] }) {
  return (
    <select class="lb-input lb-select" name={props.name} value={props.value} disabled={props.disabled} data-testid={props.testid} onChange={(e) => props.onChange(valueOf(e))}>
      <option value="" disabled>
        {props.placeholder || '请选择'}
      </option>
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Date input (`YYYY-MM-DD`); reports the check result on change so forms can block submit. */
export function DateInput(props: InputProps & { notAfter?: string; notBefore?: string; onCheck?: (check: DateCheck) => void }) {
  return (
    <input
      class="lb-input"
      type="date"
      name={props.name}
      value={props.value}
      min={props.notBefore}
      max={props.notAfter}
      disabled={props.disabled}
      data-testid={props.testid}
      onInput={(e) => {
        const v = valueOf(e);
        props.onChange(v);
        if (props.onCheck) props.onCheck(checkDate(v, { notAfter: props.notAfter, notBefore: props.notBefore }));
      }}
    />
  );
}

/**
 * ID number field with the GB 11643 check in the browser: the error shows after the first blur
 * (not while typing), and `onCheck` always receives the latest result.
 */
export function IdNumberField(props: InputProps & { label?: string; required?: boolean; today: string; onCheck?: (check: IdNumberCheck) => void }) {
  const [touched, setTouched] = useState(false);
  const check = checkIdNumber(props.value, props.today);
  const showError = touched && !check.ok && (props.required || props.value.trim() !== '');
  return (
    <Field label={props.label || '身份证号'} required={props.required} error={showError && !check.ok ? check.reason : null}>
      <TextInput
        name={props.name}
        value={props.value}
        placeholder={props.placeholder || '18位公民身份号码'}
        maxLength={18}
        disabled={props.disabled}
        testid={props.testid || 'id-number'}
        onChange={(v) => {
          const upper = v.toUpperCase();
          props.onChange(upper);
          if (props.onCheck) props.onCheck(checkIdNumber(upper, props.today));
        }}
        onBlur={() => setTouched(true)}
      />
    </Field>
  );
}
