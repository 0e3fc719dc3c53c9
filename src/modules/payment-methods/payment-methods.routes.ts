import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import { guardStoreIntegration } from '../integration/store-integration.js';
import { ZIntegrationPaymentMethod, ZPaymentMethod, ZPaymentMethodParams, ZPutPaymentMethodBody } from './payment-methods.schemas.js';
import { deletePaymentMethod, listMyPaymentMethods, putPaymentMethod, toPaymentMethod } from './payment-methods.service.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const ZWriteHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retrying with the same key and body answers the same; another body: 409.'),
});

/** Saved payment methods (F4.7): the customer's view and the store's pushes, each in its own plugin (their hooks differ). */
export const paymentMethodsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(customerRoutes(ctx));
    await app.register(integrationRoutes(ctx));
  };

const customerRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    app.get('/api/me/payment-methods', {
      schema: {
        tags: ['Payment methods'],
        summary: 'My saved payment methods as the shop’s payment provider describes them: brand, last four digits, expiry; the default first',
        response: { 200: z.object({ items: z.array(ZPaymentMethod) }), 401: problem },
      },
      handler: async (request) => listMyPaymentMethods(ctx, { customerId: signedInCustomer(request).customer.id }),
    });
  };

const integrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);
    const tags = ['Store integration: payment methods'];
    const security = [{ apiKey: [] }];

    app.put('/api/integration/customers/:customerId/payment-methods/:externalId', {
      config: { scope: 'payment_methods:write' },
      schema: {
        tags,
        security,
        summary: 'Save or replace a customer’s payment method by the provider’s id: 201 created, 200 replaced (404 for a customer outside the key’s market)',
        description: 'Never a card number: any field not listed (number, cardNumber, cvc…) is refused with 400 naming it.',
        headers: ZWriteHeaders,
        params: ZPaymentMethodParams,
        body: ZPutPaymentMethodBody,
        response: { 200: ZIntegrationPaymentMethod, 201: ZIntegrationPaymentMethod, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => {
        const { method, created } = await putPaymentMethod(ctx, { ...request.params, marketId: requestApiMarketId(request), body: request.body });
        return reply
          .status(created ? 201 : 200)
          .send({ ...toPaymentMethod(method, new Date()), externalId: method.externalId, customerId: method.customerId });
      },
    });

    app.delete('/api/integration/customers/:customerId/payment-methods/:externalId', {
      config: { scope: 'payment_methods:write' },
      schema: {
        tags,
        security,
        summary: 'Remove a customer’s saved payment method (404 for a customer outside the key’s market)',
        headers: ZWriteHeaders,
        params: ZPaymentMethodParams,
        response: { 204: z.null(), 401: problem, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => {
        await deletePaymentMethod(ctx, { ...request.params, marketId: requestApiMarketId(request) });
        return reply.status(204).send(null);
      },
    });
  };
