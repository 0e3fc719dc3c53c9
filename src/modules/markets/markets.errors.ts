import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const marketErrors = {
  notFound: () => commonErrors.notFound(),
  invalidFields: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  codeTaken: () =>
    new AppError('market_code_taken', 409, 'Another market already uses this code.', {
      errors: [{ path: 'code', code: 'market_code_taken', message: 'Another market already uses this code.' }],
    }),
  /** Two markets on one host would make the market of a request a guess. */
  hostTaken: () =>
    new AppError('market_host_taken', 409, 'Another market is already reached at this address.', {
      detail: 'Each market has its own host name (or port).',
      errors: [{ path: 'publicUrl', code: 'market_host_taken', message: 'Another market is already reached at this address.' }],
    }),
};
