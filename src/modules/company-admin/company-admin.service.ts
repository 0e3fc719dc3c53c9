import { and, asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { isStillReferencedError } from '../../platform/errors/postgres-error.js';
import { fieldErrorsOf } from '../addresses/addresses.schemas.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { customers } from '../customers/customers.tables.js';
import { companyErrors } from '../companies/companies.errors.js';
import * as repository from '../companies/companies.repository.js';
import type { TStoredIdentity } from '../companies/companies.repository.js';
import { ZCompanyIdentity, type TCompanyIdentity } from '../companies/companies.schemas.js';
import { createCompanyWithAdmin, identityOf } from '../companies/companies.service.js';
import {
  companies,
  companyLocations,
  companyMembers,
  locationMembers,
  type TCompanyLocationRow,
  type TCompanyRole,
  type TCompanyRow,
} from '../companies/companies.tables.js';
import { checkCompanyIdentifiers } from '../companies/company-identifiers.rules.js';
import { mergeCompanies, nameCompanyAdmin, type TMergeReport, type TNamedAdmin } from '../companies/company-recovery.service.js';
import { locationErrors } from '../companies/locations.errors.js';
import { findLocationOfCompany, listLocationAddressRows, paymentTermsOf, setLocationTerms, toLocationAddressView } from '../companies/locations.service.js';
import { documents } from '../documents/documents.tables.js';
import { orders } from '../orders/orders.tables.js';
import { staffTargetMarket } from '../customer-admin/customer-admin.service.js';
import { recordStaffAudit, type TStaffAuditAction } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { recordCompanyEvent, recordMembershipEvent } from '../webhooks/webhook-payloads.js';
import { companyAdminErrors } from './company-admin.errors.js';
import type {
  TPaymentTermsInput,
  TStaffCompany,
  TStaffCreateCompanyBody,
  TStaffCreateLocationBody,
  TStaffUpdateLocationBody,
} from './company-admin.schemas.js';

// The shop's staff on companies (F3.8): the same rules and services as the customers' routes
// and the `npx comptoir company …` commands, with a staff member as the author. Every change
// runs in one transaction with its audit row and its webhook events.

type TContext = Pick<TAppContext, 'db' | 'markets'>;
type TActor = { principal: TStaffPrincipal; meta: TRequestMeta };

/** The biggest member list the detail answers; `counts.members` says how many there are. */
export const MEMBERS_SHOWN = 500;

const IDENTITY_FIELDS = [
  'name',
  'kind',
  'country',
  'siret',
  'vatNumber',
  'enterpriseNumber',
  'registrationNumber',
  'otherTaxId',
  'chorusServiceCode',
] as const;

async function audit(tx: Database, actor: TActor, action: TStaffAuditAction, companyId: string, details?: Record<string, unknown>) {
  await recordStaffAudit(tx, {
    staffId: actor.principal.staff.id,
    action,
    target: { type: 'company', id: companyId },
    meta: actor.meta,
    ...(details ? { details } : {}),
  });
}

/** As companies.service stores it: identifiers normalised, SIREN derived, blanks null. */
function toStoredIdentity(identity: TCompanyIdentity): TStoredIdentity {
  const { value } = checkCompanyIdentifiers(identity);
  return { name: identity.name.trim(), kind: identity.kind, country: identity.country, ...value };
}

/**
 * Row lock on the company before a change: unknown, or in a market the staff member does not
 * work in, is 404; merged is 409 (work on the one that stays).
 */
async function lockCompanyForChange(tx: Database, companyId: string, actor: TActor): Promise<TCompanyRow> {
  const [row] = await tx.select().from(companies).where(eq(companies.id, companyId)).for('update');
  if (!row) throw companyAdminErrors.notFound();
  requireStaffMarketAccess(actor.principal, row.marketId);
  if (row.status !== 'active') throw companyAdminErrors.companyMerged(row.id, row.mergedIntoId);
  return row;
}

/** In the company's market: an address has one account per market (F1.8). */
async function findCustomerByEmail(db: Database, marketId: string, email: string) {
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.marketId, marketId), eq(customers.emailNormalized, normalizeEmail(email))));
  return row;
}

