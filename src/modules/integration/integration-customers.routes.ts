import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from './api-key-authentication.js';
import { guardStoreIntegration } from './store-integration.js';
import type { TApiKeyScope } from './api-key-scopes.js';
import {
  ZCardHolder,
  ZCardNumberParams,
  ZCustomerIdParams,
  ZCustomerLookupQuery,
  ZCustomerSummary,
} from './integration-customers.schemas.js';
import { findCustomers, getCardHolder, getCustomerSummary } from './integration-customers.service.js';

const tags = ['Store integration: customers'];
const security = [{ apiKey: [] }];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const errors = { 400: problem, 401: problem, 403: problem, 404: problem };
const read = { scope: 'customers:read' satisfies TApiKeyScope };

/** Store integration: customers by id, address or member card (a till scans the card), in the key's market only. */
export const integrationCustomersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.get('/api/integration/customers', {
      config: read,
      schema: {
        tags,
        security,
        summary: 'Find the customer of an address or of a member card number (exactly one of the two) in the key’s market',
        description: 'Zero or one item. A card number whose check digit does not match is 400 `invalid_card_number`: it was misread or mistyped.',
        querystring: ZCustomerLookupQuery,
        response: { 200: z.object({ items: z.array(ZCustomerSummary), nextCursor: z.null() }), ...errors },
      },
      handler: async (request) => ({ items: await findCustomers(ctx.db, { ...request.query, marketId: requestApiMarketId(request) }), nextCursor: null }),
    });

    app.get('/api/integration/customers/:customerId', {
      config: read,
      schema: { tags, security, summary: 'One customer of the key’s market (404 for any other)', params: ZCustomerIdParams, response: { 200: ZCustomerSummary, ...errors } },
      handler: async (request) => getCustomerSummary(ctx.db, { marketId: requestApiMarketId(request), customerId: request.params.customerId }),
    });

    app.get('/api/integration/cards/:number', {
      config: read,
      schema: {
        tags,
        security,
        summary: 'The holder of a member card (400 invalid_card_number on a bad check digit, 404 when nobody of the key’s market holds it)',
        params: ZCardNumberParams,
        response: { 200: ZCardHolder, ...errors },
      },
      handler: async (request) => getCardHolder(ctx.db, { marketId: requestApiMarketId(request), number: request.params.number }),
    });
  };
