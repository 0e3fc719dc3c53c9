import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { companies, companyLocations } from '../companies/companies.tables.js';
import { requireCompanyPermission } from '../companies/company-access.js';
import { findLocationOfCompany } from '../companies/locations.service.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import { buildCartUrl } from '../orders/reorder.rules.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { wishlistErrors } from './wishlists.errors.js';
import type {
  TCreateWishlistBody,
  TPutWishlistItemBody,
  TReorderRequest,
  TUpdateWishlistBody,
  TWishlist,
  TWishlistDetail,
  TWishlistItem,
} from './wishlists.schemas.js';
import { wishlistItems, wishlists } from './wishlists.tables.js';

// Wishlists (F5.5): named lists of the store's products, filled by the storefront with the
// customer's session, seen and emptied in the portal, shared read-only by an unguessable link.

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets'>;
type TWishlistRow = typeof wishlists.$inferSelect;
type TWishlistItemRow = typeof wishlistItems.$inferSelect;

export const MAX_WISHLISTS = 50;
export const MAX_WISHLIST_ITEMS = 500;

export function toWishlistItem(row: TWishlistItemRow): TWishlistItem {
  return {
    id: row.id,
    productId: row.productId,
    variantId: row.variantId === '' ? null : row.variantId,
    name: row.name,
    imageUrl: row.imageUrl,
    price: row.priceAmount !== null && row.currency !== null ? { amount: row.priceAmount, currency: row.currency } : null,
    quantity: row.quantity,
    addedAt: row.addedAt.toISOString(),
  };
}

/**
 * The lists with their item counts and locations, in one query. The location's company and
 * name are joined here for display only; which location a customer may use is decided by the
 * companies module (`requireCompanyPermission`).
 */