function termsCode(terms: TPaymentTermsInput): string {
  if (terms.kind === 'net') return `net${terms.netDays}`;
  if (terms.kind === 'deposit') return `deposit${terms.depositPercent}`;
  return 'none';
}

async function countByLocation(db: Database, table: typeof orders | typeof documents, locationIds: string[]): Promise<Map<string, number>> {
  if (locationIds.length === 0) return new Map();
  const rows = await db
    .select({ locationId: table.locationId, value: count() })
    .from(table)
    .where(inArray(table.locationId, locationIds))
    .groupBy(table.locationId);
  return new Map(rows.map((row) => [row.locationId ?? '', row.value]));
}

async function countOf(db: Database, table: typeof orders | typeof documents, companyId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(table).where(eq(table.companyId, companyId));
  return row?.value ?? 0;
}

type TLocationCounts = { orders: Map<string, number>; documents: Map<string, number> };

async function toLocationViews(db: Database, rows: TCompanyLocationRow[]): Promise<TStaffCompany['locations']> {
  const ids = rows.map((row) => row.id);
  const [addresses, counts] = await Promise.all([
    listLocationAddressRows(db, ids),
    Promise.all([countByLocation(db, orders, ids), countByLocation(db, documents, ids)]).then(
      ([ordersByLocation, documentsByLocation]): TLocationCounts => ({ orders: ordersByLocation, documents: documentsByLocation }),
    ),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    catalogRef: row.catalogRef,
    paymentTerms: paymentTermsOf(row),
    requiresApproval: row.requiresApproval,
    addresses: addresses.filter((address) => address.locationId === row.id).map(toLocationAddressView),
    orders: counts.orders.get(row.id) ?? 0,
    documents: counts.documents.get(row.id) ?? 0,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/** Everything the back office shows of one company; undefined for an unknown id or one in a market the member does not work in. */
export async function loadStaffCompany(ctx: Pick<TAppContext, 'markets'>, db: Database, companyId: string, actor: TActor): Promise<TStaffCompany | undefined> {
  const [row] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!row) return undefined;
  requireStaffMarketAccess(actor.principal, row.marketId);
  const market = ctx.markets.get(row.marketId);
  const [mergedInto] = row.mergedIntoId
    ? await db.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, row.mergedIntoId))
    : [];
  const mergedFrom = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.mergedIntoId, row.id), isNotNull(companies.mergedIntoId)))
    .orderBy(asc(companies.name), asc(companies.id));
  const locationRows = await repository.listLocationsOfCompany(db, row.id);
  const memberRows = await db
    .select({
      customerId: companyMembers.customerId,
      role: companyMembers.role,
      joinedAt: companyMembers.createdAt,
      firstName: customers.firstName,
      lastName: customers.lastName,
      email: customers.email,
    })
    .from(companyMembers)
    .innerJoin(customers, eq(customers.id, companyMembers.customerId))
    .where(eq(companyMembers.companyId, row.id))
    // 'admin' sorts before 'member'.
    .orderBy(asc(companyMembers.role), asc(customers.lastName), asc(customers.firstName), asc(companyMembers.customerId))
    .limit(MEMBERS_SHOWN);
  const [memberCounts] = await db
    .select({ all: count() })
    .from(companyMembers)
    .where(eq(companyMembers.companyId, row.id));
  const [adminCount] = await db
    .select({ value: count() })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, row.id), eq(companyMembers.role, 'admin')));
  // Every location role at this company's locations, grouped by person: one query, whatever the number of members.
  const roleRows = await db
    .select({ customerId: locationMembers.customerId, locationId: locationMembers.locationId, role: locationMembers.role, name: companyLocations.name })
    .from(locationMembers)
    .innerJoin(companyLocations, eq(companyLocations.id, locationMembers.locationId))
    .where(eq(companyLocations.companyId, row.id))
    .orderBy(asc(companyLocations.name), asc(companyLocations.id));
  const rolesByCustomer = new Map<string, { locationId: string; name: string; role: (typeof roleRows)[number]['role'] }[]>();
  for (const role of roleRows) {
    const list = rolesByCustomer.get(role.customerId) ?? [];
    list.push({ locationId: role.locationId, name: role.name, role: role.role });
    rolesByCustomer.set(role.customerId, list);
  }
  const [orderCount, documentCount, locations] = await Promise.all([countOf(db, orders, row.id), countOf(db, documents, row.id), toLocationViews(db, locationRows)]);
  return {
    ...identityOf(row),
    market: { id: market.id, code: market.code, name: market.name },
    status: row.status,
    mergedInto: mergedInto ?? (row.mergedIntoId ? { id: row.mergedIntoId, name: row.mergedIntoId } : null),
    mergedFrom,
    administrators: adminCount?.value ?? 0,
    members: memberRows.map((member) => ({
      customerId: member.customerId,
      firstName: member.firstName,
      lastName: member.lastName,
      email: member.email,
      role: member.role,
      locations: rolesByCustomer.get(member.customerId) ?? [],
      joinedAt: member.joinedAt,
    })),
    locations,
    counts: { members: memberCounts?.all ?? 0, locations: locationRows.length, orders: orderCount, documents: documentCount },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function mustLoad(ctx: Pick<TAppContext, 'markets'>, db: Database, companyId: string, actor: TActor): Promise<TStaffCompany> {
  const company = await loadStaffCompany(ctx, db, companyId, actor);
  if (!company) throw companyAdminErrors.notFound();
  return company;
}

/** GET: its members' names and addresses are personal data, so the look is audited. */
export async function getStaffCompany(ctx: TContext, options: TActor & { companyId: string }): Promise<TStaffCompany> {
  return ctx.db.transaction(async (tx) => {
    const company = await mustLoad(ctx, tx, options.companyId, options);
    await audit(tx, options, 'company.viewed', company.id);
    return company;
  });
}

/**
 * A company made by staff: with `administratorEmail`, exactly as a customer's (that customer
 * its first administrator); without, no administrator until one is named. Either way a first
 * location named after it, as every company has.
 */
export async function createStaffCompany(ctx: TContext, options: TActor & { body: TStaffCreateCompanyBody }): Promise<TStaffCompany> {
  const { administratorEmail, marketId, ...identity } = options.body;
  const market = staffTargetMarket(ctx, options.principal, marketId ?? undefined);
  return ctx.db.transaction(async (tx) => {
    let company: TCompanyRow;
    let administratorId: string | null = null;
    if (administratorEmail) {
      const customer = await findCustomerByEmail(tx, market.id, administratorEmail);
      if (!customer) throw companyAdminErrors.unknownCustomer('administratorEmail');
      administratorId = customer.id;
      company = (await createCompanyWithAdmin(tx, { customerId: customer.id, marketId: market.id, identity })).company;
    } else {
      company = await repository.insertCompany(tx, market.id, toStoredIdentity(identity));
      await recordCompanyEvent(tx, 'company.created', company);
      await repository.insertLocation(tx, { companyId: company.id, name: company.name });
    }
    await audit(tx, options, 'company.created', company.id, { administratorId, marketId: market.id });
    return mustLoad(ctx, tx, company.id, options);
  });
}

/** Only the given fields change; the identity they make is checked whole, as for the customers' PATCH. */
export async function updateStaffCompany(
  ctx: TContext,
  options: TActor & { companyId: string; changes: Partial<Record<(typeof IDENTITY_FIELDS)[number], unknown>> },
): Promise<TStaffCompany> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockCompanyForChange(tx, options.companyId, options);
    const stored = Object.fromEntries(IDENTITY_FIELDS.map((field) => [field, row[field]]));
    const parsed = ZCompanyIdentity.safeParse({ ...stored, ...options.changes });
    if (!parsed.success) throw companyErrors.invalidIdentity(fieldErrorsOf(parsed.error));
    const next = toStoredIdentity(parsed.data);
    const changed = IDENTITY_FIELDS.filter((field) => (next as Record<string, unknown>)[field] !== row[field]);
    if (changed.length > 0) {
      const updated = await repository.updateCompanyRow(tx, row.id, next);
      await recordCompanyEvent(tx, 'company.updated', updated);
    }
    await audit(tx, options, 'company.updated', row.id, { changed });
    return mustLoad(ctx, tx, row.id, options);
  });
}

