import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure } from '../../../ui/form-outcome';
import { Button, RadioGroup } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { getMessagePreferences, listMyMessages, setMessagePreferences, type InboxMessage, type NotificationMode } from '../messages-api';
import { formatDate, messagesTexts } from './messages.messages';
import { useFailureHandler, useLoad, usePagedList, type Failure } from './use-load';

const MODES: readonly NotificationMode[] = ['with_text', 'without_text', 'off'];

/** The inbox (F5.2): the messages, the archived ones, and how the customer hears of new ones. */
export function MessagesPage() {
  const t = useMessages(messagesTexts);
  const c = useMessages(common);
  const { locale } = useLocale();
  const [search] = useSearchParams();
  const archived = search.get('view') === 'archived';
  const [unreadCount, setUnreadCount] = useState<number | null>(null);
  const list = usePagedList(async (cursor) => {
    const result = await listMyMessages(archived ? 'archived' : 'all', cursor);
    if (result.ok) setUnreadCount(result.data.unreadCount);
    return result;
  }, archived ? 'archived' : 'inbox');

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <nav aria-label={t.views} className="links">
        <Link to="/messages" aria-current={archived ? undefined : 'page'}>
          {t.inbox}
        </Link>{' '}
        ·{' '}
        <Link to="/messages?view=archived" aria-current={archived ? 'page' : undefined}>
          {t.archived}
        </Link>
      </nav>
      <section className="card" aria-labelledby="messages-heading">
        <h2 id="messages-heading">{archived ? t.archived : t.inbox}</h2>
        {unreadCount !== null && !archived ? <p id="unread-count">{t.unreadCount(unreadCount)}</p> : null}
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        {list.items === null ? (
          list.failure ? null : <p role="status">{c.loading}</p>
        ) : list.items.length === 0 ? (
          <p>{archived ? t.emptyArchived : t.empty}</p>
        ) : (
          <ul className="item-list">
            {list.items.map((message) => (
              <MessageItem key={message.id} message={message} locale={locale} />
            ))}
          </ul>
        )}
        {list.nextCursor ? (
          <div className="actions">
            <Button variant="secondary" busy={list.busy} onClick={list.more}>
              {t.more}
            </Button>
          </div>
        ) : null}
      </section>
      <PreferencesSection />
    </>
  );
}

function MessageItem({ message, locale }: { message: InboxMessage; locale: 'fr' | 'en' }) {
  const t = useMessages(messagesTexts);
  const unread = message.readAt === null;
  return (
    <li className="item">
      <div className="item__main">
        <p className="item__title">
          <Link to={`/messages/${message.id}`}>{unread ? <strong>{message.subject}</strong> : message.subject}</Link>
          {unread ? <span className="badge badge--warning">{t.unread}</span> : null}
        </p>
        <p className="item__meta muted">
          {t.receivedOn(formatDate(locale, message.createdAt))}
          {message.company ? ` · ${t.forCompany(message.company.name)}` : ''}
        </p>
      </div>
    </li>
  );
}

function PreferencesSection() {
  const t = useMessages(messagesTexts);
  const c = useMessages(common);
  const { data, failure, setFailure } = useLoad(getMessagePreferences, 'message-preferences');
  const onFailure = useFailureHandler(setFailure);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const mode = new FormData(event.currentTarget).get('notification') as NotificationMode | null;
    if (!mode) return;
    setBusy(true);
    setSaved(false);
    const result = await setMessagePreferences(mode);
    setBusy(false);
    if (result.ok) setSaved(true);
    else onFailure(result as Failure);
  }

  return (
    <section className="card" aria-labelledby="message-preferences-heading">
      <h2 id="message-preferences-heading">{t.preferencesTitle}</h2>
      <Alert tone="success">{saved ? t.preferencesSaved : null}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {data ? (
        <form onSubmit={save} noValidate>
          <RadioGroup legend={t.preferencesLegend} name="notification" defaultValue={data.notification} options={MODES.map((mode) => ({ value: mode, label: t.modes[mode] }))} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.savePreferences}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
