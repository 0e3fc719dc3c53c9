import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection, type TPseudonymiser } from './privacy.extension.js';
import { privacyRequestChannels, privacyRequestKinds, privacyRequests, privacyRequestStatuses } from './privacy-requests.tables.js';

/**
 * The requests the person made to the shop outside their account (F6.4): what they asked, how,
 * when it arrived, when it was due and answered. Not who in the staff handled it: that is the
 * shop's own record, in its audit log.
 */
export const privacyRequestsExport = defineExportSection({
  key: 'privacyRequests',
  description: 'The privacy requests you made to the shop (a copy of your data, erasure): how and when they arrived, and when they were answered.',
  tables: ['privacy_requests'],
  processing: {
    purposes: ['Answering your privacy requests within the legal time and being able to show it did'],
    legalBasis: 'Legal obligation (art. 6(1)(c) GDPR, with art. 12(3) and 5(2))',
    retention: 'As long as the account exists; after an erasure, the request stays under the pseudonym, without your name or address.',
    recipients: ['The shop’s staff', 'Its hosting provider (processor)'],
  },
  schema: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(privacyRequestKinds),
      channel: z.enum(privacyRequestChannels),
      status: z.enum(privacyRequestStatuses),
      receivedAt: z.string(),
      dueAt: z.string(),
      answeredAt: z.string().nullable(),
    }),
  ),
  async collect(db, customerId) {
    const rows = await db.select().from(privacyRequests).where(eq(privacyRequests.customerId, customerId)).orderBy(asc(privacyRequests.id));
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      status: row.status,
      receivedAt: row.receivedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      answeredAt: row.answeredAt?.toISOString() ?? null,
    }));
  },
});

/**
 * The record of a request outlives the person's erasure (the shop shows it answered in time,
 * art. 5(2)): detached from the customer and tied to the pseudonym of `account_erasures`.
 */
export const privacyRequestsPseudonymiser: TPseudonymiser = {
  name: 'privacy requests: kept under the pseudonym',
  tables: ['privacy_requests'],
  async pseudonymise(db, { customerId, pseudonym }) {
    await db.update(privacyRequests).set({ customerId: null, erasurePseudonym: pseudonym }).where(eq(privacyRequests.customerId, customerId));
  },
};
