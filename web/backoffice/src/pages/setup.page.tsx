import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { completeSetup, getSetupLink, type SetupLink } from '../backoffice-api';
import { common } from '../common.messages';
import { checkEmail, checkNewPassword, describeFailure, failureToFormErrors, fieldErrors, formText, type Failure } from '../../../ui/form-outcome';
import { pathAfterSignIn } from './sign-in.page';

const fr = {
  title: 'Créer votre accès au back-office',
  intro: 'Choisissez le nom affiché à vos collègues et votre mot de passe. La double authentification suit.',
  firstRun:
    'Premier démarrage : ce lien crée le compte du propriétaire de la boutique, qui a tous les droits du back-office. Indiquez votre adresse e-mail, votre nom et votre mot de passe.',
  emailTerm: 'Adresse e-mail',
  roleTerm: 'Rôle',
  expiresTerm: 'Lien valable jusqu’au',
  submit: 'Créer mon accès',
  invalidTitle: 'Lien non valable',
  invalid:
    'Ce lien de création d’accès a expiré ou a déjà servi. Demandez-en un nouveau à un administrateur du back-office, ou à la personne qui gère le serveur (npx comptoir staff create).',
  signIn: 'Se connecter au back-office',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Set up your back office access',
    intro: 'Choose the name your colleagues will see and your password. Two-factor authentication comes next.',
    firstRun:
      'First start: this link creates the account of the shop’s owner, who holds every right in the back office. Enter your email address, your name and your password.',
    emailTerm: 'Email address',
    roleTerm: 'Role',
    expiresTerm: 'Link valid until',
    submit: 'Create my access',
    invalidTitle: 'Link not valid',
    invalid:
      'This set-up link has expired or has already been used. Ask a back office administrator for a new one, or the person who runs the server (npx comptoir staff create).',
    signIn: 'Sign in to the back office',
  },
};

const FIELDS = ['email', 'name', 'password'] as const;

function InvalidLink() {
  const t = useMessages(messages);
  return (
    <section className="card narrow" key="invalid">
      <PageHeading>{t.invalidTitle}</PageHeading>
      <p>{t.invalid}</p>
      <p>
        <Link to="/sign-in">{t.signIn}</Link>
      </p>
    </section>
  );
}

export function SetupPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const token = useSearchParams()[0].get('token') ?? '';
  const formRef = useRef<HTMLFormElement>(null);
  const [link, setLink] = useState<SetupLink | null>(null);
  const [invalid, setInvalid] = useState(!token);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    if (!token) return;
    let current = true;
    void getSetupLink(token).then((result) => {
      if (!current) return;
      if (result.ok) setLink(result.data);
      else if (result.status === 404) setInvalid(true);
      else setLoadFailure(result);
    });
    return () => {
      current = false;
    };
  }, [token]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    // The first-run link names nobody: the owner types their address; other links carry one.
    const email = link?.email ?? formText(form, 'email');
    const name = formText(form, 'name');
    const password = String(form.get('password') ?? '');
    const problems = fieldErrors(
      { email: checkEmail(email, c), name: name ? undefined : c.required.name, password: checkNewPassword(password, c) },
      c,
    );
    setErrors(problems ?? NO_ERRORS);
    if (problems) return;

    setBusy(true);
    const result = await completeSetup({ token, name, password, ...(link?.email ? {} : { email }) });
    setBusy(false);
    if (result.ok) void navigate(pathAfterSignIn(result.data.next), { replace: true });
    else if (result.status === 404 || result.problem.code === 'invalid_token') setInvalid(true);
    else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  if (invalid) return <InvalidLink />;
  if (loadFailure) return <Alert>{describeFailure(loadFailure, c)}</Alert>;
  if (!link) return <p role="status">{c.loading}</p>;

  return (
    <section className="card narrow" key="form">
      <PageHeading>{t.title}</PageHeading>
      <p>{link.email ? t.intro : t.firstRun}</p>
      <dl className="details">
        {link.email ? (
          <>
            <dt>{t.emailTerm}</dt>
            <dd>{link.email}</dd>
          </>
        ) : null}
        <dt>{t.roleTerm}</dt>
        <dd>{c.roles[link.role]}</dd>
        <dt>{t.expiresTerm}</dt>
        <dd>{formatDateTime(locale, link.expiresAt)}</dd>
      </dl>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        {link.email ? (
          // Lets a password manager file the new password under the right address.
          <input type="hidden" name="username" autoComplete="username" value={link.email} />
        ) : (
          <TextField
            label={c.emailLabel}
            name="email"
            type="email"
            autoComplete="username"
            spellCheck={false}
            error={errors.fields.email}
          />
        )}
        <TextField label={c.nameLabel} name="name" autoComplete="name" defaultValue={link.name ?? ''} error={errors.fields.name} />
        <TextField
          label={c.passwordLabel}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={c.passwordHint}
          error={errors.fields.password}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}