export async function createStaffLocation(
  ctx: TContext,
  options: TActor & { companyId: string; body: TStaffCreateLocationBody },
): Promise<TStaffCompany['locations'][number]> {
  return ctx.db.transaction(async (tx) => {
    await lockCompanyForChange(tx, options.companyId, options);
    const { body } = options;
    let row = await repository.insertLocation(tx, { companyId: options.companyId, name: body.name });
    row = await setLocationTerms(tx, {
      locationId: row.id,
      terms: body.paymentTerms ? termsCode(body.paymentTerms) : undefined,
      catalogRef: body.catalogRef,
      requiresApproval: body.requiresApproval,
    });
    await audit(tx, options, 'company.location_created', options.companyId, {
      locationId: row.id,
      name: row.name,
      catalogRef: row.catalogRef,
      paymentTerms: paymentTermsOf(row).code,
      requiresApproval: row.requiresApproval,
    });
    const [view] = await toLocationViews(tx, [row]);
    return view!;
  });
}

/** Name, catalog, payment terms and approval rule: what the shop decides for a location (F3.5). */
export async function updateStaffLocation(
  ctx: TContext,
  options: TActor & { companyId: string; locationId: string; body: TStaffUpdateLocationBody },
): Promise<TStaffCompany['locations'][number]> {
  return ctx.db.transaction(async (tx) => {
    await lockCompanyForChange(tx, options.companyId, options);
    const before = await findLocationOfCompany(tx, options);
    if (!before) throw locationErrors.notFound();
    const { body } = options;
    if (body.name !== undefined && body.name !== before.name) {
      await tx.update(companyLocations).set({ name: body.name, updatedAt: new Date() }).where(eq(companyLocations.id, before.id));
    }
    const after = await setLocationTerms(tx, {
      locationId: before.id,
      terms: body.paymentTerms ? termsCode(body.paymentTerms) : undefined,
      catalogRef: body.catalogRef,
      requiresApproval: body.requiresApproval,
    });
    const summary = (row: TCompanyLocationRow) => ({
      name: row.name,
      catalogRef: row.catalogRef,
      paymentTerms: paymentTermsOf(row).code,
      requiresApproval: row.requiresApproval,
    });
    const was = summary(before);
    const now = summary(after);
    const changes = Object.fromEntries(
      (Object.keys(now) as (keyof typeof now)[]).filter((key) => was[key] !== now[key]).map((key) => [key, { from: was[key], to: now[key] }]),
    );
    await audit(tx, options, 'company.location_updated', options.companyId, { locationId: before.id, changes });
    const [view] = await toLocationViews(tx, [after]);
    return view!;
  });
}

