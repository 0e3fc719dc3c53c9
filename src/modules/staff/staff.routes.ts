import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { staffAuthRoutes } from './staff-auth.routes.js';
import { staffUsersRoutes } from './staff-users.routes.js';

/** The back office API under /api/staff (issue 6): its own sessions, permissions and audit. */
export const staffRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.decorateRequest('staffAuth', null);
    await app.register(staffAuthRoutes(ctx));
    await app.register(staffUsersRoutes(ctx));
  };
