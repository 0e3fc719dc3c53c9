import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { createStaffSession } from '../../src/modules/staff/staff-sessions.service.js';
import { createPasswordHasher } from '../../src/platform/crypto/passwords.js';
import { newId } from '../../src/platform/ids.js';
import { FIRST_NAMES, sqlArray, SURNAME_HEADS, SURNAME_TAILS, TRADES } from './generated-names.js';

/** The issue's sizes; BENCH_SCALE_CUSTOMERS, BENCH_SCALE_COMPANIES and BENCH_SCALE_ORDERS override them. */
export const DEFAULT_SCALE_SIZES = { customers: 1_000_000, companies: 100_000, orders: 5_000_000 } as const;
export type TScaleSizes = { customers: number; companies: number; orders: number };

/** Rows per INSERT … SELECT generate_series: big enough to be quick, small enough to show progress. */
const BATCH_ROWS = 250_000;
/** One order in this many belongs to the big company (250,000 of 5,000,000): its history has deep pages. */
const BIG_COMPANY_SHARE = 20;
const PASSWORD = 'correct horse battery staple bench';

export function readScaleSizes(environment: NodeJS.ProcessEnv): TScaleSizes {
  const read = (name: string, fallback: number, least: number) => {
    const raw = environment[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < least) throw new Error(`${name} must be an integer of at least ${least}, got "${raw}"`);
    return value;
  };
  return {
    // The ten savers are customers 3, 5… 21, and the exported ones come from the second half.
    customers: read('BENCH_SCALE_CUSTOMERS', DEFAULT_SCALE_SIZES.customers, 100),
    companies: read('BENCH_SCALE_COMPANIES', DEFAULT_SCALE_SIZES.companies, 10),
    orders: read('BENCH_SCALE_ORDERS', DEFAULT_SCALE_SIZES.orders, 10),
  };
}

/**
 * A PostgreSQL database of the bench's own next to the one DATABASE_URL names, so that no run
 * leaves rows in a database someone else uses; dropped by `drop`.
 */
