import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createOidcClient, getOidcClient, listOidcClients, revokeOidcClient, updateOidcClient } from '../../src/modules/oidc/oidc-clients.service.js';
import { oidcClients, oidcSigningKeys } from '../../src/modules/oidc/oidc.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { hashToken } from '../../src/platform/crypto/tokens.js';
import { AppError } from '../../src/platform/errors/app-error.js';
import { runCli, withCliDatabase } from '../support/company-fixtures.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('OpenID Connect clients (service functions for the back office and the CLI)', () => {
  it('creates a confidential client whose secret is answered once and stored as SHA-256 only', async () => {
    const { client, clientSecret } = await createOidcClient(t.ctx, {
      marketId: DEFAULT_MARKET_ID,
      input: { name: 'Boutique', clientType: 'confidential', redirectUris: ['https://shop.example/cb'] },
    });
    expect(clientSecret).toMatch(/^ocs_[A-Za-z0-9_-]{43}$/);
    expect(client).not.toHaveProperty('secretHash');
    expect(client.allowedScopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
    const [row] = await t.ctx.db.select().from(oidcClients).where(eq(oidcClients.id, client.clientId));
    expect(row?.secretHash).toBe(hashToken(clientSecret!));
  });

  it('lists every bad field at once, and refuses an unknown market', async () => {
    const refusal = await createOidcClient(t.ctx, {
      marketId: DEFAULT_MARKET_ID,
      input: { name: ' ', clientType: 'secret' as never, redirectUris: ['ftp://x', 'https://ok.example/#frag'], allowedScopes: ['email'] as never },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(((refusal as AppError).errors ?? []).map((error) => error.path).sort()).toEqual(['allowedScopes', 'clientType', 'name', 'redirectUris.0', 'redirectUris.1']);
    await expect(
      createOidcClient(t.ctx, { marketId: 'mkt_nowhere', input: { name: 'X', clientType: 'public', redirectUris: ['https://shop.example/cb'] } }),
    ).rejects.toMatchObject({ code: 'validation_failed', errors: [{ path: 'marketId' }] });
  });

  it('updates, lists by market, revokes (twice keeps the first date), and answers 404 outside the market', async () => {
    const { client } = await createOidcClient(t.ctx, { marketId: DEFAULT_MARKET_ID, input: { name: 'App', clientType: 'public', redirectUris: ['https://app.example/cb'] } });
    const updated = await updateOidcClient(t.ctx.db, { clientId: client.clientId, input: { firstParty: true, postLogoutRedirectUris: ['https://app.example/bye'] } });
    expect(updated).toMatchObject({ firstParty: true, postLogoutRedirectUris: ['https://app.example/bye'], name: 'App' });
    expect((await listOidcClients(t.ctx.db, { marketId: DEFAULT_MARKET_ID })).map((listed) => listed.clientId)).toContain(client.clientId);
    await expect(getOidcClient(t.ctx.db, { clientId: client.clientId, marketId: 'mkt_other' })).rejects.toMatchObject({ status: 404 });
    const revoked = await revokeOidcClient(t.ctx.db, { clientId: client.clientId });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect((await revokeOidcClient(t.ctx.db, { clientId: client.clientId })).revokedAt).toEqual(revoked.revokedAt);
    await expect(revokeOidcClient(t.ctx.db, { clientId: 'oic_unknown' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('npx comptoir oidc', () => {
  it('client create prints the client with its secret once, client list never shows it, rotate-keys retires the active key', async () => {
    await withCliDatabase(t, {
      prepare: async (db) => (await db.select({ id: oidcSigningKeys.id }).from(oidcSigningKeys).where(eq(oidcSigningKeys.status, 'active'))).map((key) => key.id),
      command: async (env, activeBefore) => {
        const created = await runCli(['oidc', 'client', 'create', '--name', 'Boutique CLI', '--type', 'confidential', '--redirect-uri', 'https://shop.example/cb', '--first-party'], env);
        expect(created.code).toBe(0);
        const printed = JSON.parse(created.stdout) as { clientId: string; clientSecret: string; market: string; firstParty: boolean };
        expect(printed).toMatchObject({ market: 'default', firstParty: true, clientSecret: expect.stringMatching(/^ocs_/) });
        const listed = await runCli(['oidc', 'client', 'list'], env);
        expect(listed.stdout).toContain(printed.clientId);
        expect(listed.stdout).not.toContain(printed.clientSecret);
        const rotated = await runCli(['oidc', 'rotate-keys'], env);
        expect(rotated.code).toBe(0);
        expect((JSON.parse(rotated.stdout) as { retiredKeyIds: string[] }).retiredKeyIds).toEqual(activeBefore);
        const bad = await runCli(['oidc', 'client', 'create', '--name', 'X', '--type', 'public'], env);
        expect(bad.code).toBe(2);
      },
      check: async (db, activeBefore) => {
        const keys = await db.select().from(oidcSigningKeys);
        expect(keys.filter((key) => key.status === 'active')).toHaveLength(1);
        expect(keys.filter((key) => key.status === 'retired').map((key) => key.id)).toEqual(expect.arrayContaining(activeBefore));
      },
    });
  }, 120_000);
});
