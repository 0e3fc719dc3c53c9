import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type TDatabaseHandle } from '../../src/db/client.js';
import { migrationsFolder } from '../../src/db/migrate.js';
import { createTestDatabase, type TTestDatabase } from '../support/test-database.js';

// Migration 0010 (markets) on a shop that already has data: every row stays, and every row
// that now belongs to a market belongs to the default one. The database is first brought to
// 0009 only (a copy of the migrations folder with a shorter journal), filled as a one-market
// shop would be, then migrated to the end like an upgrade.

const LAST_BEFORE_MARKETS = '0009_backoffice';

let database: TTestDatabase;
let handle: TDatabaseHandle;
let partialFolder: string;

function migrationsUpTo(tag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'comptoir-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === tag);
  if (last < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

async function migrateWith(folder: string): Promise<void> {
  if (handle.kind === 'pglite') await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder: folder });
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = rowsOf<{ table_name: string }>(
    await handle.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((row) => row.table_name);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = rowsOf<{ count: string | number }>(await handle.db.execute(sql`select count(*) as count from ${sql.identifier(table)}`));
    counts[table] = Number(row?.count ?? 0);
  }
  return counts;
}

/** What a one-market shop holds before markets exist: accounts, a company, orders, documents, keys. */
async function fillOneMarketShop(): Promise<void> {
  const statements = [
    sql`insert into customers (id, email, email_normalized, email_verified_at, first_name, last_name, account_type) values
      ('cus_a', 'Anne@Example.fr', 'anne@example.fr', now(), 'Anne', 'Martin', 'individual'),
      ('cus_b', 'bruno@example.fr', 'bruno@example.fr', null, 'Bruno', 'Petit', 'company'),
      ('cus_c', 'chloe@example.fr', 'chloe@example.fr', now(), 'Chloé', 'Dupré', 'professional')`,
    sql`insert into consent_records (id, customer_id, purpose, granted, source, notice_version) values ('cns_a', 'cus_a', 'newsletter_email', true, 'sign_up', '2024-01')`,
    sql`insert into customer_addresses (id, customer_id, kind, first_name, last_name, line1, postal_code, city, country) values ('adr_a', 'cus_a', 'billing', 'Anne', 'Martin', '1 rue de la Paix', '75002', 'Paris', 'FR')`,
    sql`insert into sessions (id, customer_id, token_hash, absolute_expires_at) values ('ses_a', 'cus_a', 'hash-a', now() + interval '1 day')`,
    sql`insert into member_cards (number, customer_id) values ('2900000000017', 'cus_a')`,
    sql`insert into companies (id, name, kind, country, siret) values ('cmp_a', 'Papeterie du Marché', 'company', 'FR', '73282932000074')`,
    sql`insert into company_members (company_id, customer_id, role) values ('cmp_a', 'cus_b', 'admin')`,
    sql`insert into company_locations (id, company_id, name) values ('loc_a', 'cmp_a', 'Siège')`,
    sql`insert into orders (id, external_id, number, channel, placed_at, currency, customer_id, email, status, total) values
      ('ord_a', 'web-1', 'W-1', 'online', now(), 'EUR', 'cus_a', 'anne@example.fr', 'completed', 1999),
      ('ord_b', 'till-1', 'T-1', 'store', now(), 'EUR', 'cus_a', null, 'completed', 500),
      ('ord_c', 'web-2', 'W-2', 'online', now(), 'EUR', 'cus_b', 'bruno@example.fr', 'open', 12000)`,
    sql`update orders set company_id = 'cmp_a', location_id = 'loc_a' where id = 'ord_c'`,
    sql`insert into order_lines (id, order_id, position, sku, name, quantity, unit_price, line_total) values ('oli_a', 'ord_a', 1, 'SKU-1', 'Carnet', 1, 1999, 1999)`,
    sql`insert into documents (id, kind, number, order_id, customer_id, issued_at, currency, total) values
      ('doc_a', 'invoice', 'F-1', 'ord_a', 'cus_a', now(), 'EUR', 1999),
      ('doc_b', 'credit_note', 'A-1', null, 'cus_a', now(), 'EUR', 500)`,
    sql`insert into api_keys (id, name, display_prefix, secret_hash, scopes) values ('key_a', 'Caisse', 'ck_abcdefghi', 'digest-a', '["orders:write"]'::jsonb)`,
    sql`insert into sku_availability (sku, orderable) values ('SKU-1', true), ('SKU-2', false)`,
    sql`insert into webhook_endpoints (id, url, secret, event_types) values ('whe_a', 'https://erp.example/hooks', 'whsec_x', '["*"]'::jsonb)`,
    sql`insert into webhook_events (id, type, payload, customer_id) values ('evt_a', 'customer.created', '{}'::jsonb, 'cus_a')`,
    sql`insert into staff_users (id, email, email_normalized, name, role, status) values ('stf_a', 'owner@shop.example', 'owner@shop.example', 'Owner', 'owner', 'active')`,
    sql`insert into shop_settings (id, account_approval) values ('shop', 'business')`,
  ];
  for (const statement of statements) await handle.db.execute(statement);
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = await openDatabase({ databaseUrl: database.databaseUrl, dataDir: null, poolSize: 2 });
  partialFolder = migrationsUpTo(LAST_BEFORE_MARKETS);
  await migrateWith(partialFolder);
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
  if (partialFolder) rmSync(partialFolder, { recursive: true, force: true });
});

