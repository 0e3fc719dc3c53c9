import type { TAppContext, TRequestMeta } from '../../context.js';
import { findCustomerByEmail, normalizeEmail } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { refuseIfNotBusinessCustomer } from '../companies/buying-context.service.js';
import { authErrors } from './auth.errors.js';
import { authRateRules, countFailure, refuseIfFailuresExceeded } from './auth.throttle.js';
import { sendVerificationEmail } from './registration.service.js';
import { recordSecurityEvent } from './security-events.repository.js';
import { createSession, type TIssuedSession } from './sessions.service.js';

/**
 * Password sign-in. Unknown addresses cost one argon2id verification too and fail with the
 * same error, so neither the answer nor its timing tells whether an account exists.
 */
export async function signInWithPassword(
  ctx: TAppContext,
  options: { email: string; password: string; meta: TRequestMeta },
): Promise<{ session: TIssuedSession; customer: TCustomerRow }> {
  const email = normalizeEmail(options.email);
  const failureCounters = [
    [authRateRules.passwordFailuresPerAddressAndIp, `${email}|${options.meta.ip}`],
    [authRateRules.passwordFailuresPerAddress, email],
    [authRateRules.passwordFailuresPerIp, options.meta.ip],
  ] as const;
  // The account is read while the counters are: a refusal (429) answers without using it.
  const [[failuresFromHere], customer] = await Promise.all([
    refuseIfFailuresExceeded(ctx.rateLimiter, [...failureCounters]),
    findCustomerByEmail(ctx.db, options.meta.market.id, email),
  ]);
  const passwordMatches = customer?.passwordHash
    ? await ctx.passwordHasher.verify(customer.passwordHash, options.password)
    : (await ctx.passwordHasher.verifyAgainstDummy(options.password), false);

  if (!customer || !passwordMatches || customer.status !== 'active') {
    await countFailure(ctx.rateLimiter, [...failureCounters]);
    await recordSecurityEvent(ctx.db, {
      type: 'sign_in_failed',
      customerId: customer?.id ?? null,
      method: 'password',
      meta: options.meta,
    });
    throw authErrors.invalidCredentials();
  }

  if (!customer.emailVerifiedAt) {
    await resendVerificationEmail(ctx, customer);
    throw authErrors.emailNotVerified();
  }

  // B2B_ONLY (F3.7): the right password, but no company to buy for: no session.
  await refuseIfNotBusinessCustomer(ctx, customer);
  // The session and its sign_in_succeeded event are one statement, written before the token is disclosed.
  const session = await createSession(ctx, ctx.db, {
    customerId: customer.id,
    meta: options.meta,
    event: { type: 'sign_in_succeeded', method: 'password' },
  });
  // The owner got in: their own earlier typos from this IP no longer count against them.
  if (failuresFromHere && failuresFromHere.count > 0) {
    await ctx.rateLimiter.reset(authRateRules.passwordFailuresPerAddressAndIp, `${email}|${options.meta.ip}`);
  }
  return { session, customer };
}

/** At most one fresh link every couple of minutes, however often the owner tries to sign in (password or passkey). */
export async function resendVerificationEmail(ctx: TAppContext, customer: TCustomerRow): Promise<void> {
  const decision = await ctx.rateLimiter.hit(authRateRules.verificationResendPerAddress, customer.id);
  if (!decision.allowed) return;
  await ctx.db.transaction((tx) => sendVerificationEmail(ctx, tx, customer));
  ctx.notifyMail();
}
