import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { signedInStaff } from '../staff/staff-authentication.js';
import { ZWebhookDelivery } from '../webhooks/webhooks.schemas.js';
import {
  createWebhookBodySchema,
  denied,
  integrationProblem as problem,
  integrationSecurity as security,
  integrationTags as tags,
  ZEndpointDeliveryParams,
  ZEndpointIdParams,
  ZStaffDeliveriesQuery,
  ZStaffWebhookEndpoint,
  ZStaffWebhookEndpointWithSecret,
  ZUpdateStaffWebhookBody,
  ZWebhookDeliveryLog,
} from './store-integrations.schemas.js';
import {
  createStaffWebhookEndpoint,
  deleteStaffWebhookEndpoint,
  listStaffDeliveryLog,
  listStaffWebhookEndpoints,
  replayStaffDelivery,
  rotateStaffWebhookSecret,
  sendStaffTestEvent,
  updateStaffWebhookEndpoint,
} from './store-webhooks.service.js';

const unknown = { ...denied, 404: problem };

/** Webhook endpoints (F7.3) of the caller's markets, and of every market for staff of every market. */
export const storeWebhooksRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });

    app.get('/api/staff/integrations/webhooks', {
      schema: {
        tags,
        security,
        summary: 'The webhook endpoints the caller may manage, oldest first (never their secrets)',
        response: { 200: z.object({ items: z.array(ZStaffWebhookEndpoint) }), ...denied },
      },
      handler: async (request) => ({ items: await listStaffWebhookEndpoints(ctx, { actor: signedInStaff(request) }) }),
    });

    app.post('/api/staff/integrations/webhooks', {
      schema: {
        tags,
        security,
        summary: 'Subscribe a URL to a market’s events (marketId null: every market’s); the answer holds the signing secret, shown this once (audited)',
        description:
          'Every bad field is listed at once (400): url (absolute http(s)), eventTypes (known types or `["*"]`), marketId (a market the caller works in; null only for staff of every market, else `market_required`). The secret is stored as is, because it must sign each delivery; it is shown only here and at rotation.',
        body: createWebhookBodySchema(ctx),
        response: { 201: ZStaffWebhookEndpointWithSecret, 400: problem, ...denied },
      },
      handler: async (request, reply) => reply.status(201).send(await createStaffWebhookEndpoint(ctx, { ...action(request), body: request.body })),
    });

    app.patch('/api/staff/integrations/webhooks/:endpointId', {
      schema: {
        tags,
        security,
        summary: 'Change an endpoint’s URL, events or description, or enable or disable it (audited)',
        params: ZEndpointIdParams,
        body: ZUpdateStaffWebhookBody,
        response: { 200: ZStaffWebhookEndpoint, 400: problem, ...unknown },
      },
      handler: async (request) => updateStaffWebhookEndpoint(ctx, { ...action(request), endpointId: request.params.endpointId, changes: request.body }),
    });

    app.delete('/api/staff/integrations/webhooks/:endpointId', {
      schema: { tags, security, summary: 'Delete an endpoint and its delivery log (audited)', params: ZEndpointIdParams, response: { 204: z.null(), ...unknown } },
      handler: async (request, reply) => {
        await deleteStaffWebhookEndpoint(ctx, { ...action(request), endpointId: request.params.endpointId });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/staff/integrations/webhooks/:endpointId/rotate-secret', {
      schema: {
        tags,
        security,
        summary: 'Replace the signing secret: the next attempt is signed with the new one, shown this once (audited)',
        params: ZEndpointIdParams,
        response: { 200: ZStaffWebhookEndpointWithSecret, ...unknown },
      },
      handler: async (request) => rotateStaffWebhookSecret(ctx, { ...action(request), endpointId: request.params.endpointId }),
    });

    app.get('/api/staff/integrations/webhooks/:endpointId/deliveries', {
      schema: {
        tags,
        security,
        summary: 'The endpoint’s delivery log, newest first: status, attempts, HTTP status, response time and first 1 KB of the last answer, next retry',
        params: ZEndpointIdParams,
        querystring: ZStaffDeliveriesQuery,
        response: { 200: ZWebhookDeliveryLog, 400: problem, ...unknown },
      },
      handler: async (request) => listStaffDeliveryLog(ctx, { actor: signedInStaff(request), endpointId: request.params.endpointId, ...request.query }),
    });

    app.post('/api/staff/integrations/webhooks/:endpointId/deliveries/:deliveryId/replay', {
      schema: {
        tags,
        security,
        summary: 'Send a failed delivery once more, now; the attempt is logged (audited). 409 delivery_not_failed otherwise',
        params: ZEndpointDeliveryParams,
        response: { 202: ZWebhookDelivery, ...unknown, 409: problem },
      },
      handler: async (request, reply) =>
        reply.status(202).send(await replayStaffDelivery(ctx, { ...action(request), endpointId: request.params.endpointId, deliveryId: request.params.deliveryId })),
    });

    app.post('/api/staff/integrations/webhooks/:endpointId/test', {
      schema: {
        tags,
        security,
        summary: 'Send a `webhook.test` event to this endpoint only; the worker delivers it like any other and it shows in the log (audited)',
        params: ZEndpointIdParams,
        response: { 202: ZWebhookDelivery, ...unknown },
      },
      handler: async (request, reply) => reply.status(202).send(await sendStaffTestEvent(ctx, { ...action(request), endpointId: request.params.endpointId })),
    });
  };
