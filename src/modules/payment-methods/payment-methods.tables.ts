import { sql } from 'drizzle-orm';
import { boolean, char, check, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';

export const paymentMethodKinds = ['card', 'sepa_debit', 'paypal', 'bank_transfer', 'other'] as const;

/**
 * A saved payment method as the store's payment provider describes it (F4.7): brand, last four
 * digits, expiry. Never a card number: there is no column for one, and the API refuses any
 * field it does not know.
 */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** The provider's id of it, e.g. a Stripe PaymentMethod id. */
    externalId: text().notNull(),
    kind: text({ enum: paymentMethodKinds }).notNull(),
    /** `visa`, `mastercard`, `cb`, `amex`, a bank name for a mandate… */
    brand: text(),
    last4: char({ length: 4 }),
    expiryMonth: integer(),
    expiryYear: integer(),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('payment_methods_external_id_key').on(table.customerId, table.externalId),
    uniqueIndex('payment_methods_one_default_key').on(table.customerId).where(sql`${table.isDefault}`),
    check('payment_methods_kind_check', sql`${table.kind} in ('card', 'sepa_debit', 'paypal', 'bank_transfer', 'other')`),
    check('payment_methods_last4_check', sql`${table.last4} is null or ${table.last4} ~ '^[0-9]{4}$'`),
    check('payment_methods_expiry_check', sql`(${table.expiryMonth} is null or ${table.expiryMonth} between 1 and 12) and (${table.expiryYear} is null or ${table.expiryYear} between 2000 and 2100)`),
  ],
);

export type TPaymentMethodRow = typeof paymentMethods.$inferSelect;
