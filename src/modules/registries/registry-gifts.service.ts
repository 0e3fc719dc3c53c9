import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import { findCustomerById } from '../customers/customers.service.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { notifyOwner } from './registry-notifications.js';
import {
  REGISTRY_CONTRIBUTION_TEMPLATE,
  REGISTRY_GIFT_TEMPLATE,
  REGISTRY_THANKS_TEMPLATE,
  renderRegistryContributionEmail,
  renderRegistryGiftEmail,
  renderRegistryThanksEmail,
} from './registries.emails.js';
import { registryErrors } from './registries.errors.js';
import { normalizePublicCode, remainingQuantity } from './registries.rules.js';
import type { TIntegrationContributionBody, TIntegrationPurchaseBody, TRegistryContribution, TRegistryGift } from './registries.schemas.js';
import { findOwnRegistry, registryRowColumns, type TRegistryRow } from './registries.service.js';
import { registries, registryContributions, registryGifts, registryItems } from './registries.tables.js';

// What was given on a registry (F5.6): the owners' view and thanks, and what the store reports
// through the integration API (purchases, contributions), idempotent on the store's ids.

type TContext = Pick<TAppContext, 'db' | 'markets' | 'notifyMail'>;
type TGiftRow = typeof registryGifts.$inferSelect;
type TContributionRow = typeof registryContributions.$inferSelect;

function toGift(row: TGiftRow, itemName: string): TRegistryGift {
  return {
    id: row.id,
    item: { id: row.itemId, name: itemName },
    quantity: row.quantity,
    status: row.status,
    giverName: row.giverName,
    hasEmail: row.giverEmail !== null,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    purchasedAt: row.purchasedAt?.toISOString() ?? null,
    thankedAt: row.thankedAt?.toISOString() ?? null,
  };
}

function toContribution(row: TContributionRow): TRegistryContribution {
  return {
    id: row.id,
    amount: { amount: row.amount, currency: row.currency },
    giverName: row.giverName,
    hasEmail: row.giverEmail !== null,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    thankedAt: row.thankedAt?.toISOString() ?? null,
  };
}

const giftColumns = { gift: registryGifts, itemName: registryItems.name };

