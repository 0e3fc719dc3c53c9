import { z } from 'zod';
import { ZAddressCopy, ZMoney } from '../orders/orders.schemas.js';
import { isCountryCode } from '../addresses/addresses.rules.js';
import { ZCustomerReference } from '../orders/customer-reference.js';
import { isCurrencyCode, statusesFor, statusFitsKind } from './documents.rules.js';
import { documentKinds, documentStatuses, type TDocumentKind, type TDocumentStatus } from './documents.tables.js';

// What the store pushes (integer minor units + currency, API.md) and what customers read
// (`{ amount, currency }` objects).

const MAX_MINOR = Number.MAX_SAFE_INTEGER;
const minor = () => z.number().int().min(0).max(MAX_MINOR).describe('Integer, minor units of `currency` (cents).');
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const timestamp = () => z.iso.datetime({ offset: true }).describe('ISO 8601 with a zone, e.g. 2026-03-15T10:00:00Z.');

export const ZCurrency = z
  .string()
  .refine(isCurrencyCode, { error: 'Use an ISO 4217 currency code in capitals, e.g. EUR.', params: { code: 'invalid_currency' } })
  .describe('ISO 4217, e.g. EUR.');

const ZPayUrl = z.url({ protocol: /^https?$/, error: 'Use an http(s) address.' }).max(2000).describe('The store’s "pay now" page for this invoice.');

export const ZDocumentAddress = z
  .object({
    name: optionalText(200),
    company: optionalText(200),
    line1: text(200),
    line2: optionalText(200),
    postalCode: optionalText(16),
    city: text(100),
    country: z.string().refine(isCountryCode, { error: 'Use an ISO 3166-1 alpha-2 country code, e.g. FR.', params: { code: 'invalid_country' } }),
  })
  .strict();

const ZDocumentLineInput = z
  .object({
    sku: optionalText(100),
    name: text(300),
    quantity: z.number().int().min(1).max(1_000_000),
    unitPrice: minor(),
    taxRateBasisPoints: z.number().int().min(0).max(10_000).nullish().describe('2000 = 20 %.'),
    lineTotal: minor(),
  })
  .strict();

const ZTaxInput = z
  .object({ label: text(100), rateBasisPoints: z.number().int().min(0).max(10_000).nullish(), amount: minor() })
  .strict();

const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

export const ZUpsertDocumentBody = z
  .object({
    kind: z.enum(documentKinds),
    number: text(64).describe('The store’s document number; with `kind` it identifies the document: pushing it again updates it.'),
    orderId: z.string().min(1).max(64).optional().describe('Comptoir’s order id: the document takes its customer, company and location.'),
    customer: ZCustomerReference.optional().describe('Required without an order unless companyId is given.'),
    companyId: z.string().min(1).max(64).optional(),
    locationId: z.string().min(1).max(64).optional().describe('A location of companyId.'),
    status: z.enum(documentStatuses).optional().describe('Default open. paid: invoice, purchase order, receipt; used: credit note; expired: quote, credit note.'),
    issuedAt: timestamp(),
    dueAt: timestamp().optional().describe('Invoices: left out, it follows the location’s payment terms (net N days, else at issue).'),
    validUntil: timestamp().optional().describe('Quotes and credit notes.'),
    currency: ZCurrency,
    subtotal: minor().optional(),
    taxTotal: minor().optional(),
    total: minor(),
    amountDue: minor().optional().describe('Invoices: what is left to pay; default the total.'),
    lines: z.array(ZDocumentLineInput).max(1000),
    taxes: z.array(ZTaxInput).max(50).optional(),
    billingAddress: ZDocumentAddress.optional(),
    poNumber: optionalText(100),
    payUrl: ZPayUrl.optional(),
  })
  .strict()
  .superRefine(checkUpsertRules, always);
export type TUpsertDocumentBody = z.infer<typeof ZUpsertDocumentBody>;

