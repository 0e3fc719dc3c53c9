import { and, asc, count, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import type { TMarketDirectory } from '../markets/market-directory.js';
import { sniffImageType } from '../markets/market-assets.rules.js';
import { registryErrors } from './registries.errors.js';
import { hashAccessCode, newPublicCode, remainingQuantity } from './registries.rules.js';
import type {
  TCreateRegistryBody,
  TPutRegistryItemBody,
  TRegistry,
  TRegistryDetail,
  TRegistryItem,
  TUpdateRegistryBody,
} from './registries.schemas.js';
import { registries, registryContributions, registryGifts, registryItems } from './registries.tables.js';

// Gift and birth registries (F5.6), as their owners make them: the registry, its items with
// wanted quantities, its photo, its visibility, closing and reopening.

type TContext = Pick<TAppContext, 'db' | 'markets'>;
const { photo: _photo, ...registryColumns } = getTableColumns(registries);
/** Every column but the photo's bytes, which only the photo routes read. */
export const registryRowColumns = registryColumns;
export type TRegistryRow = Omit<typeof registries.$inferSelect, 'photo'>;
type TRegistryItemRow = typeof registryItems.$inferSelect;

export const MAX_REGISTRIES = 20;
export const MAX_REGISTRY_ITEMS = 300;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const photoTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;

export function registryUrl(markets: TMarketDirectory, row: Pick<TRegistryRow, 'marketId' | 'publicCode'>): string {
  return `${markets.get(row.marketId).publicUrl}/registries/${row.publicCode}`;
}

export function toRegistry(markets: TMarketDirectory, row: TRegistryRow): TRegistry {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    ownerNames: row.ownerNames,
    eventDate: row.eventDate,
    message: row.message,
    publicCode: row.publicCode,
    url: registryUrl(markets, row),
    visibility: row.visibility,
    status: row.status,
    fundEnabled: row.fundEnabled,
    currency: markets.get(row.marketId).currency,
    hasPhoto: row.photoContentType !== null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

export function toRegistryItem(row: TRegistryItemRow): TRegistryItem {
  return {
    id: row.id,
    productId: row.productId,
    variantId: row.variantId === '' ? null : row.variantId,
    name: row.name,
    imageUrl: row.imageUrl,
    price: row.priceAmount !== null && row.currency !== null ? { amount: row.priceAmount, currency: row.currency } : null,
    wantedQuantity: row.wantedQuantity,
    reservedQuantity: row.reservedQuantity,
    purchasedQuantity: row.purchasedQuantity,
    remainingQuantity: remainingQuantity(row),
  };
}

export function listRegistryItemRows(db: Database, registryId: string): Promise<TRegistryItemRow[]> {
  return db.select().from(registryItems).where(eq(registryItems.registryId, registryId)).orderBy(asc(registryItems.position), asc(registryItems.id));
}

/** The owner's registry (open or closed), or 404: another customer's is as unknown as none. */
export async function findOwnRegistry(db: Database, options: { customerId: string; registryId: string; forUpdate?: boolean }): Promise<TRegistryRow> {
  const query = db
    .select(registryRowColumns)
    .from(registries)
    .where(and(eq(registries.id, options.registryId), eq(registries.customerId, options.customerId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw registryErrors.notFound();
  return row;
}

async function findOpenOwnRegistry(db: Database, options: { customerId: string; registryId: string }): Promise<TRegistryRow> {
  const row = await findOwnRegistry(db, { ...options, forUpdate: true });
  if (row.status !== 'open') throw registryErrors.closed();
  return row;
}

/** The registry with its items and what was given, as its owner (or staff) sees it. */
export async function registryDetail(db: Database, markets: TMarketDirectory, row: TRegistryRow): Promise<TRegistryDetail> {
  const items = await listRegistryItemRows(db, row.id);
  const [gifts] = await db
    .select({ given: count(), unthanked: sql<number>`count(*) filter (where ${registryGifts.thankedAt} is null)::int` })
    .from(registryGifts)
    .where(and(eq(registryGifts.registryId, row.id), sql`${registryGifts.status} <> 'cancelled'`));
  const [funds] = await db
    .select({
      total: sql<number>`coalesce(sum(${registryContributions.amount}), 0)::int`,
      unthanked: sql<number>`count(*) filter (where ${registryContributions.thankedAt} is null)::int`,
    })
    .from(registryContributions)
    .where(eq(registryContributions.registryId, row.id));
  return {
    ...toRegistry(markets, row),
    items: items.map(toRegistryItem),
    totals: {
      gifts: Number(gifts?.given ?? 0),
      contributions: { amount: Number(funds?.total ?? 0), currency: markets.get(row.marketId).currency },
      unthanked: Number(gifts?.unthanked ?? 0) + Number(funds?.unthanked ?? 0),
    },
  };
}

/** GET /api/me/registries: newest first, open and closed. */
export async function listMyRegistries(ctx: TContext, options: { customerId: string; limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(options.cursor);
  const rows = await ctx.db
    .select(registryRowColumns)
    .from(registries)
    .where(and(eq(registries.customerId, options.customerId), after ? lt(registries.id, after) : undefined))
    .orderBy(desc(registries.id))
    .limit(options.limit + 1);
  const page = pageOf(rows, options.limit);
  return { items: page.items.map((row) => toRegistry(ctx.markets, row)), nextCursor: page.nextCursor };
}

export async function getMyRegistry(ctx: TContext, options: { customerId: string; registryId: string }): Promise<TRegistryDetail> {
  return registryDetail(ctx.db, ctx.markets, await findOwnRegistry(ctx.db, options));
}

/**
 * POST /api/me/registries: in the owner's market, with a fresh public code (a collision with
 * one of 10^12 codes is retried by the unique index's refusal, not by a look-up first).
 */
export async function createRegistry(ctx: TContext, options: { customer: TSignedInCustomer; body: TCreateRegistryBody }): Promise<TRegistryDetail> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4111, hashtext(${options.customer.id}))`);
    const [counted] = await tx.select({ value: count() }).from(registries).where(eq(registries.customerId, options.customer.id));
    if ((counted?.value ?? 0) >= MAX_REGISTRIES) throw registryErrors.tooManyRegistries(MAX_REGISTRIES);
    const { body } = options;
    const id = newId('reg');
    const visibility = body.visibility ?? 'link';
    const [row] = await tx
      .insert(registries)
      .values({
        id,
        marketId: options.customer.marketId,
        customerId: options.customer.id,
        kind: body.kind,
        title: body.title,
        ownerNames: body.ownerNames,
        eventDate: body.eventDate ?? null,
        message: body.message || null,
        publicCode: newPublicCode(body.kind),
        visibility,
        accessCodeHash: visibility === 'code' && body.accessCode ? hashAccessCode(id, body.accessCode) : null,
        fundEnabled: body.fundEnabled ?? false,
      })
      .returning(registryRowColumns);
    return registryDetail(tx, ctx.markets, row!);
  });
}

/**
 * PATCH: only the fields given change. Turning to `code` visibility needs an access code unless
 * the registry already has one; leaving it forgets the code.
 */
export async function updateRegistry(ctx: TContext, options: { customerId: string; registryId: string; body: TUpdateRegistryBody }): Promise<TRegistryDetail> {
  return ctx.db.transaction(async (tx) => {
    const row = await findOpenOwnRegistry(tx, options);
    const { body } = options;
    const visibility = body.visibility ?? row.visibility;
    let accessCodeHash = row.accessCodeHash;
    if (visibility !== 'code') accessCodeHash = null;
    else if (body.accessCode) accessCodeHash = hashAccessCode(row.id, body.accessCode);
    else if (!accessCodeHash) {
      throw commonErrors.validationFailed([{ path: 'accessCode', code: 'required', message: 'Needed with visibility code.' }]);
    }
    const [updated] = await tx
      .update(registries)
      .set({
        ...(body.kind !== undefined ? { kind: body.kind } : {}),
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.ownerNames !== undefined ? { ownerNames: body.ownerNames } : {}),
        ...(body.eventDate !== undefined ? { eventDate: body.eventDate } : {}),
        ...(body.message !== undefined ? { message: body.message || null } : {}),
        ...(body.fundEnabled !== undefined ? { fundEnabled: body.fundEnabled } : {}),
        visibility,
        accessCodeHash,
        updatedAt: new Date(),
      })
      .where(eq(registries.id, row.id))
      .returning(registryRowColumns);
    return registryDetail(tx, ctx.markets, updated!);
  });
}

/** Close: visitors no longer find it or reserve; the owner still reads it and thanks. */
export async function setRegistryStatus(ctx: TContext, options: { customerId: string; registryId: string; status: 'open' | 'closed' }): Promise<TRegistryDetail> {
  return ctx.db.transaction(async (tx) => {
    const row = await findOwnRegistry(tx, { ...options, forUpdate: true });
    if (row.status === options.status) return registryDetail(tx, ctx.markets, row);
    const [updated] = await tx
      .update(registries)
      .set({ status: options.status, closedAt: options.status === 'closed' ? new Date() : null, updatedAt: new Date() })
      .where(eq(registries.id, row.id))
      .returning(registryRowColumns);
    return registryDetail(tx, ctx.markets, updated!);
  });
}

export async function deleteRegistry(ctx: TContext, options: { customerId: string; registryId: string }): Promise<void> {
  const deleted = await ctx.db
    .delete(registries)
    .where(and(eq(registries.id, options.registryId), eq(registries.customerId, options.customerId)))
    .returning({ id: registries.id });
  if (deleted.length === 0) throw registryErrors.notFound();
}

/** POST …/items: adds the product, or sets the wanted quantity of the same product and variant. */
export async function putRegistryItem(
  ctx: TContext,
  options: { customerId: string; registryId: string; body: TPutRegistryItemBody },
): Promise<{ item: TRegistryItem; created: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const registry = await findOpenOwnRegistry(tx, options);
    const { body } = options;
    const variantId = body.variantId ?? '';
    const [existing] = await tx
      .select()
      .from(registryItems)
      .where(and(eq(registryItems.registryId, registry.id), eq(registryItems.productId, body.productId), eq(registryItems.variantId, variantId)))
      .for('update');
    const values = { name: body.name, imageUrl: body.imageUrl ?? null, priceAmount: body.price?.amount ?? null, currency: body.price?.currency ?? null };
    if (existing) {
      const given = existing.reservedQuantity + existing.purchasedQuantity;
      if (body.wantedQuantity < given) throw registryErrors.wantedBelowGiven(given);
      const [row] = await tx.update(registryItems).set({ ...values, wantedQuantity: body.wantedQuantity }).where(eq(registryItems.id, existing.id)).returning();
      return { item: toRegistryItem(row!), created: false };
    }
    const [counted] = await tx.select({ value: count() }).from(registryItems).where(eq(registryItems.registryId, registry.id));
    const position = counted?.value ?? 0;
    if (position >= MAX_REGISTRY_ITEMS) throw registryErrors.tooManyItems(MAX_REGISTRY_ITEMS);
    const [row] = await tx
      .insert(registryItems)
      .values({ id: newId('rgi'), registryId: registry.id, productId: body.productId, variantId, ...values, wantedQuantity: body.wantedQuantity, position })
      .returning();
    return { item: toRegistryItem(row!), created: true };
  });
}

/**
 * PATCH …/items/{id}: a new wanted quantity, never below what visitors already reserved or
 * bought. The condition sits in the update itself, so a reservation landing meanwhile is seen.
 */
export async function setRegistryItemWanted(
  ctx: TContext,
  options: { customerId: string; registryId: string; itemId: string; wantedQuantity: number },
): Promise<TRegistryItem> {
  return ctx.db.transaction(async (tx) => {
    const registry = await findOpenOwnRegistry(tx, options);
    const [row] = await tx
      .update(registryItems)
      .set({ wantedQuantity: options.wantedQuantity })
      .where(
        and(
          eq(registryItems.id, options.itemId),
          eq(registryItems.registryId, registry.id),
          sql`${registryItems.reservedQuantity} + ${registryItems.purchasedQuantity} <= ${options.wantedQuantity}`,
        ),
      )
      .returning();
    if (row) return toRegistryItem(row);
    const [item] = await tx.select().from(registryItems).where(and(eq(registryItems.id, options.itemId), eq(registryItems.registryId, registry.id)));
    if (!item) throw registryErrors.notFound();
    throw registryErrors.wantedBelowGiven(item.reservedQuantity + item.purchasedQuantity);
  });
}

/** An item nobody reserved or bought can go; one with gifts stays (the gifts point at it). */
export async function removeRegistryItem(ctx: TContext, options: { customerId: string; registryId: string; itemId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const registry = await findOpenOwnRegistry(tx, options);
    const deleted = await tx
      .delete(registryItems)
      .where(
        and(
          eq(registryItems.id, options.itemId),
          eq(registryItems.registryId, registry.id),
          sql`${registryItems.reservedQuantity} = 0 and ${registryItems.purchasedQuantity} = 0`,
          sql`not exists (select 1 from ${registryGifts} where ${registryGifts.itemId} = ${registryItems.id} and ${registryGifts.status} <> 'cancelled')`,
        ),
      )
      .returning({ id: registryItems.id });
    if (deleted.length > 0) return;
    const [item] = await tx.select({ id: registryItems.id }).from(registryItems).where(and(eq(registryItems.id, options.itemId), eq(registryItems.registryId, registry.id)));
    if (!item) throw registryErrors.notFound();
    throw registryErrors.itemHasGifts();
  });
}

/**
 * PUT …/photo: the raw image, PNG, JPEG or WebP, at most 2 MB. The bytes must be of the declared
 * type (magic number): a file served with a type its bytes do not have is how an "image"
 * becomes a page.
 */
export async function putRegistryPhoto(
  ctx: TContext,
  options: { customerId: string; registryId: string; contentType: string; bytes: Buffer },
): Promise<TRegistryDetail> {
  if (sniffImageType(options.bytes) !== options.contentType) throw registryErrors.photoTypeMismatch();
  return ctx.db.transaction(async (tx) => {
    const registry = await findOpenOwnRegistry(tx, options);
    const [updated] = await tx
      .update(registries)
      .set({ photo: options.bytes, photoContentType: options.contentType, updatedAt: new Date() })
      .where(eq(registries.id, registry.id))
      .returning(registryRowColumns);
    return registryDetail(tx, ctx.markets, updated!);
  });
}

export async function deleteRegistryPhoto(ctx: TContext, options: { customerId: string; registryId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const registry = await findOpenOwnRegistry(tx, options);
    await tx.update(registries).set({ photo: null, photoContentType: null, updatedAt: new Date() }).where(eq(registries.id, registry.id));
  });
}

/** The photo's bytes of a registry found by the caller's own rules (owner or visitor). */
export async function readRegistryPhoto(db: Database, registryId: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  const [row] = await db.select({ photo: registries.photo, contentType: registries.photoContentType }).from(registries).where(eq(registries.id, registryId));
  return row?.photo && row.contentType ? { bytes: row.photo, contentType: row.contentType } : null;
}
