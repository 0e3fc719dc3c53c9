import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection, type TPseudonymiser } from '../privacy/privacy.extension.js';
import { documentFiles, documentKinds, documents, documentStatuses } from './documents.tables.js';

// The documents module's part of the privacy rights (listed in privacy/privacy.registry.ts):
// the person's documents in the export, and their pseudonymisation at erasure.

const ZExportedDocument = z.object({
  id: z.string(),
  kind: z.enum(documentKinds),
  number: z.string(),
  status: z.enum(documentStatuses),
  orderId: z.string().nullable(),
  companyId: z.string().nullable(),
  issuedAt: z.string(),
  dueAt: z.string().nullable(),
  currency: z.string(),
  total: z.number().int().describe('Minor units of currency.'),
  lines: z.array(z.object({ sku: z.string().nullable(), name: z.string(), quantity: z.number().int(), unitPrice: z.number().int(), lineTotal: z.number().int() })),
  billingAddress: z.record(z.string(), z.unknown()).nullable(),
  poNumber: z.string().nullable(),
  hasUploadedPdf: z.boolean().describe('The PDF itself is available at /api/me/documents/{id}/pdf.'),
});

export const documentsExport = defineExportSection({
  key: 'documents',
  description: 'Your invoices, quotes, purchase orders, credit notes and receipts, as the shop issued them.',
  tables: ['documents'],
  processing: {
    purposes: ['Showing you your invoices and other documents', 'Keeping the accounts the law requires'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) and legal obligation (art. 6(1)(c) GDPR: Code de commerce art. L123-22)',
    retention: 'Ten years after the end of the financial year; after an account deletion, kept under a pseudonym.',
    recipients: ['The shop', 'Its accountants and tax authorities when required', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedDocument),
  async collect(db, customerId) {
    const rows = await db
      .select({
        document: documents,
        hasUploadedPdf: sql<boolean>`exists (select 1 from ${documentFiles} where ${documentFiles.documentId} = ${documents.id})`,
      })
      .from(documents)
      .where(eq(documents.customerId, customerId))
      .orderBy(asc(documents.issuedAt), asc(documents.id));
    return rows.map(({ document, hasUploadedPdf }) => ({
      id: document.id,
      kind: document.kind,
      number: document.number,
      status: document.status,
      orderId: document.orderId,
      companyId: document.companyId,
      issuedAt: document.issuedAt.toISOString(),
      dueAt: document.dueAt?.toISOString() ?? null,
      currency: document.currency,
      total: document.total,
      lines: document.lines.map(({ sku, name, quantity, unitPrice, lineTotal }) => ({ sku, name, quantity, unitPrice, lineTotal })),
      billingAddress: document.billingAddress,
      poNumber: document.poNumber,
      hasUploadedPdf,
    }));
  },
});

/**
 * Invoices and the like are kept ten years (L123-22): the erased person's documents stay, with
 * the pseudonym in place of the person and without their billing address (a B2B document keeps
 * its company). The store's uploaded PDF goes: it prints the person's name and address, and the
 * store holds its own copy of what it issued; a later download draws the pseudonymised data.
 */
export const documentsPseudonymiser: TPseudonymiser = {
  name: 'documents',
  tables: ['documents', 'document_files'],
  async pseudonymise(db, { customerId, pseudonym }) {
    await db
      .delete(documentFiles)
      .where(inArray(documentFiles.documentId, db.select({ id: documents.id }).from(documents).where(eq(documents.customerId, customerId))));
    await db
      .update(documents)
      .set({ customerId: null, customerPseudonym: pseudonym, billingAddress: null, updatedAt: new Date() })
      .where(eq(documents.customerId, customerId));
  },
};
