import { AppError } from '../../platform/errors/app-error.js';

export const walletErrors = {
  /** The shop has not configured this wallet's certificates or keys: the portal shows no button. */
  notConfigured: (wallet: 'apple' | 'google') =>
    new AppError('wallet_not_configured', 404, 'This shop does not offer its member card in this wallet.', {
      detail: wallet === 'apple' ? 'Apple Wallet needs the shop’s pass certificate (APPLE_WALLET_* settings).' : 'Google Wallet needs the shop’s service account (GOOGLE_WALLET_* settings).',
    }),
  /** PassKit web service: a missing or wrong `ApplePass` token, or a pass that is not ours, all alike. */
  unauthorised: () => new AppError('invalid_pass_token', 401, 'The pass’s authentication token does not match.'),
};
