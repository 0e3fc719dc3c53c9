import { inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { commonErrors } from '../../platform/errors/app-error.js';
import type { TStaffPrincipal } from './staff-sessions.service.js';

/**
 * Staff limited to some markets (F1.8, `staff_users.market_ids`; null: every market). Every
 * loader that fetches a customer or a company for a staff member goes through
 * `requireStaffMarketAccess`, and every list through `staffMarketScope`, so a new route
 * cannot forget the limit: what lies outside it answers 404, as if it did not exist.
 */

type TWho = Pick<TStaffPrincipal, 'staff'>;

export function staffCanSeeMarket(actor: TWho, marketId: string): boolean {
  const limit = actor.staff.marketIds;
  return limit === null || limit.includes(marketId);
}

/** 404 (not 403) for a target in a market the member does not work in: its existence stays hidden. */
export function requireStaffMarketAccess(actor: TWho, marketId: string): void {
  if (!staffCanSeeMarket(actor, marketId)) throw commonErrors.notFound();
}

/** The condition a list adds for a limited member (`market_id in (…)`); undefined for everyone else. */
export function staffMarketScope(actor: TWho, column: AnyPgColumn): SQL | undefined {
  const limit = actor.staff.marketIds;
  if (limit === null) return undefined;
  // An empty list sees nothing; `in ()` is not SQL.
  return limit.length === 0 ? sql`false` : inArray(column, limit);
}
