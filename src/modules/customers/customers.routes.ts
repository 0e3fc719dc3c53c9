import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { decodeCursor, pageOf, ZListQuery } from '../../platform/http/pagination.js';
import { listEmailsOfCustomer } from '../../platform/mail/outbox.js';
import { ZCustomer } from '../auth/auth.schemas.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { toPublicCustomer } from './customers.service.js';
import { updateProfileBodySchema } from './profile.schemas.js';
import { updateProfile } from './profile.service.js';

const tags = ['My account'];

const ZEmailHistoryItem = z.object({
  id: z.string(),
  template: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

export const customersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me', {
      schema: { tags, summary: 'The signed-in customer', response: { 200: ZCustomer } },
      handler: async (request) => toPublicCustomer(signedInCustomer(request).customer, ctx.config),
    });

    app.patch('/api/me', {
      schema: {
        tags,
        summary: 'Change my profile: only the fields given change; every invalid field is listed at once',
        body: updateProfileBodySchema(ctx.config.shopCountry),
        response: { 200: ZCustomer },
      },
      handler: async (request) =>
        updateProfile(ctx, { customerId: signedInCustomer(request).customer.id, draft: request.body, meta: requestMeta(request) }),
    });

    app.get('/api/me/emails', {
      schema: {
        tags,
        summary: 'Every email the shop sent me, newest first',
        querystring: ZListQuery,
        response: { 200: z.object({ items: z.array(ZEmailHistoryItem), nextCursor: z.string().nullable() }) },
      },
      handler: async (request) => {
        const { limit, cursor } = request.query;
        const rows = await listEmailsOfCustomer(ctx.db, {
          customerId: signedInCustomer(request).customer.id,
          limit: limit + 1,
          beforeId: decodeCursor(cursor),
        });
        return pageOf(rows, limit);
      },
    });
  };
