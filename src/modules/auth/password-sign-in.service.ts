import { and, eq, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { preparedQuery } from '../../db/prepared.js';
import { counterKeyValues, countersColumn, countsFromColumn, type TRateCount, type TRuleAndKey } from '../../platform/rate-limit/rate-limiter.js';
import { findCustomerByEmail, normalizeEmail } from '../customers/customers.service.js';
import { customers, type TCustomerRow } from '../customers/customers.tables.js';
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
  const { counts, customer } = await readCountersAndAccount(ctx, { marketId: options.meta.market.id, email, checks: failureCounters });
  // The counters are read already: the refusal rules judge them as they would a peek.
  const [failuresFromHere] = await refuseIfFailuresExceeded({ ...ctx.rateLimiter, peek: async () => counts }, [...failureCounters]);
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

/**
 * The failure counters and the account of the address, read together: a refusal (429) answers
 * without using the account. With the counters in the same database, one prepared query reads
 * both (the counters as a column); in Redis, both are asked at once.
 */
async function readCountersAndAccount(
  ctx: Pick<TAppContext, 'db' | 'rateLimiter'>,
  options: { marketId: string; email: string; checks: readonly TRuleAndKey[] },
): Promise<{ counts: TRateCount[]; customer: TCustomerRow | undefined }> {
  if (ctx.rateLimiter.database !== ctx.db) {
    const [counts, customer] = await Promise.all([ctx.rateLimiter.peek([...options.checks]), findCustomerByEmail(ctx.db, options.marketId, options.email)]);
    return { counts, customer };
  }
  const name = `sign_in_counters_and_account_${options.checks.length}`;
  const keyValues = counterKeyValues(options.checks);
  const [row] = await preparedQuery(ctx.db, name, (db) =>
    db
      .select({ counters: countersColumn(options.checks.length), customer: customers })
      .from(sql`(select 1) as one`)
      .leftJoin(customers, and(eq(customers.marketId, sql.placeholder('marketId')), eq(customers.emailNormalized, sql.placeholder('email'))))
      .prepare(name),
  ).execute({ ...keyValues, marketId: options.marketId, email: options.email });
  return { counts: countsFromColumn(options.checks, keyValues, row?.counters), customer: row?.customer ?? undefined };
}

/** At most one fresh link every couple of minutes, however often the owner tries to sign in (password or passkey). */
export async function resendVerificationEmail(ctx: TAppContext, customer: TCustomerRow): Promise<void> {
  const decision = await ctx.rateLimiter.hit(authRateRules.verificationResendPerAddress, customer.id);
  if (!decision.allowed) return;
  await ctx.db.transaction((tx) => sendVerificationEmail(ctx, tx, customer));
  ctx.notifyMail();
}
