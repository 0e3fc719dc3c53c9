import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';

/**
 * The member card as an Apple Wallet pass (F5.1): its serial number is the card number; the
 * web service authenticates devices with the pass's token (only its SHA-256 is kept here).
 * `updatedAt` moves when what the pass shows changes (name, points), so devices fetch it again.
 */
export const walletPasses = pgTable('wallet_passes', {
  serialNumber: text().primaryKey(),
  customerId: text()
    .notNull()
    .unique('wallet_passes_customer_key')
    .references(() => customers.id, { onDelete: 'cascade' }),
  authenticationTokenHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A device that added the pass and asked to hear of its updates (PassKit web service). */
export const walletPassRegistrations = pgTable(
  'wallet_pass_registrations',
  {
    deviceLibraryId: text().notNull(),
    passTypeId: text().notNull(),
    serialNumber: text()
      .notNull()
      .references(() => walletPasses.serialNumber, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    pushToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.deviceLibraryId, table.passTypeId, table.serialNumber] }),
    index('wallet_pass_registrations_serial_idx').on(table.serialNumber),
  ],
);

export type TWalletPassRow = typeof walletPasses.$inferSelect;
