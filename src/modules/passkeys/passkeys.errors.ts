import { AppError } from '../../platform/errors/app-error.js';

export const passkeyErrors = {
  /**
   * Every refused passkey sign-in: unknown credential, wrong signature, expired or used
   * challenge, another market's account, a disabled account, a cloned authenticator. One answer,
   * so that nothing tells whether a credential or an account exists.
   */
  signInRefused: () =>
    new AppError('invalid_credentials', 401, 'This passkey was not accepted.', {
      detail: 'Try again, or sign in with your password or a code sent by email.',
    }),
  /** The registration answer did not match a live challenge of this account, or did not verify. */
  registrationRefused: () =>
    new AppError('passkey_not_verified', 400, 'The passkey could not be verified.', {
      detail: 'Ask for new registration options and try again within five minutes.',
    }),
  alreadyRegistered: () => new AppError('passkey_exists', 409, 'This passkey is already registered.'),
  tooMany: (limit: number) =>
    new AppError('too_many_passkeys', 409, `An account holds at most ${limit} passkeys.`, {
      detail: 'Remove one you no longer use first.',
    }),
  noPasskey: () =>
    new AppError('no_passkey', 409, 'This account has no passkey.', {
      detail: 'Give your password or a code sent by email instead.',
    }),
  notFound: () => new AppError('not_found', 404, 'Not found.'),
};
