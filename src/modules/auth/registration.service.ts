import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import {
  createCustomer,
  findCustomerByEmail,
  findCustomerById,
  isUnclaimedGuest,
  markEmailVerified,
  normalizeEmail,
  PRIVACY_NOTICE_VERSION,
} from '../customers/customers.service.js';
import { insertConsentRecord, updateCustomer } from '../customers/customers.repository.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { sendNewsletterWelcomeEmail } from '../marketing/marketing-mail.js';
import { refuseIfNotBusinessCustomer } from '../companies/buying-context.service.js';
import { buyingContextErrors } from '../companies/buying-context.service.js';
import { createRegisteredCompany } from '../companies/companies.service.js';
import { authErrors } from './auth.errors.js';
import { enqueueAuthEmail, authLinks } from './auth-mail.js';
import { renderAccountExistsEmail, renderGuestClaimEmail, renderVerifyEmail } from './auth.emails.js';
import type { TRegisterBody } from './auth.schemas.js';
import { authRateRules, clearPasswordFailures, countFailure, countRequest, refuseIfFailuresExceeded } from './auth.throttle.js';
import { consumeEmailToken, issueEmailToken } from './email-tokens.repository.js';
import { recordSecurityEvent } from './security-events.repository.js';
import { createSession, type TIssuedSession } from './sessions.service.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import { approvalPendingNote } from '../account-approval/account-approval.emails.js';
import { holdForApprovalIfRequired } from '../account-approval/shop-settings.service.js';

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
  // B2B_ONLY (F3.7): a consumer sign-up is refused before anything is written or sent.
  if (meta.market.b2bOnly && input.accountType === 'individual') throw buyingContextErrors.notBusinessCustomer();
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
      const existing = await findCustomerByEmail(tx, meta.market.id, email);
      if (existing && isUnclaimedGuest(existing)) {
        await offerGuestClaim(ctx, tx, existing, { input, passwordHash, locale, ip: meta.ip });
        return;
      }
      if (existing) {
        await emailExistingAccount(ctx, tx, existing);
        return;
      }
      const created = await createCustomer(tx, {
        marketId: meta.market.id,
        email: input.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        accountType: input.accountType,
        locale,
        marketingEmail: { granted: input.marketingEmail, ip: meta.ip },
      });
      // F1.7: the shop's setting may make a new account wait for a staff decision.
      const customer = await holdForApprovalIfRequired(tx, created);
      await recordCustomerEvent(tx, 'customer.created', customer);
      // A business account's company (F1.1), only for a new account: the schema required it for these types.
      if (input.company) await createRegisteredCompany(tx, { customerId: customer.id, marketId: customer.marketId, accountType: input.accountType, company: input.company });
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
      branding: ctx.markets.get(customer.marketId).branding,
      firstName: customer.firstName,
      link: authLinks(ctx.markets.get(customer.marketId)).verifyEmail(token),
      note: customer.approvalStatus === 'pending' ? approvalPendingNote(customer.locale, ctx.markets.get(customer.marketId).branding) : null,
    }),
  });
}

/** What a guest_claim link applies once the address is proven (email_tokens.data). */
type TGuestClaim = {
  firstName: string;
  lastName: string;
  accountType: TCustomerRow['accountType'];
  locale: TCustomerRow['locale'];
  passwordHash: string | null;
  marketingEmail: boolean;
  ip: string | null;
};

/**
 * Registering with the address of a guest account (F1.6) changes nothing yet: what was typed
 * waits in a single-use link sent to the address, so only its owner can claim the account.
 */
