import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const companyErrors = {
  /** Also a company the caller does not belong to: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  invalidIdentity: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
};
