import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TAppContext } from '../../context.js';
import { integrationErrors } from './integration.errors.js';
import { idempotencyKeys } from './integration.tables.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A key answers the same for a day; after that it may be reused for anything. */
const KEY_LIFETIME_HOURS = 24;
/** A reservation older than this belongs to a request that died mid-way: a retry takes it over. */
const ABANDONED_AFTER_SECONDS = 60;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type TReservation = { apiKeyId: string; key: string };

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyReservation: TReservation | null;
  }
}

/**
 * `Idempotency-Key` on every write of the integration API (API.md). Register inside the
 * plugin of the integration routes, after the API-key preHandler:
 * - first use of a key: the request runs and its answer (status and exact bytes) is kept;
 * - same key, same method, path and body: the kept answer, with `Idempotent-Replayed: true`;
 * - same key, another request: `409 idempotency_key_reused`;
 * - same key while the first is still running: `409 idempotency_key_in_progress`.
 * Only successful answers are kept: after an error, the same key may be retried.
 * (app.ts declares `request.apiKey` and `request.idempotencyReservation`.)
 */
export function registerIdempotency(app: FastifyInstance, ctx: Pick<TAppContext, 'db'>): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!WRITE_METHODS.has(request.method)) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) throw integrationErrors.invalidIdempotencyKey();
    const apiKeyId = request.apiKey?.id;
    if (!apiKeyId) return;
    const route = `${request.method} ${request.url}`;
    const requestHash = digestRequest(route, request.body);
    const replay = await reserveOrReplay(ctx, { apiKeyId, key: header, route, requestHash });
    if (replay) return sendReplay(reply, replay);
    request.idempotencyReservation = { apiKeyId, key: header };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const reservation = request.idempotencyReservation;
    if (!reservation) return payload;
    request.idempotencyReservation = null;
    const where = and(eq(idempotencyKeys.apiKeyId, reservation.apiKeyId), eq(idempotencyKeys.key, reservation.key));
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const body = typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : null;
      if (body === null) {
        // A stream or buffer answer is not kept; release the key rather than replay something else.
        await ctx.db.delete(idempotencyKeys).where(where);
      } else {
        await ctx.db.update(idempotencyKeys).set({ responseStatus: reply.statusCode, responseBody: body }).where(where);
      }
    } else {
      await ctx.db.delete(idempotencyKeys).where(where);
    }
    return payload;
  });
}

type TReplay = { status: number; body: string };

async function reserveOrReplay(
  ctx: Pick<TAppContext, 'db'>,
  options: { apiKeyId: string; key: string; route: string; requestHash: string },
): Promise<TReplay | null> {
  const { apiKeyId, key, route, requestHash } = options;
  const sameKey = and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key));
  // An expired key, or a reservation abandoned by a request that died, is free again.
  await ctx.db
    .delete(idempotencyKeys)
    .where(
      and(
        sameKey,
        or(
          lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${KEY_LIFETIME_HOURS})`),
          and(isNull(idempotencyKeys.responseStatus), lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`)),
        ),
      ),
    );
  const reserved = await ctx.db
    .insert(idempotencyKeys)
    .values({ apiKeyId, key, route, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (reserved.length > 0) return null;
  const [existing] = await ctx.db.select().from(idempotencyKeys).where(sameKey);
  // Deleted between our insert and select (the first request failed): let the caller retry.
  if (!existing) throw integrationErrors.idempotencyKeyInProgress();
  if (existing.requestHash !== requestHash || existing.route !== route) throw integrationErrors.idempotencyKeyReused();
  if (existing.responseStatus === null || existing.responseBody === null) throw integrationErrors.idempotencyKeyInProgress();
  return { status: existing.responseStatus, body: existing.responseBody };
}

function sendReplay(reply: FastifyReply, replay: TReplay): FastifyReply {
  reply
    .status(replay.status)
    .header('idempotent-replayed', 'true')
    .serializer((payload: unknown) => String(payload));
  if (replay.body === '') return reply.send();
  return reply.type('application/json; charset=utf-8').send(replay.body);
}

/** The same method, path and body (whatever the order of its keys) give the same digest. */
export function digestRequest(route: string, body: unknown): string {
  const hash = createHash('sha256').update(route).update('\n');
  if (Buffer.isBuffer(body)) hash.update(body);
  else hash.update(canonicalJson(body));
  return hash.digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Forgets answers older than a key's lifetime; the housekeeping timer calls it hourly. */
export async function pruneIdempotencyKeys(db: TAppContext['db']): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${KEY_LIFETIME_HOURS})`))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
