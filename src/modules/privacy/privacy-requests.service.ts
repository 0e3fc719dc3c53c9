import { and, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { customers } from '../customers/customers.tables.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess, staffMarketScope } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { staffUsers } from '../staff/staff.tables.js';
import { afterErasure, eraseLockedCustomer } from './account-erasure.service.js';
import { exportPersonalData } from './export.service.js';
import { privacyRequestErrors } from './privacy-requests.errors.js';
import { daysLeftUntil, privacyRequestDueAt } from './privacy-requests.rules.js';
import type { TPrivacyRequestItem, TPrivacyRequestsQuery, TRecordPrivacyRequestBody } from './privacy-requests.schemas.js';
import { privacyRequests, type TPrivacyRequestKind, type TPrivacyRequestRow } from './privacy-requests.tables.js';
import { lockCustomerForErasure } from './privacy.repository.js';
import type { TPersonalDataExport } from './privacy.schemas.js';

type TActor = { actor: TStaffPrincipal; meta: TRequestMeta };

const recorder = alias(staffUsers, 'recorder');
const answerer = alias(staffUsers, 'answerer');

/** Open requests first, by due date; then the closed ones, latest answer first. */
const rankOf = sql<number>`(case when ${privacyRequests.status} = 'open' then 0 else 1 end)`;
const sortKeyOf = sql<string>`(case when ${privacyRequests.status} = 'open' then extract(epoch from ${privacyRequests.dueAt}) else -extract(epoch from ${privacyRequests.answeredAt}) end)`;

async function selectItems(db: Database, options: { where: SQL | undefined; limit: number; now: Date }) {
  const rows = await db
    .select({
      request: privacyRequests,
      customer: { id: customers.id, email: customers.email, firstName: customers.firstName, lastName: customers.lastName },
      recorder: { id: recorder.id, name: recorder.name },
      answerer: { id: answerer.id, name: answerer.name },
      rank: rankOf,
      sortKey: sortKeyOf,
    })
    .from(privacyRequests)
    .leftJoin(customers, eq(customers.id, privacyRequests.customerId))
    .leftJoin(recorder, eq(recorder.id, privacyRequests.recordedByStaffId))
    .leftJoin(answerer, eq(answerer.id, privacyRequests.answeredByStaffId))
    .where(options.where)
    .orderBy(rankOf, sortKeyOf, privacyRequests.id)
    .limit(options.limit);
  return rows.map((row) => ({
    item: toItem(row.request, {
      customer: row.customer?.id ? { id: row.customer.id, email: row.customer.email, name: `${row.customer.firstName} ${row.customer.lastName}`.trim() } : null,
      recordedBy: row.recorder?.id ? row.recorder : null,
      answeredBy: row.answerer?.id ? row.answerer : null,
      now: options.now,
    }),
    cursor: { r: Number(row.rank), k: String(row.sortKey), id: row.request.id },
  }));
}

function toItem(
  row: TPrivacyRequestRow,
  joined: { customer: TPrivacyRequestItem['customer']; recordedBy: TPrivacyRequestItem['recordedBy']; answeredBy: TPrivacyRequestItem['answeredBy']; now: Date },
): TPrivacyRequestItem {
  const open = row.status === 'open';
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    customer: joined.customer,
    erasurePseudonym: row.erasurePseudonym,
    receivedAt: row.receivedAt,
    dueAt: row.dueAt,
    overdue: open && joined.now.getTime() > row.dueAt.getTime(),
    daysLeft: open ? daysLeftUntil(row.dueAt, joined.now) : null,
    answeredAt: row.answeredAt,
    recordedBy: joined.recordedBy,
    answeredBy: joined.answeredBy,
  };
}

async function findItem(db: Database, requestId: string): Promise<TPrivacyRequestItem> {
  const [found] = await selectItems(db, { where: eq(privacyRequests.id, requestId), limit: 1, now: new Date() });
  if (!found) throw privacyRequestErrors.notFound();
  return found.item;
}

type TCursor = { r: number; k: string; id: string };

