import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { staffAuditEvents, staffUsers } from './staff.tables.js';

/**
 * What the audit records so far. Later parts of the back office add their own (e.g.
 * `customer.viewed`); the column is free text so that they need no migration.
 */
export const staffAuditActions = [
  'staff.signed_in',
  'staff.sign_in_failed',
  'staff.signed_out',
  'staff.second_factor_verified',
  'staff.second_factor_failed',
  'staff.recovery_code_used',
  'staff.totp_enrolled',
  'staff.setup_link_issued',
  'staff.setup_completed',
  'staff.created',
  'staff.role_changed',
  'staff.disabled',
  'staff.enabled',
] as const;
export type TStaffAuditAction = (typeof staffAuditActions)[number];

export type TStaffAuditEntry = {
  staffId: string | null;
  action: TStaffAuditAction;
  target?: { type: string; id: string } | null;
  /** Null from the command line. */
  meta: TRequestMeta | null;
  details?: Record<string, unknown>;
};

/** Appends one event. Call it with the transaction of the change it records. */
export async function recordStaffAudit(db: Database, entry: TStaffAuditEntry): Promise<void> {
  await db.insert(staffAuditEvents).values({
    id: newId('aud'),
    staffId: entry.staffId,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: entry.meta?.ip ?? null,
    userAgent: entry.meta?.userAgent?.slice(0, 512) ?? null,
    details: entry.details ?? null,
  });
}

export type TStaffAuditFilters = {
  staffId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
};

export type TStaffAuditItem = {
  id: string;
  at: Date;
  staff: { id: string; name: string; email: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
};

/** Newest first, keyset-paginated on the time-ordered id; every filter is optional. */
export async function listStaffAudit(db: Database, filters: TStaffAuditFilters): Promise<{ items: TStaffAuditItem[]; nextCursor: string | null }> {
  const beforeId = decodeCursor(filters.cursor);
  const rows = await db
    .select({
      event: staffAuditEvents,
      staff: { id: staffUsers.id, name: staffUsers.name, email: staffUsers.email },
    })
    .from(staffAuditEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, staffAuditEvents.staffId))
    .where(and(...auditConditions(filters), beforeId ? lt(staffAuditEvents.id, beforeId) : undefined))
    .orderBy(desc(staffAuditEvents.id))
    .limit(filters.limit + 1);
  const items = rows.map(({ event, staff }) => ({
    id: event.id,
    at: event.at,
    staff: staff && staff.id ? staff : null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    ip: event.ip,
    userAgent: event.userAgent,
    details: event.details,
  }));
  return pageOf(items, filters.limit);
}

function auditConditions(filters: TStaffAuditFilters): (SQL | undefined)[] {
  return [
    filters.staffId ? eq(staffAuditEvents.staffId, filters.staffId) : undefined,
    filters.action ? eq(staffAuditEvents.action, filters.action) : undefined,
    filters.targetType ? eq(staffAuditEvents.targetType, filters.targetType) : undefined,
    filters.targetId ? eq(staffAuditEvents.targetId, filters.targetId) : undefined,
    filters.from ? gte(staffAuditEvents.at, filters.from) : undefined,
    filters.to ? lte(staffAuditEvents.at, filters.to) : undefined,
  ];
}
