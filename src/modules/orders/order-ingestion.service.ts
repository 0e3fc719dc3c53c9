import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { checkOrderReferences } from './order-references.js';
import type { TIngestOrderBody, TIntegrationOrder } from './orders-integration.schemas.js';
import { ordersErrors } from './orders.errors.js';
import { listLinesWithReturned } from './orders.repository.js';
import { lineTotalOf } from './orders.rules.js';
import { orderLines, orders, returnLines, type TOrderAddress, type TOrderRow } from './orders.tables.js';

type TContext = Pick<TAppContext, 'db'>;

/**
 * An online order or a till receipt pushed by the store (F4.1, F4.2), created or replaced as a
 * whole by `(channel, externalId)` within the key's market (two markets' stores may use the
 * same ids), in one transaction with its lines and, for an unknown address, the guest account
 * it creates (F1.6).
 */
export async function ingestOrder(ctx: TContext, options: { marketId: string; body: TIngestOrderBody }): Promise<{ created: boolean; order: TIntegrationOrder }> {
  const { marketId, body } = options;
  return ctx.db.transaction(async (tx) => {
    const existing = await lockByExternalId(tx, { marketId, body });
    const customer = await checkOrderReferences(tx, { marketId, body, existing });
    const values = orderValues(marketId, body, customer.id);
    const inserted = existing ? null : await insertOrder(tx, values);
    // Null too when another push of the same order committed between our look-up and insert.
    const order = inserted ?? (await updateOrder(tx, existing ?? (await lockByExternalId(tx, { marketId, body })), values));
    await replaceLines(tx, order.id, body.lines);
    return { created: inserted !== null, order: await toIntegrationOrder(tx, order) };
  });
}

type TOrderValues = Omit<typeof orders.$inferInsert, 'id' | 'createdAt'>;

function orderValues(marketId: string, body: TIngestOrderBody, customerId: string): TOrderValues {
  return {
    marketId,
    externalId: body.externalId,
    number: body.number,
    channel: body.channel,
    placedAt: body.placedAt,
    currency: body.currency,
    customerId,
    email: body.customer.email ?? null,
    companyId: body.companyId ?? null,
    locationId: body.locationId ?? null,
    poNumber: body.poNumber || null,
    status: body.status,
    paymentStatus: body.paymentStatus ?? 'pending',
    fulfillmentStatus: body.fulfillmentStatus ?? 'unfulfilled',
    subtotal: body.subtotal ?? null,
    discountTotal: body.discountTotal ?? 0,
    shippingTotal: body.shippingTotal ?? 0,
    taxTotal: body.taxTotal ?? 0,
    total: body.total,
    taxes: (body.taxes ?? []).map((tax) => ({ label: tax.label, rateBasisPoints: tax.rateBasisPoints ?? null, amount: tax.amount })),
    tracking: (body.tracking ?? []).map((item) => ({ carrier: item.carrier || null, number: item.number, url: item.url ?? null })),
    shippingAddress: addressCopy(body.shippingAddress),
    billingAddress: addressCopy(body.billingAddress),
    storeName: body.storeName || null,
  };
}

function addressCopy(address: TIngestOrderBody['shippingAddress']): TOrderAddress | null {
  if (!address) return null;
  return {
    name: address.name || null,
    company: address.company || null,
    line1: address.line1,
    line2: address.line2 || null,
    postalCode: address.postalCode || null,
    city: address.city,
    country: address.country,
  };
}

async function lockByExternalId(tx: Database, options: { marketId: string; body: TIngestOrderBody }): Promise<TOrderRow | undefined> {
  const { marketId, body } = options;
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.marketId, marketId), eq(orders.channel, body.channel), eq(orders.externalId, body.externalId)))
    .for('update');
  return row;
}