function encodeListCursor(cursor: TCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor holds the row's place in the order (rank, due or answer time, id), not only its id. */
function decodeListCursor(cursor: string | undefined): TCursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<TCursor>;
    if ((parsed.r === 0 || parsed.r === 1) && typeof parsed.k === 'string' && /^-?\d{1,12}(\.\d{1,9})?$/.test(parsed.k) && typeof parsed.id === 'string' && /^prq_[0-9a-z]{26}$/.test(parsed.id)) {
      return { r: parsed.r, k: parsed.k, id: parsed.id };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw commonErrors.validationFailed([{ path: 'query.cursor', code: 'invalid_cursor', message: 'This cursor is not one the API gave.' }]);
}

/**
 * GET /api/staff/privacy-requests: open ones by due date first, then the answered and declined.
 * The list names people, so reading it is recorded like a search (as the approval queue is).
 */
export async function listPrivacyRequests(
  ctx: Pick<TAppContext, 'db'>,
  options: TActor & { query: TPrivacyRequestsQuery },
): Promise<{ items: TPrivacyRequestItem[]; nextCursor: string | null }> {
  const { query } = options;
  const after = decodeListCursor(query.cursor);
  return ctx.db.transaction(async (db) => {
    const rows = await selectItems(db, {
      where: and(
        query.status ? eq(privacyRequests.status, query.status) : undefined,
        query.kind ? eq(privacyRequests.kind, query.kind) : undefined,
        query.customerId ? eq(privacyRequests.customerId, query.customerId) : undefined,
        // A member limited to some markets sees their customers' requests (not those of erased accounts, whose market is gone with them).
        staffMarketScope(options.actor, customers.marketId),
        after ? sql`(${rankOf}, ${sortKeyOf}, ${privacyRequests.id}) > (${after.r}::int, ${after.k}::numeric, ${after.id})` : undefined,
      ),
      limit: query.limit + 1,
      now: new Date(),
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    await recordStaffAudit(db, {
      staffId: options.actor.staff.id,
      action: 'customers.searched',
      target: query.customerId ? { type: 'customer', id: query.customerId } : null,
      meta: options.meta,
      details: { view: 'privacy_requests', filters: { status: query.status ?? null, kind: query.kind ?? null }, resultCount: page.length, page: after ? 'next' : 'first' },
    });
    return { items: page.map((row) => row.item), nextCursor: rows.length > query.limit && last ? encodeListCursor(last.cursor) : null };
  });
}

/** 404 for an unknown customer, and for one in a market the staff member does not work in. */
async function requireCustomer(db: Database, customerId: string, actor: TStaffPrincipal): Promise<void> {
  const [found] = await db.select({ id: customers.id, marketId: customers.marketId }).from(customers).where(eq(customers.id, customerId));
  if (!found) throw privacyRequestErrors.notFound();
  requireStaffMarketAccess(actor, found.marketId);
}

/** POST /api/staff/privacy-requests: due one calendar month after receipt (art. 12(3)). */
export async function recordPrivacyRequest(ctx: Pick<TAppContext, 'db'>, options: TActor & { body: TRecordPrivacyRequestBody }): Promise<TPrivacyRequestItem> {
  const { body } = options;
  const receivedAt = body.receivedAt ? new Date(body.receivedAt) : new Date();
  return ctx.db.transaction(async (tx) => {
    await requireCustomer(tx, body.customerId, options.actor);
    const id = newId('prq');
    await tx.insert(privacyRequests).values({
      id,
      kind: body.kind,
      channel: body.channel,
      customerId: body.customerId,
      receivedAt,
      dueAt: privacyRequestDueAt(receivedAt),
      recordedByStaffId: options.actor.staff.id,
    });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'privacy.request_recorded',
      target: { type: 'privacy_request', id },
      meta: options.meta,
      details: { customerId: body.customerId, kind: body.kind, channel: body.channel },
    });
    return findItem(tx, id);
  });
}

/** PATCH /api/staff/privacy-requests/:id: answered outside Comptoir, or declined. Only an open request. */
export async function closePrivacyRequest(
  ctx: Pick<TAppContext, 'db'>,
  options: TActor & { requestId: string; status: 'answered' | 'declined' },
): Promise<TPrivacyRequestItem> {
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(privacyRequests).where(eq(privacyRequests.id, options.requestId)).for('update');
    if (!request) throw privacyRequestErrors.notFound();
    if (options.actor.staff.marketIds !== null) {
      if (!request.customerId) throw privacyRequestErrors.notFound();
      await requireCustomer(tx, request.customerId, options.actor);
    }
    if (request.status !== 'open') throw privacyRequestErrors.requestClosed();
    await tx
      .update(privacyRequests)
      .set({ status: options.status, answeredAt: new Date(), answeredByStaffId: options.actor.staff.id })
      .where(eq(privacyRequests.id, request.id));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'privacy.request_answered',
      target: { type: 'privacy_request', id: request.id },
      meta: options.meta,
      details: { status: options.status, kind: request.kind, customerId: request.customerId, via: 'outside_comptoir' },
    });
    return findItem(tx, request.id);
  });
}

