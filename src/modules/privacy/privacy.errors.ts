import { AppError, commonErrors } from '../../platform/errors/app-error.js';

export const privacyErrors = {
  exportThrottled: (retryAfterSeconds: number) => commonErrors.rateLimited(retryAfterSeconds),
  /**
   * For the companies module's erasure check (TErasureCheck): the customer is the only
   * administrator of a company, which would be left without one.
   */
  lastAdmin: (companyName?: string) =>
    new AppError('last_admin', 409, 'You are the only administrator of a company.', {
      detail: `Make a colleague administrator of ${companyName ?? 'the company'} (or delete the company) before deleting your account.`,
    }),
  /** The account was erased by a concurrent request between authentication and the lock. */
  accountGone: () => commonErrors.unauthenticated(),
};
