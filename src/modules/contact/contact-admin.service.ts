import { and, count, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { customers } from '../customers/customers.tables.js';
import { decodeKeysetCursor, keysetPage } from '../orders/order-cursor.js';
import { recordStaffAudit, type TStaffAuditAction } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess, staffMarketScope } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { customersOf, messagesOfThread, toThreadSummaries, type TThreadRow } from './contact-views.js';
import { CONTACT_ANSWERED_TEMPLATE, renderContactAnsweredEmail } from './contact.emails.js';
import { contactErrors } from './contact.errors.js';
import type { TStaffThread, TStaffThreadQuery } from './contact.schemas.js';
import { contactAttachments, contactMessages, contactThreads } from './contact.tables.js';

// The back office's side of contact (F5.4): the queue of the member's markets, a thread, the
// answer (emailed to the customer in their language, with their market's look), close and
// reopen. Everything is audited; a thread outside the member's markets answers 404.

type TContext = Pick<TAppContext, 'db' | 'markets' | 'notifyMail'>;
type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };

const unreadByStaff = or(isNull(contactThreads.staffReadAt), lt(contactThreads.staffReadAt, contactThreads.lastMessageAt));

const statusFilters: Record<TStaffThreadQuery['status'], SQL | undefined> = {
  open: eq(contactThreads.status, 'open'),
  answered: eq(contactThreads.status, 'answered'),
  closed: eq(contactThreads.status, 'closed'),
  unread: unreadByStaff,
  all: undefined,
};

async function audit(tx: Database, options: TStaffAction, action: TStaffAuditAction, threadId: string | null, details?: Record<string, unknown>) {
  await recordStaffAudit(tx, {
    staffId: options.actor.staff.id,
    action,
    target: threadId ? { type: 'contact_thread', id: threadId } : null,
    meta: options.meta,
    ...(details ? { details } : {}),
  });
}

/** Newest activity first, with how many threads of the member's markets have something unread. */
export async function listThreadsByStaff(ctx: TContext, options: TStaffAction & { query: TStaffThreadQuery }) {
  const { query } = options;
  const scope = staffMarketScope(options.actor, contactThreads.marketId);
  const after = decodeKeysetCursor(query.cursor);
  const position = after
    ? or(lt(contactThreads.lastMessageAt, after.at), and(eq(contactThreads.lastMessageAt, after.at), lt(contactThreads.id, after.id)))
    : undefined;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(contactThreads)
      .where(and(scope, statusFilters[query.status], query.customerId ? eq(contactThreads.customerId, query.customerId) : undefined, position))
      .orderBy(desc(contactThreads.lastMessageAt), desc(contactThreads.id))
      .limit(query.limit + 1);
    const [unread] = await tx.select({ value: count() }).from(contactThreads).where(and(scope, unreadByStaff));
    await audit(tx, options, 'contact.threads_viewed', null, { status: query.status, ...(query.customerId ? { customerId: query.customerId } : {}) });
    const page = keysetPage(rows, query.limit, (row) => ({ at: row.lastMessageAt, id: row.id }));
    const [summaries, customerOf] = await Promise.all([toThreadSummaries(tx, page.items, 'staff'), customersOf(tx, page.items)]);
    return {
      items: page.items.map((row, index) => ({ ...summaries[index]!, marketId: row.marketId, customer: customerOf(row.customerId) })),
      nextCursor: page.nextCursor,
      unreadCount: unread?.value ?? 0,
    };
  });
}

async function lockThread(tx: Database, threadId: string, actor: TStaffPrincipal): Promise<TThreadRow> {
  const [row] = await tx.select().from(contactThreads).where(eq(contactThreads.id, threadId)).for('update');
  if (!row) throw contactErrors.notFound();
  requireStaffMarketAccess(actor, row.marketId);
  return row;
}

async function staffThreadView(tx: Database, row: TThreadRow, unread: boolean): Promise<TStaffThread> {
  const [[summary], customerOf] = await Promise.all([toThreadSummaries(tx, [row], 'staff'), customersOf(tx, [row])]);
  return { ...summary!, unread, marketId: row.marketId, customer: customerOf(row.customerId), messages: await messagesOfThread(tx, row.id, 'staff') };
}

