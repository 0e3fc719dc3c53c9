import { AppError } from '../../platform/errors/app-error.js';
import type { TApprovalStatus } from '../customers/customers.tables.js';

export const accountApprovalErrors = {
  /** Another decision came first (or the account never waited): the caller reloads and looks again. */
  alreadyDecided: (current: TApprovalStatus) =>
    new AppError('already_decided', 409, 'This account is no longer waiting for a decision.', {
      detail:
        current === 'approved'
          ? 'The account is approved. To stop it, disable it instead.'
          : 'The account was refused. To approve it after all, send { "reconsider": true }.',
    }),
  invalidCursor: () =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'query.cursor', code: 'invalid_cursor', message: 'This cursor is not one the API gave.' }],
    }),
};
