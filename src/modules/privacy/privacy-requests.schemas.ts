import { z } from 'zod';
import { privacyRequestChannels, privacyRequestKinds, privacyRequestStatuses } from './privacy-requests.tables.js';

const ZId = z.string().min(1).max(64);

export const ZCustomerIdParams = z.object({ customerId: ZId });
export const ZRequestIdParams = z.object({ requestId: ZId });

export const ZRecordPrivacyRequestBody = z.object({
  customerId: ZId,
  kind: z.enum(privacyRequestKinds).describe('export: a copy of their data (art. 15/20); erasure: art. 17.'),
  channel: z.enum(privacyRequestChannels).describe('How the request reached the shop.'),
  receivedAt: z.iso
    .datetime({ offset: true })
    // Not `<=`: a malformed date (NaN) passes here, so only the format check names it.
    .refine((value) => !(Date.parse(value) > Date.now()), { error: 'A request cannot be received in the future.', params: { code: 'in_future' } })
    .optional()
    .describe('When it arrived (ISO 8601); default now; never in the future. The month to answer starts then.'),
});
export type TRecordPrivacyRequestBody = z.infer<typeof ZRecordPrivacyRequestBody>;

export const ZPrivacyRequestsQuery = z.object({
  status: z.enum(privacyRequestStatuses).optional(),
  kind: z.enum(privacyRequestKinds).optional(),
  customerId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});
export type TPrivacyRequestsQuery = z.infer<typeof ZPrivacyRequestsQuery>;

export const ZAnswerPrivacyRequestBody = z.object({
  status: z.enum(['answered', 'declined']).describe('answered outside Comptoir, or declined (e.g. the identity could not be confirmed).'),
});

export const ZStaffExportQuery = z.object({
  requestId: ZId.optional().describe('An open export request of this customer: marked answered with the download.'),
});

export const ZStaffEraseBody = z.object({
  requestId: ZId.optional().describe('An open erasure request of this customer: marked answered, with the pseudonym.'),
  confirmEmail: z.string().trim().min(1, { error: 'Type the customer’s email address.' }).max(320).describe('The customer’s address, typed again: a guard against erasing the wrong person.'),
});

const ZStaffRef = z.object({ id: z.string(), name: z.string() }).nullable();

export const ZPrivacyRequestItem = z.object({
  id: z.string(),
  kind: z.enum(privacyRequestKinds),
  status: z.enum(privacyRequestStatuses),
  channel: z.enum(privacyRequestChannels),
  customer: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable().describe('null once the customer is erased.'),
  erasurePseudonym: z.string().nullable().describe('Set when the customer was erased: the pseudonym their kept records carry.'),
  receivedAt: z.date(),
  dueAt: z.date().describe('receivedAt + one calendar month, Paris time (31 Jan → 28/29 Feb).'),
  overdue: z.boolean().describe('Open and past its due date.'),
  daysLeft: z.number().int().nullable().describe('Open requests: whole days left, a started day counting as one; 0 or less when overdue. null once closed.'),
  answeredAt: z.date().nullable(),
  recordedBy: ZStaffRef,
  answeredBy: ZStaffRef,
});
export type TPrivacyRequestItem = z.infer<typeof ZPrivacyRequestItem>;

export const ZPrivacyRequestPage = z.object({ items: z.array(ZPrivacyRequestItem), nextCursor: z.string().nullable() });

export const ZStaffErased = z.object({ pseudonym: z.string().describe('What the records kept by law (orders, invoices) now carry.') });
