import { sql } from 'drizzle-orm';
import { boolean, char, check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';

export const addressKinds = ['billing', 'delivery'] as const;
export type TAddressKind = (typeof addressKinds)[number];

/** A customer's billing address (at most one) and delivery addresses (at most 50, one default). */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text({ enum: addressKinds }).notNull(),
    /** The delivery address checkout proposes first; always false for billing. */
    isDefault: boolean().notNull().default(false),
    label: text(),
    firstName: text(),
    lastName: text(),
    company: text(),
    /** "À l'attention de": the person or department the parcel or invoice is for. */
    attention: text(),
    line1: text().notNull(),
    line2: text(),
    houseNumber: text(),
    houseNumberExtension: text(),
    /** As the country's post office writes it (addresses.rules.ts); null where the country has none. */
    postalCode: text(),
    city: text().notNull(),
    region: text(),
    /** ISO 3166-1 alpha-2. */
    country: char({ length: 2 }).notNull(),
    /** E.164, parsed with the address's country as the default region. */
    phone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('customer_addresses_customer_idx').on(table.customerId, table.kind),
    uniqueIndex('customer_addresses_one_billing_key').on(table.customerId).where(sql`${table.kind} = 'billing'`),
    uniqueIndex('customer_addresses_one_default_delivery_key')
      .on(table.customerId)
      .where(sql`${table.kind} = 'delivery' and ${table.isDefault}`),
    check('customer_addresses_kind_check', sql`${table.kind} in ('billing', 'delivery')`),
    check('customer_addresses_default_delivery_check', sql`not (${table.isDefault} and ${table.kind} <> 'delivery')`),
    check('customer_addresses_country_check', sql`${table.country} ~ '^[A-Z]{2}$'`),
    check('customer_addresses_phone_check', sql`${table.phone} is null or ${table.phone} ~ '^[+][1-9][0-9]{6,14}$'`),
    check('customer_addresses_required_check', sql`btrim(${table.line1}) <> '' and btrim(${table.city}) <> ''`),
    check(
      'customer_addresses_recipient_check',
      sql`coalesce(btrim(${table.lastName}), '') <> '' or coalesce(btrim(${table.company}), '') <> ''`,
    ),
  ],
);

export type TCustomerAddressRow = typeof customerAddresses.$inferSelect;
