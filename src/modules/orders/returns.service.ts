import { and, eq } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TFieldError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { decodeKeysetCursor, keysetPage } from './order-cursor.js';
import { ordersErrors } from './orders.errors.js';
import { findOrderSummary, listLinesWithReturned, lockOrder, placedByVerifiedCustomer } from './orders.repository.js';
import { returnableOrderStatuses, returnableQuantity } from './orders.rules.js';
import { orders, returnLines, returnRequests } from './orders.tables.js';
import { findReturnWithOrder, groupByReturn, listLinesOfReturns, listReturnsWithOrder, lockReturn, type TReturnLineRow, type TReturnWithOrderRow } from './returns.repository.js';
import { customerCancellableStatus } from './returns.rules.js';
import type { TCreateReturnBody, TReturn } from './returns.schemas.js';

type TContext = Pick<TAppContext, 'db'>;

export function toReturn(row: TReturnWithOrderRow, lines: TReturnLineRow[]): TReturn {
  const { request } = row;
  return {
    id: request.id,
    orderId: request.orderId,
    orderNumber: row.orderNumber,
    status: request.status,
    reason: request.reason,
    comment: request.comment,
    storeNote: request.storeNote,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    lines: lines.map((line) => ({ lineId: line.lineId, sku: line.sku, name: line.name, quantity: line.quantity })),
  };
}

async function loadReturn(db: Database, returnId: string): Promise<{ view: TReturn; lines: TReturnLineRow[] }> {
  const row = await findReturnWithOrder(db, eq(returnRequests.id, returnId));
  if (!row) throw ordersErrors.notFound();
  const lines = await listLinesOfReturns(db, [returnId]);
  return { view: toReturn(row, lines), lines };
}

/**
 * A return request (F4.4). The order row is locked first, so two requests for the same order
 * take turns and the second sees what the first took: never more than bought minus returned.
 */
export async function createReturn(ctx: TContext, options: { customerId: string; orderId: string; body: TCreateReturnBody }): Promise<TReturn> {
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, options.orderId);
    const own = order && (await findOrderSummary(tx, and(eq(orders.id, order.id), placedByVerifiedCustomer(options.customerId))!));
    if (!order || !own) throw ordersErrors.notFound();
    if (!returnableOrderStatuses.has(order.status)) throw ordersErrors.orderNotReturnable();
    await checkReturnableLines(tx, order, options.body);
    const id = newId('ret');
    await tx.insert(returnRequests).values({ id, orderId: order.id, customerId: options.customerId, reason: options.body.reason, comment: options.body.comment || null });
    await tx.insert(returnLines).values(options.body.lines.map((line) => ({ returnId: id, orderLineId: line.lineId, quantity: line.quantity })));
    const { view } = await loadReturn(tx, id);
    await recordEvent(tx, { type: 'return.requested', payload: eventPayload(view), customerId: options.customerId, marketId: order.marketId });
    return view;
  });
}

/** Every line of the request checked at once: it must be the order's, within what is left to return. */
async function checkReturnableLines(tx: Database, order: typeof orders.$inferSelect, body: TCreateReturnBody): Promise<void> {
  const lines = new Map((await listLinesWithReturned(tx, order.id)).map((row) => [row.line.id, row]));
  const errors: TFieldError[] = [];
  body.lines.forEach((requested, index) => {
    const found = lines.get(requested.lineId);
    if (!found) {
      errors.push({ path: `lines.${index}.lineId`, code: 'line_not_in_order', message: 'This line is not one of the order’s.' });
      return;
    }
    const left = returnableQuantity({ orderStatus: order.status, quantity: found.line.quantity, returnedQuantity: found.returnedQuantity });
    if (requested.quantity > left) {
      errors.push({ path: `lines.${index}.quantity`, code: 'quantity_exceeds_returnable', message: `At most ${left} can still be returned.` });
    }
  });
  if (errors.length > 0) throw ordersErrors.returnLinesRefused(errors);
}

export function eventPayload(view: TReturn): Record<string, unknown> {
  return { id: view.id, orderId: view.orderId, orderNumber: view.orderNumber, status: view.status, reason: view.reason, lines: view.lines };
}

export async function listMyReturns(ctx: TContext, options: { customerId: string; limit: number; cursor?: string | undefined }) {
  const after = decodeKeysetCursor(options.cursor);
  const rows = await listReturnsWithOrder(ctx.db, { where: eq(returnRequests.customerId, options.customerId), after, limit: options.limit });
  const page = keysetPage(rows, options.limit, (row) => ({ at: row.request.createdAt, id: row.request.id }));
  const lines = groupByReturn(await listLinesOfReturns(ctx.db, page.items.map((row) => row.request.id)));
  return { items: page.items.map((row) => toReturn(row, lines.get(row.request.id) ?? [])), nextCursor: page.nextCursor };
}

export async function getMyReturn(ctx: TContext, options: { customerId: string; returnId: string }): Promise<TReturn> {
  const row = await findReturnWithOrder(ctx.db, and(eq(returnRequests.id, options.returnId), eq(returnRequests.customerId, options.customerId))!);
  if (!row) throw ordersErrors.notFound();
  return toReturn(row, await listLinesOfReturns(ctx.db, [row.request.id]));
}

/** The customer withdraws a request the shop has not answered yet (409 once it has). */
export async function cancelMyReturn(ctx: TContext, options: { customerId: string; returnId: string }): Promise<TReturn> {
  return ctx.db.transaction(async (tx) => {
    const request = await lockReturn(tx, and(eq(returnRequests.id, options.returnId), eq(returnRequests.customerId, options.customerId))!);
    if (!request) throw ordersErrors.notFound();
    if (request.status !== customerCancellableStatus) throw ordersErrors.returnNotCancellable();
    await tx.update(returnRequests).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(returnRequests.id, request.id));
    const { view } = await loadReturn(tx, request.id);
    await recordEvent(tx, { type: 'return.cancelled', payload: eventPayload(view), customerId: options.customerId });
    return view;
  });
}
