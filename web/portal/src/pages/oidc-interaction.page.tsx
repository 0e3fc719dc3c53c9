import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { checkEmail, describeFailure, failureToFormErrors, fieldErrors, formText, type Failure } from '../../../ui/form-outcome';
import { common } from '../common.messages';
import { api } from '../portal-api';

// A storefront's sign-in through Comptoir (OpenID Connect, F7.4): the provider sends the
// browser here (/oidc/interaction/:uid); the customer signs in with the password, an emailed
// code or a passkey, then — for a storefront that is not the shop's own — allows what it asks
// for. The browser then goes back to the provider, which returns to the storefront.

type Interaction = {
  uid: string;
  step: 'login' | 'consent';
  client: { clientId: string; name: string; firstParty: boolean };
  scopes: string[];
  missingScopes: string[];
  loginHint: string | null;
};

const fr = {
  loading: 'Chargement…',
  signInTitle: (client: string) => `Se connecter à ${client}`,
  signInIntro: 'Utilisez votre compte client de la boutique.',
  submit: 'Se connecter',
  or: 'ou, sans mot de passe :',
  requestCode: 'Recevoir un code par e-mail',
  codeLabel: 'Code reçu par e-mail',
  codeHint: (email: string) => `Saisissez les 6 chiffres envoyés à ${email}.`,
  verifyCode: 'Valider le code',
  usePassword: 'Utiliser mon mot de passe',
  passkey: 'Se connecter avec une clé d’accès',
  passkeyRefused: 'Cette clé d’accès n’a pas été acceptée. Réessayez, ou connectez-vous avec votre mot de passe ou un code reçu par e-mail.',
  passkeyCancelled: 'La connexion avec une clé d’accès a été annulée.',
  passkeyOtherSite: 'Les clés d’accès de cette boutique ne servent que sur son propre site. Connectez-vous ici avec votre mot de passe ou un code reçu par e-mail.',
  invalidCredentials: 'Adresse e-mail ou mot de passe incorrect.',
  invalidCode: 'Ce code est incorrect ou a expiré.',
  tooManyAttempts: 'Trop d’essais avec ce code. Demandez un nouveau code.',
  emailNotVerified: 'Votre adresse e-mail n’est pas encore confirmée : ouvrez le lien de l’e-mail que nous venons d’envoyer, ou connectez-vous avec un code.',
  consentTitle: (client: string) => `${client} demande l’accès à votre compte`,
  consentIntro: 'Si vous acceptez, ce site recevra :',
  allow: 'Autoriser',
  cancel: 'Annuler',
  expired: 'Cette demande de connexion a expiré. Retournez sur la boutique et connectez-vous à nouveau.',
  redirecting: 'Redirection vers la boutique…',
  scopes: {
    openid: 'votre identifiant de client',
    profile: 'votre nom et votre langue',
    email: 'votre adresse e-mail',
    offline_access: 'le droit de vous garder connecté',
    comptoir: 'votre entreprise, votre site et vos conditions d’achat',
  } as Record<string, string>,
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    loading: 'Loading…',
    signInTitle: (client) => `Sign in to ${client}`,
    signInIntro: 'Use your customer account of the shop.',
    submit: 'Sign in',
    or: 'or, without a password:',
    requestCode: 'Email me a sign-in code',
    codeLabel: 'Code received by email',
    codeHint: (email) => `Enter the 6 digits sent to ${email}.`,
    verifyCode: 'Check the code',
    usePassword: 'Use my password instead',
    passkey: 'Sign in with a passkey',
    passkeyRefused: 'This passkey was not accepted. Try again, or sign in with your password or a code sent by email.',
    passkeyCancelled: 'Signing in with a passkey was cancelled.',
    passkeyOtherSite: 'This shop’s passkeys work on its own site only. Sign in here with your password or a code sent by email.',
    invalidCredentials: 'Wrong email address or password.',
    invalidCode: 'This code is wrong or has expired.',
    tooManyAttempts: 'Too many tries with this code. Ask for a new code.',
    emailNotVerified: 'Your email address is not confirmed yet: open the link in the email we just sent, or sign in with a code.',
    consentTitle: (client) => `${client} asks to access your account`,
    consentIntro: 'If you allow it, this site will receive:',
    allow: 'Allow',
    cancel: 'Cancel',
    expired: 'This sign-in request has expired. Go back to the shop and sign in again.',
    redirecting: 'Taking you back to the shop…',
    scopes: {
      openid: 'your customer identifier',
      profile: 'your name and language',
      email: 'your email address',
      offline_access: 'permission to keep you signed in',
      comptoir: 'your company, location and buying terms',
    },
  },
};

