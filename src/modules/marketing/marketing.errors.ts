import { AppError, commonErrors } from '../../platform/errors/app-error.js';

export const marketingErrors = {
  mobileRequired: () =>
    commonErrors.validationFailed([
      { path: 'sms', code: 'mobile_required', message: 'Add a mobile number to your profile before accepting text messages.' },
    ]),
  /** A token that was never issued (mistyped, truncated by a mail client, or its account erased). */
  invalidToken: () =>
    new AppError('invalid_token', 400, 'This unsubscribe link is not valid.', {
      detail: 'Check that the whole link was opened, or sign in to change your communication preferences.',
    }),
};
