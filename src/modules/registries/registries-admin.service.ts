import { desc, eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { findCustomerOr404 } from '../customer-admin/customer-admin.service.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { registryErrors } from './registries.errors.js';
import { normalizePublicCode } from './registries.rules.js';
import { registryDetail, registryRowColumns, toRegistry } from './registries.service.js';
import { registries } from './registries.tables.js';
import { listRegistryGifts, listRegistryContributions } from './registry-gifts.service.js';

// The back office's read-only look at registries (F5.6): from the customer's page, or found by
// the code a customer reads out on the phone. Every look is audited.

type TContext = Pick<TAppContext, 'db' | 'markets'>;
type TStaffView = { actor: TStaffPrincipal; meta: TRequestMeta };

/** GET /api/staff/customers/{id}/registries: every registry of the customer, newest first. */
export async function listCustomerRegistriesForStaff(ctx: TContext, options: TStaffView & { customerId: string }) {
  return ctx.db.transaction(async (tx) => {
    await findCustomerOr404(tx, options.customerId, options.actor);
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'customer.registries_viewed', target: { type: 'customer', id: options.customerId }, meta: options.meta });
    const rows = await tx.select(registryRowColumns).from(registries).where(eq(registries.customerId, options.customerId)).orderBy(desc(registries.id)).limit(100);
    return { items: rows.map((row) => toRegistry(ctx.markets, row)), nextCursor: null };
  });
}

/**
 * GET /api/staff/registries/{code}: the registry with its items, its latest gifts and
 * contributions (givers' addresses never shown), whatever its visibility; 404 outside the
 * staff member's markets.
 */
export async function viewRegistryForStaff(ctx: TContext, options: TStaffView & { code: string }) {
  const code = normalizePublicCode(options.code);
  return ctx.db.transaction(async (tx) => {
    const [row] = code ? await tx.select(registryRowColumns).from(registries).where(eq(registries.publicCode, code)) : [];
    if (!row) throw registryErrors.notFound();
    requireStaffMarketAccess(options.actor, row.marketId);
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'registry.viewed', target: { type: 'registry', id: row.id }, meta: options.meta });
    const [detail, gifts, contributions] = [
      await registryDetail(tx, ctx.markets, row),
      await listRegistryGifts(tx, { registryId: row.id, limit: 100 }),
      await listRegistryContributions(tx, { registryId: row.id, limit: 100 }),
    ];
    return { ...detail, customerId: row.customerId, gifts: gifts.items, contributions: contributions.items };
  });
}
