import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import { guardStoreIntegration, integrationSecurity as security } from '../integration/store-integration.js';
import {
  ZIntegrationContribution,
  ZIntegrationContributionBody,
  ZIntegrationGift,
  ZIntegrationPurchaseBody,
  ZPublicRegistry,
  ZRegistryCodeParams,
} from './registries.schemas.js';
import { findRegistryForStore, recordRegistryContribution, recordRegistryPurchase } from './registry-gifts.service.js';
import { toPublicRegistry } from './registry-visitors.service.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const tags = ['Store integration: gift registries'];
const ZWriteHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retrying with the same key and body answers the same; another body: 409.'),
});

/** The store reports what it sold and the payments it took for a registry (F5.6): it takes the payments. */
export const registriesIntegrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.get('/api/integration/registries/:code', {
      config: { scope: 'registries:read' },
      schema: {
        tags,
        security,
        summary: 'A registry of the key’s market by code, whatever its visibility or status: its items and what is left to give',
        params: ZRegistryCodeParams,
        response: { 200: ZPublicRegistry, 401: problem, 403: problem, 404: problem },
      },
      handler: async (request) => toPublicRegistry(ctx, await findRegistryForStore(ctx.db, { code: request.params.code, marketId: requestApiMarketId(request) })),
    });

    app.post('/api/integration/registries/:code/purchases', {
      config: { scope: 'registries:write' },
      schema: {
        tags,
        security,
        summary: 'Report a purchase of a registry item: turns the visitor’s reservation into a purchase, or records a purchase made without one',
        description:
          '201 recorded; 200 when this order was already reported for this item (counted once). 409 item_fully_reserved when a purchase without reservation finds nothing left; 409 gift_not_reserved, 422 quantity_mismatch for a reservation already bought or cancelled, or of another quantity.',
        headers: ZWriteHeaders,
        params: ZRegistryCodeParams,
        body: ZIntegrationPurchaseBody,
        response: { 200: ZIntegrationGift, 201: ZIntegrationGift, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
      },
      handler: async (request, reply) => {
        const { gift, created } = await recordRegistryPurchase(ctx, { code: request.params.code, marketId: requestApiMarketId(request), body: request.body });
        const { hasEmail: _hidden, ...answer } = gift;
        return reply.status(created ? 201 : 200).send(answer);
      },
    });

    app.post('/api/integration/registries/:code/contributions', {
      config: { scope: 'registries:write' },
      schema: {
        tags,
        security,
        summary: 'Report a payment towards the registry’s fund (the owner is emailed): 201, or 200 when this payment was already reported',
        description: '422 fund_disabled for a registry without a fund; 422 currency_mismatch for another currency than the market’s.',
        headers: ZWriteHeaders,
        params: ZRegistryCodeParams,
        body: ZIntegrationContributionBody,
        response: { 200: ZIntegrationContribution, 201: ZIntegrationContribution, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
      },
      handler: async (request, reply) => {
        const { contribution, created } = await recordRegistryContribution(ctx, { code: request.params.code, marketId: requestApiMarketId(request), body: request.body });
        const { hasEmail: _hidden, ...answer } = contribution;
        return reply.status(created ? 201 : 200).send(answer);
      },
    });
  };
