import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { attachmentUrl, getMyThread, postThreadMessage, type ContactThread } from '../messages-api';
import { FilesField, readChosenFiles, TextAreaField } from './contact-files.field';
import { formatDate, messagesTexts } from './messages.messages';
import { ordersMessages } from './orders.messages';
import { useLoad, type Failure } from './use-load';

/** One request and the shop's answers, oldest first, with a reply form. */
export function ContactThreadPage() {
  const t = useMessages(messagesTexts);
  const c = useMessages(common);
  const { threadId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { data: thread, setData, failure } = useLoad(() => getMyThread(threadId), threadId);
  const files = useRef<HTMLInputElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [error, setError] = useState<{ body?: string; files?: string }>({});
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice === 'sent' ? t.sent : null);
  const [busy, setBusy] = useState(false);

  async function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const body = formText(new FormData(form), 'body');
    const chosen = await readChosenFiles(files.current, t);
    const found = { body: body ? undefined : t.required.body, files: chosen.error ?? undefined };
    setError(found);
    if (found.body || found.files) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    setActionFailure(null);
    const result = await postThreadMessage(threadId, { body, attachments: chosen.uploads });
    setBusy(false);
    if (result.ok) {
      form.reset();
      setData(result.data);
      setNotice(t.replySent);
    } else if (result.status === 401) void navigate('/sign-in', { replace: true });
    else setActionFailure(result);
  }

  return (
    <>
      <PageHeading>{thread ? thread.subject : t.contactTitle}</PageHeading>
      <p>
        <Link to="/contact">{t.backToContact}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? (failure.status === 404 ? t.threadNotFound : describeFailure(failure, c)) : actionFailure ? describeFailure(actionFailure, c) : null}</Alert>
      {thread ? (
        <>
          <ThreadExchange thread={thread} />
          <section className="card" aria-labelledby="reply-heading">
            <h2 id="reply-heading">{t.reply}</h2>
            <form onSubmit={reply} noValidate>
              <TextAreaField name="body" label={t.replyLabel} error={error.body} rows={4} textareaRef={textarea} />
              <FilesField name="files" error={error.files ?? null} inputRef={files} />
              <div className="actions">
                <Button type="submit" busy={busy}>
                  {t.send}
                </Button>
              </div>
            </form>
          </section>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

function ThreadExchange({ thread }: { thread: ContactThread }) {
  const t = useMessages(messagesTexts);
  const o = useMessages(ordersMessages);
  const { locale } = useLocale();
  return (
    <section className="card" aria-labelledby="exchange-heading">
      <h2 id="exchange-heading">
        {t.topics[thread.topic]} · {t.statuses[thread.status]}
      </h2>
      {thread.order ? (
        <p>
          {t.about} <Link to={`/orders/${thread.order.id}`}>{thread.order.number}</Link>
        </p>
      ) : null}
      {thread.document ? (
        <p>
          {t.about} <Link to={`/documents/${thread.document.id}`}>{`${o.documentKinds[thread.document.kind as keyof typeof o.documentKinds] ?? thread.document.kind} ${thread.document.number}`}</Link>
        </p>
      ) : null}
      <ol className="plain-list contact-exchange">
        {thread.messages.map((message) => (
          <li key={message.id} className={`contact-message contact-message--${message.authorKind}`}>
            <p className="muted">
              <strong>{message.authorKind === 'staff' ? t.shop : t.you}</strong> · <time dateTime={message.createdAt}>{formatDate(locale, message.createdAt)}</time>
            </p>
            {message.body.split(/\n\s*\n/).map((paragraph, index) => (
              <p key={index} className="message-body">
                {paragraph}
              </p>
            ))}
            {message.attachments.length > 0 ? (
              <ul className="plain-list">
                {message.attachments.map((attachment) => (
                  <li key={attachment.id}>
                    <a href={attachmentUrl(attachment.id)} download={attachment.filename} aria-label={t.download(attachment.filename)}>
                      {attachment.filename}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
