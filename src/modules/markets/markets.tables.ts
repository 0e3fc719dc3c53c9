import { sql } from 'drizzle-orm';
import { boolean, char, check, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/column-types.js';
import { accountApprovalModes } from '../account-approval/shop-settings.tables.js';

/** The id of the market migration 0010 creates and moves every existing row into. */
export const DEFAULT_MARKET_ID = 'mkt_default';

export const marketLocales = ['fr', 'en'] as const;
export const businessProgrammes = ['mixed', 'separate'] as const;

/**
 * How a market looks (F7.5). Every field is optional: what a market leaves out comes from the
 * environment (SHOP_NAME, BRAND_COLOR, BRAND_LOGO_URL, MAIL_FROM). Kept as one validated JSON
 * document (markets/branding.schemas.ts) because it is read whole and written whole.
 */
export type TStoredBranding = {
  shopName?: string;
  primaryColor?: string;
  accentColor?: string;
  font?: string;
  senderName?: string;
  replyTo?: string;
  legal?: {
    companyName?: string;
    legalForm?: string;
    shareCapital?: string;
    address?: string;
    siren?: string;
    rcs?: string;
    vatNumber?: string;
  };
  links?: { termsUrl?: string; privacyUrl?: string; storeUrl?: string };
};

/**
 * A market (F1.8): a country or store with its own accounts. A customer account, a company,
 * an order, a document and a store API key each belong to one. The market of a request is
 * chosen by its host (`host`, from `public_url`) or by the store's API key, never by a field
 * the customer sends. Null settings follow the environment (B2B_ONLY, BUSINESS_PROGRAMME,
 * PUBLIC_URL), so a shop with one market behaves as before.
 */
export const markets = pgTable(
  'markets',
  {
    id: text().primaryKey(),
    /** Short lower-case code staff and the CLI use: `fr`, `be`, `pro`. */
    code: text().notNull(),
    name: text().notNull(),
    /** ISO 3166-1 alpha-2 codes the market sells in; the first is its main country. */
    countries: jsonb().$type<string[]>().notNull(),
    defaultLocale: text({ enum: marketLocales }).notNull().default('fr'),
    locales: jsonb().$type<('fr' | 'en')[]>().notNull(),
    currency: char({ length: 3 }).notNull().default('EUR'),
    /** Where its customers reach it; links in its emails start with it. Null: PUBLIC_URL. */
    publicUrl: text(),
    /** `host[:port]` of `public_url`, lower case: what a request's Host is matched against. */
    host: text(),
    /** Null: B2B_ONLY. */
    b2bOnly: boolean(),
    /** Null: BUSINESS_PROGRAMME. */
    businessProgramme: text({ enum: businessProgrammes }),
    accountApproval: text({ enum: accountApprovalModes }).notNull().default('none'),
    isDefault: boolean().notNull().default(false),
    branding: jsonb().$type<TStoredBranding>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('markets_code_key').on(table.code),
    uniqueIndex('markets_host_key').on(table.host),
    uniqueIndex('markets_one_default_key').on(table.isDefault).where(sql`${table.isDefault}`),
    check('markets_code_check', sql`${table.code} ~ '^[a-z0-9][a-z0-9-]{0,31}$'`),
    check('markets_name_check', sql`btrim(${table.name}) <> ''`),
    check('markets_currency_check', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('markets_default_locale_check', sql`${table.defaultLocale} in ('fr', 'en')`),
    check('markets_business_programme_check', sql`${table.businessProgramme} in ('mixed', 'separate')`),
    check('markets_account_approval_check', sql`${table.accountApproval} in ('none', 'business', 'all')`),
    check('markets_host_check', sql`${table.host} = lower(${table.host})`),
  ],
);
export type TMarketRow = typeof markets.$inferSelect;


export const marketAssetKinds = ['logo', 'favicon'] as const;
export type TMarketAssetKind = (typeof marketAssetKinds)[number];

/**
 * Images staff upload for a market (logo, favicon), served by Comptoir itself with their
 * digest in the URL so they can be cached for a year.
 */
export const marketAssets = pgTable(
  'market_assets',
  {
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'cascade' }),
    kind: text({ enum: marketAssetKinds }).notNull(),
    contentType: text().notNull(),
    data: bytea().notNull(),
    byteSize: integer().notNull(),
    sha256: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.marketId, table.kind] }),
    check('market_assets_kind_check', sql`${table.kind} in ('logo', 'favicon')`),
    check('market_assets_content_type_check', sql`${table.contentType} in ('image/png', 'image/jpeg', 'image/webp', 'image/x-icon')`),
  ],
);
