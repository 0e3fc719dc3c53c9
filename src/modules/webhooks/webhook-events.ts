import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
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
] as const;
export type TWebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Records a domain event in the transaction of the change it tells of (pass that transaction
 * as `db`): the event exists if and only if the change committed. The webhook worker delivers
 * it afterwards. `customerId` marks an event that carries the person's data, so an erasure
 * takes it away; leave it out for events about companies, and for `customer.deleted`.
 */
export async function recordEvent(
  db: Database,
  event: { type: TWebhookEventType; payload: Record<string, unknown>; customerId?: string | null },
): Promise<string> {
  const id = newId('evt');
  await db.insert(webhookEvents).values({ id, type: event.type, payload: event.payload, customerId: event.customerId ?? null });
  return id;
}
