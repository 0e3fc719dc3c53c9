import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure } from '../../../ui/form-outcome';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { announceMessagesChanged, changeMyMessage, type InboxMessage } from '../messages-api';
import { formatDate, messagesTexts } from './messages.messages';
import { ordersMessages } from './orders.messages';
import { useFailureHandler, useLoad, type Failure } from './use-load';

/** One message: opening it marks it read; it can be marked unread again, archived or put back. */
export function MessagePage() {
  const t = useMessages(messagesTexts);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { messageId = '' } = useParams();
  // Opening is reading: the first POST /read records when, and the count in the header drops.
  const { data: message, setData, failure, setFailure } = useLoad(() => changeMyMessage(messageId, 'read'), messageId);
  const onFailure = useFailureHandler(setFailure);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (message) announceMessagesChanged();
  }, [message?.id]);

  async function change(kind: 'unread' | 'archive' | 'unarchive', done: string) {
    setBusy(true);
    const result = await changeMyMessage(messageId, kind);
    setBusy(false);
    if (result.ok) {
      setData(result.data);
      setNotice(done);
      announceMessagesChanged();
    } else onFailure(result as Failure);
  }

  const notFound = failure?.status === 404;
  return (
    <>
      <PageHeading>{message ? message.subject : t.title}</PageHeading>
      <p>
        <Link to="/messages">{t.backToInbox}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? (notFound ? t.notFound : describeFailure(failure, c)) : null}</Alert>
      {message ? (
        <article className="card" aria-labelledby="message-meta">
          <p id="message-meta" className="muted">
            {t.receivedOn(formatDate(locale, message.createdAt))}
            {message.company ? ` · ${t.forCompany(message.company.name)}` : ''}
          </p>
          {message.body.split(/\n\s*\n/).map((paragraph, index) => (
            <p key={index} className="message-body">
              {paragraph}
            </p>
          ))}
          <Attachments message={message} kindLabel={(kind) => o.documentKinds[kind as keyof typeof o.documentKinds] ?? kind} />
          <div className="actions">
            {message.archivedAt ? (
              <Button variant="secondary" busy={busy} onClick={() => void change('unarchive', t.unarchivedNotice)}>
                {t.unarchive}
              </Button>
            ) : (
              <Button variant="secondary" busy={busy} onClick={() => void change('archive', t.archivedNotice)}>
                {t.archive}
              </Button>
            )}
            {message.readAt ? (
              <Button variant="secondary" busy={busy} onClick={() => void change('unread', t.unreadNotice)}>
                {t.markUnread}
              </Button>
            ) : null}
          </div>
        </article>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

function Attachments({ message, kindLabel }: { message: InboxMessage; kindLabel: (kind: string) => string }) {
  const t = useMessages(messagesTexts);
  if (message.attachments.length === 0) return null;
  return (
    <>
      <h2 className="subheading">{t.attachments}</h2>
      <ul className="plain-list">
        {message.attachments.map((attachment) => (
          <li key={attachment.documentId}>
            <Link to={attachment.companyId ? `/companies/${attachment.companyId}/documents/${attachment.documentId}` : `/documents/${attachment.documentId}`}>
              {kindLabel(attachment.kind)} {attachment.number}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
