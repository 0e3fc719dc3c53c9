import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { messageNotificationModes, messagePreferences, messages, messageSenderKinds } from './messages.tables.js';

// The messages module's part of the privacy rights (listed in privacy/privacy.registry.ts).
// Messages and the preference go with the account (ON DELETE CASCADE).

const ZExportedMessage = z.object({
  id: z.string(),
  subject: z.string(),
  body: z.string(),
  senderKind: z.enum(messageSenderKinds),
  companyId: z.string().nullable(),
  attachmentDocumentIds: z.array(z.string()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  notifiedAt: z.string().nullable(),
});

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const messagesExport = defineExportSection({
  key: 'messages',
  description: 'The messages the shop sent to your inbox, when you read and archived them, and how you chose to be told of new ones.',
  tables: ['messages'],
  processing: {
    purposes: ['Telling you what concerns your account and orders', 'Emailing you of a new message as you chose'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) and the shop’s legitimate interest in keeping in touch with its customers (art. 6(1)(f) GDPR)',
    retention: 'As long as the account exists; deleted with it.',
    recipients: ['The shop', 'Its hosting and email providers (processors)'],
  },
  schema: z.object({ notification: z.enum(messageNotificationModes), items: z.array(ZExportedMessage) }),
  async collect(db, customerId) {
    const [preference] = await db.select({ notification: messagePreferences.notification }).from(messagePreferences).where(eq(messagePreferences.customerId, customerId));
    const rows = await db.select().from(messages).where(eq(messages.customerId, customerId)).orderBy(asc(messages.id));
    return {
      notification: preference?.notification ?? 'with_text',
      items: rows.map((row) => ({
        id: row.id,
        subject: row.subject,
        body: row.body,
        senderKind: row.senderKind,
        companyId: row.companyId,
        attachmentDocumentIds: row.attachmentDocumentIds,
        createdAt: row.createdAt.toISOString(),
        readAt: iso(row.readAt),
        archivedAt: iso(row.archivedAt),
        notifiedAt: iso(row.notifiedAt),
      })),
    };
  },
});
