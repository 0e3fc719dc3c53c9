import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const customerAdminErrors = {
  /** An unknown customer, or an erased one. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  noteNotFound: () => new AppError('not_found', 404, 'Not found.'),
  emailTaken: () =>
    new AppError('email_taken', 409, 'Another account already uses this email address.', {
      detail: 'Find that customer instead of creating a second account.',
      errors: [{ path: 'email', code: 'email_taken', message: 'Another account already uses this email address.' }],
    }),
  emailTakenInMarket: () =>
    new AppError('email_taken_in_market', 409, 'Another account of that market already uses this email address.', {
      detail: 'Each market has its own accounts; one address has at most one account in a market.',
    }),
  customerInCompany: () =>
    new AppError('customer_in_company', 409, 'This customer is a member of a company.', {
      detail: 'A company and its members stay in their market: remove them from the company first.',
    }),
  invalidFields: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  customerDisabled: () =>
    new AppError('customer_disabled', 409, 'This account is disabled.', { detail: 'Re-enable it first: a disabled account cannot set a password.' }),
  notNoteAuthor: () =>
    new AppError('forbidden', 403, 'You are not allowed to do this.', { detail: 'Only the note’s author, an owner or an administrator deletes a note.' }),
  resetThrottled: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, 'Too many reset links for this customer; try again later.', {
      retryAfterSeconds,
      detail: `Try again in ${retryAfterSeconds} seconds.`,
    }),
};
