import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { exportSections, notExportedTables, pseudonymisers } from '../../src/modules/privacy/privacy.registry.js';
import { createFilledCustomer } from '../support/personal-data.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Every table of the public schema that holds a customer's rows: `customer_id`, plus `customers`. */
async function tablesWithCustomerData(): Promise<string[]> {
  const result = await t.ctx.db.execute<{ table_name: string }>(sql`
    select distinct c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (c.column_name = 'customer_id' or c.table_name = 'customers')
    order by c.table_name`);
  return rowsOf<{ table_name: string }>(result).map((row) => row.table_name);
}

/** Tables whose `customer_id` references customers with ON DELETE CASCADE. */
async function tablesCascadingFromCustomers(): Promise<Set<string>> {
  const result = await t.ctx.db.execute<{ table_name: string }>(sql`
    select cl.relname as table_name from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_class ref on ref.oid = con.confrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    where con.contype = 'f' and ref.relname = 'customers' and con.confdeltype = 'c' and ns.nspname = 'public'`);
  return new Set(rowsOf<{ table_name: string }>(result).map((row) => row.table_name));
}

describe('the export covers every table with customer data', () => {
  it('GET /api/me/export: every table with a customer_id column (and customers) is in a registered section or listed as not exported, with a reason', async () => {
    const covered = new Set(exportSections.flatMap((section) => section.tables));
    const excluded = new Map(notExportedTables.map((entry) => [entry.table, entry.reason]));
    const tables = await tablesWithCustomerData();
    expect(tables).toContain('customers');
    expect(tables).toContain('customer_addresses');
    const missing = tables.filter((table) => !covered.has(table) && !excluded.has(table));
    expect(missing, `tables with customer data in no export section and not listed in notExportedTables (src/modules/privacy/privacy.registry.ts): ${missing.join(', ')}`).toEqual([]);
    for (const table of tables.filter((name) => excluded.has(name))) {
      expect(excluded.get(table)!.length, `${table} needs a reason for being left out`).toBeGreaterThan(20);
    }
  });

  it('the registry names only tables that exist, never one both exported and excluded, and every section explains its processing', async () => {
    const result = await t.ctx.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const existing = new Set(rowsOf<{ table_name: string }>(result).map((row) => row.table_name));
    const named = [...exportSections.flatMap((section) => section.tables), ...notExportedTables.map((entry) => entry.table)];
    expect(named.filter((table) => !existing.has(table))).toEqual([]);
    const exported = new Set(exportSections.flatMap((section) => section.tables));
    expect(notExportedTables.filter((entry) => exported.has(entry.table))).toEqual([]);
    const keys = exportSections.map((section) => section.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const section of exportSections) {
      expect(section.processing.purposes.length, section.key).toBeGreaterThan(0);
      expect(section.processing.recipients.length, section.key).toBeGreaterThan(0);
      expect(section.processing.legalBasis, section.key).toMatch(/art\. 6/i);
      expect(section.processing.retention.length, section.key).toBeGreaterThan(10);
    }
  });

  it('DELETE /api/me: every table with a customer_id column either cascades from customers, is pseudonymised, or is erased explicitly', async () => {
    const cascading = await tablesCascadingFromCustomers();
    const pseudonymised = new Set(pseudonymisers.flatMap((entry) => entry.tables));
    // outbound_emails has no foreign key (platform code knows no module): the erasure deletes
    // its rows itself; account_erasures is the erasure's own record, without personal data.
    const erasedExplicitly = new Set(['customers', 'outbound_emails', 'account_erasures']);
    const tables = await tablesWithCustomerData();
    const left = tables.filter((table) => !cascading.has(table) && !pseudonymised.has(table) && !erasedExplicitly.has(table));
    expect(left, `tables an erasure would leave behind: ${left.join(', ')}`).toEqual([]);
  });
});

/** The column naming a row: `id`, or for a membership table keyed (other_id, customer_id) the other key column. */
async function rowKeyColumnOf(table: string): Promise<string> {
  const result = await t.ctx.db.execute<{ column_name: string }>(sql`
    select a.attname as column_name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary and a.attname <> 'customer_id'
    order by a.attname = 'id' desc, a.attnum limit 1`);
  const column = rowsOf<{ column_name: string }>(result)[0]?.column_name;
  if (!column) throw new Error(`${table} has no key column besides customer_id`);
  return column;
}

