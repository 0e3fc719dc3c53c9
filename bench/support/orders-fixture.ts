import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { createApiKey } from '../../src/modules/integration/api-keys.service.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { createPasswordHasher } from '../../src/platform/crypto/passwords.js';

export type TOrdersFixture = {
  companyId: string;
  locationIds: [string, string];
  admin: { email: string; password: string };
  /** orders:write, for the ingestion scenario. */
  apiKey: string;
  orderCount: number;
};

const PASSWORD = 'correct horse battery staple bench';
const COLLEAGUES = 20;

/**
 * A company of the default market with `orderCount` orders (one line each) over about two
 * years, placed by twenty colleagues at two locations, written straight into the database
 * before the server starts (PGlite lets one process hold its folder). Generated in SQL with
 * generate_series: the point is reading a large history, not the speed of writing it.
 */
export async function prepareOrdersFixture(options: { databaseUrl: string | null; dataDir: string | null; orderCount: number }): Promise<TOrdersFixture> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const { db } = database;
    const run = randomBytes(4).toString('hex');
    const hasher = await createPasswordHasher();
    const email = `bench-admin-${run}@example.com`;
    const companyId = `cmp_bench${run}${'0'.repeat(13)}`;
    const locationIds: [string, string] = [`loc_bench${run}a${'0'.repeat(12)}`, `loc_bench${run}b${'0'.repeat(12)}`];
    const customerId = (n: number) => `cus_bench${run}${String(n).padStart(13, '0')}`;
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, password_hash, first_name, last_name, account_type)
      values (${customerId(0)}, ${DEFAULT_MARKET_ID}, ${email}, ${email}, now(), ${await hasher.hash(PASSWORD)}, 'Bench', 'Admin', 'company')`);
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, first_name, last_name, account_type)
      select 'cus_bench' || ${run} || lpad(g::text, 13, '0'), ${DEFAULT_MARKET_ID}, 'bench-' || ${run} || '-' || g || '@example.com', 'bench-' || ${run} || '-' || g || '@example.com', now(), 'Colleague', g::text, 'company'
      from generate_series(1, ${COLLEAGUES}) g`);
    await db.execute(sql`insert into companies (id, market_id, name, kind, country) values (${companyId}, ${DEFAULT_MARKET_ID}, ${`Bench ${run} SAS`}, 'company', 'FR')`);
    await db.execute(sql`insert into company_locations (id, company_id, name) values (${locationIds[0]}, ${companyId}, 'Siège'), (${locationIds[1]}, ${companyId}, 'Entrepôt')`);
    await db.execute(sql`insert into company_members (company_id, customer_id, role)
      select ${companyId}, 'cus_bench' || ${run} || lpad(g::text, 13, '0'), case when g = 0 then 'admin' else 'member' end from generate_series(0, ${COLLEAGUES}) g`);
    await db.execute(sql`insert into orders (id, market_id, external_id, number, channel, placed_at, currency, customer_id, email, company_id, location_id, status, payment_status, fulfillment_status, total, tax_total)
      select 'ord_' || substr(md5(${run} || g::text), 1, 26), ${DEFAULT_MARKET_ID}, ${run} || '-' || g, 'B' || g, case when g % 3 = 0 then 'store' else 'online' end,
        now() - make_interval(mins => g * 10), 'EUR', 'cus_bench' || ${run} || lpad((g % ${COLLEAGUES + 1})::text, 13, '0'), null,
        ${companyId}, case when g % 2 = 0 then ${locationIds[0]} else ${locationIds[1]} end,
        case when g % 10 = 0 then 'cancelled' when g % 10 = 1 then 'open' else 'completed' end, 'paid', 'fulfilled', 1000 + g % 50000, 200
      from generate_series(1, ${options.orderCount}) g`);
    await db.execute(sql`insert into order_lines (id, order_id, position, sku, name, quantity, unit_price, line_total)
      select 'oli_' || substr(md5('l' || ${run} || g::text), 1, 26), 'ord_' || substr(md5(${run} || g::text), 1, 26), 1, 'SKU-' || (g % 500), 'Article ' || (g % 500), 1, 1000 + g % 50000, 1000 + g % 50000
      from generate_series(1, ${options.orderCount}) g`);
    await db.execute(sql`analyze orders`);
    await db.execute(sql`analyze order_lines`);
    const { key } = await createApiKey(db, { name: `bench ${run}`, scopes: ['orders:write'], marketId: DEFAULT_MARKET_ID });
    return { companyId, locationIds, admin: { email, password: PASSWORD }, apiKey: key, orderCount: options.orderCount };
  } finally {
    await database.close();
  }
}
