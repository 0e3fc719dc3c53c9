import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { markets } from '../markets/markets.tables.js';

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
/**
 * F1.7: when the shop's setting asks for it, a new account waits for a staff decision. The
 * customer can sign in and see that it waits; `refused` keeps the account (staff may reconsider).
 */
export const approvalStatuses = ['approved', 'pending', 'refused'] as const;
export type TApprovalStatus = (typeof approvalStatuses)[number];

/**
 * What the back-office search reads (F6.2): names, addresses, phones (E.164 and the national
 * form of French and Belgian numbers) and the business details, folded by `comptoir_fold`
 * (lower case, accents removed; an immutable SQL function created by migration 0009) and
 * indexed with pg_trgm. Generated, so no writer of `customers` can forget it.
 */
const customerSearchText = sql`comptoir_fold(
  coalesce(email, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
  coalesce(phone, '') || ' ' || coalesce(regexp_replace(phone, '^[+]3[23]', '0'), '') || ' ' ||
  coalesce(mobile, '') || ' ' || coalesce(regexp_replace(mobile, '^[+]3[23]', '0'), '') || ' ' ||
  coalesce(business_name, '') || ' ' || coalesce(business_identifier, '') || ' ' ||
  coalesce(business_registration_number, '') || ' ' || coalesce(business_vat_number, ''))`;

export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    /** The market the account belongs to (F1.8): it signs in there only. */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
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
    approvalStatus: text({ enum: approvalStatuses }).notNull().default('approved'),
    /** When staff approved or refused; null for accounts that never waited. */
    approvalDecidedAt: timestamp({ withTimezone: true }),
    /**
     * Business details of a customer who buys for a business without a company account
     * (Lightspeed's "Affaires" type): name, identification number (SIRET, BCE…), trade
     * register number and VAT number, as staff or the customer typed them.
     */
    businessName: text(),
    businessIdentifier: text(),
    businessRegistrationNumber: text(),
    businessVatNumber: text(),
    searchText: text().generatedAlwaysAs(customerSearchText),
    /**
     * The search text of every company the customer belongs to, kept by database triggers on
     * company_members and companies (migration 0013), so that one trigram index finds a customer
     * by their own words and their companies' at once. Never written by the application.
     */
    companySearchText: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // One account per address and market (F1.8): the same email may hold one in each market.
    uniqueIndex('customers_market_email_key').on(table.marketId, table.emailNormalized),
    index('customers_created_at_idx').on(table.createdAt),
    // The back-office search (src/modules/customer-search): the customer's words and their
    // companies', so that every word of a search is one condition on one index. A short pending
    // list, since every search reads it (migration 0014).
    index('customers_search_document_trgm_idx')
      .using('gin', sql`(${table.searchText} || ' ' || ${table.companySearchText}) gin_trgm_ops`)
      .with({ gin_pending_list_limit: 256 }),
    // The approval queue: few rows, read oldest first.
    index('customers_pending_approval_idx').on(table.createdAt).where(sql`${table.approvalStatus} = 'pending'`),
    check('customers_approval_status_check', sql`${table.approvalStatus} in ('approved', 'pending', 'refused')`),
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
  marketId: customers.marketId,
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
  approvalStatus: customers.approvalStatus,
  createdAt: customers.createdAt,
};
export type TSignedInCustomer = Pick<TCustomerRow, keyof typeof signedInCustomerColumns>;
