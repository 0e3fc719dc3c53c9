import { and, asc, eq, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { authLinks } from '../auth/auth-mail.js';
import { customers, type TApprovalStatus, type TCustomerRow } from '../customers/customers.tables.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess, staffMarketScope } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import {
  ACCOUNT_APPROVED_TEMPLATE,
  ACCOUNT_REFUSED_TEMPLATE,
  renderAccountApprovedEmail,
  renderAccountRefusedEmail,
} from './account-approval.emails.js';
import { accountApprovalErrors } from './account-approval.errors.js';
import { decisionOutcome, type TApprovalDecision } from './account-approval.rules.js';

export type TPendingApproval = Pick<
  TCustomerRow,
  'id' | 'email' | 'firstName' | 'lastName' | 'accountType' | 'businessName' | 'businessIdentifier' | 'businessVatNumber' | 'createdAt'
> & { emailVerified: boolean };

// The queue is read oldest first on (created_at, id), the partial index customers_pending_approval_idx:
// the cursor carries both, as the id alone does not order by created_at. The time is kept to the
// microsecond as PostgreSQL stores it: a JavaScript Date would cut it to the millisecond and
// show a row again on the next page.
const cursorTime = sql<string>`to_char(${customers.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function encodeQueueCursor(row: { cursorAt: string; id: string }): string {
  return Buffer.from(JSON.stringify({ at: row.cursorAt, id: row.id })).toString('base64url');
}

function decodeQueueCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    const { at, id } = parsed;
    if (typeof at === 'string' && CURSOR_TIME_SHAPE.test(at) && typeof id === 'string' && /^cus_[0-9a-z]{26}$/.test(id)) return { at, id };
  } catch {
    // Falls through to the validation error.
  }
  throw accountApprovalErrors.invalidCursor();
}

/**
 * GET /api/staff/approvals: the accounts waiting for a decision, oldest first. Reading the
 * queue shows several people's data at once: it is audited as a search (`customers.searched`).
 */
export async function listPendingApprovals(
  db: Database,
  options: { actor: TStaffPrincipal; limit: number; cursor?: string | undefined; meta: TRequestMeta },
): Promise<{ items: TPendingApproval[]; nextCursor: string | null }> {
  const after = decodeQueueCursor(options.cursor);
  const rows = await db
    .select({
      id: customers.id,
      email: customers.email,
      firstName: customers.firstName,
      lastName: customers.lastName,
      accountType: customers.accountType,
      businessName: customers.businessName,
      businessIdentifier: customers.businessIdentifier,
      businessVatNumber: customers.businessVatNumber,
      emailVerifiedAt: customers.emailVerifiedAt,
      createdAt: customers.createdAt,
      cursorAt: cursorTime,
    })
    .from(customers)
    .where(
      and(
        eq(customers.approvalStatus, 'pending'),
        // A member limited to some markets sees only their accounts.
        staffMarketScope(options.actor, customers.marketId),
        // The first condition is the index's range; the second breaks ties on the id.
        after ? sql`${customers.createdAt} >= ${after.at}::timestamptz` : undefined,
        after ? sql`(${customers.createdAt}, ${customers.id}) > (${after.at}::timestamptz, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const items = page.map(({ emailVerifiedAt, cursorAt: _cursorAt, ...row }) => ({ ...row, emailVerified: emailVerifiedAt !== null }));
  const last = page.at(-1);
  await recordStaffAudit(db, {
    staffId: options.actor.staff.id,
    action: 'customers.searched',
    target: null,
    meta: options.meta,
    details: { view: 'approval_queue', resultCount: items.length, page: after ? 'next' : 'first' },
  });
  return { items, nextCursor: rows.length > options.limit && last ? encodeQueueCursor(last) : null };
}

export type TApprovalState = { id: string; approvalStatus: TApprovalStatus; approvalDecidedAt: Date | null };

/**
 * Approves or refuses an account (F1.7) under a lock on its row, so two staff deciding at once
 * are served one after the other (rules in `decisionOutcome`). A decision emails the customer
 * in their language, is audited and tells webhooks `customer.updated`, all in its transaction;
 * the person's cached sessions are evicted (here at once, elsewhere by the customers-row
 * trigger's NOTIFY), so /api/me and /api/me/context say it on the next call.
 */
export async function decideAccountApproval(
  ctx: Pick<TAppContext, 'db' | 'config' | 'markets' | 'notifyMail' | 'sessionCache'>,
  options: {
    actor: TStaffPrincipal;
    customerId: string;
    decision: TApprovalDecision;
    reason?: string | null | undefined;
    reconsider?: boolean | undefined;
    meta: TRequestMeta;
  },
): Promise<TApprovalState> {
  const result = await ctx.db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, options.customerId)).for('update');
    if (!customer) throw commonErrors.notFound();
    requireStaffMarketAccess(options.actor, customer.marketId);
    const outcome = decisionOutcome(customer.approvalStatus, options.decision, { reconsider: options.reconsider ?? false });
    if (outcome === 'conflict') throw accountApprovalErrors.alreadyDecided(customer.approvalStatus);
    if (outcome === 'unchanged') return { state: stateOf(customer), emailed: false };

    const approvalStatus = options.decision === 'approve' ? 'approved' : 'refused';
    const [decided] = await tx
      .update(customers)
      .set({ approvalStatus, approvalDecidedAt: sql`now()`, updatedAt: new Date() })
      .where(eq(customers.id, customer.id))
      .returning();
    const reason = options.decision === 'refuse' ? options.reason?.trim() || null : null;
    await emailDecision(ctx, tx, decided!, reason);
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: options.decision === 'approve' ? 'customer.approved' : 'customer.refused',
      target: { type: 'customer', id: customer.id },
      meta: options.meta,
      details: { from: customer.approvalStatus, ...(reason ? { reason } : {}) },
    });
    await recordCustomerEvent(tx, 'customer.updated', decided!);
    return { state: stateOf(decided!), emailed: true };
  });
  if (result.emailed) {
    ctx.notifyMail();
    // This instance forgets the person's cached sessions now; the customers-row trigger's
    // NOTIFY tells the other instances, but arrives a moment after the commit.
    ctx.sessionCache.evictCustomer(options.customerId);
  }
  return result.state;
}

function stateOf(row: TCustomerRow): TApprovalState {
  return { id: row.id, approvalStatus: row.approvalStatus, approvalDecidedAt: row.approvalDecidedAt };
}

async function emailDecision(ctx: Pick<TAppContext, 'config' | 'markets'>, tx: Database, customer: TCustomerRow, reason: string | null): Promise<void> {
  const market = ctx.markets.get(customer.marketId);
  const common = { locale: customer.locale, branding: market.branding, firstName: customer.firstName };
  const approved = customer.approvalStatus === 'approved';
  await enqueueEmail(tx, {
    customerId: customer.id,
    to: customer.email,
    locale: customer.locale,
    template: approved ? ACCOUNT_APPROVED_TEMPLATE : ACCOUNT_REFUSED_TEMPLATE,
    rendered: approved
      ? renderAccountApprovedEmail({ ...common, signInUrl: authLinks(market).signIn })
      : renderAccountRefusedEmail({ ...common, reason }),
  });
}
