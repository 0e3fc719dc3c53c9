import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff } from '../staff/staff-authentication.js';

/** Back office: one search box over customers and companies (F6.2). */
export const customerSearchRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
  };
