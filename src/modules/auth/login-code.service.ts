import { eq, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { constantTimeEqual, hashCode, newSalt, newSixDigitCode } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { findCustomerByEmail, markEmailVerified, normalizeEmail } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { refuseIfNotBusinessCustomer } from '../companies/buying-context.service.js';
import { authErrors } from './auth.errors.js';
import { authLinks, enqueueAuthEmail } from './auth-mail.js';
import { renderLoginCodeEmail, renderLoginCodeNoAccountEmail } from './auth.emails.js';
import { loginCodes } from './auth.tables.js';
import { authRateRules, clearPasswordFailures, countFailure, countRequest, refuseIfFailuresExceeded } from './auth.throttle.js';
import { recordSecurityEvent } from './security-events.repository.js';
import { createSession, type TIssuedSession } from './sessions.service.js';

export const LOGIN_CODE_TTL_SECONDS = 10 * 60;
/** Wrong tries allowed per code; the next try is refused even with the right code. */
export const LOGIN_CODE_MAX_FAILURES = 5;

/**
 * Emails a six-digit code. An address with no account gets an invitation to sign up instead,
 * so the answer (always 202) and the work done are alike either way.
 */
export async function requestLoginCode(
  ctx: TAppContext,
  options: { email: string; meta: TRequestMeta },
): Promise<void> {
  const email = normalizeEmail(options.email);
  await countRequest(ctx.rateLimiter, [
    [authRateRules.codeRequestsPerAddress, email],
    [authRateRules.codeRequestsPerIp, options.meta.ip],
  ]);
  await ctx.db.transaction(async (tx) => {
    const customer = await findCustomerByEmail(tx, options.meta.market.id, email);
    if (!customer) {
      await enqueueAuthEmail(tx, {
        customerId: null,
        to: options.email.trim(),
        locale: options.meta.locale,
        template: 'login_code_no_account',
        rendered: renderLoginCodeNoAccountEmail({
          locale: options.meta.locale,
          branding: options.meta.market.branding,
          firstName: null,
          signUpUrl: authLinks(options.meta.market).signUp,
        }),
      });
      return;
    }
    if (customer.status !== 'active') return;
    const code = newSixDigitCode();
    const salt = newSalt();
    const expiresAt = new Date(Date.now() + LOGIN_CODE_TTL_SECONDS * 1000);
    // One live code per account: a new request replaces the old code and its failure count.
    await tx
      .insert(loginCodes)
      .values({ id: newId('lgc'), customerId: customer.id, codeHash: hashCode(code, salt), salt, expiresAt })
      .onConflictDoUpdate({
        target: loginCodes.customerId,
        set: { codeHash: hashCode(code, salt), salt, expiresAt, failedAttempts: 0, createdAt: new Date() },
      });
    await enqueueAuthEmail(tx, {
      customerId: customer.id,
      to: customer.email,
      locale: customer.locale,
      template: 'login_code',
      rendered: renderLoginCodeEmail({ locale: customer.locale, branding: ctx.markets.get(customer.marketId).branding, firstName: customer.firstName, code }),
    });
    await recordSecurityEvent(tx, { type: 'code_sent', customerId: customer.id, meta: options.meta });
  });
  ctx.notifyMail();
}

type TCodeOutcome =
  | { kind: 'signed_in'; session: TIssuedSession; customer: TCustomerRow }
  | { kind: 'wrong_code'; customerId: string | null }
  | { kind: 'too_many_attempts' };

/** Signs in with the emailed code, which also proves the address and so verifies it. */
export async function signInWithCode(
  ctx: TAppContext,
  options: { email: string; code: string; meta: TRequestMeta },
): Promise<{ session: TIssuedSession; customer: TCustomerRow }> {
  const ipFailures = [[authRateRules.codeFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...ipFailures]);
  // Wrong tries are returned as a value, not thrown, so that their count commits.
  const outcome = await ctx.db.transaction(async (tx): Promise<TCodeOutcome> => {
    const customer = await findCustomerByEmail(tx, options.meta.market.id, options.email);
    if (!customer || customer.status !== 'active') return { kind: 'wrong_code', customerId: null };
    const [live] = await tx
      .select()
      .from(loginCodes)
      .where(sql`${loginCodes.customerId} = ${customer.id} and ${loginCodes.expiresAt} > now()`)
      .for('update');
    if (!live) return { kind: 'wrong_code', customerId: customer.id };
    if (live.failedAttempts >= LOGIN_CODE_MAX_FAILURES) return { kind: 'too_many_attempts' };
    if (!constantTimeEqual(hashCode(options.code, live.salt), live.codeHash)) {
      await tx
        .update(loginCodes)
        .set({ failedAttempts: live.failedAttempts + 1 })
        .where(eq(loginCodes.id, live.id));
      return { kind: 'wrong_code', customerId: customer.id };
    }
    await tx.delete(loginCodes).where(eq(loginCodes.id, live.id));
    const verified = await markEmailVerified(tx, customer);
    if (customer.claimedAt === null && verified.claimedAt !== null) {
      await recordSecurityEvent(tx, { type: 'guest_account_claimed', customerId: customer.id, method: 'code', meta: options.meta });
    }
    // B2B_ONLY (F3.7): thrown here, it rolls back the whole attempt, so no session is left.
    await refuseIfNotBusinessCustomer({ db: tx, markets: ctx.markets }, customer);
    const session = await createSession(ctx, tx, { customerId: customer.id, meta: options.meta });
    await recordSecurityEvent(tx, { type: 'sign_in_succeeded', customerId: customer.id, method: 'code', meta: options.meta });
    return { kind: 'signed_in', session, customer: verified };
  });

  if (outcome.kind === 'signed_in') {
    await clearPasswordFailures(ctx.rateLimiter, { emailNormalized: outcome.customer.emailNormalized, ip: options.meta.ip });
    return outcome;
  }
  if (outcome.kind === 'too_many_attempts') throw authErrors.tooManyAttempts();
  await countFailure(ctx.rateLimiter, [...ipFailures]);
  await recordSecurityEvent(ctx.db, { type: 'code_failed', customerId: outcome.customerId, method: 'code', meta: options.meta });
  throw authErrors.invalidCode();
}
