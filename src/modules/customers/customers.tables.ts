import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const accountTypes = ['individual', 'professional', 'company', 'public_body'] as const;
export const customerLocales = ['fr', 'en'] as const;
export const customerStatuses = ['active', 'disabled'] as const;

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
    accountType: text({ enum: accountTypes }).notNull().default('individual'),
    locale: text({ enum: customerLocales }).notNull().default('fr'),
    status: text({ enum: customerStatuses }).notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('customers_email_normalized_key').on(table.emailNormalized),
    index('customers_created_at_idx').on(table.createdAt),
    check('customers_account_type_check', sql`${table.accountType} in ('individual', 'professional', 'company', 'public_body')`),
    check('customers_locale_check', sql`${table.locale} in ('fr', 'en')`),
    check('customers_status_check', sql`${table.status} in ('active', 'disabled')`),
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
    purpose: text({ enum: ['newsletter_email', 'promotional_email', 'sms'] }).notNull(),
    granted: boolean().notNull(),
    source: text({ enum: ['sign_up', 'account_page', 'unsubscribe_link', 'staff', 'import'] }).notNull(),
    ip: text(),
    noticeVersion: text().notNull(),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('consent_records_customer_purpose_idx').on(table.customerId, table.purpose, table.recordedAt)],
);

export type TCustomerRow = typeof customers.$inferSelect;

/** What a signed-in request carries: the row without its secrets and bookkeeping. */
export const signedInCustomerColumns = {
  id: customers.id,
  email: customers.email,
  emailVerifiedAt: customers.emailVerifiedAt,
  firstName: customers.firstName,
  lastName: customers.lastName,
  accountType: customers.accountType,
  locale: customers.locale,
  status: customers.status,
  createdAt: customers.createdAt,
};
export type TSignedInCustomer = Pick<TCustomerRow, keyof typeof signedInCustomerColumns>;
