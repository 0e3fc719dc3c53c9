import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { AppError, type TFieldError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { findLocationOfCompany } from '../companies/locations.service.js';
import { resolveCustomerReference } from '../orders/customer-reference.js';
import { findActiveCompanyInMarket } from '../orders/order-references.js';
import { documentErrors } from './documents.errors.js';
import * as repository from './documents.repository.js';
import { dueDateFromTerms, statusesFor, statusFitsKind, type TLocationTerms } from './documents.rules.js';
import type { TIntegrationDocument, TPatchDocumentBody, TUpsertDocumentBody } from './documents.schemas.js';
import { documents, type TDocumentRow, type TDocumentStatus } from './documents.tables.js';

// The store pushes documents (F4.5, F7.2): upsert by (kind, number), status changes, PDFs.
// Everything happens in the key's market (F1.8): its documents, orders, companies and customers
// are the only ones found, and another market's answer exactly as unknown ones.

type TOwner = { customerId: string | null; customerPseudonym: string | null; companyId: string | null; locationId: string | null; terms: TLocationTerms | null };

const referenceError = (path: string, code: string, message: string): TFieldError => ({ path, code, message });

type TOrderOwner = NonNullable<Awaited<ReturnType<typeof repository.findOrderOwner>>>;

/**
 * The given company and location must exist in the market, fit together and, with an order, be
 * the order's. Returns the location's payment terms (for the due date).
 */
async function checkCompanyAndLocation(
  db: Database,
  options: { marketId: string; body: TUpsertDocumentBody; order: TOrderOwner | undefined },
  errors: TFieldError[],
): Promise<TLocationTerms | null> {
  const { marketId, body, order } = options;
  let companyFound = true;
  if (body.companyId !== undefined) {
    companyFound = (await findActiveCompanyInMarket(db, { marketId, companyId: body.companyId })) !== undefined;
    if (!companyFound) errors.push(referenceError('companyId', 'company_not_found', 'No active company has this id.'));
    else if (order && order.companyId !== body.companyId) errors.push(referenceError('companyId', 'company_mismatch', 'The order belongs to another company.'));
  }
  if (body.locationId !== undefined && order && order.locationId !== body.locationId) {
    errors.push(referenceError('locationId', 'location_mismatch', 'The order was placed for another location.'));
  }
  const companyId = order ? order.companyId : (body.companyId ?? null);
  const locationId = order ? order.locationId : (body.locationId ?? null);
  if (companyId === null || locationId === null) return null;
  // A company not found (unknown, or another market's) has no locations to look at either.
  const location = order || companyFound ? await findLocationOfCompany(db, { companyId, locationId }) : undefined;
  if (!location && !order) errors.push(referenceError('locationId', 'location_not_in_company', 'No location of this company has this id.'));
  return location ?? null;
}

/** The order's owners, or the given company and location; every bad reference listed at once. */
async function resolveOwnerReferences(
  db: Database,
  options: { marketId: string; body: TUpsertDocumentBody },
): Promise<Omit<TOwner, 'customerId'> & { orderCustomerId: string | null }> {
  const { marketId, body } = options;
  const errors: TFieldError[] = [];
  const order = body.orderId === undefined ? undefined : await repository.findOrderOwner(db, { marketId, orderId: body.orderId });
  if (body.orderId !== undefined && !order) errors.push(referenceError('orderId', 'order_not_found', 'No order has this id.'));
  const terms = await checkCompanyAndLocation(db, { marketId, body, order }, errors);
  if (errors.length > 0) throw documentErrors.invalidReferences(errors);
  return {
    orderCustomerId: order?.customerId ?? null,
    customerPseudonym: order?.customerPseudonym ?? null,
    companyId: order ? order.companyId : (body.companyId ?? null),
    locationId: order ? order.locationId : (body.locationId ?? null),
    terms,
  };
}

const customerMismatch = () =>
  new AppError('customer_mismatch', 422, 'The customer is not the order’s.', {
    errors: [{ path: 'customer', code: 'customer_mismatch', message: 'The document of an order belongs to the order’s customer.' }],
  });

/** Who the document belongs to: the order's people, or the referenced customer and company. */
async function resolveOwner(db: Database, options: { marketId: string; body: TUpsertDocumentBody }): Promise<TOwner> {
  const { marketId, body } = options;
  const references = await resolveOwnerReferences(db, options);
  const { orderCustomerId, ...owner } = references;
  if (body.customer === undefined) return { ...owner, customerId: orderCustomerId };
  const { customer } = await resolveCustomerReference(db, body.customer, { marketId });
  if (body.orderId !== undefined && customer.id !== orderCustomerId) throw customerMismatch();
  return { ...owner, customerId: customer.id };
}

/** paidAt and usedAt follow the status: set when it is reached, kept while it stays, cleared when it leaves. */
function settlementDates(status: TDocumentStatus, existing: Pick<TDocumentRow, 'paidAt' | 'usedAt'> | undefined, now: Date) {
  return {
    paidAt: status === 'paid' ? (existing?.paidAt ?? now) : null,
    usedAt: status === 'used' ? (existing?.usedAt ?? now) : null,
  };
}

/**
 * A push replaces the document's data. status, amountDue, payUrl and dueAt, which PATCH changes
 * too, keep their stored values when left out, so a re-push does not undo a payment.
 */
function documentValues(body: TUpsertDocumentBody, owner: TOwner, existing: TDocumentRow | undefined) {
  const issuedAt = new Date(body.issuedAt);
  const status = body.status ?? existing?.status ?? 'open';
  const derivedDue = body.kind === 'invoice' ? dueDateFromTerms(issuedAt, owner.terms) : null;
  return {
    kind: body.kind,
    number: body.number,
    orderId: body.orderId ?? null,
    customerId: owner.customerId,
    customerPseudonym: owner.customerId ? null : owner.customerPseudonym,
    companyId: owner.companyId,
    locationId: owner.locationId,
    status,
    issuedAt,
    dueAt: body.dueAt ? new Date(body.dueAt) : (existing?.dueAt ?? derivedDue),
    validUntil: body.validUntil ? new Date(body.validUntil) : null,
    currency: body.currency,
    subtotal: body.subtotal ?? null,
    taxTotal: body.taxTotal ?? 0,
    total: body.total,
    amountDue: body.amountDue ?? existing?.amountDue ?? null,
    lines: body.lines.map((line) => ({ ...line, sku: line.sku || null, taxRateBasisPoints: line.taxRateBasisPoints ?? null })),
    taxes: (body.taxes ?? []).map((tax) => ({ ...tax, rateBasisPoints: tax.rateBasisPoints ?? null })),
    billingAddress: body.billingAddress
      ? { ...body.billingAddress, name: body.billingAddress.name || null, company: body.billingAddress.company || null, line2: body.billingAddress.line2 || null, postalCode: body.billingAddress.postalCode || null }
      : null,
    poNumber: body.poNumber || null,
    payUrl: body.payUrl ?? existing?.payUrl ?? null,
    ...settlementDates(status, existing, new Date()),
  };
}

async function toIntegrationDocument(db: Database, row: TDocumentRow): Promise<TIntegrationDocument> {
  const { id, kind, number, status, orderId, customerId, companyId, locationId, issuedAt, dueAt, validUntil, paidAt, usedAt, createdAt, updatedAt } = row;
  const hasUploadedPdf = await repository.hasDocumentFile(db, id);
  return { id, kind, number, status, orderId, customerId, companyId, locationId, issuedAt, dueAt, validUntil, paidAt, usedAt, hasUploadedPdf, createdAt, updatedAt };
}

/** POST /api/integration/documents: creates or updates the document (kind, number) of the key's market. */
export async function upsertDocument(
  ctx: Pick<TAppContext, 'db'>,
  options: { marketId: string; body: TUpsertDocumentBody },
): Promise<{ document: TIntegrationDocument; created: boolean }> {
  const { marketId, body } = options;
  return ctx.db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, { marketId, body });
    const where = repository.byKindAndNumber({ marketId, kind: body.kind, number: body.number });
    let existing = await repository.lockDocumentRow(tx, where);
    if (!existing) {
      const inserted = await repository.insertDocumentIfAbsent(tx, { id: newId('doc'), marketId, ...documentValues(body, owner, undefined) });
      if (inserted) return { document: await toIntegrationDocument(tx, inserted), created: true };
      // A simultaneous push of the same document won the insert: update what it wrote.
      existing = await repository.lockDocumentRow(tx, where);
      if (!existing) throw new Error('document neither inserted nor found');
    }
    const updated = await repository.updateDocumentRow(tx, existing.id, documentValues(body, owner, existing));
    return { document: await toIntegrationDocument(tx, updated), created: false };
  });
}

