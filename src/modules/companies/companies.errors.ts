import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const companyErrors = {
  /** Also a company the caller does not belong to: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  invalidIdentity: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  hasHistory: () =>
    new AppError('company_has_history', 409, 'A company with orders or documents cannot be deleted.', {
      detail: 'Its orders, receipts and invoices are kept for the accounts. Remove colleagues instead, or ask the shop to merge it into another company.',
    }),
};
