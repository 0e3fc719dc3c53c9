import { AppError, commonErrors } from '../../platform/errors/app-error.js';

export const privacyRequestErrors = {
  notFound: () => commonErrors.notFound(),
  /** confirmEmail is not the customer's address: nothing is erased. */
  confirmEmailMismatch: () =>
    new AppError('confirm_email_mismatch', 422, 'The address typed is not this customer’s.', {
      detail: 'Type the customer’s email address exactly as it is on their account: it guards against erasing the wrong person.',
      errors: [{ path: 'confirmEmail', code: 'mismatch', message: 'This is not the customer’s email address.' }],
    }),
  /** requestId names a request of another customer, or of the other kind. */
  requestMismatch: (kind: 'export' | 'erasure') =>
    new AppError('privacy_request_mismatch', 422, `This is not an ${kind} request of this customer.`, {
      errors: [{ path: 'requestId', code: 'mismatch', message: `Choose an ${kind} request of this customer.` }],
    }),
  requestClosed: () =>
    new AppError('privacy_request_closed', 409, 'This request is already answered or declined.', {
      detail: 'Only an open request can be answered; reload the list to see its status.',
    }),
};
