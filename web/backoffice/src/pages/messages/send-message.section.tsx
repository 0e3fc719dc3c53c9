import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { Button, TextField } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { listAttachableDocuments, listSentMessages, sendMessage, type AttachableDocument, type MessageTarget, type StaffMessage } from '../../api/messages';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { formatDateTime } from '../customers/customer.messages';
import { usePagedList } from '../use-paged-list';
import { staffMessagesTexts } from './messages.messages';

/**
 * Messages to a customer or to every member of a company (F5.2): the form, with the account's
 * documents to attach, and what was sent with whether and when each copy was read.
 */
export function SendMessageSection({ target }: { target: MessageTarget }) {
  const t = useMessages(staffMessagesTexts);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [version, setVersion] = useState(0);
  const [documents, setDocuments] = useState<AttachableDocument[]>([]);
  const [errors, setErrors] = useState<{ subject?: string; body?: string }>({});
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sent = usePagedList<StaffMessage>((cursor) => listSentMessages(target, cursor), `${target.kind}:${target.id}:${version}`);
  const mayWrite = can(me, target.kind === 'customer' ? 'customers.edit' : 'companies.edit');

  useEffect(() => {
    if (!mayWrite) return;
    let current = true;
    void listAttachableDocuments(target).then((result) => {
      if (current && result.ok) setDocuments(result.data.items);
    });
    return () => {
      current = false;
    };
  }, [target.kind, target.id, mayWrite]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const subject = formText(form, 'subject');
    const body = formText(form, 'body');
    const found = { subject: subject ? undefined : t.required.subject, body: body ? undefined : t.required.body };
    setErrors(found);
    setNotice(null);
    if (found.subject || found.body) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    const result = await sendMessage(target, { subject, body, attachmentDocumentIds: form.getAll('attachmentDocumentIds').map(String) });
    setBusy(false);
    if (result.ok) {
      formRef.current?.reset();
      setFailure(null);
      setNotice(t.sent(result.data.messages.length));
      setVersion((value) => value + 1);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  const failureText = (shown: Failure) =>
    shown.problem.code === 'no_recipients' ? t.noRecipients : shown.problem.code === 'invalid_attachment' ? t.badAttachments : describeFailure(shown, c);
  const shownFailure = failure ?? sent.failure;
  return (
    <section className="card" aria-labelledby={`messages-${target.kind}`}>
      <h2 id={`messages-${target.kind}`}>{t.title}</h2>
      <p className="muted">{target.kind === 'customer' ? t.introCustomer : t.introCompany}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{shownFailure ? failureText(shownFailure) : null}</Alert>
      {mayWrite ? (
        <form ref={formRef} noValidate onSubmit={submit}>
          <TextField name="subject" label={t.subject} maxLength={200} error={errors.subject} />
          <div className={errors.body ? 'field field--textarea field--invalid' : 'field field--textarea'}>
            <label htmlFor={`message-body-${target.kind}`}>{t.body}</label>
            {errors.body ? (
              <p id={`message-body-${target.kind}-error`} className="field-error">
                {errors.body}
              </p>
            ) : null}
            <textarea
              id={`message-body-${target.kind}`}
              name="body"
              rows={5}
              maxLength={20000}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={errors.body ? `message-body-${target.kind}-error` : undefined}
            />
          </div>
          <fieldset className="field">
            <legend>{t.attachments}</legend>
            {documents.length === 0 ? <p className="muted">{t.noDocuments}</p> : null}
            {documents.map((document) => (
              <div className="field--check" key={document.id}>
                <input type="checkbox" id={`attach-${document.id}`} name="attachmentDocumentIds" value={document.id} />
                <label htmlFor={`attach-${document.id}`}>
                  {document.number} · {formatDateTime(locale, document.issuedAt)}
                </label>
              </div>
            ))}
          </fieldset>
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.send}
            </Button>
          </div>
        </form>
      ) : null}
      <h3 className="subheading">{t.sentTitle}</h3>
      {sent.items === null && !sent.failure ? <p role="status">{c.loading}</p> : null}
      {sent.items?.length === 0 ? <p>{t.none}</p> : null}
      {sent.items && sent.items.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">{t.sentTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{t.columns.sentAt}</th>
                {target.kind === 'company' ? <th scope="col">{t.columns.to}</th> : null}
                <th scope="col">{t.columns.subject}</th>
                <th scope="col">{t.columns.from}</th>
                <th scope="col">{t.columns.read}</th>
              </tr>
            </thead>
            <tbody>
              {sent.items.map((message) => (
                <tr key={message.id}>
                  <td>{formatDateTime(locale, message.createdAt)}</td>
                  {target.kind === 'company' ? (
                    <td>
                      {message.customer.firstName} {message.customer.lastName}
                    </td>
                  ) : null}
                  <td>{message.subject}</td>
                  <td>{message.sender.kind === 'store' ? t.store : (message.sender.staffName ?? '—')}</td>
                  <td className="message-read">
                    {message.readAt ? t.readOn(formatDateTime(locale, message.readAt)) : t.notRead}
                    {message.archivedAt ? ` (${t.archived})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {sent.nextCursor ? (
        <Button variant="secondary" busy={sent.busy} onClick={sent.more}>
          {t.more}
        </Button>
      ) : null}
    </section>
  );
}
