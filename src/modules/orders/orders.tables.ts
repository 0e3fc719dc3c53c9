import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { companies, companyLocations } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';

export const orderChannels = ['online', 'store'] as const;
export type TOrderChannel = (typeof orderChannels)[number];
/**
 * `pending_approval`: a draft from a location that requires approval (F3.5), waiting for a
 * location administrator; `refused` is where a refused draft ends.
 */
export const orderStatuses = ['pending_approval', 'open', 'completed', 'cancelled', 'refused'] as const;
export type TOrderStatus = (typeof orderStatuses)[number];
export const paymentStatuses = [
  'pending',
  'authorized',
  'paid',
  'partially_paid',
  'partially_refunded',
  'refunded',
  'voided',
  'failed',
] as const;
export const fulfillmentStatuses = [
  'unfulfilled',
  'partially_fulfilled',
  'fulfilled',
  'ready_for_pickup',
  'delivered',
  'returned',
] as const;

export type TMoneyLine = { label: string; rateBasisPoints: number | null; amount: number };
export type TTracking = { carrier: string | null; number: string; url: string | null };
/** An address as printed on the order: a copy, so later edits of the address book change nothing. */
export type TOrderAddress = {
  name: string | null;
  company: string | null;
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string;
  country: string;
};

const money = (name?: string) => (name ? bigint(name, { mode: 'number' }) : bigint({ mode: 'number' }));

/**
 * An online order or an in-store receipt (`channel: store`), as the shop's systems push it
 * (F4.1, F4.2). `(channel, external_id)` is the store's own identity of it: pushing it again
 * updates it. Orders are never deleted: an erased customer's orders stay with `customer_id`
 * null, `customer_pseudonym` set and the personal fields emptied (kept 10 years by law), and a
 * company's orders stay with the company when the colleague who placed them leaves.
 */
export const orders = pgTable(
  'orders',
  {
    id: text().primaryKey(),
    /** The market of the store that pushed it (its API key's); its customer and company are there too. */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    externalId: text().notNull(),
    number: text().notNull(),
    channel: text({ enum: orderChannels }).notNull(),
    placedAt: timestamp({ withTimezone: true }).notNull(),
    currency: char({ length: 3 }).notNull(),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    customerPseudonym: text(),
    /** The address the order was placed with. */
    email: text(),
    companyId: text().references(() => companies.id, { onDelete: 'restrict' }),
    locationId: text().references(() => companyLocations.id, { onDelete: 'restrict' }),
    poNumber: text(),
    status: text({ enum: orderStatuses }).notNull(),
    paymentStatus: text({ enum: paymentStatuses }).notNull().default('pending'),
    fulfillmentStatus: text({ enum: fulfillmentStatuses }).notNull().default('unfulfilled'),
    subtotal: money(),
    discountTotal: money().notNull().default(0),
    shippingTotal: money().notNull().default(0),
    taxTotal: money().notNull().default(0),
    total: money().notNull(),
    taxes: jsonb().$type<TMoneyLine[]>().notNull().default([]),
    tracking: jsonb().$type<TTracking[]>().notNull().default([]),
    shippingAddress: jsonb().$type<TOrderAddress>(),
    billingAddress: jsonb().$type<TOrderAddress>(),
    /** The shop or till of an in-store receipt, as the store names it. */
    storeName: text(),
    approvalDecidedBy: text().references(() => customers.id, { onDelete: 'set null' }),
    approvalDecidedAt: timestamp({ withTimezone: true }),
    refusalReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('orders_market_channel_external_id_key').on(table.marketId, table.channel, table.externalId),
    // History pages are keyset-paginated on (placed_at, id), newest first.
    index('orders_customer_history_idx').on(table.customerId, table.placedAt.desc(), table.id.desc()),
    index('orders_company_history_idx').on(table.companyId, table.placedAt.desc(), table.id.desc()),
    index('orders_location_history_idx').on(table.locationId, table.placedAt.desc(), table.id.desc()),
    index('orders_pending_approval_idx').on(table.companyId).where(sql`${table.status} = 'pending_approval'`),
    check('orders_channel_check', sql`${table.channel} in ('online', 'store')`),
    check('orders_status_check', sql`${table.status} in ('pending_approval', 'open', 'completed', 'cancelled', 'refused')`),
    check(
      'orders_payment_status_check',
      sql`${table.paymentStatus} in ('pending', 'authorized', 'paid', 'partially_paid', 'partially_refunded', 'refunded', 'voided', 'failed')`,
    ),
    check(
      'orders_fulfillment_status_check',
      sql`${table.fulfillmentStatus} in ('unfulfilled', 'partially_fulfilled', 'fulfilled', 'ready_for_pickup', 'delivered', 'returned')`,
    ),
    check('orders_currency_check', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('orders_total_check', sql`${table.total} >= 0 and ${table.taxTotal} >= 0 and ${table.shippingTotal} >= 0 and ${table.discountTotal} >= 0`),
    check('orders_location_needs_company_check', sql`${table.locationId} is null or ${table.companyId} is not null`),
    // Either a person or, once they are erased, their pseudonym.
    check('orders_customer_check', sql`${table.customerId} is not null or ${table.customerPseudonym} is not null`),
  ],
);

/** The lines of an order, by position; returns point at them. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer().notNull(),
    sku: text().notNull(),
    name: text().notNull(),
    /** The storefront's id of the variant, when the cart link needs it rather than the SKU. */
    productRef: text(),
    quantity: integer().notNull(),
    unitPrice: money().notNull(),
    taxRateBasisPoints: integer(),
    taxAmount: money(),
    lineTotal: money().notNull(),
  },
  (table) => [
    uniqueIndex('order_lines_position_key').on(table.orderId, table.position),
    check('order_lines_quantity_check', sql`${table.quantity} > 0`),
    check('order_lines_price_check', sql`${table.unitPrice} >= 0`),
  ],
);

