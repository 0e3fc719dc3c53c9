import type { FastifyInstance } from 'fastify';
import type { TAppContext } from '../../context.js';
import { requireApiKey } from './api-key-authentication.js';
import type { TApiKeyScope } from './api-key-scopes.js';
import { registerIdempotency } from './idempotency.js';

/** The OpenAPI security requirement of every /api/integration route. */
export const integrationSecurity = [{ apiKey: [] }];

/**
 * Makes a plugin's routes store integration routes (F7.2): each declares its scope in
 * `config: { scope: 'orders:write' }`, and a route without one fails closed. The key is checked
 * when the request arrives (onRequest), before any body is read, so a caller without a key
 * cannot make the server buffer a 10 MB upload; Idempotency-Key handling follows, once the key
 * is known.
 */
export function guardStoreIntegration(app: FastifyInstance, ctx: Pick<TAppContext, 'db' | 'rateLimiter'>): void {
  app.addHook('onRequest', async (request) => {
    const scope = (request.routeOptions.config as { scope?: TApiKeyScope }).scope;
    if (!scope) throw new Error('integration route without a scope');
    await requireApiKey(ctx, scope)(request);
  });
  registerIdempotency(app, ctx);
}
