import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { sessions } from '../auth/auth.tables.js';
import { customers } from '../customers/customers.tables.js';
import type { TErasureCheck } from '../privacy/privacy.extension.js';
import { privacyErrors } from '../privacy/privacy.errors.js';
import {
  companies,
  companyLocations,
  companyMembers,
  locationMembers,
  sessionBuyingContexts,
  type TCompanyRole,
  type TLocationRole,
} from './companies.tables.js';
import { requireCompanyPermission } from './company-access.js';
import { membersErrors } from './members.errors.js';
import type { TMember } from './members.schemas.js';
import { recordMembershipEvent } from '../webhooks/webhook-payloads.js';

type TContext = Pick<TAppContext, 'db'>;

/**
 * Takes the company's row lock for the rest of the transaction. Every change that can take an
 * administrator away (demotion, removal, leaving, account erasure) takes it before counting the
 * administrators, so two such changes of one company run one after the other and the second
 * one counts what the first left: "at least one administrator" holds under concurrency.
 */
export async function lockCompany(db: Database, companyId: string): Promise<{ id: string; name: string; status: string } | undefined> {
  const [company] = await db
    .select({ id: companies.id, name: companies.name, status: companies.status })
    .from(companies)
    .where(eq(companies.id, companyId))
    .for('update');
  return company;
}

async function countOtherAdmins(db: Database, companyId: string, customerId: string): Promise<number> {
  const [row] = await db
    .select({ admins: count() })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.role, 'admin'), ne(companyMembers.customerId, customerId)));
  return row?.admins ?? 0;
}

async function findMembership(db: Database, companyId: string, customerId: string) {
  const [row] = await db
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.customerId, customerId)));
  return row;
}

async function locationIdsOfCompany(db: Database, companyId: string): Promise<string[]> {
  const rows = await db.select({ id: companyLocations.id }).from(companyLocations).where(eq(companyLocations.companyId, companyId));
  return rows.map((row) => row.id);
}

/** Colleagues with their roles, administrators first, then by name. */
export async function listMembers(
  ctx: TContext,
  options: { companyId: string; actorId: string },
): Promise<{ items: TMember[]; company: { id: string; name: string } }> {
  await requireCompanyPermission(ctx.db, { companyId: options.companyId, customerId: options.actorId, permission: 'members.view' });
  const [company] = await ctx.db.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.id, options.companyId));
  const rows = await ctx.db
    .select({
      customerId: companyMembers.customerId,
      role: companyMembers.role,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
    })
    .from(companyMembers)
    .innerJoin(customers, eq(customers.id, companyMembers.customerId))
    .where(eq(companyMembers.companyId, options.companyId))
    .orderBy(sql`${companyMembers.role} = 'admin' desc`, asc(customers.lastName), asc(customers.firstName), asc(companyMembers.customerId));
  const locationRows = await ctx.db
    .select({ customerId: locationMembers.customerId, locationId: locationMembers.locationId, role: locationMembers.role })
    .from(locationMembers)
    .innerJoin(companyLocations, eq(companyLocations.id, locationMembers.locationId))
    .where(eq(companyLocations.companyId, options.companyId))
    .orderBy(asc(locationMembers.locationId));
  const locationsOf = new Map<string, { locationId: string; role: TLocationRole }[]>();
  for (const row of locationRows) {
    const list = locationsOf.get(row.customerId) ?? [];
    list.push({ locationId: row.locationId, role: row.role });
    locationsOf.set(row.customerId, list);
  }
  return {
    items: rows.map((row) => ({ ...row, locations: locationsOf.get(row.customerId) ?? [] })),
    company: company ?? { id: options.companyId, name: '' },
  };
}

async function memberView(db: Database, companyId: string, customerId: string): Promise<TMember> {
  const [row] = await db
    .select({
      customerId: companyMembers.customerId,
      role: companyMembers.role,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
    })
    .from(companyMembers)
    .innerJoin(customers, eq(customers.id, companyMembers.customerId))
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.customerId, customerId)));
  if (!row) throw membersErrors.notFound();
  const locations = await db
    .select({ locationId: locationMembers.locationId, role: locationMembers.role })
    .from(locationMembers)
    .innerJoin(companyLocations, eq(companyLocations.id, locationMembers.locationId))
    .where(and(eq(companyLocations.companyId, companyId), eq(locationMembers.customerId, customerId)))
    .orderBy(asc(locationMembers.locationId));
  return { ...row, locations };
}

/**
 * Runs a change of the company's colleagues with the company row locked; the actor's rights are
 * checked after the lock, so they are those left by any change that ran just before.
 */
async function withCompanyLocked<T>(
  ctx: TContext,
  options: { companyId: string; actorId: string; permission: 'members.view' | 'members.manage' },
  work: (tx: Database, company: { id: string; name: string }) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const company = await lockCompany(tx, options.companyId);
    if (!company) throw membersErrors.notFound();
    await requireCompanyPermission(tx, { companyId: options.companyId, customerId: options.actorId, permission: options.permission });
    return work(tx, company);
  });
}

