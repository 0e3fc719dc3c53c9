import { and, asc, between, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { memberCards } from '../cards/cards.tables.js';
import { companies, companyMembers } from '../companies/companies.tables.js';
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

/**
 * How many of the newest customers (after the cursor) are read in order before a search falls
 * back to the words' id sets. A word that matches one customer in 200 fills a page of 20 within
 * them; rarer words have small id sets, which the trigram index finds quickly. Common words are
 * the costly case for id sets: "camille" is 80,000 customers of a million to sort.
 */
export const RECENT_WINDOW_ROWS = 4_000;

/** The columns a search page shows, from the customers table or the recent window over it. */
function customerSearchColumns(source: Pick<typeof customers, 'id' | 'marketId' | 'email' | 'firstName' | 'lastName' | 'accountType' | 'status' | 'approvalStatus' | 'locale' | 'phone' | 'mobile' | 'businessName' | 'createdAt'>) {
  return {
    id: source.id,
    marketId: source.marketId,
    email: source.email,
    firstName: source.firstName,
    lastName: source.lastName,
    accountType: source.accountType,
    status: source.status,
    approvalStatus: source.approvalStatus,
    locale: source.locale,
    phone: source.phone,
    mobile: source.mobile,
    businessName: source.businessName,
    createdAt: source.createdAt,
    createdKey: createdKeyOf(source.createdAt),
  };
}

/**
 * The newest RECENT_WINDOW_ROWS customers after the cursor, read by the created_at index, and
 * of those the ones that match, newest first. When it
 * yields `limit + 1` rows, they are exactly the page the full search would give.
 */
export function recentWindowSearchQuery(db: Database, options: { conditions: SQL[]; after: TCreatedPosition | null; limit: number }) {
  // Named "customers", so the conditions written for the table read the window's rows.
  const window = db
    .select()
    .from(customers)
    .where(options.after ? createdBefore(customers.createdAt, customers.id, options.after) : undefined)
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(RECENT_WINDOW_ROWS)
    .as('customers');
  return db
    .select(customerSearchColumns(window))
    .from(window)
    .where(and(...options.conditions))
    .orderBy(desc(window.createdAt), desc(window.id))
    .limit(options.limit + 1);
}

/** One page of matching customers, newest first; a query builder, so tests can EXPLAIN it. */
export function customerSearchQuery(db: Database, options: { conditions: SQL[]; after: TCreatedPosition | null; limit: number }) {
  return db
    .select(customerSearchColumns(customers))
    .from(customers)
    .where(and(...options.conditions, options.after ? createdBefore(customers.createdAt, customers.id, options.after) : undefined))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(options.limit + 1);
}

/** Read for the page only, after the sort: not for every customer a common word matched. */
async function cardsOf(db: Database, customerIds: string[]): Promise<Map<string, string>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.select({ customerId: memberCards.customerId, number: memberCards.number }).from(memberCards).where(inArray(memberCards.customerId, customerIds));
  return new Map(rows.map((row) => [row.customerId, row.number]));
}

async function companiesOf(db: Database, customerIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const byCustomer = new Map<string, { id: string; name: string }[]>();
  if (customerIds.length === 0) return byCustomer;
  const rows = await db
    .select({ customerId: companyMembers.customerId, id: companies.id, name: companies.name })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(inArray(companyMembers.customerId, customerIds))
    .orderBy(asc(companies.name), asc(companies.id));
  for (const row of rows) {
    const list = byCustomer.get(row.customerId) ?? [];
    list.push({ id: row.id, name: row.name });
    byCustomer.set(row.customerId, list);
  }
  return byCustomer;
}

/**
 * The back-office search over customers (F6.2). Each search is recorded in the audit log
 * (`customers.searched`, with the words, the filters and how many rows it showed) in the same
 * transaction as the read: no search goes unrecorded.
 */
export async function searchCustomers(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { actor: TStaffPrincipal; query: TCustomerSearchQuery; meta: TRequestMeta },
): Promise<{ items: TCustomerSearchItem[]; nextCursor: string | null }> {
  const { query } = options;
  const after = query.cursor ? decodeCreatedCursor(query.cursor) : null;
  const marketId = marketFilterOf(ctx.markets, query.market);
  const scope = [marketId ? eq(customers.marketId, marketId) : undefined, staffMarketScope(options.actor, customers.marketId)].filter((condition) => condition !== undefined);
  const hasWords = searchTermsOf(query.q).length > 0;
  return ctx.db.transaction(async (tx) => {
    const conditions = [...customerSearchConditions(query, await cardHoldersOf(tx, query.q)), ...scope];
    // Words first try the newest customers in order: common words fill the page there.
    const recent = hasWords ? await recentWindowSearchQuery(tx, { conditions, after, limit: query.limit }) : [];
    let rows = recent;
    if (recent.length <= query.limit) {
      // Rarer words: the customers the trigram index finds, then sorted. PostgreSQL's guess of
      // how many customers a word has is often far off, and reading every customer in order for a
      // word it thought common took 1.3 s at a million: once the window has shown the words are
      // rare, the index is the plan, whatever the guess (for this transaction only).
      if (hasWords) await tx.execute(sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)`);
      rows = await customerSearchQuery(tx, { conditions, after, limit: query.limit });
    }
    const page = createdPage(rows, query.limit);
    const pageIds = page.rows.map((row) => row.id);
    const [memberships, cards] = [await companiesOf(tx, pageIds), await cardsOf(tx, pageIds)];
    const items = page.rows.map(({ createdKey: _key, marketId: rowMarket, ...row }) => ({
      ...row,
      market: marketRefOf(ctx.markets, rowMarket),
      companies: memberships.get(row.id) ?? [],
      cardNumber: cards.get(row.id) ?? null,
    }));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'customers.searched',
      meta: options.meta,
      details: { q: query.q || null, filters: searchFiltersOf(query), resultCount: items.length, nextPage: query.cursor !== undefined },
    });
    return { items, nextCursor: page.nextCursor };
  });
}
