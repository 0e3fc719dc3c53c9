import { and, eq, or, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import { touchWalletPass } from '../wallet/wallet-passes.service.js';
import { findCustomerById, toPublicCustomer, type TPublicCustomer } from './customers.service.js';
import { customers, type TCustomerRow } from './customers.tables.js';
import { normalizeProfileChanges, type TProfileChanges, type TProfileDraft } from './profile.rules.js';

/**
 * The update, only if a field would change. The account form sends every field, so most saves
 * change nothing: those write no row version (nor its index entries and change notice), no
 * webhook event and no security event, and commit nothing to wait for.
 */
async function updateIfChanged(tx: Database, customerId: string, changes: TProfileChanges): Promise<TCustomerRow | undefined> {
  const differs = Object.entries(changes).map(([field, value]) => sql`${customers[field as keyof TProfileChanges]} is distinct from ${value}`);
  const [row] = await tx
    .update(customers)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(customers.id, customerId), or(...differs)))
    .returning();
  return row;
}

/**
 * Changes what the request gives, nothing else (F2.1). The draft has passed the profile rules in
 * the request schema; here it takes its stored form (E.164 phones, blanks as null).
 */
export async function updateProfile(
  ctx: Pick<TAppContext, 'db' | 'config' | 'sessionCache'>,
  options: { customerId: string; draft: TProfileDraft; meta: TRequestMeta },
): Promise<TPublicCustomer> {
  const changes = normalizeProfileChanges(options.draft, ctx.config.shopCountry);
  // Saved as it was: one read, no transaction, and the session cache keeps its entry.
  const current = await findCustomerById(ctx.db, options.customerId);
  if (current && Object.entries(changes).every(([field, value]) => current[field as keyof TProfileChanges] === value)) return toPublicCustomer(current, ctx.config);
  const updated = await ctx.db.transaction(async (tx) => {
    if (Object.keys(changes).length === 0) return findCustomerById(tx, options.customerId);
    const row = await updateIfChanged(tx, options.customerId, changes);
    if (!row) return findCustomerById(tx, options.customerId);
    await recordCustomerEvent(tx, 'customer.updated', row);
    // The wallet pass shows the holder's name: devices fetch it again.
    if ('firstName' in changes || 'lastName' in changes) await touchWalletPass(tx, row.id);
    // Which fields changed, never their values.
    await recordSecurityEvent(tx, { type: 'profile_updated', customerId: options.customerId, method: Object.keys(changes).join(','), meta: options.meta });
    return row;
  });
  if (!updated) throw new Error('the signed-in customer has no row');
  // Sessions carry the profile: the next request must see the change.
  ctx.sessionCache.evictCustomer(options.customerId);
  return toPublicCustomer(updated, ctx.config);
}
