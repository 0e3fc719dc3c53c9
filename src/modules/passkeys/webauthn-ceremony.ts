import { createHash } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import type { TMarket } from '../markets/market-directory.js';
import { passkeys, webauthnChallenges, type TPasskeyRow } from './passkeys.tables.js';
import { passkeyTransports, type TAuthenticationResponse } from './passkeys.schemas.js';

/**
 * @simplewebauthn/server and its ASN.1 and X.509 libraries hold some 4 MB of memory: loaded
 * with the first passkey ceremony, not at start, for the servers where nobody uses one.
 */
export const loadWebAuthn = () => import('@simplewebauthn/server');

/** A challenge lives this long, and is good for one answer. */
export const CHALLENGE_SECONDS = 5 * 60;
/** The browser's own timeout, a little shorter than the challenge's life. */
export const CEREMONY_TIMEOUT_MS = 4 * 60 * 1000;

/**
 * The relying party is the market (F1.8): its public address's host name is the RP ID, so a
 * passkey made for one market's site is never offered, nor accepted, on another's.
 */
export function relyingPartyOf(market: Pick<TMarket, 'publicUrl' | 'branding'>): { rpID: string; rpName: string; origin: string } {
  const url = new URL(market.publicUrl);
  return { rpID: url.hostname, rpName: market.branding.shopName, origin: url.origin };
}

/**
 * The WebAuthn user handle: stable per customer and opaque (a digest of the id, never the
 * address), so an authenticator holds nothing personal and sign-in can check it matches.
 */
export function userHandleOf(customerId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(`comptoir:webauthn-user:${customerId}`).digest());
}

export function userHandleBase64Url(customerId: string): string {
  return Buffer.from(userHandleOf(customerId)).toString('base64url');
}

export async function storeChallenge(
  db: Database,
  challenge: { purpose: 'registration' | 'authentication'; challenge: string; marketId: string; customerId: string | null },
): Promise<void> {
  await db.insert(webauthnChallenges).values({
    id: newId('wch'),
    ...challenge,
    expiresAt: new Date(Date.now() + CHALLENGE_SECONDS * 1000),
  });
}

/** The challenge the browser signed, read from clientDataJSON; null when it is not JSON with one. */
export function challengeOfResponse(clientDataJSON: string): string | null {
  try {
    const clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as unknown;
    const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 200 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Takes a live challenge away in one delete: of two answers to the same challenge only one
 * finds it. The purpose, market and owner must match what it was issued for (a sign-in
 * challenge has no owner). Returns whether it was there.
 */
export async function consumeChallenge(
  db: Database,
  options: { challenge: string; purpose: 'registration' | 'authentication'; marketId: string; customerId: string | null },
): Promise<boolean> {
  const deleted = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.challenge, options.challenge),
        eq(webauthnChallenges.purpose, options.purpose),
        eq(webauthnChallenges.marketId, options.marketId),
        options.customerId === null ? isNull(webauthnChallenges.customerId) : eq(webauthnChallenges.customerId, options.customerId),
        gt(webauthnChallenges.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: webauthnChallenges.id });
  return deleted.length === 1;
}

export async function findPasskeyByCredentialId(db: Database, credentialId: string): Promise<TPasskeyRow | undefined> {
  const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId));
  return row;
}

/**
 * Stores the counter an assertion reported, only if it went up (or both are zero: many synced
 * passkeys never count). The condition is in the update, so two simultaneous uses of a cloned
 * key cannot both pass. Returns false for a counter that did not increase.
 */
export async function recordPasskeyUse(db: Database, passkey: Pick<TPasskeyRow, 'id'>, newCounter: number): Promise<boolean> {
  const counterOk = newCounter === 0 ? eq(passkeys.signCount, 0) : lt(passkeys.signCount, newCounter);
  const updated = await db
    .update(passkeys)
    .set({ signCount: newCounter, lastUsedAt: sql`now()` })
    .where(and(eq(passkeys.id, passkey.id), counterOk))
    .returning({ id: passkeys.id });
  return updated.length === 1;
}

/** Transports the browser reported, kept only when WebAuthn knows them. */
export function knownTransports(reported: readonly string[] | undefined): (typeof passkeyTransports)[number][] {
  const known = new Set<string>(passkeyTransports);
  return [...new Set((reported ?? []).filter((transport) => known.has(transport)))] as (typeof passkeyTransports)[number][];
}

/** Expired challenges (abandoned ceremonies) go at housekeeping. */
export async function pruneExpiredChallenges(db: Database): Promise<number> {
  const deleted = await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, sql`now()`)).returning({ id: webauthnChallenges.id });
  return deleted.length;
}

/**
 * Checks an assertion's signature, origin, RP ID and challenge against the stored key. The
 * counter is left to `recordPasskeyUse` (given as 0 here, so the library never refuses on it):
 * a regression is then noticed only for a correctly signed assertion, and recorded as such.
 */
export async function verifyAssertion(options: {
  passkey: TPasskeyRow;
  response: TAuthenticationResponse;
  challenge: string;
  market: Pick<TMarket, 'publicUrl' | 'branding'>;
}): Promise<{ newCounter: number; deviceType: 'singleDevice' | 'multiDevice'; backedUp: boolean } | null> {
  const rp = relyingPartyOf(options.market);
  const { verifyAuthenticationResponse } = await loadWebAuthn();
  try {
    const result = await verifyAuthenticationResponse({
      response: options.response as AuthenticationResponseJSON,
      expectedChallenge: options.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: options.passkey.credentialId,
        publicKey: new Uint8Array(options.passkey.publicKey),
        counter: 0,
        transports: knownTransports(options.passkey.transports),
      },
      // userVerification "preferred": a security key without a PIN still signs in, as asked.
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    const info = result.authenticationInfo;
    return { newCounter: info.newCounter, deviceType: info.credentialDeviceType, backedUp: info.credentialBackedUp };
  } catch {
    // A malformed or forged answer: the library throws for each; all are a refusal.
    return null;
  }
}
