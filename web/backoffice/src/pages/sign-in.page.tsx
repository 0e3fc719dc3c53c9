import { useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { signIn, type NextStep } from '../backoffice-api';
import { common } from '../common.messages';
import { checkEmail, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';

const fr = {
  title: 'Se connecter au back-office',
  intro: 'Réservé à l’équipe de la boutique. Les clients se connectent à leur compte sur la page « Mon compte ».',
  submit: 'Se connecter',
  invalidCredentials: 'Adresse e-mail ou mot de passe incorrect.',
  signedOut: 'Vous êtes déconnecté du back-office.',
  noAccess: 'Pas encore d’accès ? Un administrateur du back-office vous envoie un lien pour le créer.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Sign in to the back office',
    intro: 'For the shop’s staff only. Customers sign in to their account on the “My account” page.',
    submit: 'Sign in',
    invalidCredentials: 'Wrong email address or password.',
    signedOut: 'You are signed out of the back office.',
    noAccess: 'No access yet? A back office administrator sends you a link to create it.',
  },
};

const FIELDS = ['email', 'password'] as const;

/** The page a sign-in step leads to, as the server says in `next`. */
export function pathAfterSignIn(next: NextStep): string {
  if (next === 'totp') return '/second-factor';
  if (next === 'totp_setup') return '/second-factor/setup';
  return '/';
}

export function SignInPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const signedOut = (useLocation().state as { notice?: string } | null)?.notice === 'signedOut';
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email');
    const password = String(form.get('password') ?? '');
    const invalid = fieldErrors({ email: checkEmail(email, c), password: password ? undefined : c.required.password }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await signIn({ email, password });
    setBusy(false);
    if (result.ok) void navigate(pathAfterSignIn(result.data.next), { replace: true });
    else if (result.problem.code === 'invalid_credentials') setErrors({ fields: {}, message: t.invalidCredentials });
    else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      <p className="muted">{t.intro}</p>
      <Alert tone="success">{signedOut && !errors.message ? t.signedOut : null}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField
          label={c.emailLabel}
          name="email"
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          error={errors.fields.email}
        />
        <TextField
          label={c.passwordLabel}
          name="password"
          type="password"
          autoComplete="current-password"
          error={errors.fields.password}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <p className="muted">{t.noAccess}</p>
    </section>
  );
}
