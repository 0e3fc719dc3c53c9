import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { Button } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { answerThread, getThread, setThreadStatus, staffAttachmentUrl, type StaffThread } from '../../api/messages';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { formatDateTime } from '../customers/customer.messages';
import { contactTexts } from '../messages/messages.messages';

/** One request (F5.4): the exchange, the answer form (emailed to the customer), close and reopen. */
export function ContactThreadPage() {
  const t = useMessages(contactTexts);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { threadId = '' } = useParams();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [thread, setThread] = useState<StaffThread | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mayAnswer = can(me, 'customers.edit');

  useEffect(() => {
    let current = true;
    void getThread(threadId).then((result) => {
      if (!current) return;
      if (result.ok) setThread(result.data);
      else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [threadId, onSessionFailure]);

  async function answer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const body = formText(new FormData(form), 'body');
    setFieldError(body ? null : t.answerRequired);
    setNotice(null);
    if (!body) {
      textarea.current?.focus();
      return;
    }
    setBusy(true);
    const result = await answerThread(threadId, body);
    setBusy(false);
    if (result.ok) {
      form.reset();
      setThread(result.data);
      setFailure(null);
      setNotice(t.answerSent);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  async function change(kind: 'close' | 'reopen') {
    setBusy(true);
    const result = await setThreadStatus(threadId, kind);
    setBusy(false);
    if (result.ok) {
      setThread(result.data);
      setFailure(null);
      setNotice(kind === 'close' ? t.closed : t.reopened);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  return (
    <>
      <PageHeading>{thread ? thread.subject : t.title}</PageHeading>
      <p>
        <Link to="/requests">{t.back}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? (failure.status === 404 ? t.notFound : describeFailure(failure, c)) : null}</Alert>
      {thread === null && !failure ? <p role="status">{c.loading}</p> : null}
      {thread ? (
        <>
          <section className="card" aria-labelledby="thread-exchange">
            <h2 id="thread-exchange">
              {t.topics[thread.topic]} · {t.statusOne[thread.status]}
            </h2>
            <p>
              {t.customer} :{' '}
              <Link to={`/customers/${thread.customer.id}`}>
                {thread.customer.firstName} {thread.customer.lastName}
              </Link>{' '}
              ({thread.customer.email})
            </p>
            {thread.order ? (
              <p>
                {t.about} {thread.order.number}
              </p>
            ) : null}
            {thread.document ? (
              <p>
                {t.about} {thread.document.number}
              </p>
            ) : null}
            <ol className="plain-list contact-exchange">
              {thread.messages.map((message) => (
                <li key={message.id} className={`contact-message contact-message--${message.authorKind}`}>
                  <p className="muted">
                    <strong>{message.authorKind === 'staff' ? t.fromStaff(message.staffName ?? null) : t.fromCustomer}</strong> ·{' '}
                    <time dateTime={message.createdAt}>{formatDateTime(locale, message.createdAt)}</time>
                  </p>
                  <p className="message-body">{message.body}</p>
                  {message.attachments.length > 0 ? (
                    <ul className="plain-list">
                      {message.attachments.map((attachment) => (
                        <li key={attachment.id}>
                          <a href={staffAttachmentUrl(attachment.id)} download={attachment.filename} aria-label={t.download(attachment.filename)}>
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
          {mayAnswer ? (
            <section className="card" aria-labelledby="thread-answer">
              <h2 id="thread-answer">{t.answer}</h2>
              {thread.status === 'closed' ? (
                <p>{t.closedHint}</p>
              ) : (
                <form noValidate onSubmit={answer}>
                  <div className={fieldError ? 'field field--textarea field--invalid' : 'field field--textarea'}>
                    <label htmlFor="thread-answer-body">{t.answerLabel}</label>
                    {fieldError ? (
                      <p id="thread-answer-error" className="field-error">
                        {fieldError}
                      </p>
                    ) : null}
                    <textarea
                      ref={textarea}
                      id="thread-answer-body"
                      name="body"
                      rows={5}
                      maxLength={10000}
                      aria-invalid={fieldError ? true : undefined}
                      aria-describedby={fieldError ? 'thread-answer-error' : undefined}
                    />
                  </div>
                  <div className="actions">
                    <Button type="submit" busy={busy}>
                      {t.answer}
                    </Button>
                  </div>
                </form>
              )}
              <div className="actions">
                <Button variant="secondary" busy={busy} onClick={() => void change(thread.status === 'closed' ? 'reopen' : 'close')}>
                  {thread.status === 'closed' ? t.reopen : t.close}
                </Button>
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
