import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sessions } from '../auth/auth.tables.js';
import { customers } from '../customers/customers.tables.js';
import { markets } from '../markets/markets.tables.js';

export const companyKinds = ['professional', 'company', 'public_body', 'association'] as const;
export type TCompanyKind = (typeof companyKinds)[number];
/** `merged`: a duplicate whose members, locations and history were moved into `mergedIntoId`. */
export const companyStatuses = ['active', 'merged'] as const;
/** Company-level roles (IKEA for Business): administrator and user. */
export const companyRoles = ['admin', 'member'] as const;
export type TCompanyRole = (typeof companyRoles)[number];
/** Location-level roles (Shopify B2B): location administrator and buyer ("ordering only"). */
export const locationRoles = ['location_admin', 'buyer'] as const;
export type TLocationRole = (typeof locationRoles)[number];
export const paymentTermsKinds = ['none', 'net', 'deposit'] as const;
export const netTermDays = [7, 15, 30, 45, 60, 90] as const;

/**
 * A business customer (F3.1): the legal entity, with its identifiers as the shop invoices it.
 * Identifiers are stored normalised (digits only for SIRET/SIREN and the Belgian enterprise
 * number, upper case without spaces for VAT) and are not unique: duplicates of one entity
 * happen and staff merge them (F3.8).
 */
export const companies = pgTable(
  'companies',
  {
    id: text().primaryKey(),
    /** A company and all its colleagues belong to one market (F1.8). */
    marketId: text()
      .notNull()
      .references(() => markets.id, { onDelete: 'restrict' }),
    name: text().notNull(),
    kind: text({ enum: companyKinds }).notNull(),
    /** ISO 3166-1 alpha-2 of the registered office. */
    country: char({ length: 2 }).notNull(),
    /** French establishment number, 14 digits (its first 9 are the SIREN). */
    siret: text(),
    siren: text(),
    /** EU VAT number with its country prefix, e.g. FR40303265045, BE0403170701. */
    vatNumber: text(),
    /** Belgian enterprise number (BCE/KBO), 10 digits. */
    enterpriseNumber: text(),
    /** Chamber of commerce / trade register number (KvK, HRB, RCS…), as written. */
    registrationNumber: text(),
    otherTaxId: text(),
    /** Chorus Pro service code a public body may require on its invoices. */
    chorusServiceCode: text(),
    status: text({ enum: companyStatuses }).notNull().default('active'),
    mergedIntoId: text(),
    /** For the back-office search (F6.2): see `customers.searchText`. */
    searchText: text().generatedAlwaysAs(
      sql`comptoir_fold(coalesce(name, '') || ' ' || coalesce(siret, '') || ' ' || coalesce(siren, '') || ' ' || coalesce(vat_number, '') || ' ' || coalesce(enterprise_number, '') || ' ' || coalesce(registration_number, ''))`,
    ),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('companies_market_idx').on(table.marketId),
    index('companies_siren_idx').on(table.siren),
    index('companies_vat_number_idx').on(table.vatNumber),
    index('companies_search_text_trgm_idx').using('gin', sql`${table.searchText} gin_trgm_ops`).with({ gin_pending_list_limit: 256 }),
    check('companies_kind_check', sql`${table.kind} in ('professional', 'company', 'public_body', 'association')`),
    check('companies_status_check', sql`${table.status} in ('active', 'merged')`),
    check('companies_country_check', sql`${table.country} ~ '^[A-Z]{2}$'`),
    check('companies_siret_check', sql`${table.siret} is null or ${table.siret} ~ '^[0-9]{14}$'`),
    check('companies_siren_check', sql`${table.siren} is null or ${table.siren} ~ '^[0-9]{9}$'`),
    check('companies_enterprise_number_check', sql`${table.enterpriseNumber} is null or ${table.enterpriseNumber} ~ '^[01][0-9]{9}$'`),
    check('companies_name_check', sql`btrim(${table.name}) <> ''`),
    check('companies_merged_check', sql`(${table.status} = 'merged') = (${table.mergedIntoId} is not null)`),
    // Chorus Pro needs the SIRET of a public body to route its invoices.
    check('companies_public_body_siret_check', sql`${table.kind} <> 'public_body' or ${table.country} <> 'FR' or ${table.siret} is not null`),
  ],
);