/** The request named with an export or an erasure: this customer's, of that kind, still open. */
async function lockOpenRequestOf(tx: Database, options: { requestId: string; customerId: string; kind: TPrivacyRequestKind }): Promise<TPrivacyRequestRow> {
  const [request] = await tx.select().from(privacyRequests).where(eq(privacyRequests.id, options.requestId)).for('update');
  if (!request) throw privacyRequestErrors.notFound();
  if (request.customerId !== options.customerId || request.kind !== options.kind) throw privacyRequestErrors.requestMismatch(options.kind);
  if (request.status !== 'open') throw privacyRequestErrors.requestClosed();
  return request;
}

/**
 * GET /api/staff/customers/:id/export: the very document the customer downloads themselves
 * (exportPersonalData: same sections, the same `data_exported` security event — without the staff
 * member's address — and a limit counted apart from the customer's own downloads,
 * marked `staff`), then, in one transaction, the audit entry and the request marked answered.
 */
export async function exportCustomerForStaff(
  ctx: TAppContext,
  options: TActor & { customerId: string; requestId?: string | undefined },
): Promise<TPersonalDataExport> {
  const { customerId, requestId } = options;
  await requireCustomer(ctx.db, customerId, options.actor);
  // Checked before the export too, so a wrong request costs nothing of the customer's hourly limit.
  if (requestId) await ctx.db.transaction((tx) => lockOpenRequestOf(tx, { requestId, customerId, kind: 'export' }));
  const document = await exportPersonalData(ctx, { customerId, meta: options.meta, by: 'staff' });
  await ctx.db.transaction(async (tx) => {
    if (requestId) {
      await lockOpenRequestOf(tx, { requestId, customerId, kind: 'export' });
      await tx.update(privacyRequests).set({ status: 'answered', answeredAt: new Date(), answeredByStaffId: options.actor.staff.id }).where(eq(privacyRequests.id, requestId));
    }
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'privacy.data_exported',
      target: { type: 'customer', id: customerId },
      meta: options.meta,
      ...(requestId ? { details: { requestId } } : {}),
    });
  });
  return document;
}

/**
 * POST /api/staff/customers/:id/erase: the customer's own erasure (eraseLockedCustomer: same
 * checks, pseudonyms, goodbye email), without their fresh proof but with their address typed
 * again; the request answered with the pseudonym and the audit entry in the same transaction.
 * The audit row names the erased id, which is not personal data once the row is gone.
 */
export async function eraseCustomerForStaff(
  ctx: TAppContext,
  options: TActor & { customerId: string; confirmEmail: string; requestId?: string | undefined },
): Promise<{ pseudonym: string }> {
  const { customerId, requestId } = options;
  const requestedAt = new Date();
  const pseudonym = await ctx.db.transaction(async (tx) => {
    const customer = await lockCustomerForErasure(tx, customerId);
    if (!customer) throw privacyRequestErrors.notFound();
    requireStaffMarketAccess(options.actor, customer.marketId);
    if (normalizeEmail(options.confirmEmail) !== customer.emailNormalized) throw privacyRequestErrors.confirmEmailMismatch();
    if (requestId) await lockOpenRequestOf(tx, { requestId, customerId, kind: 'erasure' });
    const pseudonym = await eraseLockedCustomer(ctx, tx, { customer, requestedBy: 'staff', requestedAt });
    if (requestId) {
      // The pseudonymiser already detached it (customer_id null) and wrote the pseudonym.
      await tx
        .update(privacyRequests)
        .set({ status: 'answered', answeredAt: new Date(), answeredByStaffId: options.actor.staff.id, erasurePseudonym: pseudonym })
        .where(eq(privacyRequests.id, requestId));
    }
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'privacy.customer_erased',
      target: { type: 'customer', id: customerId },
      meta: options.meta,
      ...(requestId ? { details: { requestId } } : {}),
    });
    return pseudonym;
  });
  afterErasure(ctx, customerId);
  return { pseudonym };
}
