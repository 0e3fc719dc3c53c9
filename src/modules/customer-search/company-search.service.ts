import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { companies } from '../companies/companies.tables.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffMarketScope } from '../staff/staff-markets.js';
import { marketFilterOf, marketRefOf } from './customer-search.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { searchFiltersOf, type TCompanySearchItem, type TCompanySearchQuery } from './customer-search.schemas.js';
import { createdPage, decodeCreatedCursor, type TCreatedPosition } from './search-cursor.js';
import { containsPattern, createdBefore, createdKeyOf, createdWithin } from './search-sql.js';
import { searchTermsOf } from './search-terms.js';

/** Each word in the name, SIRET, SIREN, VAT, enterprise or registration number; each filter. */
export function companySearchConditions(query: Omit<TCompanySearchQuery, 'limit' | 'cursor' | 'market'>): SQL[] {
  return [
    ...searchTermsOf(query.q).map((term) => sql`${companies.searchText} like ${containsPattern(term)}`),
    query.kind ? eq(companies.kind, query.kind) : undefined,
    query.status ? eq(companies.status, query.status) : undefined,
    query.country ? eq(companies.country, query.country) : undefined,
    ...createdWithin(companies.createdAt, query.createdFrom, query.createdTo),
  ].filter((condition): condition is SQL => condition !== undefined);
}

// Spelled out: in a one-table select Drizzle writes a column unqualified, and inside these
// subqueries `"id"` would be the subquery's own id.
const companyId = sql.raw('"companies"."id"');

export function companySearchQuery(db: Database, options: { conditions: SQL[]; after: TCreatedPosition | null; limit: number }) {
  return db
    .select({
      id: companies.id,
      marketId: companies.marketId,
      name: companies.name,
      kind: companies.kind,
      country: companies.country,
      siret: companies.siret,
      vatNumber: companies.vatNumber,
      status: companies.status,
      memberCount: sql<number>`(select count(*) from company_members cm where cm.company_id = ${companyId})::int`.mapWith(Number),
      locationCount: sql<number>`(select count(*) from company_locations cl where cl.company_id = ${companyId})::int`.mapWith(Number),
      createdAt: companies.createdAt,
      createdKey: createdKeyOf(companies.createdAt),
    })
    .from(companies)
    .where(and(...options.conditions, options.after ? createdBefore(companies.createdAt, companies.id, options.after) : undefined))
    .orderBy(desc(companies.createdAt), desc(companies.id))
    .limit(options.limit + 1);
}

/** The back-office search over companies (F6.2, F3.8), recorded as `companies.searched`. */
export async function searchCompanies(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { actor: TStaffPrincipal; query: TCompanySearchQuery; meta: TRequestMeta },
): Promise<{ items: TCompanySearchItem[]; nextCursor: string | null }> {
  const { query } = options;
  const after = query.cursor ? decodeCreatedCursor(query.cursor) : null;
  const marketId = marketFilterOf(ctx.markets, query.market);
  const conditions = [
    ...companySearchConditions(query),
    ...[marketId ? eq(companies.marketId, marketId) : undefined, staffMarketScope(options.actor, companies.marketId)].filter((condition) => condition !== undefined),
  ];
  return ctx.db.transaction(async (tx) => {
    const rows = await companySearchQuery(tx, { conditions, after, limit: query.limit });
    const page = createdPage(rows, query.limit);
    const items = page.rows.map(({ createdKey: _key, marketId: rowMarket, ...row }) => ({ ...row, market: marketRefOf(ctx.markets, rowMarket) }));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'companies.searched',
      meta: options.meta,
      details: { q: query.q || null, filters: searchFiltersOf(query), resultCount: items.length, nextPage: query.cursor !== undefined },
    });
    return { items, nextCursor: page.nextCursor };
  });
}