/** The customers' rules: the last location stays (409 last_location), one with orders or documents too (409 location_has_history). */
export async function deleteStaffLocation(ctx: TContext, options: TActor & { companyId: string; locationId: string }): Promise<void> {
  try {
    await ctx.db.transaction(async (tx) => {
      await lockCompanyForChange(tx, options.companyId, options);
      const location = await findLocationOfCompany(tx, options);
      if (!location) throw locationErrors.notFound();
      const [total] = await tx.select({ value: count() }).from(companyLocations).where(eq(companyLocations.companyId, options.companyId));
      if ((total?.value ?? 0) <= 1) throw locationErrors.lastLocation();
      await tx.delete(companyLocations).where(eq(companyLocations.id, location.id));
      await audit(tx, options, 'company.location_deleted', options.companyId, { locationId: location.id, name: location.name });
    });
  } catch (error) {
    // Orders and documents name their location without cascade: its history stays whole.
    if (isStillReferencedError(error)) throw locationErrors.hasHistory();
    throw error;
  }
}

/**
 * F3.8: an existing customer becomes administrator of a company left without one
 * (nameCompanyAdmin). `force` names them although an administrator remains.
 */
export async function nameStaffAdministrator(
  ctx: TContext,
  options: TActor & { companyId: string; email: string; force: boolean },
): Promise<TNamedAdmin> {
  return ctx.db.transaction(async (tx) => {
    const company = await lockCompanyForChange(tx, options.companyId, options);
    if (!(await findCustomerByEmail(tx, company.marketId, options.email))) throw companyAdminErrors.unknownCustomer('email');
    const named = await nameCompanyAdmin(tx, { companyId: options.companyId, email: options.email, force: options.force });
    if (named.previousRole !== 'admin') {
      await recordMembershipEvent(tx, named.previousRole === null ? 'company.member_added' : 'company.member_updated', {
        companyId: named.companyId,
        customerId: named.customerId,
        role: 'admin',
      });
    }
    await audit(tx, options, 'company.admin_named', options.companyId, {
      customerId: named.customerId,
      previousRole: named.previousRole,
      otherAdmins: named.otherAdmins,
      forced: options.force,
    });
    return named;
  });
}