async function columnsOf(table: string): Promise<Set<string>> {
  const result = await t.ctx.db.execute<{ column_name: string }>(
    sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${table}`,
  );
  return new Set(rowsOf<{ column_name: string }>(result).map((row) => row.column_name));
}

/**
 * A child table without a customer column (a thread's messages, a list's items) belongs to the
 * customer through its foreign key to a parent that has one: that key and the parent's table.
 */
async function parentLinkOf(table: string): Promise<{ column: string; parent: string }> {
  const result = await t.ctx.db.execute<{ column_name: string; parent: string }>(sql`
    select a.attname as column_name, ref.relname as parent from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_class ref on ref.oid = con.confrelid
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
    join information_schema.columns c on c.table_schema = 'public' and c.table_name = ref.relname and c.column_name = 'customer_id'
    where con.contype = 'f' and cl.relname = ${table} and array_length(con.conkey, 1) = 1
    order by a.attnum limit 1`);
  const [link] = rowsOf<{ column_name: string; parent: string }>(result);
  if (!link) throw new Error(`${table} has no customer column and no foreign key to a table that has one`);
  return { column: link.column_name, parent: link.parent };
}

/**
 * The ids of a customer's rows in a table: by `customer_id` (`id` of `customers` itself), by
 * `account_id` (the OpenID Connect provider's objects), or through the parent row.
 */
async function rowIdsOf(table: string, customerId: string): Promise<string[]> {
  const key = await rowKeyColumnOf(table);
  const columns = await columnsOf(table);
  const direct = table === 'customers' ? 'id' : columns.has('customer_id') ? 'customer_id' : columns.has('account_id') ? 'account_id' : null;
  const result = direct
    ? await t.ctx.db.execute<{ id: string }>(
        sql`select ${sql.identifier(key)} as id from ${sql.identifier(table)} where ${sql.identifier(direct)} = ${customerId} order by 1`,
      )
    : await (async () => {
        const link = await parentLinkOf(table);
        return t.ctx.db.execute<{ id: string }>(sql`
          select child.${sql.identifier(key)} as id from ${sql.identifier(table)} child
          join ${sql.identifier(link.parent)} parent on parent.id = child.${sql.identifier(link.column)}
          where parent.customer_id = ${customerId} order by 1`);
      })();
  return rowsOf<{ id: string }>(result).map((row) => row.id);
}

/** Every value of the table's secret columns for this customer, which must never be exported. */
async function secretsOf(customerId: string): Promise<string[]> {
  const result = await t.ctx.db.execute<{ secret: string }>(sql`
    select password_hash as secret from customers where id = ${customerId} and password_hash is not null
    union all select token_hash from sessions where customer_id = ${customerId}
    union all select token_hash from email_tokens where customer_id = ${customerId}
    union all select data->>'passwordHash' from email_tokens where customer_id = ${customerId} and data ? 'passwordHash'
    union all select token_hash from unsubscribe_tokens where customer_id = ${customerId}
    union all select code_hash from login_codes where customer_id = ${customerId}
    union all select salt from login_codes where customer_id = ${customerId}`);
  return rowsOf<{ secret: string }>(result).map((row) => row.secret);
}

describe('the export holds every row of the customer, and only theirs', () => {
  it('GET /api/me/export: each row of every exported table appears for its owner, none of another customer, and no secret', async () => {
    const [owner, other] = [await createFilledCustomer(t), await createFilledCustomer(t)];
    const response = await owner.client.get('/api/me/export', { token: owner.token });
    expect(response.status).toBe(200);
    const text = response.raw.body;
    const document = JSON.parse(text) as { customerId: string; sections: Record<string, unknown> };
    expect(document.customerId).toBe(owner.customerId);

    for (const section of exportSections) {
      expect(document.sections, `section ${section.key}`).toHaveProperty(section.key);
      const json = JSON.stringify(document.sections[section.key]);
      for (const table of section.tables) {
        const mine = await rowIdsOf(table, owner.customerId);
        expect(mine.length, `the test fills ${table} (add it to test/support/personal-data.ts)`).toBeGreaterThan(0);
        for (const id of mine) expect(json, `${table} row ${id} in section ${section.key}`).toContain(id);
        for (const id of await rowIdsOf(table, other.customerId)) expect(text, `${table} row ${id} of another customer`).not.toContain(id);
      }
    }
    for (const value of Object.values(other.markers)) expect(text).not.toContain(value);
    const secrets = await secretsOf(owner.customerId);
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|tokenHash|codeHash|argon2/);
  });
});
