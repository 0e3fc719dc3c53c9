import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopes, scopesAllow } from '../../src/modules/integration/api-key-scopes.js';
import { apiKeys } from '../../src/modules/integration/integration.tables.js';
import { DEFAULT_MARKET_ID, markets } from '../../src/modules/markets/markets.tables.js';
import { insertMarket } from '../support/integration.js';
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
        expect(summary).toMatchObject({
          name: 'Caisse Lyon 2',
          scopes: ['customers:read', 'orders:write'],
          displayPrefix: key.slice(0, 12),
          revokedAt: null,
          marketId: DEFAULT_MARKET_ID,
          market: 'default',
        });

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

  it('create --market CODE makes a key of that market; list names each key’s market', async () => {
    await withCliDatabase(t, {
      prepare: async (db) => insertMarket(db, { code: 'cli-be' }),
      command: async (env) => {
        const created = await runCli(['api-key', 'create', '--name', 'Caisse Bruxelles', '--scopes', 'orders:write', '--market', 'cli-be'], env);
        expect(created.code).toBe(0);
        expect(created.stderr).toContain('cli-be');
        const fallback = await runCli(['api-key', 'create', '--name', 'ERP', '--scopes', 'orders:read'], env);
        expect(fallback.code).toBe(0);
        const listed = JSON.parse((await runCli(['api-key', 'list'], env)).stdout) as { name: string; marketId: string; market: string }[];
        expect(listed.map(({ name, marketId, market }) => ({ name, marketId, market })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
          { name: 'Caisse Bruxelles', marketId: 'mkt_cli-be', market: 'cli-be' },
          { name: 'ERP', marketId: DEFAULT_MARKET_ID, market: 'default' },
        ]);
      },
      check: async (db, market) => {
        const rows = await db.select().from(apiKeys).where(eq(apiKeys.marketId, market.id));
        expect(rows.map((row) => row.name)).toEqual(['Caisse Bruxelles']);
        await db.delete(apiKeys);
        await db.delete(markets).where(eq(markets.id, market.id));
      },
    });
  });

  it('create --market with an unknown code names the known markets (exit 2), creating nothing', async () => {
    await withCliDatabase(t, {
      prepare: async () => undefined,
      command: async (env) => {
        const unknown = await runCli(['api-key', 'create', '--name', 'ERP', '--scopes', 'orders:write', '--market', 'atlantide'], env);
        expect(unknown.code).toBe(2);
        expect(unknown.stdout).toBe('');
        expect(unknown.stderr).toContain('unknown market "atlantide"');
        expect(unknown.stderr).toContain('the markets are default');
      },
      check: async (db) => {
        expect(await db.select().from(apiKeys)).toHaveLength(0);
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

describe('GET /openapi.json', () => {
  it('documents every store integration route with the API-key security scheme, no other route with it, and staff routes with their own scheme', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json() as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
      components: { securitySchemes: Record<string, { scheme?: string }> };
    };
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    const integration = operations.filter((entry) => entry.path.startsWith('/api/integration/'));
    // Orders, catalog, returns, documents and their PDF, payment methods, customers, cards, webhooks.
    expect(integration.length).toBeGreaterThanOrEqual(20);
    for (const { path, method, operation } of integration) expect(operation.security, `${method.toUpperCase()} ${path}`).toEqual([{ apiKey: [] }]);
    for (const { path, method, operation } of operations.filter((entry) => !entry.path.startsWith('/api/integration/'))) {
      expect(JSON.stringify(operation.security ?? []), `${method.toUpperCase()} ${path}`).not.toContain('apiKey');
    }
    // Staff routes name their own scheme: a customer's session is never a staff session.
    expect(document.components.securitySchemes.staffSession).toMatchObject({ type: 'http', scheme: 'bearer' });
    const staffOperations = operations.filter((entry) => entry.path.startsWith('/api/staff/'));
    // Only the set-up link and the password step are reached without a staff session.
    const open = staffOperations.filter((entry) => !entry.operation.security).map((entry) => entry.path);
    expect([...new Set(open)].sort()).toEqual(['/api/staff/auth/login', '/api/staff/setup']);
    const staffSecured = staffOperations.filter((entry) => entry.operation.security);
    expect(staffSecured.length).toBeGreaterThanOrEqual(40);
    for (const { path, method, operation } of staffSecured) expect(operation.security, `${method.toUpperCase()} ${path}`).toEqual([{ staffSession: [] }]);
  });

  it('an integration route refuses a missing key, a customer session token and a revoked key with 401, a key without the scope with 403', async () => {
    const { createApiKey, revokeApiKey } = await import('../../src/modules/integration/api-keys.service.js');
    const readOnly = await createApiKey(t.ctx.db, { name: 'lecture', scopes: ['customers:read'] });
    const revoked = await createApiKey(t.ctx.db, { name: 'ancienne caisse', scopes: ['orders:write'] });
    await revokeApiKey(t.ctx.db, revoked.apiKey.id);
    const post = (authorization?: string) =>
      t.app.inject({ method: 'POST', url: '/api/integration/orders', headers: authorization ? { authorization } : {}, payload: {} });
    expect((await post()).json()).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await post(`Bearer ${revoked.key}`)).json()).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect((await post('Bearer not-a-key')).json()).toMatchObject({ status: 401, code: 'invalid_api_key' });
    const forbidden = (await post(`Bearer ${readOnly.key}`)).json() as { status: number; code: string; detail: string };
    expect(forbidden).toMatchObject({ status: 403, code: 'missing_scope' });
    expect(forbidden.detail).toContain('orders:write');
  });
});
