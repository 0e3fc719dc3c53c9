import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { constantTimeEqual } from '../../platform/crypto/tokens.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { containsPattern } from '../customer-search/search-sql.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { notifyOwner } from './registry-notifications.js';
import { REGISTRY_GIFT_TEMPLATE, REGISTRY_MESSAGE_TEMPLATE, renderRegistryGiftEmail, renderRegistryMessageEmail } from './registries.emails.js';
import { registryErrors } from './registries.errors.js';
import { hashAccessCode, normalizePublicCode, remainingQuantity } from './registries.rules.js';
import type { TPublicRegistry, TReservationBody, TVisitorMessageBody } from './registries.schemas.js';
import { listRegistryItemRows, registryRowColumns, toRegistryItem, type TRegistryRow } from './registries.service.js';
import { registries, registryGifts, registryItems } from './registries.tables.js';

// What signed-out visitors do on a registry's public page (F5.6): find it, open it, reserve an
// item, leave a message. Everything happens in the market of the request's host.

type TContext = Pick<TAppContext, 'db' | 'markets' | 'rateLimiter' | 'notifyMail'>;

const MINUTE = 60;
export const registryRateRules = {
  /** Unknown codes tried from one IP: the code is the link of a "link only" registry. */
  lookupFailuresPerIp: { name: 'registry_lookup_fail_ip', limit: 30, windowSeconds: 15 * MINUTE },
  /** Wrong access codes from one IP on one registry. */
  accessCodeFailuresPerIpAndRegistry: { name: 'registry_code_fail_ip', limit: 5, windowSeconds: 15 * MINUTE },
  /** Reservations and messages from one IP. */
  visitorWritesPerIp: { name: 'registry_write_ip', limit: 20, windowSeconds: 60 * MINUTE },
} satisfies Record<string, TRateRule>;

async function refuseIfOver(ctx: TContext, rule: TRateRule, key: string): Promise<void> {
  const [counted] = await ctx.rateLimiter.peek([[rule, key]]);
  if (counted?.retryAfterSeconds != null) throw registryErrors.tooManyAttempts(counted.retryAfterSeconds);
}

/**
 * The open registry a visitor may see: by its code in the host's market, plus the access code
 * for `code` visibility. Unknown codes and wrong access codes count against the IP; past the
 * limit, 429 with Retry-After even for a right one (so guessing gains nothing).
 */
export async function findVisibleRegistry(ctx: TContext, options: { code: string; accessCode?: string | undefined; meta: TRequestMeta }): Promise<TRegistryRow> {
  const { ip } = options.meta;
  await refuseIfOver(ctx, registryRateRules.lookupFailuresPerIp, ip);
  const code = normalizePublicCode(options.code);
  const [row] = code
    ? await ctx.db
        .select(registryRowColumns)
        .from(registries)
        .where(and(eq(registries.publicCode, code), eq(registries.marketId, options.meta.market.id), eq(registries.status, 'open')))
    : [];
  if (!row) {
    await ctx.rateLimiter.hit(registryRateRules.lookupFailuresPerIp, ip);
    throw registryErrors.notFound();
  }
  if (row.visibility === 'code') {
    if (!options.accessCode) throw registryErrors.accessCodeRequired();
    const key = `${ip}|${row.id}`;
    await refuseIfOver(ctx, registryRateRules.accessCodeFailuresPerIpAndRegistry, key);
    if (!row.accessCodeHash || !constantTimeEqual(hashAccessCode(row.id, options.accessCode), row.accessCodeHash)) {
      await ctx.rateLimiter.hit(registryRateRules.accessCodeFailuresPerIpAndRegistry, key);
      throw registryErrors.invalidAccessCode();
    }
  }
  return row;
}

export async function toPublicRegistry(ctx: Pick<TAppContext, 'db' | 'markets'>, row: TRegistryRow, accessCode?: string): Promise<TPublicRegistry> {
  const items = await listRegistryItemRows(ctx.db, row.id);
  const market = ctx.markets.get(row.marketId);
  const query = row.visibility === 'code' && accessCode ? `?accessCode=${encodeURIComponent(accessCode)}` : '';
  return {
    publicCode: row.publicCode,
    kind: row.kind,
    title: row.title,
    ownerNames: row.ownerNames,
    eventDate: row.eventDate,
    message: row.message,
    status: row.status,
    fundEnabled: row.fundEnabled,
    currency: market.currency,
    photoUrl: row.photoContentType ? `/api/registries/${row.publicCode}/photo${query}` : null,
    items: items.map((item) => {
      const { reservedQuantity: _r, purchasedQuantity: _p, ...view } = toRegistryItem(item);
      return view;
    }),
  };
}

