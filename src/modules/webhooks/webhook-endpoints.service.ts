import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { newWebhookSecret } from './webhook-signing.js';
import type { TCreateWebhookBody, TUpdateWebhookBody } from './webhooks.schemas.js';
import { webhookErrors } from './webhooks.errors.js';
import { webhookEndpoints, type TWebhookEndpointRow } from './webhooks.tables.js';

export type TWebhookEndpoint = Omit<TWebhookEndpointRow, 'secret'>;

// Endpoints as a store's key manages them: only its market's (F1.8). An endpoint of every market
// (market_id null) is not any one store's to read or change; staff who work in every market
// reach those with `marketId: null` (the back office's store integrations page).

/** The secret must stay usable for signing, so it is stored; it leaves only at creation and rotation. */
function withoutSecret(row: TWebhookEndpointRow): TWebhookEndpoint {
  const { secret: _secret, ...endpoint } = row;
  return endpoint;
}

/** `null`: the endpoints of every market, not "any market". */
export const webhookEndpointsOfMarket = (marketId: string | null) => (marketId === null ? isNull(webhookEndpoints.marketId) : eq(webhookEndpoints.marketId, marketId));
const ofMarket = (marketId: string | null, id: string) => and(eq(webhookEndpoints.id, id), webhookEndpointsOfMarket(marketId))!;

/** An endpoint of the key's market: it is sent that market's events only. */
export async function createWebhookEndpoint(db: Database, options: { marketId: string | null; body: TCreateWebhookBody }): Promise<TWebhookEndpoint & { secret: string }> {
  const { marketId, body } = options;
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ id: newId('whe'), marketId, url: body.url, eventTypes: body.eventTypes, description: body.description ?? null, secret })
    .returning();
  return { ...withoutSecret(row!), secret };
}

export async function listWebhookEndpoints(db: Database, marketId: string | null): Promise<TWebhookEndpoint[]> {
  const rows = await db.select().from(webhookEndpoints).where(webhookEndpointsOfMarket(marketId)).orderBy(asc(webhookEndpoints.id));
  return rows.map(withoutSecret);
}

export async function getWebhookEndpoint(db: Database, options: { marketId: string | null; id: string }): Promise<TWebhookEndpoint> {
  const [row] = await db.select().from(webhookEndpoints).where(ofMarket(options.marketId, options.id));
  if (!row) throw webhookErrors.endpointNotFound();
  return withoutSecret(row);
}

/** Only the given fields change; `description: null` clears it. */
export async function updateWebhookEndpoint(db: Database, options: { marketId: string | null; id: string; changes: TUpdateWebhookBody }): Promise<TWebhookEndpoint> {
  const { url, eventTypes, enabled, description } = options.changes;
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      ...(url !== undefined ? { url } : {}),
      ...(eventTypes !== undefined ? { eventTypes } : {}),
      ...(enabled !== undefined ? { enabled } : {}),
      ...(description !== undefined ? { description } : {}),
      updatedAt: new Date(),
    })
    .where(ofMarket(options.marketId, options.id))
    .returning();
  if (!row) throw webhookErrors.endpointNotFound();
  return withoutSecret(row);
}

/** Its deliveries and their log go with it (foreign keys cascade). */
export async function deleteWebhookEndpoint(db: Database, options: { marketId: string | null; id: string }): Promise<void> {
  const deleted = await db.delete(webhookEndpoints).where(ofMarket(options.marketId, options.id)).returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw webhookErrors.endpointNotFound();
}

/**
 * A new secret at once: the old one stops signing from the next attempt. Receivers update
 * theirs with the answer (a leaked secret must stop working, not linger).
 */
export async function rotateWebhookSecret(db: Database, options: { marketId: string | null; id: string }): Promise<TWebhookEndpoint & { secret: string }> {
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secret, updatedAt: new Date() })
    .where(ofMarket(options.marketId, options.id))
    .returning();
  if (!row) throw webhookErrors.endpointNotFound();
  return { ...withoutSecret(row), secret };
}
