import { Button, type ButtonKind } from './Button';

export interface Action {
  label: string;
  kind?: ButtonKind;
  onClick: () => void;
  disabled?: boolean;
  loading?: boolean;
  testid?: string;
}

/**
 * The fixed bottom bar with 1–3 buttons (secondary white, primary blue, destructive red text),
 * as on DingTalk approval pages. Renders a spacer so page content is not hidden behind it.
 */
export function ActionBar(props: { actions: Action[]; testid?: string }) {
  if (!props.actions.length) return null;
  return (
    <div class="lb-actionbar-wrap">
      <div class="lb-actionbar-spacer" />
      <div class="lb-actionbar" data-testid={props.testid || 'action-bar'}>
        {props.actions.map((a) => (
          <div class="lb-actionbar__item" key={a.label}>
            <Button kind={a.kind} block disabled={a.disabled} loading={a.loading} onClick={a.onClick} testid={a.testid}>
              {a.label}
            </Button>
          </div>
        ))}
      </div>
    </div>
  );
}
