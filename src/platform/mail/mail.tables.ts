import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const emailStatuses = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * The transactional outbox and the customer's email history in one table: a row is written in
 * the same transaction as the change that causes it and kept once delivered.
 * `customerId` is a plain column (no foreign key) so that platform code knows no module.
 */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: text().primaryKey(),
    customerId: text(),
    toAddress: text().notNull(),
    template: text().notNull(),
    locale: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    /** Extra headers such as List-Unsubscribe, as JSON. */
    headers: text(),
    /**
     * The last email to an erased account: once delivered (or given up), the worker blanks the
     * recipient and the body, so the address is forgotten after it was told.
     */
    forgetAfterSending: boolean().notNull().default(false),
    status: text({ enum: emailStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** While `sending`, another worker may take the row over only after this time. */
    leaseExpiresAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('outbound_emails_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.status} in ('pending', 'sending')`),
    index('outbound_emails_customer_idx').on(table.customerId, table.createdAt),
    check('outbound_emails_status_check', sql`${table.status} in ('pending', 'sending', 'sent', 'failed')`),
  ],
);

export type TOutboundEmailRow = typeof outboundEmails.$inferSelect;
