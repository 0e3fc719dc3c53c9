import { z } from 'zod';
import { ZCustomerReference } from './customer-reference.js';
import { isIsoCurrency, isPlausiblePlacedAt } from './orders.rules.js';
import { fulfillmentStatuses, orderChannels, orderStatuses, paymentStatuses, returnStatuses } from './orders.tables.js';

/** Minor units (cents): whole, not negative, and within what a JSON number holds exactly. */
const ZMinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const ZId = z.string().min(1).max(64);

const ZCurrency = z
  .string()
  .refine(isIsoCurrency, { error: 'Use an ISO 4217 currency code in capitals, e.g. EUR.', params: { code: 'invalid_currency' } })
  .describe('ISO 4217, e.g. `EUR`; every amount is in its minor units.');

const ZPlacedAt = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((value) => isPlausiblePlacedAt(value), {
    error: 'placedAt is more than a day ahead of our clock (or before 1970).',
    params: { code: 'placed_at_in_future' },
  })
  .describe('When it was placed or rung up, ISO 8601 with a time zone.');

const ZIngestLine = z.object({
  sku: text(100),
  name: text(500),
  quantity: z.number().int().min(1).max(1_000_000),
  unitPrice: ZMinorUnits,
  productRef: text(200).optional().describe('The storefront’s id of the variant, when its cart needs it rather than the SKU.'),
  taxRateBasisPoints: z.number().int().min(0).max(100_000).optional().describe('2000 = 20 %.'),
  taxAmount: ZMinorUnits.optional(),
  lineTotal: ZMinorUnits.optional().describe('Default: quantity × unitPrice.'),
});

const ZIngestAddress = z.object({
  name: optionalText(200),
  company: optionalText(200),
  line1: text(200),
  line2: optionalText(200),
  postalCode: optionalText(20),
  city: text(100),
  country: z
    .string()
    .refine((value) => /^[A-Z]{2}$/.test(value), { error: 'Use an ISO 3166-1 alpha-2 country code, e.g. FR.', params: { code: 'invalid_country' } }),
});

export const ZIngestOrderBody = z.object({
  externalId: text(200).describe('The store’s own id of the order or receipt; with `channel`, pushing it again updates it.'),
  number: text(100).describe('What the customer sees: "CMD-2025-00042", the receipt number.'),
  channel: z.enum(orderChannels).describe('`online` for the web shop, `store` for a till receipt.'),
  placedAt: ZPlacedAt,
  currency: ZCurrency,
  customer: ZCustomerReference,
  companyId: ZId.optional(),
  locationId: ZId.optional(),
  poNumber: optionalText(100),
  status: z.enum(orderStatuses).describe('`pending_approval` for a draft of a location that requires approval (needs `locationId`).'),
  lines: z.array(ZIngestLine).min(1).max(500),
  total: ZMinorUnits,
  subtotal: ZMinorUnits.optional(),
  discountTotal: ZMinorUnits.optional(),
  shippingTotal: ZMinorUnits.optional(),
  taxTotal: ZMinorUnits.optional(),
  taxes: z
    .array(z.object({ label: text(100), rateBasisPoints: z.number().int().min(0).max(100_000).optional(), amount: ZMinorUnits }))
    .max(20)
    .optional(),
  paymentStatus: z.enum(paymentStatuses).optional().describe('Default `pending`.'),
  fulfillmentStatus: z.enum(fulfillmentStatuses).optional().describe('Default `unfulfilled`.'),
  tracking: z
    .array(z.object({ carrier: optionalText(100), number: text(100), url: z.url({ protocol: /^https?$/ }).max(2000).optional() }))
    .max(20)
    .optional(),
  shippingAddress: ZIngestAddress.optional(),
  billingAddress: ZIngestAddress.optional(),
  storeName: optionalText(200).describe('The shop or till of an in-store receipt.'),
});
export type TIngestOrderBody = z.output<typeof ZIngestOrderBody>;

/**
 * What a push answers. Kept with the Idempotency-Key for replays, so it holds ids and
 * statuses, never the person's address or names.
 */
export const ZIntegrationOrder = z.object({
  id: z.string(),
  externalId: z.string(),
  number: z.string(),
  channel: z.enum(orderChannels),
  status: z.enum(orderStatuses),
  paymentStatus: z.enum(paymentStatuses),
  fulfillmentStatus: z.enum(fulfillmentStatuses),
  placedAt: z.date(),
  currency: z.string(),
  total: z.number().int(),
  customerId: z.string().nullable(),
  companyId: z.string().nullable(),
  locationId: z.string().nullable(),
  lines: z.array(z.object({ id: z.string(), position: z.number().int(), sku: z.string(), quantity: z.number().int(), returnedQuantity: z.number().int() })),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TIntegrationOrder = z.output<typeof ZIntegrationOrder>;

export const ZIntegrationOrderParams = z.object({ orderId: ZId });

export const ZSkuParams = z.object({ sku: text(100) });
export const ZSkuAvailabilityBody = z.object({ orderable: z.boolean() });
export const ZSkuAvailability = z.object({ sku: z.string(), orderable: z.boolean(), updatedAt: z.date() });

export const ZIntegrationReturnsQuery = z.object({
  status: z.enum(returnStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const ZIntegrationReturn = z.object({
  id: z.string(),
  orderId: z.string(),
  orderExternalId: z.string(),
  orderNumber: z.string(),
  channel: z.enum(orderChannels),
  customerId: z.string().nullable(),
  status: z.enum(returnStatuses),
  reason: z.string(),
  comment: z.string().nullable(),
  storeNote: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lines: z.array(z.object({ lineId: z.string(), position: z.number().int(), sku: z.string(), name: z.string(), quantity: z.number().int() })),
});
export type TIntegrationReturn = z.output<typeof ZIntegrationReturn>;

export const ZReturnParams = z.object({ returnId: ZId });
export const ZUpdateReturnBody = z.object({
  status: z.enum(returnStatuses).describe('requested → approved | refused; approved → received | refunded | refused; received → refunded | refused.'),
  storeNote: z.string().trim().max(2000).nullable().optional().describe('Shown to the customer; null clears it, absent keeps it.'),
});