async function offerGuestClaim(
  ctx: TAppContext,
  db: Database,
  guest: TCustomerRow,
  typed: { input: TRegisterBody; passwordHash: string | null; locale: TCustomerRow['locale']; ip: string | null },
): Promise<void> {
  const claim: TGuestClaim = {
    firstName: typed.input.firstName,
    lastName: typed.input.lastName,
    accountType: typed.input.accountType,
    locale: typed.locale,
    passwordHash: typed.passwordHash,
    marketingEmail: typed.input.marketingEmail,
    ip: typed.ip,
  };
  const token = await issueEmailToken(db, {
    customerId: guest.id,
    purpose: 'guest_claim',
    ttlSeconds: VERIFY_EMAIL_TTL_SECONDS,
    data: claim,
  });
  await enqueueAuthEmail(db, {
    customerId: guest.id,
    to: guest.email,
    locale: typed.locale,
    template: 'guest_claim',
    rendered: renderGuestClaimEmail({
      locale: typed.locale,
      branding: ctx.markets.get(guest.marketId).branding,
      firstName: typed.input.firstName,
      link: authLinks(ctx.markets.get(guest.marketId)).verifyEmail(token),
    }),
  });
}

/** Applies a guest claim's registration to the account whose address was just proven. */
async function applyGuestClaim(db: Database, customer: TCustomerRow, claim: TGuestClaim): Promise<TCustomerRow> {
  const updated = await updateCustomer(db, customer.id, {
    firstName: claim.firstName,
    lastName: claim.lastName,
    accountType: claim.accountType,
    locale: claim.locale,
    ...(claim.passwordHash ? { passwordHash: claim.passwordHash } : {}),
  });
  // F1.7: claiming through the sign-up form is a registration; the setting applies to the type chosen.
  const claimed = updated ? await holdForApprovalIfRequired(db, updated) : customer;
  if (claim.marketingEmail) {
    await insertConsentRecord(db, {
      customerId: customer.id,
      purpose: 'newsletter_email',
      granted: true,
      source: 'sign_up',
      ip: claim.ip,
      noticeVersion: PRIVACY_NOTICE_VERSION,
    });
  }
  return claimed;
}

async function emailExistingAccount(ctx: TAppContext, db: Database, customer: TCustomerRow): Promise<void> {
  const links = authLinks(ctx.markets.get(customer.marketId));
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
      branding: ctx.markets.get(customer.marketId).branding,
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
    // One link page for both: a sign-up's confirmation and a guest account's claim.
    const used =
      (await consumeEmailToken(tx, { token: options.token, purpose: 'verify_email' })) ??
      (await consumeEmailToken(tx, { token: options.token, purpose: 'guest_claim' }));
    const found = used ? await findCustomerById(tx, used.customerId) : undefined;
    // A link opens in its own market only (F1.8), like every other way of signing in.
    if (!found || found.status !== 'active' || found.marketId !== options.meta.market.id) return null;
    const claiming = used?.data && isUnclaimedGuest(found) ? (used.data as TGuestClaim) : null;
    const customer = claiming ? await applyGuestClaim(tx, found, claiming) : found;
    const verified = await markEmailVerified(tx, customer);
    // B2B_ONLY (F3.7): a link cannot sign in someone with no company either; thrown here, it
    // rolls the whole attempt back, so no session is left behind and the link stays usable.
    await refuseIfNotBusinessCustomer({ db: tx, markets: ctx.markets }, customer);
    const session = await createSession(ctx, tx, { customerId: customer.id, meta: options.meta });
    await recordSecurityEvent(tx, { type: 'email_verified', customerId: customer.id, meta: options.meta });
    // The newsletter accepted at sign-up starts once the address is proven, with its welcome email.
    if (customer.emailVerifiedAt === null) await sendNewsletterWelcomeEmail(ctx, tx, { customerId: customer.id });
    if (customer.claimedAt === null && verified.claimedAt !== null) {
      await recordSecurityEvent(tx, { type: 'guest_account_claimed', customerId: customer.id, method: 'registration', meta: options.meta });
    }
    await recordSecurityEvent(tx, { type: 'sign_in_succeeded', customerId: customer.id, method: 'verify_link', meta: options.meta });
    return { session, customer: verified };
  });
  if (!result) {
    await countFailure(ctx.rateLimiter, [...tokenFailures]);
    throw authErrors.invalidToken();
  }
  await clearPasswordFailures(ctx.rateLimiter, { emailNormalized: result.customer.emailNormalized, ip: options.meta.ip });
  ctx.notifyMail();
  return result;
}
