import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff } from '../staff/staff-authentication.js';

/** Back office: customers created, edited, helped and noted by staff (F6.2, F6.3, F2.5). */
export const customerAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
  };
