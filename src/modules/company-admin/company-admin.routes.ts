import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff } from '../staff/staff-authentication.js';

/** Back office: companies and their locations, restored and merged by staff (F3.8). */
export const companyAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
  };
