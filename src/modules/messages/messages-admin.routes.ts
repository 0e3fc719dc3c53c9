import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import {
  listAttachableCompanyDocuments,
  listAttachableCustomerDocuments,
  listCompanyMessagesByStaff,
  listCustomerMessagesByStaff,
  sendMessageToCompanyByStaff,
  sendMessageToCustomerByStaff,
} from './messages-admin.service.js';
import { ZAttachableDocumentPage, ZSendMessageBody, ZSentBatch, ZStaffMessagePage } from './messages.schemas.js';

const tags = ['Back office: messages'];
const security = [{ staffSession: [] }];
const unknown = { 401: problem, 403: problem, 404: problem };
const ZCustomerParams = z.object({ customerId: z.string().min(1).max(64) });
const ZCompanyParams = z.object({ companyId: z.string().min(1).max(64) });

/** Back office: messages to a customer or to a company (F5.2), and their read status. */
export const messagesAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });

    app.post('/api/staff/customers/:customerId/messages', {
      schema: {
        tags,
        security,
        summary: 'Send a message to the customer’s inbox, emailed as they chose; 422 invalid_attachment lists documents not theirs',
        params: ZCustomerParams,
        body: ZSendMessageBody,
        response: { 201: ZSentBatch, 400: problem, ...unknown, 422: problem },
      },
      preHandler: requireStaffPermission('customers.edit'),
      handler: async (request, reply) => reply.status(201).send(await sendMessageToCustomerByStaff(ctx, { ...action(request), customerId: request.params.customerId, body: request.body })),
    });

    app.get('/api/staff/customers/:customerId/messages', {
      schema: { tags, security, summary: 'Messages sent to the customer, newest first, with when each was read (audited)', params: ZCustomerParams, querystring: ZListQuery, response: { 200: ZStaffMessagePage, 400: problem, ...unknown } },
      preHandler: requireStaffPermission('customers.view'),
      handler: async (request) => listCustomerMessagesByStaff(ctx, { ...action(request), ...request.query, customerId: request.params.customerId }),
    });

    app.get('/api/staff/customers/:customerId/message-attachments', {
      schema: { tags, security, summary: 'The customer’s documents, which a message to them may carry (audited)', params: ZCustomerParams, querystring: ZListQuery, response: { 200: ZAttachableDocumentPage, 400: problem, ...unknown } },
      preHandler: requireStaffPermission('customers.view'),
      handler: async (request) => listAttachableCustomerDocuments(ctx, { ...action(request), ...request.query, customerId: request.params.customerId }),
    });

    app.post('/api/staff/companies/:companyId/messages', {
      schema: {
        tags,
        security,
        summary: 'Send a message to every current member of the company (one batch, one copy each); 422 no_recipients for a company without members',
        params: ZCompanyParams,
        body: ZSendMessageBody,
        response: { 201: ZSentBatch, 400: problem, ...unknown, 422: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request, reply) => reply.status(201).send(await sendMessageToCompanyByStaff(ctx, { ...action(request), companyId: request.params.companyId, body: request.body })),
    });

    app.get('/api/staff/companies/:companyId/messages', {
      schema: { tags, security, summary: 'Messages sent to the company, one row per member with when they read it (audited)', params: ZCompanyParams, querystring: ZListQuery, response: { 200: ZStaffMessagePage, 400: problem, ...unknown } },
      preHandler: requireStaffPermission('companies.view'),
      handler: async (request) => listCompanyMessagesByStaff(ctx, { ...action(request), ...request.query, companyId: request.params.companyId }),
    });

    app.get('/api/staff/companies/:companyId/message-attachments', {
      schema: { tags, security, summary: 'The company’s documents, which a message to its members may carry (audited)', params: ZCompanyParams, querystring: ZListQuery, response: { 200: ZAttachableDocumentPage, 400: problem, ...unknown } },
      preHandler: requireStaffPermission('companies.view'),
      handler: async (request) => listAttachableCompanyDocuments(ctx, { ...action(request), ...request.query, companyId: request.params.companyId }),
    });
  };
