import { useCallback, useEffect, useId, useState } from 'react';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { listEmails, type SentEmail } from '../portal-api';

const fr = {
  title: 'Historique des e-mails',
  intro: 'Les e-mails que nous vous avons envoyés, du plus récent au plus ancien.',
  empty: 'Aucun e-mail pour le moment.',
  sentOn: (date: string) => `Envoyé le ${date}`,
  createdOn: (date: string) => `Créé le ${date}`,
  more: 'Afficher plus d’e-mails',
  statuses: {
    queued: 'En attente',
    pending: 'En attente',
    sending: 'En cours d’envoi',
    sent: 'Envoyé',
    delivered: 'Distribué',
    failed: 'Échec de l’envoi',
    bounced: 'Non distribué',
  } as Record<string, string>,
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Email history',
    intro: 'The emails we sent you, newest first.',
    empty: 'No emails yet.',
    sentOn: (date) => `Sent on ${date}`,
    createdOn: (date) => `Created on ${date}`,
    more: 'Show more emails',
    statuses: {
      queued: 'Waiting',
      pending: 'Waiting',
      sending: 'Sending',
      sent: 'Sent',
      delivered: 'Delivered',
      failed: 'Not sent',
      bounced: 'Not delivered',
    },
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

export function EmailsSection({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const id = useId();
  const [emails, setEmails] = useState<SentEmail[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (cursor: string | null, isCurrent: () => boolean = () => true) => {
      setBusy(true);
      setFailure(null);
      const result = await listEmails(cursor);
      if (!isCurrent()) return;
      setBusy(false);
      if (result.ok) {
        setEmails((list) => [...(cursor ? (list ?? []) : []), ...result.data.items]);
        setNextCursor(result.data.nextCursor);
      } else if (result.status === 401) onUnauthenticated();
      else setFailure(result);
    },
    [onUnauthenticated],
  );

  useEffect(() => {
    let current = true;
    void load(null, () => current);
    return () => {
      current = false;
    };
  }, [load]);

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {emails === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : emails.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul className="item-list">
          {emails.map((email) => (
            <li key={email.id}>
              <div>
                <p className="item__title">{email.subject}</p>
                <p className="item__meta">
                  {email.sentAt
                    ? t.sentOn(formatDateTime(locale, email.sentAt))
                    : t.createdOn(formatDateTime(locale, email.createdAt))}
                  {' · '}
                  {t.statuses[email.status] ?? email.status}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <div className="actions">
          <Button variant="secondary" busy={busy} onClick={() => load(nextCursor)}>
            {t.more}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
