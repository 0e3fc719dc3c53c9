import { sql, and, eq, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { companyOrderScope, withinScope } from '../../src/modules/orders/company-order-scope.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { listOrderSummaries } from '../../src/modules/orders/orders.repository.js';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { insertCompany } from '../support/companies.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

// A company with 100,000 orders beside another company's: every page of its history, the
// first or a deep one, must be read from the history index in order (no sort of the whole
// history, no OFFSET, no count). Asserted on the query plan, never on a timing.

const COMPANY_ORDERS = 100_000;
let t: TTestApp;
let fixture: { companyId: string; locationIds: string[]; adminId: string; adminToken: string; client: Awaited<ReturnType<typeof insertSignedInCustomer>>['client'] };

beforeAll(async () => {
  t = await createTestApp();
  const [admin, other] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
  const company = await insertCompany(t, { adminId: admin.id, locations: 2 });
  const elsewhere = await insertCompany(t, { adminId: other.id });
  const [first, second] = company.locationIds as [string, string];
  // Even numbers are the company's (alternating locations); one in ten odd ones another
  // company's. A minute apart, newest first by number.
  await t.ctx.db.execute(sql`insert into orders (id, market_id, external_id, number, channel, placed_at, currency, customer_id, company_id, location_id, status, total)
    select 'ord_' || lpad(g::text, 26, '0'), ${DEFAULT_MARKET_ID}, 'scale-' || g, 'N' || g, 'online', now() - make_interval(mins => g), 'EUR', ${admin.id},
      case when g % 2 = 0 then ${company.companyId} else ${elsewhere.companyId} end,
      case when g % 2 = 1 then ${elsewhere.locationIds[0]!} when g % 4 = 0 then ${first} else ${second} end,
      'open', 100
    from generate_series(1, ${COMPANY_ORDERS * 2}) g
    where g % 2 = 0 or g % 20 = 1`);
  await t.ctx.db.execute(sql`analyze orders`);
  fixture = { companyId: company.companyId, locationIds: company.locationIds, adminId: admin.id, adminToken: admin.token, client: admin.client };
}, 180_000);
afterAll(async () => {
  await t.close();
});

async function planOf(where: SQL, after: { at: Date; id: string } | null): Promise<string> {
  const result = await t.ctx.db.execute(sql`explain ${listOrderSummaries(t.ctx.db, { where, after, limit: 20 })}`);
  return rowsOf<Record<string, string>>(result)
    .map((row) => Object.values(row)[0])
    .join('\n');
}

describe('the history of a company with 100,000 orders', () => {
  it('first and deep pages, and the location filter, read their index in order', async () => {
    const scope = await companyOrderScope(t.ctx.db, { companyId: fixture.companyId, customerId: fixture.adminId });
    const company = withinScope(scope, orders);
    const deep = { at: new Date(Date.now() - 150_000 * 60_000), id: `ord_${'150000'.padStart(26, '0')}` };
    for (const [where, after, index] of [
      [company, null, 'orders_company_history_idx'],
      [company, deep, 'orders_company_history_idx'],
      [and(company, eq(orders.locationId, fixture.locationIds[0]!))!, null, 'orders_location_history_idx'],
    ] as const) {
      const plan = await planOf(where, after);
      expect(plan).toContain(`Index Scan using ${index}`);
      expect(plan).not.toMatch(/\bSort\b/);
    }
  });

  it('GET /api/companies/{companyId}/orders pages newest first, and a deep cursor continues in order', async () => {
    const first = await fixture.client.get(`/api/companies/${fixture.companyId}/orders?limit=5`, { token: fixture.adminToken });
    expect(first.status).toBe(200);
    const page = first.body as { items: { number: string }[]; nextCursor: string };
    expect(page.items.map((item) => item.number)).toEqual(['N2', 'N4', 'N6', 'N8', 'N10']);
    const next = await fixture.client.get(`/api/companies/${fixture.companyId}/orders?limit=3&cursor=${page.nextCursor}`, { token: fixture.adminToken });
    expect((next.body as { items: { number: string }[] }).items.map((item) => item.number)).toEqual(['N12', 'N14', 'N16']);
    const located = await fixture.client.get(`/api/companies/${fixture.companyId}/orders?limit=3&locationId=${fixture.locationIds[1]}`, { token: fixture.adminToken });
    expect((located.body as { items: { number: string }[] }).items.map((item) => item.number)).toEqual(['N2', 'N6', 'N10']);
  });
});
