import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { authErrors } from '../auth/auth.errors.js';
import { authLinks } from '../auth/auth-mail.js';
import { authRateRules, countFailure, countRequest, refuseIfFailuresExceeded } from '../auth/auth.throttle.js';
import {
  consumeEmailToken,
  findNewestLiveEmailToken,
  issueEmailToken,
  revokeEmailTokens,
} from '../auth/email-tokens.repository.js';
import { requireFreshProof, type TFreshProof } from '../auth/fresh-proof.service.js';
import { enqueuePasswordResetLink } from '../auth/password-reset.service.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { revokeSessionsOfCustomer } from '../auth/sessions.service.js';
import * as repository from './customers.repository.js';
import type { TMarket } from '../markets/market-directory.js';
import { findCustomerByEmail, findCustomerById, normalizeEmail, toPublicCustomer, type TPublicCustomer } from './customers.service.js';
import type { TCustomerRow } from './customers.tables.js';
import { emailChangeErrors } from './email-change.errors.js';
import {
  renderEmailChangedEmail,
  renderEmailChangeNoticeEmail,
  renderEmailChangeVerifyEmail,
  type TEmailChangeEmailTemplate,
} from './email-change.emails.js';
import { maskEmail } from './email-change.rules.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';

const HOUR = 3600;
export const EMAIL_CHANGE_TTL_SECONDS = 24 * HOUR;
/** Long enough to notice the notice after a holiday; the owner's way back in. */
export const EMAIL_CHANGE_REPORT_TTL_SECONDS = 14 * 24 * HOUR;

/**
 * Each request emails two addresses, and a 409 tells whether an address has an account: a few an
 * hour is plenty for a person, and too few to spam or to probe addresses.
 */
export const emailChangeRequestsPerCustomer: TRateRule = { name: 'email_change_req', limit: 10, windowSeconds: HOUR };

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets' | 'passwordHasher' | 'rateLimiter' | 'sessionCache' | 'notifyMail'>;

/** On the customer's market's own address (F1.8). */
export const emailChangeLinks = (market: Pick<TMarket, 'publicUrl'>) => ({
  confirm: (token: string) => `${market.publicUrl}/email-change/confirm?token=${encodeURIComponent(token)}`,
  report: (token: string) => `${market.publicUrl}/email-change/report?token=${encodeURIComponent(token)}`,
});

async function enqueueEmailChangeEmail(
  db: Database,
  email: { customer: Pick<TCustomerRow, 'id' | 'locale'>; to: string; template: TEmailChangeEmailTemplate; rendered: ReturnType<typeof renderEmailChangedEmail> },
): Promise<void> {
  await enqueueEmail(db, {
    customerId: email.customer.id,
    to: email.to,
    template: email.template,
    locale: email.customer.locale,
    rendered: email.rendered,
  });
}

/** The address must be free in the customer's market: an account of someone else's there makes it taken. */
async function isTakenByAnother(db: Database, email: string, customer: Pick<TCustomerRow, 'id' | 'marketId'>): Promise<boolean> {
  const owner = await findCustomerByEmail(db, customer.marketId, email);
  return owner !== undefined && owner.id !== customer.id;
}

/**
 * Asks for a new sign-in address (F2.1): a fresh proof first, then a link to the new address and
 * a notice with an "it wasn't me" link to the current one. Nothing changes until the link is used.
 */
export async function requestEmailChange(
  ctx: TContext,
  options: { customerId: string; newEmail: string; proof: TFreshProof; meta: TRequestMeta },
): Promise<void> {
  const customer = await findCustomerById(ctx.db, options.customerId);
  if (!customer) throw new Error('the signed-in customer has no row');
  const newEmail = options.newEmail.trim();
  if (normalizeEmail(newEmail) === customer.emailNormalized) throw emailChangeErrors.sameAsCurrent();
  await countRequest(ctx.rateLimiter, [[emailChangeRequestsPerCustomer, customer.id]]);
  const { method } = await requireFreshProof(ctx, { customerId: customer.id, proof: options.proof, meta: options.meta });
  // Only after the proof: probing which addresses have accounts needs the password or mailbox.
  if (await isTakenByAnother(ctx.db, newEmail, customer)) throw emailChangeErrors.emailTaken();

  await ctx.db.transaction(async (tx) => {
    const confirmToken = await issueEmailToken(tx, {
      customerId: customer.id,
      purpose: 'email_change',
      ttlSeconds: EMAIL_CHANGE_TTL_SECONDS,
      data: { newEmail },
    });
    // Earlier report links keep working: a later request may be the very one to report.
    const reportToken = await issueEmailToken(tx, {
      customerId: customer.id,
      purpose: 'email_change_report',
      ttlSeconds: EMAIL_CHANGE_REPORT_TTL_SECONDS,
      data: { previousEmail: customer.email },
      keepEarlier: true,
    });
    const base = { locale: customer.locale, branding: ctx.markets.get(customer.marketId).branding, firstName: customer.firstName };
    await enqueueEmailChangeEmail(tx, {
      customer,
      to: newEmail,
      template: 'email_change_verify',
      rendered: renderEmailChangeVerifyEmail({ ...base, link: emailChangeLinks(ctx.markets.get(customer.marketId)).confirm(confirmToken) }),
    });
    await enqueueEmailChangeEmail(tx, {
      customer,
      to: customer.email,
      template: 'email_change_notice',
      rendered: renderEmailChangeNoticeEmail({
        ...base,
        maskedNewEmail: maskEmail(newEmail),
        reportLink: emailChangeLinks(ctx.markets.get(customer.marketId)).report(reportToken),
        requestedAt: new Date(),
      }),
    });
    await recordSecurityEvent(tx, { type: 'email_change_requested', customerId: customer.id, method, meta: options.meta });
  });
  ctx.notifyMail();
}

