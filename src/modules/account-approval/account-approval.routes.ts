import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff } from '../staff/staff-authentication.js';

/** Back office: the approval queue and the shop setting that fills it (F1.7). */
export const accountApprovalRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
  };
