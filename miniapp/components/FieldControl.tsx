import { instantToLocal, localToInstant, type FieldDef } from '../lib/fields';
import { Field, Select, TextArea, TextInput } from './Form';

/** A field definition as a form row; `multiline` renders a text area. */
export type FieldSpec = FieldDef & { multiline?: boolean };

interface FieldControlProps {
  def: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  required: boolean;
  error?: string | null;
}

/** The control a field type needs: selects for options, date pickers, upper-cased ID numbers. */
export function FieldControl(props: FieldControlProps) {
  const { def, value } = props;
  const tid = 'field-' + def.key;
  let control;
  if (def.options) {
    control = <Select name={def.key} value={value} options={def.options} testid={tid} onChange={(v) => { props.onChange(v); if (props.onBlur) props.onBlur(); }} />;
  } else if (def.type === 'date' || def.type === 'datetime') {
    const dt = def.type === 'datetime';
    control = (
      <input
        class="lb-input"
        type={dt ? 'datetime-local' : 'date'}
        name={def.key}
        value={dt ? instantToLocal(value) : value}
        data-testid={tid}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          props.onChange(dt ? localToInstant(v) : v);
        }}
        onBlur={props.onBlur}
      />
    );
  } else if (def.multiline) {
    control = <TextArea name={def.key} value={value} maxLength={def.maxLength} testid={tid} onChange={props.onChange} />;
  } else {
    const numeric = def.type === 'integer' || def.type === 'postalCode' || def.type === 'bankAccount';
    const decimal = def.type === 'amount';
    control = (
      <TextInput
        name={def.key}
        value={value}
        maxLength={def.type === 'idNumber' || def.type === 'creditCode' ? 18 : def.maxLength}
        inputMode={numeric ? 'numeric' : decimal ? 'decimal' : def.type === 'phone' ? 'tel' : 'text'}
        testid={tid}
        onChange={(v) => props.onChange(def.type === 'idNumber' || def.type === 'creditCode' ? v.toUpperCase() : v)}
        onBlur={props.onBlur}
      />
    );
  }
  return (
    <Field label={def.label} required={props.required} error={props.error} hint={def.hint}>
      {control}
    </Field>
  );
}
