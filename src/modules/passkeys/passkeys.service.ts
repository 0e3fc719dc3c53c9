import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { and, asc, count, eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { requireFreshProof, type TFreshProof } from '../auth/fresh-proof.service.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { renderPasskeyEmail, type TPasskeyEmailTemplate } from './passkeys.emails.js';
import { passkeyErrors } from './passkeys.errors.js';
import type { TPasskey } from './passkeys.schemas.js';
import { passkeys, type TPasskeyRow } from './passkeys.tables.js';
import {
  CEREMONY_TIMEOUT_MS,
  challengeOfResponse,
  consumeChallenge,
  knownTransports,
  loadWebAuthn,
  relyingPartyOf,
  storeChallenge,
  userHandleOf,
} from './webauthn-ceremony.js';

/** Enough for every device a person owns; a bound on what one session can add. */
export const MAX_PASSKEYS_PER_CUSTOMER = 20;

export function toPasskey(row: TPasskeyRow): TPasskey {
  return {
    id: row.id,
    name: row.name,
    deviceType: row.deviceType === 'multiDevice' ? 'multiDevice' : 'singleDevice',
    backedUp: row.backedUp,
    transports: row.transports,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export async function listPasskeysOfCustomer(db: Database, customerId: string): Promise<TPasskeyRow[]> {
  return db.select().from(passkeys).where(eq(passkeys.customerId, customerId)).orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

async function signedInCustomerRow(ctx: TAppContext, customerId: string): Promise<TCustomerRow> {
  const customer = await findCustomerById(ctx.db, customerId);
  if (!customer) throw passkeyErrors.notFound();
  return customer;
}

/**
 * `POST /api/me/passkeys/registration-options`: after a fresh proof (a session left open must
 * not be enough to add a way in), creation options for the customer's market. The challenge,
 * valid five minutes, is what carries the proof on to `POST /api/me/passkeys`.
 */
export async function startPasskeyRegistration(
  ctx: TAppContext,
  options: { customerId: string; proof: TFreshProof; meta: TRequestMeta },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const customer = await signedInCustomerRow(ctx, options.customerId);
  await requireFreshProof(ctx, { customerId: customer.id, proof: options.proof, meta: options.meta });
  const existing = await listPasskeysOfCustomer(ctx.db, customer.id);
  if (existing.length >= MAX_PASSKEYS_PER_CUSTOMER) throw passkeyErrors.tooMany(MAX_PASSKEYS_PER_CUSTOMER);
  const market = ctx.markets.get(customer.marketId);
  const rp = relyingPartyOf(market);
  const displayName = [customer.firstName, customer.lastName].filter(Boolean).join(' ').trim();
  const { generateRegistrationOptions } = await loadWebAuthn();
  const creationOptions = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userID: userHandleOf(customer.id),
    userName: customer.email,
    userDisplayName: displayName || customer.email,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: knownTransports(passkey.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await storeChallenge(ctx.db, { purpose: 'registration', challenge: creationOptions.challenge, marketId: market.id, customerId: customer.id });
  return creationOptions;
}

/**
 * `POST /api/me/passkeys`: the authenticator's answer to this customer's live registration
 * challenge. The challenge is taken away first, in its own statement, so a failed check still
 * uses it up; then the attestation is verified and the key stored, the owner emailed.
 */
export async function addPasskey(
  ctx: TAppContext,
  options: { customerId: string; response: RegistrationResponseJSON; name: string; meta: TRequestMeta },
): Promise<TPasskey> {
  const customer = await signedInCustomerRow(ctx, options.customerId);
  const market = ctx.markets.get(customer.marketId);
  const challenge = challengeOfResponse(options.response.response.clientDataJSON);
  if (!challenge) throw passkeyErrors.registrationRefused();
  const consumed = await consumeChallenge(ctx.db, { challenge, purpose: 'registration', marketId: market.id, customerId: customer.id });
  if (!consumed) throw passkeyErrors.registrationRefused();

  const rp = relyingPartyOf(market);
  const { verifyRegistrationResponse } = await loadWebAuthn();
  const verification = await verifyRegistrationResponse({
    response: options.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw passkeyErrors.registrationRefused();
  const info = verification.registrationInfo;

  const row = await ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.credentialId, info.credential.id));
    if (taken) throw passkeyErrors.alreadyRegistered();
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(passkeys).where(eq(passkeys.customerId, customer.id));
    if (total >= MAX_PASSKEYS_PER_CUSTOMER) throw passkeyErrors.tooMany(MAX_PASSKEYS_PER_CUSTOMER);
    const [inserted] = await tx
      .insert(passkeys)
      .values({
        id: newId('psk'),
        customerId: customer.id,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        signCount: info.credential.counter,
        transports: knownTransports(options.response.response.transports),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        // All zeros is "no model given" (attestation none): nothing worth keeping.
        aaguid: /^[0-]+$/.test(info.aaguid) ? null : info.aaguid,
        name: options.name,
      })
      .returning();
    await notifyOwner(ctx, tx, { customer, template: 'passkey_added', passkeyName: options.name });
    await recordSecurityEvent(tx, { type: 'passkey_added', customerId: customer.id, method: 'passkey', meta: options.meta });
    return inserted!;
  });
  ctx.notifyMail();
  return toPasskey(row);
}

export async function renamePasskey(ctx: TAppContext, options: { customerId: string; passkeyId: string; name: string }): Promise<TPasskey> {
  const [row] = await ctx.db
    .update(passkeys)
    .set({ name: options.name })
    .where(and(eq(passkeys.id, options.passkeyId), eq(passkeys.customerId, options.customerId)))
    .returning();
  if (!row) throw passkeyErrors.notFound();
  return toPasskey(row);
}

/**
 * Removes one of the customer's passkeys (their own request, or staff's on their behalf), with
 * the email and security event in the same transaction. 404 for a passkey that is not theirs.
 */
export async function removePasskey(
  ctx: TAppContext,
  db: Database,
  options: { customer: TCustomerRow; passkeyId: string; meta: TRequestMeta | null; byStaff: boolean },
): Promise<TPasskeyRow> {
  const [row] = await db
    .delete(passkeys)
    .where(and(eq(passkeys.id, options.passkeyId), eq(passkeys.customerId, options.customer.id)))
    .returning();
  if (!row) throw passkeyErrors.notFound();
  await notifyOwner(ctx, db, { customer: options.customer, template: 'passkey_removed', passkeyName: row.name, byStaff: options.byStaff });
  await recordSecurityEvent(db, { type: 'passkey_removed', customerId: options.customer.id, method: options.byStaff ? 'staff' : 'passkey', meta: options.meta });
  return row;
}

export async function removeOwnPasskey(ctx: TAppContext, options: { customerId: string; passkeyId: string; meta: TRequestMeta }): Promise<void> {
  const customer = await signedInCustomerRow(ctx, options.customerId);
  await ctx.db.transaction((tx) => removePasskey(ctx, tx, { customer, passkeyId: options.passkeyId, meta: options.meta, byStaff: false }));
  ctx.notifyMail();
}

async function notifyOwner(
  ctx: TAppContext,
  db: Database,
  options: { customer: TCustomerRow; template: TPasskeyEmailTemplate; passkeyName: string; byStaff?: boolean },
): Promise<void> {
  const { customer } = options;
  const market = ctx.markets.get(customer.marketId);
  await enqueueEmail(db, {
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: options.template,
    rendered: renderPasskeyEmail({
      template: options.template,
      locale: customer.locale,
      branding: market.branding,
      firstName: customer.firstName,
      passkeyName: options.passkeyName,
      occurredAt: new Date(),
      passkeysUrl: `${market.publicUrl}/passkeys`,
      byStaff: options.byStaff,
    }),
  });
}
