import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { normalizeAddressDraft } from '../addresses/addresses.rules.js';
import {
  ADDRESS_FIELDS,
  fieldErrorsOf,
  ZAddressFields,
  ZCreateAddressBody,
  type TAddressFields,
  type TCreateAddressBody,
  type TUpdateAddressBody,
} from '../addresses/addresses.schemas.js';
import { customers } from '../customers/customers.tables.js';
import { requireCompanyPermission } from './company-access.js';
import { locationAddresses, locationAddressRequests } from './companies.tables.js';
import { locationErrors } from './locations.errors.js';
import type { TAddressRequestView } from './locations.schemas.js';
import { findLocationOfCompany, toLocationAddressView, type TLocationAddressRow, type TLocationAddressView } from './locations.service.js';
import { can, type TCompanyActor } from './permissions.js';

// A location's addresses (F3.5, F3.6). Company administrators and the location's
// administrators change them directly; a buyer's change becomes a request that one of them
// approves (applied then, in one transaction, checked again) or refuses with a reason.

/** Enough for the sites and relay points of one location; more is a sign of misuse. */
export const MAX_LOCATION_DELIVERY_ADDRESSES = 100;
/** The first key of the advisory locks taken on a location's addresses (4101: customers' addresses, 4102: consents). */
const LOCATION_ADDRESS_LOCK_CLASS = 4103;

type TStoredFields = Omit<typeof locationAddresses.$inferInsert, 'id' | 'locationId' | 'kind' | 'isDefault' | 'createdAt' | 'updatedAt'>;
type TWhere = { companyId: string; locationId: string; customerId: string };

/** What a change did: applied at once (an administrator), or waiting as a request (a buyer). */
export type TAddressChangeOutcome<T> = { applied: true; result: T } | { applied: false; request: TAddressRequestView };

function toStoredFields(fields: TAddressFields): TStoredFields {
  const normalized = normalizeAddressDraft(fields);
  const orNull = (value: string | null | undefined) => (value ? value : null);
  return {
    label: orNull(normalized.label),
    firstName: orNull(normalized.firstName),
    lastName: orNull(normalized.lastName),
    company: orNull(normalized.company),
    attention: orNull(normalized.attention),
    line1: normalized.line1,
    line2: orNull(normalized.line2),
    houseNumber: orNull(normalized.houseNumber),
    houseNumberExtension: orNull(normalized.houseNumberExtension),
    postalCode: orNull(normalized.postalCode),
    city: normalized.city,
    region: orNull(normalized.region),
    country: normalized.country,
    phone: orNull(normalized.phone),
  };
}

function storedFieldsOf(row: TLocationAddressRow): TStoredFields {
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, row[field]])) as TStoredFields;
}

