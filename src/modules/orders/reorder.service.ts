import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { ordersErrors } from './orders.errors.js';
import { findOrderSummary, placedByVerifiedCustomer } from './orders.repository.js';
import type { TReorder } from './orders.schemas.js';
import { orderLines, orders, skuAvailability } from './orders.tables.js';
import { buildCartUrl, mergeCartLines } from './reorder.rules.js';

type TContext = Pick<TAppContext, 'db' | 'config'>;

/**
 * A previous order back into the cart (F4.3): its lines, less the SKUs the store of the order's
 * market marked not orderable, merged per SKU, and the storefront link that fills a cart with
 * them (CART_URL_TEMPLATE, the same for every market).
 */
export async function reorder(ctx: TContext, options: { customerId: string; orderId: string }): Promise<TReorder> {
  const row = await findOrderSummary(ctx.db, and(eq(orders.id, options.orderId), placedByVerifiedCustomer(options.customerId))!);
  if (!row) throw ordersErrors.notFound();
  const lines = await ctx.db
    .select({ sku: orderLines.sku, productRef: orderLines.productRef, name: orderLines.name, quantity: orderLines.quantity })
    .from(orderLines)
    .where(eq(orderLines.orderId, row.order.id))
    .orderBy(asc(orderLines.position));
  const notOrderable = await unorderableSkus(ctx.db, { marketId: row.order.marketId, skus: [...new Set(lines.map((line) => line.sku))] });
  const available = mergeCartLines(lines.filter((line) => !notOrderable.has(line.sku)));
  const unavailable = mergeCartLines(lines.filter((line) => notOrderable.has(line.sku))).map(({ sku, name }) => ({ sku, name }));
  return { lines: available, unavailable, cartUrl: buildCartUrl(ctx.config.cartUrlTemplate, available) };
}

/** SKUs the market's store marked not orderable; a SKU it never mentioned is offered. */
async function unorderableSkus(db: Database, options: { marketId: string; skus: string[] }): Promise<Set<string>> {
  if (options.skus.length === 0) return new Set();
  const rows = await db
    .select({ sku: skuAvailability.sku })
    .from(skuAvailability)
    .where(and(eq(skuAvailability.marketId, options.marketId), inArray(skuAvailability.sku, options.skus), eq(skuAvailability.orderable, false)));
  return new Set(rows.map((row) => row.sku));
}

/** The store says whether a SKU can still be ordered in its market (`PUT /api/integration/catalog/{sku}`). */
export async function setSkuAvailability(ctx: Pick<TAppContext, 'db'>, options: { marketId: string; sku: string; orderable: boolean }) {
  const [row] = await ctx.db
    .insert(skuAvailability)
    .values({ marketId: options.marketId, sku: options.sku, orderable: options.orderable })
    .onConflictDoUpdate({ target: [skuAvailability.marketId, skuAvailability.sku], set: { orderable: options.orderable, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}