async function rolesOf(tx: Database, companyId: string): Promise<Map<string, TCompanyRole>> {
  const rows = await tx
    .select({ customerId: companyMembers.customerId, role: companyMembers.role })
    .from(companyMembers)
    .where(eq(companyMembers.companyId, companyId));
  return new Map(rows.map((row) => [row.customerId, row.role]));
}

/**
 * Merges a duplicate into the company that stays (mergeCompanies), in one transaction with the
 * audit rows (one on each company) and the webhook events: the duplicate is `company.deleted`
 * (with `mergedIntoId`), the one that stays `company.updated`, and each colleague it gains or
 * promotes a member event.
 */
export async function mergeStaffCompanies(ctx: TContext, options: TActor & { fromId: string; intoId: string }): Promise<TMergeReport> {
  return ctx.db.transaction(async (tx) => {
    // Both sides must be companies the member may see, of one market: companies stay in theirs.
    const sides = await tx.select({ id: companies.id, marketId: companies.marketId }).from(companies).where(inArray(companies.id, [options.fromId, options.intoId]));
    for (const side of sides) requireStaffMarketAccess(options.principal, side.marketId);
    if (new Set(sides.map((side) => side.marketId)).size > 1) throw companyAdminErrors.otherMarket();
    const fromMembers = options.fromId === options.intoId ? new Map() : await rolesOf(tx, options.fromId);
    const intoBefore = options.fromId === options.intoId ? new Map() : await rolesOf(tx, options.intoId);
    const report = await mergeCompanies(tx, { fromId: options.fromId, intoId: options.intoId });
    const intoAfter = await rolesOf(tx, options.intoId);
    for (const customerId of fromMembers.keys()) {
      const role = intoAfter.get(customerId);
      if (!role) continue;
      const previous = intoBefore.get(customerId);
      if (previous === role) continue;
      await recordMembershipEvent(tx, previous ? 'company.member_updated' : 'company.member_added', { companyId: options.intoId, customerId, role });
    }
    const [from] = await tx.select().from(companies).where(eq(companies.id, options.fromId));
    const [into] = await tx.select().from(companies).where(eq(companies.id, options.intoId));
    if (from) {
      await recordEvent(tx, {
        type: 'company.deleted',
        payload: { id: from.id, name: from.name, kind: from.kind, country: from.country, mergedIntoId: options.intoId },
        marketId: from.marketId,
      });
    }
    if (into) await recordCompanyEvent(tx, 'company.updated', into);
    const details = { ...report };
    await audit(tx, options, 'company.merged', options.intoId, details);
    await audit(tx, options, 'company.merged', options.fromId, details);
    return report;
  });
}