/** Null when the same (market, channel, externalId) was inserted meanwhile. */
async function insertOrder(tx: Database, values: TOrderValues): Promise<TOrderRow | null> {
  const [row] = await tx
    .insert(orders)
    .values({ id: newId('ord'), ...values })
    .onConflictDoNothing({ target: [orders.marketId, orders.channel, orders.externalId] })
    .returning();
  return row ?? null;
}

async function updateOrder(tx: Database, existing: TOrderRow | undefined, values: TOrderValues): Promise<TOrderRow> {
  if (!existing) throw new Error('order vanished after an insert conflict');
  // A draft approved or refused here must not fall back to waiting because a stale push arrived.
  if (values.status === 'pending_approval' && existing.approvalDecidedAt !== null) throw ordersErrors.approvalAlreadyDecided();
  const [row] = await tx
    .update(orders)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(orders.id, existing.id))
    .returning();
  if (!row) throw new Error('locked order vanished');
  return row;
}

/** Lines are matched by position: line 3 stays line 3 (and keeps the returns pointing at it). */
async function replaceLines(tx: Database, orderId: string, lines: TIngestOrderBody['lines']): Promise<void> {
  await removeLinesBeyond(tx, orderId, lines.length);
  await tx
    .insert(orderLines)
    .values(
      lines.map((line, position) => ({
        id: newId('oli'),
        orderId,
        position,
        sku: line.sku,
        name: line.name,
        productRef: line.productRef ?? null,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        taxRateBasisPoints: line.taxRateBasisPoints ?? null,
        taxAmount: line.taxAmount ?? null,
        lineTotal: lineTotalOf(line),
      })),
    )
    .onConflictDoUpdate({
      target: [orderLines.orderId, orderLines.position],
      set: {
        sku: sql`excluded.sku`,
        name: sql`excluded.name`,
        productRef: sql`excluded.product_ref`,
        quantity: sql`excluded.quantity`,
        unitPrice: sql`excluded.unit_price`,
        taxRateBasisPoints: sql`excluded.tax_rate_basis_points`,
        taxAmount: sql`excluded.tax_amount`,
        lineTotal: sql`excluded.line_total`,
      },
    });
}

/** A shorter order drops its last lines, unless a return points at one (409 lines_have_returns). */
async function removeLinesBeyond(tx: Database, orderId: string, count: number): Promise<void> {
  const beyond = and(eq(orderLines.orderId, orderId), gte(orderLines.position, count));
  const returned = await tx
    .selectDistinct({ position: orderLines.position })
    .from(orderLines)
    .innerJoin(returnLines, eq(returnLines.orderLineId, orderLines.id))
    .where(beyond)
    .orderBy(asc(orderLines.position));
  if (returned.length > 0) throw ordersErrors.linesHaveReturns(returned.map((row) => row.position));
  await tx.delete(orderLines).where(beyond);
}

/** The store's view of an order: ids and statuses, nothing personal (it is kept for replays). */
export async function toIntegrationOrder(db: Database, order: TOrderRow): Promise<TIntegrationOrder> {
  const lines = await listLinesWithReturned(db, order.id);
  return {
    id: order.id,
    externalId: order.externalId,
    number: order.number,
    channel: order.channel,
    status: order.status,
    paymentStatus: order.paymentStatus,
    fulfillmentStatus: order.fulfillmentStatus,
    placedAt: order.placedAt,
    currency: order.currency,
    total: order.total,
    customerId: order.customerId,
    companyId: order.companyId,
    locationId: order.locationId,
    lines: lines.map(({ line, returnedQuantity }) => ({ id: line.id, position: line.position, sku: line.sku, quantity: line.quantity, returnedQuantity })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

/** An order of the key's market; another market's is 404 like an unknown id. */
export async function getIntegrationOrder(ctx: TContext, options: { marketId: string; orderId: string }): Promise<TIntegrationOrder> {
  const [order] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, options.orderId), eq(orders.marketId, options.marketId)));
  if (!order) throw ordersErrors.notFound();
  return toIntegrationOrder(ctx.db, order);
}

