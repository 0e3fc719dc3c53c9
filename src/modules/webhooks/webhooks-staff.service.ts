import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { listDeliveries } from './webhook-deliveries.service.js';
import { getWebhookEndpoint, type TWebhookEndpoint } from './webhook-endpoints.service.js';
import type { TWebhookDelivery } from './webhooks.schemas.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints, webhookEvents } from './webhooks.tables.js';

// What the back office needs beyond the store's own webhook routes: endpoints across the
// markets a staff member works in (those of every market included), the delivery log with what
// the last attempt took and answered, and a test event sent to one endpoint.

/**
 * Not among webhookEventTypes on purpose: nobody subscribes to it, and it never reaches an
 * endpoint it was not sent to.
 */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/** The market an endpoint belongs to (null: every market), or undefined when there is no such endpoint. */
export async function findWebhookEndpointMarket(db: Database, id: string): Promise<{ marketId: string | null } | undefined> {
  const [row] = await db.select({ marketId: webhookEndpoints.marketId }).from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row;
}

/**
 * The endpoints of these markets, oldest first; `marketIds` null: every endpoint, those of
 * every market included (a member limited to some markets never sees those).
 */
export async function listWebhookEndpointsOfMarkets(db: Database, options: { marketIds: string[] | null }): Promise<TWebhookEndpoint[]> {
  if (options.marketIds !== null && options.marketIds.length === 0) return [];
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(options.marketIds === null ? undefined : inArray(webhookEndpoints.marketId, options.marketIds))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return rows.map(({ secret: _secret, ...endpoint }) => endpoint);
}

export type TWebhookDeliveryLogItem = TWebhookDelivery & {
  /** What the last attempt took, and the first 1 KB it was answered. */
  lastDurationMs: number | null;
  lastResponseSnippet: string | null;
};

/** The delivery log of one endpoint (see listDeliveries), each with its last attempt's time and answer. */
export async function listDeliveryLog(
  db: Database,
  options: Parameters<typeof listDeliveries>[1],
): Promise<{ items: TWebhookDeliveryLogItem[]; nextCursor: string | null }> {
  const page = await listDeliveries(db, options);
  const ids = page.items.map((item) => item.id);
  const lastAttempts =
    ids.length === 0
      ? []
      : await db
          .selectDistinctOn([webhookDeliveryAttempts.deliveryId], {
            deliveryId: webhookDeliveryAttempts.deliveryId,
            durationMs: webhookDeliveryAttempts.durationMs,
            responseSnippet: webhookDeliveryAttempts.responseSnippet,
          })
          .from(webhookDeliveryAttempts)
          .where(inArray(webhookDeliveryAttempts.deliveryId, ids))
          .orderBy(webhookDeliveryAttempts.deliveryId, desc(webhookDeliveryAttempts.attemptedAt), desc(webhookDeliveryAttempts.id));
  const byDelivery = new Map(lastAttempts.map((attempt) => [attempt.deliveryId, attempt]));
  return {
    items: page.items.map((item) => ({
      ...item,
      lastDurationMs: byDelivery.get(item.id)?.durationMs ?? null,
      lastResponseSnippet: byDelivery.get(item.id)?.responseSnippet ?? null,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * A `webhook.test` event for one endpoint only: written already fanned out, with its single
 * delivery due now, so the worker sends it (signed, retried, logged) like any other and no
 * other endpoint hears of it. It is sent even to a disabled endpoint's log, and waits there
 * until the endpoint is enabled, as every delivery does.
 */
export async function sendWebhookTestEvent(
  db: Database,
  options: { marketId: string | null; endpointId: string },
): Promise<TWebhookDelivery> {
  return db.transaction(async (tx) => {
    const endpoint = await getWebhookEndpoint(tx, { marketId: options.marketId, id: options.endpointId });
    const eventId = newId('evt');
    const payload: Record<string, unknown> = {
      endpointId: endpoint.id,
      message: 'A test event sent from the Comptoir back office.',
      ...(endpoint.marketId ? { marketId: endpoint.marketId } : {}),
    };
    const [event] = await tx
      .insert(webhookEvents)
      .values({ id: eventId, type: WEBHOOK_TEST_EVENT_TYPE, payload, marketId: endpoint.marketId, fannedOutAt: sql`now()` })
      .returning();
    const [delivery] = await tx.insert(webhookDeliveries).values({ id: newId('whd'), eventId, endpointId: endpoint.id }).returning();
    return {
      id: delivery!.id,
      endpointId: endpoint.id,
      eventId,
      eventType: event!.type,
      status: delivery!.status,
      attempts: delivery!.attempts,
      lastStatusCode: null,
      lastError: null,
      lastAttemptAt: null,
      nextAttemptAt: delivery!.nextAttemptAt,
      succeededAt: null,
      createdAt: delivery!.createdAt,
    };
  });
}