/** Rules across fields; runs beside broken fields too, so it reads the raw values warily. */
function checkUpsertRules(value: Record<string, unknown>, context: z.RefinementCtx): void {
  const kind = documentKinds.includes(value.kind as TDocumentKind) ? (value.kind as TDocumentKind) : null;
  const status = documentStatuses.includes(value.status as TDocumentStatus) ? (value.status as TDocumentStatus) : null;
  if (kind && status && !statusFitsKind(kind, status)) {
    context.addIssue({ code: 'custom', path: ['status'], message: `A ${kind} is ${statusesFor(kind).join(', ')}.`, params: { code: 'status_not_for_kind' } });
  }
  if (value.orderId === undefined && value.customer === undefined && value.companyId === undefined) {
    context.addIssue({ code: 'custom', path: ['customer'], message: 'Give orderId, customer or companyId.', params: { code: 'owner_required' } });
  }
  if (value.locationId !== undefined && value.companyId === undefined && value.orderId === undefined) {
    context.addIssue({ code: 'custom', path: ['companyId'], message: 'A location needs its company.', params: { code: 'required' } });
  }
  const issued = typeof value.issuedAt === 'string' ? Date.parse(value.issuedAt) : Number.NaN;
  for (const field of ['dueAt', 'validUntil'] as const) {
    const later = typeof value[field] === 'string' ? Date.parse(value[field]) : Number.NaN;
    if (later < issued) {
      context.addIssue({ code: 'custom', path: [field], message: 'Cannot be before issuedAt.', params: { code: 'before_issue' } });
    }
  }
}

export const ZPatchDocumentBody = z
  .object({
    status: z.enum(documentStatuses).optional().describe('paid sets paidAt, used sets usedAt.'),
    amountDue: minor().nullable().optional(),
    payUrl: ZPayUrl.nullable().optional().describe('null removes it.'),
    dueAt: timestamp().nullable().optional(),
  })
  .strict();
export type TPatchDocumentBody = z.infer<typeof ZPatchDocumentBody>;

export const ZDocumentIdParams = z.object({ documentId: z.string().min(1).max(64) });
export const ZCompanyDocumentParams = z.object({ companyId: z.string().min(1).max(64), documentId: z.string().min(1).max(64) });
export const ZCompanyIdParams = z.object({ companyId: z.string().min(1).max(64) });

/** The integration answer: ids, kind, number, status and dates; nothing personal. */
export const ZIntegrationDocument = z.object({
  id: z.string(),
  kind: z.enum(documentKinds),
  number: z.string(),
  status: z.enum(documentStatuses),
  orderId: z.string().nullable(),
  customerId: z.string().nullable(),
  companyId: z.string().nullable(),
  locationId: z.string().nullable(),
  issuedAt: z.date(),
  dueAt: z.date().nullable(),
  validUntil: z.date().nullable(),
  paidAt: z.date().nullable(),
  usedAt: z.date().nullable(),
  hasUploadedPdf: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TIntegrationDocument = z.infer<typeof ZIntegrationDocument>;

const ZNamed = z.object({ id: z.string(), name: z.string() });

export const ZDocumentSummary = z.object({
  id: z.string(),
  kind: z.enum(documentKinds),
  number: z.string(),
  status: z.enum(documentStatuses),
  issuedAt: z.date(),
  dueAt: z.date().nullable(),
  validUntil: z.date().nullable(),
  total: ZMoney,
  amountDue: ZMoney.nullable().describe('What is left to pay (invoices: 0 once paid).'),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  company: ZNamed.nullable(),
  location: ZNamed.nullable(),
  hasUploadedPdf: z.boolean(),
  payUrl: z.string().nullable(),
});
export type TDocumentSummary = z.infer<typeof ZDocumentSummary>;

export const ZDocumentDetail = ZDocumentSummary.extend({
  lines: z.array(
    z.object({
      sku: z.string().nullable(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: ZMoney,
      taxRateBasisPoints: z.number().int().nullable(),
      lineTotal: ZMoney,
    }),
  ),
  subtotal: ZMoney.nullable(),
  taxTotal: ZMoney,
  taxes: z.array(z.object({ label: z.string(), rateBasisPoints: z.number().int().nullable(), amount: ZMoney })),
  billingAddress: ZAddressCopy.nullable(),
  poNumber: z.string().nullable(),
  paidAt: z.date().nullable(),
  usedAt: z.date().nullable(),
  overdue: z.boolean(),
});
export type TDocumentDetail = z.infer<typeof ZDocumentDetail>;

export const ZOutstandingInvoice = ZDocumentSummary.extend({
  overdue: z.boolean(),
  daysUntilDue: z.number().int().nullable().describe('Calendar days (UTC) until the due date; negative when late.'),
});

export const ZDocumentListQuery = z.object({
  kind: z.enum(documentKinds).optional(),
  status: z.enum(documentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type TDocumentListQuery = z.infer<typeof ZDocumentListQuery>;

export const ZPdfQuery = z.object({
  download: z.enum(['0', '1']).optional().describe('1: Content-Disposition attachment (save) rather than inline (view).'),
});
