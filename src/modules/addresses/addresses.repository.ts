import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { customerAddresses, type TCustomerAddressRow } from './addresses.tables.js';

export type TStoredAddressFields = Omit<typeof customerAddresses.$inferInsert, 'id' | 'customerId' | 'kind' | 'isDefault' | 'createdAt' | 'updatedAt'>;

/** The first key of the two-key advisory locks taken on a customer's addresses. */
const ADDRESS_LOCK_CLASS = 4101;

/**
 * Serialises every change to one customer's addresses until the transaction ends. A row lock
 * on existing addresses would not stop two inserts (nothing to lock yet); this covers both.
 */
export async function lockAddressesOfCustomer(tx: Database, customerId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(ADDRESS_LOCK_CLASS))}, hashtext(${customerId}))`);
}

/** Billing first, then the default delivery address, then the newest. */
export function listAddressRows(db: Database, customerId: string): Promise<TCustomerAddressRow[]> {
  return db
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(asc(customerAddresses.kind), desc(customerAddresses.isDefault), desc(customerAddresses.id));
}

export async function findAddressOfCustomer(
  db: Database,
  options: { customerId: string; addressId: string },
): Promise<TCustomerAddressRow | undefined> {
  const [row] = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.id, options.addressId), eq(customerAddresses.customerId, options.customerId)));
  return row;
}

export async function findBillingAddress(db: Database, customerId: string): Promise<TCustomerAddressRow | undefined> {
  const [row] = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.kind, 'billing')));
  return row;
}

export async function countDeliveryAddresses(db: Database, customerId: string): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(customerAddresses)
    .where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.kind, 'delivery')));
  return row?.total ?? 0;
}

export async function findNewestDeliveryAddress(db: Database, customerId: string): Promise<TCustomerAddressRow | undefined> {
  const [row] = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.kind, 'delivery')))
    .orderBy(desc(customerAddresses.id))
    .limit(1);
  return row;
}

export async function insertAddress(
  db: Database,
  values: TStoredAddressFields & Pick<TCustomerAddressRow, 'customerId' | 'kind' | 'isDefault'>,
): Promise<TCustomerAddressRow> {
  const [row] = await db.insert(customerAddresses).values({ id: newId('adr'), ...values }).returning();
  if (!row) throw new Error('insert returned no address');
  return row;
}

export async function updateAddressRow(db: Database, id: string, values: Partial<TStoredAddressFields>): Promise<TCustomerAddressRow> {
  const [row] = await db
    .update(customerAddresses)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(customerAddresses.id, id))
    .returning();
  if (!row) throw new Error('update returned no address');
  return row;
}

export async function deleteAddressRow(db: Database, id: string): Promise<void> {
  await db.delete(customerAddresses).where(eq(customerAddresses.id, id));
}

/** First step of "make default": the partial unique index allows one default at a time. */
export async function clearDefaultDeliveryAddress(db: Database, customerId: string): Promise<void> {
  await db
    .update(customerAddresses)
    .set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.kind, 'delivery'), eq(customerAddresses.isDefault, true)));
}

export async function markDefaultDeliveryAddress(db: Database, id: string): Promise<TCustomerAddressRow> {
  const [row] = await db
    .update(customerAddresses)
    .set({ isDefault: true, updatedAt: new Date() })
    .where(and(eq(customerAddresses.id, id), eq(customerAddresses.kind, 'delivery')))
    .returning();
  if (!row) throw new Error('no delivery address to make default');
  return row;
}
