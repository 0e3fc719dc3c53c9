import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { orderListResponse, ZOrderParams, ZProblem } from './orders.schemas.js';
import { ZCreateReturnBody, ZReturn, ZReturnIdParams, ZReturnListQuery } from './returns.schemas.js';
import { cancelMyReturn, createReturn, getMyReturn, listMyReturns } from './returns.service.js';

const tags = ['Returns'];

/** Return requests by customers (F4.4): ask, follow, withdraw. */
export const returnsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.post('/api/me/orders/:orderId/returns', {
      schema: {
        tags,
        summary:
          'Ask to return lines of an open or completed order; each quantity at most bought minus already returned (422 quantity_exceeds_returnable per line, 409 order_not_returnable)',
        params: ZOrderParams,
        body: ZCreateReturnBody,
        response: { 201: ZReturn, 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem },
      },
      handler: async (request, reply) => {
        const created = await createReturn(ctx, { customerId: signedInCustomer(request).customer.id, orderId: request.params.orderId, body: request.body });
        return reply.status(201).send(created);
      },
    });

    app.get('/api/me/returns', {
      schema: {
        tags,
        summary: 'My return requests, newest first',
        querystring: ZReturnListQuery,
        response: { 200: orderListResponse(ZReturn), 400: ZProblem, 401: ZProblem },
      },
      handler: async (request) => listMyReturns(ctx, { customerId: signedInCustomer(request).customer.id, ...request.query }),
    });

    app.get('/api/me/returns/:returnId', {
      schema: { tags, summary: 'One of my return requests', params: ZReturnIdParams, response: { 200: ZReturn, 401: ZProblem, 404: ZProblem } },
      handler: async (request) => getMyReturn(ctx, { customerId: signedInCustomer(request).customer.id, returnId: request.params.returnId }),
    });

    app.post('/api/me/returns/:returnId/cancel', {
      schema: {
        tags,
        summary: 'Withdraw a return request while the shop has not answered it (409 return_not_cancellable after)',
        params: ZReturnIdParams,
        response: { 200: ZReturn, 401: ZProblem, 404: ZProblem, 409: ZProblem },
      },
      handler: async (request) => cancelMyReturn(ctx, { customerId: signedInCustomer(request).customer.id, returnId: request.params.returnId }),
    });
  };
