import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { verifyEmail } from '../portal-api';

const fr = {
  title: 'Confirmation de votre adresse e-mail',
  pending: 'Confirmation en cours…',
  invalidLink: 'Ce lien de confirmation n’est pas valable : il a peut-être déjà servi ou expiré.',
  signInInstead: 'Connectez-vous : la connexion avec un code reçu par e-mail confirme aussi votre adresse.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Confirming your email address',
    pending: 'Confirming…',
    invalidLink: 'This confirmation link is not valid: it may have been used already or have expired.',
    signInInstead: 'Sign in instead: signing in with a code sent by email also confirms your address.',
  },
};

type Verification = Awaited<ReturnType<typeof verifyEmail>>;

/**
 * Tokens are single use, so a second request for the same token (a remount, React's strict
 * mode) must share the first one instead of spending the token twice.
 */
const verifications = new Map<string, Promise<Verification>>();

function verifyOnce(token: string): Promise<Verification> {
  let pending = verifications.get(token);
  if (!pending) {
    pending = verifyEmail(token);
    verifications.set(token, pending);
  }
  return pending;
}

export function VerifyEmailPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const token = useSearchParams()[0].get('token');
  const [failure, setFailure] = useState<Extract<Verification, { ok: false }> | 'missing' | null>(token ? null : 'missing');

  useEffect(() => {
    if (!token) return;
    let current = true;
    void verifyOnce(token).then((result) => {
      if (!current) return;
      if (result.ok) navigate('/', { replace: true, state: { notice: 'emailVerified' } });
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [token, navigate]);

  let message: string | null = null;
  if (failure === 'missing') message = t.invalidLink;
  else if (failure) {
    // Used and expired links answer 4xx; a slow-down or an outage deserves its own sentence.
    const transient = failure.status === 0 || failure.status === 429 || failure.status >= 500;
    message = transient ? describeFailure(failure, c) : t.invalidLink;
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      {failure === null ? <Alert tone="info">{t.pending}</Alert> : null}
      <Alert>{message}</Alert>
      {failure !== null ? (
        <>
          <p>{t.signInInstead}</p>
          <p>
            <Link to="/sign-in">{c.signInLink}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
