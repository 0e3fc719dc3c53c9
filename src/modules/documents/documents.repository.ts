import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { companies, companyLocations } from '../companies/companies.tables.js';
import { orders } from '../orders/orders.tables.js';
import { documentFiles, documents, type TDocumentRow } from './documents.tables.js';

// Named queries of documents. Reads join the order's number and the company's and location's
// names for the summaries (one query per page, whatever its length).

const { lines: _lines, taxes: _taxes, billingAddress: _billing, ...summaryColumns } = getTableColumns(documents);

const hasUploadedPdf = sql<boolean>`exists (select 1 from ${documentFiles} where ${documentFiles.documentId} = ${documents.id})`.as(
  'has_uploaded_pdf',
);
const joined = {
  orderNumber: orders.number,
  companyName: companies.name,
  locationName: companyLocations.name,
  hasUploadedPdf,
};

export type TDocumentSummaryRow = Omit<TDocumentRow, 'lines' | 'taxes' | 'billingAddress'> & {
  orderNumber: string | null;
  companyName: string | null;
  locationName: string | null;
  hasUploadedPdf: boolean;
};
export type TDocumentDetailRow = TDocumentRow & TDocumentSummaryRow;

function summaries(db: Database) {
  return db
    .select({ ...summaryColumns, ...joined })
    .from(documents)
    .leftJoin(orders, eq(orders.id, documents.orderId))
    .leftJoin(companies, eq(companies.id, documents.companyId))
    .leftJoin(companyLocations, eq(companyLocations.id, documents.locationId));
}

function details(db: Database) {
  return db
    .select({ ...getTableColumns(documents), ...joined })
    .from(documents)
    .leftJoin(orders, eq(orders.id, documents.orderId))
    .leftJoin(companies, eq(companies.id, documents.companyId))
    .leftJoin(companyLocations, eq(companyLocations.id, documents.locationId));
}

/**
 * One page, newest first on (issued_at, id): the cursor is the last id of the previous page, and
 * its position is read back from the row, so the page boundary survives equal dates.
 */
export async function listDocumentRows(
  db: Database,
  options: { where: SQL; afterId: string | null; limit: number },
): Promise<TDocumentSummaryRow[]> {
  const after = options.afterId
    ? sql`(${documents.issuedAt}, ${documents.id}) < (select d.issued_at, d.id from ${documents} d where d.id = ${options.afterId})`
    : undefined;
  return summaries(db)
    .where(and(options.where, after))
    // `nulls last` matches the indexes (drizzle-kit writes DESC NULLS LAST): with a plain DESC
    // PostgreSQL cannot walk them and sorts every matching row instead.
    .orderBy(sql`${documents.issuedAt} desc nulls last`, sql`${documents.id} desc nulls last`)
    .limit(options.limit + 1);
}

export async function findDocumentDetailRow(db: Database, where: SQL): Promise<TDocumentDetailRow | undefined> {
  const [row] = await details(db).where(where);
  return row;
}

/** Open invoices matching `where`, soonest due first. */
export function listOpenInvoiceRows(db: Database, where: SQL): Promise<TDocumentSummaryRow[]> {
  return summaries(db)
    .where(and(eq(documents.kind, 'invoice'), eq(documents.status, 'open'), where))
    .orderBy(sql`${documents.dueAt} asc nulls last`, desc(documents.issuedAt), desc(documents.id));
}

/** A document of one market: another market's is not found. */
export async function findDocumentRow(db: Database, options: { marketId: string; documentId: string }): Promise<TDocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, options.documentId), eq(documents.marketId, options.marketId)));
  return row;
}

/** The document with its row locked, for a change that reads before it writes. */
export async function lockDocumentRow(db: Database, where: SQL): Promise<TDocumentRow | undefined> {
  const [row] = await db.select().from(documents).where(where).for('update');
  return row;
}

/** The identity of a pushed document: its kind and number, per market. */
export const byKindAndNumber = (options: { marketId: string; kind: TDocumentRow['kind']; number: string }) =>
  and(eq(documents.marketId, options.marketId), eq(documents.kind, options.kind), eq(documents.number, options.number))!;

/** Inserts unless (market, kind, number) exists, which a concurrent push may have just created. */
export async function insertDocumentIfAbsent(db: Database, values: typeof documents.$inferInsert): Promise<TDocumentRow | undefined> {
  const [row] = await db.insert(documents).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateDocumentRow(db: Database, id: string, values: Partial<typeof documents.$inferInsert>): Promise<TDocumentRow> {
  const [row] = await db
    .update(documents)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(documents.id, id))
    .returning();
  if (!row) throw new Error('document vanished while locked');
  return row;
}

export async function hasDocumentFile(db: Database, documentId: string): Promise<boolean> {
  const [row] = await db.select({ id: documentFiles.documentId }).from(documentFiles).where(eq(documentFiles.documentId, documentId));
  return row !== undefined;
}

export async function saveDocumentFile(db: Database, file: { documentId: string; content: Buffer; sha256: string }): Promise<void> {
  const values = { contentType: 'application/pdf', sizeBytes: file.content.length, sha256: file.sha256, content: file.content, uploadedAt: new Date() };
  await db
    .insert(documentFiles)
    .values({ documentId: file.documentId, ...values })
    .onConflictDoUpdate({ target: documentFiles.documentId, set: values });
}

export async function findDocumentFileContent(db: Database, documentId: string): Promise<Buffer | undefined> {
  const [row] = await db.select({ content: documentFiles.content }).from(documentFiles).where(eq(documentFiles.documentId, documentId));
  return row?.content;
}

/** Who an order of the market belongs to, which a document attached to it inherits. */
export async function findOrderOwner(db: Database, options: { marketId: string; orderId: string }) {
  const [row] = await db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      customerPseudonym: orders.customerPseudonym,
      companyId: orders.companyId,
      locationId: orders.locationId,
    })
    .from(orders)
    .where(and(eq(orders.id, options.orderId), eq(orders.marketId, options.marketId)));
  return row;
}
