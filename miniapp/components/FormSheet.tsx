import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { shanghaiToday } from '../lib/dates';
import { checkField, isRequired, type Values } from '../lib/fields';
import { FieldControl, type FieldSpec } from './FieldControl';
import { showModal } from './overlay';

interface SheetProps {
  title: string;
  fields: FieldSpec[];
  okLabel: string;
  intro?: ComponentChildren;
  /** Fields grouped under headings: heading before the field with this key. */
  headings?: Record<string, string>;
  onDone: (values: Values | null) => void;
}

function Sheet(props: SheetProps) {
  const init: Record<string, string> = {};
  props.fields.forEach((f) => (init[f.key] = ''));
  const [values, setValues] = useState(init);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
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
      if (v) out[f.key] = f.type === 'integer' ? Number(v) : v;
    });
    props.onDone(out);
  };
  return (
    <div class="lb-mask lb-mask--sheet" data-testid="form-sheet">
      <div class="lb-sheet" role="dialog" aria-modal="true" aria-label={props.title}>
        <div class="lb-sheet__head">
          <button type="button" class="lb-sheet__link" data-testid="sheet-cancel" onClick={() => props.onDone(null)}>
            取消
          </button>
          <span class="lb-sheet__title">{props.title}</span>
          <button type="button" class="lb-sheet__link lb-sheet__link--primary" data-testid="sheet-ok" onClick={submit}>
            {props.okLabel}
          </button>
        </div>
        <div class="lb-sheet__list lb-sheet__form">
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
): Promise<Values | null> {
  return showModal<Values | null>((done) => <Sheet title={title} fields={fields} okLabel={okLabel} intro={intro} headings={headings} onDone={done} />);
}
