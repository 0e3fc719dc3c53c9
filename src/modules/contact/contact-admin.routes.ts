import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { answerThreadByStaff, findAttachmentByStaff, getThreadByStaff, listThreadsByStaff, setThreadStatusByStaff } from './contact-admin.service.js';
import { sendAttachment } from './contact-files.js';
import { ZAttachmentIdParams, ZStaffAnswerBody, ZStaffThread, ZStaffThreadPage, ZStaffThreadQuery, ZThreadIdParams } from './contact.schemas.js';

const tags = ['Back office: contact'];
const security = [{ staffSession: [] }];
const unknown = { 401: problem, 403: problem, 404: problem };
const fileResponse = z.any().describe('The file, as a download.');

/** Back office: the customers' requests (F5.4) of the member's markets, answered and closed. */
export const contactAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });
    const canView = requireStaffPermission('customers.view');
    const canAnswer = requireStaffPermission('customers.edit');

    app.get('/api/staff/contact-threads', {
      schema: {
        tags,
        security,
        summary: 'Customers’ requests in my markets, most recent activity first (open by default), with the count of unread ones (audited)',
        querystring: ZStaffThreadQuery,
        response: { 200: ZStaffThreadPage, 400: problem, 401: problem, 403: problem },
      },
      preHandler: canView,
      handler: async (request) => listThreadsByStaff(ctx, { ...action(request), query: request.query }),
    });

    app.get('/api/staff/contact-threads/:threadId', {
      schema: { tags, security, summary: 'One request with the whole exchange; opening it marks it read for staff (audited)', params: ZThreadIdParams, response: { 200: ZStaffThread, ...unknown } },
      preHandler: canView,
      handler: async (request) => getThreadByStaff(ctx, { ...action(request), threadId: request.params.threadId }),
    });

    app.post('/api/staff/contact-threads/:threadId/messages', {
      schema: {
        tags,
        security,
        summary: 'Answer a request: the customer is emailed in their language; 409 thread_closed',
        params: ZThreadIdParams,
        body: ZStaffAnswerBody,
        response: { 201: ZStaffThread, 400: problem, ...unknown, 409: problem },
      },
      preHandler: canAnswer,
      handler: async (request, reply) => reply.status(201).send(await answerThreadByStaff(ctx, { ...action(request), threadId: request.params.threadId, body: request.body.body })),
    });

    for (const [change, status, summary] of [
      ['close', 'closed', 'Close a request'],
      ['reopen', 'reopened', 'Reopen a closed request'],
    ] as const) {
      app.post(`/api/staff/contact-threads/:threadId/${change}`, {
        schema: { tags, security, summary, params: ZThreadIdParams, response: { 200: ZStaffThread, ...unknown } },
        preHandler: canAnswer,
        handler: async (request) => setThreadStatusByStaff(ctx, { ...action(request), threadId: request.params.threadId, status }),
      });
    }

    app.get('/api/staff/contact-attachments/:attachmentId', {
      schema: {
        tags,
        security,
        summary: 'A file a customer joined to a request, as a download (nosniff, no scripts); audited',
        params: ZAttachmentIdParams,
        produces: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
        response: { 200: fileResponse, ...unknown },
      },
      preHandler: canView,
      handler: async (request, reply) => sendAttachment(ctx, reply, await findAttachmentByStaff(ctx, { ...action(request), attachmentId: request.params.attachmentId })),
    });
  };