export async function createBenchDatabase(adminUrl: string, label: 'scale' | 'search'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `comptoir_bench_${label}_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const again = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      try {
        await again.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await again.end({ timeout: 5 });
      }
    },
  };
}

export type TScaleFixture = {
  sizes: TScaleSizes;
  /** Administrator of the big company, with a password: sign-in, /api/me, the company's history. */
  admin: { email: string; password: string };
  bigCompanyId: string;
  bigCompanyOrders: number;
  /** A customer with a company and a few orders: the back office's detail page. */
  detailCustomerId: string;
  /** Customers with a few orders each, one per export (the export allows 5 an hour per customer). */
  exportCustomerIds: string[];
  /** An administrator's session (second factor done): search, detail, export. */
  staffToken: string;
  /** The cursor after 90 % of the big company's history, as the API would give it. */
  deepCursor: string;
  /**
   * Customers with the administrator's password, one per bench connection: each saves their
   * own profile, as many customers do at once (one customer saving ten times at once only
   * queues on their row).
   */
  profileSavers: { email: string; password: string }[];
  /** Seconds spent on each table. */
  generationSeconds: Record<string, number>;
};

/**
 * Customers, companies (half the customers are members, five a company at the issue's sizes),
 * orders (each customer's share, one in twenty for one big company) with a line each, member
 * cards and newsletter consents, all in the default market, generated in SQL with
 * generate_series in batches of 250,000 rows, then analysed.
 */
export async function prepareScaleFixture(options: { databaseUrl: string; sizes: TScaleSizes; log: (message: string) => void }): Promise<TScaleFixture> {
  const { sizes, log } = options;
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: null, poolSize: 2 });
  const generationSeconds: Record<string, number> = {};
  try {
    await migrateDatabase(database);
    const { db } = database;
    const customerId = (g: ReturnType<typeof sql>) => sql`'cus_scl00000000' || lpad((${g})::text, 15, '0')`;
    const companyId = (g: ReturnType<typeof sql>) => sql`'cmp_scl00000000' || lpad((${g})::text, 15, '0')`;
    // The company of customer c, for even c: 1 + (c / 2) % companies (null for odd c).
    const companyOfCustomer = (c: ReturnType<typeof sql>) => sql`case when (${c}) % 2 = 0 then ${companyId(sql`1 + ((${c}) / 2) % ${sizes.companies}`)} end`;
    const timed = async (table: string, total: number, insert: (from: number, to: number) => Promise<unknown>) => {
      const started = Date.now();
      for (let from = 1; from <= total; from += BATCH_ROWS) {
        await insert(from, Math.min(total, from + BATCH_ROWS - 1));
        log(`  ${table}: ${Math.min(total, from + BATCH_ROWS - 1)} / ${total}`);
      }
      generationSeconds[table] = (Date.now() - started) / 1000;
    };
    // Milliseconds only: the history cursor keeps times to the millisecond.
    const epoch = sql`date_trunc('milliseconds', now())`;
    // Loading is several times faster without the secondary indexes (the trigram ones above
    // all): they are dropped here and made again, from their own definitions, once the rows are in.
    const loaded = ['customers', 'companies', 'member_cards', 'consent_records', 'company_members', 'orders', 'order_lines'];
    const indexes = rowsOf<{ name: string; definition: string }>(
      await db.execute(sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
        where i.schemaname = 'public' and i.tablename in ${sql`(${sql.join(loaded.map((table) => sql`${table}`), sql`, `)})`}
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`),
    );
    // A definition leaves out a column's statistics target (migration 0013 gives the customers'
    // trigram index a thousand samples, and the planner's choice of plan for a word rests on them).
    const statisticsTargets = rowsOf<{ index: string; column: number; target: number }>(
      await db.execute(sql`select c.relname as "index", a.attnum as "column", a.attstattarget as "target"
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relname in ${sql`(${sql.join(indexes.map((index) => sql`${index.name}`), sql`, `)})`} and a.attstattarget >= 0`),
    );
    for (const index of indexes) await db.execute(sql`drop index ${sql.identifier(index.name)}`);

    await timed('customers', sizes.customers, (from, to) =>
      db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, first_name, last_name, phone, mobile, account_type, locale, created_at)
        select ${customerId(sql`g`)}, ${DEFAULT_MARKET_ID}, 'client' || g || '@exemple.fr', 'client' || g || '@exemple.fr', now(),
          (${sqlArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}],
          (${sqlArray(SURNAME_HEADS)})[1 + g % ${SURNAME_HEADS.length}] || (${sqlArray(SURNAME_TAILS)})[1 + (g / ${SURNAME_HEADS.length}) % ${SURNAME_TAILS.length}],
          '+331' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0'),
          case when g % 2 = 0 then '+336' || lpad(((g::bigint * 104729) % 100000000)::text, 8, '0') end,
          case when g % 5 = 0 then 'company' else 'individual' end, case when g % 7 = 0 then 'en' else 'fr' end,
          ${epoch} - make_interval(secs => g * 30)
        from generate_series(${from}::int, ${to}::int) g`),
    );
    await timed('member_cards', sizes.customers, (from, to) =>
      db.execute(sql`insert into member_cards (number, customer_id)
        select '29' || lpad(((g::bigint * 7727) % 100000000000)::text, 11, '0'), ${customerId(sql`g`)} from generate_series(${from}::int, ${to}::int) g`),
    );
    await timed('consent_records', sizes.customers, (from, to) =>
      db.execute(sql`insert into consent_records (id, customer_id, purpose, granted, source, notice_version, recorded_at)
        select 'cns_scl00000000' || lpad(g::text, 15, '0'), ${customerId(sql`g`)}, 'newsletter_email', true, 'sign_up', '1', now() - make_interval(secs => g * 30)
        from generate_series(${from}::int, ${to}::int) g where g % 3 = 0`),
    );
    await timed('companies', sizes.companies, (from, to) =>
      db.execute(sql`insert into companies (id, market_id, name, kind, country, siret, siren, vat_number, created_at)
        select ${companyId(sql`g`)}, ${DEFAULT_MARKET_ID},
          (${sqlArray(TRADES)})[1 + g % ${TRADES.length}] || ' ' || (${sqlArray(SURNAME_HEADS)})[1 + (g / ${TRADES.length}) % ${SURNAME_HEADS.length}]
            || (${sqlArray(SURNAME_TAILS)})[1 + (g / ${TRADES.length * SURNAME_HEADS.length}) % ${SURNAME_TAILS.length}],
          'company', 'FR', lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), substr(lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), 1, 9),
          'FR' || lpad((g % 100)::text, 2, '0') || substr(lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), 1, 9), ${epoch} - make_interval(secs => g * 300)
        from generate_series(${from}::int, ${to}::int) g`),
    );
    // The members' search text is filled once below rather than by its trigger row by row.
    await db.execute(sql`alter table company_members disable trigger company_members_search_text`);
    await timed('company_members', sizes.customers, (from, to) =>
      db.execute(sql`insert into company_members (company_id, customer_id, role)
        select ${companyOfCustomer(sql`g`)}, ${customerId(sql`g`)}, case when g % 10 = 0 then 'admin' else 'member' end
        from generate_series(${from}::int, ${to}::int) g where g % 2 = 0`),
    );

    // The big company's administrator: customer 0, with a password, verified.
    const hasher = await createPasswordHasher();
    const adminEmail = 'admin.scale@exemple.fr';
    const adminId = 'cus_scl00000000000000000000000';
    const bigCompanyId = 'cmp_scl00000000000000000000001';
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, password_hash, first_name, last_name, account_type, created_at)
      values (${adminId}, ${DEFAULT_MARKET_ID}, ${adminEmail}, ${adminEmail}, now(), ${await hasher.hash(PASSWORD)}, 'Bench', 'Admin', 'company', ${epoch})`);
    await db.execute(sql`insert into company_members (company_id, customer_id, role) values (${bigCompanyId}, ${adminId}, 'admin')`);

    // Order g: the big company's (placed by its administrator) one in twenty, otherwise customer
    // 1 + g % customers's, for their company if they have one. Newest first: g = 1 is the latest.
    const ownerOf = sql`(1 + g % ${sizes.customers})`;
    await timed('orders', sizes.orders, (from, to) =>
      db.execute(sql`insert into orders (id, market_id, external_id, number, channel, placed_at, currency, customer_id, company_id, status, payment_status, fulfillment_status, total, tax_total)
        select 'ord_scl00000000' || lpad(g::text, 15, '0'), ${DEFAULT_MARKET_ID}, g::text, 'S' || g, case when g % 3 = 0 then 'store' else 'online' end,
          ${epoch} - make_interval(secs => g * 12), 'EUR',
          case when g % ${BIG_COMPANY_SHARE} = 0 then ${adminId} else ${customerId(ownerOf)} end,
          case when g % ${BIG_COMPANY_SHARE} = 0 then ${bigCompanyId} else ${companyOfCustomer(ownerOf)} end,
          case when g % 10 = 0 then 'cancelled' when g % 10 = 1 then 'open' else 'completed' end, 'paid', 'fulfilled', 1000 + g % 50000, 200
        from generate_series(${from}::int, ${to}::int) g`),
    );
    await timed('order_lines', sizes.orders, (from, to) =>
      db.execute(sql`insert into order_lines (id, order_id, position, sku, name, quantity, unit_price, line_total)
        select 'oli_scl00000000' || lpad(g::text, 15, '0'), 'ord_scl00000000' || lpad(g::text, 15, '0'), 1, 'SKU-' || (g % 500), 'Article ' || (g % 500), 1, 1000 + g % 50000, 1000 + g % 50000
        from generate_series(${from}::int, ${to}::int) g`),
    );
    await timed('company_search_text', 1, () =>
      db.execute(sql`update customers c set company_search_text = member.text
        from (select cm.customer_id, string_agg(co.search_text, ' ' order by co.id) as text
              from company_members cm join companies co on co.id = cm.company_id group by cm.customer_id) member
        where c.id = member.customer_id`),
    );
    await db.execute(sql`alter table company_members enable trigger company_members_search_text`);
    const indexing = Date.now();
    for (const index of indexes) await db.execute(sql.raw(index.definition));
    for (const { index, column, target } of statisticsTargets) {
      await db.execute(sql`alter index ${sql.identifier(index)} alter column ${sql.raw(String(column))} set statistics ${sql.raw(String(target))}`);
    }
    generationSeconds.indexes = (Date.now() - indexing) / 1000;
    const analysing = Date.now();
    // Vacuumed as well as analysed, as autovacuum leaves a shop's tables: the pages marked
    // all-visible and the hint bits set, so the first reads do not pay for the load.
    for (const table of ['customers', 'member_cards', 'consent_records', 'companies', 'company_members', 'orders', 'order_lines']) await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
    generationSeconds.vacuumAnalyze = (Date.now() - analysing) / 1000;

    return { ...(await describeScaleFixture(db, sizes)), generationSeconds };
  } finally {
    await database.close();
  }
}

