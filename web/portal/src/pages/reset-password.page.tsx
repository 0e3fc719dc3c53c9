import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { Problem } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { checkNewPassword, failureToFormErrors, fieldErrors } from '../../../ui/form-outcome';
import { resetPassword } from '../portal-api';

const fr = {
  title: 'Choisir un nouveau mot de passe',
  newPassword: 'Nouveau mot de passe',
  submit: 'Enregistrer le mot de passe',
  missingToken: 'Ce lien est incomplet. Ouvrez le lien reçu par e-mail tel quel, ou demandez-en un nouveau.',
  invalidLink: 'Ce lien n’est plus valable : il a peut-être déjà servi ou expiré. Demandez-en un nouveau.',
  newLink: 'Demander un nouveau lien',
  doneTitle: 'Mot de passe modifié',
  done: 'Votre mot de passe a été modifié. Par sécurité, vos autres appareils ont été déconnectés.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Choose a new password',
    newPassword: 'New password',
    submit: 'Save the password',
    missingToken: 'This link is incomplete. Open the link from the email as it is, or ask for a new one.',
    invalidLink: 'This link is no longer valid: it may have been used already or have expired. Ask for a new one.',
    newLink: 'Ask for a new link',
    doneTitle: 'Password changed',
    done: 'Your password has been changed. For your security, your other devices have been signed out.',
  },
};

/** The server names token failures with codes such as invalid_token or token_expired. */
function isTokenRefusal(problem: Problem): boolean {
  return problem.code.includes('token') || (problem.errors ?? []).some((issue) => issue.path === 'token');
}

export function ResetPasswordPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const token = useSearchParams()[0].get('token');
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !token) return;
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    const invalid = fieldErrors({ password: checkNewPassword(password, c) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await resetPassword({ token, password });
    setBusy(false);
    if (result.ok) setDone(true);
    else if (isTokenRefusal(result.problem)) setErrors({ fields: {}, message: t.invalidLink });
    else setErrors(failureToFormErrors(result, ['password'], c));
  }

  if (done) {
    return (
      <section className="card narrow" key="done">
        <PageHeading>{t.doneTitle}</PageHeading>
        <Alert tone="success">{t.done}</Alert>
        <p>
          <Link to="/sign-in">{c.signInLink}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card narrow" key="form">
      <PageHeading>{t.title}</PageHeading>
      {token ? (
        <>
          <Alert>{errors.message}</Alert>
          <form ref={formRef} noValidate onSubmit={submit}>
            <TextField
              label={t.newPassword}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              hint={c.passwordHint}
              error={errors.fields.password}
            />
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t.submit}
              </Button>
            </div>
          </form>
        </>
      ) : (
        <Alert>{t.missingToken}</Alert>
      )}
      <p className="links">
        <Link to="/forgot-password">{t.newLink}</Link>
      </p>
    </section>
  );
}
