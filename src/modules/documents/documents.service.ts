import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { listCompaniesOfCustomer } from '../companies/companies.repository.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import { companyOrderScope, withinScope } from '../orders/company-order-scope.js';
import { brandingOfDocument, renderDocumentPdf } from './document-pdf.js';
import { documentErrors } from './documents.errors.js';
import * as repository from './documents.repository.js';
import { daysUntilDue, effectiveAmountDue, isOverdue, type TLocale } from './documents.rules.js';
import type { TDocumentDetail, TDocumentListQuery, TDocumentSummary } from './documents.schemas.js';
import { documents } from './documents.tables.js';

// Documents as customers and their companies see them (F4.5, F4.6): lists, detail, PDF and
// outstanding invoices. Everything outside the caller's reach answers 404.

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets'>;
type TCaller = Pick<TSignedInCustomer, 'id' | 'emailVerifiedAt' | 'locale'>;

const money = (amount: number, currency: string) => ({ amount, currency });

function toSummary(row: repository.TDocumentSummaryRow): TDocumentSummary {
  const due = effectiveAmountDue(row);
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    status: row.status,
    issuedAt: row.issuedAt,
    dueAt: row.dueAt,
    validUntil: row.validUntil,
    total: money(row.total, row.currency),
    amountDue: due === null ? null : money(due, row.currency),
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    company: row.companyId && row.companyName ? { id: row.companyId, name: row.companyName } : null,
    location: row.locationId && row.locationName ? { id: row.locationId, name: row.locationName } : null,
    hasUploadedPdf: row.hasUploadedPdf,
    payUrl: row.payUrl,
  };
}

function toDetail(row: repository.TDocumentDetailRow, now: Date): TDocumentDetail {
  const currency = row.currency;
  return {
    ...toSummary(row),
    lines: row.lines.map((line) => ({
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice, currency),
      taxRateBasisPoints: line.taxRateBasisPoints,
      lineTotal: money(line.lineTotal, currency),
    })),
    subtotal: row.subtotal === null ? null : money(row.subtotal, currency),
    taxTotal: money(row.taxTotal, currency),
    taxes: row.taxes.map((tax) => ({ label: tax.label, rateBasisPoints: tax.rateBasisPoints, amount: money(tax.amount, currency) })),
    billingAddress: row.billingAddress,
    poNumber: row.poNumber,
    paidAt: row.paidAt,
    usedAt: row.usedAt,
    overdue: isOverdue(row, now),
  };
}

/**
 * The caller's own documents. Documents pushed for an address before it was verified stay
 * hidden until it is (the owner of the address has not proven it yet).
 */
function ownDocuments(caller: TCaller): SQL {
  return caller.emailVerifiedAt ? eq(documents.customerId, caller.id) : sql`false`;
}

function filters(query: Pick<TDocumentListQuery, 'kind' | 'status'>): SQL | undefined {
  return and(query.kind ? eq(documents.kind, query.kind) : undefined, query.status ? eq(documents.status, query.status) : undefined);
}

async function listPage(ctx: TContext, where: SQL, query: TDocumentListQuery) {
  const rows = await repository.listDocumentRows(ctx.db, { where: and(where, filters(query))!, afterId: decodeCursor(query.cursor), limit: query.limit });
  const page = pageOf(rows, query.limit);
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
}

async function detailWhere(ctx: TContext, where: SQL, documentId: string) {
  const row = await repository.findDocumentDetailRow(ctx.db, and(eq(documents.id, documentId), where)!);
  if (!row) throw documentErrors.notFound();
  return row;
}

export function listMyDocuments(ctx: TContext, options: { caller: TCaller; query: TDocumentListQuery }) {
  return listPage(ctx, ownDocuments(options.caller), options.query);
}

export async function getMyDocument(ctx: TContext, options: { caller: TCaller; documentId: string }): Promise<TDocumentDetail> {
  return toDetail(await detailWhere(ctx, ownDocuments(options.caller), options.documentId), new Date());
}

/** A company's documents within the caller's scope there: admins all, location admins their locations', everyone their own. */
export async function listCompanyDocuments(ctx: TContext, options: { companyId: string; caller: TCaller; query: TDocumentListQuery }) {
  const scope = await companyOrderScope(ctx.db, { companyId: options.companyId, customerId: options.caller.id });
  return listPage(ctx, withinScope(scope, documents), options.query);
}

export async function getCompanyDocument(ctx: TContext, options: { companyId: string; caller: TCaller; documentId: string }): Promise<TDocumentDetail> {
  const scope = await companyOrderScope(ctx.db, { companyId: options.companyId, customerId: options.caller.id });
  return toDetail(await detailWhere(ctx, withinScope(scope, documents), options.documentId), new Date());
}

/** The uploaded PDF as the store sent it, else one drawn from the data in the caller's language. */
async function pdfOf(ctx: TContext, document: TDocumentDetail, locale: TLocale): Promise<Buffer> {
  const uploaded = await repository.findDocumentFileContent(ctx.db, document.id);
  if (uploaded) return uploaded;
  return renderDocumentPdf({ document, locale, branding: await brandingOfDocument(ctx, document.id) });
}

export async function myDocumentPdf(ctx: TContext, options: { caller: TCaller; documentId: string }) {
  const document = await getMyDocument(ctx, options);
  return { document, content: await pdfOf(ctx, document, options.caller.locale) };
}

export async function companyDocumentPdf(ctx: TContext, options: { companyId: string; caller: TCaller; documentId: string }) {
  const document = await getCompanyDocument(ctx, options);
  return { document, content: await pdfOf(ctx, document, options.caller.locale) };
}

/**
 * Open invoices (F4.6): the caller's own and those of their companies within their scope there,
 * soonest due first, with what is left to pay summed per currency.
 */
export async function listOutstandingInvoices(ctx: TContext, options: { caller: TCaller }) {
  const memberships = await listCompaniesOfCustomer(ctx.db, options.caller.id);
  const scopes = await Promise.all(memberships.map(({ company }) => companyOrderScope(ctx.db, { companyId: company.id, customerId: options.caller.id })));
  const where = or(ownDocuments(options.caller), ...scopes.map((scope) => withinScope(scope, documents)))!;
  const rows = await repository.listOpenInvoiceRows(ctx.db, where);
  const now = new Date();
  const items = rows.map((row) => ({
    ...toSummary(row),
    overdue: isOverdue(row, now),
    daysUntilDue: row.dueAt ? daysUntilDue(row.dueAt, now) : null,
  }));
  return { items, totals: totalsPerCurrency(items) };
}

function totalsPerCurrency(items: TDocumentSummary[]): { amount: number; currency: string }[] {
  const totals = new Map<string, number>();
  for (const item of items) {
    const due = item.amountDue ?? item.total;
    totals.set(due.currency, (totals.get(due.currency) ?? 0) + due.amount);
  }
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ amount, currency }));
}
