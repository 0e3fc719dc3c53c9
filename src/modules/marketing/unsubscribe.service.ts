import type { TAppContext, TRequestMeta } from '../../context.js';
import { hashToken } from '../../platform/crypto/tokens.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { countFailure, refuseIfFailuresExceeded } from '../auth/auth.throttle.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { findCustomerById, PRIVACY_NOTICE_VERSION } from '../customers/customers.service.js';
import { marketingErrors } from './marketing.errors.js';
import * as repository from './marketing.repository.js';
import { maskEmail, type TConsentPurpose } from './marketing.rules.js';

type TContext = Pick<TAppContext, 'db' | 'config' | 'rateLimiter' | 'markets'>;

/** Like the sign-in links: unknown tokens are counted per IP, so guessing them soon waits. */
export const unsubscribeRateRules = {
  tokenFailuresPerIp: { name: 'unsub_fail_ip', limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, TRateRule>;

/** The token's row, or 400 invalid_token (counted) — after refusing an IP with too many failures. */
async function resolveToken(ctx: TContext, options: { token: string; meta: TRequestMeta }) {
  const failures = [[unsubscribeRateRules.tokenFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...failures]);
  const row = await repository.findUnsubscribeToken(ctx.db, hashToken(options.token));
  if (!row) {
    await countFailure(ctx.rateLimiter, [...failures]);
    throw marketingErrors.invalidToken();
  }
  return row;
}

/**
 * What an unsubscribe link is about, for its page. Changes nothing: link scanners and mail
 * previews open GET links, and must not unsubscribe anyone.
 */
export async function describeUnsubscribeLink(
  ctx: TContext,
  options: { token: string; meta: TRequestMeta },
): Promise<{ purpose: TConsentPurpose; shopName: string; email: string; subscribed: boolean }> {
  const row = await resolveToken(ctx, options);
  const customer = await findCustomerById(ctx.db, row.customerId);
  if (!customer) throw marketingErrors.invalidToken();
  const latest = await repository.findLatestConsentRecord(ctx.db, row);
  return { purpose: row.purpose, shopName: ctx.markets.get(customer.marketId).branding.shopName, email: maskEmail(customer.email), subscribed: latest?.granted ?? false };
}

/**
 * One-click unsubscribe (RFC 8058), without signing in: the token is the authority. Appends a
 * withdrawal unless the consent is already withdrawn; the answer is the same either way.
 */
export async function unsubscribeWithToken(
  ctx: TContext,
  options: { token: string; meta: TRequestMeta },
): Promise<{ purpose: TConsentPurpose; subscribed: false; alreadyWithdrawn: boolean }> {
  const row = await resolveToken(ctx, options);
  const alreadyWithdrawn = await ctx.db.transaction(async (tx) => {
    await repository.lockConsentOfCustomer(tx, row.customerId);
    const latest = await repository.findLatestConsentRecord(tx, row);
    await repository.markUnsubscribeTokenUsed(tx, row.id);
    if (!latest?.granted) return true;
    await repository.appendConsentRecord(tx, {
      customerId: row.customerId,
      purpose: row.purpose,
      granted: false,
      source: 'unsubscribe_link',
      ip: options.meta.ip,
      noticeVersion: PRIVACY_NOTICE_VERSION,
    });
    await recordSecurityEvent(tx, { type: 'marketing_preferences_changed', customerId: row.customerId, method: 'unsubscribe_link', meta: options.meta });
    return false;
  });
  return { purpose: row.purpose, subscribed: false, alreadyWithdrawn };
}
