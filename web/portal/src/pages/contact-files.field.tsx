import { useId } from 'react';
import { useMessages } from '../../../ui/i18n';
import { toUpload, type AttachmentUpload } from '../messages-api';
import { messagesTexts, type MessagesTexts } from './messages.messages';

const ACCEPTED = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'];
const MAX_FILES = 5;
const MAX_BYTES = 5 * 1024 * 1024;

/** The files chosen in a form, checked as the server will check them (it remains the judge). */
export async function readChosenFiles(input: HTMLInputElement | null, t: MessagesTexts): Promise<{ uploads: AttachmentUpload[]; error: string | null }> {
  const files = [...(input?.files ?? [])];
  if (files.length > MAX_FILES) return { uploads: [], error: t.tooManyFiles };
  for (const file of files) {
    if (file.size > MAX_BYTES) return { uploads: [], error: t.fileTooLarge(file.name) };
    if (!ACCEPTED.includes(file.type)) return { uploads: [], error: t.fileType(file.name) };
  }
  return { uploads: await Promise.all(files.map(toUpload)), error: null };
}

export function FilesField({ name, error, inputRef }: { name: string; error: string | null; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const t = useMessages(messagesTexts);
  const id = useId();
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{t.files}</label>
      <p id={`${id}-hint`} className="field-hint">
        {t.filesHint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <input
        ref={inputRef}
        id={id}
        name={name}
        type="file"
        multiple
        accept={ACCEPTED.join(',')}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}

export function TextAreaField({ name, label, error, rows = 5, textareaRef }: { name: string; label: string; error: string | undefined; rows?: number; textareaRef?: React.RefObject<HTMLTextAreaElement | null> }) {
  const id = useId();
  return (
    <div className={error ? 'field field--textarea field--invalid' : 'field field--textarea'}>
      <label htmlFor={id}>{label}</label>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <textarea ref={textareaRef} id={id} name={name} rows={rows} maxLength={10000} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </div>
  );
}
