import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { findCustomerById } from '../customers/customers.service.js';
import { webhookEvents } from './webhooks.tables.js';

/** Every event the shop can subscribe to (F7.3); `*` subscribes to all, present and future. */
export const webhookEventTypes = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'company.created',
  'company.updated',
  'company.deleted',
  'company.member_added',
  'company.member_updated',
  'company.member_removed',
  'order.approved',
  'order.refused',
  'return.requested',
  'return.cancelled',
  // Messages and the contact form (F5.2, F5.4): the store's CRM follows what customers read and ask.
  'message.read',
  'contact.thread_created',
  'contact.message_received',
  // Wishlists and gift registries (F5.5, F5.6): lists kept in step, reorder requests, reservations to hold stock for.
  'wishlist.updated',
  'wishlist.reorder_requested',
  'registry.gift_reserved',
  'registry.gift_cancelled',
] as const;
export type TWebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Records a domain event in the transaction of the change it tells of (pass that transaction
 * as `db`): the event exists if and only if the change committed. The webhook worker delivers
 * it afterwards. `customerId` marks an event that carries the person's data, so an erasure
 * takes it away; leave it out for events about companies, and for `customer.deleted`.
 *
 * `marketId` is the market of the change (F1.8): the customer's or the company's. The event
 * reaches only that market's endpoints and those of every market, and its payload carries it.
 * Left out, it is the market of `customerId`; an event with neither reaches only the endpoints
 * of every market (never another market's store by mistake).
 */
export async function recordEvent(
  db: Database,
  event: { type: TWebhookEventType; payload: Record<string, unknown>; customerId?: string | null; marketId?: string | null },
): Promise<string> {
  const id = newId('evt');
  const customerId = event.customerId ?? null;
  const marketId = event.marketId ?? (customerId ? ((await findCustomerById(db, customerId))?.marketId ?? null) : null);
  const payload = marketId ? { ...event.payload, marketId } : event.payload;
  await db.insert(webhookEvents).values({ id, type: event.type, payload, marketId, customerId });
  return id;
}
