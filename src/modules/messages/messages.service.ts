import { and, count, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { toMessages } from './message-views.js';
import { messageErrors } from './messages.errors.js';
import type { TMessage, TMessageListQuery, TMessagePreferences } from './messages.schemas.js';
import { messagePreferences, messages } from './messages.tables.js';

// The customer's inbox (F5.2). Everything is scoped by the caller's id: another customer's
// message answers 404.

type TContext = Pick<TAppContext, 'db'>;
type TCaller = { id: string };

const unreadOf = (customerId: string) => and(eq(messages.customerId, customerId), isNull(messages.readAt), isNull(messages.archivedAt));

/**
 * One count over the partial index `messages_unread_idx` (customer_id where unread and not
 * archived): the portal asks on every page.
 */
export async function countUnreadMessages(ctx: TContext, options: { caller: TCaller }): Promise<number> {
  const [row] = await ctx.db.select({ value: count() }).from(messages).where(unreadOf(options.caller.id));
  return row?.value ?? 0;
}

const statusFilter = {
  all: isNull(messages.archivedAt),
  unread: and(isNull(messages.readAt), isNull(messages.archivedAt)),
  archived: isNotNull(messages.archivedAt),
};

/** Newest first; ids are time-ordered, so the id is the keyset. */
export async function listMyMessages(ctx: TContext, options: { caller: TCaller; query: TMessageListQuery }) {
  const afterId = decodeCursor(options.query.cursor);
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.customerId, options.caller.id), statusFilter[options.query.status], afterId ? lt(messages.id, afterId) : undefined))
    .orderBy(desc(messages.id))
    .limit(options.query.limit + 1);
  const page = pageOf(rows, options.query.limit);
  const [items, unreadCount] = await Promise.all([toMessages(ctx.db, page.items), countUnreadMessages(ctx, options)]);
  return { items, nextCursor: page.nextCursor, unreadCount };
}

export async function getMyMessage(ctx: TContext, options: { caller: TCaller; messageId: string }): Promise<TMessage> {
  const [row] = await ctx.db.select().from(messages).where(and(eq(messages.id, options.messageId), eq(messages.customerId, options.caller.id)));
  if (!row) throw messageErrors.notFound();
  const [view] = await toMessages(ctx.db, [row]);
  return view!;
}

type TChange = 'read' | 'unread' | 'archive' | 'unarchive';

const changes: Record<TChange, Partial<typeof messages.$inferInsert>> = {
  // The first reading is kept: reading again does not move the time staff see.
  read: { readAt: sql`coalesce(${messages.readAt}, now())` as unknown as Date },
  unread: { readAt: null },
  archive: { archivedAt: sql`coalesce(${messages.archivedAt}, now())` as unknown as Date },
  unarchive: { archivedAt: null },
};

/**
 * Read, unread, archive, unarchive. The first reading of a message tells the store's systems
 * (`message.read`), in the transaction that records it.
 */
export async function changeMyMessage(ctx: TContext, options: { caller: TCaller; messageId: string; change: TChange }): Promise<TMessage> {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ readAt: messages.readAt })
      .from(messages)
      .where(and(eq(messages.id, options.messageId), eq(messages.customerId, options.caller.id)))
      .for('update');
    if (!before) throw messageErrors.notFound();
    const [after] = await tx.update(messages).set(changes[options.change]).where(eq(messages.id, options.messageId)).returning();
    if (options.change === 'read' && before.readAt === null && after) {
      await recordEvent(tx, {
        type: 'message.read',
        payload: { messageId: after.id, batchId: after.batchId, customerId: after.customerId, companyId: after.companyId, readAt: after.readAt?.toISOString() ?? null },
        customerId: after.customerId,
        marketId: after.marketId,
      });
    }
  });
  return getMyMessage(ctx, options);
}

export async function getMessagePreferences(ctx: TContext, options: { caller: TCaller }): Promise<TMessagePreferences> {
  const [row] = await ctx.db.select({ notification: messagePreferences.notification }).from(messagePreferences).where(eq(messagePreferences.customerId, options.caller.id));
  return { notification: row?.notification ?? 'with_text' };
}

export async function setMessagePreferences(ctx: TContext, options: { caller: TCaller; body: TMessagePreferences }): Promise<TMessagePreferences> {
  await ctx.db
    .insert(messagePreferences)
    .values({ customerId: options.caller.id, notification: options.body.notification })
    .onConflictDoUpdate({ target: messagePreferences.customerId, set: { notification: options.body.notification, updatedAt: new Date() } });
  return { notification: options.body.notification };
}
