import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { clearSessionCookies, guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { eraseAccount } from './account-erasure.service.js';
import { exportFileName, exportPersonalData } from './export.service.js';
import { ZDeleteAccountBody, ZPersonalDataExport } from './privacy.schemas.js';

const tags = ['Privacy'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

export const privacyRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Before validation (not preHandler like other modules): a signed-out DELETE /api/me without
    // a body is a 401, not a list of missing fields.
    guardWithCustomerSession(app, ctx, 'preValidation');

    app.get('/api/me/export', {
      schema: {
        tags,
        summary: 'Download everything held about me, as one JSON document (GDPR art. 15 and 20; 5 an hour, 429 rate_limited)',
        description:
          'Sent as an attachment `comptoir-export-YYYY-MM-DD.json`. Each section of `sections` is described under `processing.sections` (purposes, legal basis, retention, recipients). Audited as the security event `data_exported`. See docs/PRIVACY.md.',
        response: { 200: ZPersonalDataExport, 429: problem },
      },
      handler: async (request, reply) => {
        const document = await exportPersonalData(ctx, { customerId: signedInCustomer(request).customer.id, meta: requestMeta(request) });
        reply.header('content-disposition', `attachment; filename="${exportFileName(document.generatedAt)}"`);
        reply.header('cache-control', 'no-store');
        return document;
      },
    });

    app.delete('/api/me', {
      schema: {
        tags,
        summary: 'Delete my account (GDPR art. 17) with my password or a code from POST /api/auth/login-code',
        description:
          'Every session ends at once and personal data is erased; records the law requires the shop to keep stay under a pseudonym. A last email confirms the deletion, then the address is forgotten and may register again. 403 invalid_proof; 409 last_admin when the customer is the only administrator of a company.',
        body: ZDeleteAccountBody,
        response: { 204: z.null(), 403: problem, 409: problem, 429: problem },
      },
      // No body at all gets the same answer as `{}`: both fields listed as missing.
      preValidation: async (request) => {
        request.body ??= {};
      },
      handler: async (request, reply) => {
        await eraseAccount(ctx, { customerId: signedInCustomer(request).customer.id, proof: request.body, meta: requestMeta(request) });
        clearSessionCookies(reply);
        return reply.status(204).send(null);
      },
    });
  };
