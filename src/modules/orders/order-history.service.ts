import { and, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { companyOrderScope, withinScope } from './company-order-scope.js';
import { decodeKeysetCursor, keysetPage } from './order-cursor.js';
import { toCompanyOrderDetail, toCompanyOrderSummary, toOrderDetail, toOrderSummary } from './order-views.js';
import { ordersErrors } from './orders.errors.js';
import { findOrderSummary, listOrderSummaries, placedByVerifiedCustomer } from './orders.repository.js';
import type { TCompanyOrderDetail, TCompanyOrderListQuery, TCompanyOrderSummary, TOrderDetail, TOrderListQuery, TOrderSummary } from './orders.schemas.js';
import { orders } from './orders.tables.js';

type TContext = Pick<TAppContext, 'db'>;
type TPage<T> = { items: T[]; nextCursor: string | null };

const DAY_MS = 24 * 60 * 60 * 1000;
const isBareDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** `from` and `to` as bounds on placed_at: a bare date is a whole UTC day, both ends included. */
export function placedAtBounds(query: Pick<TOrderListQuery, 'from' | 'to'>): SQL[] {
  const conditions: SQL[] = [];
  const from = query.from === undefined ? null : new Date(isBareDate(query.from) ? `${query.from}T00:00:00Z` : query.from);
  if (from) conditions.push(gte(orders.placedAt, from));
  /** The last instant included, for the range check. */
  let to: Date | null = null;
  if (query.to !== undefined) {
    if (isBareDate(query.to)) {
      const nextDay = new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS);
      conditions.push(lt(orders.placedAt, nextDay));
      to = new Date(nextDay.getTime() - 1);
    } else {
      to = new Date(query.to);
      conditions.push(lte(orders.placedAt, to));
    }
  }
  if (from && to && from.getTime() > to.getTime()) {
    throw commonErrors.validationFailed([{ path: 'query.to', code: 'invalid_range', message: '`to` is before `from`.' }]);
  }
  return conditions;
}

function filtersOf(query: TOrderListQuery & { customerId?: string | undefined }): SQL[] {
  return [
    ...placedAtBounds(query),
    query.status ? eq(orders.status, query.status) : undefined,
    query.channel ? eq(orders.channel, query.channel) : undefined,
    query.locationId ? eq(orders.locationId, query.locationId) : undefined,
    query.customerId ? eq(orders.customerId, query.customerId) : undefined,
  ].filter((condition): condition is SQL => condition !== undefined);
}

const positionOf = (row: { order: { placedAt: Date; id: string } }) => ({ at: row.order.placedAt, id: row.order.id });

/** My orders and receipts in one history (F4.1, F4.2), newest first. */
export async function listMyOrders(ctx: TContext, options: { customerId: string; query: TOrderListQuery }): Promise<TPage<TOrderSummary>> {
  const after = decodeKeysetCursor(options.query.cursor);
  const where = and(placedByVerifiedCustomer(options.customerId), ...filtersOf(options.query))!;
  const rows = await listOrderSummaries(ctx.db, { where, after, limit: options.query.limit });
  const page = keysetPage(rows, options.query.limit, positionOf);
  return { items: page.items.map(toOrderSummary), nextCursor: page.nextCursor };
}

/** One of my orders; 404 for anyone else's. */
export async function getMyOrder(ctx: TContext, options: { customerId: string; orderId: string }): Promise<TOrderDetail> {
  const row = await findOrderSummary(ctx.db, and(eq(orders.id, options.orderId), placedByVerifiedCustomer(options.customerId))!);
  if (!row) throw ordersErrors.notFound();
  return toOrderDetail(ctx.db, row);
}

/**
 * A company's orders within the caller's scope (F3.2): one query on the company's (or the
 * location's) history index, whatever the number of orders.
 */
export async function listCompanyOrders(
  ctx: TContext,
  options: { companyId: string; customerId: string; query: TCompanyOrderListQuery },
): Promise<TPage<TCompanyOrderSummary>> {
  const after = decodeKeysetCursor(options.query.cursor);
  const scope = await companyOrderScope(ctx.db, { companyId: options.companyId, customerId: options.customerId });
  const where = and(withinScope(scope, orders), ...filtersOf(options.query))!;
  const rows = await listOrderSummaries(ctx.db, { where, after, limit: options.query.limit });
  const page = keysetPage(rows, options.query.limit, positionOf);
  return { items: page.items.map(toCompanyOrderSummary), nextCursor: page.nextCursor };
}

export async function getCompanyOrder(
  ctx: TContext,
  options: { companyId: string; customerId: string; orderId: string },
): Promise<TCompanyOrderDetail> {
  const scope = await companyOrderScope(ctx.db, { companyId: options.companyId, customerId: options.customerId });
  const row = await findOrderSummary(ctx.db, and(eq(orders.id, options.orderId), withinScope(scope, orders))!);
  if (!row) throw ordersErrors.notFound();
  return toCompanyOrderDetail(ctx.db, row);
}
