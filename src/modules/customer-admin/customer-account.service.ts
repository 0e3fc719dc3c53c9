import type { TAppContext, TRequestMeta } from '../../context.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { enqueuePasswordResetLink } from '../auth/password-reset.service.js';
import { revokeSessionsOfCustomer } from '../auth/sessions.service.js';
import { updateCustomer } from '../customers/customers.repository.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { customerAdminErrors } from './customer-admin.errors.js';
import type { TCustomerDetail } from './customer-admin.schemas.js';
import { findCustomerOr404, lockCustomer } from './customer-admin.service.js';
import { customerDetailOf } from './customer-detail.js';

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta; customerId: string };

/** However many staff click, a customer's inbox gets at most five reset links an hour from the back office. */
export const staffResetRateRule: TRateRule = { name: 'staff_reset_customer', limit: 5, windowSeconds: 60 * 60 };

/**
 * POST …/password-reset (F6.3): the customer's own reset email (single use, one hour), sent to
 * the account's address. Counted per customer before anything is written.
 */
export async function sendPasswordResetByStaff(ctx: TAppContext, options: TStaffAction): Promise<void> {
  const customer = await findCustomerOr404(ctx.db, options.customerId, options.actor);
  if (customer.status !== 'active') throw customerAdminErrors.customerDisabled();
  // Counted outside the transaction: the limiter has its own connection (and PGlite has one).
  const decision = await ctx.rateLimiter.hit(staffResetRateRule, customer.id);
  if (!decision.allowed) throw customerAdminErrors.resetThrottled(decision.retryAfterSeconds);
  await ctx.db.transaction(async (tx) => {
    await enqueuePasswordResetLink(ctx, tx, { customer, to: customer.email, meta: options.meta });
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'customer.password_reset_sent', target: { type: 'customer', id: customer.id }, meta: options.meta });
  });
  ctx.notifyMail();
}

/**
 * POST …/disable and …/enable. A disabled account's sessions all end in the same transaction,
 * and it can sign in by no means (password, code, link: each refuses a status other than
 * active). Doing what is already done changes and records nothing.
 */
export async function setCustomerStatusByStaff(ctx: TAppContext, options: TStaffAction & { status: 'active' | 'disabled' }): Promise<TCustomerDetail> {
  const detail = await ctx.db.transaction(async (tx) => {
    const row = await lockCustomer(tx, options.customerId, options.actor);
    if (row.status === options.status) return customerDetailOf(ctx, tx, row);
    const updated = (await updateCustomer(tx, row.id, { status: options.status })) ?? row;
    const sessionsEnded = options.status === 'disabled' ? await revokeSessionsOfCustomer(tx, { customerId: row.id, exceptSessionId: null }) : 0;
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: options.status === 'disabled' ? 'customer.disabled' : 'customer.enabled',
      target: { type: 'customer', id: row.id },
      meta: options.meta,
      ...(options.status === 'disabled' ? { details: { sessionsEnded } } : {}),
    });
    // The store's systems hear it too: a disabled account should not buy at the till either.
    await recordCustomerEvent(tx, 'customer.updated', updated);
    return customerDetailOf(ctx, tx, updated);
  });
  ctx.sessionCache.evictCustomer(options.customerId);
  return detail;
}
