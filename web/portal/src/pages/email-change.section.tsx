import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import { checkEmail, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { getPendingEmailChange, requestEmailChange, requestSignInCode } from '../portal-api';
import { profileMessages } from './profile.messages';

const FIELDS = ['newEmail', 'password', 'code'] as const;

type EmailChangeSectionProps = { email: string; onUnauthenticated: () => void };

/**
 * "Adresse e-mail de connexion": a new address needs a fresh proof, the current password or a
 * code sent to the current address; it takes effect when the link sent to it is opened.
 */
export function EmailChangeSection({ email, onUnauthenticated }: EmailChangeSectionProps) {
  const t = useMessages(profileMessages).email;
  const c = useMessages(common);
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<'password' | 'code'>('password');
  const [pending, setPending] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  const loadPending = useCallback(async () => {
    const result = await getPendingEmailChange();
    if (result.ok) setPending(result.data.pendingEmail);
  }, []);

  useEffect(() => {
    void loadPending();
  }, [loadPending]);

  async function sendCode() {
    if (busy) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    setNotice(null);
    const result = await requestSignInCode(email);
    setBusy(false);
    if (result.ok) {
      setMode('code');
      setNotice(t.codeSent(email));
      // The code field has just appeared: take the reader there.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus());
    } else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const newEmail = formText(form, 'newEmail');
    const password = mode === 'password' ? (form.get('password') as string | null) ?? '' : undefined;
    const code = mode === 'code' ? formText(form, 'code').replace(/\D/g, '') : undefined;
    const invalid = fieldErrors(
      {
        newEmail: checkEmail(newEmail, c),
        password: password === '' ? c.required.password : undefined,
        code: code === undefined ? undefined : !code ? c.required.code : code.length !== 6 ? c.codeFormat : undefined,
      },
      c,
    );
    setNotice(null);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await requestEmailChange({ newEmail, ...(mode === 'password' ? { password } : { code }) });
    setBusy(false);
    if (result.ok) {
      formRef.current?.reset();
      setMode('password');
      setNotice(t.sent(newEmail));
      setPending(newEmail);
      return;
    }
    if (result.status === 401) return onUnauthenticated();
    const proofField = mode === 'password' ? 'password' : 'code';
    const refusal: Record<string, FormErrors> = {
      invalid_proof: { fields: { [proofField]: t.invalidProof }, message: t.invalidProof },
      too_many_attempts: { fields: {}, message: t.tooManyAttempts },
      email_taken: { fields: { newEmail: t.emailTaken }, message: t.emailTaken },
    };
    const sameAsCurrent = result.problem.errors?.some((issue) => issue.code === 'same_as_current');
    setErrors(
      refusal[result.problem.code] ??
        (sameAsCurrent ? { fields: { newEmail: t.sameAsCurrent }, message: c.fieldsToFix } : failureToFormErrors(result, FIELDS, c)),
    );
  }

  return (
    <section className="card" aria-labelledby="email-change-heading">
      <h2 id="email-change-heading">{t.title}</h2>
      <dl className="details">
        <dt>{t.current}</dt>
        <dd>{email}</dd>
      </dl>
      {pending ? <p className="muted">{t.pending(pending)}</p> : null}
      <p className="muted">{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField label={t.newEmail} name="newEmail" type="email" autoComplete="email" required error={errors.fields.newEmail} />
        {mode === 'password' ? (
          <TextField
            label={t.password}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.fields.password}
          />
        ) : (
          <TextField
            label={t.code}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={9}
            className="field--code"
            hint={t.codeHint(email)}
            required
            error={errors.fields.code}
          />
        )}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <div className="actions">
        {mode === 'password' ? (
          <Button variant="link" busy={busy} onClick={sendCode}>
            {t.useCode}
          </Button>
        ) : (
          <>
            <Button variant="link" busy={busy} onClick={sendCode}>
              {t.resendCode}
            </Button>
            <Button variant="link" onClick={() => setMode('password')}>
              {t.usePassword}
            </Button>
          </>
        )}
      </div>
    </section>
  );
}
