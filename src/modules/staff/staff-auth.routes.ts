import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { AppError } from '../../platform/errors/app-error.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { clearStaffCookies, requireStaff, setStaffCookies, signedInStaff } from './staff-authentication.js';
import { staffMe } from './staff-sessions.service.js';
import { completeStaffSetup, describeSetupToken, type TStaffSignedIn } from './staff-setup.service.js';
import { signInStaff, signOutStaff } from './staff-sign-in.service.js';
import { confirmTotp, startTotpSetup, verifySecondFactor } from './staff-totp.service.js';
import {
  ZRecoveryCodes,
  ZSecondFactorBody,
  ZSecondFactorVerified,
  ZStaffLoginBody,
  ZStaffMe,
  ZStaffSetupBody,
  ZStaffSetupDescription,
  ZStaffSetupQuery,
  ZStaffSignedIn,
  ZTotpConfirmBody,
  ZTotpSetup,
} from './staff.schemas.js';

export const staffTags = ['Back office'];
export const staffProblem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const problem = staffProblem;
const tags = staffTags;
const security = [{ staffSession: [] }];

/** Setup link, sign-in, second factor, sign-out and /me: the staff's own account. */
export const staffAuthRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const signedIn = (reply: FastifyReply, result: TStaffSignedIn) => ({
      token: result.session.token,
      csrfToken: setStaffCookies(ctx, reply, result.session.token),
      staff: staffMe(result.principal),
      next: result.next,
    });
    const pendingAllowed = requireStaff(ctx, { allowPending: true });

    app.get('/api/staff/setup', {
      schema: { tags, summary: 'Who a setup link is for (404 invalid_token when it is not live)', querystring: ZStaffSetupQuery, response: { 200: ZStaffSetupDescription, 404: problem, 429: problem } },
      handler: async (request) => describeSetupToken(ctx, { token: request.query.token, meta: requestMeta(request) }),
    });

    app.post('/api/staff/setup', {
      schema: { tags, summary: 'Use a setup link: set name and password, and sign in (second factor next)', body: ZStaffSetupBody, response: { 200: ZStaffSignedIn, 400: problem, 404: problem, 409: problem, 429: problem } },
      handler: async (request, reply) => signedIn(reply, await completeStaffSetup(ctx, { ...request.body, meta: requestMeta(request) })),
    });

    app.post('/api/staff/auth/login', {
      schema: { tags, summary: 'Staff sign-in with email and password; `next` says which second-factor step follows', body: ZStaffLoginBody, response: { 200: ZStaffSignedIn, 401: problem, 429: problem } },
      handler: async (request, reply) => signedIn(reply, await signInStaff(ctx, { ...request.body, meta: requestMeta(request) })),
    });

    app.post('/api/staff/auth/totp/setup', {
      schema: { tags, security, summary: 'A new authenticator secret to confirm (each call replaces the pending one)', response: { 200: ZTotpSetup, 401: problem, 403: problem } },
      preHandler: pendingAllowed,
      handler: async (request) => startTotpSetup(ctx, signedInStaff(request)),
    });

    app.post('/api/staff/auth/totp/confirm', {
      schema: { tags, security, summary: 'Confirm the authenticator with its first code; answers the ten recovery codes, once', body: ZTotpConfirmBody, response: { 200: ZRecoveryCodes, 400: problem, 401: problem, 403: problem, 409: problem, 429: problem } },
      preHandler: pendingAllowed,
      handler: async (request) => ({
        recoveryCodes: await confirmTotp(ctx, { principal: signedInStaff(request), code: request.body.code, meta: requestMeta(request) }),
      }),
    });

    app.post('/api/staff/auth/totp/verify', {
      schema: { tags, security, summary: 'The second step of sign-in: an authenticator code or a recovery code (five wrong, then 429)', body: ZSecondFactorBody, response: { 200: ZSecondFactorVerified, 400: problem, 401: problem, 409: problem, 429: problem } },
      preHandler: pendingAllowed,
      handler: async (request) => {
        const principal = signedInStaff(request);
        await verifySecondFactor(ctx, { principal, proof: request.body, meta: requestMeta(request) });
        return { staff: staffMe({ ...principal, secondFactorAt: new Date() }), next: 'signed_in' as const };
      },
    });

    app.post('/api/staff/auth/logout', {
      schema: { tags, security, summary: 'End the staff session', response: { 204: z.null(), 403: problem } },
      handler: async (request, reply) => {
        try {
          await pendingAllowed(request);
        } catch (error) {
          // Signing out without a live session is already done; a failed CSRF check is not.
          if (!(error instanceof AppError) || error.code !== 'unauthenticated') throw error;
        }
        if (request.staffAuth) await signOutStaff(ctx.db, { principal: request.staffAuth, meta: requestMeta(request) });
        clearStaffCookies(reply);
        return reply.status(204).send(null);
      },
    });

    app.get('/api/staff/me', {
      schema: { tags, security, summary: 'The signed-in staff member, their permissions and whether a second factor is pending', response: { 200: ZStaffMe, 401: problem } },
      preHandler: pendingAllowed,
      handler: async (request) => staffMe(signedInStaff(request)),
    });
  };
