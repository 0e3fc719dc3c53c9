import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { ZChangeRoleBody, ZMember, ZMemberList, ZMemberParams, ZCompanyParams, ZSetMemberLocationsBody } from './members.schemas.js';
import { changeMemberRole, listMembers, removeMember, setMemberLocations } from './members.service.js';

const tags = ['Companies'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

/** Colleagues of a company (F3.2, F3.4): list, roles, location roles, removal and leaving. */
export const membersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/companies/:companyId/members', {
      schema: {
        tags,
        summary: 'The colleagues of a company with their roles (any colleague; 404 for outsiders)',
        params: ZCompanyParams,
        response: { 200: ZMemberList, 404: problem },
      },
      handler: async (request) =>
        listMembers(ctx, { companyId: request.params.companyId, actorId: signedInCustomer(request).customer.id }),
    });

    app.patch('/api/companies/:companyId/members/:customerId', {
      schema: {
        tags,
        summary: 'Promote or demote a colleague (administrators; 409 last_admin when it would leave no administrator)',
        params: ZMemberParams,
        body: ZChangeRoleBody,
        response: { 200: ZMember, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request) =>
        changeMemberRole(ctx, {
          companyId: request.params.companyId,
          customerId: request.params.customerId,
          actorId: signedInCustomer(request).customer.id,
          role: request.body.role,
        }),
    });

    app.delete('/api/companies/:companyId/members/:customerId', {
      schema: {
        tags,
        summary:
          'Remove a colleague (administrators), or leave (anyone, with their own id); their location roles and buying context end at once, their orders stay the company’s (409 last_admin)',
        params: ZMemberParams,
        response: { 204: z.null(), 403: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => {
        await removeMember(ctx, {
          companyId: request.params.companyId,
          customerId: request.params.customerId,
          actorId: signedInCustomer(request).customer.id,
        });
        return reply.status(204).send(null);
      },
    });

    app.put('/api/companies/:companyId/members/:customerId/locations', {
      schema: {
        tags,
        summary: 'Set a colleague’s roles at the company’s locations (administrators); locations left out lose their role',
        params: ZMemberParams,
        body: ZSetMemberLocationsBody,
        response: { 200: ZMember, 400: problem, 403: problem, 404: problem },
      },
      handler: async (request) =>
        setMemberLocations(ctx, {
          companyId: request.params.companyId,
          customerId: request.params.customerId,
          actorId: signedInCustomer(request).customer.id,
          locations: request.body.locations,
        }),
    });
  };
