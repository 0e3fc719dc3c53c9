import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { addressErrors } from './addresses.errors.js';
import * as repository from './addresses.repository.js';
import type { TStoredAddressFields } from './addresses.repository.js';
import { formatPhoneForDisplay, normalizeAddressDraft } from './addresses.rules.js';
import {
  ADDRESS_FIELDS,
  fieldErrorsOf,
  ZAddressFields,
  type TAddressFields,
  type TCreateAddressBody,
  type TUpdateAddressBody,
} from './addresses.schemas.js';
import type { TCustomerAddressRow } from './addresses.tables.js';

/** Enough for the offices, relatives and relay points of one person; more is a sign of misuse. */
export const MAX_DELIVERY_ADDRESSES = 50;

type TContext = Pick<TAppContext, 'db' | 'config'>;

export type TAddressView = Omit<TCustomerAddressRow, 'customerId'> & {
  phoneNational: string | null;
  billingAddressId: string | null;
};

function toAddressView(row: TCustomerAddressRow, billingAddressId: string | null): TAddressView {
  const { customerId: _customerId, ...address } = row;
  return {
    ...address,
    phoneNational: row.phone ? formatPhoneForDisplay(row.phone, row.country) : null,
    billingAddressId: row.kind === 'delivery' ? billingAddressId : null,
  };
}

/** Checked fields as stored: the country's own spelling of postal code and region, E.164 phone, blanks as null. */
function toStoredFields(fields: TAddressFields): TStoredAddressFields {
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

function storedFieldsOf(row: TCustomerAddressRow): TStoredAddressFields {
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, row[field]])) as TStoredAddressFields;
}

/** Every write to a customer's addresses runs here, one at a time per customer. */
function withAddressLock<T>(ctx: TContext, customerId: string, work: (tx: Database) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await repository.lockAddressesOfCustomer(tx, customerId);
    return work(tx);
  });
}

/** With shared billing, the id every delivery address of the account is invoiced to. */
async function sharedBillingIdOf(ctx: TContext, db: Database, customerId: string): Promise<string | null> {
  if (!ctx.config.addresses.sharedBilling) return null;
  return (await repository.findBillingAddress(db, customerId))?.id ?? null;
}

export async function listAddresses(ctx: TContext, options: { customerId: string }): Promise<TAddressView[]> {
  const rows = await repository.listAddressRows(ctx.db, options.customerId);
  const billingId = ctx.config.addresses.sharedBilling ? (rows.find((row) => row.kind === 'billing')?.id ?? null) : null;
  return rows.map((row) => toAddressView(row, billingId));
}

export async function getAddress(ctx: TContext, options: { customerId: string; addressId: string }): Promise<TAddressView> {
  const row = await repository.findAddressOfCustomer(ctx.db, options);
  if (!row) throw addressErrors.notFound();
  return toAddressView(row, await sharedBillingIdOf(ctx, ctx.db, options.customerId));
}

export async function createAddress(ctx: TContext, options: { customerId: string; body: TCreateAddressBody }): Promise<TAddressView> {
  const { kind, isDefault, ...fields } = options.body;
  return withAddressLock(ctx, options.customerId, async (tx) => {
    if (kind === 'delivery') {
      return insertDeliveryAddress(ctx, tx, { customerId: options.customerId, fields: toStoredFields(fields), makeDefault: isDefault === true });
    }
    if (await repository.findBillingAddress(tx, options.customerId)) throw addressErrors.billingAddressExists();
    const row = await repository.insertAddress(tx, { customerId: options.customerId, kind, isDefault: false, ...toStoredFields(fields) });
    return toAddressView(row, null);
  });
}

/** The first delivery address becomes the default, so that checkout always has one to propose. */
async function insertDeliveryAddress(
  ctx: TContext,
  tx: Database,
  options: { customerId: string; fields: TStoredAddressFields; makeDefault: boolean },
): Promise<TAddressView> {
  const billingId = await sharedBillingIdOf(ctx, tx, options.customerId);
  if (ctx.config.addresses.sharedBilling && !billingId) throw addressErrors.billingAddressRequired();
  const existing = await repository.countDeliveryAddresses(tx, options.customerId);
  if (existing >= MAX_DELIVERY_ADDRESSES) throw addressErrors.tooManyAddresses(MAX_DELIVERY_ADDRESSES);
  const isDefault = options.makeDefault || existing === 0;
  if (isDefault) await repository.clearDefaultDeliveryAddress(tx, options.customerId);
  const row = await repository.insertAddress(tx, { customerId: options.customerId, kind: 'delivery', isDefault, ...options.fields });
  return toAddressView(row, billingId);
}

/** Only the given fields change, but the address they make is checked whole (a new country rechecks the postal code). */
export async function updateAddress(
  ctx: TContext,
  options: { customerId: string; addressId: string; changes: TUpdateAddressBody },
): Promise<TAddressView> {
  return withAddressLock(ctx, options.customerId, async (tx) => {
    const row = await repository.findAddressOfCustomer(tx, options);
    if (!row) throw addressErrors.notFound();
    const parsed = ZAddressFields.safeParse({ ...storedFieldsOf(row), ...options.changes });
    if (!parsed.success) throw addressErrors.invalidAddress(fieldErrorsOf(parsed.error));
    const updated = await repository.updateAddressRow(tx, row.id, toStoredFields(parsed.data));
    return toAddressView(updated, await sharedBillingIdOf(ctx, tx, options.customerId));
  });
}

/** Deleting the default delivery address makes the newest remaining one the default. */
export async function deleteAddress(ctx: TContext, options: { customerId: string; addressId: string }): Promise<void> {
  await withAddressLock(ctx, options.customerId, async (tx) => {
    const row = await repository.findAddressOfCustomer(tx, options);
    if (!row) throw addressErrors.notFound();
    if (row.kind === 'billing' && ctx.config.addresses.sharedBilling && (await repository.countDeliveryAddresses(tx, options.customerId)) > 0) {
      throw addressErrors.billingAddressInUse();
    }
    await repository.deleteAddressRow(tx, row.id);
    if (row.isDefault) {
      const newest = await repository.findNewestDeliveryAddress(tx, options.customerId);
      if (newest) await repository.markDefaultDeliveryAddress(tx, newest.id);
    }
  });
}

export async function makeDefaultAddress(ctx: TContext, options: { customerId: string; addressId: string }): Promise<TAddressView> {
  return withAddressLock(ctx, options.customerId, async (tx) => {
    let row = await repository.findAddressOfCustomer(tx, options);
    if (!row) throw addressErrors.notFound();
    if (row.kind !== 'delivery') throw addressErrors.notADeliveryAddress();
    if (!row.isDefault) {
      await repository.clearDefaultDeliveryAddress(tx, options.customerId);
      row = await repository.markDefaultDeliveryAddress(tx, row.id);
    }
    return toAddressView(row, await sharedBillingIdOf(ctx, tx, options.customerId));
  });
}

/** "Delivery same as billing" in one step: a delivery address copied from the billing one. */
export async function copyBillingToDelivery(
  ctx: TContext,
  options: { customerId: string; label?: string | null | undefined; isDefault?: boolean | undefined },
): Promise<TAddressView> {
  return withAddressLock(ctx, options.customerId, async (tx) => {
    const billing = await repository.findBillingAddress(tx, options.customerId);
    if (!billing) throw addressErrors.billingAddressRequired();
    const fields = { ...storedFieldsOf(billing), label: options.label || null };
    return insertDeliveryAddress(ctx, tx, { customerId: options.customerId, fields, makeDefault: options.isDefault === true });
  });
}
