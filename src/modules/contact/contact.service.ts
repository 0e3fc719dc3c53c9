import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors, type TFieldError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import type { TSignedInCustomer } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import { decodeKeysetCursor, keysetPage } from '../orders/order-cursor.js';
import { orders } from '../orders/orders.tables.js';
import { recordEvent } from '../webhooks/webhook-events.js';
import { checkAttachments, removeAttachmentFiles, storeAttachments, type TCheckedAttachment } from './contact-attachments.service.js';
import { messagesOfThread, toThreadSummaries, type TThreadRow } from './contact-views.js';
import { contactErrors } from './contact.errors.js';
import type { TCreateThreadBody, TPostMessageBody, TThread } from './contact.schemas.js';
import { contactAttachments, contactMessages, contactThreads } from './contact.tables.js';

// Contact the shop (F5.4), the customer's side. A thread and everything in it is the caller's
// or 404.

type TContext = Pick<TAppContext, 'db' | 'config' | 'rateLimiter'>;
type TCaller = Pick<TSignedInCustomer, 'id' | 'marketId'>;

/** Threads and follow-ups together: enough for a real exchange, too few to flood the shop's inbox. */
export const CONTACT_RATE_RULE: TRateRule = { name: 'contact_posts', limit: 10, windowSeconds: 3600 };

async function throttle(ctx: TContext, caller: TCaller): Promise<void> {
  const decision = await ctx.rateLimiter.hit(CONTACT_RATE_RULE, `customer:${caller.id}`);
  if (!decision.allowed) throw commonErrors.rateLimited(decision.retryAfterSeconds);
}

/** The order and document a question is about must be the caller's, in their market; both listed when not. */
async function checkReferences(db: Database, caller: TCaller, body: Pick<TCreateThreadBody, 'orderId' | 'documentId'>): Promise<void> {
  const errors: TFieldError[] = [];
  if (body.orderId !== undefined) {
    const [order] = await db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.id, body.orderId), eq(orders.customerId, caller.id), eq(orders.marketId, caller.marketId)));
    if (!order) errors.push({ path: 'orderId', code: 'not_your_order', message: 'You have no order with this id.' });
  }
  if (body.documentId !== undefined) {
    const [document] = await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.id, body.documentId), eq(documents.customerId, caller.id), eq(documents.marketId, caller.marketId)));
    if (!document) errors.push({ path: 'documentId', code: 'not_your_document', message: 'You have no document with this id.' });
  }
  if (errors.length > 0) throw contactErrors.invalidReferences(errors);
}

/** Runs a write that stores files; if it fails, the files it wrote to the directory go too. */
async function withFiles<T>(ctx: TContext, files: TCheckedAttachment[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    await removeAttachmentFiles(ctx, files);
    throw error;
  }
}

export async function createMyThread(ctx: TContext, options: { caller: TCaller; body: TCreateThreadBody }): Promise<TThread> {
  const { caller, body } = options;
  await throttle(ctx, caller);
  const files = checkAttachments(body.attachments);
  await checkReferences(ctx.db, caller, body);
  const threadId = newId('cth');
  await withFiles(ctx, files, () =>
    ctx.db.transaction(async (tx) => {
      const now = new Date();
      await tx.insert(contactThreads).values({
        id: threadId,
        marketId: caller.marketId,
        customerId: caller.id,
        topic: body.topic,
        orderId: body.orderId ?? null,
        documentId: body.documentId ?? null,
        subject: body.subject,
        createdAt: now,
        lastMessageAt: now,
        customerReadAt: now,
      });
      const messageId = newId('ctm');
      await tx.insert(contactMessages).values({ id: messageId, threadId, authorKind: 'customer', body: body.body, createdAt: now });
      await storeAttachments(ctx, tx, { messageId, customerId: caller.id, files });
      await recordEvent(tx, {
        type: 'contact.thread_created',
        payload: { threadId, messageId, customerId: caller.id, topic: body.topic, subject: body.subject, orderId: body.orderId ?? null, documentId: body.documentId ?? null, attachments: files.length },
        customerId: caller.id,
        marketId: caller.marketId,
      });
    }),
  );
  return getMyThread(ctx, { caller, threadId });
}

