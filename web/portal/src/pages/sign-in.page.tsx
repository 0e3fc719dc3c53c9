import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { checkEmail, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { requestSignInCode, signInWithPassword } from '../portal-api';
import { CodeSignInForm } from './code-sign-in.form';
import { PasskeySignInButton, usePasskeyAutofill, type PasskeyOutcome } from './passkey-sign-in';

const fr = {
  title: 'Se connecter',
  submit: 'Se connecter',
  or: 'ou, sans mot de passe :',
  requestCode: 'Recevoir un code par e-mail',
  invalidCredentials: 'Adresse e-mail ou mot de passe incorrect.',
  emailNotVerified:
    'Votre adresse e-mail n’est pas encore confirmée. Nous venons de vous envoyer un nouvel e-mail de confirmation : ouvrez le lien qu’il contient, ou connectez-vous avec un code reçu par e-mail.',
  noAccount: 'Pas encore de compte ?',
  accountDeleted: 'Votre compte a été supprimé. Un dernier e-mail vous le confirme.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Sign in',
    submit: 'Sign in',
    or: 'or, without a password:',
    requestCode: 'Email me a sign-in code',
    invalidCredentials: 'Wrong email address or password.',
    emailNotVerified:
      'Your email address is not confirmed yet. We just sent you a new confirmation email: open the link inside, or sign in with a code sent by email.',
    noAccount: 'No account yet?',
    accountDeleted: 'Your account has been deleted. A last email confirms it.',
  },
};

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const location = useLocation();
  const accountDeleted = (location.state as { notice?: string } | null)?.notice === 'accountDeleted';
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  // Kept so that going back from the code step does not make the visitor type it again.
  const [lastEmail, setLastEmail] = useState('');
  useFocusFirstInvalid(formRef, errors);

  // Passkeys (F1.10): offered in the address field's suggestions, or by their own button.
  const passkeyOutcome = (outcome: PasskeyOutcome) => {
    if (outcome.signedIn) navigate('/', { replace: true });
    else if (outcome.problemCode === 'email_not_verified') setErrors({ fields: {}, message: t.emailNotVerified });
    else if (outcome.message) setErrors({ fields: {}, message: outcome.message });
  };
  usePasskeyAutofill(passkeyOutcome);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email');
    const password = String(form.get('password') ?? '');
    const invalid = fieldErrors({ email: checkEmail(email, c), password: password ? undefined : c.required.password }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await signInWithPassword({ email, password });
    setBusy(false);
    if (result.ok) {
      navigate('/', { replace: true });
    } else if (result.problem.code === 'invalid_credentials') {
      setErrors({ fields: {}, message: t.invalidCredentials });
    } else if (result.problem.code === 'email_not_verified') {
      setErrors({ fields: {}, message: t.emailNotVerified });
    } else {
      setErrors(failureToFormErrors(result, FIELDS, c));
    }
  }

  // Uses the address already typed, so asking for a code is a single click.
  async function sendCode() {
    const form = formRef.current;
    if (busy || !form) return;
    const email = formText(new FormData(form), 'email');
    const invalid = fieldErrors({ email: checkEmail(email, c) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await requestSignInCode(email);
    setBusy(false);
    if (result.ok) {
      setLastEmail(email);
      setCodeSentTo(email);
    }
    else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  if (codeSentTo) {
    return (
      // Keys remount the heading so that each step change moves focus like a page change.
      <section className="card narrow" key="code">
        <PageHeading>{t.title}</PageHeading>
        <CodeSignInForm email={codeSentTo} onCancel={() => setCodeSentTo(null)} />
      </section>
    );
  }

  return (
    <section className="card narrow" key="password">
      <PageHeading>{t.title}</PageHeading>
      <Alert tone="success">{accountDeleted ? t.accountDeleted : null}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={signIn}>
        <TextField
          label={c.emailLabel}
          name="email"
          type="email"
          autoComplete="username webauthn"
          defaultValue={lastEmail}
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
          <Link to="/forgot-password">{c.forgotPasswordLink}</Link>
        </div>
        <p className="muted">{t.or}</p>
        <Button variant="secondary" busy={busy} onClick={sendCode}>
          {t.requestCode}
        </Button>
        <PasskeySignInButton onOutcome={passkeyOutcome} disabled={busy} />
      </form>
      <p className="links">
        {t.noAccount} <Link to="/sign-up">{c.signUpLink}</Link>
      </p>
    </section>
  );
}