/** PATCH /api/integration/documents/{id}: status, what is left to pay, the pay link, the due date. */
export async function patchDocument(
  ctx: Pick<TAppContext, 'db'>,
  options: { marketId: string; documentId: string; changes: TPatchDocumentBody },
): Promise<TIntegrationDocument> {
  return ctx.db.transaction(async (tx) => {
    const existing = await repository.lockDocumentRow(tx, and(eq(documents.id, options.documentId), eq(documents.marketId, options.marketId))!);
    if (!existing) throw documentErrors.notFound();
    const { status, amountDue, payUrl, dueAt } = options.changes;
    if (status !== undefined && !statusFitsKind(existing.kind, status)) throw documentErrors.statusNotForKind(existing.kind, statusesFor(existing.kind));
    const nextStatus = status ?? existing.status;
    const updated = await repository.updateDocumentRow(tx, existing.id, {
      status: nextStatus,
      ...settlementDates(nextStatus, existing, new Date()),
      ...(amountDue !== undefined ? { amountDue } : {}),
      ...(payUrl !== undefined ? { payUrl } : {}),
      ...(dueAt !== undefined ? { dueAt: dueAt === null ? null : new Date(dueAt) } : {}),
    });
    return toIntegrationDocument(tx, updated);
  });
}

export async function getIntegrationDocument(ctx: Pick<TAppContext, 'db'>, options: { marketId: string; documentId: string }): Promise<TIntegrationDocument> {
  const row = await repository.findDocumentRow(ctx.db, options);
  if (!row) throw documentErrors.notFound();
  return toIntegrationDocument(ctx.db, row);
}

/** PUT …/pdf: the store's own PDF, checked to be one, kept with its size and digest. */
export async function uploadDocumentPdf(ctx: Pick<TAppContext, 'db'>, options: { marketId: string; documentId: string; content: Buffer }): Promise<void> {
  if (!isPdf(options.content)) throw documentErrors.notAPdf();
  const row = await repository.findDocumentRow(ctx.db, options);
  if (!row) throw documentErrors.notFound();
  const sha256 = createHash('sha256').update(options.content).digest('hex');
  await repository.saveDocumentFile(ctx.db, { documentId: row.id, content: options.content, sha256 });
}

/** Every PDF file starts with its header `%PDF-` (ISO 32000-1, 7.5.2). */
export function isPdf(content: Buffer): boolean {
  return content.subarray(0, 5).toString('latin1') === '%PDF-';
}
