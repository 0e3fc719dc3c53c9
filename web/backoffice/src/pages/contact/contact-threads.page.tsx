import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { describeFailure } from '../../../../ui/form-outcome';
import { Button, SelectField } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { listThreads, type StaffThreadSummary, type ThreadQueueStatus } from '../../api/messages';
import { common } from '../../common.messages';
import { formatDateTime } from '../customers/customer.messages';
import { contactTexts } from '../messages/messages.messages';
import { usePagedList } from '../use-paged-list';

const STATUSES: readonly ThreadQueueStatus[] = ['open', 'unread', 'answered', 'closed', 'all'];

/** "Demandes": the customers' requests in the member's markets (F5.4), open ones first by default. */
export function ContactThreadsPage() {
  const t = useMessages(contactTexts);
  const c = useMessages(common);
  const { locale } = useLocale();
  const [search, setSearch] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(search.get('status') ?? '') ? (search.get('status') as ThreadQueueStatus) : 'open';
  const [unreadCount, setUnreadCount] = useState<number | null>(null);
  const list = usePagedList<StaffThreadSummary>(async (cursor) => {
    const result = await listThreads(status, cursor);
    if (result.ok) setUnreadCount(result.data.unreadCount);
    return result;
  }, status);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch({ status: String(new FormData(event.currentTarget).get('status') ?? 'open') });
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p className="muted">{t.intro}</p>
      {unreadCount !== null ? <p id="contact-unread-count">{t.unreadCount(unreadCount)}</p> : null}
      <form className="filters" onSubmit={apply} key={status}>
        <SelectField name="status" label={t.filter} defaultValue={status} options={STATUSES.map((value) => ({ value, label: t.statuses[value] }))} />
        <div className="actions">
          <Button type="submit" variant="secondary">
            {t.apply}
          </Button>
        </div>
      </form>
      <section className="card" aria-labelledby="contact-threads-heading">
        <h2 id="contact-threads-heading">{t.statuses[status]}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
        {list.items?.length === 0 ? <p>{t.empty}</p> : null}
        {list.items && list.items.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">{t.statuses[status]}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.subject}</th>
                  <th scope="col">{t.columns.customer}</th>
                  <th scope="col">{t.columns.topic}</th>
                  <th scope="col">{t.columns.status}</th>
                  <th scope="col">{t.columns.last}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((thread) => (
                  <tr key={thread.id}>
                    <td>
                      <Link to={`/requests/${thread.id}`}>{thread.unread ? <strong>{thread.subject}</strong> : thread.subject}</Link>
                      {thread.unread ? <span className="badge badge--warning">{t.unread}</span> : null}
                    </td>
                    <td>
                      {thread.customer.firstName} {thread.customer.lastName}
                    </td>
                    <td>{t.topics[thread.topic]}</td>
                    <td>{t.statusOne[thread.status]}</td>
                    <td>{formatDateTime(locale, thread.lastMessageAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {list.nextCursor ? (
          <Button variant="secondary" busy={list.busy} onClick={list.more}>
            {t.more}
          </Button>
        ) : null}
      </section>
    </>
  );
}
