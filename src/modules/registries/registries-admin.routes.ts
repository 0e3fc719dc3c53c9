import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { ZRegistry, ZRegistryCodeParams, ZRegistryContribution, ZRegistryDetail, ZRegistryGift } from './registries.schemas.js';
import { listCustomerRegistriesForStaff, viewRegistryForStaff } from './registries-admin.service.js';

const security = [{ staffSession: [] }];

/** Back office: registries seen read-only (F5.6), each look audited. */
export const registriesAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    if (!app.hasRequestDecorator('staffAuth')) app.decorateRequest('staffAuth', null);
    app.addHook('preHandler', requireStaff(ctx));
    const canView = requireStaffPermission('customers.view');

    app.get('/api/staff/customers/:customerId/registries', {
      schema: {
        tags,
        security,
        summary: 'A customer’s gift registries, newest first (audited customer.registries_viewed)',
        params: z.object({ customerId: z.string().min(1).max(64) }),
        response: { 200: z.object({ items: z.array(ZRegistry), nextCursor: z.string().nullable() }), 401: problem, 403: problem, 404: problem },
      },
      preHandler: canView,
      handler: async (request) => listCustomerRegistriesForStaff(ctx, { actor: signedInStaff(request), meta: requestMeta(request), customerId: request.params.customerId }),
    });

    app.get('/api/staff/registries/:code', {
      schema: {
        tags,
        security,
        summary: 'A registry found by its code, read-only, with its latest gifts and contributions (audited registry.viewed)',
        params: ZRegistryCodeParams,
        response: {
          200: ZRegistryDetail.extend({ customerId: z.string(), gifts: z.array(ZRegistryGift), contributions: z.array(ZRegistryContribution) }),
          401: problem,
          403: problem,
          404: problem,
        },
      },
      preHandler: canView,
      handler: async (request) => viewRegistryForStaff(ctx, { actor: signedInStaff(request), meta: requestMeta(request), code: request.params.code }),
    });
  };
