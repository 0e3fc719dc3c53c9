import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companies, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { rowsOf } from '../../src/db/client.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

// The back-office search reads one search document per customer: their own words and, kept by
// triggers (migration 0013), their companies'. Whatever changes a membership or a company must
// change what the search finds. And its two ways of reading (the newest customers in order for
// common words, the trigram index for rarer ones; PostgreSQL chooses) must give the same pages.

let t: TTestApp;
let owner: TStaff;
const customerId = (n: number) => `cus_${String(n).padStart(26, '0')}`;
const companyId = (n: number) => `cmp_${String(n).padStart(26, '0')}`;

// Enough customers that a common word is read in creation order and a rare one from the index.
const CUSTOMERS = 5_000;
const OLDER = 1_000;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  // Customer g was created g minutes ago: customer 1 is the newest. Every third is a "Vermeer";
  // 40 multiples of 100 are "Quenouille".
  await t.ctx.db.execute(sql`insert into customers (id, market_id, email, email_normalized, first_name, last_name, created_at)
    select 'cus_' || lpad(g::text, 26, '0'), ${DEFAULT_MARKET_ID}, 'c' || g || '@exemple.fr', 'c' || g || '@exemple.fr', 'Ana',
      case when g > ${OLDER} and g % 100 = 0 then 'Quenouille' when g % 3 = 0 then 'Vermeer' else 'Lindqvist' end,
      timestamptz '2026-01-01T00:00:00Z' - make_interval(mins => g)
    from generate_series(1, ${CUSTOMERS}) g`);
  await t.ctx.db.execute(sql`analyze customers`);
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function search(q: string, cursor?: string): Promise<{ items: { id: string }[]; nextCursor: string | null }> {
  const query = new URLSearchParams({ q, limit: '50', ...(cursor ? { cursor } : {}) });
  const response = await owner.client.get(`/api/staff/customers?${query}`, { token: owner.token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: { id: string }[]; nextCursor: string | null };
}

async function allPages(q: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await search(q, cursor);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

async function createCompany(n: number, name: string, memberIds: string[]): Promise<void> {
  await t.ctx.db.insert(companies).values({ id: companyId(n), marketId: DEFAULT_MARKET_ID, name, kind: 'company', country: 'FR', siret: `7350${String(n).padStart(10, '0')}` });
  for (const id of memberIds) await t.ctx.db.insert(companyMembers).values({ companyId: companyId(n), customerId: id, role: 'member' });
}

describe('the search document of a customer', () => {
  it('finds members by their company’s name and SIRET as soon as they join, and not before', async () => {
    expect((await search('ferronnerie')).items).toEqual([]);
    await createCompany(1, 'Ferronnerie Aubépine', [customerId(10), customerId(4_500)]);
    expect((await search('ferronnerie aubepine')).items.map((item) => item.id)).toEqual([customerId(10), customerId(4_500)]);
    expect((await search('73500000000001')).items.map((item) => item.id)).toEqual([customerId(10), customerId(4_500)]);
    // A word of the person and a word of the company, together.
    expect((await search('lindqvist ferronnerie')).items.map((item) => item.id)).toEqual([customerId(10)]);
  });

  it('follows a company renamed, a member who leaves and a company deleted', async () => {
    await createCompany(2, 'Tonnellerie Brabant', [customerId(20), customerId(4_700)]);
    await t.ctx.db.update(companies).set({ name: 'Tonnellerie Hainaut' }).where(eq(companies.id, companyId(2)));
    expect((await search('brabant')).items).toEqual([]);
    expect((await search('hainaut')).items.map((item) => item.id)).toEqual([customerId(20), customerId(4_700)]);

    await t.ctx.db.delete(companyMembers).where(eq(companyMembers.customerId, customerId(20)));
    expect((await search('hainaut')).items.map((item) => item.id)).toEqual([customerId(4_700)]);

    await t.ctx.db.delete(companies).where(eq(companies.id, companyId(2)));
    expect((await search('hainaut')).items).toEqual([]);
    const [row] = await t.ctx.db.select({ text: customers.companySearchText }).from(customers).where(eq(customers.id, customerId(4_700)));
    expect(row?.text).toBe('');
  });

  it('keeps the words of every company a customer belongs to', async () => {
    await createCompany(3, 'Cordonnerie Lys', [customerId(30)]);
    await createCompany(4, 'Vitrerie Escaut', [customerId(30)]);
    expect((await search('cordonnerie vitrerie')).items.map((item) => item.id)).toEqual([customerId(30)]);
    // Moved from one company to another by an update of the membership (as a merge does).
    await t.ctx.db.update(companyMembers).set({ companyId: companyId(1) }).where(eq(companyMembers.companyId, companyId(4)));
    expect((await search('vitrerie')).items).toEqual([]);
    expect((await search('ferronnerie cordonnerie')).items.map((item) => item.id)).toEqual([customerId(30)]);
  });
});

describe('the two ways the search reads', () => {
  it('gives a common word’s pages newest first, each customer once, as the full ordering does', async () => {
    const expected = Array.from({ length: CUSTOMERS }, (_, index) => index + 1)
      .filter((g) => g % 3 === 0 && !(g > OLDER && g % 100 === 0))
      .map(customerId);
    // 1,666 customers.
    expect(await allPages('vermeer')).toEqual(expected);
  });

  it('gives a rare word’s pages from the index, in the same order', async () => {
    const expected = Array.from({ length: CUSTOMERS }, (_, index) => index + 1)
      .filter((g) => g > OLDER && g % 100 === 0)
      .map(customerId);
    expect(expected).toHaveLength(40);
    expect(await allPages('quenouille')).toEqual(expected);
  });
});

describe('the upkeep the search relies on (migration 0014)', () => {
  it('keeps the trigram indexes’ pending lists short and has autovacuum visit customers after 1 % of changes', async () => {
    const rows = rowsOf<{ name: string; options: string[] | null }>(
      await t.ctx.db.execute(sql`select relname as name, reloptions as options from pg_class
        where relname in ('customers', 'customers_search_document_trgm_idx', 'companies_search_text_trgm_idx') order by relname`),
    );
    // Every search reads a GIN index's pending list in full: 256 kB at most instead of 4 MB.
    expect(Object.fromEntries(rows.map((row) => [row.name, [...(row.options ?? [])].sort()]))).toEqual({
      companies_search_text_trgm_idx: ['gin_pending_list_limit=256'],
      customers: ['autovacuum_vacuum_insert_scale_factor=0.01', 'autovacuum_vacuum_scale_factor=0.01'],
      customers_search_document_trgm_idx: ['gin_pending_list_limit=256'],
    });
  });
});