const FIELDS = ['email', 'password', 'code'] as const;

export function OidcInteractionPage() {
  const t = useMessages(messages);
  const { uid = '' } = useParams();
  const [interaction, setInteraction] = useState<Interaction | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void api.get<Interaction>(`/api/oidc/interactions/${encodeURIComponent(uid)}`).then((result) => {
      if (!current) return;
      if (result.ok) setInteraction(result.data);
      else setFailed(result.status === 404 ? 'expired' : 'error');
    });
    return () => {
      current = false;
    };
  }, [uid]);

  if (failed) {
    return (
      <section className="card narrow">
        <PageHeading>{t.signInTitle('…')}</PageHeading>
        <Alert>{t.expired}</Alert>
      </section>
    );
  }
  if (!interaction) return <p role="status">{t.loading}</p>;
  return interaction.step === 'login' ? <SignInStep interaction={interaction} /> : <ConsentStep interaction={interaction} />;
}

/** The provider's resume address: it finishes the sign-in and returns to the storefront. */
function goBack(redirectTo: string) {
  window.location.assign(redirectTo);
}

function SignInStep({ interaction }: { interaction: Interaction }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [codeSentTo, setCodeSentTo] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const base = `/api/oidc/interactions/${encodeURIComponent(interaction.uid)}`;

  async function submit(body: Record<string, string>) {
    setBusy(true);
    const result = await api.post<{ redirectTo: string }>(`${base}/login`, body);
    setBusy(false);
    finish(result, t.invalidCredentials);
  }

  /** Back to the provider once signed in; otherwise the refusal in words. */
  function finish(result: ApiResult<{ redirectTo: string }> | Failure, refused: string) {
    if (result.ok) {
      setRedirecting(true);
      goBack(result.data.redirectTo);
    } else if (result.problem.code === 'invalid_credentials') setErrors({ fields: {}, message: refused });
    else if (result.problem.code === 'invalid_code') setErrors({ fields: { code: t.invalidCode }, message: t.invalidCode });
    else if (result.problem.code === 'too_many_attempts') setErrors({ fields: {}, message: t.tooManyAttempts });
    else if (result.problem.code === 'email_not_verified') setErrors({ fields: {}, message: t.emailNotVerified });
    else if (result.problem.code === 'interaction_not_found') setErrors({ fields: {}, message: t.expired });
    else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    if (codeSentTo) {
      const code = formText(form, 'code').replace(/\D/g, '');
      const invalid = fieldErrors({ code: !code ? c.required.code : code.length !== 6 ? c.codeFormat : undefined }, c);
      setErrors(invalid ?? NO_ERRORS);
      if (!invalid) await submit({ method: 'code', email: codeSentTo, code });
      return;
    }
    const email = formText(form, 'email');
    const password = String(form.get('password') ?? '');
    const invalid = fieldErrors({ email: checkEmail(email, c), password: password ? undefined : c.required.password }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (!invalid) await submit({ method: 'password', email, password });
  }

  // A passkey (F1.10): the same ceremony as the portal's sign-in, with this request's challenge
  // (the storefront's market), then the same next step as a password.
  async function signInWithPasskey() {
    if (busy) return;
    setErrors(NO_ERRORS);
    setBusy(true);
    const options = await api.post<PublicKeyCredentialRequestOptionsJSON>(`${base}/passkey/options`);
    if (!options.ok) {
      setBusy(false);
      finish(options, t.passkeyRefused);
      return;
    }
    let response;
    try {
      response = await startAuthentication({ optionsJSON: options.data });
    } catch (error) {
      setBusy(false);
      // AbortError: another ceremony took over, nothing to say. NotAllowedError: the prompt was
      // closed or timed out. SecurityError: the market's RP ID is not this page's site (a market
      // with its own address; the sign-in page is on the issuer's).
      const name = error instanceof Error ? error.name : '';
      if (name === 'AbortError') return;
      const message = name === 'NotAllowedError' ? t.passkeyCancelled : name === 'SecurityError' ? t.passkeyOtherSite : t.passkeyRefused;
      setErrors({ fields: {}, message });
      return;
    }
    const result = await api.post<{ redirectTo: string }>(`${base}/passkey`, { response });
    setBusy(false);
    finish(result, t.passkeyRefused);
  }

  async function sendCode() {
    const form = formRef.current;
    if (busy || !form) return;
    const email = formText(new FormData(form), 'email');
    const invalid = fieldErrors({ email: checkEmail(email, c) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await api.post(`${base}/login-code`, { email });
    setBusy(false);
    if (result.ok) setCodeSentTo(email);
    else setErrors(failureToFormErrors(result, FIELDS, c));
  }

  if (redirecting) return <p role="status">{t.redirecting}</p>;
  return (
    // Keys remount the heading so that each step change moves focus like a page change.
    <section className="card narrow" key={codeSentTo ? 'code' : 'password'}>
      <PageHeading>{t.signInTitle(interaction.client.name)}</PageHeading>
      <p>{t.signInIntro}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={signIn}>
        {codeSentTo ? (
          <>
            <TextField
              label={t.codeLabel}
              hint={t.codeHint(codeSentTo)}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={errors.fields.code}
            />
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t.verifyCode}
              </Button>
              <Button variant="secondary" onClick={() => setCodeSentTo(null)}>
                {t.usePassword}
              </Button>
            </div>
          </>
        ) : (
          <>
            <TextField
              label={c.emailLabel}
              name="email"
              type="email"
              autoComplete="username"
              defaultValue={interaction.loginHint ?? ''}
              spellCheck={false}
              required
              error={errors.fields.email}
            />
            <TextField label={c.passwordLabel} name="password" type="password" autoComplete="current-password" error={errors.fields.password} />
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t.submit}
              </Button>
            </div>
            <p className="muted">{t.or}</p>
            <div className="actions">
              <Button variant="secondary" busy={busy} onClick={sendCode}>
                {t.requestCode}
              </Button>
              {browserSupportsWebAuthn() && (
                <Button variant="secondary" busy={busy} onClick={signInWithPasskey}>
                  {t.passkey}
                </Button>
              )}
            </div>
          </>
        )}
      </form>
      <CancelButton uid={interaction.uid} disabled={busy} />
    </section>
  );
}

function ConsentStep({ interaction }: { interaction: Interaction }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function allow() {
    setBusy(true);
    const result = await api.post<{ redirectTo: string }>(`/api/oidc/interactions/${encodeURIComponent(interaction.uid)}/consent`);
    if (result.ok) goBack(result.data.redirectTo);
    else {
      setBusy(false);
      setMessage(result.status === 404 ? t.expired : describeFailure(result, c));
    }
  }

  const asked = interaction.missingScopes.length > 0 ? interaction.missingScopes : interaction.scopes;
  return (
    <section className="card narrow">
      <PageHeading>{t.consentTitle(interaction.client.name)}</PageHeading>
      <Alert>{message}</Alert>
      <p>{t.consentIntro}</p>
      <ul>
        {asked.map((scope) => (
          <li key={scope}>{t.scopes[scope] ?? scope}</li>
        ))}
      </ul>
      <div className="actions">
        <Button busy={busy} onClick={() => void allow()}>
          {t.allow}
        </Button>
        <CancelButton uid={interaction.uid} disabled={busy} />
      </div>
    </section>
  );
}

/** The storefront is told the customer declined (access_denied). */
function CancelButton({ uid, disabled }: { uid: string; disabled: boolean }) {
  const t = useMessages(messages);
  async function cancel() {
    const result = await api.post<{ redirectTo: string }>(`/api/oidc/interactions/${encodeURIComponent(uid)}/abort`);
    if (result.ok) goBack(result.data.redirectTo);
  }
  return (
    <Button variant="secondary" disabled={disabled} onClick={() => void cancel()}>
      {t.cancel}
    </Button>
  );
}
