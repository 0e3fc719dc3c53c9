import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { addNote, deleteNote, listNotes, type CustomerNote } from '../../api/customers';
import { ConfirmDialog } from './confirm.dialog';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { customerMessages, formatDateTime } from './customer.messages';

const NOTE_MAX = 5000;

/** Staff-only notes (F2.5): the list (its reading is audited), a textarea to add, delete for the author or an owner/administrator. */
export function CustomerNotesSection({ customerId }: { customerId: string }) {
  const t = useMessages(customerMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const [version, setVersion] = useState(0);
  const list = usePagedList<CustomerNote>((cursor) => listNotes(customerId, cursor), `${customerId}:${version}`);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A deleted note cannot be brought back: the deletion is confirmed first.
  const [deleting, setDeleting] = useState<CustomerNote | null>(null);
  const [removing, setRemoving] = useState(false);
  const mayWrite = can(me, 'customers.edit');
  const mayDeleteAny = me.role === 'owner' || me.role === 'administrator';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const body = (new FormData(form).get('body') as string | null)?.trim() ?? '';
    const problem = !body ? t.noteRequired : body.length > NOTE_MAX ? t.noteTooLong : null;
    setFieldError(problem);
    setNotice(null);
    if (problem) {
      textareaRef.current?.focus();
      return;
    }
    setBusy(true);
    const result = await addNote(customerId, body);
    setBusy(false);
    if (result.ok) {
      form.reset();
      setFailure(null);
      setNotice(t.noteAdded);
      setVersion((value) => value + 1);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  async function remove(note: CustomerNote) {
    setRemoving(true);
    const result = await deleteNote(customerId, note.id);
    setRemoving(false);
    setDeleting(null);
    if (result.ok) {
      setFailure(null);
      setNotice(t.noteDeleted);
      setVersion((value) => value + 1);
      textareaRef.current?.focus();
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  const shownFailure = failure ?? list.failure;
  return (
    <section className="card" aria-labelledby="customer-notes">
      <h2 id="customer-notes">{t.notesTitle}</h2>
      <p className="muted">{t.notesIntro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{shownFailure ? describeFailure(shownFailure, c) : null}</Alert>
      {mayWrite ? (
        <form noValidate onSubmit={submit} className="customer-note-form">
          <div className={fieldError ? 'field field--invalid' : 'field'}>
            <label htmlFor="customer-note-body">{t.noteLabel}</label>
            {fieldError ? (
              <p id="customer-note-error" className="field-error">
                {fieldError}
              </p>
            ) : null}
            <textarea
              ref={textareaRef}
              id="customer-note-body"
              name="body"
              rows={3}
              maxLength={NOTE_MAX}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? 'customer-note-error' : undefined}
            />
          </div>
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.addNote}
            </Button>
          </div>
        </form>
      ) : null}
      {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
      {list.items?.length === 0 ? <p>{t.noNotes}</p> : null}
      {list.items && list.items.length > 0 ? (
        <ul className="customer-notes">
          {list.items.map((note) => {
            const when = formatDateTime(locale, note.createdAt);
            const mayDelete = mayWrite && (mayDeleteAny || note.author?.id === me.id);
            return (
              <li key={note.id} className="customer-note">
                <p className="customer-note__meta">
                  <strong>{note.author?.name ?? t.unknownAuthor}</strong> · <time dateTime={note.createdAt}>{when}</time>
                </p>
                <p className="customer-note__body">{note.body}</p>
                {mayDelete ? (
                  <Button variant="link" aria-label={t.deleteNoteLabel(when)} onClick={() => setDeleting(note)}>
                    {t.deleteNote}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {list.nextCursor ? (
        <Button variant="secondary" busy={list.busy} onClick={list.more}>
          {t.more}
        </Button>
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={t.deleteNoteConfirmTitle}
          text={t.deleteNoteConfirmText}
          confirmLabel={t.deleteNote}
          cancelLabel={t.cancel}
          danger
          busy={removing}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}
