import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { newWebhookSecret } from './webhook-signing.js';
import type { TCreateWebhookBody, TUpdateWebhookBody } from './webhooks.schemas.js';
import { webhookErrors } from './webhooks.errors.js';
import { webhookEndpoints, type TWebhookEndpointRow } from './webhooks.tables.js';

export type TWebhookEndpoint = Omit<TWebhookEndpointRow, 'secret'>;

/** The secret must stay usable for signing, so it is stored; it leaves only at creation and rotation. */
function withoutSecret(row: TWebhookEndpointRow): TWebhookEndpoint {
  const { secret: _secret, ...endpoint } = row;
  return endpoint;
}

export async function createWebhookEndpoint(db: Database, body: TCreateWebhookBody): Promise<TWebhookEndpoint & { secret: string }> {
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ id: newId('whe'), url: body.url, eventTypes: body.eventTypes, description: body.description ?? null, secret })
    .returning();
  return { ...withoutSecret(row!), secret };
}

export async function listWebhookEndpoints(db: Database): Promise<TWebhookEndpoint[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id));
  return rows.map(withoutSecret);
}

export async function getWebhookEndpoint(db: Database, id: string): Promise<TWebhookEndpoint> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw webhookErrors.endpointNotFound();
  return withoutSecret(row);
}

/** Only the given fields change; `description: null` clears it. */
export async function updateWebhookEndpoint(db: Database, options: { id: string; changes: TUpdateWebhookBody }): Promise<TWebhookEndpoint> {
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
    .where(eq(webhookEndpoints.id, options.id))
    .returning();
  if (!row) throw webhookErrors.endpointNotFound();
  return withoutSecret(row);
}

/** Its deliveries and their log go with it (foreign keys cascade). */
export async function deleteWebhookEndpoint(db: Database, id: string): Promise<void> {
  const deleted = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  if (deleted.length === 0) throw webhookErrors.endpointNotFound();
}

/**
 * A new secret at once: the old one stops signing from the next attempt. Receivers update
 * theirs with the answer (a leaked secret must stop working, not linger).
 */
export async function rotateWebhookSecret(db: Database, id: string): Promise<TWebhookEndpoint & { secret: string }> {
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secret, updatedAt: new Date() })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw webhookErrors.endpointNotFound();
  return { ...withoutSecret(row), secret };
}
