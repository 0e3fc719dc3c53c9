import { and, asc, eq, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import {
  companies,
  companyLocations,
  companyMembers,
  locationMembers,
  sessionBuyingContexts,
  type TCompanyKind,
  type TCompanyRole,
  type TLocationRole,
} from './companies.tables.js';
import { paymentTermsOf } from './locations.service.js';
import type { TPaymentTerms } from './locations.schemas.js';
import { permissionsOf, type TCompanyPermission } from './permissions.js';

// Who is buying, and on what terms (GET/PUT /api/me/context): the integration point of every
// storefront and checkout, so a read is ONE query (see readBuyingRows) after the session
// look-up, and memberships are checked on every read, never cached.

export const buyingContextErrors = {
  /** F3.7: with B2B_ONLY, someone who belongs to no company is not let in. */
  notBusinessCustomer: () =>
    new AppError('not_business_customer', 403, 'This shop sells to business customers only.', {
      detail:
        'Your account does not belong to any company. Ask an administrator of your company to invite you, or register your company.',
    }),
};

export type TBuyingChoice = { companyId: string; companyName: string; locations: { id: string; name: string }[] };

export type TBuyingContext = {
  kind: 'consumer' | 'business';
  customer: Pick<TSignedInCustomer, 'id' | 'email' | 'firstName' | 'lastName' | 'accountType'>;
  company: { id: string; name: string; kind: TCompanyKind; country: string } | null;
  location: { id: string; name: string; catalogRef: string | null; paymentTerms: TPaymentTerms; requiresApproval: boolean } | null;
  role: TCompanyRole | null;
  locationRole: TLocationRole | null;
  permissions: TCompanyPermission[];
  /** True when the person belongs to a company but has not chosen what to buy for yet. */
  choiceRequired: boolean;
  choices: TBuyingChoice[];
  /** F1.7: a pending or refused account may sign in but not order. */
  approval: { status: TSignedInCustomer['approvalStatus']; canOrder: boolean };
};

type TBuyingRow = {
  companyId: string;
  companyName: string;
  companyKind: TCompanyKind;
  companyCountry: string;
  role: TCompanyRole;
  locationId: string | null;
  locationName: string | null;
  catalogRef: string | null;
  paymentTermsKind: 'none' | 'net' | 'deposit' | null;
  paymentTermsNetDays: number | null;
  paymentTermsDepositPercent: number | null;
  requiresApproval: boolean | null;
  locationRole: TLocationRole | null;
};

/**
 * The one query of a read: this session's stored choice, and every active company the person
 * belongs to with each of its locations and the person's role there, one row per location:
 *
 *   select … from (select 1) as one
 *   left join session_buying_contexts sbc on sbc.session_id = $session
 *   left join company_members m on m.customer_id = $customer
 *   left join companies c on c.id = m.company_id and c.status = 'active'
 *   left join company_locations l on l.company_id = c.id
 *   left join location_members lm on lm.location_id = l.id and lm.customer_id = $customer
 *   order by c.name, c.id, l.name, l.id
 *
 * Starting from a one-row table keeps the stored choice when the person belongs to nothing.
 * It uses the primary key of session_buying_contexts and the customer indexes of
 * company_members and location_members.
 */
async function readBuyingRows(
  db: Database,
  options: { customerId: string; sessionId: string },
): Promise<{ stored: { companyId: string | null; locationId: string | null } | null; rows: TBuyingRow[] }> {
  const rows = await preparedQuery(db, 'buying_context_rows', prepareBuyingRows).execute(options);
  const first = rows[0];
  const stored = first?.storedSessionId ? { companyId: first.storedCompanyId, locationId: first.storedLocationId } : null;
  // A membership of a merged company joins no company row: it is not a membership any more.
  return { stored, rows: rows.filter((row) => row.companyId !== null && row.companyName !== null) as TBuyingRow[] };
}

/** Prepared once per database: the storefront calls this on every page, and building the query costs more than running it. */
function prepareBuyingRows(db: Database) {
  return db
    .select({
      companyId: companyMembers.companyId,
      companyName: companies.name,
      companyKind: companies.kind,
      companyCountry: companies.country,
      role: companyMembers.role,
      locationId: companyLocations.id,
      locationName: companyLocations.name,
      catalogRef: companyLocations.catalogRef,
      paymentTermsKind: companyLocations.paymentTermsKind,
      paymentTermsNetDays: companyLocations.paymentTermsNetDays,
      paymentTermsDepositPercent: companyLocations.paymentTermsDepositPercent,
      requiresApproval: companyLocations.requiresApproval,
      locationRole: locationMembers.role,
      storedSessionId: sessionBuyingContexts.sessionId,
      storedCompanyId: sessionBuyingContexts.companyId,
      storedLocationId: sessionBuyingContexts.locationId,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(sessionBuyingContexts, eq(sessionBuyingContexts.sessionId, sql.placeholder('sessionId')))
    .leftJoin(companyMembers, eq(companyMembers.customerId, sql.placeholder('customerId')))
    .leftJoin(companies, and(eq(companies.id, companyMembers.companyId), eq(companies.status, 'active')))
    .leftJoin(companyLocations, eq(companyLocations.companyId, companies.id))
    .leftJoin(locationMembers, and(eq(locationMembers.locationId, companyLocations.id), eq(locationMembers.customerId, sql.placeholder('customerId'))))
    .orderBy(asc(companies.name), asc(companies.id), asc(companyLocations.name), asc(companyLocations.id))
    .prepare('buying_context_rows');
}

type TMembership = {
  companyId: string;
  companyName: string;
  companyKind: TCompanyKind;
  companyCountry: string;
  role: TCompanyRole;
  locations: TBuyingRow[];
};

function membershipsOf(rows: TBuyingRow[]): TMembership[] {
  const byCompany = new Map<string, TMembership>();
  for (const row of rows) {
    let membership = byCompany.get(row.companyId);
    if (!membership) {
      membership = {
        companyId: row.companyId,
        companyName: row.companyName,
        companyKind: row.companyKind,
        companyCountry: row.companyCountry,
        role: row.role,
        locations: [],
      };
      byCompany.set(row.companyId, membership);
    }
    // A company administrator buys for every location; anyone else where they have a role.
    if (row.locationId !== null && (row.role === 'admin' || row.locationRole !== null)) membership.locations.push(row);
  }
  return [...byCompany.values()];
}

/** Whether the person belongs to an active company: what B2B_ONLY lets in. */
export async function isBusinessCustomer(db: Database, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(companyMembers)
    .innerJoin(companies, and(eq(companies.id, companyMembers.companyId), eq(companies.status, 'active')))
    .where(eq(companyMembers.customerId, customerId))
    .limit(1);
  return row !== undefined;
}

/** In a B2B-only market, refuses someone who belongs to no company (sign-in, GET /api/me/context). */
export async function refuseIfNotBusinessCustomer(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  customer: { id: string; marketId: string },
): Promise<void> {
  if (ctx.markets.get(customer.marketId).b2bOnly && !(await isBusinessCustomer(ctx.db, customer.id))) throw buyingContextErrors.notBusinessCustomer();
}

/**
 * Resolves the session's context. A stored choice holds while the memberships do (a removed
 * colleague's session falls back at once); without one, a person with exactly one company and
 * one location there buys for it; anyone else with companies must choose (`choiceRequired`).
 */
export async function getBuyingContext(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { customer: TSignedInCustomer; sessionId: string },
): Promise<TBuyingContext> {
  const { stored, rows } = await readBuyingRows(ctx.db, { customerId: options.customer.id, sessionId: options.sessionId });
  const memberships = membershipsOf(rows);
  const { b2bOnly } = ctx.markets.get(options.customer.marketId);
  if (b2bOnly && memberships.length === 0) throw buyingContextErrors.notBusinessCustomer();

  const storedConsumer = stored !== null && stored.companyId === null && !b2bOnly;
  let membership = stored?.companyId ? memberships.find((candidate) => candidate.companyId === stored.companyId) : undefined;
  let location = membership?.locations.find((candidate) => candidate.locationId === stored?.locationId);
  // Nothing chosen (or the choice is no longer theirs): one company with at most one location is chosen for them.
  if (!membership && !storedConsumer && memberships.length === 1 && memberships[0]!.locations.length <= 1) {
    membership = memberships[0];
  }
  // The chosen location is gone or no longer theirs: the company's only one, if it has one.
  if (membership && !location && membership.locations.length === 1) location = membership.locations[0];

  const customer = {
    id: options.customer.id,
    email: options.customer.email,
    firstName: options.customer.firstName,
    lastName: options.customer.lastName,
    accountType: options.customer.accountType,
  };
  const approval = { status: options.customer.approvalStatus, canOrder: options.customer.approvalStatus === 'approved' };
  const choices = memberships.map((candidate) => ({
    companyId: candidate.companyId,
    companyName: candidate.companyName,
    locations: candidate.locations.map((row) => ({ id: row.locationId!, name: row.locationName! })),
  }));
  if (!membership) {
    return {
      kind: 'consumer',
      customer,
      company: null,
      location: null,
      role: null,
      locationRole: null,
      permissions: [],
      choiceRequired: memberships.length > 0 && !storedConsumer,
      choices,
      approval,
    };
  }
  const locationRoles = new Map<string, TLocationRole>();
  for (const row of membership.locations) if (row.locationRole) locationRoles.set(row.locationId!, row.locationRole);
  const actor = { companyId: membership.companyId, customerId: customer.id, role: membership.role, locationRoles };
  return {
    kind: 'business',
    customer,
    company: { id: membership.companyId, name: membership.companyName, kind: membership.companyKind, country: membership.companyCountry },
    location: location
      ? {
          id: location.locationId!,
          name: location.locationName!,
          catalogRef: location.catalogRef,
          paymentTerms: paymentTermsOf({
            paymentTermsKind: location.paymentTermsKind!,
            paymentTermsNetDays: location.paymentTermsNetDays,
            paymentTermsDepositPercent: location.paymentTermsDepositPercent,
          }),
          requiresApproval: location.requiresApproval!,
        }
      : null,
    role: membership.role,
    locationRole: location?.locationRole ?? null,
    permissions: permissionsOf(actor, location?.locationId ?? null),
    choiceRequired: location === undefined && membership.locations.length > 0,
    choices,
    approval,
  };
}

/**
 * Stores what this session buys for: a company and one of its locations the caller may buy
 * for, or `companyId: null` to buy as a consumer (refused with B2B_ONLY). 404 for a company or
 * location that is not the caller's, as if it did not exist.
 */
export async function chooseBuyingContext(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { customer: TSignedInCustomer; sessionId: string; companyId: string | null; locationId: string | null },
): Promise<TBuyingContext> {
  if (options.companyId === null) {
    if (ctx.markets.get(options.customer.marketId).b2bOnly) throw buyingContextErrors.notBusinessCustomer();
  } else {
    const { rows } = await readBuyingRows(ctx.db, { customerId: options.customer.id, sessionId: options.sessionId });
    const membership = membershipsOf(rows).find((candidate) => candidate.companyId === options.companyId);
    if (!membership) throw new AppError('not_found', 404, 'Not found.');
    if (options.locationId !== null && !membership.locations.some((row) => row.locationId === options.locationId)) {
      throw new AppError('not_found', 404, 'Not found.');
    }
  }
  const choice = { companyId: options.companyId, locationId: options.companyId === null ? null : options.locationId };
  await ctx.db
    .insert(sessionBuyingContexts)
    .values({ sessionId: options.sessionId, ...choice })
    .onConflictDoUpdate({ target: sessionBuyingContexts.sessionId, set: { ...choice, chosenAt: new Date() } });
  return getBuyingContext(ctx, options);
}
