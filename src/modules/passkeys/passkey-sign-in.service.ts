import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { authErrors } from '../auth/auth.errors.js';
import { countFailure, countRequest, refuseIfFailuresExceeded } from '../auth/auth.throttle.js';
import { resendVerificationEmail } from '../auth/password-sign-in.service.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { createSession, type TIssuedSession } from '../auth/sessions.service.js';
import { refuseIfNotBusinessCustomer } from '../companies/buying-context.service.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { passkeyErrors } from './passkeys.errors.js';
import type { TAuthenticationResponse } from './passkeys.schemas.js';
import {
  CEREMONY_TIMEOUT_MS,
  challengeOfResponse,
  consumeChallenge,
  findPasskeyByCredentialId,
  loadWebAuthn,
  recordPasskeyUse,
  relyingPartyOf,
  storeChallenge,
  userHandleBase64Url,
  verifyAssertion,
} from './webauthn-ceremony.js';

const MINUTE = 60;

/**
 * Passkey sign-in has no address to count against, so it is limited per IP: options are
 * counted (each stores a challenge), failed answers are counted apart, like password failures.
 */
export const passkeyRateRules = {
  optionsPerIp: { name: 'passkey_options_ip', limit: 60, windowSeconds: 15 * MINUTE },
  failuresPerIp: { name: 'passkey_fail_ip', limit: 30, windowSeconds: 15 * MINUTE },
} satisfies Record<string, TRateRule>;

/**
 * `POST /api/auth/passkey/options`: a sign-in challenge for the request's market, with no
 * credentials listed, so the browser offers the passkeys it holds for this site (discoverable
 * credentials; conditional UI in the address field).
 */
export async function startPasskeySignIn(ctx: TAppContext, options: { meta: TRequestMeta }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await countRequest(ctx.rateLimiter, [[passkeyRateRules.optionsPerIp, options.meta.ip]]);
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const requestOptions = await generateAuthenticationOptions({
    rpID: relyingPartyOf(options.meta.market).rpID,
    allowCredentials: [],
    userVerification: 'preferred',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(ctx.db, {
    purpose: 'authentication',
    challenge: requestOptions.challenge,
    marketId: options.meta.market.id,
    customerId: null,
  });
  return requestOptions;
}

/**
 * `POST /api/auth/passkey/verify`: signs in exactly as a password does (same session, same
 * events, same refusals for B2B-only markets and unverified addresses). Every refusal before the
 * account is known to be usable is the one `invalid_credentials`, whatever the reason.
 */
export async function signInWithPasskey(
  ctx: TAppContext,
  options: { response: TAuthenticationResponse; meta: TRequestMeta },
): Promise<{ session: TIssuedSession; customer: TCustomerRow }> {
  const { meta, response } = options;
  const failures = [[passkeyRateRules.failuresPerIp, meta.ip]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...failures]);
  const refuse = async (customerId: string | null, type: 'sign_in_failed' | 'passkey_clone_refused' = 'sign_in_failed'): Promise<never> => {
    await countFailure(ctx.rateLimiter, [...failures]);
    await recordSecurityEvent(ctx.db, { type, customerId, method: 'passkey', meta });
    throw passkeyErrors.signInRefused();
  };

  const challenge = challengeOfResponse(response.response.clientDataJSON);
  // Only this market's sign-in challenges (no owner) count: a registration or proof challenge,
  // or one issued on another market's host, is not a sign-in.
  if (!challenge || !(await consumeChallenge(ctx.db, { challenge, purpose: 'authentication', marketId: meta.market.id, customerId: null }))) {
    return refuse(null);
  }
  const passkey = await findPasskeyByCredentialId(ctx.db, response.id);
  if (!passkey) return refuse(null);
  const customer = await findCustomerById(ctx.db, passkey.customerId);
  // An account of another market is not one here (F1.8): refused as if unknown.
  if (!customer || customer.marketId !== meta.market.id) return refuse(customer?.id ?? null);
  if (response.response.userHandle !== undefined && response.response.userHandle !== userHandleBase64Url(customer.id)) {
    return refuse(customer.id);
  }
  const verified = await verifyAssertion({ passkey, response, challenge, market: meta.market });
  if (!verified || customer.status !== 'active') return refuse(customer.id);
  // A correctly signed assertion whose counter did not move on: the key has been copied.
  if (!(await recordPasskeyUse(ctx.db, passkey, verified.newCounter))) return refuse(customer.id, 'passkey_clone_refused');

  if (!customer.emailVerifiedAt) {
    await resendVerificationEmail(ctx, customer);
    throw authErrors.emailNotVerified();
  }
  await refuseIfNotBusinessCustomer(ctx, customer);
  const session = await createSession(ctx, ctx.db, { customerId: customer.id, meta });
  await recordSecurityEvent(ctx.db, { type: 'sign_in_succeeded', customerId: customer.id, method: 'passkey', meta });
  return { session, customer };
}