/**
 * GET /api/registries?q=: registries shown in search (visibility public) whose owners' names
 * hold the words (folded like the trigram index), or the one whose code it is when it is not
 * behind an access code. At most 20, soonest event first.
 */
export async function searchRegistries(ctx: TContext, options: { q: string; meta: TRequestMeta }) {
  const code = normalizePublicCode(options.q);
  const words = options.q.split(/\s+/).filter((word) => word.length >= 3);
  const byNames = words.length ? and(eq(registries.visibility, 'public'), ...words.map((word) => sql`comptoir_fold(${registries.ownerNames}) like ${containsPattern(word)}`)) : undefined;
  const byCode = code ? and(eq(registries.publicCode, code), inArray(registries.visibility, ['public', 'link'])) : undefined;
  if (!byNames && !byCode) return { items: [], nextCursor: null };
  const rows = await ctx.db
    .select({ publicCode: registries.publicCode, kind: registries.kind, title: registries.title, ownerNames: registries.ownerNames, eventDate: registries.eventDate })
    .from(registries)
    .where(and(eq(registries.marketId, options.meta.market.id), eq(registries.status, 'open'), or(byNames, byCode)))
    .orderBy(sql`${registries.eventDate} asc nulls last`, asc(registries.id))
    .limit(20);
  return { items: rows, nextCursor: null };
}

/**
 * POST /api/registries/{code}/reservations. The quantity is taken by one conditional update
 * (`reserved + purchased + q <= wanted`), so of simultaneous reservations of the last item
 * exactly one passes; the others find no row to update and get 409 item_fully_reserved. The
 * registry row is share-locked so that a close in between waits for it.
 */
export async function reserveRegistryItem(ctx: TContext, options: { code: string; body: TReservationBody; meta: TRequestMeta }) {
  const decision = await ctx.rateLimiter.hit(registryRateRules.visitorWritesPerIp, options.meta.ip);
  if (!decision.allowed) throw commonErrors.rateLimited(decision.retryAfterSeconds);
  const registry = await findVisibleRegistry(ctx, { code: options.code, accessCode: options.body.accessCode, meta: options.meta });
  const { body } = options;
  const result = await ctx.db.transaction(async (tx) => {
    const [open] = await tx.select({ id: registries.id }).from(registries).where(and(eq(registries.id, registry.id), eq(registries.status, 'open'))).for('share');
    if (!open) throw registryErrors.notFound();
    const [item] = await tx
      .update(registryItems)
      .set({ reservedQuantity: sql`${registryItems.reservedQuantity} + ${body.quantity}` })
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
    const id = newId('rgf');
    await tx.insert(registryGifts).values({
      id,
      registryId: registry.id,
      itemId: item.id,
      quantity: body.quantity,
      giverName: body.name,
      giverEmail: body.email ?? null,
      message: body.message || null,
    });
    // The store may hold stock for it; the giver's name and address are not the store's business.
    await recordEvent(tx, {
      type: 'registry.gift_reserved',
      customerId: registry.customerId,
      marketId: registry.marketId,
      payload: {
        registry: { id: registry.id, code: registry.publicCode },
        gift: { id, quantity: body.quantity },
        item: { id: item.id, productId: item.productId, variantId: item.variantId || null, remainingQuantity: remainingQuantity(item) },
      },
    });
    await notifyOwner(tx, ctx, registry, (owner) => ({
      template: REGISTRY_GIFT_TEMPLATE,
      rendered: renderRegistryGiftEmail({ ...owner, giverName: body.name, itemName: item.name, quantity: body.quantity, bought: false, message: body.message || null }),
    }));
    return { id, itemId: item.id, quantity: body.quantity, remainingQuantity: remainingQuantity(item), status: 'reserved' as const };
  });
  ctx.notifyMail();
  return result;
}

/**
 * POST /api/registries/{code}/messages: a word for the owners without a gift. The schema keeps
 * no table of messages, so it travels as an email to the owner (kept in their email history);
 * a message left with a reservation or a contribution is kept with it.
 */
export async function leaveRegistryMessage(ctx: TContext, options: { code: string; body: TVisitorMessageBody; meta: TRequestMeta }): Promise<void> {
  const decision = await ctx.rateLimiter.hit(registryRateRules.visitorWritesPerIp, options.meta.ip);
  if (!decision.allowed) throw commonErrors.rateLimited(decision.retryAfterSeconds);
  const registry = await findVisibleRegistry(ctx, { code: options.code, accessCode: options.body.accessCode, meta: options.meta });
  await ctx.db.transaction(async (tx) => {
    await notifyOwner(tx, ctx, registry, (owner) => ({
      template: REGISTRY_MESSAGE_TEMPLATE,
      rendered: renderRegistryMessageEmail({ ...owner, giverName: options.body.name, message: options.body.message }),
    }));
  });
  ctx.notifyMail();
}
