import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { getMyOrder, listMyOrders } from './order-history.service.js';
import { orderListResponse, ZOrderDetail, ZOrderListQuery, ZOrderParams, ZOrderSummary, ZProblem, ZReorder } from './orders.schemas.js';
import { reorder } from './reorder.service.js';

const tags = ['Orders'];

/** Orders and receipts as customers see them: history, detail, reorder (F4.1–F4.3). */
export const ordersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me/orders', {
      schema: {
        tags,
        summary: 'My online orders and in-store receipts in one history, newest first (orders of an address not yet verified are not listed)',
        querystring: ZOrderListQuery,
        response: { 200: orderListResponse(ZOrderSummary), 400: ZProblem, 401: ZProblem },
      },
      handler: async (request) => listMyOrders(ctx, { customerId: signedInCustomer(request).customer.id, query: request.query }),
    });

    app.get('/api/me/orders/:orderId', {
      schema: {
        tags,
        summary: 'One of my orders or receipts: lines, totals, tracking, documents, returns, approval (404 for anyone else’s)',
        params: ZOrderParams,
        response: { 200: ZOrderDetail, 401: ZProblem, 404: ZProblem },
      },
      handler: async (request) => getMyOrder(ctx, { customerId: signedInCustomer(request).customer.id, orderId: request.params.orderId }),
    });

    app.post('/api/me/orders/:orderId/reorder', {
      schema: {
        tags,
        summary: 'The lines of an order that can still be ordered, as cart lines, with the storefront cart link',
        params: ZOrderParams,
        response: { 200: ZReorder, 401: ZProblem, 404: ZProblem },
      },
      handler: async (request) => reorder(ctx, { customerId: signedInCustomer(request).customer.id, orderId: request.params.orderId }),
    });
  };
