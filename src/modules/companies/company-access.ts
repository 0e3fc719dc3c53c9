import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { companies, companyLocations, companyMembers, locationMembers, type TLocationRole } from './companies.tables.js';
import { can, type TCompanyActor, type TCompanyPermission } from './permissions.js';

/**
 * The caller as a colleague of an active company, with their role at each of its locations;
 * null when they do not belong to it (or it was merged away).
 */
export async function loadCompanyActor(db: Database, companyId: string, customerId: string): Promise<TCompanyActor | null> {
  const [membership] = await db
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.customerId, customerId), eq(companies.status, 'active')));
  if (!membership) return null;
  const locations = await db
    .select({ locationId: locationMembers.locationId, role: locationMembers.role })
    .from(locationMembers)
    .innerJoin(companyLocations, eq(companyLocations.id, locationMembers.locationId))
    .where(and(eq(locationMembers.customerId, customerId), eq(companyLocations.companyId, companyId)));
  return {
    companyId,
    customerId,
    role: membership.role,
    locationRoles: new Map<string, TLocationRole>(locations.map((row) => [row.locationId, row.role])),
  };
}

/**
 * The one gate of every company route: `404 not_found` for someone outside the company (its
 * existence is not disclosed), `403 forbidden` for a colleague whose role does not allow it.
 */
export async function requireCompanyPermission(
  db: Database,
  options: { companyId: string; customerId: string; permission: TCompanyPermission; locationId?: string },
): Promise<TCompanyActor> {
  const actor = await loadCompanyActor(db, options.companyId, options.customerId);
  if (!actor) throw commonErrors.notFound();
  if (!can(actor, options.permission, options.locationId)) throw commonErrors.forbidden();
  return actor;
}
