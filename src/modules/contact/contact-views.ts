import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { customers } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import { orders } from '../orders/orders.tables.js';
import { staffUsers } from '../staff/staff.tables.js';
import type { TThreadSummary } from './contact.schemas.js';
import type { contactThreads } from './contact.tables.js';
import { contactAttachments, contactMessages } from './contact.tables.js';

// Threads → answers, with their order, document, customer and messages read in one query per
// kind for a whole page.

export type TThreadRow = typeof contactThreads.$inferSelect;
type TReader = 'customer' | 'staff';

const unique = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null))];

/** Something new since the reader last opened the thread (their own writing counts as opening it). */
export function isUnread(row: TThreadRow, reader: TReader): boolean {
  const readAt = reader === 'customer' ? row.customerReadAt : row.staffReadAt;
  return readAt === null || readAt < row.lastMessageAt;
}

export async function toThreadSummaries(db: Database, rows: TThreadRow[], reader: TReader): Promise<TThreadSummary[]> {
  const orderIds = unique(rows.map((row) => row.orderId));
  const documentIds = unique(rows.map((row) => row.documentId));
  const [orderRows, documentRows] = await Promise.all([
    orderIds.length ? db.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, orderIds)) : [],
    documentIds.length ? db.select({ id: documents.id, kind: documents.kind, number: documents.number }).from(documents).where(inArray(documents.id, documentIds)) : [],
  ]);
  const ordersById = new Map(orderRows.map((row) => [row.id, row]));
  const documentsById = new Map(documentRows.map((row) => [row.id, row]));
  return rows.map((row) => ({
    id: row.id,
    topic: row.topic,
    subject: row.subject,
    status: row.status,
    order: row.orderId ? (ordersById.get(row.orderId) ?? null) : null,
    document: row.documentId ? (documentsById.get(row.documentId) ?? null) : null,
    createdAt: row.createdAt,
    lastMessageAt: row.lastMessageAt,
    unread: isUnread(row, reader),
  }));
}

export async function customersOf(db: Database, rows: TThreadRow[]) {
  const ids = unique(rows.map((row) => row.customerId));
  const found = ids.length
    ? await db.select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email }).from(customers).where(inArray(customers.id, ids))
    : [];
  const byId = new Map(found.map((row) => [row.id, row]));
  return (customerId: string) => byId.get(customerId) ?? { id: customerId, firstName: '', lastName: '', email: '' };
}

/** The exchange, oldest first, each message with its files; staff also see who answered. */
export async function messagesOfThread(db: Database, threadId: string, reader: TReader) {
  const rows = await db
    .select({
      id: contactMessages.id,
      authorKind: contactMessages.authorKind,
      body: contactMessages.body,
      createdAt: contactMessages.createdAt,
      staffName: staffUsers.name,
    })
    .from(contactMessages)
    .leftJoin(staffUsers, eq(staffUsers.id, contactMessages.staffId))
    .where(eq(contactMessages.threadId, threadId))
    .orderBy(asc(contactMessages.createdAt), asc(contactMessages.id));
  const files = rows.length
    ? await db
        .select({ id: contactAttachments.id, messageId: contactAttachments.messageId, filename: contactAttachments.filename, contentType: contactAttachments.contentType, byteSize: contactAttachments.byteSize })
        .from(contactAttachments)
        .where(inArray(contactAttachments.messageId, rows.map((row) => row.id)))
        .orderBy(asc(contactAttachments.id))
    : [];
  return rows.map(({ staffName, ...row }) => ({
    ...row,
    ...(reader === 'staff' ? { staffName: staffName ?? null } : {}),
    attachments: files.filter((file) => file.messageId === row.id).map(({ messageId: _messageId, ...file }) => file),
  }));
}
