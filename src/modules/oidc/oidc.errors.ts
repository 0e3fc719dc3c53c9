import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

export const oidcErrors = {
  validationFailed: (errors: TFieldError[]) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors,
      detail: errors.map((error) => `${error.path}: ${error.message}`).join('; '),
    }),
  clientNotFound: () => new AppError('not_found', 404, 'No OpenID Connect client has this id.'),
  unknownMarket: () =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', {
      errors: [{ path: 'marketId', code: 'unknown_market', message: 'No market has this id.' }],
    }),
  /** The sign-in page was opened too late, in another browser, or after it was finished. */
  interactionNotFound: () =>
    new AppError('interaction_not_found', 404, 'This sign-in request has expired.', {
      detail: 'Go back to the shop and sign in again.',
    }),
  /** The page posted a step the provider is not waiting for (consent while sign-in is needed). */
  wrongInteractionStep: (expected: string) =>
    new AppError('interaction_step_mismatch', 409, 'This sign-in request is waiting for another step.', {
      detail: `The next step is ${expected}.`,
    }),
};