/**
 * A database an earlier run kept (BENCH_KEEP=1), named by BENCH_SCALE_DATABASE: its sizes are
 * read from it and only a new staff session is made, so changes can be measured again in
 * minutes instead of generating the rows anew.
 */
export async function reuseScaleFixture(options: { databaseUrl: string }): Promise<TScaleFixture> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: null, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const { db } = database;
    const countOf = async (table: string) =>
      rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where id like '%scl%'`))[0]!.n;
    // What the last run wrote (saves, sessions, events) is cleaned up as autovacuum would in a
    // shop: the trigram index's pending entries merged, dead rows gone. Autovacuum may be off
    // on a bench machine, and the next search would read those entries again.
    await db.execute(sql`vacuum (analyze) customers, sessions, security_events, webhook_events, staff_sessions, staff_audit_events`);
    // Customer 0 (the big company's administrator) is not one of the generated customers.
    const sizes = { customers: (await countOf('customers')) - 1, companies: await countOf('companies'), orders: await countOf('orders') };
    return { ...(await describeScaleFixture(db, sizes)), generationSeconds: {} };
  } finally {
    await database.close();
  }
}

/** How many customers save their profile at once in `profile_patch`: one per connection. */
const PROFILE_SAVERS = 10;

/** The fixture's known rows, the deep page's cursor and a fresh staff session. */
async function describeScaleFixture(db: Awaited<ReturnType<typeof openDatabase>>['db'], sizes: TScaleSizes): Promise<Omit<TScaleFixture, 'generationSeconds'>> {
    const adminEmail = 'admin.scale@exemple.fr';
    const bigCompanyId = 'cmp_scl00000000000000000000001';
    const bigCompanyOrders = Math.floor(sizes.orders / BIG_COMPANY_SHARE);
    const deepRows = (await db.execute(sql`select to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, id from orders
      where company_id = ${bigCompanyId} order by placed_at desc, id desc offset ${Math.floor(bigCompanyOrders * 0.9)} limit 1`)) as unknown as { at: string; id: string }[];
    const deep = Array.isArray(deepRows) ? deepRows[0] : (deepRows as { rows: { at: string; id: string }[] }).rows[0];
    if (!deep) throw new Error('the big company has no deep page');
    const deepCursor = Buffer.from(JSON.stringify({ t: deep.at, i: deep.id })).toString('base64url');

    // An administrator (second factor done) for search, detail and export.
    const staffId = newId('stf');
    const staffEmail = `bench-scale-admin-${staffId.slice(-6)}@example.com`;
    await db.execute(sql`insert into staff_users (id, email, email_normalized, name, role, status, totp_secret, totp_enabled_at)
      values (${staffId}, ${staffEmail}, ${staffEmail}, 'Bench Scale', 'administrator', 'active', 'JBSWY3DPEHPK3PXP', now())`);
    const session = await createStaffSession(db, { staffId, meta: { ip: '127.0.0.1', userAgent: 'comptoir-bench' } });
    await db.execute(sql`update staff_sessions set second_factor_at = now() where id = ${session.sessionId}`);

    // Customer 2c (c odd) has a company; customers 1 + g % n own the ordinary orders.
    const middle = 2 * Math.floor(sizes.customers / 4);
    const pick = (n: number) => `cus_scl00000000${String(n).padStart(15, '0')}`;
    // Odd customers have no company: their saves touch no member row. Given the administrator's
    // password (its argon2id hash) so they can sign in; the same ones on every run.
    const saverIds = Array.from({ length: PROFILE_SAVERS }, (_, k) => pick(2 * k + 3));
    const saverRows = rowsOf<{ email: string }>(
      await db.execute(sql`update customers set password_hash = (select password_hash from customers where email_normalized = ${adminEmail}), email_verified_at = coalesce(email_verified_at, now())
        where id in ${sql`(${sql.join(saverIds.map((id) => sql`${id}`), sql`, `)})`} returning email`),
    );
    return {
      sizes,
      admin: { email: adminEmail, password: PASSWORD },
      profileSavers: saverRows.map((row) => ({ email: row.email, password: PASSWORD })),
      bigCompanyId,
      bigCompanyOrders,
      detailCustomerId: pick(middle),
      // The export allows 5 an hour per customer: a run on a kept database takes other ones.
      exportCustomerIds: [1, 2, 3, 4, 5].map((k) => pick(middle + 2 * k + 20 * Math.floor(Date.now() / 60_000) % (middle - 20))),
      staffToken: session.token,
      deepCursor,
    };
}
