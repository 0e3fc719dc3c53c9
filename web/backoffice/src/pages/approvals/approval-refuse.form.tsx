import { useEffect, useId, useRef, type FormEvent } from 'react';
import { Button } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { approvalMessages } from './approval.messages';

export const REFUSAL_REASON_MAX = 1000;

/** The refusal's small form: an optional reason, told to the customer. Takes the focus when it opens. */
export function ApprovalRefuseForm(props: { label: string; busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const t = useMessages(approvalMessages);
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    field.current?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onConfirm(field.current?.value.trim() ?? '');
  }

  return (
    <form className="approval-refuse" aria-label={props.label} noValidate onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t.reasonLabel}</label>
        <p id={`${id}-hint`} className="field-hint">
          {t.reasonHint}
        </p>
        <textarea ref={field} id={`${id}-reason`} name="reason" rows={2} maxLength={REFUSAL_REASON_MAX} aria-describedby={`${id}-hint`} />
      </div>
      <div className="row-control">
        <Button type="submit" variant="danger" busy={props.busy}>
          {t.confirmRefuse}
        </Button>
        <Button variant="link" onClick={props.onCancel}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}
