import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { customerSearchConditions, customerSearchQuery } from '../../src/modules/customer-search/customer-search.service.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

// The back-office search over 100,000 customers (10,000 companies, a card each): a word of
// three characters or more must be looked up in the trigram index, not by reading every
// customer. Asserted on the query plan, never on a timing.

const CUSTOMERS = 100_000;
const COMPANIES = 10_000;
let t: TTestApp;
let owner: TStaff;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  const { db } = t.ctx;
  await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, first_name, last_name, phone, account_type, locale, created_at)
    select 'cus_' || lpad(g::text, 26, '0'), ${DEFAULT_MARKET_ID}, 'client' || g || '@exemple.fr', 'client' || g || '@exemple.fr', now(),
      (array['Camille', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Gabriel', 'Inès'])[1 + g % 8],
      (array['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'])[1 + g % 10],
      '+336' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
      case when g % 5 = 0 then 'company' else 'individual' end, case when g % 7 = 0 then 'en' else 'fr' end,
      now() - make_interval(mins => g)
    from generate_series(1, ${CUSTOMERS}) g`);
  await db.execute(sql`insert into member_cards (number, customer_id) select '29' || lpad(g::text, 11, '0'), 'cus_' || lpad(g::text, 26, '0') from generate_series(1, ${CUSTOMERS}) g`);
  await db.execute(sql`insert into companies (id, market_id, name, kind, country, siret, created_at)
    select 'cmp_' || lpad(g::text, 26, '0'), ${DEFAULT_MARKET_ID}, 'Société ' || g, 'company', 'FR', lpad((g * 104729)::text, 14, '0'), now() - make_interval(mins => g)
    from generate_series(1, ${COMPANIES}) g`);
  await db.execute(sql`insert into company_members (company_id, customer_id, role)
    select 'cmp_' || lpad((g / 10)::text, 26, '0'), 'cus_' || lpad(g::text, 26, '0'), 'member' from generate_series(10, ${COMPANIES * 10 - 1}, 10) g`);
  // The needles: one customer and one company that a fragment finds among all the others.
  await db.execute(sql`update customers set first_name = 'Zéphyrine', last_name = 'Quintavalle' where id = 'cus_' || lpad('4242', 26, '0')`);
  await db.execute(sql`update companies set name = 'Boulangerie Dupré' where id = 'cmp_' || lpad('777', 26, '0')`);
  await db.execute(sql`analyze customers`);
  await db.execute(sql`analyze companies`);
  await db.execute(sql`analyze company_members`);
  await db.execute(sql`analyze member_cards`);
}, 300_000);
afterAll(async () => {
  await t.close();
});

async function planOf(query: { toSQL(): unknown }): Promise<string> {
  const result = await t.ctx.db.execute(sql`explain ${query}`);
  return rowsOf<Record<string, string>>(result)
    .map((row) => Object.values(row)[0])
    .join('\n');
}

describe('the back-office search over 100,000 customers', () => {
  it('looks a word of three characters or more up in the customers’ trigram index', async () => {
    for (const q of ['quintav', 'ZÉPHYR', 'zephyrine quintavalle', 'dupré']) {
      const plan = await planOf(customerSearchQuery(t.ctx.db, { conditions: customerSearchConditions({ q }), after: null, limit: 20 }));
      expect(plan, `${q}\n${plan}`).toContain('Bitmap Index Scan on customers_search_document_trgm_idx');
      expect(plan, `${q}\n${plan}`).not.toContain('Seq Scan on customers');
    }
  });

  it('GET /api/staff/companies finds a company by a fragment of its name or SIRET among 10,000', async () => {
    // 10,000 companies fit in a few hundred pages: there the planner may rightly read them all
    // rather than the trigram index; the customers' side above is what must never be scanned.
    for (const q of ['DUPR', `${(777 * 104729).toString().padStart(14, '0').slice(0, 6)} ${(777 * 104729).toString().padStart(14, '0').slice(6)}`]) {
      const response = await owner.client.get(`/api/staff/companies?q=${encodeURIComponent(q)}`, { token: owner.token });
      expect((response.body as { items: { id: string; memberCount: number }[] }).items, q).toEqual([
        expect.objectContaining({ id: `cmp_${'777'.padStart(26, '0')}`, memberCount: 1 }),
      ]);
    }
  });

  it('reads a filtered list without words in creation order from its index, without sorting every customer', async () => {
    const plan = await planOf(customerSearchQuery(t.ctx.db, { conditions: customerSearchConditions({ locale: 'en' }), after: null, limit: 20 }));
    expect(plan).toContain('customers_created_at_idx');
    expect(plan).not.toContain('Seq Scan on customers');
  });

  it('GET /api/staff/customers finds the needle by name, company, phone and card among 100,000', async () => {
    const search = async (q: string) => {
      const response = await owner.client.get(`/api/staff/customers?q=${encodeURIComponent(q)}`, { token: owner.token });
      expect(response.status).toBe(200);
      return (response.body as { items: { id: string; companies: { name: string }[] }[] }).items;
    };
    const needle = `cus_${'4242'.padStart(26, '0')}`;
    expect((await search('quintav')).map((item) => item.id)).toEqual([needle]);
    // Company n's one member is customer 10 n.
    const bakers = await search('DUPRE');
    expect(bakers.map((item) => item.id)).toEqual([`cus_${'7770'.padStart(26, '0')}`]);
    expect(bakers[0]!.companies).toEqual([expect.objectContaining({ name: 'Boulangerie Dupré' })]);
    const phone = String((4242 * 7919) % 100_000_000).padStart(8, '0');
    expect((await search(`06 ${phone.replace(/(\d\d)(?=\d)/g, '$1 ')}`)).map((item) => item.id)).toEqual([needle]);
    expect((await search(`29${'4242'.padStart(11, '0')}`)).map((item) => item.id)).toEqual([needle]);
    const page = await owner.client.get('/api/staff/customers?locale=en&type=business&limit=100', { token: owner.token });
    expect((page.body as { items: unknown[] }).items).toHaveLength(100);
  });
});
