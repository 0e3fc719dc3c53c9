import { and, between, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { memberCards } from '../cards/cards.tables.js';
import { customers } from '../customers/customers.tables.js';
import type { TMarketDirectory } from '../markets/market-directory.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffMarketScope } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { searchFiltersOf, type TCustomerSearchItem, type TCustomerSearchQuery } from './customer-search.schemas.js';
import { createdPage, decodeCreatedCursor, type TCreatedPosition } from './search-cursor.js';
import { containsPattern, createdBefore, createdKeyOf, createdWithin } from './search-sql.js';
import { cardNumberRange, searchTermsOf } from './search-terms.js';

// Spelled out: Drizzle writes a column unqualified when a select has one table, and inside a
// subquery `"id"` would be the subquery's own.
const customerId = sql.raw('"customers"."id"');

/**
 * The customer's words and their companies' (names, SIRET, VAT…), as the trigram index
 * `customers_search_document_trgm_idx` has them: `company_search_text` is kept by triggers
 * (migration 0013). Spelled out as the index is, or PostgreSQL would not use it.
 */
const searchDocument = sql.raw(`("customers"."search_text" || ' ' || "customers"."company_search_text")`);

/**
 * The customers one word can point to: by their own search text (email, names, phones,
 * business details) or their companies', or by their member card's number. Every word is a
 * condition on the one trigram index, so PostgreSQL intersects the words inside the index and
 * reads only the customers that have them all.
 */
function matchesTerm(term: string, cardHolders: TCardHolders): SQL {
  const inText = sql`${searchDocument} like ${containsPattern(term)}`;
  const cards = cardNumberRange(term);
  if (!cards) return inText;
  const holders = cardHolders.get(term);
  // An id list keeps the OR indexable (the trigram index OR the primary key); a subquery would
  // make PostgreSQL test every customer in turn (1.3 s for "06 12 34" at a million).
  if (holders) return holders.length === 0 ? inText : sql`(${inText} or ${customerId} = any(${sql.param(holders)}::text[]))`;
  return sql`(${inText} or ${customerId} in (select mc.customer_id from member_cards mc where mc.number between ${cards.from} and ${cards.to}))`;
}

/** The holders of the cards each digit word can start, by word; a word with too many is left out. */
export type TCardHolders = Map<string, string[]>;

/** More cards than this starting with the digits typed: the subquery form is used for that word. */
const CARD_HOLDERS_LISTED = 500;

/** Looked up before the search, one range read on the cards' primary key per digit word. */
export async function cardHoldersOf(db: Database, q: string | undefined): Promise<TCardHolders> {
  const holders: TCardHolders = new Map();
  for (const term of searchTermsOf(q)) {
    const range = cardNumberRange(term);
    if (!range) continue;
    const rows = await db
      .select({ customerId: memberCards.customerId })
      .from(memberCards)
      .where(between(memberCards.number, range.from, range.to))
      .limit(CARD_HOLDERS_LISTED + 1);
    if (rows.length <= CARD_HOLDERS_LISTED) holders.set(term, rows.map((row) => row.customerId));
  }
  return holders;
}

/** The latest consent record of this purpose grants it (records are append-only). */
function consentGranted(purpose: string): SQL {
  return sql`(select cr.granted from consent_records cr where cr.customer_id = ${customerId} and cr.purpose = ${purpose}
    order by cr.recorded_at desc, cr.id desc limit 1) is true`;
}

/** The market id a `market` filter names, by id or code; 400 for one that does not exist. */
export function marketFilterOf(markets: TMarketDirectory, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const market = markets.byId(value) ?? markets.byCode(value.toLowerCase());
  if (!market) throw commonErrors.validationFailed([{ path: 'query.market', code: 'unknown_market', message: 'No market has this id or code.' }]);
  return market.id;
}

export const marketRefOf = (markets: TMarketDirectory, marketId: string) => {
  const market = markets.get(marketId);
  return { id: market.id, code: market.code, name: market.name };
};

/** Every condition of a search: each word found somewhere, and each filter (the market filter is resolved by searchCustomers). */
export function customerSearchConditions(query: Omit<TCustomerSearchQuery, 'limit' | 'cursor' | 'market'>, cardHolders: TCardHolders = new Map()): SQL[] {
  return [
    ...searchTermsOf(query.q).map((term) => matchesTerm(term, cardHolders)),
    query.type === 'personal' ? eq(customers.accountType, 'individual') : undefined,
    query.type === 'business' ? ne(customers.accountType, 'individual') : undefined,
    query.accountType ? eq(customers.accountType, query.accountType) : undefined,
    query.status ? eq(customers.status, query.status) : undefined,
    query.approval ? eq(customers.approvalStatus, query.approval) : undefined,
    query.locale ? eq(customers.locale, query.locale) : undefined,
    query.consent ? consentGranted(query.consent) : undefined,
    ...createdWithin(customers.createdAt, query.createdFrom, query.createdTo),
  ].filter((condition): condition is SQL => condition !== undefined);
}

/** One page of matching customers, newest first; a query builder, so tests can EXPLAIN it. */
export function customerSearchQuery(db: Database, options: { conditions: SQL[]; after: TCreatedPosition | null; limit: number }) {
  return db
    .select({
      id: customers.id,
      marketId: customers.marketId,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
      accountType: customers.accountType,
      status: customers.status,
      approvalStatus: customers.approvalStatus,
      locale: customers.locale,
      phone: customers.phone,
      mobile: customers.mobile,
      businessName: customers.businessName,
      createdAt: customers.createdAt,
      createdKey: createdKeyOf(customers.createdAt),
      // Subqueries that PostgreSQL runs after the sort, for the page's rows only.
      cardNumber: sql<string | null>`(select mc.number from member_cards mc where mc.customer_id = ${customerId})`,
      companies: sql<{ id: string; name: string }[]>`(select coalesce(json_agg(json_build_object('id', co.id, 'name', co.name) order by co.name, co.id), '[]')
        from company_members cm join companies co on co.id = cm.company_id where cm.customer_id = ${customerId})`,
    })
    .from(customers)
    .where(and(...options.conditions, options.after ? createdBefore(customers.createdAt, customers.id, options.after) : undefined))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(options.limit + 1);
}

/**
 * The back-office search over customers (F6.2). Each search is recorded in the audit log
 * (`customers.searched`, with the words, the filters and how many rows it showed) before its
 * answer leaves: a search whose record fails answers an error and shows nothing. Two statements
 * (three with digits: the card holders first) and no transaction (the read has nothing to keep consistent with the record): at 100,000
 * customers this request is mostly round trips to PostgreSQL.
 */
export async function searchCustomers(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { actor: TStaffPrincipal; query: TCustomerSearchQuery; meta: TRequestMeta },
): Promise<{ items: TCustomerSearchItem[]; nextCursor: string | null }> {
  const { query } = options;
  const after = query.cursor ? decodeCreatedCursor(query.cursor) : null;
  const marketId = marketFilterOf(ctx.markets, query.market);
  const scope = [marketId ? eq(customers.marketId, marketId) : undefined, staffMarketScope(options.actor, customers.marketId)].filter((condition) => condition !== undefined);
  const conditions = [...customerSearchConditions(query, await cardHoldersOf(ctx.db, query.q)), ...scope];
  // A word's customers come from the trigram index, or from the newest customers in creation
  // order when the word is common: PostgreSQL chooses from the index's statistics, of which
  // migration 0013 keeps a thousand samples (with the default hundred it read every customer in
  // order for rare words: 1.3 s at a million).
  const rows = await customerSearchQuery(ctx.db, { conditions, after, limit: query.limit });
  const page = createdPage(rows, query.limit);
  // PGlite and postgres.js both parse the companies' json.
  const items = page.rows.map(({ createdKey: _key, marketId: rowMarket, ...row }) => ({ ...row, market: marketRefOf(ctx.markets, rowMarket) }));
  await recordStaffAudit(ctx.db, {
    staffId: options.actor.staff.id,
    action: 'customers.searched',
    meta: options.meta,
    details: { q: query.q || null, filters: searchFiltersOf(query), resultCount: items.length, nextPage: query.cursor !== undefined },
  });
  return { items, nextCursor: page.nextCursor };
}
