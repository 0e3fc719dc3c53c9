import { AppError } from '../../platform/errors/app-error.js';

export const authErrors = {
  invalidCredentials: () =>
    new AppError('invalid_credentials', 401, 'The email address or password is wrong.'),
  emailNotVerified: () =>
    new AppError('email_not_verified', 403, 'Confirm your email address first.', {
      detail: 'A new confirmation link has been sent to this address if the last one is older than a few minutes.',
    }),
  accountDisabled: () =>
    // Same code as a wrong password: a disabled account must not be told apart by an attacker.
    new AppError('invalid_credentials', 401, 'The email address or password is wrong.'),
  invalidCode: () => new AppError('invalid_code', 401, 'This code is wrong or has expired.'),
  tooManyAttempts: () =>
    new AppError('too_many_attempts', 429, 'Too many wrong codes: ask for a new one.', {
      retryAfterSeconds: 60,
    }),
  invalidToken: () =>
    new AppError('invalid_token', 400, 'This link is invalid, has expired or was already used.'),
  weakPassword: (reason: string) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'password', code: 'password_too_weak', message: reason }],
    }),
  sessionNotFound: () => new AppError('not_found', 404, 'Not found.'),
  throttled: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, 'Too many attempts; try again later.', {
      retryAfterSeconds,
      detail: `Try again in ${retryAfterSeconds} seconds.`,
    }),
};
