import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { customerNotes } from './customer-admin.tables.js';

/**
 * The shop's staff notes about the person (F2.5): never shown in the account, but personal
 * data all the same, so the export (art. 15) carries them. Not who wrote them: the staff
 * member's identity is not the customer's data.
 */
export const staffNotesExport = defineExportSection({
  key: 'staffNotes',
  description: 'The notes the shop’s staff wrote about you in the back office, oldest first.',
  tables: ['customer_notes'],
  processing: {
    purposes: ['Helping you: what the shop’s staff need to remember between two contacts with you'],
    legalBasis: 'Legitimate interests of the shop (art. 6(1)(f) GDPR): customer service',
    retention: 'As long as the account exists; erased with it, or when staff delete the note.',
    recipients: ['The shop’s staff', 'Its hosting provider (processor)'],
  },
  schema: z.array(z.object({ id: z.string(), body: z.string(), createdAt: z.string(), updatedAt: z.string() })),
  async collect(db, customerId) {
    const rows = await db.select().from(customerNotes).where(eq(customerNotes.customerId, customerId)).orderBy(asc(customerNotes.id));
    return rows.map((row) => ({ id: row.id, body: row.body, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }));
  },
});
