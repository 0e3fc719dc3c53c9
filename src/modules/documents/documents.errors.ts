import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

export const PDF_MAX_BYTES = 10 * 1024 * 1024;

export const documentErrors = {
  /** Also someone else's document: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  /** References that parse but point at nothing, or at something that does not fit, listed together. */
  invalidReferences: (errors: TFieldError[]) =>
    new AppError('invalid_reference', 422, 'The document refers to records that do not exist or do not fit together.', { errors }),
  statusNotForKind: (kind: string, allowed: readonly string[]) =>
    new AppError('validation_failed', 422, 'This status does not apply to this kind of document.', {
      errors: [{ path: 'status', code: 'status_not_for_kind', message: `A ${kind} is ${allowed.join(', ')}.` }],
    }),
  unsupportedPdfType: () =>
    new AppError('unsupported_media_type', 415, 'Send the PDF as application/pdf.', {
      detail: 'PUT the raw bytes of the file with `Content-Type: application/pdf`.',
    }),
  notAPdf: () =>
    new AppError('not_a_pdf', 422, 'The body is not a PDF file.', { detail: 'A PDF file starts with %PDF-.' }),
};
