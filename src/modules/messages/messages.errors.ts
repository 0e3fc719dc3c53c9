import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

export const messageErrors = {
  /** Also someone else's message: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  /** Attachments that are not documents of the recipient (or of the company) in its market, every one listed. */
  invalidAttachments: (errors: TFieldError[]) =>
    new AppError('invalid_attachment', 422, 'Some attachments are not documents of this account.', { errors }),
  /** A company with no member: nobody would receive the message. */
  noRecipients: () =>
    new AppError('no_recipients', 422, 'This company has no member to send the message to.', {
      errors: [{ path: 'companyId', code: 'no_recipients', message: 'The company has no member.' }],
    }),
  /** A store's reference that names nobody of the key's market. */
  recipientNotFound: (path: string) =>
    new AppError('recipient_not_found', 422, 'No customer or company of this market matches the recipient.', {
      errors: [{ path, code: 'recipient_not_found', message: 'Nobody of this market has this id, address or member card.' }],
    }),
};
