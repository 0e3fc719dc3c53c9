import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';

export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: text().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_customer_idx').on(table.customerId),
  ],
);

/**
 * verify_email: prove the address at sign-up. password_reset. email_change: the link sent to
 * the new address (data.newEmail). email_change_report: the "it wasn't me" link sent to the old
 * address (data.previousEmail). guest_claim: registering with a guest account's address; the
 * link applies what was typed (data: names, password hash, consent) once the address is proven.
 */
export const tokenPurposes = ['verify_email', 'password_reset', 'email_change', 'email_change_report', 'guest_claim'] as const;
export type TTokenPurpose = (typeof tokenPurposes)[number];

/** Single-use links (email verification, password reset), stored as SHA-256. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text({ enum: tokenPurposes }).notNull(),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    /** What the link applies when used (see tokenPurposes); null for plain proofs. */
    data: jsonb().$type<Record<string, unknown>>(),
  },
  (table) => [
    uniqueIndex('email_tokens_token_hash_key').on(table.tokenHash),
    index('email_tokens_customer_purpose_idx').on(table.customerId, table.purpose),
    check(
      'email_tokens_purpose_check',
      sql`${table.purpose} in ('verify_email', 'password_reset', 'email_change', 'email_change_report', 'guest_claim')`,
    ),
  ],
);

/** The one live sign-in code of an account: a new request replaces it (unique customer). */
export const loginCodes = pgTable(
  'login_codes',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    salt: text().notNull(),
    failedAttempts: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('login_codes_customer_key').on(table.customerId),
    check('login_codes_failed_attempts_check', sql`${table.failedAttempts} >= 0`),
  ],
);

export const securityEventTypes = [
  'sign_in_succeeded',
  'sign_in_failed',
  'code_sent',
  'code_failed',
  'email_verified',
  'password_reset_requested',
  'password_changed',
  'session_revoked',
  'signed_out',
  'profile_updated',
  'email_change_requested',
  'email_changed',
  'email_change_reported',
  'marketing_preferences_changed',
  'data_exported',
  'guest_account_claimed',
  'proof_failed',
  'passkey_added',
  'passkey_removed',
  'passkey_clone_refused',
] as const;
export type TSecurityEventType = (typeof securityEventTypes)[number];

/** Audit of sign-in activity. `customerId` is null when the address matched no account. */
export const securityEvents = pgTable(
  'security_events',
  {
    id: text().primaryKey(),
    customerId: text().references(() => customers.id, { onDelete: 'cascade' }),
    type: text({ enum: securityEventTypes }).notNull(),
    method: text(),
    ip: text(),
    userAgent: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('security_events_customer_idx').on(table.customerId, table.occurredAt)],
);