/** GET …/gifts: who reserved or gave what, newest first (the giver's address is never shown). */
export async function listRegistryGifts(db: Database, options: { registryId: string; limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select(giftColumns)
    .from(registryGifts)
    .innerJoin(registryItems, eq(registryItems.id, registryGifts.itemId))
    .where(and(eq(registryGifts.registryId, options.registryId), after ? lt(registryGifts.id, after) : undefined))
    .orderBy(desc(registryGifts.id))
    .limit(options.limit + 1);
  const page = pageOf(rows.map((row) => ({ id: row.gift.id, row })), options.limit);
  return { items: page.items.map(({ row }) => toGift(row.gift, row.itemName)), nextCursor: page.nextCursor };
}

export async function listRegistryContributions(db: Database, options: { registryId: string; limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(options.cursor);
  const rows = await db
    .select()
    .from(registryContributions)
    .where(and(eq(registryContributions.registryId, options.registryId), after ? lt(registryContributions.id, after) : undefined))
    .orderBy(desc(registryContributions.id))
    .limit(options.limit + 1);
  const page = pageOf(rows, options.limit);
  return { items: page.items.map(toContribution), nextCursor: page.nextCursor };
}

export async function listMyRegistryGifts(ctx: TContext, options: { customerId: string; registryId: string; limit: number; cursor?: string | undefined }) {
  await findOwnRegistry(ctx.db, options);
  return listRegistryGifts(ctx.db, options);
}

export async function listMyRegistryContributions(ctx: TContext, options: { customerId: string; registryId: string; limit: number; cursor?: string | undefined }) {
  await findOwnRegistry(ctx.db, options);
  return listRegistryContributions(ctx.db, options);
}

/**
 * The thank-you goes to the giver's address only, from the owner's words. The giver is no
 * customer: the email belongs to no account's history, and its recipient and body are blanked
 * once sent (`forgetAfterSending`), so the shop keeps no copy of a stranger's address.
 */
async function emailThanks(
  db: Database,
  ctx: Pick<TAppContext, 'markets'>,
  options: { registry: TRegistryRow; giverName: string; giverEmail: string | null; message: string },
): Promise<boolean> {
  if (!options.giverEmail) return false;
  const owner = await findCustomerById(db, options.registry.customerId);
  const locale = owner?.locale === 'en' ? 'en' : 'fr';
  await enqueueEmail(db, {
    customerId: null,
    to: options.giverEmail,
    template: REGISTRY_THANKS_TEMPLATE,
    locale,
    forgetAfterSending: true,
    rendered: renderRegistryThanksEmail({
      locale,
      branding: ctx.markets.get(options.registry.marketId).branding,
      giverName: options.giverName,
      ownerNames: options.registry.ownerNames,
      registryTitle: options.registry.title,
      message: options.message,
    }),
  });
  return true;
}

/** POST …/gifts/{giftId}/thank: once per gift; open or closed registry alike. */
export async function thankRegistryGift(ctx: TContext, options: { customerId: string; registryId: string; giftId: string; message: string }) {
  const result = await ctx.db.transaction(async (tx) => {
    const registry = await findOwnRegistry(tx, options);
    const [updated] = await tx
      .update(registryGifts)
      .set({ thankedAt: new Date() })
      .where(and(eq(registryGifts.id, options.giftId), eq(registryGifts.registryId, registry.id), isNull(registryGifts.thankedAt)))
      .returning();
    if (!updated) {
      const [exists] = await tx.select({ id: registryGifts.id }).from(registryGifts).where(and(eq(registryGifts.id, options.giftId), eq(registryGifts.registryId, registry.id)));
      throw exists ? registryErrors.alreadyThanked() : registryErrors.notFound();
    }
    const emailed = await emailThanks(tx, ctx, { registry, giverName: updated.giverName, giverEmail: updated.giverEmail, message: options.message });
    const [item] = await tx.select({ name: registryItems.name }).from(registryItems).where(eq(registryItems.id, updated.itemId));
    return { ...toGift(updated, item?.name ?? ''), emailed };
  });
  ctx.notifyMail();
  return result;
}

export async function thankRegistryContribution(ctx: TContext, options: { customerId: string; registryId: string; contributionId: string; message: string }) {
  const result = await ctx.db.transaction(async (tx) => {
    const registry = await findOwnRegistry(tx, options);
    const [updated] = await tx
      .update(registryContributions)
      .set({ thankedAt: new Date() })
      .where(and(eq(registryContributions.id, options.contributionId), eq(registryContributions.registryId, registry.id), isNull(registryContributions.thankedAt)))
      .returning();
    if (!updated) {
      const [exists] = await tx
        .select({ id: registryContributions.id })
        .from(registryContributions)
        .where(and(eq(registryContributions.id, options.contributionId), eq(registryContributions.registryId, registry.id)));
      throw exists ? registryErrors.alreadyThanked() : registryErrors.notFound();
    }
    const emailed = await emailThanks(tx, ctx, { registry, giverName: updated.giverName, giverEmail: updated.giverEmail, message: options.message });
    return { ...toContribution(updated), emailed };
  });
  ctx.notifyMail();
  return result;
}

/** POST …/gifts/{giftId}/cancel: the owner frees a reservation nobody paid for; its quantity is given back. */
export async function cancelRegistryReservation(ctx: TContext, options: { customerId: string; registryId: string; giftId: string }): Promise<TRegistryGift> {
  return ctx.db.transaction(async (tx) => {
    const registry = await findOwnRegistry(tx, options);
    const [gift] = await tx
      .update(registryGifts)
      .set({ status: 'cancelled' })
      .where(and(eq(registryGifts.id, options.giftId), eq(registryGifts.registryId, registry.id), eq(registryGifts.status, 'reserved')))
      .returning();
    if (!gift) {
      const [exists] = await tx.select({ id: registryGifts.id }).from(registryGifts).where(and(eq(registryGifts.id, options.giftId), eq(registryGifts.registryId, registry.id)));
      throw exists ? registryErrors.giftNotReserved() : registryErrors.notFound();
    }
    const [item] = await tx
      .update(registryItems)
      .set({ reservedQuantity: sql`${registryItems.reservedQuantity} - ${gift.quantity}` })
      .where(eq(registryItems.id, gift.itemId))
      .returning();
    await recordEvent(tx, {
      type: 'registry.gift_cancelled',
      customerId: registry.customerId,
      marketId: registry.marketId,
      payload: {
        registry: { id: registry.id, code: registry.publicCode },
        gift: { id: gift.id, quantity: gift.quantity },
        item: { id: item!.id, productId: item!.productId, variantId: item!.variantId || null, remainingQuantity: remainingQuantity(item!) },
      },
    });
    return toGift(gift, item!.name);
  });
}

/** The store's registry: by code, in the key's market, whatever its visibility or status. */
export async function findRegistryForStore(db: Database, options: { code: string; marketId: string }): Promise<TRegistryRow> {
  const code = normalizePublicCode(options.code);
  const [row] = code
    ? await db.select(registryRowColumns).from(registries).where(and(eq(registries.publicCode, code), eq(registries.marketId, options.marketId)))
    : [];
  if (!row) throw registryErrors.notFound();
  return row;
}

type TStoreGift = ReturnType<typeof toGift> & { externalOrderId: string | null; registryCode: string };

function toStoreGift(row: TGiftRow, itemName: string, registry: TRegistryRow): TStoreGift {
  return { ...toGift(row, itemName), externalOrderId: row.externalOrderId, registryCode: registry.publicCode };
}

async function existingPurchase(db: Database, registry: TRegistryRow, body: TIntegrationPurchaseBody): Promise<TStoreGift | null> {
  const [row] = await db
    .select(giftColumns)
    .from(registryGifts)
    .innerJoin(registryItems, eq(registryItems.id, registryGifts.itemId))
    .where(and(eq(registryGifts.registryId, registry.id), eq(registryGifts.itemId, body.itemId), eq(registryGifts.externalOrderId, body.externalOrderId)));
  return row ? toStoreGift(row.gift, row.itemName, registry) : null;
}

/**
 * POST /api/integration/registries/{code}/purchases: the store sold an item of the registry.
 * With a reservation, that reservation becomes the purchase (reserved → purchased, the total
 * unchanged); without, the quantity is taken as a reservation would be, by one conditional
 * update. The same order for the same item reported twice counts once: a replay answers the
 * first gift (200); two at once are serialised by an advisory lock on (item, order), and the
 * unique (item, order) index stays the last guard (its loser is answered the winner's gift).
 */
export async function recordRegistryPurchase(
  ctx: TContext,
  options: { code: string; marketId: string; body: TIntegrationPurchaseBody },
): Promise<{ gift: TStoreGift; created: boolean }> {
  const registry = await findRegistryForStore(ctx.db, options);
  const { body } = options;
  try {
    const result = await ctx.db.transaction(async (tx) => {
      // One order of one item at a time: a second report waits here for the first to commit,
      // then finds it, before anything counts the quantity again.
      await tx.execute(sql`select pg_advisory_xact_lock(4112, hashtext(${`${body.itemId}:${body.externalOrderId}`}))`);
      const replay = await existingPurchase(tx, registry, body);
      if (replay) return { gift: replay, created: false };
      const gift = body.reservationId ? await purchaseReservation(tx, registry, body) : await purchaseDirectly(tx, ctx, registry, body);
      return { gift, created: true };
    });
    if (result.created) ctx.notifyMail();
    return result;
  } catch (error) {
    if (postgresErrorCode(error) !== '23505') throw error;
    const winner = await existingPurchase(ctx.db, registry, body);
    if (!winner) throw error;
    return { gift: winner, created: false };
  }
}

async function purchaseReservation(tx: Database, registry: TRegistryRow, body: TIntegrationPurchaseBody): Promise<TStoreGift> {
  const [reservation] = await tx
    .select()
    .from(registryGifts)
    .where(and(eq(registryGifts.id, body.reservationId!), eq(registryGifts.registryId, registry.id), eq(registryGifts.itemId, body.itemId)))
    .for('update');
  if (!reservation) throw registryErrors.notFound();
  if (reservation.status !== 'reserved') throw registryErrors.giftNotReserved();
  if (reservation.quantity !== body.quantity) throw registryErrors.quantityMismatch(reservation.quantity);
  const [item] = await tx
    .update(registryItems)
    .set({
      reservedQuantity: sql`${registryItems.reservedQuantity} - ${body.quantity}`,
      purchasedQuantity: sql`${registryItems.purchasedQuantity} + ${body.quantity}`,
    })
    .where(and(eq(registryItems.id, body.itemId), sql`${registryItems.reservedQuantity} >= ${body.quantity}`))
    .returning();
  if (!item) throw registryErrors.giftNotReserved();
  const [gift] = await tx
    .update(registryGifts)
    .set({ status: 'purchased', externalOrderId: body.externalOrderId, purchasedAt: new Date(), ...(body.message ? { message: body.message } : {}) })
    .where(eq(registryGifts.id, reservation.id))
    .returning();
  return toStoreGift(gift!, item.name, registry);
}

async function purchaseDirectly(tx: Database, ctx: Pick<TAppContext, 'markets'>, registry: TRegistryRow, body: TIntegrationPurchaseBody): Promise<TStoreGift> {
  const [item] = await tx
    .update(registryItems)
    .set({ purchasedQuantity: sql`${registryItems.purchasedQuantity} + ${body.quantity}` })
    .where(
      and(
        eq(registryItems.id, body.itemId),
        eq(registryItems.registryId, registry.id),
        sql`${registryItems.reservedQuantity} + ${registryItems.purchasedQuantity} + ${body.quantity} <= ${registryItems.wantedQuantity}`,
      ),
    )
    .returning();
  if (!item) {
    const [existing] = await tx.select().from(registryItems).where(and(eq(registryItems.id, body.itemId), eq(registryItems.registryId, registry.id)));
    if (!existing) throw registryErrors.notFound();
    throw registryErrors.itemFullyReserved(remainingQuantity(existing));
  }
  const [gift] = await tx
    .insert(registryGifts)
    .values({
      id: newId('rgf'),
      registryId: registry.id,
      itemId: item.id,
      quantity: body.quantity,
      status: 'purchased',
      giverName: body.giverName!,
      giverEmail: body.giverEmail ?? null,
      message: body.message || null,
      externalOrderId: body.externalOrderId,
      purchasedAt: new Date(),
    })
    .returning();
  await notifyOwner(tx, ctx, registry, (owner) => ({
    template: REGISTRY_GIFT_TEMPLATE,
    rendered: renderRegistryGiftEmail({ ...owner, giverName: gift!.giverName, itemName: item.name, quantity: body.quantity, bought: true, message: gift!.message }),
  }));
  return toStoreGift(gift!, item.name, registry);
}

type TStoreContribution = ReturnType<typeof toContribution> & { externalPaymentId: string | null; registryCode: string };

async function existingContribution(db: Database, registry: TRegistryRow, externalPaymentId: string): Promise<TStoreContribution | null> {
  const [row] = await db
    .select()
    .from(registryContributions)
    .where(and(eq(registryContributions.registryId, registry.id), eq(registryContributions.externalPaymentId, externalPaymentId)));
  return row ? { ...toContribution(row), externalPaymentId: row.externalPaymentId, registryCode: registry.publicCode } : null;
}

/**
 * POST /api/integration/registries/{code}/contributions: the store took a payment towards the
 * fund. In the market's currency, on a registry with a fund; the same payment twice counts once.
 */
export async function recordRegistryContribution(
  ctx: TContext,
  options: { code: string; marketId: string; body: TIntegrationContributionBody },
): Promise<{ contribution: TStoreContribution; created: boolean }> {
  const registry = await findRegistryForStore(ctx.db, options);
  const { body } = options;
  try {
    const result = await ctx.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(4113, hashtext(${`${registry.id}:${body.externalPaymentId}`}))`);
      const replay = await existingContribution(tx, registry, body.externalPaymentId);
      if (replay) return { contribution: replay, created: false };
      if (!registry.fundEnabled) throw registryErrors.fundDisabled();
      const currency = ctx.markets.get(registry.marketId).currency;
      if (body.currency !== currency) throw registryErrors.currencyMismatch(currency);
      const [row] = await tx
        .insert(registryContributions)
        .values({
          id: newId('rgc'),
          registryId: registry.id,
          amount: body.amount,
          currency: body.currency,
          giverName: body.giverName,
          giverEmail: body.giverEmail ?? null,
          message: body.message || null,
          externalPaymentId: body.externalPaymentId,
        })
        .returning();
      await notifyOwner(tx, ctx, registry, (owner) => ({
        template: REGISTRY_CONTRIBUTION_TEMPLATE,
        rendered: renderRegistryContributionEmail({ ...owner, giverName: body.giverName, amount: body.amount, currency: body.currency, message: body.message || null }),
      }));
      return { contribution: { ...toContribution(row!), externalPaymentId: row!.externalPaymentId, registryCode: registry.publicCode }, created: true };
    });
    if (result.created) ctx.notifyMail();
    return result;
  } catch (error) {
    if (postgresErrorCode(error) !== '23505') throw error;
    const winner = await existingContribution(ctx.db, registry, body.externalPaymentId);
    if (!winner) throw error;
    return { contribution: winner, created: false };
  }
}
