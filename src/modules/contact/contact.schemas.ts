import { z } from 'zod';
import { ZListQuery } from '../../platform/http/pagination.js';
import { ATTACHMENTS_MAX_COUNT } from './contact-attachments.rules.js';
import { contactAuthorKinds, contactThreadStatuses, contactTopics } from './contact.tables.js';

// Contact the shop (F5.4): the customer's questions, staff answers, the files joined to them.

const ZId = z.string().min(1).max(64);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const ZAttachmentInput = z
  .object({
    filename: z.string().trim().min(1).max(255),
    contentType: z.string().min(1).max(100).describe('image/png, image/jpeg, image/webp or application/pdf; it must match the bytes.'),
    data: z
      .string()
      .max(7_000_000)
      .refine((value) => value.length % 4 === 0 && BASE64.test(value), { message: 'Not base64.', params: { code: 'invalid_base64' } })
      .describe('The file, base64 (at most 5 MB once decoded).'),
  })
  .strict();
export type TAttachmentInput = z.infer<typeof ZAttachmentInput>;

const ZAttachments = z.array(ZAttachmentInput).max(ATTACHMENTS_MAX_COUNT).default([]);
const ZBody = z.string().trim().min(1).max(10_000);

export const ZCreateThreadBody = z
  .object({
    topic: z.enum(contactTopics),
    subject: z.string().trim().min(1).max(200),
    body: ZBody,
    orderId: ZId.optional().describe('One of my orders the question is about.'),
    documentId: ZId.optional().describe('One of my documents the question is about.'),
    attachments: ZAttachments,
  })
  .strict();
export type TCreateThreadBody = z.infer<typeof ZCreateThreadBody>;

export const ZPostMessageBody = z.object({ body: ZBody, attachments: ZAttachments }).strict();
export type TPostMessageBody = z.infer<typeof ZPostMessageBody>;
export const ZStaffAnswerBody = z.object({ body: ZBody }).strict();

export const ZAttachment = z.object({ id: z.string(), filename: z.string(), contentType: z.string(), byteSize: z.number().int() });

export const ZContactMessage = z.object({
  id: z.string(),
  authorKind: z.enum(contactAuthorKinds),
  /** Staff see who answered; customers see "the shop". */
  staffName: z.string().nullable().optional(),
  body: z.string(),
  attachments: z.array(ZAttachment),
  createdAt: z.date(),
});

export const ZThreadSummary = z.object({
  id: z.string(),
  topic: z.enum(contactTopics),
  subject: z.string(),
  status: z.enum(contactThreadStatuses).describe('open: waiting for the shop; answered: the shop answered; closed.'),
  order: z.object({ id: z.string(), number: z.string() }).nullable(),
  document: z.object({ id: z.string(), kind: z.string(), number: z.string() }).nullable(),
  createdAt: z.date(),
  lastMessageAt: z.date(),
  unread: z.boolean().describe('Something new since the reader last opened it.'),
});
export type TThreadSummary = z.infer<typeof ZThreadSummary>;

export const ZThread = ZThreadSummary.extend({ messages: z.array(ZContactMessage) });
export type TThread = z.infer<typeof ZThread>;
export const ZThreadPage = z.object({ items: z.array(ZThreadSummary), nextCursor: z.string().nullable() });

const ZStaffCustomer = z.object({ id: z.string(), firstName: z.string(), lastName: z.string(), email: z.string() });
export const ZStaffThreadSummary = ZThreadSummary.extend({ marketId: z.string(), customer: ZStaffCustomer });
export const ZStaffThread = ZStaffThreadSummary.extend({ messages: z.array(ZContactMessage) });
export type TStaffThread = z.infer<typeof ZStaffThread>;
export const ZStaffThreadPage = z.object({
  items: z.array(ZStaffThreadSummary),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int().describe('Threads of my markets with something staff have not opened yet.'),
});

export const ZStaffThreadQuery = ZListQuery.extend({
  status: z.enum(['open', 'answered', 'closed', 'unread', 'all']).default('open').describe('open (default): waiting for an answer; unread: something new staff have not opened.'),
  customerId: ZId.optional(),
});
export type TStaffThreadQuery = z.infer<typeof ZStaffThreadQuery>;

export const ZThreadIdParams = z.object({ threadId: ZId });
export const ZAttachmentIdParams = z.object({ attachmentId: ZId });
