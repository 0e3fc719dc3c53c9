import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';

/**
 * The member card (F5.1): one per person, issued when the address is proven, so every verified
 * customer and every colleague of a company has one. The number is 13 digits, a GS1
 * in-store prefix (`29`), ten random digits and an EAN-13 check digit: tills read it as
 * Code 128, QR or EAN-13 and a mistyped digit is caught before any look-up.
 */
export const memberCards = pgTable(
  'member_cards',
  {
    number: text().primaryKey(),
    customerId: text()
      .notNull()
      .unique('member_cards_customer_key')
      .references(() => customers.id, { onDelete: 'cascade' }),
    issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Loyalty points as the store reports them (integration API); shown on the card and its wallet pass. */
    points: integer().notNull().default(0),
    pointsUpdatedAt: timestamp({ withTimezone: true }),
  },
  (table) => [check('member_cards_number_check', sql`${table.number} ~ '^29[0-9]{11}$'`), check('member_cards_points_check', sql`${table.points} >= 0`)],
);

export type TMemberCardRow = typeof memberCards.$inferSelect;
