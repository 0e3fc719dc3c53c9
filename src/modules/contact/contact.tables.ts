import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/column-types.js';
import { customers } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import { markets } from '../markets/markets.tables.js';
import { orders } from '../orders/orders.tables.js';
import { staffUsers } from '../staff/staff.tables.js';


export const contactTopics = ['order', 'document', 'account', 'other'] as const;
export const contactThreadStatuses = ['open', 'answered', 'closed'] as const;

/** A customer's question to the shop (F5.4) and the exchange that follows, in both places. */
export const contactThreads = pgTable(
  'contact_threads',
  {
    id: text().primaryKey(),
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    topic: text({ enum: contactTopics }).notNull(),
    orderId: text().references(() => orders.id, { onDelete: 'set null' }),
    documentId: text().references(() => documents.id, { onDelete: 'set null' }),
    subject: text().notNull(),
    status: text({ enum: contactThreadStatuses }).notNull().default('open'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the customer / staff last opened it: unread answers and questions are after this. */
    customerReadAt: timestamp({ withTimezone: true }),
    staffReadAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('contact_threads_customer_idx').on(table.customerId, table.lastMessageAt.desc()),
    index('contact_threads_queue_idx').on(table.marketId, table.status, table.lastMessageAt),
    check('contact_threads_topic_check', sql`${table.topic} in ('order', 'document', 'account', 'other')`),
    check('contact_threads_status_check', sql`${table.status} in ('open', 'answered', 'closed')`),
    check('contact_threads_subject_check', sql`btrim(${table.subject}) <> '' and length(${table.subject}) <= 200`),
  ],
);

export const contactAuthorKinds = ['customer', 'staff'] as const;

export const contactMessages = pgTable(
  'contact_messages',
  {
    id: text().primaryKey(),
    threadId: text()
      .notNull()
      .references(() => contactThreads.id, { onDelete: 'cascade' }),
    authorKind: text({ enum: contactAuthorKinds }).notNull(),
    staffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('contact_messages_thread_idx').on(table.threadId, table.createdAt),
    check('contact_messages_author_kind_check', sql`${table.authorKind} in ('customer', 'staff')`),
    check('contact_messages_body_check', sql`btrim(${table.body}) <> '' and length(${table.body}) <= 10000`),
  ],
);

/**
 * A file joined to a contact message: images and PDF only, checked by their bytes, never
 * executed and always served as an attachment with nosniff. Stored here (`data`) or, when
 * configured, in a directory (`storage_key`).
 */
export const contactAttachments = pgTable(
  'contact_attachments',
  {
    id: text().primaryKey(),
    messageId: text()
      .notNull()
      .references(() => contactMessages.id, { onDelete: 'cascade' }),
    /** The thread's customer, so the account's erasure and export find it directly. */
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    filename: text().notNull(),
    contentType: text().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    data: bytea(),
    storageKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('contact_attachments_message_idx').on(table.messageId),
    index('contact_attachments_customer_idx').on(table.customerId),
    check('contact_attachments_content_type_check', sql`${table.contentType} in ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')`),
    check('contact_attachments_storage_check', sql`(${table.data} is null) <> (${table.storageKey} is null)`),
  ],
);
