import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiKey } from '../integration/api-key-authentication.js';
import type { TApiKeyScope } from '../integration/api-key-scopes.js';
import { guardStoreIntegration, integrationSecurity as security } from '../integration/store-integration.js';
import { sendMessageFromStore } from './messages-integration.service.js';
import { ZIntegrationMessageBody, ZSentBatch } from './messages.schemas.js';

const tags = ['Store integration: messages'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

/** Store integration: messages to a customer's inbox (F5.2), from the store's systems. */
export const messagesIntegrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.post('/api/integration/messages', {
      config: { scope: 'messages:write' satisfies TApiKeyScope },
      schema: {
        tags,
        security,
        summary: 'Send a message to a customer (by id, address or card) or to every member of a company, in the key’s market',
        description:
          'Accepts `Idempotency-Key`. 422 `recipient_not_found` when nobody of the key’s market matches (no guest account is made); 422 `invalid_attachment` lists every attachment that is not a document of the recipient (of the company, for a company).',
        body: ZIntegrationMessageBody,
        response: { 201: ZSentBatch, 400: problem, 401: problem, 403: problem, 409: problem, 422: problem },
      },
      handler: async (request, reply) => {
        const key = requestApiKey(request);
        return reply.status(201).send(await sendMessageFromStore(ctx, { apiKeyId: key.id, marketId: key.marketId, body: request.body }));
      },
    });
  };
