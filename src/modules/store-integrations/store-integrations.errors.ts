import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

const invalid = (errors: TFieldError[]) =>
  new AppError('validation_failed', 400, 'The request has invalid fields.', {
    errors,
    detail: errors.map((error) => `${error.path}: ${error.message}`).join('; '),
  });

export const storeIntegrationErrors = {
  /** Unknown, or outside the markets the member works in: the same answer, so neither is told apart. */
  unknownMarket: () => invalid([{ path: 'marketId', code: 'unknown_market', message: 'No market has this id.' }]),
  /** An endpoint of every market hears every market's events: only staff of every market make one. */
  marketRequired: () =>
    invalid([{ path: 'marketId', code: 'market_required', message: 'You work in some markets only: choose one of them.' }]),
  apiKeyNotFound: () => new AppError('not_found', 404, 'No API key has this id.'),
  /** Replay is for deliveries that gave up; a pending one is tried again on its own. */
  deliveryNotFailed: () =>
    new AppError('delivery_not_failed', 409, 'Only a failed delivery can be replayed.', {
      detail: 'A pending delivery is retried on its schedule; a succeeded one was received.',
    }),
  oidcClientRevoked: () => new AppError('oidc_client_revoked', 409, 'This client is revoked.', { detail: 'Create another client instead.' }),
  /** A public client (a browser or mobile app) signs in with PKCE and has no secret. */
  oidcClientIsPublic: () => new AppError('oidc_client_public', 409, 'A public client has no secret to rotate.'),
};
