import { AppError, commonErrors } from '../../platform/errors/app-error.js';

export const emailChangeErrors = {
  /** Says that the address has an account, never whose: the caller already proved who they are. */
  emailTaken: () =>
    new AppError('email_taken', 409, 'This email address is already used by another account.', {
      detail: 'Choose another address, or sign in to the account that uses it.',
    }),
  sameAsCurrent: () =>
    commonErrors.validationFailed([
      { path: 'newEmail', code: 'same_as_current', message: 'This is already your sign-in address.' },
    ]),
};
