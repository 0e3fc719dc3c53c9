import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { createThread, listMyThreads, type ContactTopic } from '../messages-api';
import { listMyDocuments, listMyOrders } from '../portal-api';
import { FilesField, readChosenFiles, TextAreaField } from './contact-files.field';
import { formatDate, messagesTexts } from './messages.messages';
import { ordersMessages } from './orders.messages';
import { useLoad, usePagedList, type Failure } from './use-load';

const TOPICS: readonly ContactTopic[] = ['order', 'document', 'account', 'other'];
type Errors = { subject?: string; body?: string; files?: string };

/** Contact the shop (F5.4): a new request, with an order or document and files, and the requests so far. */
export function ContactPage() {
  const t = useMessages(messagesTexts);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const files = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const threads = usePagedList(listMyThreads, 'threads');
  const choices = useLoad(async () => {
    const [ordersPage, documentsPage] = await Promise.all([listMyOrders({}, null), listMyDocuments({}, null)]);
    if (!ordersPage.ok) return ordersPage;
    if (!documentsPage.ok) return documentsPage;
    return { ok: true as const, status: 200, data: { orders: ordersPage.data.items, documents: documentsPage.data.items } };
  }, 'contact-choices');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const subject = formText(form, 'subject');
    const body = formText(form, 'body');
    const chosen = await readChosenFiles(files.current, t);
    const found: Errors = { subject: subject ? undefined : t.required.subject, body: body ? undefined : t.required.body, files: chosen.error ?? undefined };
    setErrors(found);
    if (found.subject || found.body || found.files) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    const orderId = formText(form, 'orderId');
    const documentId = formText(form, 'documentId');
    const result = await createThread({
      topic: formText(form, 'topic') as ContactTopic,
      subject,
      body,
      ...(orderId ? { orderId } : {}),
      ...(documentId ? { documentId } : {}),
      attachments: chosen.uploads,
    });
    setBusy(false);
    if (result.ok) void navigate(`/contact/${result.data.id}`, { state: { notice: 'sent' } });
    else if (result.status === 401) void navigate('/sign-in', { replace: true });
    else {
      const fileError = result.problem.errors?.find((error) => error.path.startsWith('attachments'));
      if (fileError) setErrors({ files: fileError.message });
      setFailure(result);
    }
  }

  return (
    <>
      <PageHeading>{t.contactTitle}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.contactIntro}</p>
      <section className="card" aria-labelledby="new-request-heading">
        <h2 id="new-request-heading">{t.newRequest}</h2>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        <form ref={formRef} onSubmit={submit} noValidate>
          <SelectField name="topic" label={t.topic} defaultValue="other" options={TOPICS.map((topic) => ({ value: topic, label: t.topics[topic] }))} />
          {choices.data && choices.data.orders.length > 0 ? (
            <SelectField
              name="orderId"
              label={t.order}
              defaultValue=""
              options={[{ value: '', label: t.none }, ...choices.data.orders.map((order) => ({ value: order.id, label: `${order.number} · ${formatDate(locale, order.placedAt)}` }))]}
            />
          ) : null}
          {choices.data && choices.data.documents.length > 0 ? (
            <SelectField
              name="documentId"
              label={t.document}
              defaultValue=""
              options={[{ value: '', label: t.none }, ...choices.data.documents.map((document) => ({ value: document.id, label: `${o.documentKinds[document.kind]} ${document.number}` }))]}
            />
          ) : null}
          <TextField name="subject" label={t.subject} maxLength={200} error={errors.subject} />
          <TextAreaField name="body" label={t.message} error={errors.body} />
          <FilesField name="files" error={errors.files ?? null} inputRef={files} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.send}
            </Button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="my-requests-heading">
        <h2 id="my-requests-heading">{t.myRequests}</h2>
        <Alert>{threads.failure ? describeFailure(threads.failure, c) : null}</Alert>
        {threads.items === null ? (
          threads.failure ? null : <p role="status">{c.loading}</p>
        ) : threads.items.length === 0 ? (
          <p>{t.noRequests}</p>
        ) : (
          <ul className="item-list">
            {threads.items.map((thread) => (
              <li key={thread.id} className="item">
                <div className="item__main">
                  <p className="item__title">
                    <Link to={`/contact/${thread.id}`}>{thread.subject}</Link> <span className="badge badge--muted">{t.statuses[thread.status]}</span>
                    {thread.unread ? <span className="badge badge--warning">{t.newAnswer}</span> : null}
                  </p>
                  <p className="item__meta muted">
                    {t.topics[thread.topic]} · {t.lastActivity(formatDate(locale, thread.lastMessageAt))}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
        {threads.nextCursor ? (
          <div className="actions">
            <Button variant="secondary" busy={threads.busy} onClick={threads.more}>
              {t.moreRequests}
            </Button>
          </div>
        ) : null}
      </section>
    </>
  );
}
