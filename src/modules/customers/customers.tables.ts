import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const accountTypes = ['individual', 'professional', 'company', 'public_body', 'association'] as const;
export const customerLocales = ['fr', 'en'] as const;
export const customerStatuses = ['active', 'disabled'] as const;
/** "Prefer not to say" is an answer of its own; null means the question was never answered. */
export const customerGenders = ['female', 'male', 'non_binary', 'prefer_not_to_say'] as const;
/**
 * How the account came to exist. Accounts from a guest order or an express checkout have no
 * password and stay "guest" until the person proves the address (`claimedAt`).
 */
export const customerOrigins = ['registration', 'guest_order', 'express_checkout', 'import', 'staff'] as const;
export const consentPurposes = ['newsletter_email', 'promotional_email', 'sms'] as const;
export const consentSources = ['sign_up', 'account_page', 'unsubscribe_link', 'staff', 'import'] as const;

export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    /** Trimmed and lower-cased: the one spelling uniqueness and look-ups use. */
    emailNormalized: text().notNull(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /** argon2id PHC string; null for accounts that sign in by code only. */
    passwordHash: text(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    initials: text(),
    /** E.164, e.g. +33612345678. */
    phone: text(),
    /** E.164. */
    mobile: text(),
    gender: text({ enum: customerGenders }),
    birthDate: date({ mode: 'string' }),
    origin: text({ enum: customerOrigins }).notNull().default('registration'),
    /** When a guest account's owner proved the address (code sign-in or registration link). */
    claimedAt: timestamp({ withTimezone: true }),
    accountType: text({ enum: accountTypes }).notNull().default('individual'),
    locale: text({ enum: customerLocales }).notNull().default('fr'),
    status: text({ enum: customerStatuses }).notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('customers_email_normalized_key').on(table.emailNormalized),
    index('customers_created_at_idx').on(table.createdAt),
    check(
      'customers_account_type_check',
      sql`${table.accountType} in ('individual', 'professional', 'company', 'public_body', 'association')`,
    ),
    check('customers_locale_check', sql`${table.locale} in ('fr', 'en')`),
    check('customers_status_check', sql`${table.status} in ('active', 'disabled')`),
    check('customers_gender_check', sql`${table.gender} in ('female', 'male', 'non_binary', 'prefer_not_to_say')`),
    check(
      'customers_origin_check',
      sql`${table.origin} in ('registration', 'guest_order', 'express_checkout', 'import', 'staff')`,
    ),
    check('customers_email_normalized_check', sql`${table.emailNormalized} = lower(trim(${table.emailNormalized}))`),
  ],
);

/** Append-only record of marketing consent; the current state is the latest row per purpose. */
export const consentRecords = pgTable(
  'consent_records',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text({ enum: consentPurposes }).notNull(),
    granted: boolean().notNull(),
    source: text({ enum: consentSources }).notNull(),
    ip: text(),
    noticeVersion: text().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('consent_records_customer_purpose_idx').on(table.customerId, table.purpose, table.recordedAt),
    check('consent_records_purpose_check', sql`${table.purpose} in ('newsletter_email', 'promotional_email', 'sms')`),
    check(
      'consent_records_source_check',
      sql`${table.source} in ('sign_up', 'account_page', 'unsubscribe_link', 'staff', 'import')`,
    ),
  ],
);

/**
 * The secret behind a marketing email's one-click unsubscribe link (RFC 8058), stored as
 * SHA-256. One per email sent, so the link in every email ever sent keeps working (people
 * unsubscribe from old emails too); reusable, since unsubscribing twice is harmless.
 */
export const unsubscribeTokens = pgTable(
  'unsubscribe_tokens',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text({ enum: consentPurposes }).notNull(),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('unsubscribe_tokens_token_hash_key').on(table.tokenHash),
    index('unsubscribe_tokens_customer_idx').on(table.customerId, table.purpose),
  ],
);

/**
 * The record of an erased account (GDPR art. 17): no personal data, only the pseudonym that
 * records kept by law (orders, invoices) carry instead of the person, and when it was done.
 */
export const accountErasures = pgTable(
  'account_erasures',
  {
    id: text().primaryKey(),
    /** The erased account's id; no foreign key, the row is gone. */
    customerId: text().notNull(),
    pseudonym: text().notNull(),
    requestedBy: text({ enum: ['customer', 'staff'] }).notNull(),
    requestedAt: timestamp({ withTimezone: true }).notNull(),
    completedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('account_erasures_customer_key').on(table.customerId),
    uniqueIndex('account_erasures_pseudonym_key').on(table.pseudonym),
    check('account_erasures_requested_by_check', sql`${table.requestedBy} in ('customer', 'staff')`),
  ],
);

export type TCustomerRow = typeof customers.$inferSelect;

/** What a signed-in request carries: the row without its secrets and bookkeeping. */
export const signedInCustomerColumns = {
  id: customers.id,
  email: customers.email,
  emailVerifiedAt: customers.emailVerifiedAt,
  firstName: customers.firstName,
  lastName: customers.lastName,
  initials: customers.initials,
  phone: customers.phone,
  mobile: customers.mobile,
  gender: customers.gender,
  birthDate: customers.birthDate,
  origin: customers.origin,
  claimedAt: customers.claimedAt,
  accountType: customers.accountType,
  locale: customers.locale,
  status: customers.status,
  createdAt: customers.createdAt,
};
export type TSignedInCustomer = Pick<TCustomerRow, keyof typeof signedInCustomerColumns>;
