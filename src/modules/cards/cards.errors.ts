import { AppError } from '../../platform/errors/app-error.js';

export const cardErrors = {
  /** A card comes with a proven address; a signed-in customer normally has one. */
  noCard: () =>
    new AppError('no_card', 404, 'This account has no member card yet.', {
      detail: 'A member card is issued once the email address is confirmed.',
    }),
  invalidNumber: (path: string) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path, code: 'invalid_card_number', message: 'Not a member card number: 13 digits starting with 29, with a matching check digit.' }],
    }),
};
