import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import type { TApiKeyScope } from '../integration/api-key-scopes.js';
import { guardStoreIntegration, integrationSecurity } from '../integration/store-integration.js';
import { setCardPoints } from './card-points.service.js';
import { ZCardPoints, ZPutCardPointsBody } from './cards.schemas.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const ZParams = z.object({ number: z.string().max(40).describe('13 digits; spaces and dashes are ignored.') });
const ZWriteHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retrying with the same key and body answers the same; another body: 409.'),
});

/** Store integration: the loyalty system reports a member card's points (F5.1). */
export const cardsIntegrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.put('/api/integration/cards/:number/points', {
      config: { scope: 'cards:write' satisfies TApiKeyScope },
      schema: {
        tags: ['Store integration: member cards'],
        security: integrationSecurity,
        summary: 'Set a member card’s loyalty points, as the store computes them (404 when nobody of the key’s market holds the card)',
        description:
          'Replaces the balance shown on the card page and in the wallet pass; a changed balance makes registered Apple Wallet devices fetch the pass again. A bad check digit is 400 `invalid_card_number`.',
        headers: ZWriteHeaders,
        params: ZParams,
        body: ZPutCardPointsBody,
        response: { 200: ZCardPoints, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request) => setCardPoints(ctx.db, { marketId: requestApiMarketId(request), number: request.params.number, points: request.body.points }),
    });
  };
