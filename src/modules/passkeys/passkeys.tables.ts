import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/column-types.js';
import { customers } from '../customers/customers.tables.js';


/**
 * A customer's passkey (F1.10): a WebAuthn credential. Only its public key is held; the sign
 * counter lets a cloned authenticator be noticed (a counter that goes backwards is refused).
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The credential id the authenticator returns, base64url. */
    credentialId: text().notNull(),
    /** COSE public key. */
    publicKey: bytea().notNull(),
    signCount: bigint({ mode: 'number' }).notNull().default(0),
    /** `usb`, `nfc`, `ble`, `internal`, `hybrid`…, as the browser reported them. */
    transports: jsonb().$type<string[]>().notNull().default([]),
    /** `singleDevice` or `multiDevice` (synced passkey). */
    deviceType: text().notNull(),
    backedUp: boolean().notNull().default(false),
    /** The authenticator model's AAGUID, when it gives one. */
    aaguid: text(),
    /** The name the customer gave it ("iPhone de Camille"). */
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('passkeys_credential_id_key').on(table.credentialId),
    index('passkeys_customer_idx').on(table.customerId),
    check('passkeys_name_check', sql`btrim(${table.name}) <> '' and length(${table.name}) <= 100`),
    check('passkeys_sign_count_check', sql`${table.signCount} >= 0`),
  ],
);
export type TPasskeyRow = typeof passkeys.$inferSelect;

export const webauthnChallengePurposes = ['registration', 'authentication'] as const;

/**
 * A WebAuthn challenge handed to a browser, single use and short-lived: consumed by one
 * atomic delete when the answer comes back. Registration challenges belong to the signed-in
 * customer; sign-in challenges to nobody yet (discoverable credentials).
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: text().primaryKey(),
    purpose: text({ enum: webauthnChallengePurposes }).notNull(),
    customerId: text().references(() => customers.id, { onDelete: 'cascade' }),
    /** The market the ceremony started in (a sign-in finishes there only). */
    marketId: text().notNull(),
    challenge: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('webauthn_challenges_challenge_key').on(table.challenge),
    index('webauthn_challenges_expires_idx').on(table.expiresAt),
    check('webauthn_challenges_purpose_check', sql`${table.purpose} in ('registration', 'authentication')`),
  ],
);
