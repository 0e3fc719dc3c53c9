import { and, eq, ne } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import { revokeSessionsOfCustomer } from '../auth/sessions.service.js';
import { companyMembers } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import { customerAdminErrors } from './customer-admin.errors.js';
import type { TCustomerDetail } from './customer-admin.schemas.js';
import { lockCustomer, staffTargetMarket } from './customer-admin.service.js';
import { customerDetailOf } from './customer-detail.js';

/**
 * POST /api/staff/customers/:customerId/market (F1.8): the account goes to another market,
 * where it signs in from then on. Refused while another account of that market has the address
 * (`409 email_taken_in_market`: merging accounts is another matter) and while the person is a
 * member of a company (`409 customer_in_company`: a company and its colleagues stay inside
 * their market). Every session ends: a session was opened on the old market's site.
 *
 * Orders and documents stay in the market they were placed in, with the person still as their
 * customer: they belong to that market's store, whose integration finds and updates them by
 * (market, channel, number); moved, they would be out of its reach (a later update from that
 * store would make a second order) and could collide with the new market's numbers. Addresses,
 * consents, the member card and notes are the person's and go with the account.
 */
export async function moveCustomerToMarket(
  ctx: TAppContext,
  options: { actor: TStaffPrincipal; meta: TRequestMeta; customerId: string; marketId: string },
): Promise<TCustomerDetail> {
  const market = staffTargetMarket(ctx, options.actor, options.marketId);
  let moved = false;
  try {
    const detail = await ctx.db.transaction(async (tx) => {
      const row = await lockCustomer(tx, options.customerId, options.actor);
      if (row.marketId === market.id) return customerDetailOf(ctx, tx, row);
      const [membership] = await tx.select({ companyId: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.customerId, row.id)).limit(1);
      if (membership) throw customerAdminErrors.customerInCompany();
      const [holder] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.marketId, market.id), eq(customers.emailNormalized, row.emailNormalized), ne(customers.id, row.id)));
      if (holder) throw customerAdminErrors.emailTakenInMarket();
      const [updated] = await tx.update(customers).set({ marketId: market.id, updatedAt: new Date() }).where(eq(customers.id, row.id)).returning();
      const sessionsEnded = await revokeSessionsOfCustomer(tx, { customerId: row.id, exceptSessionId: null });
      await recordStaffAudit(tx, {
        staffId: options.actor.staff.id,
        action: 'customer.market_changed',
        target: { type: 'customer', id: row.id },
        meta: options.meta,
        details: { from: row.marketId, to: market.id, sessionsEnded },
      });
      await recordCustomerEvent(tx, 'customer.updated', updated!);
      moved = true;
      return customerDetailOf(ctx, tx, updated!);
    });
    if (moved) ctx.sessionCache.evictCustomer(options.customerId);
    return detail;
  } catch (error) {
    // The address taken there between the check and the update: the per-market unique index says so.
    if (postgresErrorCode(error) === '23505') throw customerAdminErrors.emailTakenInMarket();
    throw error;
  }
}
