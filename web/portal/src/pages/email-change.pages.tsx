import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { confirmEmailChange, reportEmailChange } from '../portal-api';

const fr = {
  confirm: {
    title: 'Confirmer votre nouvelle adresse e-mail',
    intro: 'Une fois confirmée, c’est avec cette adresse que vous vous connecterez, et c’est à elle que nous écrirons.',
    action: 'Confirmer ma nouvelle adresse',
    done: (email: string) => `C’est fait : vous vous connectez désormais avec ${email}.`,
    emailTaken: 'Cette adresse est entre-temps devenue celle d’un autre compte : elle ne peut pas être la vôtre. Votre adresse actuelle reste inchangée.',
    invalidLink: 'Ce lien n’est pas valable : il a peut-être déjà servi, expiré, ou été remplacé par une demande plus récente.',
    toAccount: 'Aller à mon compte',
  },
  report: {
    title: 'Vous n’avez pas demandé ce changement ?',
    intro: 'En le signalant, nous annulons le changement d’adresse (ou remettons votre adresse si le changement a déjà eu lieu), fermons toutes les sessions ouvertes sur votre compte et vous envoyons un lien pour choisir un nouveau mot de passe.',
    action: 'Signaler et sécuriser mon compte',
    done: 'C’est noté. Toutes les sessions de votre compte ont été fermées et un lien pour choisir un nouveau mot de passe vous a été envoyé par e-mail.',
    restored: 'Votre adresse e-mail est de nouveau celle de votre compte.',
    invalidLink: 'Ce lien n’est pas valable : il a peut-être déjà servi ou expiré. Si vous pensez que quelqu’un utilise votre compte, choisissez un nouveau mot de passe.',
    forgotPassword: 'Choisir un nouveau mot de passe',
  },
  missing: 'Ce lien est incomplet : ouvrez-le à nouveau depuis l’e-mail reçu.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    confirm: {
      title: 'Confirm your new email address',
      intro: 'Once confirmed, this is the address you sign in with, and the one we write to.',
      action: 'Confirm my new address',
      done: (email) => `Done: you now sign in with ${email}.`,
      emailTaken: 'This address has meanwhile become another account’s: it cannot be yours. Your current address is unchanged.',
      invalidLink: 'This link is not valid: it may have been used already, have expired, or been replaced by a newer request.',
      toAccount: 'Go to my account',
    },
    report: {
      title: 'You did not ask for this change?',
      intro: 'When you report it, we cancel the change of address (or put your address back if it already changed), sign out every session of your account and send you a link to choose a new password.',
      action: 'Report it and secure my account',
      done: 'Thank you. Every session of your account was signed out and a link to choose a new password was emailed to you.',
      restored: 'Your email address is your account’s again.',
      invalidLink: 'This link is not valid: it may have been used already or have expired. If you think someone uses your account, choose a new password.',
      forgotPassword: 'Choose a new password',
    },
    missing: 'This link is incomplete: open it again from the email you received.',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** Used and expired links answer 4xx; a slow-down or an outage deserves its own sentence. */
const isTransient = (failure: Failure) => failure.status === 0 || failure.status === 429 || failure.status >= 500;

/**
 * The link sent to the new address. It acts only on a button press: mail scanners that open
 * links must not confirm on their own.
 */
export function EmailChangeConfirmPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const token = useSearchParams()[0].get('token');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(token ? null : t.missing);

  async function confirm() {
    if (!token || busy) return;
    setBusy(true);
    setFailure(null);
    const result = await confirmEmailChange(token);
    setBusy(false);
    if (result.ok) setDone(result.data.email);
    else if (isTransient(result)) setFailure(describeFailure(result, c));
    else setFailure(result.problem.code === 'email_taken' ? t.confirm.emailTaken : t.confirm.invalidLink);
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.confirm.title}</PageHeading>
      <Alert tone="success">{done ? t.confirm.done(done) : null}</Alert>
      <Alert>{failure}</Alert>
      {done ? (
        <p>
          <Link to="/">{t.confirm.toAccount}</Link>
        </p>
      ) : token ? (
        <>
          <p>{t.confirm.intro}</p>
          <div className="actions">
            <Button busy={busy} onClick={confirm}>
              {t.confirm.action}
            </Button>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** "It wasn't me", from the notice sent to the previous address; also acts only on a button press. */
export function EmailChangeReportPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const token = useSearchParams()[0].get('token');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ emailRestored: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(token ? null : t.missing);

  async function report() {
    if (!token || busy) return;
    setBusy(true);
    setFailure(null);
    const result = await reportEmailChange(token);
    setBusy(false);
    if (result.ok) setDone(result.data);
    else setFailure(isTransient(result) ? describeFailure(result, c) : t.report.invalidLink);
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.report.title}</PageHeading>
      <Alert tone="success">{done ? [t.report.done, done.emailRestored ? t.report.restored : ''].join(' ').trim() : null}</Alert>
      <Alert>{failure}</Alert>
      {done ? null : token && !failure ? (
        <>
          <p>{t.report.intro}</p>
          <div className="actions">
            <Button busy={busy} onClick={report}>
              {t.report.action}
            </Button>
          </div>
        </>
      ) : (
        <p>
          <Link to="/forgot-password">{t.report.forgotPassword}</Link>
        </p>
      )}
    </section>
  );
}
