import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { companies } from '../companies/companies.tables.js';
import { findCustomerOr404 } from '../customer-admin/customer-admin.service.js';
import { documents } from '../documents/documents.tables.js';
import { recordStaffAudit, type TStaffAuditAction } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { toStaffMessages } from './message-views.js';
import { writeMessages } from './message-sending.service.js';
import type { TSendMessageBody, TSentBatch } from './messages.schemas.js';
import { messages } from './messages.tables.js';

// The back office's side of messages (F5.2): sending to a customer or to every member of a
// company, and what was sent with its read status. Everything is audited; a target outside
// the member's markets answers 404.

type TContext = Pick<TAppContext, 'db' | 'markets' | 'notifyMail'>;
type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };
type TPageQuery = { limit: number; cursor?: string | undefined };

async function findCompanyOr404(db: Database, companyId: string, actor: TStaffPrincipal) {
  const [row] = await db.select({ id: companies.id, marketId: companies.marketId }).from(companies).where(eq(companies.id, companyId));
  if (!row) throw commonErrors.notFound();
  requireStaffMarketAccess(actor, row.marketId);
  return row;
}

async function audit(tx: Database, options: TStaffAction, action: TStaffAuditAction, target: { type: string; id: string }, details?: Record<string, unknown>) {
  await recordStaffAudit(tx, { staffId: options.actor.staff.id, action, target, meta: options.meta, ...(details ? { details } : {}) });
}

export async function sendMessageToCustomerByStaff(ctx: TContext, options: TStaffAction & { customerId: string; body: TSendMessageBody }): Promise<TSentBatch> {
  const batch = await ctx.db.transaction(async (tx) => {
    const customer = await findCustomerOr404(tx, options.customerId, options.actor);
    const sent = await writeMessages(ctx, tx, { target: { customer }, sender: { kind: 'staff', staffId: options.actor.staff.id }, body: options.body });
    await audit(tx, options, 'message.sent', { type: 'customer', id: customer.id }, { batchId: sent.batchId, attachments: options.body.attachmentDocumentIds.length });
    return { batchId: sent.batchId, messages: await toStaffMessages(tx, sent.rows) };
  });
  ctx.notifyMail();
  return batch;
}

/** Every current member gets their own copy (one batch id): each reads and archives on their own. */
export async function sendMessageToCompanyByStaff(ctx: TContext, options: TStaffAction & { companyId: string; body: TSendMessageBody }): Promise<TSentBatch> {
  const batch = await ctx.db.transaction(async (tx) => {
    const company = await findCompanyOr404(tx, options.companyId, options.actor);
    const sent = await writeMessages(ctx, tx, { target: { company }, sender: { kind: 'staff', staffId: options.actor.staff.id }, body: options.body });
    await audit(tx, options, 'message.sent', { type: 'company', id: company.id }, {
      batchId: sent.batchId,
      recipients: sent.rows.length,
      attachments: options.body.attachmentDocumentIds.length,
    });
    return { batchId: sent.batchId, messages: await toStaffMessages(tx, sent.rows) };
  });
  ctx.notifyMail();
  return batch;
}

async function messagePage(db: Database, where: SQL, query: TPageQuery) {
  const afterId = decodeCursor(query.cursor);
  const rows = await db
    .select()
    .from(messages)
    .where(and(where, afterId ? lt(messages.id, afterId) : undefined))
    .orderBy(desc(messages.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { items: await toStaffMessages(db, page.items), nextCursor: page.nextCursor };
}

/** What was sent to the customer, archived ones included, with when each was read. */
export function listCustomerMessagesByStaff(ctx: TContext, options: TStaffAction & TPageQuery & { customerId: string }) {
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerOr404(tx, options.customerId, options.actor);
    await audit(tx, options, 'customer.messages_viewed', { type: 'customer', id: customer.id });
    return messagePage(tx, eq(messages.customerId, customer.id), options);
  });
}

/** Messages sent to the company: one row per member, so staff see who has read them. */
export function listCompanyMessagesByStaff(ctx: TContext, options: TStaffAction & TPageQuery & { companyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const company = await findCompanyOr404(tx, options.companyId, options.actor);
    await audit(tx, options, 'company.messages_viewed', { type: 'company', id: company.id });
    return messagePage(tx, eq(messages.companyId, company.id), options);
  });
}

async function documentPage(db: Database, where: SQL, query: TPageQuery) {
  const afterId = decodeCursor(query.cursor);
  const rows = await db
    .select({ id: documents.id, kind: documents.kind, number: documents.number, issuedAt: documents.issuedAt, companyId: documents.companyId, total: documents.total, currency: documents.currency })
    .from(documents)
    .where(and(where, afterId ? lt(documents.id, afterId) : undefined))
    .orderBy(desc(documents.id))
    .limit(query.limit + 1);
  const page = pageOf(rows, query.limit);
  return { items: page.items.map(({ total, currency, ...row }) => ({ ...row, total: { amount: total, currency } })), nextCursor: page.nextCursor };
}

/** The documents staff may attach to a message to this customer: their own, in their market. */
export function listAttachableCustomerDocuments(ctx: TContext, options: TStaffAction & TPageQuery & { customerId: string }) {
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomerOr404(tx, options.customerId, options.actor);
    await audit(tx, options, 'customer.documents_viewed', { type: 'customer', id: customer.id });
    return documentPage(tx, and(eq(documents.customerId, customer.id), eq(documents.marketId, customer.marketId))!, options);
  });
}

/** The documents staff may attach to a message to the company: the company's. */
export function listAttachableCompanyDocuments(ctx: TContext, options: TStaffAction & TPageQuery & { companyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const company = await findCompanyOr404(tx, options.companyId, options.actor);
    await audit(tx, options, 'company.documents_viewed', { type: 'company', id: company.id });
    return documentPage(tx, and(eq(documents.companyId, company.id), eq(documents.marketId, company.marketId))!, options);
  });
}
