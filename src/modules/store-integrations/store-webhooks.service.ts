import type { TAppContext, TRequestMeta } from '../../context.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffCanSeeMarket } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { getDelivery, replayDelivery } from '../webhooks/webhook-deliveries.service.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type TWebhookEndpoint,
} from '../webhooks/webhook-endpoints.service.js';
import { findWebhookEndpointMarket, listDeliveryLog, listWebhookEndpointsOfMarkets, sendWebhookTestEvent, type TWebhookDeliveryLogItem } from '../webhooks/webhooks-staff.service.js';
import type { TUpdateWebhookBody, TWebhookDelivery } from '../webhooks/webhooks.schemas.js';
import { webhookErrors } from '../webhooks/webhooks.errors.js';
import type { TCreateStaffWebhookBody } from './store-integrations.schemas.js';
import { storeIntegrationErrors } from './store-integrations.errors.js';

// Webhook endpoints managed by staff. An endpoint of one market is reached by members who
// work in that market; an endpoint of every market (market_id null) hears every market's
// events, so only members of every market see or touch it. The signing secret must stay usable
// to sign, so it is stored as is (not hashed) and leaves only at creation and rotation.
// Endpoint URLs may carry a receiver's token: the audit keeps their host only.

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };
type TContext = Pick<TAppContext, 'db'>;

function canReach(actor: TStaffPrincipal, marketId: string | null): boolean {
  return marketId === null ? actor.staff.marketIds === null : staffCanSeeMarket(actor, marketId);
}

/** The endpoint's market, or 404 when it does not exist or lies outside the member's reach. */
async function reachableMarket(db: TContext['db'], actor: TStaffPrincipal, endpointId: string): Promise<string | null> {
  const found = await findWebhookEndpointMarket(db, endpointId);
  if (!found || !canReach(actor, found.marketId)) throw webhookErrors.endpointNotFound();
  return found.marketId;
}

const hostOf = (url: string) => new URL(url).host;

export async function listStaffWebhookEndpoints(ctx: TContext, options: { actor: TStaffPrincipal }): Promise<TWebhookEndpoint[]> {
  return listWebhookEndpointsOfMarkets(ctx.db, { marketIds: options.actor.staff.marketIds });
}

export async function createStaffWebhookEndpoint(ctx: TContext, options: TStaffAction & { body: TCreateStaffWebhookBody }) {
  const { actor, body } = options;
  if (body.marketId === null && actor.staff.marketIds !== null) throw storeIntegrationErrors.marketRequired();
  if (body.marketId !== null && !staffCanSeeMarket(actor, body.marketId)) throw storeIntegrationErrors.unknownMarket();
  return ctx.db.transaction(async (tx) => {
    const created = await createWebhookEndpoint(tx, { marketId: body.marketId, body });
    await recordStaffAudit(tx, {
      staffId: actor.staff.id,
      action: 'integration.webhook_created',
      target: { type: 'webhook_endpoint', id: created.id },
      meta: options.meta,
      details: { marketId: created.marketId, host: hostOf(created.url), eventTypes: created.eventTypes },
    });
    return created;
  });
}

/** Only the given fields change; the market never does (delete and create another). */
export async function updateStaffWebhookEndpoint(ctx: TContext, options: TStaffAction & { endpointId: string; changes: TUpdateWebhookBody }) {
  return ctx.db.transaction(async (tx) => {
    const marketId = await reachableMarket(tx, options.actor, options.endpointId);
    const updated = await updateWebhookEndpoint(tx, { marketId, id: options.endpointId, changes: options.changes });
    const { url, eventTypes, enabled, description } = options.changes;
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.webhook_updated',
      target: { type: 'webhook_endpoint', id: updated.id },
      meta: options.meta,
      details: {
        changed: Object.entries(options.changes)
          .filter(([, value]) => value !== undefined)
          .map(([field]) => field)
          .sort(),
        ...(url !== undefined ? { host: hostOf(updated.url) } : {}),
        ...(eventTypes !== undefined ? { eventTypes: updated.eventTypes } : {}),
        ...(enabled !== undefined ? { enabled: updated.enabled } : {}),
        ...(description !== undefined ? { description: updated.description } : {}),
      },
    });
    return updated;
  });
}

/** The endpoint and its delivery log go; nothing more is sent to it. */
export async function deleteStaffWebhookEndpoint(ctx: TContext, options: TStaffAction & { endpointId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const marketId = await reachableMarket(tx, options.actor, options.endpointId);
    await deleteWebhookEndpoint(tx, { marketId, id: options.endpointId });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.webhook_deleted',
      target: { type: 'webhook_endpoint', id: options.endpointId },
      meta: options.meta,
      details: { marketId },
    });
  });
}

/** A new secret, shown once; the next attempt (retries included) is signed with it. */
export async function rotateStaffWebhookSecret(ctx: TContext, options: TStaffAction & { endpointId: string }) {
  return ctx.db.transaction(async (tx) => {
    const marketId = await reachableMarket(tx, options.actor, options.endpointId);
    const rotated = await rotateWebhookSecret(tx, { marketId, id: options.endpointId });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.webhook_secret_rotated',
      target: { type: 'webhook_endpoint', id: rotated.id },
      meta: options.meta,
      details: { marketId },
    });
    return rotated;
  });
}

/** The log lists statuses, codes, times and the endpoint's answers, never the payloads sent. */
export async function listStaffDeliveryLog(
  ctx: TContext,
  options: { actor: TStaffPrincipal; endpointId: string; status?: TWebhookDelivery['status']; limit: number; cursor?: string },
): Promise<{ items: TWebhookDeliveryLogItem[]; nextCursor: string | null }> {
  const marketId = await reachableMarket(ctx.db, options.actor, options.endpointId);
  return listDeliveryLog(ctx.db, { marketId, endpointId: options.endpointId, limit: options.limit, ...(options.status ? { status: options.status } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) });
}

/** One more attempt of a delivery that gave up, due now; the worker sends it and logs it. */
export async function replayStaffDelivery(ctx: TContext, options: TStaffAction & { endpointId: string; deliveryId: string }): Promise<TWebhookDelivery> {
  return ctx.db.transaction(async (tx) => {
    const marketId = await reachableMarket(tx, options.actor, options.endpointId);
    const delivery = await getDelivery(tx, { marketId, deliveryId: options.deliveryId });
    if (delivery.endpointId !== options.endpointId) throw webhookErrors.deliveryNotFound();
    if (delivery.status !== 'failed') throw storeIntegrationErrors.deliveryNotFailed();
    const replayed = await replayDelivery(tx, { marketId, deliveryId: delivery.id });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.webhook_delivery_replayed',
      target: { type: 'webhook_endpoint', id: options.endpointId },
      meta: options.meta,
      details: { deliveryId: delivery.id, eventId: delivery.eventId, eventType: delivery.eventType },
    });
    return replayed;
  });
}

/** A `webhook.test` event to this endpoint only, delivered by the worker and shown in its log. */
export async function sendStaffTestEvent(ctx: TContext, options: TStaffAction & { endpointId: string }): Promise<TWebhookDelivery> {
  return ctx.db.transaction(async (tx) => {
    const marketId = await reachableMarket(tx, options.actor, options.endpointId);
    const delivery = await sendWebhookTestEvent(tx, { marketId, endpointId: options.endpointId });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'integration.webhook_test_sent',
      target: { type: 'webhook_endpoint', id: options.endpointId },
      meta: options.meta,
      details: { deliveryId: delivery.id, eventId: delivery.eventId },
    });
    return delivery;
  });
}
