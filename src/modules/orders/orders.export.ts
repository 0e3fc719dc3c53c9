import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { companies } from '../companies/companies.tables.js';
import { defineExportSection, type TPseudonymiser } from '../privacy/privacy.extension.js';
import { ZAddressCopy } from './orders.schemas.js';
import { orderLines, orders, returnLines, returnRequests } from './orders.tables.js';

// The orders module's part in the privacy rights: what the person bought (online and in store)
// and the returns they asked for are exported; on erasure they stay, pseudonymised, because the
// shop must keep its sales records (10 years, art. L123-22 of the Code de commerce).

const ZExportedOrder = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(['online', 'store']),
  placedAt: z.string(),
  email: z.string().nullable().describe('The address the order was placed with.'),
  company: z.object({ id: z.string(), name: z.string() }).nullable(),
  locationId: z.string().nullable(),
  poNumber: z.string().nullable(),
  storeName: z.string().nullable(),
  status: z.string(),
  paymentStatus: z.string(),
  fulfillmentStatus: z.string(),
  currency: z.string(),
  total: z.number().int().describe('Minor units of currency.'),
  taxTotal: z.number().int(),
  shippingTotal: z.number().int(),
  discountTotal: z.number().int(),
  tracking: z.array(z.object({ carrier: z.string().nullable(), number: z.string(), url: z.string().nullable() })),
  shippingAddress: ZAddressCopy.nullable(),
  billingAddress: ZAddressCopy.nullable(),
  lines: z.array(z.object({ id: z.string(), sku: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: z.number().int(), lineTotal: z.number().int() })),
});

const retention = 'Ten years from the sale (French accounting law); after an account is deleted they are kept with a pseudonym instead of your name, address and email.';

export const ordersExport = defineExportSection({
  key: 'orders',
  description: 'Your online orders and in-store receipts, with their lines, tracking and addresses.',
  tables: ['orders'],
  processing: {
    purposes: ['Showing your order history', 'Returns, warranty and after-sales service', 'The shop’s accounting obligations'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) and legal obligation (art. 6(1)(c) GDPR)',
    retention,
    recipients: ['The shop', 'Its hosting provider (processor)', 'The administrators of your company, for orders placed for it'],
  },
  schema: z.array(ZExportedOrder),
  async collect(db, customerId) {
    const rows = await db
      .select({ order: orders, company: { id: companies.id, name: companies.name } })
      .from(orders)
      .leftJoin(companies, eq(companies.id, orders.companyId))
      .where(eq(orders.customerId, customerId))
      .orderBy(asc(orders.placedAt), asc(orders.id));
    const lines = rows.length
      ? await db.select().from(orderLines).where(inArray(orderLines.orderId, rows.map((row) => row.order.id))).orderBy(asc(orderLines.position))
      : [];
    return rows.map(({ order, company }) => ({
      id: order.id,
      number: order.number,
      channel: order.channel,
      placedAt: order.placedAt.toISOString(),
      email: order.email,
      company: company?.id ? company : null,
      locationId: order.locationId,
      poNumber: order.poNumber,
      storeName: order.storeName,
      status: order.status,
      paymentStatus: order.paymentStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      currency: order.currency,
      total: order.total,
      taxTotal: order.taxTotal,
      shippingTotal: order.shippingTotal,
      discountTotal: order.discountTotal,
      tracking: order.tracking,
      shippingAddress: order.shippingAddress,
      billingAddress: order.billingAddress,
      lines: lines
        .filter((line) => line.orderId === order.id)
        .map((line) => ({ id: line.id, sku: line.sku, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice, lineTotal: line.lineTotal })),
    }));
  },
});

export const returnsExport = defineExportSection({
  key: 'returns',
  description: 'The returns you asked for, with their lines, your reason and comment, and what the shop answered.',
  tables: ['return_requests'],
  processing: {
    purposes: ['Handling your returns and refunds'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) and legal obligation (art. 6(1)(c) GDPR: right of withdrawal, warranties)',
    retention,
    recipients: ['The shop', 'Its hosting provider (processor)'],
  },
  schema: z.array(
    z.object({
      id: z.string(),
      orderId: z.string(),
      status: z.string(),
      reason: z.string(),
      comment: z.string().nullable(),
      storeNote: z.string().nullable(),
      createdAt: z.string(),
      lines: z.array(z.object({ orderLineId: z.string(), quantity: z.number().int() })),
    }),
  ),
  async collect(db, customerId) {
    const rows = await db.select().from(returnRequests).where(eq(returnRequests.customerId, customerId)).orderBy(asc(returnRequests.createdAt), asc(returnRequests.id));
    const lines = rows.length ? await db.select().from(returnLines).where(inArray(returnLines.returnId, rows.map((row) => row.id))) : [];
    return rows.map((row) => ({
      id: row.id,
      orderId: row.orderId,
      status: row.status,
      reason: row.reason,
      comment: row.comment,
      storeNote: row.storeNote,
      createdAt: row.createdAt.toISOString(),
      lines: lines.filter((line) => line.returnId === row.id).map((line) => ({ orderLineId: line.orderLineId, quantity: line.quantity })),
    }));
  },
});

/** Erasure: orders keep their lines and amounts; the person, their address and email go. */
export const ordersPseudonymiser: TPseudonymiser = {
  name: 'orders: kept for the accounts, without the person',
  tables: ['orders'],
  async pseudonymise(db, { customerId, pseudonym }) {
    await db
      .update(orders)
      .set({ customerId: null, customerPseudonym: pseudonym, email: null, shippingAddress: null, billingAddress: null, updatedAt: new Date() })
      .where(eq(orders.customerId, customerId));
  },
};

/** Erasure: returns keep their lines and statuses; the person and their free-text comment go. */
export const returnsPseudonymiser: TPseudonymiser = {
  name: 'returns: kept with the orders, without the person',
  tables: ['return_requests'],
  async pseudonymise(db, { customerId, pseudonym }) {
    await db
      .update(returnRequests)
      .set({ customerId: null, customerPseudonym: pseudonym, comment: null, updatedAt: new Date() })
      .where(eq(returnRequests.customerId, customerId));
  },
};
