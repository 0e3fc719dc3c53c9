import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import { guardStoreIntegration } from '../integration/store-integration.js';
import type { TApiKeyScope } from '../integration/api-key-scopes.js';
import { getDelivery, listDeliveries, replayDelivery } from './webhook-deliveries.service.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './webhook-endpoints.service.js';
import {
  ZCreateWebhookBody,
  ZDeliveriesQuery,
  ZDeliveryIdParams,
  ZUpdateWebhookBody,
  ZWebhookDelivery,
  ZWebhookDeliveryDetail,
  ZWebhookEndpoint,
  ZWebhookEndpointWithSecret,
  ZWebhookIdParams,
} from './webhooks.schemas.js';

const tags = ['Store integration: webhooks'];
const security = [{ apiKey: [] }];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const writeHeaders = z.object({ 'idempotency-key': z.string().optional().describe('Retry a write safely: the same key and body get the same answer for 24 h.') });
const read = { scope: 'webhooks:read' satisfies TApiKeyScope };
const write = { scope: 'webhooks:write' satisfies TApiKeyScope };

/** Store integration (F7.3): webhook endpoints of the key's market, their delivery log, and replay. */
export const webhooksRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.post('/api/integration/webhooks', {
      config: write,
      schema: {
        tags,
        security,
        headers: writeHeaders,
        summary: 'Subscribe a URL to the key’s market’s events; the answer holds its signing secret, shown this once',
        description:
          'Deliveries follow Standard Webhooks: a JSON `{ type, timestamp, data }` POSTed with `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` then the base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64-decoded secret after `whsec_`). A 2xx answer within 10 s is a success; otherwise retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Redirects are not followed. The endpoint belongs to the key’s market: it is sent that market’s events only, and their `data` carries `marketId`.',
        body: ZCreateWebhookBody,
        response: { 201: ZWebhookEndpointWithSecret, ...errors },
      },
      handler: async (request, reply) => reply.status(201).send(await createWebhookEndpoint(ctx.db, { marketId: requestApiMarketId(request), body: request.body })),
    });

    app.get('/api/integration/webhooks', {
      config: read,
      schema: { tags, security, summary: 'The key’s market’s webhook endpoints (never their secrets)', response: { 200: z.object({ items: z.array(ZWebhookEndpoint), nextCursor: z.null() }), ...errors } },
      handler: async (request) => ({ items: await listWebhookEndpoints(ctx.db, requestApiMarketId(request)), nextCursor: null }),
    });

    app.get('/api/integration/webhooks/:id', {
      config: read,
      schema: { tags, security, summary: 'One webhook endpoint', params: ZWebhookIdParams, response: { 200: ZWebhookEndpoint, ...errors } },
      handler: async (request) => getWebhookEndpoint(ctx.db, { marketId: requestApiMarketId(request), id: request.params.id }),
    });

    app.patch('/api/integration/webhooks/:id', {
      config: write,
      schema: {
        tags,
        security,
        headers: writeHeaders,
        summary: 'Change a webhook endpoint’s URL, events, description, or enable or disable it',
        params: ZWebhookIdParams,
        body: ZUpdateWebhookBody,
        response: { 200: ZWebhookEndpoint, ...errors },
      },
      handler: async (request) => updateWebhookEndpoint(ctx.db, { marketId: requestApiMarketId(request), id: request.params.id, changes: request.body }),
    });

    app.delete('/api/integration/webhooks/:id', {
      config: write,
      schema: { tags, security, headers: writeHeaders, summary: 'Delete a webhook endpoint and its delivery log', params: ZWebhookIdParams, response: { 204: z.null(), ...errors } },
      handler: async (request, reply) => {
        await deleteWebhookEndpoint(ctx.db, { marketId: requestApiMarketId(request), id: request.params.id });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/integration/webhooks/:id/rotate-secret', {
      config: write,
      schema: {
        tags,
        security,
        headers: writeHeaders,
        summary: 'Replace the signing secret; the old one stops at once. The answer holds the new secret, shown this once',
        params: ZWebhookIdParams,
        response: { 200: ZWebhookEndpointWithSecret, ...errors },
      },
      handler: async (request) => rotateWebhookSecret(ctx.db, { marketId: requestApiMarketId(request), id: request.params.id }),
    });

    app.get('/api/integration/webhooks/:id/deliveries', {
      config: read,
      schema: {
        tags,
        security,
        summary: 'The delivery log of an endpoint, newest first',
        params: ZWebhookIdParams,
        querystring: ZDeliveriesQuery,
        response: { 200: z.object({ items: z.array(ZWebhookDelivery), nextCursor: z.string().nullable() }), ...errors },
      },
      handler: async (request) => listDeliveries(ctx.db, { marketId: requestApiMarketId(request), endpointId: request.params.id, ...request.query }),
    });

    app.get('/api/integration/webhook-deliveries/:deliveryId', {
      config: read,
      schema: {
        tags,
        security,
        summary: 'One delivery: the body sent and every attempt (time, status code, error, duration, first 1 KB of the answer)',
        params: ZDeliveryIdParams,
        response: { 200: ZWebhookDeliveryDetail, ...errors },
      },
      handler: async (request) => getDelivery(ctx.db, { marketId: requestApiMarketId(request), deliveryId: request.params.deliveryId }),
    });

    app.post('/api/integration/webhook-deliveries/:deliveryId/replay', {
      config: write,
      schema: {
        tags,
        security,
        headers: writeHeaders,
        summary: 'Send a delivery again now, whatever its status; one more attempt is logged',
        params: ZDeliveryIdParams,
        response: { 202: ZWebhookDelivery, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(202).send(await replayDelivery(ctx.db, { marketId: requestApiMarketId(request), deliveryId: request.params.deliveryId })),
    });
  };
