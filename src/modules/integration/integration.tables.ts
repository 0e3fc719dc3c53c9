import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { markets } from '../markets/markets.tables.js';

/**
 * A key the shop's systems (storefront, tills, ERP) use on /api/integration (F7.2). The key is
 * shown once, by `npx comptoir api-key create`; only its SHA-256 digest is kept, with its first
 * characters so staff can tell keys apart. Scopes are `<resource>:read` or `<resource>:write`.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    /** The key reads and writes this market's customers, companies, orders and documents only. */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    /** The key's first 12 characters (`ck_` and 9 more), enough to recognise it in a list. */
    displayPrefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: jsonb().$type<string[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('api_keys_secret_hash_key').on(table.secretHash),
    check('api_keys_name_check', sql`btrim(${table.name}) <> ''`),
  ],
);

/**
 * What a write answered for an `Idempotency-Key`, per API key, for 24 hours: the same key with
 * the same request gets the same answer; with another request, `409`. A row with no
 * `responseStatus` is a request still running (a concurrent retry gets `409` too).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: text()
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    /** `POST /api/integration/orders`: a key is bound to one route. */
    route: text().notNull(),
    /** SHA-256 of the method, route and canonical JSON body. */
    requestHash: text().notNull(),
    responseStatus: integer(),
    /** The exact bytes sent the first time, replayed as they were. */
    responseBody: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.apiKeyId, table.key] }),
    index('idempotency_keys_created_idx').on(table.createdAt),
    check('idempotency_keys_key_check', sql`length(${table.key}) between 1 and 255`),
  ],
);

export type TApiKeyRow = typeof apiKeys.$inferSelect;
