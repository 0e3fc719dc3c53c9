import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { webhookBody } from './webhook-signing.js';
import type { TWebhookDelivery, TWebhookDeliveryDetail } from './webhooks.schemas.js';
import { webhookErrors } from './webhooks.errors.js';
import { getWebhookEndpoint, webhookEndpointsOfMarket } from './webhook-endpoints.service.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, webhookEvents, type TWebhookDeliveryRow } from './webhooks.tables.js';

const deliveryColumns = { delivery: webhookDeliveries, eventType: webhookEvents.type };

function toDelivery(row: { delivery: TWebhookDeliveryRow; eventType: string }): TWebhookDelivery {
  const { delivery } = row;
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: row.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    lastAttemptAt: delivery.lastAttemptAt,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt : null,
    succeededAt: delivery.succeededAt,
    createdAt: delivery.createdAt,
  };
}

/** The delivery log of an endpoint of the key's market, newest first (ids are time-ordered), optionally by status. */
export async function listDeliveries(
  db: Database,
  options: { marketId: string | null; endpointId: string; status?: TWebhookDelivery['status']; limit: number; cursor?: string },
): Promise<{ items: TWebhookDelivery[]; nextCursor: string | null }> {
  await getWebhookEndpoint(db, { marketId: options.marketId, id: options.endpointId });
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.endpointId, options.endpointId),
        options.status ? eq(webhookDeliveries.status, options.status) : undefined,
        after ? lt(webhookDeliveries.id, after) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(options.limit + 1);
  return pageOf(rows.map(toDelivery), options.limit);
}

/** A delivery to an endpoint of the key's market: another market's is not found. */
function ofMarket(db: Database, options: { marketId: string | null; deliveryId: string }): SQL {
  const endpoints = db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(webhookEndpointsOfMarket(options.marketId));
  return and(eq(webhookDeliveries.id, options.deliveryId), inArray(webhookDeliveries.endpointId, endpoints))!;
}

/** One delivery with the body sent and every attempt: what the endpoint answered, and when. */
export async function getDelivery(db: Database, options: { marketId: string | null; deliveryId: string }): Promise<TWebhookDeliveryDetail> {
  const [row] = await db
    .select({ ...deliveryColumns, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(ofMarket(db, options));
  if (!row) throw webhookErrors.deliveryNotFound();
  const attempts = await db
    .select()
    .from(webhookDeliveryAttempts)
    .where(eq(webhookDeliveryAttempts.deliveryId, options.deliveryId))
    .orderBy(asc(webhookDeliveryAttempts.attemptedAt), asc(webhookDeliveryAttempts.id));
  return {
    ...toDelivery(row),
    payload: JSON.parse(webhookBody(row.event)) as Record<string, unknown>,
    attemptLog: attempts.map((attempt) => ({
      attemptedAt: attempt.attemptedAt,
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
      responseSnippet: attempt.responseSnippet,
    })),
  };
}

/**
 * Sends a delivery again, whatever became of it: due now, pending. One more attempt is made;
 * if it fails, the delivery is failed again (the backoff schedule is not restarted).
 */
export async function replayDelivery(db: Database, options: { marketId: string | null; deliveryId: string }): Promise<TWebhookDelivery> {
  const [updated] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, succeededAt: null })
    .where(ofMarket(db, options))
    .returning({ id: webhookDeliveries.id });
  if (!updated) throw webhookErrors.deliveryNotFound();
  const [row] = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, updated.id));
  return toDelivery(row!);
}
