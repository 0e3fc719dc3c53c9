import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { companies, companyLocations, companyMembers, locationMembers, type TCompanyRole, type TLocationRole } from './companies.tables.js';
import { can, type TCompanyActor, type TCompanyPermission } from './permissions.js';

/**
 * The caller as a colleague of an active company, with their role at each of its locations;
 * null when they do not belong to it (or it was merged away).
 */
export async function loadCompanyActor(db: Database, companyId: string, customerId: string): Promise<TCompanyActor | null> {
  // One round trip, not two: every company route starts here, and under load the cost of a
  // request is mostly its number of queries (measured on the company order history).
  const result = await db.execute(sql`
    select m.role, coalesce(
      json_agg(json_build_array(lm.location_id, lm.role)) filter (where lm.location_id is not null), '[]'
    ) as locations
    from ${companyMembers} m
    join ${companies} c on c.id = m.company_id and c.status = 'active'
    left join ${companyLocations} l on l.company_id = m.company_id
    left join ${locationMembers} lm on lm.location_id = l.id and lm.customer_id = m.customer_id
    where m.company_id = ${companyId} and m.customer_id = ${customerId}
    group by m.role`);
  const [membership] = rowsOf<{ role: TCompanyRole; locations: [string, TLocationRole][] | string }>(result);
  if (!membership) return null;
  // postgres.js parses json; PGlite too, but a driver may hand it over as text.
  const locations = typeof membership.locations === 'string' ? (JSON.parse(membership.locations) as [string, TLocationRole][]) : membership.locations;
  return { companyId, customerId, role: membership.role, locationRoles: new Map<string, TLocationRole>(locations) };
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
