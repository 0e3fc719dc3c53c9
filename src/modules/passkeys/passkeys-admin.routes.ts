import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZCustomerIdParams } from '../customer-admin/customer-admin.schemas.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { listPasskeysByStaff, removePasskeyByStaff } from './passkeys-admin.service.js';
import { ZPasskeyList, ZStaffPasskeyParams } from './passkeys.schemas.js';

const security = [{ staffSession: [] }];
const unknown = { 401: problem, 403: problem, 404: problem };

/** Back office: a customer's passkeys, seen and removed (a lost device) by staff. */
export const passkeysAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });

    app.get('/api/staff/customers/:customerId/passkeys', {
      schema: { tags, security, summary: 'The customer’s passkeys: names, dates, kind, never a key (audited)', params: ZCustomerIdParams, response: { 200: ZPasskeyList, ...unknown } },
      preHandler: requireStaffPermission('customers.view'),
      handler: async (request) => listPasskeysByStaff(ctx, { ...action(request), customerId: request.params.customerId }),
    });

    app.delete('/api/staff/customers/:customerId/passkeys/:passkeyId', {
      schema: { tags, security, summary: 'Remove one of the customer’s passkeys; the customer is emailed (audited)', params: ZStaffPasskeyParams, response: { 204: z.null(), ...unknown } },
      preHandler: requireStaffPermission('customers.edit'),
      handler: async (request, reply) => {
        await removePasskeyByStaff(ctx, { ...action(request), customerId: request.params.customerId, passkeyId: request.params.passkeyId });
        return reply.status(204).send(null);
      },
    });
  };
