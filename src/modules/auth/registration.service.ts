import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import {
  createCustomer,
  findCustomerByEmail,
  findCustomerById,
  markEmailVerified,
  normalizeEmail,
} from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { authErrors } from './auth.errors.js';
import { enqueueAuthEmail, authLinks } from './auth-mail.js';
import { renderAccountExistsEmail, renderVerifyEmail } from './auth.emails.js';
import type { TRegisterBody } from './auth.schemas.js';
import { authRateRules, countFailure, countRequest, refuseIfFailuresExceeded } from './auth.throttle.js';
import { consumeEmailToken, issueEmailToken } from './email-tokens.repository.js';
import { recordSecurityEvent } from './security-events.repository.js';
import { createSession, type TIssuedSession } from './sessions.service.js';

export const VERIFY_EMAIL_TTL_SECONDS = 24 * 3600;

/**
 * Registers a customer, or, when the address already has an account, emails that account
 * instead: the caller gets the same answer either way (no account enumeration).
 */
export async function registerCustomer(
  ctx: TAppContext,
  options: { input: TRegisterBody; meta: TRequestMeta },
): Promise<void> {
  const { input, meta } = options;
  const email = normalizeEmail(input.email);
  await countRequest(ctx.rateLimiter, [
    [authRateRules.registrationsPerIp, meta.ip],
    [authRateRules.registrationsPerAddress, email],
  ]);
  const locale = input.locale ?? meta.locale;
  if (input.password) {
    const strength = checkPasswordStrength(input.password, {
      locale,
      userInputs: [input.email, input.firstName, input.lastName],
    });
    if (!strength.ok) throw authErrors.weakPassword(strength.reason);
  }
  // Hashed before knowing whether the account exists, so both paths take as long.
  const passwordHash = input.password ? await ctx.passwordHasher.hash(input.password) : null;

  try {
    await ctx.db.transaction(async (tx) => {
      const existing = await findCustomerByEmail(tx, email);
      if (existing) {
        await emailExistingAccount(ctx, tx, existing);
        return;
      }
      const customer = await createCustomer(tx, {
        email: input.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        accountType: input.accountType,
        locale,
        marketingEmail: { granted: input.marketingEmail, ip: meta.ip },
      });
      await sendVerificationEmail(ctx, tx, customer);
    });
  } catch (error) {
    // Two sign-ups for one address at once: the loser's answer is the same 202.
    if (postgresErrorCode(error) !== '23505') throw error;
  }
  ctx.notifyMail();
}

export async function sendVerificationEmail(ctx: TAppContext, db: Database, customer: TCustomerRow): Promise<void> {
  const token = await issueEmailToken(db, {
    customerId: customer.id,
    purpose: 'verify_email',
    ttlSeconds: VERIFY_EMAIL_TTL_SECONDS,
  });
  await enqueueAuthEmail(db, {
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: 'verify_email',
    rendered: renderVerifyEmail({
      locale: customer.locale,
      branding: ctx.config.branding,
      firstName: customer.firstName,
      link: authLinks(ctx).verifyEmail(token),
    }),
  });
}

async function emailExistingAccount(ctx: TAppContext, db: Database, customer: TCustomerRow): Promise<void> {
  const links = authLinks(ctx);
  // An unverified owner who lost the first email gets a fresh link; the password typed now is ignored.
  const verifyToken = customer.emailVerifiedAt
    ? null
    : await issueEmailToken(db, { customerId: customer.id, purpose: 'verify_email', ttlSeconds: VERIFY_EMAIL_TTL_SECONDS });
  await enqueueAuthEmail(db, {
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: 'account_exists',
    rendered: renderAccountExistsEmail({
      locale: customer.locale,
      branding: ctx.config.branding,
      firstName: customer.firstName,
      signInUrl: links.signIn,
      resetUrl: links.forgotPassword,
      verifyLink: verifyToken ? links.verifyEmail(verifyToken) : null,
    }),
  });
}

/** Opens the verification link: proves the address, activates the account and signs in. */
export async function verifyEmailAndSignIn(
  ctx: TAppContext,
  options: { token: string; meta: TRequestMeta },
): Promise<{ session: TIssuedSession; customer: TCustomerRow }> {
  const tokenFailures = [[authRateRules.tokenFailuresPerIp, options.meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures]);
  const result = await ctx.db.transaction(async (tx) => {
    const used = await consumeEmailToken(tx, { token: options.token, purpose: 'verify_email' });
    const customer = used ? await findCustomerById(tx, used.customerId) : undefined;
    if (!customer || customer.status !== 'active') return null;
    const verified = await markEmailVerified(tx, customer);
    const session = await createSession(ctx, tx, { customerId: customer.id, meta: options.meta });
    await recordSecurityEvent(tx, { type: 'email_verified', customerId: customer.id, meta: options.meta });
    await recordSecurityEvent(tx, { type: 'sign_in_succeeded', customerId: customer.id, method: 'verify_link', meta: options.meta });
    return { session, customer: verified };
  });
  if (!result) {
    await countFailure(ctx.rateLimiter, [...tokenFailures]);
    throw authErrors.invalidToken();
  }
  return result;
}