/** Every write to one location's addresses runs under this lock, one at a time. */
async function lockLocationAddresses(tx: Database, locationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(LOCATION_ADDRESS_LOCK_CLASS))}, hashtext(${locationId}))`);
}

/**
 * The gate of every address route: outsiders get 404, colleagues without a role at the
 * location 403; answers whether the caller changes addresses directly or by request.
 */
async function authorize(db: Database, where: TWhere): Promise<{ actor: TCompanyActor; decides: boolean }> {
  const actor = await requireCompanyPermission(db, { ...where, permission: 'location.addresses.request_change' });
  if (!(await findLocationOfCompany(db, where))) throw locationErrors.notFound();
  return { actor, decides: can(actor, 'location.addresses.decide_change', where.locationId) };
}

async function findAddressOfLocation(db: Database, locationId: string, addressId: string): Promise<TLocationAddressRow | undefined> {
  const [row] = await db
    .select()
    .from(locationAddresses)
    .where(and(eq(locationAddresses.id, addressId), eq(locationAddresses.locationId, locationId)));
  return row;
}

// --- Applying a change (directly, or when a request is approved) ---------------------------

async function applyCreate(tx: Database, locationId: string, body: TCreateAddressBody): Promise<TLocationAddressRow> {
  const { kind, isDefault, ...fields } = body;
  const stored = toStoredFields(fields);
  if (kind === 'billing') {
    const [billing] = await tx
      .select({ id: locationAddresses.id })
      .from(locationAddresses)
      .where(and(eq(locationAddresses.locationId, locationId), eq(locationAddresses.kind, 'billing')));
    if (billing) throw locationErrors.billingAddressExists();
  }
  let makeDefault = false;
  if (kind === 'delivery') {
    const [existing] = await tx
      .select({ value: count() })
      .from(locationAddresses)
      .where(and(eq(locationAddresses.locationId, locationId), eq(locationAddresses.kind, 'delivery')));
    const deliveries = existing?.value ?? 0;
    if (deliveries >= MAX_LOCATION_DELIVERY_ADDRESSES) throw locationErrors.tooManyAddresses(MAX_LOCATION_DELIVERY_ADDRESSES);
    // The first delivery address is the default, so that checkout always has one to propose.
    makeDefault = isDefault === true || deliveries === 0;
    if (makeDefault) await clearDefault(tx, locationId);
  }
  const [row] = await tx
    .insert(locationAddresses)
    .values({ id: newId('ladr'), locationId, kind, isDefault: makeDefault, ...stored })
    .returning();
  if (!row) throw new Error('insert returned no address');
  return row;
}

/** Only the given fields change, but the address they make is checked whole. */
async function applyUpdate(tx: Database, row: TLocationAddressRow, changes: TUpdateAddressBody): Promise<TLocationAddressRow> {
  const parsed = ZAddressFields.safeParse({ ...storedFieldsOf(row), ...changes });
  if (!parsed.success) throw locationErrors.invalidAddress(fieldErrorsOf(parsed.error));
  const [updated] = await tx
    .update(locationAddresses)
    .set({ ...toStoredFields(parsed.data), updatedAt: new Date() })
    .where(eq(locationAddresses.id, row.id))
    .returning();
  if (!updated) throw new Error('update returned no address');
  return updated;
}

/** Deleting the default delivery address makes the newest remaining one the default. */
async function applyDelete(tx: Database, row: TLocationAddressRow): Promise<void> {
  await tx.delete(locationAddresses).where(eq(locationAddresses.id, row.id));
  if (!row.isDefault) return;
  const [newest] = await tx
    .select({ id: locationAddresses.id })
    .from(locationAddresses)
    .where(and(eq(locationAddresses.locationId, row.locationId), eq(locationAddresses.kind, 'delivery')))
    .orderBy(desc(locationAddresses.id))
    .limit(1);
  if (newest) await tx.update(locationAddresses).set({ isDefault: true, updatedAt: new Date() }).where(eq(locationAddresses.id, newest.id));
}

async function clearDefault(tx: Database, locationId: string): Promise<void> {
  await tx
    .update(locationAddresses)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(locationAddresses.locationId, locationId), eq(locationAddresses.kind, 'delivery'), eq(locationAddresses.isDefault, true)));
}

// --- Requests ------------------------------------------------------------------------------

async function insertRequest(
  tx: Database,
  values: Pick<typeof locationAddressRequests.$inferInsert, 'locationId' | 'requestedBy' | 'action' | 'addressId' | 'proposed'>,
): Promise<TAddressRequestView> {
  const [row] = await tx
    .insert(locationAddressRequests)
    .values({ id: newId('lar'), ...values })
    .returning({ id: locationAddressRequests.id });
  if (!row) throw new Error('insert returned no request');
  return (await listRequestViews(tx, { requestId: row.id }))[0]!;
}

function listRequestViews(
  db: Database,
  filter: { requestId?: string; locationId?: string; requestedBy?: string; status?: TAddressRequestView['status'] | undefined },
): Promise<TAddressRequestView[]> {
  const r = locationAddressRequests;
  return db
    .select({
      id: r.id,
      locationId: r.locationId,
      action: r.action,
      addressId: r.addressId,
      proposed: r.proposed,
      status: r.status,
      requesterId: r.requestedBy,
      requesterFirstName: customers.firstName,
      requesterLastName: customers.lastName,
      decidedAt: r.decidedAt,
      refusalReason: r.refusalReason,
      createdAt: r.createdAt,
    })
    .from(r)
    .leftJoin(customers, eq(customers.id, r.requestedBy))
    .where(
      and(
        filter.requestId ? eq(r.id, filter.requestId) : undefined,
        filter.locationId ? eq(r.locationId, filter.locationId) : undefined,
        filter.requestedBy ? eq(r.requestedBy, filter.requestedBy) : undefined,
        filter.status ? eq(r.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(r.id))
    .then((rows) =>
      rows.map(({ requesterId, requesterFirstName, requesterLastName, ...request }) => ({
        ...request,
        proposed: request.proposed ?? null,
        requestedBy:
          requesterId && requesterFirstName !== null && requesterLastName !== null
            ? { customerId: requesterId, firstName: requesterFirstName, lastName: requesterLastName }
            : null,
      })),
    );
}

// --- Use cases -----------------------------------------------------------------------------

export async function createLocationAddress(
  db: Database,
  options: TWhere & { body: TCreateAddressBody },
): Promise<TAddressChangeOutcome<TLocationAddressView>> {
  const { decides } = await authorize(db, options);
  return db.transaction(async (tx) => {
    if (!decides) {
      const { kind, isDefault, ...fields } = options.body;
      const proposed = { kind, ...(kind === 'delivery' ? { isDefault: isDefault === true } : {}), ...toStoredFields(fields) };
      const request = await insertRequest(tx, { ...locationOf(options), action: 'create', addressId: null, proposed });
      return { applied: false as const, request };
    }
    await lockLocationAddresses(tx, options.locationId);
    return { applied: true as const, result: toLocationAddressView(await applyCreate(tx, options.locationId, options.body)) };
  });
}

export async function updateLocationAddress(
  db: Database,
  options: TWhere & { addressId: string; changes: TUpdateAddressBody },
): Promise<TAddressChangeOutcome<TLocationAddressView>> {
  const { decides } = await authorize(db, options);
  return db.transaction(async (tx) => {
    if (decides) await lockLocationAddresses(tx, options.locationId);
    const row = await findAddressOfLocation(tx, options.locationId, options.addressId);
    if (!row) throw locationErrors.notFound();
    if (decides) return { applied: true as const, result: toLocationAddressView(await applyUpdate(tx, row, options.changes)) };
    // Checked now, so that the requester hears of a mistake at once; checked again on approval.
    const parsed = ZAddressFields.safeParse({ ...storedFieldsOf(row), ...options.changes });
    if (!parsed.success) throw locationErrors.invalidAddress(fieldErrorsOf(parsed.error));
    const proposed = Object.fromEntries(Object.entries(options.changes).filter(([, value]) => value !== undefined));
    const request = await insertRequest(tx, { ...locationOf(options), action: 'update', addressId: row.id, proposed });
    return { applied: false as const, request };
  });
}

export async function deleteLocationAddress(
  db: Database,
  options: TWhere & { addressId: string },
): Promise<TAddressChangeOutcome<null>> {
  const { decides } = await authorize(db, options);
  return db.transaction(async (tx) => {
    if (decides) await lockLocationAddresses(tx, options.locationId);
    const row = await findAddressOfLocation(tx, options.locationId, options.addressId);
    if (!row) throw locationErrors.notFound();
    if (decides) {
      await applyDelete(tx, row);
      return { applied: true as const, result: null };
    }
    const request = await insertRequest(tx, { ...locationOf(options), action: 'delete', addressId: row.id, proposed: null });
    return { applied: false as const, request };
  });
}

/** Administrators only: which delivery address checkout proposes first. */
export async function makeDefaultLocationAddress(db: Database, options: TWhere & { addressId: string }): Promise<TLocationAddressView> {
  await requireCompanyPermission(db, { ...options, permission: 'location.addresses.decide_change' });
  return db.transaction(async (tx) => {
    await lockLocationAddresses(tx, options.locationId);
    const row = await findAddressOfLocation(tx, options.locationId, options.addressId);
    if (!row || !(await findLocationOfCompany(tx, options))) throw locationErrors.notFound();
    if (row.kind !== 'delivery') throw locationErrors.notADeliveryAddress();
    if (row.isDefault) return toLocationAddressView(row);
    await clearDefault(tx, options.locationId);
    const [updated] = await tx.update(locationAddresses).set({ isDefault: true, updatedAt: new Date() }).where(eq(locationAddresses.id, row.id)).returning();
    return toLocationAddressView(updated!);
  });
}

function locationOf(where: TWhere) {
  return { locationId: where.locationId, requestedBy: where.customerId };
}

/** Deciders see every request of the location; a buyer sees their own. Newest first. */
export async function listAddressRequests(
  db: Database,
  options: TWhere & { status?: TAddressRequestView['status'] | undefined },
): Promise<TAddressRequestView[]> {
  const { decides } = await authorize(db, options);
  return listRequestViews(db, {
    locationId: options.locationId,
    status: options.status,
    ...(decides ? {} : { requestedBy: options.customerId }),
  });
}

/** Loads a pending request of the location, locked, or says why it cannot be decided. */
async function lockPendingRequest(tx: Database, options: TWhere & { requestId: string; onlyOwn?: boolean }) {
  const [request] = await tx
    .select()
    .from(locationAddressRequests)
    .where(
      and(
        eq(locationAddressRequests.id, options.requestId),
        eq(locationAddressRequests.locationId, options.locationId),
        options.onlyOwn ? eq(locationAddressRequests.requestedBy, options.customerId) : undefined,
      ),
    )
    .for('update');
  if (!request) throw locationErrors.notFound();
  if (request.status !== 'pending') throw locationErrors.requestAlreadyDecided();
  return request;
}

/**
 * Applies the request as it stands now: the address it changes must still exist and the
 * result must pass the country rules again (someone may have edited it meanwhile). A failure
 * leaves the request pending, to be refused.
 */
export async function approveAddressRequest(db: Database, options: TWhere & { requestId: string }): Promise<TAddressRequestView> {
  await requireCompanyPermission(db, { ...options, permission: 'location.addresses.decide_change' });
  if (!(await findLocationOfCompany(db, options))) throw locationErrors.notFound();
  return db.transaction(async (tx) => {
    await lockLocationAddresses(tx, options.locationId);
    const request = await lockPendingRequest(tx, options);
    if (request.action === 'create') {
      const parsed = ZCreateAddressBody.safeParse(request.proposed ?? {});
      if (!parsed.success) throw locationErrors.invalidAddress(fieldErrorsOf(parsed.error));
      const created = await applyCreate(tx, options.locationId, parsed.data);
      await tx.update(locationAddressRequests).set({ addressId: created.id }).where(eq(locationAddressRequests.id, request.id));
    } else {
      const row = request.addressId ? await findAddressOfLocation(tx, options.locationId, request.addressId) : undefined;
      if (!row) throw locationErrors.addressGone();
      if (request.action === 'update') await applyUpdate(tx, row, (request.proposed ?? {}) as TUpdateAddressBody);
      else await applyDelete(tx, row);
    }
    await tx
      .update(locationAddressRequests)
      .set({ status: 'approved', decidedBy: options.customerId, decidedAt: new Date() })
      .where(eq(locationAddressRequests.id, request.id));
    return (await listRequestViews(tx, { requestId: request.id }))[0]!;
  });
}

export async function refuseAddressRequest(
  db: Database,
  options: TWhere & { requestId: string; reason: string },
): Promise<TAddressRequestView> {
  await requireCompanyPermission(db, { ...options, permission: 'location.addresses.decide_change' });
  if (!(await findLocationOfCompany(db, options))) throw locationErrors.notFound();
  return db.transaction(async (tx) => {
    const request = await lockPendingRequest(tx, options);
    await tx
      .update(locationAddressRequests)
      .set({ status: 'refused', decidedBy: options.customerId, decidedAt: new Date(), refusalReason: options.reason })
      .where(eq(locationAddressRequests.id, request.id));
    return (await listRequestViews(tx, { requestId: request.id }))[0]!;
  });
}

/** The requester withdraws their own pending request. */
export async function cancelAddressRequest(db: Database, options: TWhere & { requestId: string }): Promise<TAddressRequestView> {
  await authorize(db, options);
  return db.transaction(async (tx) => {
    const request = await lockPendingRequest(tx, { ...options, onlyOwn: true });
    await tx
      .update(locationAddressRequests)
      .set({ status: 'cancelled', decidedAt: new Date() })
      .where(eq(locationAddressRequests.id, request.id));
    return (await listRequestViews(tx, { requestId: request.id }))[0]!;
  });
}
