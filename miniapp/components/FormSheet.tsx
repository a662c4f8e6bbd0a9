import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { shanghaiToday } from '../lib/dates';
import { checkField, isRequired, sentValue, type Values } from '../lib/fields';
import { FieldControl, type FieldSpec } from './FieldControl';
import { mountOverlay } from './overlay';

interface SheetProps {
  title: string;
  fields: FieldSpec[];
  okLabel: string;
  intro?: ComponentChildren;
  /** Fields grouped under headings: heading before the field with this key. */
  headings?: Record<string, string>;
  preset?: SheetPreset;
  /** A message above the fields (the server refused, or could not be reached, when the values were sent). */
  message?: string;
  /** True when the sheet stays on screen, busy, while the values are sent (`holdNextSheet`). */
  onDone: (values: Values | null, typed?: Record<string, string>) => boolean | void;
}

/** What a sheet opens with: values (e.g. prefilled from the application) and the server's problems per field. */
export interface SheetPreset {
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

function Sheet(props: SheetProps) {
  const init: Record<string, string> = {};
  const preset = props.preset || {};
  props.fields.forEach((f) => (init[f.key] = (preset.values && preset.values[f.key]) || ''));
  const [values, setValues] = useState(init);
  const [errors, setErrors] = useState<Record<string, string | null>>(preset.errors || {});
  const [sending, setSending] = useState(false);
  const today = shanghaiToday(Date.now());
  const submit = () => {
    const found: Record<string, string | null> = {};
    let bad = false;
    props.fields.forEach((f) => {
      found[f.key] = checkField(f, values[f.key], values, today);
      if (found[f.key]) bad = true;
    });
    setErrors(found);
    if (bad) return;
    const out: Values = {};
    props.fields.forEach((f) => {
      const v = values[f.key].trim();
      if (v) out[f.key] = sentValue(f, v);
    });
    if (props.onDone(out, values)) setSending(true);
  };
  return (
    <div class="lb-mask lb-mask--sheet" data-testid="form-sheet">
      <div class="lb-sheet" role="dialog" aria-modal="true" aria-label={props.title}>
        <div class="lb-sheet__head">
          <button type="button" class="lb-sheet__link" data-testid="sheet-cancel" onClick={() => props.onDone(null)}>
            取消
          </button>
          <span class="lb-sheet__title">{props.title}</span>
          <button type="button" class="lb-sheet__link lb-sheet__link--primary" data-testid="sheet-ok" disabled={sending} onClick={submit}>
            {sending ? '提交中…' : props.okLabel}
          </button>
        </div>
        <div class="lb-sheet__list lb-sheet__form">
          {props.message ? <div class="lb-banner lb-banner--error lb-sheet__error" role="alert" data-testid="sheet-error">{props.message}</div> : null}
          {props.intro ? <div class="lb-sheet__intro">{props.intro}</div> : null}
          {props.fields.map((f) => (
            <div key={f.key}>
              {props.headings && props.headings[f.key] ? <div class="lb-sheet__group">{props.headings[f.key]}</div> : null}
              <FieldControl
                def={f}
                value={values[f.key]}
                required={isRequired(f, values)}
                error={errors[f.key]}
                onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
              />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/**
 * A bottom sheet with a small form (reason, days, seal, …), checked field by field on 确定.
 * Resolves with the filled values (integers as numbers, empty ones left out), or null when cancelled.
 */
export function showForm(
  title: string,
  fields: FieldSpec[],
  okLabel = '确定',
  intro?: ComponentChildren,
  headings?: Record<string, string>,
  preset?: SheetPreset,
): Promise<Values | null> {
  const again = stash && stash.title === title ? stash : null;
  stash = null;
  const hold = holding;
  holding = false;
  return new Promise((resolve) => {
    let close: () => void = () => undefined;
    const done = (values: Values | null, typed?: Record<string, string>): boolean => {
      last = values && typed ? { title, values: typed } : null;
      const keep = !!(values && hold);
      if (keep) held = close;
      else close();
      resolve(values);
      return keep;
    };
    const presetNow = again ? { ...(preset || {}), values: { ...((preset && preset.values) || {}), ...again.values } } : preset;
    const message = again ? again.message : undefined;
    close = mountOverlay(<Sheet title={title} fields={fields} okLabel={okLabel} intro={intro} headings={headings} preset={presetNow} message={message} onDone={done} />);
  });
}

/*
 * Nothing typed is lost: an action's sheet stays on screen (提交中) while its request runs — `holdNextSheet`
 * before asking, `releaseSheet` once the server has answered. When the server refused or could not be
 * reached, `reopenLastSheet(message)` before asking again opens the same sheet with what was typed and the
 * message (see pages/subtask.tsx).
 */
let holding = false;
let held: (() => void) | null = null;
let last: { title: string; values: Record<string, string> } | null = null;
let stash: { title: string; values: Record<string, string>; message: string } | null = null;

/** The next sheet shown stays on screen after 确定 until `releaseSheet`. */
export function holdNextSheet(on = true): void {
  holding = on;
  if (on) last = null;
}

/** Closes the sheet kept on screen, if any. */
export function releaseSheet(): void {
  holding = false;
  const close = held;
  held = null;
  if (close) close();
}

/** The next sheet with the last confirmed sheet's title opens with its values and `message`; false when no sheet was confirmed. */
export function reopenLastSheet(message: string): boolean {
  if (!last) return false;
  stash = { title: last.title, values: last.values, message };
  last = null;
  return true;
}
