import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { AppError } from '../../platform/errors/app-error.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZCustomer } from '../auth/auth.schemas.js';
import { guardWithCustomerSession, requireCustomer, SESSION_COOKIE, setSessionCookies, signedInCustomer } from '../auth/session-authentication.js';
import { toPublicCustomer } from '../customers/customers.service.js';
import { companyRoles } from './companies.tables.js';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from './invitations.service.js';
import {
  ZAcceptInvitationBody,
  ZCompanyParams,
  ZCreateInvitationBody,
  ZInvitation,
  ZInvitationList,
  ZInvitationParams,
  ZInvitationPreview,
  ZInvitationTokenQuery,
} from './members.schemas.js';

const tags = ['Companies'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

const ZAccepted = z.object({
  token: z.string().describe('Session token: send as `Authorization: Bearer …`. Also set as an HttpOnly cookie.'),
  expiresAt: z.date(),
  csrfToken: z.string(),
  customer: ZCustomer,
  company: z.object({ id: z.string(), name: z.string(), role: z.enum(companyRoles) }),
});

/** Invitations (F3.3): administrators invite, list, revoke and resend; the invited accept. */
export const invitationsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Public: the link is the credential, and it is in the query (logs carry no query strings).
    app.get('/api/invitations/lookup', {
      schema: {
        tags,
        summary: 'What an invitation link is for (company, inviter, address) without accepting it; 400 invalid_token',
        querystring: ZInvitationTokenQuery,
        response: { 200: ZInvitationPreview, 400: problem, 429: problem },
      },
      handler: async (request) => previewInvitation(ctx, { token: request.query.token, meta: requestMeta(request) }),
    });

    const authenticate = requireCustomer(ctx);
    app.post('/api/invitations/accept', {
      schema: {
        tags,
        summary:
          'Accept an invitation and sign in: signed in as the invited address, or signed out (names for a new account, verified by the link); 403 invitation_for_another_address',
        body: ZAcceptInvitationBody,
        response: { 200: ZAccepted, 400: problem, 403: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) => {
        if (request.headers.authorization || request.cookies[SESSION_COOKIE]) {
          try {
            await authenticate(request);
          } catch (error) {
            // An ended session is being signed out; a failed CSRF check is not.
            if (!(error instanceof AppError) || error.code !== 'unauthenticated') throw error;
          }
        }
        const accepted = await acceptInvitation(ctx, {
          body: request.body,
          signedIn: request.auth?.customer ?? null,
          meta: requestMeta(request),
        });
        const csrfToken = setSessionCookies(ctx, reply, accepted.session);
        return {
          token: accepted.session.token,
          expiresAt: accepted.session.expiresAt,
          csrfToken,
          customer: toPublicCustomer(accepted.customer, ctx.config),
          company: accepted.company,
        };
      },
    });

    await app.register(companyInvitationsRoutes(ctx));
  };

const companyInvitationsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.post('/api/companies/:companyId/invitations', {
      schema: {
        tags,
        summary:
          'Invite a colleague by email (administrators): a link valid 7 days; 409 invitation_pending, already_member, consumer_account',
        params: ZCompanyParams,
        body: ZCreateInvitationBody,
        response: { 201: ZInvitation, 400: problem, 403: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) => {
        const invitation = await createInvitation(ctx, {
          companyId: request.params.companyId,
          actorId: signedInCustomer(request).customer.id,
          ...request.body,
        });
        return reply.status(201).send(invitation);
      },
    });

    app.get('/api/companies/:companyId/invitations', {
      schema: {
        tags,
        summary: 'Pending invitations of a company, expired ones included (administrators)',
        params: ZCompanyParams,
        response: { 200: ZInvitationList, 403: problem, 404: problem },
      },
      handler: async (request) => ({
        items: await listInvitations(ctx, { companyId: request.params.companyId, actorId: signedInCustomer(request).customer.id }),
      }),
    });

    app.delete('/api/companies/:companyId/invitations/:invitationId', {
      schema: {
        tags,
        summary: 'Revoke a pending invitation (administrators): its link stops working',
        params: ZInvitationParams,
        response: { 204: z.null(), 403: problem, 404: problem },
      },
      handler: async (request, reply) => {
        await revokeInvitation(ctx, { ...request.params, actorId: signedInCustomer(request).customer.id });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/companies/:companyId/invitations/:invitationId/resend', {
      schema: {
        tags,
        summary: 'Send an invitation again (administrators): a new link valid 7 days; the old one stops working',
        params: ZInvitationParams,
        response: { 200: ZInvitation, 403: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request) => resendInvitation(ctx, { ...request.params, actorId: signedInCustomer(request).customer.id }),
    });
  };
