import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { Button, SelectField, TextField } from '../../../../ui/forms';
import { failureToFormErrors, formText } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { eraseCustomer, type PrivacyRequest } from '../../api/privacy';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { formatDay, privacyMessages } from './privacy.messages';

type Props = {
  customerId: string;
  /** The customer's open erasure requests: the erasure answers the one chosen. */
  openErasures: PrivacyRequest[];
  requestId: string | null;
  onCancel: () => void;
  onErased: (pseudonym: string) => void;
};

const FIELDS = ['confirmEmail', 'requestId'] as const;

/**
 * A modal dialog (native <dialog>: focus kept inside, Escape cancels) in which the staff member
 * types the customer's address: the server erases only if it is theirs.
 */
export function EraseCustomerDialog({ customerId, openErasures, requestId, onCancel, onErased }: Props) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const onSessionFailure = useSessionFailure();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  // Closed first: while the modal is open the rest of the page is inert and cannot take the focus back.
  function cancel() {
    dialogRef.current?.close();
    onCancel();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const confirmEmail = formText(form, 'confirmEmail');
    const chosen = formText(form, 'requestId');
    if (!confirmEmail) {
      setErrors({ fields: { confirmEmail: t.confirmEmailRequired }, message: c.fieldsToFix });
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    const result = await eraseCustomer(customerId, { confirmEmail, ...(chosen ? { requestId: chosen } : {}) });
    setBusy(false);
    if (result.ok) return onErased(result.data.pseudonym);
    if (onSessionFailure(result)) return;
    if (result.problem.code === 'confirm_email_mismatch') {
      setErrors({ fields: { confirmEmail: t.confirmEmailMismatch }, message: t.confirmEmailMismatch });
    } else if (result.problem.code === 'last_admin') {
      setErrors({ fields: {}, message: t.lastAdmin });
    } else {
      setErrors(failureToFormErrors(result, FIELDS, c));
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="privacy-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      <h2 id={`${id}-title`}>{t.dialogTitle}</h2>
      <p id={`${id}-intro`}>{t.eraseIntro}</p>
      <p>{t.dialogIntro}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField
          label={t.confirmEmailLabel}
          name="confirmEmail"
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus
          error={errors.fields.confirmEmail}
        />
        <SelectField
          label={t.requestLabel}
          name="requestId"
          defaultValue={requestId ?? ''}
          options={[
            ...openErasures.map((request) => ({ value: request.id, label: t.requestOption(formatDay(locale, request.receivedAt)) })),
            { value: '', label: t.noRequest },
          ]}
          error={errors.fields.requestId}
        />
        <div className="actions">
          <Button type="submit" variant="danger" busy={busy}>
            {t.confirmErase}
          </Button>
          <Button variant="secondary" onClick={cancel}>
            {t.cancel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
