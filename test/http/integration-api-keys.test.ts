import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopes, scopesAllow } from '../../src/modules/integration/api-key-scopes.js';
import { apiKeys } from '../../src/modules/integration/integration.tables.js';
import { runCli, withCliDatabase } from '../support/company-fixtures.js';
import { rowsOf } from '../../src/db/client.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('scopes', () => {
  it('accepts <resource>:read|write, lists the rest as unknown, and lets write include read', () => {
    expect(parseScopes('orders:write, customers:read orders:write')).toEqual({ scopes: ['customers:read', 'orders:write'], unknown: [] });
    expect(parseScopes('orders:admin,invoices:read,orders,orders:read:x').unknown).toEqual(['orders:admin', 'invoices:read', 'orders', 'orders:read:x']);
    expect(scopesAllow(['orders:write'], 'orders:read')).toBe(true);
    expect(scopesAllow(['orders:read'], 'orders:write')).toBe(false);
    expect(scopesAllow(['customers:write'], 'orders:read')).toBe(false);
  });
});

describe('npx comptoir api-key', () => {
  it('create prints the key alone on stdout; only its digest is stored; list never shows it; revoke stops it', async () => {
    await withCliDatabase(t, {
      prepare: async () => undefined,
      command: async (env) => {
        const created = await runCli(['api-key', 'create', '--name', 'Caisse Lyon 2', '--scopes', 'orders:write,customers:read'], env);
        expect(created.code).toBe(0);
        expect(created.stdout).toMatch(/^ck_[A-Za-z0-9_-]{43}\n$/);
        const key = created.stdout.trim();
        expect(created.stderr).not.toContain(key);

        const listed = await runCli(['api-key', 'list'], env);
        expect(listed.code).toBe(0);
        expect(listed.stdout).not.toContain(key);
        expect(listed.stdout).not.toContain(key.slice(12));
        const [summary] = JSON.parse(listed.stdout) as { id: string; name: string; scopes: string[]; displayPrefix: string; revokedAt: string | null }[];
        expect(summary).toMatchObject({ name: 'Caisse Lyon 2', scopes: ['customers:read', 'orders:write'], displayPrefix: key.slice(0, 12), revokedAt: null });

        const revoked = await runCli(['api-key', 'revoke', '--id', summary!.id], env);
        expect(revoked.code).toBe(0);
        expect(JSON.parse(revoked.stdout)).toMatchObject({ id: summary!.id, revokedAt: expect.any(String) });
      },
      check: async (db) => {
        const rows = await db.select().from(apiKeys);
        expect(rows).toHaveLength(1);
        const [row] = rows;
        expect(row!.revokedAt).toBeInstanceOf(Date);
        // No column of the table holds the key itself.
        const [{ text } = { text: '' }] = rowsOf<{ text: string }>(await db.execute(sql`select row_to_json(api_keys)::text as text from api_keys`));
        expect(text).toContain(row!.secretHash);
        expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
        expect(text).not.toMatch(/ck_[A-Za-z0-9_-]{43}/);
        await db.delete(apiKeys).where(eq(apiKeys.id, row!.id));
      },
    });
  });

  it('refuses unknown scopes and missing options with the usage (exit 2), creating nothing', async () => {
    await withCliDatabase(t, {
      prepare: async () => undefined,
      command: async (env) => {
        const unknown = await runCli(['api-key', 'create', '--name', 'ERP', '--scopes', 'orders:write,invoices:delete'], env);
        expect(unknown.code).toBe(2);
        expect(unknown.stdout).toBe('');
        expect(unknown.stderr).toContain('unknown scope(s)');
        expect(unknown.stderr).toContain('invoices:delete');
        const nameless = await runCli(['api-key', 'create', '--scopes', 'orders:write'], env);
        expect(nameless.code).toBe(2);
        const unknownKey = await runCli(['api-key', 'revoke', '--id', 'key_nope'], env);
        expect(unknownKey.code).toBe(1);
        expect(unknownKey.stderr).toContain('No API key has this id');
      },
      check: async (db) => {
        expect(await db.select().from(apiKeys)).toHaveLength(0);
      },
    });
  });
});