async function selectWishlists(db: Database, where: ReturnType<typeof and>, limit?: number): Promise<(TWishlist & { customerId: string; marketId: string })[]> {
  const query = db
    .select({
      list: wishlists,
      itemCount: sql<number>`(select count(*)::int from ${wishlistItems} where ${wishlistItems.wishlistId} = ${wishlists.id})`,
      companyId: companyLocations.companyId,
      companyName: companies.name,
      locationName: companyLocations.name,
    })
    .from(wishlists)
    .leftJoin(companyLocations, eq(companyLocations.id, wishlists.locationId))
    .leftJoin(companies, eq(companies.id, companyLocations.companyId))
    .where(where)
    .orderBy(desc(wishlists.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(({ list, itemCount, companyId, companyName, locationName }) => ({
    id: list.id,
    customerId: list.customerId,
    marketId: list.marketId,
    name: list.name,
    location:
      list.locationId && companyId && companyName !== null && locationName !== null
        ? { companyId, companyName, locationId: list.locationId, locationName }
        : null,
    shared: list.shareTokenHash !== null,
    sharedAt: list.sharedAt?.toISOString() ?? null,
    itemCount: Number(itemCount),
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
  }));
}

const ownList = (customerId: string, wishlistId: string) => and(eq(wishlists.id, wishlistId), eq(wishlists.customerId, customerId));

function publicView({ customerId: _c, marketId: _m, ...view }: TWishlist & { customerId: string; marketId: string }): TWishlist {
  return view;
}

/** The caller's list, or 404 (another customer's list is as unknown as a missing one). */
async function findOwnList(db: Database, options: { customerId: string; wishlistId: string }): Promise<TWishlistRow> {
  const [row] = await db.select().from(wishlists).where(ownList(options.customerId, options.wishlistId));
  if (!row) throw wishlistErrors.notFound();
  return row;
}

async function listItems(db: Database, wishlistId: string): Promise<TWishlistItem[]> {
  const rows = await db.select().from(wishlistItems).where(eq(wishlistItems.wishlistId, wishlistId)).orderBy(desc(wishlistItems.addedAt), asc(wishlistItems.id));
  return rows.map(toWishlistItem);
}

async function detailOf(db: Database, options: { customerId: string; wishlistId: string }): Promise<TWishlistDetail> {
  const [view] = await selectWishlists(db, ownList(options.customerId, options.wishlistId));
  if (!view) throw wishlistErrors.notFound();
  return { ...publicView(view), items: await listItems(db, view.id) };
}

/**
 * A list kept for a location needs the right to buy there (an administrator of the company, or
 * a buyer or location administrator at it): 404 outside the company or for another company's
 * location, 403 for a colleague who may not buy there.
 */
async function checkLocation(db: Database, options: { customerId: string; location: { companyId: string; locationId: string } }): Promise<string> {
  const { companyId, locationId } = options.location;
  await requireCompanyPermission(db, { companyId, customerId: options.customerId, permission: 'location.buy', locationId });
  if (!(await findLocationOfCompany(db, { companyId, locationId }))) throw wishlistErrors.notFound();
  return locationId;
}

/** `wishlist.updated`: the store's systems keep their copy (price alerts, back in stock) in step. */
async function recordWishlistUpdated(db: Database, options: { list: TWishlistRow; change: string }): Promise<void> {
  const [counted] = await db.select({ value: count() }).from(wishlistItems).where(eq(wishlistItems.wishlistId, options.list.id));
  await recordEvent(db, {
    type: 'wishlist.updated',
    customerId: options.list.customerId,
    marketId: options.list.marketId,
    payload: {
      wishlist: { id: options.list.id, name: options.list.name, locationId: options.list.locationId, itemCount: counted?.value ?? 0 },
      customerId: options.list.customerId,
      change: options.change,
    },
  });
}

async function touch(db: Database, wishlistId: string): Promise<TWishlistRow> {
  const [row] = await db.update(wishlists).set({ updatedAt: new Date() }).where(eq(wishlists.id, wishlistId)).returning();
  if (!row) throw wishlistErrors.notFound();
  return row;
}

/** GET /api/me/wishlists: newest first. */
export async function listMyWishlists(ctx: TContext, options: { customerId: string; limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(options.cursor);
  const rows = await selectWishlists(
    ctx.db,
    and(eq(wishlists.customerId, options.customerId), after ? lt(wishlists.id, after) : undefined),
    options.limit + 1,
  );
  return pageOf(rows.map(publicView), options.limit);
}

export function getMyWishlist(ctx: TContext, options: { customerId: string; wishlistId: string }): Promise<TWishlistDetail> {
  return detailOf(ctx.db, options);
}

/** POST /api/me/wishlists. The count is checked under a lock on the customer, so two at once cannot pass 50. */
export async function createWishlist(ctx: TContext, options: { customer: TSignedInCustomer; body: TCreateWishlistBody }): Promise<TWishlistDetail> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4110, hashtext(${options.customer.id}))`);
    const [counted] = await tx.select({ value: count() }).from(wishlists).where(eq(wishlists.customerId, options.customer.id));
    if ((counted?.value ?? 0) >= MAX_WISHLISTS) throw wishlistErrors.tooManyLists(MAX_WISHLISTS);
    const locationId = options.body.location ? await checkLocation(tx, { customerId: options.customer.id, location: options.body.location }) : null;
    const id = newId('wsl');
    await tx.insert(wishlists).values({ id, marketId: options.customer.marketId, customerId: options.customer.id, name: options.body.name, locationId });
    return detailOf(tx, { customerId: options.customer.id, wishlistId: id });
  });
}

/** PATCH: rename, or keep the list for a location (or for none). */
export async function updateWishlist(ctx: TContext, options: { customerId: string; wishlistId: string; body: TUpdateWishlistBody }): Promise<TWishlistDetail> {
  return ctx.db.transaction(async (tx) => {
    await findOwnList(tx, options);
    const changes: Partial<TWishlistRow> = { updatedAt: new Date() };
    if (options.body.name !== undefined) changes.name = options.body.name;
    if (options.body.location !== undefined) {
      changes.locationId = options.body.location ? await checkLocation(tx, { customerId: options.customerId, location: options.body.location }) : null;
    }
    const [row] = await tx.update(wishlists).set(changes).where(eq(wishlists.id, options.wishlistId)).returning();
    await recordWishlistUpdated(tx, { list: row!, change: 'details_changed' });
    return detailOf(tx, options);
  });
}

export async function deleteWishlist(ctx: TContext, options: { customerId: string; wishlistId: string }): Promise<void> {
  const deleted = await ctx.db.delete(wishlists).where(ownList(options.customerId, options.wishlistId)).returning({ id: wishlists.id });
  if (deleted.length === 0) throw wishlistErrors.notFound();
}

/**
 * POST …/items: adds the product, or updates it when the same product and variant is already
 * on the list (one upsert on the unique key, so a double click adds it once). Answers whether
 * it was new.
 */
export async function putWishlistItem(
  ctx: TContext,
  options: { customerId: string; wishlistId: string; body: TPutWishlistItemBody },
): Promise<{ item: TWishlistItem; created: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const list = await findOwnList(tx, options);
    // Row lock on the list: the count below and the insert hold together under concurrent adds.
    await tx.execute(sql`select 1 from ${wishlists} where ${wishlists.id} = ${list.id} for update`);
    const { body } = options;
    const variantId = body.variantId ?? '';
    const [existing] = await tx
      .select({ id: wishlistItems.id })
      .from(wishlistItems)
      .where(and(eq(wishlistItems.wishlistId, list.id), eq(wishlistItems.productId, body.productId), eq(wishlistItems.variantId, variantId)));
    if (!existing) {
      const [counted] = await tx.select({ value: count() }).from(wishlistItems).where(eq(wishlistItems.wishlistId, list.id));
      if ((counted?.value ?? 0) >= MAX_WISHLIST_ITEMS) throw wishlistErrors.tooManyItems(MAX_WISHLIST_ITEMS);
    }
    const values = {
      name: body.name,
      imageUrl: body.imageUrl ?? null,
      priceAmount: body.price?.amount ?? null,
      currency: body.price?.currency ?? null,
      quantity: body.quantity ?? 1,
    };
    const [row] = existing
      ? await tx.update(wishlistItems).set(values).where(eq(wishlistItems.id, existing.id)).returning()
      : await tx.insert(wishlistItems).values({ id: newId('wli'), wishlistId: list.id, productId: body.productId, variantId, ...values }).returning();
    await recordWishlistUpdated(tx, { list: await touch(tx, list.id), change: existing ? 'item_updated' : 'item_added' });
    return { item: toWishlistItem(row!), created: !existing };
  });
}

export async function removeWishlistItem(ctx: TContext, options: { customerId: string; wishlistId: string; itemId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const list = await findOwnList(tx, options);
    const deleted = await tx
      .delete(wishlistItems)
      .where(and(eq(wishlistItems.id, options.itemId), eq(wishlistItems.wishlistId, list.id)))
      .returning({ id: wishlistItems.id });
    if (deleted.length === 0) throw wishlistErrors.notFound();
    await recordWishlistUpdated(tx, { list: await touch(tx, list.id), change: 'item_removed' });
  });
}

/** DELETE …/items: empties the list, which stays (with its name, location and share link). */
export async function emptyWishlist(ctx: TContext, options: { customerId: string; wishlistId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const list = await findOwnList(tx, options);
    await tx.delete(wishlistItems).where(eq(wishlistItems.wishlistId, list.id));
    await recordWishlistUpdated(tx, { list: await touch(tx, list.id), change: 'emptied' });
  });
}

/**
 * POST …/share: a new link (32 random bytes; only the SHA-256 is kept, so the link is shown
 * once). Sharing again replaces the previous link, which stops working.
 */
export async function shareWishlist(ctx: TContext, options: { customerId: string; wishlistId: string }): Promise<{ token: string; url: string }> {
  const list = await findOwnList(ctx.db, options);
  const token = newSecretToken();
  await ctx.db.update(wishlists).set({ shareTokenHash: hashToken(token), sharedAt: new Date() }).where(eq(wishlists.id, list.id));
  return { token, url: `${ctx.markets.get(list.marketId).publicUrl}/shared-wishlists/${token}` };
}

export async function revokeWishlistShare(ctx: TContext, options: { customerId: string; wishlistId: string }): Promise<void> {
  const list = await findOwnList(ctx.db, options);
  await ctx.db.update(wishlists).set({ shareTokenHash: null, sharedAt: null }).where(eq(wishlists.id, list.id));
}

/**
 * GET /api/shared-wishlists/{token}: read-only, signed out, in the market of the request's
 * host (a link opened on another market's site is unknown there). The owner is named by
 * first name only.
 */
export async function getSharedWishlist(ctx: TContext, options: { token: string; marketId: string }) {
  const [row] = await ctx.db
    .select()
    .from(wishlists)
    .where(and(eq(wishlists.shareTokenHash, hashToken(options.token)), eq(wishlists.marketId, options.marketId)));
  if (!row) throw wishlistErrors.notFound();
  const owner = await findCustomerById(ctx.db, row.customerId);
  if (!owner || owner.status !== 'active') throw wishlistErrors.notFound();
  return { name: row.name, ownerFirstName: owner.firstName, items: await listItems(ctx.db, row.id) };
}

/**
 * POST …/reorder-request ("demande de réassort"): a business buyer's list kept for a location
 * becomes a request the store's systems receive (`wishlist.reorder_requested`) and a cart link,
 * as "order again" builds it. The right to buy at the location is checked again now: a buyer
 * removed since cannot send one.
 */
export async function requestWishlistReorder(ctx: TContext, options: { customer: TSignedInCustomer; wishlistId: string }): Promise<TReorderRequest> {
  return ctx.db.transaction(async (tx) => {
    const [view] = await selectWishlists(tx, ownList(options.customer.id, options.wishlistId));
    if (!view) throw wishlistErrors.notFound();
    if (!view.location) throw wishlistErrors.withoutLocation();
    await checkLocation(tx, { customerId: options.customer.id, location: view.location });
    const items = await listItems(tx, view.id);
    if (items.length === 0) throw wishlistErrors.empty();
    const lines = items.map(({ productId, variantId, name, quantity }) => ({ productId, variantId, name, quantity }));
    const customer = options.customer;
    const eventId = await recordEvent(tx, {
      type: 'wishlist.reorder_requested',
      customerId: customer.id,
      marketId: customer.marketId,
      payload: {
        wishlist: { id: view.id, name: view.name },
        company: { id: view.location.companyId, name: view.location.companyName },
        location: { id: view.location.locationId, name: view.location.locationName },
        customer: { id: customer.id, email: customer.email, firstName: customer.firstName, lastName: customer.lastName },
        lines,
      },
    });
    const cartLines = lines.map((line) => ({ sku: line.productId, productRef: line.variantId ?? line.productId, quantity: line.quantity }));
    return { eventId, lines, cartUrl: buildCartUrl(ctx.config.cartUrlTemplate, cartLines) };
  });
}

/** Everything about the customer's lists, for the data export. */
export async function listWishlistsForExport(db: Database, customerId: string) {
  const lists = await db.select().from(wishlists).where(eq(wishlists.customerId, customerId)).orderBy(asc(wishlists.id));
  const items = lists.length
    ? await db.select().from(wishlistItems).where(inArray(wishlistItems.wishlistId, lists.map((list) => list.id))).orderBy(asc(wishlistItems.id))
    : [];
  return lists.map((list) => ({
    id: list.id,
    name: list.name,
    locationId: list.locationId,
    shared: list.shareTokenHash !== null,
    sharedAt: list.sharedAt?.toISOString() ?? null,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
    items: items.filter((item) => item.wishlistId === list.id).map(toWishlistItem),
  }));
}
