import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff } from '../staff/staff-authentication.js';

/** Back office: CSV import of customers and streamed CSV exports (F6.5). */
export const customerCsvRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
  };
