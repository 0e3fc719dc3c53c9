import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { signedInStaff } from '../staff/staff-authentication.js';
import { createStoreApiKey, listStoreApiKeys, revokeStoreApiKey } from './store-api-keys.service.js';
import {
  createApiKeyBodySchema,
  denied,
  integrationProblem as problem,
  integrationSecurity as security,
  integrationTags as tags,
  ZApiKeyIdParams,
  ZStoreApiKey,
  ZStoreApiKeyCreated,
} from './store-integrations.schemas.js';

/** Store API keys (`/api/integration`), as `npx comptoir api-key create|list|revoke` manage them. */
export const storeApiKeysRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/staff/integrations/api-keys', {
      schema: {
        tags,
        security,
        summary: 'The store API keys of the caller’s markets, newest first: name, market, scopes, prefix, dates; never a key',
        response: { 200: z.object({ items: z.array(ZStoreApiKey) }), ...denied },
      },
      handler: async (request) => ({ items: await listStoreApiKeys(ctx, { actor: signedInStaff(request) }) }),
    });

    app.post('/api/staff/integrations/api-keys', {
      schema: {
        tags,
        security,
        summary: 'Create a store API key of one market; the answer holds the key, shown this once (audited integration.api_key_created)',
        description: 'Every bad field is listed at once (400): name (1–100 characters), marketId (a market the caller works in), scopes (at least one).',
        body: createApiKeyBodySchema(ctx),
        response: { 201: ZStoreApiKeyCreated, 400: problem, ...denied },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await createStoreApiKey(ctx, { actor: signedInStaff(request), meta: requestMeta(request), body: request.body })),
    });

    app.post('/api/staff/integrations/api-keys/:keyId/revoke', {
      schema: {
        tags,
        security,
        summary: 'Revoke a store API key at once; revoking twice keeps the first date (audited integration.api_key_revoked)',
        params: ZApiKeyIdParams,
        response: { 200: ZStoreApiKey, ...denied, 404: problem },
      },
      handler: async (request) => revokeStoreApiKey(ctx, { actor: signedInStaff(request), meta: requestMeta(request), keyId: request.params.keyId }),
    });
  };
