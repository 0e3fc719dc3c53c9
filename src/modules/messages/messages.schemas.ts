import { z } from 'zod';
import { documentKinds } from '../documents/documents.tables.js';
import { messageNotificationModes, messageSenderKinds } from './messages.tables.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { isValidCardNumber } from '../cards/card-number.rules.js';

// Messages from the shop (F5.2): what staff and the store send, what the customer reads.

const ZId = z.string().min(1).max(64);

export const ZSendMessageBody = z
  .object({
    subject: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(20_000).describe('Plain text; blank lines separate paragraphs.'),
    attachmentDocumentIds: z
      .array(ZId)
      .max(10)
      .default([])
      .describe('Documents already in the account: the customer’s own, or the company’s for a message to a company.'),
  })
  .strict();
export type TSendMessageBody = z.infer<typeof ZSendMessageBody>;

/** The store names the recipient as it knows them: one customer (by id, address or card) or one company. */
export const ZIntegrationMessageBody = ZSendMessageBody.extend({
  customer: z
    .object({
      customerId: ZId.optional(),
      email: z.email().max(254).optional(),
      cardNumber: z.string().max(32).refine(isValidCardNumber, { message: 'Not a member card number (13 digits starting 29, with a valid check digit).' }).optional(),
    })
    .strict()
    .refine((value) => value.customerId !== undefined || value.email !== undefined || value.cardNumber !== undefined, { message: 'Give customerId, email or cardNumber.' })
    .optional(),
  companyId: ZId.optional().describe('Every current member of the company gets the message.'),
})
  .strict()
  .refine((value) => (value.customer === undefined) !== (value.companyId === undefined), {
    message: 'Give exactly one of customer and companyId.',
    path: ['customer'],
  });
export type TIntegrationMessageBody = z.infer<typeof ZIntegrationMessageBody>;

export const ZMessageAttachment = z.object({
  documentId: z.string(),
  kind: z.enum(documentKinds),
  number: z.string(),
  issuedAt: z.date(),
  companyId: z.string().nullable().describe('Set: open it at /api/companies/{companyId}/documents/{documentId}; else at /api/me/documents/{documentId}.'),
});

export const ZMessage = z.object({
  id: z.string(),
  subject: z.string(),
  body: z.string(),
  senderKind: z.enum(messageSenderKinds),
  company: z.object({ id: z.string(), name: z.string() }).nullable().describe('Sent to every member of this company.'),
  attachments: z.array(ZMessageAttachment),
  readAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TMessage = z.infer<typeof ZMessage>;

export const ZMessageListQuery = ZListQuery.extend({
  status: z.enum(['unread', 'all', 'archived']).default('all').describe('all: the inbox (not archived), read or not; unread: not read and not archived; archived.'),
});
export type TMessageListQuery = z.infer<typeof ZMessageListQuery>;

export const ZMessagePage = z.object({ items: z.array(ZMessage), nextCursor: z.string().nullable(), unreadCount: z.number().int() });
export const ZUnreadCount = z.object({ unreadCount: z.number().int() });
export const ZMessageIdParams = z.object({ messageId: ZId });

export const ZMessagePreferences = z.object({
  notification: z.enum(messageNotificationModes).describe('with_text: the email carries the message; without_text: only “you have a new message”; off: no email.'),
});
export type TMessagePreferences = z.infer<typeof ZMessagePreferences>;
export const ZMessagePreferencesBody = ZMessagePreferences.strict();

/** What staff see of a sent message: to whom, and whether and when it was read. */
export const ZStaffMessage = ZMessage.extend({
  batchId: z.string(),
  customer: z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), email: z.string() }),
  sender: z.object({ kind: z.enum(messageSenderKinds), staffId: z.string().nullable(), staffName: z.string().nullable() }),
  notifiedAt: z.date().nullable().describe('When the notification email was written; null when the customer turned them off.'),
});
export type TStaffMessage = z.infer<typeof ZStaffMessage>;
export const ZStaffMessagePage = z.object({ items: z.array(ZStaffMessage), nextCursor: z.string().nullable() });

export const ZSentBatch = z.object({ batchId: z.string(), messages: z.array(ZStaffMessage) });
export type TSentBatch = z.infer<typeof ZSentBatch>;

export const ZAttachableDocument = z.object({
  id: z.string(),
  kind: z.enum(documentKinds),
  number: z.string(),
  issuedAt: z.date(),
  companyId: z.string().nullable(),
  total: z.object({ amount: z.number().int(), currency: z.string() }),
});
export const ZAttachableDocumentPage = z.object({ items: z.array(ZAttachableDocument), nextCursor: z.string().nullable() });
