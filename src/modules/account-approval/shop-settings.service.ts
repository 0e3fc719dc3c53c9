import { eq, sql } from 'drizzle-orm';
import type { TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TAccountType } from './account-approval.rules.js';
import { approvalStatusForNewAccount } from './account-approval.rules.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { staffUsers } from '../staff/staff.tables.js';
import { customers, type TCustomerRow } from '../customers/customers.tables.js';
import { shopSettings, type TAccountApprovalMode } from './shop-settings.tables.js';

const SHOP = 'shop';

export type TShopSettings = {
  accountApproval: TAccountApprovalMode;
  /** Null while nobody ever saved the settings: every value is its default. */
  updatedAt: Date | null;
  updatedBy: { id: string; name: string } | null;
};

const defaults: TShopSettings = { accountApproval: 'none', updatedAt: null, updatedBy: null };

/** The shop's settings; the defaults when the row was never written. One indexed read. */
export async function readShopSettings(db: Database): Promise<TShopSettings> {
  const [row] = await db
    .select({ settings: shopSettings, staff: { id: staffUsers.id, name: staffUsers.name } })
    .from(shopSettings)
    .leftJoin(staffUsers, eq(staffUsers.id, shopSettings.updatedByStaffId))
    .where(eq(shopSettings.id, SHOP));
  if (!row) return defaults;
  return {
    accountApproval: row.settings.accountApproval,
    updatedAt: row.settings.updatedAt,
    updatedBy: row.staff?.id ? { id: row.staff.id, name: row.staff.name } : null,
  };
}

/**
 * What a new self-registered account starts as (F1.7), read in the registration's
 * transaction: `pending` when the setting asks for it for this account type.
 */
export async function initialApprovalStatus(db: Database, accountType: TAccountType): Promise<'approved' | 'pending'> {
  const [row] = await db.select({ mode: shopSettings.accountApproval }).from(shopSettings).where(eq(shopSettings.id, SHOP));
  return approvalStatusForNewAccount(row?.mode ?? 'none', accountType);
}

/**
 * Makes a just-registered account wait when the setting asks for it for its type; an account
 * staff already decided on is left as they decided. Call it in the registration's transaction.
 */
export async function holdForApprovalIfRequired(db: Database, customer: TCustomerRow): Promise<TCustomerRow> {
  if (customer.approvalStatus !== 'approved' || customer.approvalDecidedAt !== null) return customer;
  if ((await initialApprovalStatus(db, customer.accountType)) !== 'pending') return customer;
  const [held] = await db.update(customers).set({ approvalStatus: 'pending' }).where(eq(customers.id, customer.id)).returning();
  return held ?? customer;
}

/**
 * PUT /api/staff/settings. The row is made if absent, then locked, so two staff saving at once
 * each audit the value they really replaced. A save that changes nothing records nothing.
 */
export async function updateShopSettings(
  db: Database,
  options: { actor: TStaffPrincipal; change: { accountApproval: TAccountApprovalMode }; meta: TRequestMeta },
): Promise<TShopSettings> {
  await db.transaction(async (tx) => {
    await tx.insert(shopSettings).values({ id: SHOP }).onConflictDoNothing();
    const [before] = await tx.select().from(shopSettings).where(eq(shopSettings.id, SHOP)).for('update');
    const from = before!.accountApproval;
    const to = options.change.accountApproval;
    if (from === to) return;
    await tx
      .update(shopSettings)
      .set({ accountApproval: to, updatedAt: sql`now()`, updatedByStaffId: options.actor.staff.id })
      .where(eq(shopSettings.id, SHOP));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'settings.updated',
      target: { type: 'shop_settings', id: SHOP },
      meta: options.meta,
      details: { accountApproval: { from, to } },
    });
  });
  return readShopSettings(db);
}
