import { eq, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { can } from '../companies/permissions.js';
import { findCustomerById } from '../customers/customers.service.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { companyOrderScope, rowWithinScope } from './company-order-scope.js';
import { toCompanyOrderDetail } from './order-views.js';
import { ORDER_APPROVAL_TEMPLATE, renderOrderApprovalEmail } from './orders.emails.js';
import { ordersErrors } from './orders.errors.js';
import { findOrderSummary, lockOrder } from './orders.repository.js';
import type { TCompanyOrderDetail } from './orders.schemas.js';
import { orders, type TOrderRow } from './orders.tables.js';

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets' | 'notifyMail'>;
export type TApprovalDecision = { approve: true } | { approve: false; reason: string };

/**
 * A location administrator (or a company administrator) approves or refuses a draft (F3.5).
 * The order row is locked, so two decisions on one draft cannot both apply: the second gets
 * 409 not_pending_approval. The store hears of it through the webhook event, the buyer by email.
 */
export async function decideOrder(
  ctx: TContext,
  options: { companyId: string; actorId: string; orderId: string; decision: TApprovalDecision },
): Promise<TCompanyOrderDetail> {
  const { detail, emailed } = await ctx.db.transaction(async (tx) => {
    const scope = await companyOrderScope(tx, { companyId: options.companyId, customerId: options.actorId });
    const order = await lockOrder(tx, options.orderId);
    if (!order || !rowWithinScope(scope, order)) throw ordersErrors.notFound();
    if (!can(scope.actor, 'location.orders.approve', order.locationId ?? undefined)) throw commonErrors.forbidden();
    if (order.status !== 'pending_approval') throw ordersErrors.notPendingApproval();
    const decided = await applyDecision(tx, order, options);
    const emailed = await emailBuyer(ctx, tx, decided, options);
    const row = await findOrderSummary(tx, eq(orders.id, order.id));
    if (!row) throw new Error('decided order vanished');
    return { detail: await toCompanyOrderDetail(tx, row), emailed };
  });
  if (emailed) ctx.notifyMail();
  return detail;
}

async function applyDecision(tx: Database, order: TOrderRow, options: { actorId: string; decision: TApprovalDecision }): Promise<TOrderRow> {
  const reason = options.decision.approve ? null : options.decision.reason;
  const [decided] = await tx
    .update(orders)
    .set({
      status: options.decision.approve ? 'open' : 'refused',
      approvalDecidedBy: options.actorId,
      approvalDecidedAt: sql`now()`,
      refusalReason: reason,
      updatedAt: sql`now()`,
    })
    .where(eq(orders.id, order.id))
    .returning();
  if (!decided) throw new Error('locked order vanished');
  await recordEvent(tx, {
    type: options.decision.approve ? 'order.approved' : 'order.refused',
    marketId: decided.marketId,
    payload: {
      id: decided.id,
      externalId: decided.externalId,
      number: decided.number,
      companyId: decided.companyId,
      locationId: decided.locationId,
      decidedBy: options.actorId,
      ...(reason === null ? {} : { reason }),
    },
  });
  return decided;
}

/** The buyer who placed the draft hears the decision, unless they took it themselves. */
async function emailBuyer(ctx: TContext, tx: Database, order: TOrderRow, options: { actorId: string; decision: TApprovalDecision }): Promise<boolean> {
  if (order.customerId === null || order.customerId === options.actorId) return false;
  const [buyer, decider] = [await findCustomerById(tx, order.customerId), await findCustomerById(tx, options.actorId)];
  if (!buyer) return false;
  await enqueueEmail(tx, {
    customerId: buyer.id,
    to: buyer.email,
    template: ORDER_APPROVAL_TEMPLATE,
    locale: buyer.locale,
    rendered: renderOrderApprovalEmail({
      locale: buyer.locale,
      branding: ctx.markets.get(buyer.marketId).branding,
      orderNumber: order.number,
      approved: options.decision.approve,
      decidedByName: decider ? `${decider.firstName} ${decider.lastName}`.trim() || null : null,
      reason: order.refusalReason,
      link: `${ctx.markets.get(buyer.marketId).publicUrl}/orders/${encodeURIComponent(order.id)}`,
    }),
  });
  return true;
}
