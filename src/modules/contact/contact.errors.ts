import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

export const contactErrors = {
  /** Also someone else's thread or file: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  /** An order or document that is not the customer's, each listed. */
  invalidReferences: (errors: TFieldError[]) =>
    new AppError('invalid_reference', 422, 'The request refers to records that are not yours.', { errors }),
  /** A file over 5 MB: every such file listed (with the other bad files). */
  attachmentTooLarge: (errors: TFieldError[]) =>
    new AppError('attachment_too_large', 413, 'An attachment is larger than 5 MB.', { errors }),
  /** Not a PNG, JPEG, WebP or PDF file by its bytes. */
  unsupportedAttachment: (errors: TFieldError[]) =>
    new AppError('unsupported_attachment_type', 415, 'Attachments must be PNG, JPEG or WebP images or PDF files.', { errors }),
  /** The bytes are an accepted kind of file, but not the one declared. */
  attachmentTypeMismatch: (errors: TFieldError[]) =>
    new AppError('attachment_type_mismatch', 422, 'An attachment’s content is not of its declared type.', { errors }),
  threadClosed: () =>
    new AppError('thread_closed', 409, 'This request is closed.', { detail: 'Reopen it before answering.' }),
};
