import type { TAppContext, TRequestMeta } from '../../context.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { Database } from '../../db/client.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { passkeyErrors } from './passkeys.errors.js';
import type { TPasskey } from './passkeys.schemas.js';
import { listPasskeysOfCustomer, removePasskey, toPasskey } from './passkeys.service.js';

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta; customerId: string };

/** 404 for an unknown customer and for one in a market the staff member does not work in. */
async function customerForStaff(db: Database, options: TStaffAction) {
  const customer = await findCustomerById(db, options.customerId);
  if (!customer) throw passkeyErrors.notFound();
  requireStaffMarketAccess(options.actor, customer.marketId);
  return customer;
}

/** The customer's passkeys for the back office (audited like every look at their data). */
export async function listPasskeysByStaff(ctx: Pick<TAppContext, 'db'>, options: TStaffAction): Promise<{ items: TPasskey[] }> {
  return ctx.db.transaction(async (tx) => {
    const customer = await customerForStaff(tx, options);
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'customer.passkeys_viewed',
      target: { type: 'customer', id: customer.id },
      meta: options.meta,
    });
    return { items: (await listPasskeysOfCustomer(tx, customer.id)).map(toPasskey) };
  });
}

/**
 * Removes a passkey at the customer's request (a lost phone): the customer is emailed, their
 * security log says the shop did it, the audit says who.
 */
export async function removePasskeyByStaff(ctx: TAppContext, options: TStaffAction & { passkeyId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const customer = await customerForStaff(tx, options);
    const removed = await removePasskey(ctx, tx, { customer, passkeyId: options.passkeyId, meta: null, byStaff: true });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'customer.passkey_removed',
      target: { type: 'customer', id: customer.id },
      meta: options.meta,
      details: { passkeyId: removed.id },
    });
  });
  ctx.notifyMail();
}
