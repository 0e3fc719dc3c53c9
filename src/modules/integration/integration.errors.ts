import { AppError } from '../../platform/errors/app-error.js';

export const integrationErrors = {
  /** Missing, unknown and revoked keys answer alike. */
  invalidApiKey: () =>
    new AppError('invalid_api_key', 401, 'A valid API key is required.', {
      detail: 'Send `Authorization: Bearer <api key>`; keys come from `npx comptoir api-key create`.',
    }),
  missingScope: (scope: string) =>
    new AppError('missing_scope', 403, 'This API key may not do this.', { detail: `The key needs the scope ${scope}.` }),
  idempotencyKeyReused: () =>
    new AppError('idempotency_key_reused', 409, 'This Idempotency-Key was used for another request.', {
      detail: 'Send a new key for a new request; reuse a key only to retry the very same request.',
    }),
  idempotencyKeyInProgress: () =>
    new AppError('idempotency_key_in_progress', 409, 'A request with this Idempotency-Key is still running.', {
      detail: 'Retry once it has finished.',
      retryAfterSeconds: 1,
    }),
  invalidIdempotencyKey: () =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'headers.idempotency-key', code: 'invalid_idempotency_key', message: 'Use 1 to 255 printable ASCII characters.' }],
    }),
};