/**
 * Whether a SKU can still be ordered, as the store says (`PUT /api/integration/catalog/{sku}`).
 * Reorder leaves out the SKUs marked not orderable; a SKU the store never mentioned is offered.
 */
export const skuAvailability = pgTable(
  'sku_availability',
  {
    /** Each market's store has its own catalogue. */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    orderable: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.marketId, table.sku] })],
);

export const returnReasons = ['changed_mind', 'damaged', 'defective', 'wrong_item', 'not_as_described', 'wrong_size', 'arrived_late', 'other'] as const;
/** `requested` by the customer, then what the store pushes back. */
export const returnStatuses = ['requested', 'approved', 'refused', 'received', 'refunded', 'cancelled'] as const;
export type TReturnStatus = (typeof returnStatuses)[number];

/** A return request (F4.4): lines and quantities of one order, a reason, then the store's answers. */
export const returnRequests = pgTable(
  'return_requests',
  {
    id: text().primaryKey(),
    orderId: text()
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    customerPseudonym: text(),
    status: text({ enum: returnStatuses }).notNull().default('requested'),
    reason: text({ enum: returnReasons }).notNull(),
    comment: text(),
    /** What the store says about it (shown to the customer). */
    storeNote: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('return_requests_customer_idx').on(table.customerId, table.createdAt.desc()),
    index('return_requests_order_idx').on(table.orderId),
    index('return_requests_status_idx').on(table.status, table.createdAt),
    check('return_requests_status_check', sql`${table.status} in ('requested', 'approved', 'refused', 'received', 'refunded', 'cancelled')`),
    check(
      'return_requests_reason_check',
      sql`${table.reason} in ('changed_mind', 'damaged', 'defective', 'wrong_item', 'not_as_described', 'wrong_size', 'arrived_late', 'other')`,
    ),
    check('return_requests_customer_check', sql`${table.customerId} is not null or ${table.customerPseudonym} is not null`),
  ],
);

export const returnLines = pgTable(
  'return_lines',
  {
    returnId: text()
      .notNull()
      .references(() => returnRequests.id, { onDelete: 'cascade' }),
    orderLineId: text()
      .notNull()
      .references(() => orderLines.id, { onDelete: 'restrict' }),
    quantity: integer().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.returnId, table.orderLineId] }),
    index('return_lines_order_line_idx').on(table.orderLineId),
    check('return_lines_quantity_check', sql`${table.quantity} > 0`),
  ],
);

export type TOrderRow = typeof orders.$inferSelect;
export type TOrderLineRow = typeof orderLines.$inferSelect;
export type TReturnRequestRow = typeof returnRequests.$inferSelect;
