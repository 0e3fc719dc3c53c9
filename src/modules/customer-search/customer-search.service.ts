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
    })
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
    // A word's customers come from the trigram index, or from the newest customers in order
    // when the word is common; PostgreSQL chooses from the index's statistics (migration 0013
    // keeps a thousand of them). With the default page cost (spinning disks) it read every
    // customer in order for rare words: 1.35 s instead of 0.17 s for "fontai" at a million
    // (EXPLAIN ANALYZE, bench/scale.ts). 1.1 is the usual cost on SSDs; for this search only.
    if (hasWords) await tx.execute(sql`set local random_page_cost = 1.1`);
    const rows = await customerSearchQuery(tx, { conditions, after, limit: query.limit });
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
