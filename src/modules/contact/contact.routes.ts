import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { CONTACT_BODY_LIMIT_BYTES, sendAttachment } from './contact-files.js';
import { ZAttachmentIdParams, ZCreateThreadBody, ZPostMessageBody, ZThread, ZThreadIdParams, ZThreadPage } from './contact.schemas.js';
import { createMyThread, findMyAttachment, getMyThread, listMyThreads, postMyMessage } from './contact.service.js';

const tags = ['Contact'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const fileResponse = z.any().describe('The file, as a download, with the type its bytes were checked to be.');
const writes = { 400: problem, 401: problem, 403: problem, 413: problem, 415: problem, 422: problem, 429: problem };

/** Contact the shop (F5.4): the customer's questions and the shop's answers. */
export const contactRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const caller = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer;

    app.post('/api/me/contact-threads', {
      bodyLimit: CONTACT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Write to the shop about an order, a document, my account or anything, with up to 5 images or PDFs',
        description:
          'Attachments are base64 in JSON: at most 5, 5 MB each (413 attachment_too_large), PNG, JPEG, WebP or PDF recognised by their bytes (415 unsupported_attachment_type; 422 attachment_type_mismatch when the declared type differs). `orderId` and `documentId` must be mine (422 invalid_reference). Threads and follow-ups together: 10 an hour (429 with Retry-After).',
        body: ZCreateThreadBody,
        response: { 201: ZThread, ...writes },
      },
      handler: async (request, reply) => reply.status(201).send(await createMyThread(ctx, { caller: caller(request), body: request.body })),
    });

    app.get('/api/me/contact-threads', {
      schema: { tags, summary: 'My requests to the shop, most recent activity first; `unread` when the shop answered since I last looked', querystring: ZListQuery, response: { 200: ZThreadPage, 400: problem, 401: problem } },
      handler: async (request) => listMyThreads(ctx, { caller: caller(request), query: request.query }),
    });

    app.get('/api/me/contact-threads/:threadId', {
      schema: { tags, summary: 'One of my requests with the whole exchange; opening it marks the answers read. 404 if not mine', params: ZThreadIdParams, response: { 200: ZThread, 401: problem, 404: problem } },
      handler: async (request) => getMyThread(ctx, { caller: caller(request), threadId: request.params.threadId }),
    });

    app.post('/api/me/contact-threads/:threadId/messages', {
      bodyLimit: CONTACT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Write again in one of my requests (a closed one opens again); same attachment rules and limit',
        params: ZThreadIdParams,
        body: ZPostMessageBody,
        response: { 201: ZThread, ...writes, 404: problem },
      },
      handler: async (request, reply) => reply.status(201).send(await postMyMessage(ctx, { caller: caller(request), threadId: request.params.threadId, body: request.body })),
    });

    app.get('/api/me/contact-attachments/:attachmentId', {
      schema: {
        tags,
        summary: 'A file of one of my requests, as a download (nosniff, no scripts); 404 if not mine',
        params: ZAttachmentIdParams,
        produces: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
        response: { 200: fileResponse, 401: problem, 404: problem },
      },
      handler: async (request, reply) => sendAttachment(ctx, reply, await findMyAttachment(ctx.db, { caller: caller(request), attachmentId: request.params.attachmentId })),
    });
  };
