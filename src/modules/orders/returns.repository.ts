import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import type { TKeysetPosition } from './order-cursor.js';
import { orderLines, orders, returnLines, returnRequests } from './orders.tables.js';

export type TReturnWithOrderRow = {
  request: typeof returnRequests.$inferSelect;
  orderNumber: string;
  orderExternalId: string;
  channel: 'online' | 'store';
};

export type TReturnLineRow = { returnId: string; lineId: string; position: number; sku: string; name: string; quantity: number };

function returnsWithOrder(db: Database) {
  return db
    .select({ request: returnRequests, orderNumber: orders.number, orderExternalId: orders.externalId, channel: orders.channel })
    .from(returnRequests)
    .innerJoin(orders, eq(orders.id, returnRequests.orderId));
}

/** Newest first, keyset on (created_at, id). */
export function listReturnsWithOrder(db: Database, options: { where: SQL | undefined; after: TKeysetPosition | null; limit: number }): Promise<TReturnWithOrderRow[]> {
  const after = options.after
    ? sql`(${returnRequests.createdAt}, ${returnRequests.id}) < (${options.after.at.toISOString()}::timestamptz, ${options.after.id})`
    : undefined;
  return returnsWithOrder(db)
    .where(and(options.where, after))
    // NULLS LAST as in return_requests_customer_idx, so that the index gives the order.
    .orderBy(sql`${returnRequests.createdAt} desc nulls last`, sql`${returnRequests.id} desc nulls last`)
    .limit(options.limit + 1);
}

export async function findReturnWithOrder(db: Database, where: SQL): Promise<TReturnWithOrderRow | undefined> {
  const [row] = await returnsWithOrder(db).where(where);
  return row;
}

/** Row lock on a return: status changes by the customer and the store take turns. */
export async function lockReturn(db: Database, where: SQL) {
  const [row] = await db.select().from(returnRequests).where(where).for('update');
  return row;
}

/** The lines of several returns in one query, in the order's line order. */
export async function listLinesOfReturns(db: Database, returnIds: string[]): Promise<TReturnLineRow[]> {
  if (returnIds.length === 0) return [];
  return db
    .select({
      returnId: returnLines.returnId,
      lineId: orderLines.id,
      position: orderLines.position,
      sku: orderLines.sku,
      name: orderLines.name,
      quantity: returnLines.quantity,
    })
    .from(returnLines)
    .innerJoin(orderLines, eq(orderLines.id, returnLines.orderLineId))
    .where(inArray(returnLines.returnId, returnIds))
    .orderBy(asc(orderLines.position));
}

export function groupByReturn(lines: TReturnLineRow[]): Map<string, TReturnLineRow[]> {
  const grouped = new Map<string, TReturnLineRow[]>();
  for (const line of lines) grouped.set(line.returnId, [...(grouped.get(line.returnId) ?? []), line]);
  return grouped;
}
