import type { TAppContext } from '../../context.js';
import type { TConfig } from '../../config.js';
import { findCardByNumber, getMyCard } from '../cards/cards.service.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import { findMarketAsset } from '../markets/branding.service.js';
import type { TMarket } from '../markets/market-directory.js';
import { renderApplePass } from './apple-pass.js';
import { signGoogleWalletLink } from './google-wallet-link.js';
import type { TAppleWalletCredentials } from './wallet-credentials.js';
import { walletErrors } from './wallet.errors.js';
import { authenticateWalletPass, issueWalletPassToken } from './wallet-passes.service.js';

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets'>;
export type TWalletAvailability = { available: boolean; reason?: 'not_configured' };

/** Which wallet buttons the card page shows: a wallet is offered only when the shop configured it. */
export function walletAvailability(config: Pick<TConfig, 'wallet'>): { apple: TWalletAvailability; google: TWalletAvailability } {
  const of = (configured: boolean): TWalletAvailability => (configured ? { available: true } : { available: false, reason: 'not_configured' });
  return { apple: of(config.wallet.apple !== null), google: of(config.wallet.google !== null) };
}

/** Where the market's devices reach the PassKit web service (Apple appends `/v1/…`). */
export function walletWebServiceUrl(market: Pick<TMarket, 'publicUrl'>): string {
  return `${market.publicUrl}/api/wallet`;
}

function appleCredentials(config: Pick<TConfig, 'wallet'>): TAppleWalletCredentials {
  if (!config.wallet.apple) throw walletErrors.notConfigured('apple');
  return config.wallet.apple;
}

/** The market's logo for the pass, when it is a PNG: Wallet draws nothing else. */
async function passLogo(ctx: TContext, market: TMarket): Promise<Buffer | null> {
  if (market.assets.logo?.contentType !== 'image/png') return null;
  const asset = await findMarketAsset(ctx, { marketId: market.id, kind: 'logo' });
  return asset ? Buffer.from(asset.data) : null;
}

async function renderPassOf(ctx: TContext, options: { credentials: TAppleWalletCredentials; marketId: string; cardNumber: string; holderName: string; points: number; token: string }) {
  const market = ctx.markets.get(options.marketId);
  return renderApplePass(options.credentials, {
    cardNumber: options.cardNumber,
    holderName: options.holderName,
    points: options.points,
    branding: market.branding,
    webServiceUrl: walletWebServiceUrl(market),
    authenticationToken: options.token,
    logoPng: await passLogo(ctx, market),
  });
}

/** The signed-in customer's card as a `.pkpass`, with a new web service token (F5.1). */
export async function getMyApplePass(ctx: TContext, customer: TSignedInCustomer): Promise<Buffer> {
  const credentials = appleCredentials(ctx.config);
  const card = await getMyCard(ctx.db, customer);
  const { token } = await issueWalletPassToken(ctx.db, { customerId: customer.id, serialNumber: card.number });
  return renderPassOf(ctx, { credentials, marketId: customer.marketId, cardNumber: card.number, holderName: card.holderName, points: card.points, token });
}

/**
 * PassKit web service: the latest pass for a device that proves it holds it, or `notModified`
 * when it has not changed since the device's copy (Last-Modified counts whole seconds, and
 * every change moves the pass's time by at least one).
 */
export async function getLatestApplePass(
  ctx: TContext,
  options: { passTypeId: string; serialNumber: string; authorization: string | undefined; ifModifiedSince: string | undefined },
): Promise<{ notModified: true; lastModified: Date } | { notModified: false; lastModified: Date; pkpass: Buffer }> {
  const credentials = appleCredentials(ctx.config);
  const { pass, token } = await authenticateWalletPass(ctx.db, { ...options, expectedPassTypeId: credentials.passTypeId });
  const lastModified = new Date(Math.floor(pass.updatedAt.getTime() / 1000) * 1000);
  const since = options.ifModifiedSince ? Date.parse(options.ifModifiedSince) : Number.NaN;
  if (!Number.isNaN(since) && lastModified.getTime() <= since) return { notModified: true, lastModified };
  const [customer, card] = await Promise.all([findCustomerById(ctx.db, pass.customerId), findCardByNumber(ctx.db, pass.serialNumber)]);
  // The pass cascades with the customer and shares the card's number: both exist while it does.
  if (!customer || !card) throw walletErrors.unauthorised();
  const pkpass = await renderPassOf(ctx, {
    credentials,
    marketId: customer.marketId,
    cardNumber: card.number,
    holderName: `${customer.firstName} ${customer.lastName}`.trim(),
    points: card.points,
    // The device keeps the token it has: the same one goes into the new copy.
    token,
  });
  return { notModified: false, lastModified, pkpass };
}

/** The signed-in customer's "save to Google Wallet" link, signed here (F5.1). */
export async function getMyGoogleWalletLink(ctx: TContext, customer: TSignedInCustomer): Promise<{ url: string }> {
  const credentials = ctx.config.wallet.google;
  if (!credentials) throw walletErrors.notConfigured('google');
  const card = await getMyCard(ctx.db, customer);
  const market = ctx.markets.get(customer.marketId);
  const url = await signGoogleWalletLink(credentials, {
    cardNumber: card.number,
    holderName: card.holderName,
    points: card.points,
    branding: market.branding,
    marketCode: market.code,
    publicUrl: market.publicUrl,
  });
  return { url };
}
