import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';
import { staffUsers } from '../staff/staff.tables.js';

/**
 * Staff-only notes on a customer (F2.5): never shown to the customer, but personal data all
 * the same — they are in the customer's export (art. 15) and go with the account on erasure.
 */
export const customerNotes = pgTable(
  'customer_notes',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** Null once the author's staff account is gone; the note stays. */
    authorStaffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('customer_notes_customer_idx').on(table.customerId, table.createdAt),
    check('customer_notes_body_check', sql`char_length(btrim(${table.body})) between 1 and 5000`),
  ],
);
export type TCustomerNoteRow = typeof customerNotes.$inferSelect;