/** Promotes or demotes a colleague (administrators only); never the last administrator. */
export async function changeMemberRole(
  ctx: TContext,
  options: { companyId: string; actorId: string; customerId: string; role: TCompanyRole },
): Promise<TMember> {
  return withCompanyLocked(ctx, { ...options, permission: 'members.manage' }, async (tx, company) => {
    const membership = await findMembership(tx, options.companyId, options.customerId);
    if (!membership) throw membersErrors.notFound();
    if (membership.role === 'admin' && options.role !== 'admin') {
      if ((await countOtherAdmins(tx, options.companyId, options.customerId)) === 0) throw membersErrors.lastAdmin(company.name);
    }
    if (membership.role !== options.role) {
      await tx
        .update(companyMembers)
        .set({ role: options.role, updatedAt: new Date() })
        .where(and(eq(companyMembers.companyId, options.companyId), eq(companyMembers.customerId, options.customerId)));
      await recordMembershipEvent(tx, 'company.member_updated', options);
    }
    return memberView(tx, options.companyId, options.customerId);
  });
}

/**
 * Ends a membership (F3.4): an administrator removes a colleague, or anyone leaves. Their
 * location roles end with it and their sessions stop buying for the company at once. Their
 * orders are the company's: they carry company_id and customer_id, not this row, and stay.
 */
export async function removeMember(
  ctx: TContext,
  options: { companyId: string; actorId: string; customerId: string; meta?: TRequestMeta },
): Promise<void> {
  const leaving = options.actorId === options.customerId;
  await withCompanyLocked(ctx, { ...options, permission: leaving ? 'members.view' : 'members.manage' }, async (tx, company) => {
    const membership = await findMembership(tx, options.companyId, options.customerId);
    if (!membership) throw membersErrors.notFound();
    if (membership.role === 'admin' && (await countOtherAdmins(tx, options.companyId, options.customerId)) === 0) {
      throw membersErrors.lastAdmin(company.name);
    }
    const locationIds = await locationIdsOfCompany(tx, options.companyId);
    if (locationIds.length > 0) {
      await tx
        .delete(locationMembers)
        .where(and(eq(locationMembers.customerId, options.customerId), inArray(locationMembers.locationId, locationIds)));
    }
    await tx
      .delete(sessionBuyingContexts)
      .where(
        and(
          eq(sessionBuyingContexts.companyId, options.companyId),
          inArray(sessionBuyingContexts.sessionId, tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.customerId, options.customerId))),
        ),
      );
    await tx
      .delete(companyMembers)
      .where(and(eq(companyMembers.companyId, options.companyId), eq(companyMembers.customerId, options.customerId)));
    await recordMembershipEvent(tx, 'company.member_removed', { ...options, role: membership.role });
  });
}

/** Replaces a colleague's location roles in this company (administrators only). */
export async function setMemberLocations(
  ctx: TContext,
  options: { companyId: string; actorId: string; customerId: string; locations: { locationId: string; role: TLocationRole }[] },
): Promise<TMember> {
  return withCompanyLocked(ctx, { ...options, permission: 'members.manage' }, async (tx) => {
    if (!(await findMembership(tx, options.companyId, options.customerId))) throw membersErrors.notFound();
    const companyLocationIds = new Set(await locationIdsOfCompany(tx, options.companyId));
    const unknown = options.locations.flatMap((location, index) =>
      companyLocationIds.has(location.locationId)
        ? []
        : [{ path: `locations.${index}.locationId`, code: 'unknown_location', message: 'No such location in this company.' }],
    );
    if (unknown.length > 0) throw membersErrors.unknownLocations(unknown);
    if (companyLocationIds.size > 0) {
      await tx
        .delete(locationMembers)
        .where(and(eq(locationMembers.customerId, options.customerId), inArray(locationMembers.locationId, [...companyLocationIds])));
    }
    if (options.locations.length > 0) {
      await tx
        .insert(locationMembers)
        .values(options.locations.map((location) => ({ locationId: location.locationId, customerId: options.customerId, role: location.role })));
    }
    return memberView(tx, options.companyId, options.customerId);
  });
}

/**
 * Erasure check (privacy registry): an account that is the only administrator of an active
 * company cannot be deleted (409 last_admin). Each such company is locked first, like the
 * other changes that can take an administrator away.
 */
export const lastAdminErasureCheck: TErasureCheck = {
  name: 'companies: last administrator',
  async refuse(db, { customerId }) {
    const adminOf = await db
      .select({ companyId: companyMembers.companyId })
      .from(companyMembers)
      .innerJoin(companies, eq(companies.id, companyMembers.companyId))
      .where(and(eq(companyMembers.customerId, customerId), eq(companyMembers.role, 'admin'), eq(companies.status, 'active')))
      .orderBy(asc(companyMembers.companyId));
    for (const { companyId } of adminOf) {
      const company = await lockCompany(db, companyId);
      if (!company || company.status !== 'active') continue;
      if ((await countOtherAdmins(db, companyId, customerId)) === 0) return privacyErrors.lastAdmin(company.name);
    }
    return null;
  },
};