describe('migration 0010: a one-market shop moves into the default market intact', () => {
  it('keeps every row of every table, puts every customer, company, key, order, document and catalogue row in the default market, and carries the approval setting over', async () => {
    await fillOneMarketShop();
    const before = await rowCounts();
    expect(before.markets).toBeUndefined();

    await migrateWith(migrationsFolder);
    const after = await rowCounts();

    for (const [table, count] of Object.entries(before)) expect({ table, count: after[table] }).toEqual({ table, count });
    expect(after.markets).toBe(1);

    const [market] = rowsOf<{ id: string; code: string; is_default: boolean; account_approval: string; public_url: string | null; b2b_only: boolean | null }>(
      await handle.db.execute(sql`select id, code, is_default, account_approval, public_url, b2b_only from markets`),
    );
    // Settings left null keep following PUBLIC_URL and B2B_ONLY, so nothing changes for the shop.
    expect(market).toEqual({ id: 'mkt_default', code: 'default', is_default: true, account_approval: 'business', public_url: null, b2b_only: null });

    for (const table of ['customers', 'companies', 'api_keys', 'orders', 'documents', 'sku_availability']) {
      const rows = rowsOf<{ market_id: string; count: string | number }>(
        await handle.db.execute(sql`select market_id, count(*) as count from ${sql.identifier(table)} group by market_id`),
      );
      expect({ table, rows: rows.map((row) => ({ market: row.market_id, count: Number(row.count) })) }).toEqual({
        table,
        rows: [{ market: 'mkt_default', count: before[table] }],
      });
    }
    // The shop's endpoints were its one market's: its keys keep managing them.
    const [endpoint] = rowsOf<{ market_id: string | null }>(await handle.db.execute(sql`select market_id from webhook_endpoints`));
    expect(endpoint?.market_id).toBe('mkt_default');
  });

  it('afterwards the same address may have an account in another market, but not two in one', async () => {
    await handle.db.execute(sql`insert into markets (id, code, name, countries, locales, public_url, host) values ('mkt_be', 'be', 'Belgique', '["BE"]', '["fr","en"]', 'https://be.shop.example', 'be.shop.example')`);
    await handle.db.execute(sql`insert into customers (id, market_id, email, email_normalized, first_name, last_name) values ('cus_a_be', 'mkt_be', 'anne@example.fr', 'anne@example.fr', 'Anne', 'Martin')`);
    await expect(
      handle.db.execute(sql`insert into customers (id, market_id, email, email_normalized, first_name, last_name) values ('cus_a_2', 'mkt_default', 'anne@example.fr', 'anne@example.fr', 'Anne', 'Bis')`),
    ).rejects.toThrow();
    await expect(handle.db.execute(sql`insert into customers (id, email, email_normalized, first_name, last_name) values ('cus_x', 'x@example.fr', 'x@example.fr', 'X', 'Y')`)).rejects.toThrow();
  });
});
