import type { FastifyRequest } from 'fastify';
import type { TAppContext } from '../../context.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { scopesAllow, type TApiKeyScope } from './api-key-scopes.js';
import { authenticateApiKey } from './api-keys.service.js';
import { integrationErrors } from './integration.errors.js';
import type { TApiKeyRow } from './integration.tables.js';

/** The key of the request; `marketId` is the market every integration route acts in (F1.8). */
export type TRequestApiKey = Pick<TApiKeyRow, 'id' | 'name' | 'scopes' | 'marketId'>;

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: TRequestApiKey | null;
  }
}

/** Wrong keys per IP: 256-bit keys cannot be guessed, but a scanner should still be slowed. */
const badKeysPerIp: TRateRule = { name: 'api_key_fail_ip', limit: 30, windowSeconds: 15 * 60 };

/**
 * A preHandler for /api/integration routes: a live API key with `scope` (a write scope also
 * grants reading). Customers' session tokens are not API keys and get 401 here.
 */
export function requireApiKey(ctx: Pick<TAppContext, 'db' | 'rateLimiter'>, scope: TApiKeyScope) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const presented = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const apiKey = presented ? await authenticateApiKey(ctx.db, presented) : null;
    if (!apiKey) {
      const decision = await ctx.rateLimiter.hit(badKeysPerIp, request.ip);
      if (!decision.allowed) throw commonErrors.rateLimited(decision.retryAfterSeconds);
      throw integrationErrors.invalidApiKey();
    }
    if (!scopesAllow(apiKey.scopes, scope)) throw integrationErrors.missingScope(scope);
    request.apiKey = { id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes, marketId: apiKey.marketId };
  };
}

/** The API key of a route guarded by requireApiKey. */
export function requestApiKey(request: FastifyRequest): TRequestApiKey {
  if (!request.apiKey) throw integrationErrors.invalidApiKey();
  return request.apiKey;
}

/**
 * The market a store integration request acts in: its API key's, never the Host or a field of
 * the body. Its customers, companies, orders and documents are the only ones the request sees.
 */
export function requestApiMarketId(request: FastifyRequest): string {
  return requestApiKey(request).marketId;
}
