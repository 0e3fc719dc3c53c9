import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { common } from '../common.messages';
import { failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { requestSignInCode, signInWithCode } from '../portal-api';

const fr = {
  codeLabel: 'Code reçu par e-mail',
  codeHint: (email: string) => `Saisissez les 6 chiffres envoyés à ${email}.`,
  submit: 'Valider le code',
  resend: 'Envoyer un nouveau code',
  resent: (email: string) => `Un nouveau code a été envoyé à ${email}.`,
  usePassword: 'Utiliser mon mot de passe',
  invalidCode: 'Ce code est incorrect ou a expiré.',
  tooManyAttempts: 'Trop d’essais avec ce code. Demandez un nouveau code.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    codeLabel: 'Code received by email',
    codeHint: (email) => `Enter the 6 digits sent to ${email}.`,
    submit: 'Check the code',
    resend: 'Send a new code',
    resent: (email) => `A new code was sent to ${email}.`,
    usePassword: 'Use my password instead',
    invalidCode: 'This code is wrong or has expired.',
    tooManyAttempts: 'Too many tries with this code. Ask for a new code.',
  },
};

type CodeSignInFormProps = { email: string; onCancel: () => void };

/** Second step of the sign-in by code; it also confirms the address of an unverified account. */
export function CodeSignInForm({ email, onCancel }: CodeSignInFormProps) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    // After the page heading took focus, go straight to the code: it is the only thing to do here.
    formRef.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
  }, []);

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    // Mail apps and people paste codes with spaces ("123 456").
    const code = formText(new FormData(event.currentTarget), 'code').replace(/\D/g, '');
    const invalid = fieldErrors({ code: !code ? c.required.code : code.length !== 6 ? c.codeFormat : undefined }, c);
    setNotice(null);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await signInWithCode({ email, code });
    setBusy(false);
    if (result.ok) navigate('/', { replace: true });
    else if (result.problem.code === 'invalid_code') setErrors({ fields: { code: t.invalidCode }, message: t.invalidCode });
    else if (result.problem.code === 'too_many_attempts') setErrors({ fields: {}, message: t.tooManyAttempts });
    else setErrors(failureToFormErrors(result, ['code'], c));
  }

  async function resend() {
    if (busy) return;
    setNotice(null);
    setErrors(NO_ERRORS);
    setBusy(true);
    const result = await requestSignInCode(email);
    setBusy(false);
    if (result.ok) setNotice(t.resent(email));
    else setErrors(failureToFormErrors(result, ['email'], c));
  }

  return (
    <>
      <Alert>{errors.message}</Alert>
      <Alert tone="success">{notice}</Alert>
      <form ref={formRef} noValidate onSubmit={verify}>
        <TextField
          label={t.codeLabel}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          className="field--code"
          hint={t.codeHint(email)}
          required
          error={errors.fields.code}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <div className="actions">
        <Button variant="link" busy={busy} onClick={resend}>
          {t.resend}
        </Button>
        <Button variant="link" onClick={onCancel}>
          {t.usePassword}
        </Button>
      </div>
    </>
  );
}