/** Opening a thread marks it read for staff. */
export function getThreadByStaff(ctx: TContext, options: TStaffAction & { threadId: string }): Promise<TStaffThread> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockThread(tx, options.threadId, options.actor);
    const [updated] = await tx.update(contactThreads).set({ staffReadAt: new Date() }).where(eq(contactThreads.id, row.id)).returning();
    await audit(tx, options, 'contact.thread_viewed', row.id);
    return staffThreadView(tx, updated!, false);
  });
}

/** The answer is emailed to the customer in their language, with their market's branding. */
export async function answerThreadByStaff(ctx: TContext, options: TStaffAction & { threadId: string; body: string }): Promise<TStaffThread> {
  const view = await ctx.db.transaction(async (tx) => {
    const row = await lockThread(tx, options.threadId, options.actor);
    if (row.status === 'closed') throw contactErrors.threadClosed();
    const now = new Date();
    const messageId = newId('ctm');
    await tx.insert(contactMessages).values({ id: messageId, threadId: row.id, authorKind: 'staff', staffId: options.actor.staff.id, body: options.body, createdAt: now });
    const [updated] = await tx.update(contactThreads).set({ status: 'answered', lastMessageAt: now, staffReadAt: now }).where(eq(contactThreads.id, row.id)).returning();
    const [customer] = await tx
      .select({ id: customers.id, email: customers.email, firstName: customers.firstName, locale: customers.locale, marketId: customers.marketId })
      .from(customers)
      .where(eq(customers.id, row.customerId));
    if (customer) {
      const market = ctx.markets.get(customer.marketId);
      await enqueueEmail(tx, {
        customerId: customer.id,
        to: customer.email,
        template: CONTACT_ANSWERED_TEMPLATE,
        locale: customer.locale,
        rendered: renderContactAnsweredEmail({
          locale: customer.locale,
          branding: market.branding,
          firstName: customer.firstName,
          subject: row.subject,
          answer: options.body,
          threadUrl: `${market.publicUrl}/contact/${row.id}`,
        }),
      });
    }
    await audit(tx, options, 'contact.answered', row.id, { messageId });
    return staffThreadView(tx, updated!, false);
  });
  ctx.notifyMail();
  return view;
}

export function setThreadStatusByStaff(ctx: TContext, options: TStaffAction & { threadId: string; status: 'closed' | 'reopened' }): Promise<TStaffThread> {
  return ctx.db.transaction(async (tx) => {
    const row = await lockThread(tx, options.threadId, options.actor);
    // Reopened, a thread waits for the shop again unless its last word was the shop's.
    const [last] = await tx
      .select({ authorKind: contactMessages.authorKind })
      .from(contactMessages)
      .where(eq(contactMessages.threadId, row.id))
      .orderBy(desc(contactMessages.createdAt), desc(contactMessages.id))
      .limit(1);
    const status = options.status === 'closed' ? 'closed' : last?.authorKind === 'staff' ? 'answered' : 'open';
    const [updated] = await tx.update(contactThreads).set({ status }).where(eq(contactThreads.id, row.id)).returning();
    await audit(tx, options, options.status === 'closed' ? 'contact.closed' : 'contact.reopened', row.id);
    return staffThreadView(tx, updated!, false);
  });
}

/** A file of a thread in one of the member's markets; opening it is a look at the thread, audited as such. */
export function findAttachmentByStaff(ctx: Pick<TAppContext, 'db'>, options: TStaffAction & { attachmentId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ attachment: contactAttachments, marketId: contactThreads.marketId, threadId: contactThreads.id })
      .from(contactAttachments)
      .innerJoin(contactMessages, eq(contactMessages.id, contactAttachments.messageId))
      .innerJoin(contactThreads, eq(contactThreads.id, contactMessages.threadId))
      .where(eq(contactAttachments.id, options.attachmentId));
    if (!row) throw contactErrors.notFound();
    requireStaffMarketAccess(options.actor, row.marketId);
    await audit(tx, options, 'contact.thread_viewed', row.threadId, { attachmentId: row.attachment.id });
    return row.attachment;
  });
}
