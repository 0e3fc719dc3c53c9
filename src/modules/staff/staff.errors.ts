import { AppError } from '../../platform/errors/app-error.js';

export const staffErrors = {
  /** Unknown address, wrong password, disabled or unfinished account: one answer for all. */
  invalidCredentials: () => new AppError('invalid_credentials', 401, 'The email address or password is wrong.'),
  /** Unknown, expired, used, or of a disabled account: one answer, so links cannot be probed. */
  invalidToken: () => new AppError('invalid_token', 404, 'This link is invalid, has expired or was already used.'),
  emailRequired: () =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'email', code: 'required', message: 'The first-run link needs the owner’s email address.' }],
    }),
  weakPassword: (reason: string) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'password', code: 'password_too_weak', message: reason }],
    }),
  secondFactorRequired: (next: 'totp' | 'totp_setup') =>
    new AppError('second_factor_required', 403, 'Prove the second factor first.', {
      detail:
        next === 'totp'
          ? 'Enter the code of your authenticator app (POST /api/staff/auth/totp/verify).'
          : 'Set up an authenticator app first (POST /api/staff/auth/totp/setup, then /totp/confirm).',
    }),
  invalidCode: (path: 'code' | 'recoveryCode') =>
    new AppError('invalid_code', 400, 'This code is wrong or was already used.', {
      errors: [{ path, code: 'invalid_code', message: 'This code is wrong or was already used.' }],
    }),
  totpSetupNotStarted: () =>
    new AppError('totp_setup_not_started', 409, 'Start the set-up first.', { detail: 'POST /api/staff/auth/totp/setup gives a secret to confirm.' }),
  totpAlreadyEnabled: () =>
    new AppError('totp_already_enabled', 409, 'The second factor is already set up.', { detail: 'Sign in with it to change it.' }),
  staffExists: () => new AppError('staff_exists', 409, 'A staff account already uses this email address.'),
  ownerExists: () =>
    new AppError('owner_exists', 409, 'The shop already has an owner.', { detail: 'Use --force to add another owner.' }),
  lastOwner: () =>
    new AppError('last_owner', 409, 'The back office always keeps at least one active owner.', {
      detail: 'Make another staff member owner first.',
    }),
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  invalidMarkets: (message: string) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', { errors: [{ path: 'marketIds', code: 'invalid_markets', message }] }),
  throttled: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, 'Too many attempts; try again later.', {
      retryAfterSeconds,
      detail: `Try again in ${retryAfterSeconds} seconds.`,
    }),
};
