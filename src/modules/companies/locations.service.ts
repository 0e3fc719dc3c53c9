import { isStillReferencedError } from '../../platform/errors/postgres-error.js';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { formatPhoneForDisplay } from '../addresses/addresses.rules.js';
import { requireCompanyPermission } from './company-access.js';
import {
  companies,
  companyLocations,
  locationAddresses,
  netTermDays,
  type TCompanyLocationRow,
  type TLocationRole,
} from './companies.tables.js';
import { locationErrors } from './locations.errors.js';
import type { TPaymentTerms } from './locations.schemas.js';
import { permissionsOf, type TCompanyActor, type TCompanyPermission } from './permissions.js';

// Locations of a company (F3.5): colleagues see them, company administrators create, rename
// and delete them, and only the shop's staff set their terms (setLocationTerms, a CLI command
// until the back office exists).

export type TLocationAddressRow = typeof locationAddresses.$inferSelect;
export type TLocationAddressView = Omit<TLocationAddressRow, 'locationId'> & { phoneNational: string | null };

export type TLocationView = {
  id: string;
  companyId: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: TPaymentTerms;
  requiresApproval: boolean;
  myRole: TLocationRole | null;
  myPermissions: TCompanyPermission[];
  addresses: TLocationAddressView[];
  createdAt: Date;
};

type TTermsColumns = Pick<TCompanyLocationRow, 'paymentTermsKind' | 'paymentTermsNetDays' | 'paymentTermsDepositPercent'>;

/** The stored columns as one object, with the one-word code storefronts switch on. */
export function paymentTermsOf(row: TTermsColumns): TPaymentTerms {
  const code =
    row.paymentTermsKind === 'net'
      ? `net${row.paymentTermsNetDays}`
      : row.paymentTermsKind === 'deposit'
        ? `deposit${row.paymentTermsDepositPercent}`
        : 'none';
  return {
    code,
    kind: row.paymentTermsKind,
    netDays: row.paymentTermsNetDays,
    depositPercent: row.paymentTermsDepositPercent,
  };
}

/** `none`, `net30`, `deposit30` → the stored columns; null when the code means nothing. */
export function parsePaymentTermsCode(code: string): TTermsColumns | null {
  const value = code.trim().toLowerCase();
  if (value === 'none') return { paymentTermsKind: 'none', paymentTermsNetDays: null, paymentTermsDepositPercent: null };
  const net = /^net(\d{1,2})$/.exec(value);
  if (net && (netTermDays as readonly number[]).includes(Number(net[1]))) {
    return { paymentTermsKind: 'net', paymentTermsNetDays: Number(net[1]), paymentTermsDepositPercent: null };
  }
  const deposit = /^deposit(\d{1,3})$/.exec(value);
  if (deposit && Number(deposit[1]) >= 1 && Number(deposit[1]) <= 100) {
    return { paymentTermsKind: 'deposit', paymentTermsNetDays: null, paymentTermsDepositPercent: Number(deposit[1]) };
  }
  return null;
}

export function toLocationAddressView(row: TLocationAddressRow): TLocationAddressView {
  const { locationId: _locationId, ...address } = row;
  return { ...address, phoneNational: row.phone ? formatPhoneForDisplay(row.phone, row.country) : null };
}

function toLocationView(row: TCompanyLocationRow, addresses: TLocationAddressRow[], actor: TCompanyActor): TLocationView {
  return {
    id: row.id,
    companyId: row.companyId,
    name: row.name,
    catalogRef: row.catalogRef,
    paymentTerms: paymentTermsOf(row),
    requiresApproval: row.requiresApproval,
    myRole: actor.locationRoles.get(row.id) ?? null,
    myPermissions: permissionsOf(actor, row.id),
    addresses: addresses.map(toLocationAddressView),
    createdAt: row.createdAt,
  };
}

/** Billing first, then the default delivery address, then the newest: the order every answer uses. */
export function listLocationAddressRows(db: Database, locationIds: string[]): Promise<TLocationAddressRow[]> {
  if (locationIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(locationAddresses)
    .where(inArray(locationAddresses.locationId, locationIds))
    .orderBy(asc(locationAddresses.kind), desc(locationAddresses.isDefault), desc(locationAddresses.id));
}

export async function findLocationOfCompany(
  db: Database,
  options: { companyId: string; locationId: string },
): Promise<TCompanyLocationRow | undefined> {
  const [row] = await db
    .select()
    .from(companyLocations)
    .where(and(eq(companyLocations.id, options.locationId), eq(companyLocations.companyId, options.companyId)));
  return row;
}

/** Every location of the company with its terms and addresses: two queries whatever their number. */
export async function listLocations(db: Database, options: { companyId: string; customerId: string }): Promise<TLocationView[]> {
  const actor = await requireCompanyPermission(db, { ...options, permission: 'locations.view' });
  const rows = await db
    .select()
    .from(companyLocations)
    .where(eq(companyLocations.companyId, options.companyId))
    .orderBy(asc(companyLocations.name), asc(companyLocations.id));
  const addresses = await listLocationAddressRows(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) =>
    toLocationView(
      row,
      addresses.filter((address) => address.locationId === row.id),
      actor,
    ),
  );
}

