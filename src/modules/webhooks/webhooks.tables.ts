import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';

/**
 * A URL of the shop's systems subscribed to events (F7.3). The signing secret (`whsec_…`,
 * Standard Webhooks) must be usable to sign, so it is stored as is and shown only at creation.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text().primaryKey(),
    /** Only this market's events; null: every market's. */
    marketId: text().references(() => markets.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    description: text(),
    secret: text().notNull(),
    /** Event types, e.g. `customer.created`; `*` for every event. */
    eventTypes: jsonb().$type<string[]>().notNull(),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('webhook_endpoints_url_check', sql`${table.url} ~ '^https?://'`)],
);

/**
 * A domain event, written in the transaction of the change it tells of (transactional outbox):
 * both commit or neither does. The webhook worker fans each out to the subscribed endpoints.
 * `customer_id` ties events carrying a person's data to them: they go with an erasure.
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text().primaryKey(),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The market the change happened in; null for shop-wide events. */
    marketId: text().references(() => markets.id, { onDelete: 'cascade' }),
    customerId: text().references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    fannedOutAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('webhook_events_pending_idx').on(table.id).where(sql`${table.fannedOutAt} is null`),
    index('webhook_events_customer_idx').on(table.customerId),
  ],
);

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

/** One event to one endpoint: retried with backoff until it succeeds or the schedule runs out. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text({ enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    succeededAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt.desc()),
    index('webhook_deliveries_event_idx').on(table.eventId),
    check('webhook_deliveries_status_check', sql`${table.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** Every attempt of a delivery: the log the shop reads to see what its endpoint answered. */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: text().primaryKey(),
    deliveryId: text()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    statusCode: integer(),
    error: text(),
    /** The first 1 KB of what the endpoint answered. */
    responseSnippet: text(),
    durationMs: integer().notNull(),
  },
  (table) => [index('webhook_delivery_attempts_delivery_idx').on(table.deliveryId, table.attemptedAt)],
);

export type TWebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type TWebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
