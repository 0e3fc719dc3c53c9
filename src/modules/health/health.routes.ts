import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { countAppliedMigrations, countShippedMigrations } from '../../db/migrate.js';

const tags = ['Operations'];

export const healthRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const shippedMigrations = countShippedMigrations();

    app.get('/healthz', {
      schema: { tags, summary: 'Alive: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ status: 'ok' as const }),
    });

    app.get('/readyz', {
      schema: {
        tags,
        summary: 'Ready: the database answers and every migration is applied',
        response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('not_ready'), reason: z.string() }) },
      },
      handler: async (_request, reply) => {
        try {
          await ctx.db.execute(sql`select 1`);
          const applied = await countAppliedMigrations(ctx.db);
          if (applied < shippedMigrations) {
            return reply.status(503).header('retry-after', '5').send({ status: 'not_ready', reason: 'migrations_pending' });
          }
          return { status: 'ready' as const };
        } catch {
          return reply.status(503).header('retry-after', '5').send({ status: 'not_ready', reason: 'database_unreachable' });
        }
      },
    });
  };
