import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZSession, ZSessionIdParams } from './auth.schemas.js';
import { guardWithCustomerSession, signedInCustomer } from './session-authentication.js';
import { listSessions, revokeOtherSessions, revokeSession } from './sessions.service.js';

const tags = ['Sessions'];

export const sessionsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me/sessions', {
      schema: { tags, summary: 'The devices signed in to my account', response: { 200: z.object({ items: z.array(ZSession), nextCursor: z.null() }) } },
      handler: async (request) => {
        const auth = signedInCustomer(request);
        const items = await listSessions(ctx, { customerId: auth.customer.id, currentSessionId: auth.sessionId });
        return { items, nextCursor: null };
      },
    });

    app.delete('/api/me/sessions/:id', {
      schema: { tags, summary: 'Sign out one device (404 when the session is not mine)', params: ZSessionIdParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        const auth = signedInCustomer(request);
        await revokeSession(ctx, { customerId: auth.customer.id, sessionId: request.params.id, meta: requestMeta(request) });
        return reply.status(204).send(null);
      },
    });

    app.delete('/api/me/sessions', {
      schema: { tags, summary: 'Sign out every other device', response: { 204: z.null() } },
      handler: async (request, reply) => {
        const auth = signedInCustomer(request);
        await revokeOtherSessions(ctx, { customerId: auth.customer.id, currentSessionId: auth.sessionId, meta: requestMeta(request) });
        return reply.status(204).send(null);
      },
    });
  };