/** A follow-up from the customer; writing to a closed thread opens it again. */
export async function postMyMessage(ctx: TContext, options: { caller: TCaller; threadId: string; body: TPostMessageBody }): Promise<TThread> {
  const { caller } = options;
  await findMyThread(ctx.db, caller, options.threadId);
  await throttle(ctx, caller);
  const files = checkAttachments(options.body.attachments);
  await withFiles(ctx, files, () =>
    ctx.db.transaction(async (tx) => {
      const thread = await findMyThread(tx, caller, options.threadId, true);
      const now = new Date();
      const messageId = newId('ctm');
      await tx.insert(contactMessages).values({ id: messageId, threadId: thread.id, authorKind: 'customer', body: options.body.body, createdAt: now });
      await storeAttachments(ctx, tx, { messageId, customerId: caller.id, files });
      await tx.update(contactThreads).set({ status: 'open', lastMessageAt: now, customerReadAt: now }).where(eq(contactThreads.id, thread.id));
      await recordEvent(tx, {
        type: 'contact.message_received',
        payload: { threadId: thread.id, messageId, customerId: caller.id, attachments: files.length, reopened: thread.status === 'closed' },
        customerId: caller.id,
        marketId: thread.marketId,
      });
    }),
  );
  return getMyThread(ctx, { caller, threadId: options.threadId });
}

async function findMyThread(db: Database, caller: TCaller, threadId: string, lock = false): Promise<TThreadRow> {
  const query = db.select().from(contactThreads).where(and(eq(contactThreads.id, threadId), eq(contactThreads.customerId, caller.id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw contactErrors.notFound();
  return row;
}

/** Opening a thread marks the shop's answers read. */
export async function getMyThread(ctx: Pick<TAppContext, 'db'>, options: { caller: TCaller; threadId: string }): Promise<TThread> {
  const found = await findMyThread(ctx.db, options.caller, options.threadId);
  const [row] = await ctx.db.update(contactThreads).set({ customerReadAt: new Date() }).where(eq(contactThreads.id, found.id)).returning();
  const [summary] = await toThreadSummaries(ctx.db, [found], 'customer');
  return { ...summary!, unread: false, lastMessageAt: row!.lastMessageAt, messages: await messagesOfThread(ctx.db, found.id, 'customer') };
}

/** Newest activity first, keyset on (last_message_at, id). */
export async function listMyThreads(ctx: Pick<TAppContext, 'db'>, options: { caller: TCaller; query: { limit: number; cursor?: string | undefined } }) {
  const after = decodeKeysetCursor(options.query.cursor);
  const position: SQL | undefined = after
    ? or(lt(contactThreads.lastMessageAt, after.at), and(eq(contactThreads.lastMessageAt, after.at), lt(contactThreads.id, after.id)))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(contactThreads)
    .where(and(eq(contactThreads.customerId, options.caller.id), position))
    .orderBy(desc(contactThreads.lastMessageAt), desc(contactThreads.id))
    .limit(options.query.limit + 1);
  const page = keysetPage(rows, options.query.limit, (row) => ({ at: row.lastMessageAt, id: row.id }));
  return { items: await toThreadSummaries(ctx.db, page.items, 'customer'), nextCursor: page.nextCursor };
}

/** A file of one of the caller's threads. */
export async function findMyAttachment(db: Database, options: { caller: TCaller; attachmentId: string }) {
  const [row] = await db
    .select()
    .from(contactAttachments)
    .where(and(eq(contactAttachments.id, options.attachmentId), eq(contactAttachments.customerId, options.caller.id)));
  if (!row) throw contactErrors.notFound();
  return row;
}
