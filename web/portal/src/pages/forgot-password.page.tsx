import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { checkEmail, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { requestPasswordReset } from '../portal-api';

const fr = {
  title: 'Mot de passe oublié',
  intro: 'Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.',
  submit: 'Envoyer le lien',
  sent: (email: string) =>
    `Si un compte existe pour ${email}, nous venons d’y envoyer un lien pour choisir un nouveau mot de passe.`,
  sentHelp: 'Rien reçu ? Regardez dans les courriers indésirables, ou connectez-vous avec un code reçu par e-mail.',
  backToSignIn: 'Retour à la connexion',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Forgotten password',
    intro: 'Enter the email address of your account: we will send you a link to choose a new password.',
    submit: 'Send the link',
    sent: (email) => `If an account exists for ${email}, we just sent it a link to choose a new password.`,
    sentHelp: 'Nothing arrived? Look in your spam folder, or sign in with a code sent by email.',
    backToSignIn: 'Back to sign in',
  },
};

export function ForgotPasswordPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const email = formText(new FormData(event.currentTarget), 'email');
    const invalid = fieldErrors({ email: checkEmail(email, c) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await requestPasswordReset(email);
    setBusy(false);
    if (result.ok) setSentTo(email);
    else setErrors(failureToFormErrors(result, ['email'], c));
  }

  if (sentTo) {
    return (
      <section className="card narrow" key="sent">
        <PageHeading>{c.checkInbox}</PageHeading>
        <p>{t.sent(sentTo)}</p>
        <p className="muted">{t.sentHelp}</p>
        <p>
          <Link to="/sign-in">{t.backToSignIn}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card narrow" key="form">
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField
          label={c.emailLabel}
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          error={errors.fields.email}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
          <Link to="/sign-in">{t.backToSignIn}</Link>
        </div>
      </form>
    </section>
  );
}
