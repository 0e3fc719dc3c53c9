import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { ZBuyingContext, ZChooseBuyingContextBody } from './buying-context.schemas.js';
import { chooseBuyingContext, getBuyingContext } from './buying-context.service.js';

const tags = ['Buying context'];

export const buyingContextRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me/context', {
      schema: {
        tags,
        summary: 'Who is buying and on what terms: consumer or business, company, location, catalog, payment terms, approval, permissions',
        description:
          'Call it once per page view or checkout step; it costs the session look-up and one query, and memberships are checked on every call (a removed colleague loses the company at once). ' +
          'A person in one company with one location buys for it without choosing. With B2B_ONLY, someone in no company gets 403 not_business_customer. See docs/STOREFRONT.md.',
        response: { 200: ZBuyingContext },
      },
      handler: async (request) => {
        const auth = signedInCustomer(request);
        return getBuyingContext(ctx, { customer: auth.customer, sessionId: auth.sessionId });
      },
    });

    app.put('/api/me/context', {
      schema: {
        tags,
        summary: 'Choose the company and location this session buys for, or { companyId: null } to buy as a consumer',
        description: '404 not_found for a company or location that is not the caller’s. Answers the new context, as GET does.',
        body: ZChooseBuyingContextBody,
        response: { 200: ZBuyingContext },
      },
      handler: async (request) => {
        const auth = signedInCustomer(request);
        return chooseBuyingContext(ctx, {
          customer: auth.customer,
          sessionId: auth.sessionId,
          companyId: request.body.companyId,
          locationId: request.body.locationId ?? null,
        });
      },
    });
  };
