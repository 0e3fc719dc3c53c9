import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { acceptInvitation, getMe, lookUpInvitation, signOut, type Customer, type InvitationPreview } from '../portal-api';

const fr = {
  title: 'Rejoindre une entreprise',
  loading: 'Chargement de l’invitation…',
  invalidLink: 'Cette invitation n’est pas valable : elle a peut-être expiré, été annulée ou déjà servi. Demandez à un administrateur de l’entreprise de vous en envoyer une nouvelle.',
  invitedBy: (inviter: string | null, company: string) =>
    inviter ? `${inviter} vous invite à rejoindre ${company}.` : `Vous êtes invité à rejoindre ${company}.`,
  asRole: { admin: 'Vous en serez administrateur.', member: 'Vous en serez utilisateur.' },
  sentTo: (email: string) => `Invitation envoyée à ${email}.`,
  newAccount: 'Pour accepter, indiquez votre nom : votre compte sera créé avec cette adresse, déjà confirmée par ce lien.',
  existingAccount: 'Cette adresse a déjà un compte : en acceptant, vous y serez connecté.',
  firstName: 'Prénom',
  lastName: 'Nom',
  password: 'Mot de passe (facultatif)',
  passwordHint: 'Sans mot de passe, vous vous connecterez avec un code reçu par e-mail. 12 caractères minimum.',
  accept: 'Accepter l’invitation',
  join: (company: string) => `Rejoindre ${company}`,
  otherAccount: (email: string, mine: string) =>
    `Cette invitation a été envoyée à ${email}, mais vous êtes connecté avec ${mine}. Déconnectez-vous pour l’accepter avec la bonne adresse.`,
  signOut: 'Se déconnecter',
  refusals: {
    consumer_account:
      'Cette adresse est celle d’un compte client particulier : cette boutique sépare comptes particuliers et professionnels. Demandez une invitation à votre adresse professionnelle.',
    invitation_for_another_address: 'Cette invitation a été envoyée à une autre adresse e-mail. Déconnectez-vous puis rouvrez le lien.',
  } as Record<string, string>,
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Join a company',
    loading: 'Loading the invitation…',
    invalidLink: 'This invitation is not valid: it may have expired, been cancelled or been used already. Ask an administrator of the company to send you a new one.',
    invitedBy: (inviter, company) => (inviter ? `${inviter} invites you to join ${company}.` : `You are invited to join ${company}.`),
    asRole: { admin: 'You will be an administrator.', member: 'You will be a user.' },
    sentTo: (email) => `Invitation sent to ${email}.`,
    newAccount: 'To accept, give your name: your account will be created with this address, already confirmed by this link.',
    existingAccount: 'This address already has an account: accepting signs you in to it.',
    firstName: 'First name',
    lastName: 'Last name',
    password: 'Password (optional)',
    passwordHint: 'Without a password, you sign in with a code sent by email. At least 12 characters.',
    accept: 'Accept the invitation',
    join: (company) => `Join ${company}`,
    otherAccount: (email, mine) =>
      `This invitation was sent to ${email}, but you are signed in as ${mine}. Sign out to accept it with the right address.`,
    signOut: 'Sign out',
    refusals: {
      consumer_account:
        'This address belongs to a personal customer account: this shop keeps personal and business accounts apart. Ask for an invitation at your work address.',
      invitation_for_another_address: 'This invitation was sent to another email address. Sign out, then open the link again.',
    },
  },
};

const FIELDS = ['firstName', 'lastName', 'password'] as const;
type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** /invitations/accept?token=…: shows the company, then accepts signed out (with names) or signed in (one button). */
export function InvitationAcceptPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const token = useSearchParams()[0].get('token') ?? '';
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [me, setMe] = useState<Customer | null | undefined>(undefined);
  const [invalid, setInvalid] = useState<string | null>(token ? null : t.invalidLink);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    if (!token) return;
    let current = true;
    void Promise.all([lookUpInvitation(token), getMe()]).then(([found, signedIn]) => {
      if (!current) return;
      setMe(signedIn.ok ? signedIn.data : null);
      if (found.ok) setPreview(found.data);
      else {
        const transient = found.status === 0 || found.status === 429 || found.status >= 500;
        setInvalid(transient ? describeFailure(found, c) : t.invalidLink);
      }
    });
    return () => {
      current = false;
    };
  }, [token, t, c]);

  function explain(result: Failure) {
    if (result.problem.code === 'invalid_token') {
      setPreview(null);
      setInvalid(t.invalidLink);
      return;
    }
    const refusal = t.refusals[result.problem.code];
    setErrors(refusal ? { fields: {}, message: refusal } : failureToFormErrors(result, FIELDS, c));
  }

  async function accept(body: { firstName?: string; lastName?: string; password?: string }) {
    if (busy) return;
    setBusy(true);
    const result = await acceptInvitation({ token, ...body });
    setBusy(false);
    if (result.ok) void navigate('/', { replace: true });
    else explain(result);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const firstName = formText(form, 'firstName');
    const lastName = formText(form, 'lastName');
    // Spaces can be part of a passphrase: never trim it.
    const password = String(form.get('password') ?? '');
    const missing = fieldErrors(
      {
        firstName: firstName ? undefined : c.required.firstName,
        lastName: lastName ? undefined : c.required.lastName,
        password: password && [...password].length < 12 ? c.passwordTooShort : undefined,
      },
      c,
    );
    if (missing) {
      setErrors(missing);
      return;
    }
    void accept({ firstName, lastName, ...(password ? { password } : {}) });
  }

  async function signOutAndStay() {
    await signOut();
    setMe(null);
  }

  let body = null;
  if (preview && me !== undefined) {
    const inviter = preview.invitedBy ? `${preview.invitedBy.firstName} ${preview.invitedBy.lastName}`.trim() : null;
    const sameAddress = me !== null && me.email.trim().toLowerCase() === preview.email.trim().toLowerCase();
    body = (
      <>
        <p>{t.invitedBy(inviter, preview.company.name)}</p>
        <p>
          {t.asRole[preview.role]} <span className="muted">{t.sentTo(preview.email)}</span>
        </p>
        <Alert>{errors.message}</Alert>
        {me !== null && !sameAddress ? (
          <>
            <p>{t.otherAccount(preview.email, me.email)}</p>
            <Button variant="secondary" onClick={() => void signOutAndStay()}>
              {t.signOut}
            </Button>
          </>
        ) : me !== null || preview.hasAccount ? (
          <>
            {me === null ? <p>{t.existingAccount}</p> : null}
            <Button busy={busy} onClick={() => void accept({})}>
              {t.join(preview.company.name)}
            </Button>
          </>
        ) : (
          <form ref={formRef} noValidate onSubmit={submit}>
            <p>{t.newAccount}</p>
            <TextField label={t.firstName} name="firstName" autoComplete="given-name" error={errors.fields.firstName} />
            <TextField label={t.lastName} name="lastName" autoComplete="family-name" error={errors.fields.lastName} />
            <TextField
              label={t.password}
              name="password"
              type="password"
              autoComplete="new-password"
              hint={t.passwordHint}
              error={errors.fields.password}
            />
            <Button type="submit" busy={busy}>
              {t.accept}
            </Button>
          </form>
        )}
      </>
    );
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      {invalid ? (
        <>
          <Alert>{invalid}</Alert>
          <p>
            <Link to="/">{c.section}</Link>
          </p>
        </>
      ) : (
        (body ?? <p role="status">{t.loading}</p>)
      )}
    </section>
  );
}
