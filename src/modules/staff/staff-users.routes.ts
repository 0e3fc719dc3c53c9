import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from './staff-auth.routes.js';
import { listStaffAudit } from './staff-audit.service.js';
import { requireStaff, requireStaffPermission, signedInStaff } from './staff-authentication.js';
import { inviteStaff, listStaffUsers, updateStaff } from './staff-users.service.js';
import { ZStaffAuditPage, ZStaffAuditQuery, ZStaffIdParams, ZStaffInviteBody, ZStaffItem, ZStaffList, ZStaffPatchBody } from './staff.schemas.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };

/** Staff management (staff.view / staff.manage) and the audit log (audit.view). */
export const staffUsersRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));

    app.get('/api/staff/users', {
      schema: { tags, security, summary: 'Every staff member, owners first', response: { 200: ZStaffList, ...denied } },
      preHandler: requireStaffPermission('staff.view', 'staff.manage'),
      handler: async () => ({ items: await listStaffUsers(ctx.db), nextCursor: null }),
    });

    app.post('/api/staff/users', {
      schema: { tags, security, summary: 'Invite a staff member: their setup link is emailed (24 h, single use)', body: ZStaffInviteBody, response: { 201: ZStaffItem, 400: problem, ...denied, 409: problem } },
      preHandler: requireStaffPermission('staff.manage'),
      handler: async (request, reply) => {
        const item = await inviteStaff(ctx, { actor: signedInStaff(request), ...request.body, meta: requestMeta(request) });
        return reply.status(201).send(item);
      },
    });

    app.patch('/api/staff/users/:staffId', {
      schema: { tags, security, summary: 'Change a member’s role or markets, or disable / re-enable them (ends their sessions); 409 last_owner', params: ZStaffIdParams, body: ZStaffPatchBody, response: { 200: ZStaffItem, 400: problem, ...denied, 404: problem, 409: problem } },
      preHandler: requireStaffPermission('staff.manage'),
      handler: async (request) =>
        updateStaff(ctx, { actor: signedInStaff(request), staffId: request.params.staffId, change: request.body, meta: requestMeta(request) }),
    });

    app.get('/api/staff/audit', {
      schema: { tags, security, summary: 'The audit log, newest first, filtered; keyset pages', querystring: ZStaffAuditQuery, response: { 200: ZStaffAuditPage, 400: problem, ...denied } },
      preHandler: requireStaffPermission('audit.view'),
      handler: async (request) => listStaffAudit(ctx.db, request.query),
    });
  };
