import { sql } from 'drizzle-orm';
import { boolean, char, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/column-types.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';


export const registryKinds = ['birth', 'wedding', 'birthday', 'other'] as const;
/** public: listed and searchable by names; link: only by its link; code: its link or code plus the access code. */
export const registryVisibilities = ['public', 'link', 'code'] as const;
export const registryStatuses = ['open', 'closed'] as const;

/** A gift or birth registry (F5.6): the owner's list, published at a public page. */
export const registries = pgTable(
  'registries',
  {
    id: text().primaryKey(),
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text({ enum: registryKinds }).notNull(),
    title: text().notNull(),
    /** The names visitors search by ("Léa et Hugo Martin"). */
    ownerNames: text().notNull(),
    eventDate: date({ mode: 'string' }),
    message: text(),
    /** The short code shared on birth announcements, e.g. `LN-7KQ2M`. */
    publicCode: text().notNull(),
    visibility: text({ enum: registryVisibilities }).notNull().default('link'),
    /** SHA-256 of the access code, for `code` visibility. */
    accessCodeHash: text(),
    status: text({ enum: registryStatuses }).notNull().default('open'),
    fundEnabled: boolean().notNull().default(false),
    photo: bytea(),
    photoContentType: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('registries_public_code_key').on(table.publicCode),
    index('registries_customer_idx').on(table.customerId),
    index('registries_owner_names_trgm_idx').using('gin', sql`comptoir_fold(${table.ownerNames}) gin_trgm_ops`),
    check('registries_kind_check', sql`${table.kind} in ('birth', 'wedding', 'birthday', 'other')`),
    check('registries_visibility_check', sql`${table.visibility} in ('public', 'link', 'code')`),
    check('registries_status_check', sql`${table.status} in ('open', 'closed')`),
    check('registries_access_code_check', sql`(${table.visibility} = 'code') = (${table.accessCodeHash} is not null)`),
    check('registries_photo_check', sql`(${table.photo} is null) = (${table.photoContentType} is null)`),
    check('registries_title_check', sql`btrim(${table.title}) <> '' and length(${table.title}) <= 150`),
  ],
);

/**
 * A product wanted on a registry. Reserved and purchased quantities never go below zero nor
 * above what is wanted: the check holds under concurrent reservations of the last one.
 */
export const registryItems = pgTable(
  'registry_items',
  {
    id: text().primaryKey(),
    registryId: text()
      .notNull()
      .references(() => registries.id, { onDelete: 'cascade' }),
    productId: text().notNull(),
    variantId: text().notNull().default(''),
    name: text().notNull(),
    imageUrl: text(),
    priceAmount: integer(),
    currency: char({ length: 3 }),
    wantedQuantity: integer().notNull(),
    reservedQuantity: integer().notNull().default(0),
    purchasedQuantity: integer().notNull().default(0),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('registry_items_product_key').on(table.registryId, table.productId, table.variantId),
    check('registry_items_wanted_check', sql`${table.wantedQuantity} between 1 and 999`),
    check(
      'registry_items_quantities_check',
      sql`${table.reservedQuantity} >= 0 and ${table.purchasedQuantity} >= 0 and ${table.reservedQuantity} + ${table.purchasedQuantity} <= ${table.wantedQuantity}`,
    ),
  ],
);

export const registryGiftStatuses = ['reserved', 'purchased', 'cancelled'] as const;

/** A visitor's reservation of an item, then its purchase as the store reports it. */
export const registryGifts = pgTable(
  'registry_gifts',
  {
    id: text().primaryKey(),
    registryId: text()
      .notNull()
      .references(() => registries.id, { onDelete: 'cascade' }),
    itemId: text()
      .notNull()
      .references(() => registryItems.id, { onDelete: 'cascade' }),
    quantity: integer().notNull(),
    status: text({ enum: registryGiftStatuses }).notNull().default('reserved'),
    giverName: text().notNull(),
    giverEmail: text(),
    message: text(),
    /** The store's order of the purchase (integration API), once bought. */
    externalOrderId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    purchasedAt: timestamp({ withTimezone: true }),
    thankedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('registry_gifts_registry_idx').on(table.registryId, table.createdAt),
    uniqueIndex('registry_gifts_external_order_key').on(table.itemId, table.externalOrderId),
    check('registry_gifts_quantity_check', sql`${table.quantity} between 1 and 999`),
    check('registry_gifts_status_check', sql`${table.status} in ('reserved', 'purchased', 'cancelled')`),
  ],
);

/** An amount given towards the registry's fund (the store takes the payment and reports it). */
export const registryContributions = pgTable(
  'registry_contributions',
  {
    id: text().primaryKey(),
    registryId: text()
      .notNull()
      .references(() => registries.id, { onDelete: 'cascade' }),
    amount: integer().notNull(),
    currency: char({ length: 3 }).notNull(),
    giverName: text().notNull(),
    giverEmail: text(),
    message: text(),
    externalPaymentId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    thankedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('registry_contributions_registry_idx').on(table.registryId, table.createdAt),
    uniqueIndex('registry_contributions_payment_key').on(table.registryId, table.externalPaymentId),
    check('registry_contributions_amount_check', sql`${table.amount} > 0`),
  ],
);