export async function getLocation(db: Database, options: { companyId: string; customerId: string; locationId: string }): Promise<TLocationView> {
  const actor = await requireCompanyPermission(db, { ...options, permission: 'locations.view' });
  const row = await findLocationOfCompany(db, options);
  if (!row) throw locationErrors.notFound();
  return toLocationView(row, await listLocationAddressRows(db, [row.id]), actor);
}

/**
 * Serialises changes to the set of a company's locations (the last one must stay): the
 * company row is locked until the transaction ends.
 */
async function lockCompany(tx: Database, companyId: string): Promise<void> {
  await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId)).for('update');
}

export async function createLocation(
  db: Database,
  options: { companyId: string; customerId: string; name: string },
): Promise<TLocationView> {
  const actor = await requireCompanyPermission(db, { ...options, permission: 'locations.manage' });
  const [row] = await db.insert(companyLocations).values({ id: newId('loc'), companyId: options.companyId, name: options.name }).returning();
  if (!row) throw new Error('insert returned no location');
  return toLocationView(row, [], actor);
}

export async function renameLocation(
  db: Database,
  options: { companyId: string; customerId: string; locationId: string; name: string },
): Promise<TLocationView> {
  const actor = await requireCompanyPermission(db, { ...options, permission: 'locations.manage' });
  const [row] = await db
    .update(companyLocations)
    .set({ name: options.name, updatedAt: new Date() })
    .where(and(eq(companyLocations.id, options.locationId), eq(companyLocations.companyId, options.companyId)))
    .returning();
  if (!row) throw locationErrors.notFound();
  return toLocationView(row, await listLocationAddressRows(db, [row.id]), actor);
}

/** Its addresses, roles and requests go with it; sessions buying for it keep the company only. */
export async function deleteLocation(db: Database, options: { companyId: string; customerId: string; locationId: string }): Promise<void> {
  await requireCompanyPermission(db, { ...options, permission: 'locations.manage' });
  try {
    await db.transaction(async (tx) => {
      await lockCompany(tx, options.companyId);
      if (!(await findLocationOfCompany(tx, options))) throw locationErrors.notFound();
      const [total] = await tx.select({ value: count() }).from(companyLocations).where(eq(companyLocations.companyId, options.companyId));
      if ((total?.value ?? 0) <= 1) throw locationErrors.lastLocation();
      await tx.delete(companyLocations).where(eq(companyLocations.id, options.locationId));
    });
  } catch (error) {
    // Orders and documents name their location without cascade: its history stays whole.
    if (isStillReferencedError(error)) throw locationErrors.hasHistory();
    throw error;
  }
}

export type TLocationTermsChange = {
  locationId: string;
  /** `none`, `net30`, `deposit30`…; absent leaves the terms as they are. */
  terms?: string | undefined;
  /** A catalog reference; null clears it; absent leaves it. */
  catalogRef?: string | null | undefined;
  requiresApproval?: boolean | undefined;
};

/**
 * The shop's staff set a location's terms, catalog and approval rule (F3.5): no customer may.
 * Called by `npx comptoir location set-terms` until the back office exists.
 */
export async function setLocationTerms(db: Database, change: TLocationTermsChange): Promise<TCompanyLocationRow> {
  const terms = change.terms === undefined ? undefined : parsePaymentTermsCode(change.terms);
  if (terms === null) throw locationErrors.invalidTerms(change.terms ?? '');
  const catalogRef = change.catalogRef === undefined ? undefined : change.catalogRef?.trim() || null;
  const [row] = await db
    .update(companyLocations)
    .set({
      ...(terms ?? {}),
      ...(catalogRef === undefined ? {} : { catalogRef }),
      ...(change.requiresApproval === undefined ? {} : { requiresApproval: change.requiresApproval }),
      updatedAt: sql`now()`,
    })
    .where(eq(companyLocations.id, change.locationId))
    .returning();
  if (!row) throw locationErrors.notFound();
  return row;
}
