import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { loadCompanyActor } from '../companies/company-access.js';
import { can, type TCompanyActor } from '../companies/permissions.js';

/**
 * What of a company's orders and documents a colleague sees (F3.2, F3.4, F3.5): a company
 * administrator everything, including what colleagues who have since left placed; a location
 * administrator every order of their locations; everyone their own. Orders carry company_id and
 * customer_id (never a membership), so removing a colleague hides nothing from the others.
 */
export type TCompanyOrderScope = {
  actor: TCompanyActor;
  /** True for company administrators. */
  everything: boolean;
  /** Locations whose every order the actor sees (location administrators). */
  locationIds: string[];
};

/** The caller's scope in the company; 404 when they do not belong to it. */
export async function companyOrderScope(db: Database, options: { companyId: string; customerId: string }): Promise<TCompanyOrderScope> {
  const actor = await loadCompanyActor(db, options.companyId, options.customerId);
  if (!actor) throw commonErrors.notFound();
  const everything = actor.role === 'admin';
  const locationIds = everything ? [] : [...actor.locationRoles.keys()].filter((id) => can(actor, 'location.orders.view_all', id));
  return { actor, everything, locationIds };
}

/**
 * The SQL condition for rows of `table` (orders or documents) within the scope. Only rows of the
 * company's market count (F1.8): the integration API never writes another market's row for a
 * company, and a row written around it (by hand, by an import) must not show either. The
 * market is read in the same query, so a page still costs one round trip.
 */
export function withinScope(
  scope: TCompanyOrderScope,
  table: { companyId: PgColumn; locationId: PgColumn; customerId: PgColumn; marketId: PgColumn },
): SQL {
  const company = and(
    eq(table.companyId, scope.actor.companyId),
    sql`${table.marketId} = (select c.market_id from companies c where c.id = ${scope.actor.companyId})`,
  )!;
  if (scope.everything) return company;
  const own = eq(table.customerId, scope.actor.customerId);
  const visible = scope.locationIds.length > 0 ? or(own, inArray(table.locationId, scope.locationIds))! : own;
  return and(company, visible)!;
}

/** Whether one row is within the scope (detail pages, approvals). */
export function rowWithinScope(scope: TCompanyOrderScope, row: { companyId: string | null; locationId: string | null; customerId: string | null }): boolean {
  if (row.companyId !== scope.actor.companyId) return false;
  if (scope.everything) return true;
  if (row.customerId === scope.actor.customerId) return true;
  return row.locationId !== null && scope.locationIds.includes(row.locationId);
}
