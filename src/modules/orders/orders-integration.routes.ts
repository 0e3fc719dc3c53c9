import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import { guardStoreIntegration } from '../integration/store-integration.js';
import { getIntegrationOrder, ingestOrder } from './order-ingestion.service.js';
import {
  ZIngestOrderBody,
  ZIntegrationOrder,
  ZIntegrationOrderParams,
  ZIntegrationReturn,
  ZIntegrationReturnsQuery,
  ZReturnParams,
  ZSkuAvailability,
  ZSkuAvailabilityBody,
  ZSkuParams,
  ZUpdateReturnBody,
} from './orders-integration.schemas.js';
import { orderListResponse, ZProblem } from './orders.schemas.js';
import { setSkuAvailability } from './reorder.service.js';
import { listReturnsForStore, updateReturnByStore } from './returns-integration.service.js';

const tags = ['Store integration'];
const security = [{ apiKey: [] }];
const writeHeaders = z.object({
  'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, another body: 409 idempotency_key_reused.'),
});
const authProblems = { 401: ZProblem, 403: ZProblem };

/** Store integration (F7.2): orders and receipts, catalog availability, returns; each in the key's market only (F1.8). */
export const ordersIntegrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.post('/api/integration/orders', {
      config: { scope: 'orders:write' },
      schema: {
        tags,
        security,
        summary: 'Create or replace an online order or a till receipt by (channel, externalId) in the key’s market: 201 created, 200 updated',
        description:
          'The customer is found by customerId, member card number or email in the key’s market (another market’s customer or company is refused as an unknown one); an address with no account there gets a guest account of that market the person can claim. ' +
          'Lines match by position; a line a return points at cannot be removed (409 lines_have_returns). ' +
          'Names that do not fit are all listed: 422 customer_not_found, company_not_found, location_not_in_company, customer_not_in_company.',
        headers: writeHeaders,
        body: ZIngestOrderBody,
        response: { 200: ZIntegrationOrder, 201: ZIntegrationOrder, 400: ZProblem, ...authProblems, 409: ZProblem, 422: ZProblem },
      },
      handler: async (request, reply) => {
        const { created, order } = await ingestOrder(ctx, { marketId: requestApiMarketId(request), body: request.body });
        return reply.status(created ? 201 : 200).send(order);
      },
    });

    app.get('/api/integration/orders/:orderId', {
      config: { scope: 'orders:read' },
      schema: {
        tags,
        security,
        summary: 'An order as the store pushed it, with its line ids and quantities returned so far',
        params: ZIntegrationOrderParams,
        response: { 200: ZIntegrationOrder, ...authProblems, 404: ZProblem },
      },
      handler: async (request) => getIntegrationOrder(ctx, { marketId: requestApiMarketId(request), orderId: request.params.orderId }),
    });

    app.put('/api/integration/catalog/:sku', {
      config: { scope: 'catalog:write' },
      schema: {
        tags,
        security,
        summary: 'Say whether a SKU can still be ordered in the key’s market; reorder leaves out those that cannot (a SKU never mentioned can)',
        headers: writeHeaders,
        params: ZSkuParams,
        body: ZSkuAvailabilityBody,
        response: { 200: ZSkuAvailability, 400: ZProblem, ...authProblems },
      },
      handler: async (request) => setSkuAvailability(ctx, { marketId: requestApiMarketId(request), sku: request.params.sku, orderable: request.body.orderable }),
    });

    app.get('/api/integration/returns', {
      config: { scope: 'returns:read' },
      schema: {
        tags,
        security,
        summary: 'Return requests on the key’s market’s orders, newest first, optionally of one status',
        querystring: ZIntegrationReturnsQuery,
        response: { 200: orderListResponse(ZIntegrationReturn), 400: ZProblem, ...authProblems },
      },
      handler: async (request) => listReturnsForStore(ctx, { ...request.query, marketId: requestApiMarketId(request) }),
    });

    app.patch('/api/integration/returns/:returnId', {
      config: { scope: 'returns:write' },
      schema: {
        tags,
        security,
        summary: 'Move a return on (requested → approved | refused → … → refunded) and/or set the note the customer reads; the customer is emailed a new status',
        headers: writeHeaders,
        params: ZReturnParams,
        body: ZUpdateReturnBody,
        response: { 200: ZIntegrationReturn, 400: ZProblem, ...authProblems, 404: ZProblem, 409: ZProblem },
      },
      handler: async (request) =>
        updateReturnByStore(ctx, {
          marketId: requestApiMarketId(request),
          returnId: request.params.returnId,
          status: request.body.status,
          storeNote: request.body.storeNote,
        }),
    });
  };
