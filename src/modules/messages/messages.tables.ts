import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';
import { staffUsers } from '../staff/staff.tables.js';

export const messageSenderKinds = ['staff', 'store'] as const;

/**
 * A message from the shop to one customer (F5.2), in their inbox. A message to a company is
 * one row per member sharing a `batchId`, so each colleague reads, archives and is notified
 * on their own. Attachments are ids of documents already in the account.
 */
export const messages = pgTable(
  'messages',
  {
    id: text().primaryKey(),
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** Sent to every member of this company. */
    companyId: text().references(() => companies.id, { onDelete: 'set null' }),
    batchId: text().notNull(),
    senderKind: text({ enum: messageSenderKinds }).notNull(),
    senderStaffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The store API key that sent it (no foreign key: keys are revoked, not deleted). */
    senderApiKeyId: text(),
    subject: text().notNull(),
    body: text().notNull(),
    attachmentDocumentIds: jsonb().$type<string[]>().notNull().default([]),
    readAt: timestamp({ withTimezone: true }),
    archivedAt: timestamp({ withTimezone: true }),
    notifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('messages_inbox_idx').on(table.customerId, table.createdAt.desc(), table.id.desc()),
    index('messages_unread_idx').on(table.customerId).where(sql`${table.readAt} is null and ${table.archivedAt} is null`),
    index('messages_batch_idx').on(table.batchId),
    check('messages_sender_kind_check', sql`${table.senderKind} in ('staff', 'store')`),
    check('messages_subject_check', sql`btrim(${table.subject}) <> '' and length(${table.subject}) <= 200`),
    check('messages_body_check', sql`length(${table.body}) <= 20000`),
  ],
);

export const messageNotificationModes = ['with_text', 'without_text', 'off'] as const;
export type TMessageNotificationMode = (typeof messageNotificationModes)[number];

/** How a customer wants to hear of a new message; no row means `with_text`. */
export const messagePreferences = pgTable(
  'message_preferences',
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    notification: text({ enum: messageNotificationModes }).notNull().default('with_text'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('message_preferences_notification_check', sql`${table.notification} in ('with_text', 'without_text', 'off')`)],
);
