import { z } from 'zod';
import { documentKinds, documentStatuses } from '../documents/documents.tables.js';
import { fulfillmentStatuses, orderChannels, orderStatuses, paymentStatuses, returnStatuses } from './orders.tables.js';

const ZId = z.string().min(1).max(64);

export const ZMoney = z.object({ amount: z.number().int(), currency: z.string() }).describe('Integer minor units of an ISO 4217 currency.');
export type TMoney = z.output<typeof ZMoney>;

/** `2025-03-01` or a full ISO 8601 timestamp; a bare date is a UTC day. */
const ZDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const ZOrderListQuery = z.object({
  from: ZDateOrDateTime.optional().describe('Placed at or after: a date (from its start, UTC) or a timestamp.'),
  to: ZDateOrDateTime.optional().describe('Placed at or before: a date (to its end, UTC) or a timestamp.'),
  status: z.enum(orderStatuses).optional(),
  channel: z.enum(orderChannels).optional(),
  locationId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type TOrderListQuery = z.output<typeof ZOrderListQuery>;

export const ZCompanyOrderListQuery = ZOrderListQuery.extend({
  customerId: ZId.optional().describe('Orders placed by this colleague (or former colleague).'),
});
export type TCompanyOrderListQuery = z.output<typeof ZCompanyOrderListQuery>;

const ZNamed = z.object({ id: z.string(), name: z.string() });

export const ZOrderSummary = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(orderChannels).describe('`online` order or `store` receipt.'),
  placedAt: z.date(),
  status: z.enum(orderStatuses),
  paymentStatus: z.enum(paymentStatuses),
  fulfillmentStatus: z.enum(fulfillmentStatuses),
  total: ZMoney,
  itemCount: z.number().int().describe('Units bought, all lines together.'),
  company: ZNamed.nullable(),
  location: ZNamed.nullable(),
  storeName: z.string().nullable(),
  poNumber: z.string().nullable(),
});
export type TOrderSummary = z.output<typeof ZOrderSummary>;

/** An address as printed on an order or a document: a copy, unaffected by later edits of the address book. */
export const ZAddressCopy = z.object({
  name: z.string().nullable(),
  company: z.string().nullable(),
  line1: z.string(),
  line2: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string(),
  country: z.string(),
});

export const ZOrderDetail = ZOrderSummary.extend({
  lines: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: ZMoney,
      lineTotal: ZMoney,
      taxRateBasisPoints: z.number().int().nullable(),
      returnedQuantity: z.number().int().describe('In returns that are not refused or cancelled.'),
      returnableQuantity: z.number().int().describe('What a new return may still ask for (0 unless the order is open or completed).'),
    }),
  ),
  subtotal: ZMoney.nullable(),
  discountTotal: ZMoney.nullable(),
  shippingTotal: ZMoney.nullable(),
  taxTotal: ZMoney.nullable(),
  taxes: z.array(z.object({ label: z.string(), rateBasisPoints: z.number().int().nullable(), amount: ZMoney })),
  tracking: z.array(z.object({ carrier: z.string().nullable(), number: z.string(), url: z.string().nullable() })),
  shippingAddress: ZAddressCopy.nullable(),
  billingAddress: ZAddressCopy.nullable(),
  documents: z.array(z.object({ id: z.string(), kind: z.enum(documentKinds), number: z.string(), status: z.enum(documentStatuses), issuedAt: z.date() })),
  returns: z.array(z.object({ id: z.string(), status: z.enum(returnStatuses), createdAt: z.date() })),
  approval: z.object({
    status: z.enum(['not_required', 'pending', 'approved', 'refused']),
    decidedAt: z.date().nullable(),
    refusalReason: z.string().nullable(),
  }),
});
export type TOrderDetail = z.output<typeof ZOrderDetail>;

const ZPlacedBy = z
  .object({ customerId: z.string(), name: z.string() })
  .nullable()
  .describe('Who placed it; null once their account was erased.');
export const ZCompanyOrderSummary = ZOrderSummary.extend({ placedBy: ZPlacedBy });
export const ZCompanyOrderDetail = ZOrderDetail.extend({ placedBy: ZPlacedBy });
export type TCompanyOrderSummary = z.output<typeof ZCompanyOrderSummary>;
export type TCompanyOrderDetail = z.output<typeof ZCompanyOrderDetail>;

export const ZOrderParams = z.object({ orderId: ZId });
export const ZCompanyParams = z.object({ companyId: ZId });
export const ZCompanyOrderParams = z.object({ companyId: ZId, orderId: ZId });
export const ZRefuseOrderBody = z.object({ reason: z.string().trim().min(1).max(1000).describe('Shown to the buyer and sent to the shop.') });

export const ZReorder = z.object({
  lines: z.array(z.object({ sku: z.string(), productRef: z.string().nullable(), name: z.string(), quantity: z.number().int() })),
  unavailable: z.array(z.object({ sku: z.string(), name: z.string() })),
  cartUrl: z.string().nullable().describe('The storefront link that fills a cart with `lines` (CART_URL_TEMPLATE); null when unset or nothing is orderable.'),
});
export type TReorder = z.output<typeof ZReorder>;

export const orderListResponse = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ZProblem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
