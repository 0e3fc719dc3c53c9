import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { contactAttachments, contactAuthorKinds, contactMessages, contactThreadStatuses, contactThreads, contactTopics } from './contact.tables.js';

// The contact module's part of the privacy rights (listed in privacy/privacy.registry.ts).
// Threads, messages and files go with the account (ON DELETE CASCADE).

const ZExportedThread = z.object({
  id: z.string(),
  topic: z.enum(contactTopics),
  subject: z.string(),
  status: z.enum(contactThreadStatuses),
  orderId: z.string().nullable(),
  documentId: z.string().nullable(),
  createdAt: z.string(),
  messages: z.array(
    z.object({
      id: z.string(),
      authorKind: z.enum(contactAuthorKinds),
      body: z.string(),
      createdAt: z.string(),
      attachments: z.array(
        z.object({ id: z.string(), filename: z.string(), contentType: z.string(), byteSize: z.number().int(), sha256: z.string() }).describe('The file itself: GET /api/me/contact-attachments/{id}.'),
      ),
    }),
  ),
});

export const contactExport = defineExportSection({
  key: 'contactThreads',
  description: 'What you wrote to the shop from your account, its answers, and the files you joined.',
  tables: ['contact_threads', 'contact_messages', 'contact_attachments'],
  processing: {
    purposes: ['Answering your questions'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) and the shop’s legitimate interest in answering its customers (art. 6(1)(f) GDPR)',
    retention: 'As long as the account exists; deleted with it.',
    recipients: ['The shop’s staff', 'Its hosting and email providers (processors)'],
  },
  schema: z.array(ZExportedThread),
  async collect(db, customerId) {
    const threads = await db.select().from(contactThreads).where(eq(contactThreads.customerId, customerId)).orderBy(asc(contactThreads.id));
    if (threads.length === 0) return [];
    const messages = await db.select().from(contactMessages).where(inArray(contactMessages.threadId, threads.map((thread) => thread.id))).orderBy(asc(contactMessages.createdAt), asc(contactMessages.id));
    const files = await db
      .select({ id: contactAttachments.id, messageId: contactAttachments.messageId, filename: contactAttachments.filename, contentType: contactAttachments.contentType, byteSize: contactAttachments.byteSize, sha256: contactAttachments.sha256 })
      .from(contactAttachments)
      .where(eq(contactAttachments.customerId, customerId))
      .orderBy(asc(contactAttachments.id));
    return threads.map((thread) => ({
      id: thread.id,
      topic: thread.topic,
      subject: thread.subject,
      status: thread.status,
      orderId: thread.orderId,
      documentId: thread.documentId,
      createdAt: thread.createdAt.toISOString(),
      messages: messages
        .filter((message) => message.threadId === thread.id)
        .map((message) => ({
          id: message.id,
          authorKind: message.authorKind,
          body: message.body,
          createdAt: message.createdAt.toISOString(),
          attachments: files.filter((file) => file.messageId === message.id).map(({ messageId: _messageId, ...file }) => file),
        })),
    }));
  },
});
