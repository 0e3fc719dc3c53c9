import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { AppError } from '../../platform/errors/app-error.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { toPublicCustomer } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import {
  ZAccepted,
  ZEmailBody,
  ZLoginBody,
  ZLoginCodeVerifyBody,
  ZPasswordResetConfirmBody,
  ZRegisterBody,
  ZSignedIn,
  ZTokenBody,
} from './auth.schemas.js';
import { requestLoginCode, signInWithCode } from './login-code.service.js';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.service.js';
import { signInWithPassword } from './password-sign-in.service.js';
import { registerCustomer, verifyEmailAndSignIn } from './registration.service.js';
import { clearSessionCookies, requireCustomer, setSessionCookies } from './session-authentication.js';
import { revokeSession, type TIssuedSession } from './sessions.service.js';

const tags = ['Sign-in'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

export const authRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const signedIn = (reply: FastifyReply, result: { session: TIssuedSession; customer: TCustomerRow }) => {
      const csrfToken = setSessionCookies(ctx, reply, result.session);
      return {
        token: result.session.token,
        expiresAt: result.session.expiresAt,
        csrfToken,
        customer: toPublicCustomer(result.customer, ctx.config),
      };
    };

    app.post('/api/auth/register', {
      schema: {
        tags,
        summary: 'Create an account; the same 202 whether or not the address already has one',
        body: ZRegisterBody,
        response: { 202: ZAccepted, 400: problem, 429: problem },
      },
      handler: async (request, reply) => {
        await registerCustomer(ctx, { input: request.body, meta: requestMeta(request) });
        return reply.status(202).send({ status: 'verification_sent' });
      },
    });

    app.post('/api/auth/verify-email', {
      schema: { tags, summary: 'Open the verification link: verifies the address and signs in', body: ZTokenBody, response: { 200: ZSignedIn, 400: problem } },
      handler: async (request, reply) =>
        signedIn(reply, await verifyEmailAndSignIn(ctx, { token: request.body.token, meta: requestMeta(request) })),
    });

    app.post('/api/auth/login', {
      schema: { tags, summary: 'Sign in with email and password', body: ZLoginBody, response: { 200: ZSignedIn, 401: problem, 403: problem, 429: problem } },
      handler: async (request, reply) =>
        signedIn(reply, await signInWithPassword(ctx, { ...request.body, meta: requestMeta(request) })),
    });

    app.post('/api/auth/login-code', {
      schema: { tags, summary: 'Email a six-digit sign-in code (202 whatever the address)', body: ZEmailBody, response: { 202: ZAccepted, 429: problem } },
      handler: async (request, reply) => {
        await requestLoginCode(ctx, { email: request.body.email, meta: requestMeta(request) });
        return reply.status(202).send({ status: 'code_sent' });
      },
    });

    app.post('/api/auth/login-code/verify', {
      schema: { tags, summary: 'Sign in with the emailed code; verifies the address', body: ZLoginCodeVerifyBody, response: { 200: ZSignedIn, 401: problem, 429: problem } },
      handler: async (request, reply) =>
        signedIn(reply, await signInWithCode(ctx, { ...request.body, meta: requestMeta(request) })),
    });

    app.post('/api/auth/password-reset', {
      schema: { tags, summary: 'Email a single-use reset link (202 whatever the address)', body: ZEmailBody, response: { 202: ZAccepted, 429: problem } },
      handler: async (request, reply) => {
        await requestPasswordReset(ctx, { email: request.body.email, meta: requestMeta(request) });
        return reply.status(202).send({ status: 'reset_link_sent' });
      },
    });

    app.post('/api/auth/password-reset/confirm', {
      schema: {
        tags,
        summary: 'Set a new password from a reset link; ends every session of the account',
        body: ZPasswordResetConfirmBody,
        response: { 200: ZAccepted, 400: problem },
      },
      handler: async (request) => {
        await confirmPasswordReset(ctx, { ...request.body, meta: requestMeta(request) });
        return { status: 'password_changed' };
      },
    });

    const authenticate = requireCustomer(ctx);
    app.post('/api/auth/logout', {
      schema: { tags, summary: 'End the current session', response: { 204: z.null(), 403: problem } },
      handler: async (request, reply) => {
        try {
          await authenticate(request);
        } catch (error) {
          // Signing out without a live session is already done; a failed CSRF check is not.
          if (!(error instanceof AppError) || error.code !== 'unauthenticated') throw error;
        }
        if (request.auth) {
          await revokeSession(ctx, {
            customerId: request.auth.customer.id,
            sessionId: request.auth.sessionId,
            meta: requestMeta(request),
            reason: 'signed_out',
          });
        }
        clearSessionCookies(reply);
        return reply.status(204).send(null);
      },
    });
  };
