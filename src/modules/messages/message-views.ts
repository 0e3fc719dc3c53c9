import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { companies } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import { staffUsers } from '../staff/staff.tables.js';
import type { TMessage, TStaffMessage } from './messages.schemas.js';
import type { messages } from './messages.tables.js';

// Rows → answers, with what they reference (documents, company, staff names) read in one
// query per kind for the whole page, never per message.

type TMessageRow = typeof messages.$inferSelect;

const unique = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => value !== null))];

async function referencesOf(db: Database, rows: TMessageRow[]) {
  const documentIds = unique(rows.flatMap((row) => row.attachmentDocumentIds));
  const companyIds = unique(rows.map((row) => row.companyId));
  const [documentRows, companyRows] = await Promise.all([
    documentIds.length
      ? db
          .select({ id: documents.id, kind: documents.kind, number: documents.number, issuedAt: documents.issuedAt, companyId: documents.companyId })
          .from(documents)
          .where(inArray(documents.id, documentIds))
      : [],
    companyIds.length ? db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, companyIds)) : [],
  ]);
  return { documentsById: new Map(documentRows.map((row) => [row.id, row])), companiesById: new Map(companyRows.map((row) => [row.id, row])) };
}

export async function toMessages(db: Database, rows: TMessageRow[]): Promise<TMessage[]> {
  const { documentsById, companiesById } = await referencesOf(db, rows);
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    body: row.body,
    senderKind: row.senderKind,
    company: row.companyId ? (companiesById.get(row.companyId) ?? null) : null,
    // A document the store has since deleted drops out of the list.
    attachments: row.attachmentDocumentIds.flatMap((id) => {
      const document = documentsById.get(id);
      return document ? [{ documentId: id, kind: document.kind, number: document.number, issuedAt: document.issuedAt, companyId: document.companyId }] : [];
    }),
    readAt: row.readAt,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
  }));
}

export async function toStaffMessages(db: Database, rows: TMessageRow[]): Promise<TStaffMessage[]> {
  const views = await toMessages(db, rows);
  const customerIds = unique(rows.map((row) => row.customerId));
  const staffIds = unique(rows.map((row) => row.senderStaffId));
  const [customerRows, staffRows] = await Promise.all([
    customerIds.length
      ? db.select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName, email: customers.email }).from(customers).where(inArray(customers.id, customerIds))
      : [],
    staffIds.length ? db.select({ id: staffUsers.id, name: staffUsers.name }).from(staffUsers).where(inArray(staffUsers.id, staffIds)) : [],
  ]);
  const customersById = new Map(customerRows.map((row) => [row.id, row]));
  const staffById = new Map(staffRows.map((row) => [row.id, row.name]));
  return rows.map((row, index) => ({
    ...views[index]!,
    batchId: row.batchId,
    customer: customersById.get(row.customerId) ?? { id: row.customerId, firstName: '', lastName: '', email: '' },
    sender: { kind: row.senderKind, staffId: row.senderStaffId, staffName: row.senderStaffId ? (staffById.get(row.senderStaffId) ?? null) : null },
    notifiedAt: row.notifiedAt,
  }));
}
