import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { getCompanyOrder, listCompanyOrders } from './order-history.service.js';
import { decideOrder } from './order-approval.service.js';
import {
  orderListResponse,
  ZCompanyOrderDetail,
  ZCompanyOrderListQuery,
  ZCompanyOrderParams,
  ZCompanyOrderSummary,
  ZCompanyParams,
  ZProblem,
  ZRefuseOrderBody,
} from './orders.schemas.js';

const tags = ['Company orders'];

/** A company's orders within the caller's scope, and approval of drafts (F3.2, F3.5). */
export const companyOrdersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/companies/:companyId/orders', {
      schema: {
        tags,
        summary:
          'The company’s orders the caller may see: administrators all (removed colleagues’ too), location administrators their locations’, everyone their own (404 outside)',
        params: ZCompanyParams,
        querystring: ZCompanyOrderListQuery,
        response: { 200: orderListResponse(ZCompanyOrderSummary), 400: ZProblem, 401: ZProblem, 404: ZProblem },
      },
      handler: async (request) =>
        listCompanyOrders(ctx, { companyId: request.params.companyId, customerId: signedInCustomer(request).customer.id, query: request.query }),
    });

    app.get('/api/companies/:companyId/orders/:orderId', {
      schema: {
        tags,
        summary: 'One order of the company within the caller’s scope (404 otherwise)',
        params: ZCompanyOrderParams,
        response: { 200: ZCompanyOrderDetail, 401: ZProblem, 404: ZProblem },
      },
      handler: async (request) =>
        getCompanyOrder(ctx, { ...request.params, customerId: signedInCustomer(request).customer.id }),
    });

    app.post('/api/companies/:companyId/orders/:orderId/approve', {
      schema: {
        tags,
        summary: 'Approve a draft waiting for approval: it becomes open (location.orders.approve at its location; 409 not_pending_approval)',
        params: ZCompanyOrderParams,
        response: { 200: ZCompanyOrderDetail, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem },
      },
      handler: async (request) =>
        decideOrder(ctx, { ...request.params, actorId: signedInCustomer(request).customer.id, decision: { approve: true } }),
    });

    app.post('/api/companies/:companyId/orders/:orderId/refuse', {
      schema: {
        tags,
        summary: 'Refuse a draft waiting for approval, with a reason the buyer reads (location.orders.approve at its location; 409 not_pending_approval)',
        params: ZCompanyOrderParams,
        body: ZRefuseOrderBody,
        response: { 200: ZCompanyOrderDetail, 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem },
      },
      handler: async (request) =>
        decideOrder(ctx, {
          ...request.params,
          actorId: signedInCustomer(request).customer.id,
          decision: { approve: false, reason: request.body.reason },
        }),
    });
  };
