import { sql } from 'drizzle-orm';
import { bigint, char, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/column-types.js';
import { companies, companyLocations } from '../companies/companies.tables.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';
import { orders, type TMoneyLine, type TOrderAddress } from '../orders/orders.tables.js';

export const documentKinds = ['invoice', 'quote', 'purchase_order', 'credit_note', 'receipt'] as const;
export type TDocumentKind = (typeof documentKinds)[number];
/**
 * `used`: a credit note spent on a later order; `paid`: an invoice or a purchase order settled;
 * `expired`: a quote or credit note past its date.
 */
export const documentStatuses = ['open', 'paid', 'used', 'expired', 'cancelled'] as const;
export type TDocumentStatus = (typeof documentStatuses)[number];

export type TDocumentLine = {
  sku: string | null;
  name: string;
  quantity: number;
  unitPrice: number;
  taxRateBasisPoints: number | null;
  lineTotal: number;
};

const money = () => bigint({ mode: 'number' });

/**
 * An invoice, quote, purchase order, credit note or receipt (F4.5) as the shop's systems push
 * it. `(kind, number)` is its identity: pushing it again updates it. Either the store uploads
 * the PDF (document_files) or Comptoir renders one from these fields. Kept, pseudonymised,
 * after the customer's erasure, like orders.
 */
export const documents = pgTable(
  'documents',
  {
    id: text().primaryKey(),
    /** The market of the store that pushed it (its API key's). */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    kind: text({ enum: documentKinds }).notNull(),
    number: text().notNull(),
    orderId: text().references(() => orders.id, { onDelete: 'set null' }),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    customerPseudonym: text(),
    companyId: text().references(() => companies.id, { onDelete: 'restrict' }),
    locationId: text().references(() => companyLocations.id, { onDelete: 'restrict' }),
    status: text({ enum: documentStatuses }).notNull().default('open'),
    issuedAt: timestamp({ withTimezone: true }).notNull(),
    /** Invoices: when payment is due (given, or from the location's net terms). */
    dueAt: timestamp({ withTimezone: true }),
    /** Quotes and credit notes: until when they can be accepted or spent. */
    validUntil: timestamp({ withTimezone: true }),
    currency: char({ length: 3 }).notNull(),
    subtotal: money(),
    taxTotal: money().notNull().default(0),
    total: money().notNull(),
    /** What is left to pay on an invoice (the total unless the store says otherwise). */
    amountDue: money(),
    lines: jsonb().$type<TDocumentLine[]>().notNull().default([]),
    taxes: jsonb().$type<TMoneyLine[]>().notNull().default([]),
    billingAddress: jsonb().$type<TOrderAddress>(),
    poNumber: text(),
    /** The store's "pay now" page for an open invoice. */
    payUrl: text(),
    paidAt: timestamp({ withTimezone: true }),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('documents_market_kind_number_key').on(table.marketId, table.kind, table.number),
    index('documents_customer_idx').on(table.customerId, table.issuedAt.desc(), table.id.desc()),
    index('documents_company_idx').on(table.companyId, table.issuedAt.desc(), table.id.desc()),
    index('documents_order_idx').on(table.orderId),
    index('documents_outstanding_idx').on(table.dueAt).where(sql`${table.kind} = 'invoice' and ${table.status} = 'open'`),
    check('documents_kind_check', sql`${table.kind} in ('invoice', 'quote', 'purchase_order', 'credit_note', 'receipt')`),
    check('documents_status_check', sql`${table.status} in ('open', 'paid', 'used', 'expired', 'cancelled')`),
    check('documents_currency_check', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('documents_owner_check', sql`${table.customerId} is not null or ${table.customerPseudonym} is not null or ${table.companyId} is not null`),
    check('documents_location_needs_company_check', sql`${table.locationId} is null or ${table.companyId} is not null`),
    check('documents_pay_url_check', sql`${table.payUrl} is null or ${table.payUrl} ~ '^https?://'`),
  ],
);

/** A PDF the store uploaded for a document (size and type checked); without one, Comptoir renders it. */
export const documentFiles = pgTable(
  'document_files',
  {
    documentId: text()
      .primaryKey()
      .references(() => documents.id, { onDelete: 'cascade' }),
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    content: bytea().notNull(),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('document_files_type_check', sql`${table.contentType} = 'application/pdf'`)],
);

export type TDocumentRow = typeof documents.$inferSelect;
