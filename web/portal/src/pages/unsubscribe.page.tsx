import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { describeUnsubscribeLink, unsubscribe, type ConsentPurpose, type UnsubscribeLink } from '../portal-api';

const fr = {
  title: 'Désabonnement',
  what: {
    newsletter_email: (shop: string) => `la newsletter de ${shop}`,
    promotional_email: (shop: string) => `les offres et promotions de ${shop} par e-mail`,
    sms: (shop: string) => `les offres de ${shop} par SMS`,
  } satisfies Record<ConsentPurpose, (shop: string) => string>,
  question: (what: string, email: string) => `Vous ne souhaitez plus recevoir ${what} à l’adresse ${email}${'\u00a0'}?`,
  oneClick: 'Un clic suffit, sans vous connecter. Vos autres choix ne changent pas.',
  unsubscribe: 'Me désabonner',
  done: (what: string) => `C’est fait${'\u00a0'}: vous ne recevrez plus ${what}.`,
  alreadyDone: (what: string) => `Vous êtes déjà désabonné(e)${'\u00a0'}: vous ne recevez plus ${what}.`,
  changeMind: 'Vous pouvez changer d’avis à tout moment depuis votre compte.',
  preferencesLink: 'Gérer mes préférences de communication',
  invalidLink:
    'Ce lien de désabonnement n’est pas valable. Vérifiez que le lien a été ouvert en entier. Connectez-vous pour gérer vos préférences de communication.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Unsubscribe',
    what: {
      newsletter_email: (shop) => `the ${shop} newsletter`,
      promotional_email: (shop) => `offers and promotions from ${shop} by email`,
      sms: (shop) => `offers from ${shop} by text message`,
    },
    question: (what, email) => `Do you no longer wish to receive ${what} at ${email}?`,
    oneClick: 'One click is enough, without signing in. Your other choices do not change.',
    unsubscribe: 'Unsubscribe me',
    done: (what) => `Done: you will no longer receive ${what}.`,
    alreadyDone: (what) => `You are already unsubscribed: you no longer receive ${what}.`,
    changeMind: 'You can change your mind at any time from your account.',
    preferencesLink: 'Manage my communication preferences',
    invalidLink:
      'This unsubscribe link is not valid. Check that the whole link was opened. Sign in to manage your communication preferences.',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/**
 * The page behind the unsubscribe link in a marketing email's footer. Opening it changes
 * nothing (link scanners open links too): the person confirms with the button.
 */
export function UnsubscribePage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const token = useSearchParams()[0].get('token');
  const [link, setLink] = useState<UnsubscribeLink | null>(null);
  const [failure, setFailure] = useState<Failure | 'missing' | null>(token ? null : 'missing');
  const [outcome, setOutcome] = useState<'done' | 'alreadyDone' | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    let current = true;
    void describeUnsubscribeLink(token).then((result) => {
      if (!current) return;
      if (!result.ok) setFailure(result);
      else {
        setLink(result.data);
        if (!result.data.subscribed) setOutcome('alreadyDone');
      }
    });
    return () => {
      current = false;
    };
  }, [token]);

  async function confirm() {
    if (!token || busy) return;
    setBusy(true);
    setFailure(null);
    const result = await unsubscribe(token);
    setBusy(false);
    if (result.ok) setOutcome(result.data.alreadyWithdrawn ? 'alreadyDone' : 'done');
    else setFailure(result);
  }

  let failureMessage: string | null = null;
  if (failure === 'missing') failureMessage = t.invalidLink;
  else if (failure) {
    const transient = failure.status === 0 || failure.status === 429 || failure.status >= 500;
    failureMessage = transient ? describeFailure(failure, c) : t.invalidLink;
  }
  const what = link ? t.what[link.purpose](link.shopName) : '';

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      <Alert tone="success">{outcome && link ? t[outcome](what) : null}</Alert>
      <Alert>{failureMessage}</Alert>
      {link && !outcome ? (
        <>
          <p>{t.question(what, link.email)}</p>
          <p className="muted">{t.oneClick}</p>
          <div className="actions">
            <Button busy={busy} onClick={confirm}>
              {t.unsubscribe}
            </Button>
          </div>
        </>
      ) : null}
      {!link && !failure ? <p role="status">{c.loading}</p> : null}
      {outcome ? <p>{t.changeMind}</p> : null}
      {outcome || failure ? (
        <p>
          <Link to="/preferences">{t.preferencesLink}</Link>
        </p>
      ) : null}
    </section>
  );
}
