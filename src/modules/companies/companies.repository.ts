import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import {
  companies,
  companyLocations,
  companyMembers,
  locationMembers,
  type TCompanyLocationRow,
  type TCompanyRole,
  type TCompanyRow,
} from './companies.tables.js';

export type TStoredIdentity = Pick<
  TCompanyRow,
  | 'name'
  | 'kind'
  | 'country'
  | 'siret'
  | 'siren'
  | 'vatNumber'
  | 'enterpriseNumber'
  | 'registrationNumber'
  | 'otherTaxId'
  | 'chorusServiceCode'
>;

export async function insertCompany(db: Database, marketId: string, identity: TStoredIdentity): Promise<TCompanyRow> {
  const [row] = await db.insert(companies).values({ id: newId('cmp'), marketId, ...identity }).returning();
  if (!row) throw new Error('insert returned no company');
  return row;
}

export async function insertCompanyMember(db: Database, values: { companyId: string; customerId: string; role: TCompanyRole }): Promise<void> {
  await db.insert(companyMembers).values(values);
}

export async function insertLocation(db: Database, values: { companyId: string; name: string }): Promise<TCompanyLocationRow> {
  const [row] = await db.insert(companyLocations).values({ id: newId('loc'), ...values }).returning();
  if (!row) throw new Error('insert returned no location');
  return row;
}

export async function findActiveCompany(db: Database, companyId: string): Promise<TCompanyRow | undefined> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.id, companyId), eq(companies.status, 'active')));
  return row;
}

/** Row lock for a read-modify-write of the identity (PATCH merges with what is stored). */
export async function lockActiveCompany(db: Database, companyId: string): Promise<TCompanyRow | undefined> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.id, companyId), eq(companies.status, 'active')))
    .for('update');
  return row;
}

/** Oldest first: the first location is the one made with the company. */
export function listLocationsOfCompany(db: Database, companyId: string): Promise<TCompanyLocationRow[]> {
  return db
    .select()
    .from(companyLocations)
    .where(eq(companyLocations.companyId, companyId))
    .orderBy(asc(companyLocations.createdAt), asc(companyLocations.id));
}

/** The active companies a customer belongs to, with their role, by name. */
export function listCompaniesOfCustomer(
  db: Database,
  customerId: string,
): Promise<{ company: TCompanyRow; role: TCompanyRole; joinedAt: Date }[]> {
  return db
    .select({ company: companies, role: companyMembers.role, joinedAt: companyMembers.createdAt })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(and(eq(companyMembers.customerId, customerId), eq(companies.status, 'active')))
    .orderBy(asc(companies.name), asc(companies.id));
}

export async function updateCompanyRow(db: Database, companyId: string, values: TStoredIdentity): Promise<TCompanyRow> {
  const [row] = await db
    .update(companies)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(companies.id, companyId))
    .returning();
  if (!row) throw new Error('update returned no company');
  return row;
}

/** Members, locations, invitations and buying contexts go with it (foreign keys cascade). */
export async function deleteCompanyRow(db: Database, companyId: string): Promise<void> {
  await db.delete(companies).where(eq(companies.id, companyId));
}

/** Every company membership of a customer, merged companies included (for the privacy export). */
export function listCompanyMembershipsOfCustomer(db: Database, customerId: string) {
  return db
    .select({
      companyId: companyMembers.companyId,
      role: companyMembers.role,
      joinedAt: companyMembers.createdAt,
      updatedAt: companyMembers.updatedAt,
      company: {
        name: companies.name,
        kind: companies.kind,
        country: companies.country,
        status: companies.status,
        siret: companies.siret,
        siren: companies.siren,
        vatNumber: companies.vatNumber,
        enterpriseNumber: companies.enterpriseNumber,
        registrationNumber: companies.registrationNumber,
        otherTaxId: companies.otherTaxId,
        chorusServiceCode: companies.chorusServiceCode,
      },
    })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.customerId, customerId))
    .orderBy(asc(companyMembers.createdAt), asc(companyMembers.companyId));
}

/** Every location role of a customer, with the location's and its company's names (for the privacy export). */
export function listLocationMembershipsOfCustomer(db: Database, customerId: string) {
  return db
    .select({
      locationId: locationMembers.locationId,
      locationName: companyLocations.name,
      companyId: companyLocations.companyId,
      companyName: companies.name,
      role: locationMembers.role,
      since: locationMembers.createdAt,
    })
    .from(locationMembers)
    .innerJoin(companyLocations, eq(companyLocations.id, locationMembers.locationId))
    .innerJoin(companies, eq(companies.id, companyLocations.companyId))
    .where(eq(locationMembers.customerId, customerId))
    .orderBy(asc(locationMembers.createdAt), asc(locationMembers.locationId));
}
