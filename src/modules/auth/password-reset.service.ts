import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import {
  findCustomerByEmail,
  findCustomerById,
  markEmailVerified,
  normalizeEmail,
  setCustomerPasswordHash,
} from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { authErrors } from './auth.errors.js';
import { authLinks, enqueueAuthEmail } from './auth-mail.js';
import { renderPasswordChangedEmail, renderPasswordResetEmail } from './auth.emails.js';
import { authRateRules, clearPasswordFailures, countFailure, countRequest, refuseIfFailuresExceeded } from './auth.throttle.js';
import { consumeEmailToken, findLiveEmailToken, issueEmailToken } from './email-tokens.repository.js';
import { recordSecurityEvent } from './security-events.repository.js';
import { revokeSessionsOfCustomer } from './sessions.service.js';

export const PASSWORD_RESET_TTL_SECONDS = 3600;

/** Emails a single-use reset link when the address has an account; the answer is 202 either way. */
export async function requestPasswordReset(
  ctx: TAppContext,
  options: { email: string; meta: TRequestMeta },
): Promise<void> {
  const email = normalizeEmail(options.email);
  await countRequest(ctx.rateLimiter, [
    [authRateRules.resetRequestsPerAddress, email],
    [authRateRules.resetRequestsPerIp, options.meta.ip],
  ]);
  await ctx.db.transaction(async (tx) => {
    const customer = await findCustomerByEmail(tx, options.meta.market.id, email);
    if (!customer || customer.status !== 'active') return;
    await enqueuePasswordResetLink(ctx, tx, { customer, to: customer.email, meta: options.meta });
  });
  ctx.notifyMail();
}

/**
 * Issues a reset token and puts the email with its link in the outbox, in the caller's
 * transaction (the caller notifies the mail worker after commit). `to` is the account's address,
 * or the one it had just before when an email change is reported as not the owner's.
 */
export async function enqueuePasswordResetLink(
  ctx: Pick<TAppContext, 'config' | 'markets'>,
  db: Database,
  options: { customer: Pick<TCustomerRow, 'id' | 'marketId' | 'locale' | 'firstName'>; to: string; meta: TRequestMeta },
): Promise<void> {
  const { customer } = options;
  const token = await issueEmailToken(db, {
    customerId: customer.id,
    purpose: 'password_reset',
    ttlSeconds: PASSWORD_RESET_TTL_SECONDS,
  });
  await enqueueAuthEmail(db, {
    customerId: customer.id,
    to: options.to,
    locale: customer.locale,
    template: 'password_reset',
    rendered: renderPasswordResetEmail({
      locale: customer.locale,
      branding: ctx.markets.get(customer.marketId).branding,
      firstName: customer.firstName,
      link: authLinks(ctx.markets.get(customer.marketId)).resetPassword(token),
    }),
  });
  await recordSecurityEvent(db, { type: 'password_reset_requested', customerId: customer.id, meta: options.meta });
}

/**
 * Sets the new password from a reset link. The link is used up only when the password is
 * accepted, so a too-weak choice can be corrected with the same link.
 */
export async function confirmPasswordReset(
  ctx: TAppContext,
  options: { token: string; password: string; meta: TRequestMeta },
): Promise<void> {
  const tokenFailures = [[authRateRules.tokenFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures]);
  const live = await findLiveEmailToken(ctx.db, { token: options.token, purpose: 'password_reset' });
  const owner = live ? await findCustomerById(ctx.db, live.customerId) : undefined;
  // A reset link works in its own market only (F1.8).
  if (!owner || owner.status !== 'active' || owner.marketId !== options.meta.market.id) {
    await countFailure(ctx.rateLimiter, [...tokenFailures]);
    throw authErrors.invalidToken();
  }
  const strength = checkPasswordStrength(options.password, {
    locale: owner.locale,
    userInputs: [owner.email, owner.firstName, owner.lastName],
  });
  if (!strength.ok) throw authErrors.weakPassword(strength.reason);
  const passwordHash = await ctx.passwordHasher.hash(options.password);

  const changed = await ctx.db.transaction(async (tx) => {
    // Consumed here, atomically: of two concurrent confirmations only one changes the password.
    const used = await consumeEmailToken(tx, { token: options.token, purpose: 'password_reset' });
    if (!used) return false;
    await setCustomerPasswordHash(tx, owner.id, passwordHash);
    // The reset link proves the address: for a guest account, this is its claim.
    const verified = await markEmailVerified(tx, owner);
    if (owner.claimedAt === null && verified.claimedAt !== null) {
      await recordSecurityEvent(tx, { type: 'guest_account_claimed', customerId: owner.id, method: 'reset_link', meta: options.meta });
    }
    await revokeSessionsOfCustomer(tx, { customerId: owner.id, exceptSessionId: null });
    await enqueueAuthEmail(tx, {
      customerId: owner.id,
      to: owner.email,
      locale: owner.locale,
      template: 'password_changed',
      rendered: renderPasswordChangedEmail({
        locale: owner.locale,
        branding: ctx.markets.get(owner.marketId).branding,
        firstName: owner.firstName,
        resetUrl: authLinks(ctx.markets.get(owner.marketId)).forgotPassword,
        occurredAt: new Date(),
      }),
    });
    await recordSecurityEvent(tx, { type: 'password_changed', customerId: owner.id, method: 'reset_link', meta: options.meta });
    return true;
  });
  if (!changed) throw authErrors.invalidToken();
  await clearPasswordFailures(ctx.rateLimiter, { emailNormalized: owner.emailNormalized, ip: options.meta.ip });
  ctx.sessionCache.evictCustomer(owner.id);
  ctx.notifyMail();
}
