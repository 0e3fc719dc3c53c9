import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { markets } from '../markets/markets.tables.js';

/**
 * A storefront, app or shop that signs customers in through Comptoir's OpenID Connect
 * provider (F7.4). It belongs to one market: its customers are that market's. A confidential
 * client's secret is shown once and only its SHA-256 is kept.
 */
export const oidcClients = pgTable(
  'oidc_clients',
  {
    /** The client_id. */
    id: text().primaryKey(),
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    /** `public` (PKCE required, no secret) or `confidential`. */
    clientType: text({ enum: ['public', 'confidential'] }).notNull(),
    secretHash: text(),
    redirectUris: jsonb().$type<string[]>().notNull(),
    postLogoutRedirectUris: jsonb().$type<string[]>().notNull().default([]),
    allowedScopes: jsonb().$type<string[]>().notNull(),
    /** The shop's own storefront: no consent screen. */
    firstParty: boolean().notNull().default(false),
    backchannelLogoutUri: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('oidc_clients_market_idx').on(table.marketId),
    check('oidc_clients_client_type_check', sql`${table.clientType} in ('public', 'confidential')`),
    check('oidc_clients_secret_check', sql`(${table.clientType} = 'confidential') = (${table.secretHash} is not null)`),
    check('oidc_clients_name_check', sql`btrim(${table.name}) <> ''`),
  ],
);
export type TOidcClientRow = typeof oidcClients.$inferSelect;

/**
 * Every object oidc-provider stores (sessions, interactions, authorization codes, access and
 * refresh tokens, grants…), by kind and id, through the database adapter. Expired rows are
 * swept by housekeeping.
 */
export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    kind: text().notNull(),
    id: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    grantId: text(),
    userCode: text(),
    uid: text(),
    /** The customer the object is about (accountId), for sign-out everywhere and erasure. */
    accountId: text(),
    expiresAt: timestamp({ withTimezone: true }),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.kind, table.id] }),
    index('oidc_payloads_grant_idx').on(table.grantId),
    index('oidc_payloads_uid_idx').on(table.uid),
    index('oidc_payloads_user_code_idx').on(table.userCode),
    index('oidc_payloads_account_idx').on(table.accountId),
    index('oidc_payloads_expires_idx').on(table.expiresAt),
  ],
);

/**
 * The provider's signing keys (JWK with the private part), made and rotated by Comptoir
 * (`npx comptoir oidc rotate-keys`), never kept in the repository. The newest active key
 * signs; retired keys stay published in the JWKS until tokens they signed have expired.
 */
export const oidcSigningKeys = pgTable(
  'oidc_signing_keys',
  {
    /** The JWK `kid`. */
    id: text().primaryKey(),
    algorithm: text().notNull(),
    privateJwk: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ['active', 'retired'] }).notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp({ withTimezone: true }),
  },
  (table) => [check('oidc_signing_keys_status_check', sql`${table.status} in ('active', 'retired')`)],
);
