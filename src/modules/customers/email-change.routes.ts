import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZCustomer, ZTokenBody } from '../auth/auth.schemas.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  ZEmailChangeBody,
  ZEmailChangeReported,
  ZEmailChangeRequested,
  ZPendingEmailChange,
} from './email-change.schemas.js';
import { confirmEmailChange, findPendingEmailChange, reportEmailChange, requestEmailChange } from './email-change.service.js';

const tags = ['My account'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

/** Changing the sign-in address: asked for signed in; confirmed and reported by links, without a session. */
export const emailChangeRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(signedInEmailChangeRoutes(ctx));

    app.post('/api/me/email-change/confirm', {
      schema: {
        tags,
        summary: 'Open the link sent to the new address: it becomes the sign-in address (no session needed; 409 email_taken)',
        body: ZTokenBody,
        response: { 200: ZCustomer, 400: problem, 409: problem, 429: problem },
      },
      handler: async (request) => confirmEmailChange(ctx, { token: request.body.token, meta: requestMeta(request) }),
    });

    app.post('/api/auth/email-change/report', {
      schema: {
        tags,
        summary: '"It wasn’t me" from the notice sent to the previous address: cancels or reverts the change, ends every session, emails a password-reset link',
        body: ZTokenBody,
        response: { 200: ZEmailChangeReported, 400: problem, 429: problem },
      },
      handler: async (request) => ({
        status: 'reported' as const,
        ...(await reportEmailChange(ctx, { token: request.body.token, meta: requestMeta(request) })),
      }),
    });
  };

const signedInEmailChangeRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.post('/api/me/email-change', {
      schema: {
        tags,
        summary:
          'Ask to sign in with another address, with the current password or a code from POST /api/auth/login-code (403 invalid_proof, 409 email_taken)',
        body: ZEmailChangeBody,
        response: { 202: ZEmailChangeRequested, 400: problem, 403: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) => {
        const { newEmail, password, code, passkey } = request.body;
        await requestEmailChange(ctx, {
          customerId: signedInCustomer(request).customer.id,
          newEmail,
          proof: { password, code, passkey },
          meta: requestMeta(request),
        });
        return reply.status(202).send({ status: 'verification_sent' });
      },
    });

    app.get('/api/me/email-change', {
      schema: { tags, summary: 'The address a change of sign-in address waits on, if any', response: { 200: ZPendingEmailChange } },
      handler: async (request) => findPendingEmailChange(ctx, { customerId: signedInCustomer(request).customer.id }),
    });
  };
