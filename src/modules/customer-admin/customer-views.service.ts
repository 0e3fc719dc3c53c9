import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { UAParser } from 'ua-parser-js';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { outboundEmails } from '../../platform/mail/mail.tables.js';
import { securityEvents, sessions } from '../auth/auth.tables.js';
import { consentRecords } from '../customers/customers.tables.js';
import { placedAtBounds } from '../orders/order-history.service.js';
import { decodeKeysetCursor, keysetPage } from '../orders/order-cursor.js';
import { toOrderSummary } from '../orders/order-views.js';
import { listOrderSummaries } from '../orders/orders.repository.js';
import type { TOrderListQuery } from '../orders/orders.schemas.js';
import { orders } from '../orders/orders.tables.js';
import { recordStaffAudit, type TStaffAuditAction } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { findCustomerOr404 } from './customer-admin.service.js';

type TStaffView = { actor: TStaffPrincipal; meta: TRequestMeta; customerId: string };
type TPageQuery = { limit: number; cursor?: string | undefined };
type TPage<T> = { items: T[]; nextCursor: string | null };

/**
 * A look at one kind of the customer's data: 404 for an unknown customer, else the read and its
 * audit entry in one transaction, so no view goes unrecorded.
 */
function auditedView<T>(ctx: Pick<TAppContext, 'db'>, options: TStaffView, action: TStaffAuditAction, read: (tx: Database) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await findCustomerOr404(tx, options.customerId, options.actor);
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action, target: { type: 'customer', id: options.customerId }, meta: options.meta });
    return read(tx);
  });
}

const before = (column: AnyPgColumn, cursor: string | undefined): SQL | undefined => {
  const beforeId = decodeCursor(cursor);
  return beforeId ? lt(column, beforeId) : undefined;
};

/** The emails sent to the customer (the outbox, as GET /api/me/emails reads it), newest first. */
export function listCustomerEmails(ctx: Pick<TAppContext, 'db'>, options: TStaffView & TPageQuery) {
  return auditedView(ctx, options, 'customer.emails_viewed', async (tx) => {
    const rows = await tx
      .select({
        id: outboundEmails.id,
        template: outboundEmails.template,
        subject: outboundEmails.subject,
        to: outboundEmails.toAddress,
        status: outboundEmails.status,
        createdAt: outboundEmails.createdAt,
        sentAt: outboundEmails.sentAt,
      })
      .from(outboundEmails)
      .where(and(eq(outboundEmails.customerId, options.customerId), before(outboundEmails.id, options.cursor)))
      .orderBy(desc(outboundEmails.id))
      .limit(options.limit + 1);
    return pageOf(rows, options.limit);
  });
}

/** The whole consent history, newest first: every grant and withdrawal with its source. */
export function listCustomerConsents(ctx: Pick<TAppContext, 'db'>, options: TStaffView & TPageQuery) {
  return auditedView(ctx, options, 'customer.consents_viewed', async (tx) => {
    const rows = await tx
      .select({
        id: consentRecords.id,
        purpose: consentRecords.purpose,
        granted: consentRecords.granted,
        source: consentRecords.source,
        noticeVersion: consentRecords.noticeVersion,
        recordedAt: consentRecords.recordedAt,
      })
      .from(consentRecords)
      .where(and(eq(consentRecords.customerId, options.customerId), before(consentRecords.id, options.cursor)))
      .orderBy(desc(consentRecords.id))
      .limit(options.limit + 1);
    return pageOf(rows, options.limit);
  });
}

/** Sessions newest first, live or ended; `current` says which still open the account. */
export function listCustomerSessions(ctx: Pick<TAppContext, 'db' | 'config'>, options: TStaffView & TPageQuery) {
  return auditedView(ctx, options, 'customer.sessions_viewed', async (tx) => {
    const rows = await tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.customerId, options.customerId), before(sessions.id, options.cursor)))
      .orderBy(desc(sessions.id))
      .limit(options.limit + 1);
    const now = Date.now();
    const idleMs = ctx.config.session.idleSeconds * 1000;
    const items = rows.map((row) => {
      const agent = UAParser(row.userAgent ?? '');
      const device = [agent.device.vendor, agent.device.model].filter(Boolean).join(' ');
      const live = row.revokedAt === null && row.absoluteExpiresAt.getTime() > now && row.lastSeenAt.getTime() + idleMs > now;
      return {
        id: row.id,
        current: live,
        device: device || (agent.device.type ?? null),
        browser: agent.browser.name ?? null,
        os: agent.os.name ?? null,
        ip: row.ip,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
        endedAt: row.revokedAt,
      };
    });
    return pageOf(items, options.limit);
  });
}

/** Sign-ins, codes, resets and profile changes of the account, newest first. */
export function listCustomerSecurityEvents(ctx: Pick<TAppContext, 'db'>, options: TStaffView & TPageQuery) {
  return auditedView(ctx, options, 'customer.security_events_viewed', async (tx) => {
    const rows = await tx
      .select({
        id: securityEvents.id,
        type: securityEvents.type,
        method: securityEvents.method,
        ip: securityEvents.ip,
        userAgent: securityEvents.userAgent,
        occurredAt: securityEvents.occurredAt,
      })
      .from(securityEvents)
      .where(and(eq(securityEvents.customerId, options.customerId), before(securityEvents.id, options.cursor)))
      .orderBy(desc(securityEvents.id))
      .limit(options.limit + 1);
    return pageOf(rows, options.limit);
  });
}

/**
 * Every order and receipt tied to the account, as the order history lists them (keyset on
 * placed_at and id); unlike the customer's own history, also those of an address not yet proven.
 */
export function listCustomerOrders(ctx: Pick<TAppContext, 'db'>, options: TStaffView & { query: TOrderListQuery }): Promise<TPage<ReturnType<typeof toOrderSummary>>> {
  const { query } = options;
  const after = decodeKeysetCursor(query.cursor);
  const conditions = [
    eq(orders.customerId, options.customerId),
    ...placedAtBounds(query),
    query.status ? eq(orders.status, query.status) : undefined,
    query.channel ? eq(orders.channel, query.channel) : undefined,
    query.locationId ? eq(orders.locationId, query.locationId) : undefined,
  ];
  return auditedView(ctx, options, 'customer.orders_viewed', async (tx) => {
    const rows = await listOrderSummaries(tx, { where: and(...conditions)!, after, limit: query.limit });
    const page = keysetPage(rows, query.limit, (row) => ({ at: row.order.placedAt, id: row.order.id }));
    return { items: page.items.map(toOrderSummary), nextCursor: page.nextCursor };
  });
}