/** The address a change waits on, if its link is still live. */
export async function findPendingEmailChange(
  ctx: Pick<TAppContext, 'db'>,
  options: { customerId: string },
): Promise<{ pendingEmail: string | null; expiresAt: Date | null }> {
  const live = await findNewestLiveEmailToken(ctx.db, { customerId: options.customerId, purpose: 'email_change' });
  const pendingEmail = typeof live?.data?.newEmail === 'string' ? live.data.newEmail : null;
  return { pendingEmail, expiresAt: pendingEmail ? (live?.expiresAt ?? null) : null };
}

/**
 * Opens the link sent to the new address: the token proves it, so no session is needed (it may
 * be opened on another device). The old address stops signing in from here on.
 */
export async function confirmEmailChange(
  ctx: TContext,
  options: { token: string; meta: TRequestMeta },
): Promise<TPublicCustomer> {
  const tokenFailures = [[authRateRules.tokenFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures]);
  const updated = await ctx.db.transaction(async (tx) => {
    const used = await consumeEmailToken(tx, { token: options.token, purpose: 'email_change' });
    const customer = used ? await findCustomerById(tx, used.customerId) : undefined;
    const newEmail = used?.data?.newEmail;
    if (!customer || customer.status !== 'active' || typeof newEmail !== 'string') return null;
    // Someone may have registered the address since the request; the unique index is the last guard.
    if (await isTakenByAnother(tx, newEmail, customer)) throw emailChangeErrors.emailTaken();
    const row = await repository
      .updateCustomer(tx, customer.id, { email: newEmail, emailNormalized: normalizeEmail(newEmail), emailVerifiedAt: new Date() })
      .catch((error: unknown) => {
        throw postgresErrorCode(error) === '23505' ? emailChangeErrors.emailTaken() : error;
      });
    if (!row) return null;
    await recordCustomerEvent(tx, 'customer.updated', row);
    await enqueueEmailChangeEmail(tx, {
      customer: row,
      to: row.email,
      template: 'email_changed',
      rendered: renderEmailChangedEmail({
        locale: row.locale,
        branding: ctx.markets.get(row.marketId).branding,
        firstName: row.firstName,
        signInUrl: authLinks(ctx.markets.get(row.marketId)).signIn,
      }),
    });
    await recordSecurityEvent(tx, { type: 'email_changed', customerId: row.id, meta: options.meta });
    return row;
  });
  if (!updated) {
    await countFailure(ctx.rateLimiter, [...tokenFailures]);
    throw authErrors.invalidToken();
  }
  ctx.sessionCache.evictCustomer(updated.id);
  ctx.notifyMail();
  return toPublicCustomer(updated, ctx.config);
}

/**
 * "It wasn't me", from the notice sent to the previous address: cancels a pending change, puts
 * the previous address back if the change happened (and nobody took it since), ends every
 * session and sends that address a link to choose a new password.
 */
export async function reportEmailChange(
  ctx: TContext,
  options: { token: string; meta: TRequestMeta },
): Promise<{ emailRestored: boolean }> {
  const tokenFailures = [[authRateRules.tokenFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures]);
  const outcome = await ctx.db.transaction(async (tx) => {
    const used = await consumeEmailToken(tx, { token: options.token, purpose: 'email_change_report' });
    const customer = used ? await findCustomerById(tx, used.customerId) : undefined;
    const previousEmail = used?.data?.previousEmail;
    if (!customer || typeof previousEmail !== 'string') return null;
    await revokeEmailTokens(tx, { customerId: customer.id, purpose: 'email_change' });
    const emailRestored =
      customer.emailNormalized !== normalizeEmail(previousEmail) && (await restoreEmail(tx, customer, previousEmail));
    await revokeSessionsOfCustomer(tx, { customerId: customer.id, exceptSessionId: null });
    await recordSecurityEvent(tx, {
      type: 'email_change_reported',
      customerId: customer.id,
      method: emailRestored ? 'restored' : customer.emailNormalized === normalizeEmail(previousEmail) ? 'cancelled' : 'address_taken',
      meta: options.meta,
    });
    await enqueuePasswordResetLink(ctx, tx, { customer, to: previousEmail, meta: options.meta });
    return { customerId: customer.id, emailRestored };
  });
  if (!outcome) {
    await countFailure(ctx.rateLimiter, [...tokenFailures]);
    throw authErrors.invalidToken();
  }
  ctx.sessionCache.evictCustomer(outcome.customerId);
  ctx.notifyMail();
  return { emailRestored: outcome.emailRestored };
}

/** Puts the previous address back unless another account has it now; a savepoint absorbs a lost race. */
async function restoreEmail(db: Database, customer: TCustomerRow, previousEmail: string): Promise<boolean> {
  if (await isTakenByAnother(db, previousEmail, customer)) return false;
  try {
    await db.transaction(async (savepoint) => {
      const restored = await repository.updateCustomer(savepoint, customer.id, {
        email: previousEmail,
        emailNormalized: normalizeEmail(previousEmail),
        // The report link came to that mailbox: the address is proven again.
        emailVerifiedAt: new Date(),
      });
      if (restored) await recordCustomerEvent(savepoint, 'customer.updated', restored);
    });
    return true;
  } catch (error) {
    if (postgresErrorCode(error) === '23505') return false;
    throw error;
  }
}
