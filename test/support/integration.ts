import { randomUUID } from 'node:crypto';
import type { TApiKeyScope } from '../../src/modules/integration/api-key-scopes.js';
import { createApiKey } from '../../src/modules/integration/api-keys.service.js';
import type { Database } from '../../src/db/client.js';
import { DEFAULT_MARKET_ID, markets } from '../../src/modules/markets/markets.tables.js';
import { apiClient, type TTestApp } from './test-app.js';

/**
 * A live API key with these scopes, as `npx comptoir api-key create` would print it, of the
 * default market unless told otherwise.
 */
export async function newApiKey(t: TTestApp, scopes: TApiKeyScope[], name = 'test till', marketId = DEFAULT_MARKET_ID): Promise<string> {
  const { key } = await createApiKey(t.ctx.db, { name, scopes, marketId });
  return key;
}

type TStoreCallOptions = { idempotencyKey?: string | null; headers?: Record<string, string> };

/**
 * The shop's systems calling /api/integration with an API key. Writes carry a fresh
 * Idempotency-Key unless told otherwise (`idempotencyKey: null` sends none).
 */
export function storeClient(t: TTestApp, key: string) {
  const client = apiClient(t.app);
  const headersFor = (options: TStoreCallOptions = {}, write = false) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...options.headers };
    const idempotencyKey = options.idempotencyKey === undefined ? (write ? randomUUID() : null) : options.idempotencyKey;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    return { headers };
  };
  return {
    get: (url: string, options?: TStoreCallOptions) => client.get(url, headersFor(options)),
    post: (url: string, body: unknown, options?: TStoreCallOptions) => client.post(url, body, headersFor(options, true)),
    put: (url: string, body: unknown, options?: TStoreCallOptions) => client.put(url, body, headersFor(options, true)),
    patch: (url: string, body: unknown, options?: TStoreCallOptions) => client.patch(url, body, headersFor(options, true)),
    delete: (url: string, options?: TStoreCallOptions) => client.delete(url, headersFor(options, true)),
  };
}

export type TStoreClient = ReturnType<typeof storeClient>;

/**
 * A second market written straight into the database (the back office's market pages are
 * tested on their own), with its own host. Reload `t.ctx.markets` after it when the running
 * app must know it.
 */
export async function insertMarket(db: Database, options: { code: string; country?: string }): Promise<{ id: string; code: string; host: string }> {
  const id = `mkt_${options.code}`;
  const host = `${options.code}.comptoir.test`;
  await db.insert(markets).values({
    id,
    code: options.code,
    name: `Boutique ${options.code.toUpperCase()}`,
    countries: [options.country ?? 'BE'],
    locales: ['fr', 'en'],
    publicUrl: `https://${host}`,
    host,
  });
  return { id, code: options.code, host };
}
