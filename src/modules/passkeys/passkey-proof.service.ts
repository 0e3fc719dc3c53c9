import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { and, eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { findCustomerById } from '../customers/customers.service.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { passkeyErrors } from './passkeys.errors.js';
import type { TAuthenticationResponse } from './passkeys.schemas.js';
import { passkeys } from './passkeys.tables.js';
import {
  CEREMONY_TIMEOUT_MS,
  challengeOfResponse,
  consumeChallenge,
  knownTransports,
  loadWebAuthn,
  recordPasskeyUse,
  relyingPartyOf,
  storeChallenge,
  verifyAssertion,
} from './webauthn-ceremony.js';

/**
 * A passkey as a fresh proof (like the password or an emailed code) for a sensitive change:
 * the signed-in customer is asked to use one of their own passkeys. The challenge belongs to
 * them, so an assertion made for someone else's challenge, or for sign-in, proves nothing here.
 */
export async function startPasskeyProof(ctx: TAppContext, options: { customerId: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const customer = await findCustomerById(ctx.db, options.customerId);
  if (!customer) throw passkeyErrors.notFound();
  const own = await ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.id));
  if (own.length === 0) throw passkeyErrors.noPasskey();
  const market = ctx.markets.get(customer.marketId);
  const { generateAuthenticationOptions } = await loadWebAuthn();
  const requestOptions = await generateAuthenticationOptions({
    rpID: relyingPartyOf(market).rpID,
    allowCredentials: own.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
    userVerification: 'preferred',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(ctx.db, { purpose: 'authentication', challenge: requestOptions.challenge, marketId: market.id, customerId: customer.id });
  return requestOptions;
}

/** True when the assertion is the customer's own passkey answering their own live challenge. */
export async function passkeyProofMatches(
  ctx: TAppContext,
  options: { customerId: string; response: TAuthenticationResponse; meta: TRequestMeta },
): Promise<boolean> {
  const customer = await findCustomerById(ctx.db, options.customerId);
  const challenge = challengeOfResponse(options.response.response.clientDataJSON);
  if (!customer || !challenge) return false;
  const consumed = await consumeChallenge(ctx.db, { challenge, purpose: 'authentication', marketId: customer.marketId, customerId: customer.id });
  if (!consumed) return false;
  const [passkey] = await ctx.db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, options.response.id), eq(passkeys.customerId, customer.id)));
  if (!passkey) return false;
  const verified = await verifyAssertion({ passkey, response: options.response, challenge, market: ctx.markets.get(customer.marketId) });
  if (!verified) return false;
  if (!(await recordPasskeyUse(ctx.db, passkey, verified.newCounter))) {
    await recordSecurityEvent(ctx.db, { type: 'passkey_clone_refused', customerId: customer.id, method: 'passkey', meta: options.meta });
    return false;
  }
  return true;
}