/** Who belongs to a company, with their company-level role. Removing a colleague deletes the row. */
export const companyMembers = pgTable(
  'company_members',
  {
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    role: text({ enum: companyRoles }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.companyId, table.customerId] }),
    index('company_members_customer_idx').on(table.customerId),
    check('company_members_role_check', sql`${table.role} in ('admin', 'member')`),
  ],
);

/**
 * A site of the company that buys (F3.5): its catalog / price list, payment terms and approval
 * rule are set by the shop's staff and shown read-only to buyers.
 */
export const companyLocations = pgTable(
  'company_locations',
  {
    id: text().primaryKey(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    /** The shop's catalog or price list for this location, as the storefront names it. */
    catalogRef: text(),
    paymentTermsKind: text({ enum: paymentTermsKinds }).notNull().default('none'),
    /** For `net`: 7, 15, 30, 45, 60 or 90 days. */
    paymentTermsNetDays: integer(),
    /** For `deposit`: the share paid when ordering, 1–100 %. */
    paymentTermsDepositPercent: integer(),
    /** Orders from here wait as drafts until a location administrator approves them. */
    requiresApproval: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('company_locations_company_idx').on(table.companyId),
    check('company_locations_name_check', sql`btrim(${table.name}) <> ''`),
    check('company_locations_terms_kind_check', sql`${table.paymentTermsKind} in ('none', 'net', 'deposit')`),
    check(
      'company_locations_terms_check',
      sql`(${table.paymentTermsKind} = 'net') = (${table.paymentTermsNetDays} is not null)
        and (${table.paymentTermsKind} = 'deposit') = (${table.paymentTermsDepositPercent} is not null)
        and (${table.paymentTermsNetDays} is null or ${table.paymentTermsNetDays} in (7, 15, 30, 45, 60, 90))
        and (${table.paymentTermsDepositPercent} is null or ${table.paymentTermsDepositPercent} between 1 and 100)`,
    ),
  ],
);

/** A colleague's role at a location. Company administrators need no row: they act everywhere. */
export const locationMembers = pgTable(
  'location_members',
  {
    locationId: text()
      .notNull()
      .references(() => companyLocations.id, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    role: text({ enum: locationRoles }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.locationId, table.customerId] }),
    index('location_members_customer_idx').on(table.customerId),
    check('location_members_role_check', sql`${table.role} in ('location_admin', 'buyer')`),
  ],
);

/** A location's billing address (one) and delivery addresses, with the columns of customer_addresses. */
export const locationAddresses = pgTable(
  'location_addresses',
  {
    id: text().primaryKey(),
    locationId: text()
      .notNull()
      .references(() => companyLocations.id, { onDelete: 'cascade' }),
    kind: text({ enum: ['billing', 'delivery'] }).notNull(),
    isDefault: boolean().notNull().default(false),
    label: text(),
    firstName: text(),
    lastName: text(),
    company: text(),
    attention: text(),
    line1: text().notNull(),
    line2: text(),
    houseNumber: text(),
    houseNumberExtension: text(),
    postalCode: text(),
    city: text().notNull(),
    region: text(),
    country: char({ length: 2 }).notNull(),
    phone: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('location_addresses_location_idx').on(table.locationId, table.kind),
    uniqueIndex('location_addresses_one_billing_key').on(table.locationId).where(sql`${table.kind} = 'billing'`),
    uniqueIndex('location_addresses_one_default_delivery_key')
      .on(table.locationId)
      .where(sql`${table.kind} = 'delivery' and ${table.isDefault}`),
    check('location_addresses_kind_check', sql`${table.kind} in ('billing', 'delivery')`),
    check('location_addresses_country_check', sql`${table.country} ~ '^[A-Z]{2}$'`),
    check('location_addresses_phone_check', sql`${table.phone} is null or ${table.phone} ~ '^[+][1-9][0-9]{6,14}$'`),
    check('location_addresses_required_check', sql`btrim(${table.line1}) <> '' and btrim(${table.city}) <> ''`),
  ],
);

