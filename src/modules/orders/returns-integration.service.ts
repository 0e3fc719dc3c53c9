import { and, eq, inArray } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { findCustomerById } from '../customers/customers.service.js';
import { decodeKeysetCursor, keysetPage } from './order-cursor.js';
import type { TIntegrationReturn } from './orders-integration.schemas.js';
import { RETURN_STATUS_TEMPLATE, renderReturnStatusEmail } from './orders.emails.js';
import { ordersErrors } from './orders.errors.js';
import { orders, returnRequests, type TReturnStatus } from './orders.tables.js';
import { findReturnWithOrder, groupByReturn, listLinesOfReturns, listReturnsWithOrder, lockReturn, type TReturnLineRow, type TReturnWithOrderRow } from './returns.repository.js';
import { canStoreMoveReturn, storeTransitionsFrom } from './returns.rules.js';

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets' | 'notifyMail'>;

function toIntegrationReturn(row: TReturnWithOrderRow, lines: TReturnLineRow[]): TIntegrationReturn {
  const { request } = row;
  return {
    id: request.id,
    orderId: request.orderId,
    orderExternalId: row.orderExternalId,
    orderNumber: row.orderNumber,
    channel: row.channel,
    customerId: request.customerId,
    status: request.status,
    reason: request.reason,
    comment: request.comment,
    storeNote: request.storeNote,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    lines: lines.map((line) => ({ lineId: line.lineId, position: line.position, sku: line.sku, name: line.name, quantity: line.quantity })),
  };
}

/** Returns of the orders of the key's market, newest first, optionally of one status. */
export async function listReturnsForStore(
  ctx: Pick<TAppContext, 'db'>,
  options: { marketId: string; status?: TReturnStatus | undefined; limit: number; cursor?: string | undefined },
) {
  const after = decodeKeysetCursor(options.cursor);
  const where = and(eq(orders.marketId, options.marketId), options.status ? eq(returnRequests.status, options.status) : undefined);
  const rows = await listReturnsWithOrder(ctx.db, { where, after, limit: options.limit });
  const page = keysetPage(rows, options.limit, (row) => ({ at: row.request.createdAt, id: row.request.id }));
  const lines = groupByReturn(await listLinesOfReturns(ctx.db, page.items.map((row) => row.request.id)));
  return { items: page.items.map((row) => toIntegrationReturn(row, lines.get(row.request.id) ?? [])), nextCursor: page.nextCursor };
}

async function loadIntegrationReturn(db: Database, returnId: string): Promise<TIntegrationReturn> {
  const row = await findReturnWithOrder(db, eq(returnRequests.id, returnId));
  if (!row) throw ordersErrors.notFound();
  return toIntegrationReturn(row, await listLinesOfReturns(db, [returnId]));
}

/**
 * The store answers a return (F4.4): moves its status along the allowed transitions (409
 * invalid_transition otherwise) and/or sets its note. A new status is emailed to the customer
 * in their language, in the same transaction (outbox).
 */
export async function updateReturnByStore(
  ctx: TContext,
  options: { marketId: string; returnId: string; status: TReturnStatus; storeNote: string | null | undefined },
): Promise<TIntegrationReturn> {
  const { view, emailed } = await ctx.db.transaction(async (tx) => {
    // Another market's return is 404, as an unknown id.
    const ofMarket = tx.select({ id: orders.id }).from(orders).where(eq(orders.marketId, options.marketId));
    const request = await lockReturn(tx, and(eq(returnRequests.id, options.returnId), inArray(returnRequests.orderId, ofMarket))!);
    if (!request) throw ordersErrors.notFound();
    const changed = request.status !== options.status;
    if (changed && !canStoreMoveReturn(request.status, options.status)) {
      throw ordersErrors.invalidTransition(request.status, options.status, storeTransitionsFrom(request.status));
    }
    const storeNote = options.storeNote === undefined ? request.storeNote : options.storeNote || null;
    await tx.update(returnRequests).set({ status: options.status, storeNote, updatedAt: new Date() }).where(eq(returnRequests.id, request.id));
    const updated = await loadIntegrationReturn(tx, request.id);
    const emailed = changed && (await emailReturnStatus(ctx, tx, updated));
    return { view: updated, emailed };
  });
  if (emailed) ctx.notifyMail();
  return view;
}

async function emailReturnStatus(ctx: TContext, tx: Database, view: TIntegrationReturn): Promise<boolean> {
  if (view.customerId === null) return false;
  const customer = await findCustomerById(tx, view.customerId);
  if (!customer) return false;
  await enqueueEmail(tx, {
    customerId: customer.id,
    to: customer.email,
    template: RETURN_STATUS_TEMPLATE,
    locale: customer.locale,
    rendered: renderReturnStatusEmail({
      locale: customer.locale,
      branding: ctx.markets.get(customer.marketId).branding,
      orderNumber: view.orderNumber,
      status: view.status,
      storeNote: view.storeNote,
      link: `${ctx.markets.get(customer.marketId).publicUrl}/returns/${encodeURIComponent(view.id)}`,
    }),
  });
  return true;
}
