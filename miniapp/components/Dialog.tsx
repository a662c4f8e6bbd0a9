import type { ComponentChildren } from 'preact';
import { showModal } from './overlay';

interface DialogProps {
  title: string;
  children?: ComponentChildren;
  footer: ComponentChildren;
  testid?: string;
}

/** A centred modal card with a dimmed backdrop (DingTalk dialog look). */
function Dialog(props: DialogProps) {
  return (
    <div class="lb-mask" data-testid={props.testid || 'dialog'}>
      <div class="lb-dialog" role="dialog" aria-modal="true" aria-label={props.title}>
        <div class="lb-dialog__title">{props.title}</div>
        {props.children ? <div class="lb-dialog__body">{props.children}</div> : null}
        <div class="lb-dialog__footer">{props.footer}</div>
      </div>
    </div>
  );
}

/** HTML confirm for the browser: resolves true on the confirming button. */
export function showConfirm(title: string, message: string, okLabel = '确定', cancelLabel = '取消'): Promise<boolean> {
  return showModal<boolean>((done) => (
    <Dialog
      title={title}
      testid="confirm-dialog"
      footer={[
        <button key="c" type="button" class="lb-dialog__btn" data-testid="confirm-cancel" onClick={() => done(false)}>
          {cancelLabel}
        </button>,
        <button key="o" type="button" class="lb-dialog__btn lb-dialog__btn--primary" data-testid="confirm-ok" onClick={() => done(true)}>
          {okLabel}
        </button>,
      ]}
    >
      {message}
    </Dialog>
  ));
}