export const addressRequestActions = ['create', 'update', 'delete'] as const;
export const addressRequestStatuses = ['pending', 'approved', 'refused', 'cancelled'] as const;

/**
 * A buyer's change to a location's addresses (F3.6), applied only when a location administrator
 * (or a company administrator) approves it. `proposed` holds the address fields for create/update.
 */
export const locationAddressRequests = pgTable(
  'location_address_requests',
  {
    id: text().primaryKey(),
    locationId: text()
      .notNull()
      .references(() => companyLocations.id, { onDelete: 'cascade' }),
    /** Null once the requester's account is erased; the request stays in the location's history. */
    requestedBy: text().references(() => customers.id, { onDelete: 'set null' }),
    action: text({ enum: addressRequestActions }).notNull(),
    addressId: text().references(() => locationAddresses.id, { onDelete: 'set null' }),
    proposed: jsonb().$type<Record<string, unknown>>(),
    status: text({ enum: addressRequestStatuses }).notNull().default('pending'),
    decidedBy: text().references(() => customers.id, { onDelete: 'set null' }),
    decidedAt: timestamp({ withTimezone: true }),
    refusalReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('location_address_requests_location_idx').on(table.locationId, table.status),
    check('location_address_requests_action_check', sql`${table.action} in ('create', 'update', 'delete')`),
    check('location_address_requests_status_check', sql`${table.status} in ('pending', 'approved', 'refused', 'cancelled')`),
  ],
);

/**
 * An invitation to join a company (F3.3): single use, 7 days, revocable, re-sendable (a resend
 * replaces the token), and at most one pending per company and address (partial unique index).
 */
export const companyInvitations = pgTable(
  'company_invitations',
  {
    id: text().primaryKey(),
    companyId: text()
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    emailNormalized: text().notNull(),
    role: text({ enum: companyRoles }).notNull(),
    /** Locations the colleague will buy for (as buyer). */
    locationIds: jsonb().$type<string[]>().notNull().default([]),
    tokenHash: text().notNull(),
    invitedBy: text().references(() => customers.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedBy: text().references(() => customers.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('company_invitations_token_hash_key').on(table.tokenHash),
    uniqueIndex('company_invitations_one_pending_key')
      .on(table.companyId, table.emailNormalized)
      .where(sql`${table.acceptedAt} is null and ${table.revokedAt} is null`),
    index('company_invitations_email_idx').on(table.emailNormalized),
    check('company_invitations_role_check', sql`${table.role} in ('admin', 'member')`),
  ],
);

export type TCompanyRow = typeof companies.$inferSelect;
export type TCompanyLocationRow = typeof companyLocations.$inferSelect;
export type TCompanyMemberRow = typeof companyMembers.$inferSelect;

/**
 * The company and location a session buys for (F3.5, `PUT /api/me/context`): chosen per session,
 * since one person may buy for two sites from two devices. Checked against the memberships on
 * every read, so a removed colleague's session loses the company at once.
 */
export const sessionBuyingContexts = pgTable('session_buying_contexts', {
  sessionId: text()
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  /** Null: the person chose to buy as a consumer in this session (`{ companyId: null }`). */
  companyId: text().references(() => companies.id, { onDelete: 'cascade' }),
  locationId: text().references(() => companyLocations.id, { onDelete: 'set null' }),
  chosenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
