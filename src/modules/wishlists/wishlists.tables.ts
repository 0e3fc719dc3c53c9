import { sql } from 'drizzle-orm';
import { char, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { companyLocations } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';

/**
 * A customer's named wishlist (F5.5). It may be shared read-only by an unguessable link
 * (only the token's SHA-256 is kept; revoking clears it) and, for a business buyer, belong to
 * one of their company's locations.
 */
export const wishlists = pgTable(
  'wishlists',
  {
    id: text().primaryKey(),
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    locationId: text().references(() => companyLocations.id, { onDelete: 'set null' }),
    shareTokenHash: text(),
    sharedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('wishlists_customer_idx').on(table.customerId),
    uniqueIndex('wishlists_share_token_key').on(table.shareTokenHash),
    check('wishlists_name_check', sql`btrim(${table.name}) <> '' and length(${table.name}) <= 100`),
  ],
);

/** A product the store added to a list, as the store described it (id, variant, name, image, price). */
export const wishlistItems = pgTable(
  'wishlist_items',
  {
    id: text().primaryKey(),
    wishlistId: text()
      .notNull()
      .references(() => wishlists.id, { onDelete: 'cascade' }),
    productId: text().notNull(),
    /** '' for a product without variants, so the pair is unique in a list. */
    variantId: text().notNull().default(''),
    name: text().notNull(),
    imageUrl: text(),
    priceAmount: integer(),
    currency: char({ length: 3 }),
    quantity: integer().notNull().default(1),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('wishlist_items_product_key').on(table.wishlistId, table.productId, table.variantId),
    check('wishlist_items_quantity_check', sql`${table.quantity} between 1 and 9999`),
    check('wishlist_items_price_check', sql`(${table.priceAmount} is null) = (${table.currency} is null)`),
  ],
);
