import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { exportFileName } from './export.service.js';
import {
  ZAnswerPrivacyRequestBody,
  ZCustomerIdParams,
  ZPrivacyRequestItem,
  ZPrivacyRequestPage,
  ZPrivacyRequestsQuery,
  ZRecordPrivacyRequestBody,
  ZRequestIdParams,
  ZStaffErased,
  ZStaffEraseBody,
  ZStaffExportQuery,
} from './privacy-requests.schemas.js';
import { closePrivacyRequest, eraseCustomerForStaff, exportCustomerForStaff, listPrivacyRequests, recordPrivacyRequest } from './privacy-requests.service.js';
import { ZPersonalDataExport } from './privacy.schemas.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };

/** Back office: privacy requests, staff export and erasure of a customer (F6.4). */
export const privacyRequestsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const requests = requireStaffPermission('privacy.requests');

    app.post('/api/staff/privacy-requests', {
      schema: {
        tags,
        security,
        summary: 'Record a privacy request a customer made outside their account; due one calendar month after receipt (GDPR art. 12(3))',
        body: ZRecordPrivacyRequestBody,
        response: { 201: ZPrivacyRequestItem, 400: problem, ...denied, 404: problem },
      },
      preHandler: requests,
      handler: async (request, reply) => {
        const item = await recordPrivacyRequest(ctx, { actor: signedInStaff(request), body: request.body, meta: requestMeta(request) });
        return reply.status(201).send(item);
      },
    });

    app.get('/api/staff/privacy-requests', {
      schema: {
        tags,
        security,
        summary: 'Privacy requests: open ones by due date first (with days left and overdue), then the answered and declined; keyset pages',
        querystring: ZPrivacyRequestsQuery,
        response: { 200: ZPrivacyRequestPage, 400: problem, ...denied },
      },
      preHandler: requests,
      handler: async (request) => listPrivacyRequests(ctx, { actor: signedInStaff(request), meta: requestMeta(request), query: request.query }),
    });

    app.patch('/api/staff/privacy-requests/:requestId', {
      schema: {
        tags,
        security,
        summary: 'Close an open request answered outside Comptoir, or declined (e.g. identity not confirmed); 409 privacy_request_closed',
        params: ZRequestIdParams,
        body: ZAnswerPrivacyRequestBody,
        response: { 200: ZPrivacyRequestItem, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requests,
      handler: async (request) =>
        closePrivacyRequest(ctx, { actor: signedInStaff(request), requestId: request.params.requestId, status: request.body.status, meta: requestMeta(request) }),
    });

    app.get('/api/staff/customers/:customerId/export', {
      schema: {
        tags,
        security,
        summary: 'Download a customer’s data: the same document as their own GET /api/me/export, as an attachment (their limit of 5 an hour applies)',
        description:
          'With `requestId`, an open export request of this customer is marked answered in the transaction of the audit entry `privacy.data_exported`. 422 privacy_request_mismatch, 409 privacy_request_closed, 429 rate_limited.',
        params: ZCustomerIdParams,
        querystring: ZStaffExportQuery,
        response: { 200: ZPersonalDataExport, 400: problem, ...denied, 404: problem, 409: problem, 422: problem, 429: problem },
      },
      preHandler: requests,
      handler: async (request, reply) => {
        const document = await exportCustomerForStaff(ctx, {
          actor: signedInStaff(request),
          customerId: request.params.customerId,
          requestId: request.query.requestId,
          meta: requestMeta(request),
        });
        reply.header('content-disposition', `attachment; filename="${exportFileName(document.generatedAt)}"`);
        reply.header('cache-control', 'no-store');
        return document;
      },
    });

    app.post('/api/staff/customers/:customerId/erase', {
      schema: {
        tags,
        security,
        summary: 'Erase a customer as their own account deletion does (pseudonymised records, goodbye email), with their address typed again',
        description:
          'Needs customers.erase and privacy.requests. 422 confirm_email_mismatch (confirmEmail is not their address), 409 last_admin (the only administrator of a company), 422 privacy_request_mismatch, 409 privacy_request_closed.',
        params: ZCustomerIdParams,
        body: ZStaffEraseBody,
        response: { 200: ZStaffErased, 400: problem, ...denied, 404: problem, 409: problem, 422: problem },
      },
      preHandler: [requireStaffPermission('customers.erase'), requests],
      handler: async (request) =>
        eraseCustomerForStaff(ctx, {
          actor: signedInStaff(request),
          customerId: request.params.customerId,
          confirmEmail: request.body.confirmEmail,
          requestId: request.body.requestId,
          meta: requestMeta(request),
        }),
    });
  };
