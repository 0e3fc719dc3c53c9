import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, pageOf } from '../../platform/http/pagination.js';
import { staffAuditEvents, staffUsers } from './staff.tables.js';

/**
 * Every action the audit records. The column is free text, so a new action needs no
 * migration, only a line here. `*.viewed` actions record a look at personal data (ASVS V8.3.5).
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
  'staff.markets_changed',
  // Markets (F1.8).
  'market.created',
  'market.updated',
  // Branding (F7.5): the document, and the logo and favicon files.
  'market.branding_updated',
  'market.asset_uploaded',
  'market.asset_deleted',
  // Customers (F6.2, F6.3, F2.5): every look at one customer's data is recorded.
  'customers.searched',
  'customer.viewed',
  'customer.emails_viewed',
  'customer.consents_viewed',
  'customer.sessions_viewed',
  'customer.orders_viewed',
  'customer.security_events_viewed',
  'customer.notes_viewed',
  'customer.created',
  'customer.updated',
  'customer.disabled',
  'customer.enabled',
  'customer.password_reset_sent',
  'customer.note_added',
  'customer.note_deleted',
  // Passkeys (F1.10).
  'customer.passkeys_viewed',
  'customer.passkey_removed',
  'customer.market_changed',
  // Approval (F1.7) and the shop settings.
  'customer.approved',
  'customer.refused',
  'settings.updated',
  // Companies (F3.8).
  'companies.searched',
  'company.viewed',
  'company.created',
  'company.updated',
  'company.location_created',
  'company.location_updated',
  'company.location_deleted',
  'company.admin_named',
  'company.merged',
  // Privacy requests (F6.4).
  'privacy.request_recorded',
  'privacy.request_answered',
  'privacy.data_exported',
  'privacy.customer_erased',
  // Messages from the shop (F5.2) and the customers' questions (F5.4).
  'message.sent',
  'customer.messages_viewed',
  'company.messages_viewed',
  'customer.documents_viewed',
  'company.documents_viewed',
  'contact.threads_viewed',
  'contact.thread_viewed',
  'contact.answered',
  'contact.closed',
  'contact.reopened',
  // Imports and exports (F6.5).
  'customers.import_checked',
  'customers.imported',
  'customers.exported',
  'companies.exported',
  // Gift registries (F5.6): staff look at a customer's registries, or one found by its code.
  'customer.registries_viewed',
  'registry.viewed',
  // Store integrations (API keys, webhook endpoints, OpenID Connect clients): never a secret in the details.
  'integration.api_key_created',
  'integration.api_key_revoked',
  'integration.webhook_created',
  'integration.webhook_updated',
  'integration.webhook_deleted',
  'integration.webhook_secret_rotated',
  'integration.webhook_delivery_replayed',
  'integration.webhook_test_sent',
  'integration.oidc_client_created',
  'integration.oidc_client_updated',
  'integration.oidc_client_revoked',
  'integration.oidc_client_secret_rotated',
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
