import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { ZCreateMarketBody, ZMarketIdParams, ZMarketList, ZMarketView, ZUpdateMarketBody } from './markets.schemas.js';
import { createMarket, listMarkets, updateMarket } from './markets.service.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };
const rules =
  'Every bad field is listed at once (400): code (lower-case letters, digits, dashes), countries (ISO 3166-1 alpha-2, at least one), locales (fr, en; they include defaultLocale), currency (ISO 4217), publicUrl (http(s)://host[:port], nothing after; required but for the default market). 409 market_code_taken, market_host_taken.';

/** Back office: the shop's markets (F1.8). Every role reads them; owners and administrators change them. */
export const marketsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));

    app.get('/api/staff/markets', {
      schema: { tags, security, summary: 'Every market, the default first, with what its null settings resolve to', response: { 200: ZMarketList, ...denied } },
      handler: async () => ({ items: await listMarkets(ctx) }),
    });

    app.post('/api/staff/markets', {
      schema: { tags, security, summary: 'Create a market (audited market.created)', description: rules, body: ZCreateMarketBody, response: { 201: ZMarketView, 400: problem, ...denied, 409: problem } },
      preHandler: requireStaffPermission('markets.manage'),
      handler: async (request, reply) => {
        const market = await createMarket(ctx, { actor: signedInStaff(request), body: request.body, meta: requestMeta(request) });
        return reply.status(201).send(market);
      },
    });

    app.patch('/api/staff/markets/:marketId', {
      schema: {
        tags,
        security,
        summary: 'Change a market: only the fields given; the result is checked whole (audited market.updated with each field before and after)',
        description: `${rules} The default market stays the default and cannot be deleted.`,
        params: ZMarketIdParams,
        body: ZUpdateMarketBody,
        response: { 200: ZMarketView, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('markets.manage'),
      handler: async (request) =>
        updateMarket(ctx, { actor: signedInStaff(request), marketId: request.params.marketId, body: request.body, meta: requestMeta(request) }),
    });
  };
