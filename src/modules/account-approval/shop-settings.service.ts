import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TAccountType } from './account-approval.rules.js';
import { approvalStatusForNewAccount } from './account-approval.rules.js';
import { markets } from '../markets/markets.tables.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { staffAuditEvents, staffUsers } from '../staff/staff.tables.js';
import { customers, type TCustomerRow } from '../customers/customers.tables.js';
import type { TAccountApprovalMode } from './shop-settings.tables.js';

// Account approval (F1.7) is a setting of each market (markets.account_approval) since
// markets came (F1.8). GET/PUT /api/staff/settings keep their contract and act on the default
// market's. The shop_settings table stays (migration 0010 copied its value into the default
// market) but nothing reads it any more.

const SHOP = 'shop';

export type TShopSettings = {
  accountApproval: TAccountApprovalMode;
  /** Null while nobody ever saved the setting: every value is its default. */
  updatedAt: Date | null;
  updatedBy: { id: string; name: string } | null;
};

async function defaultMarketRow(db: Database) {
  const [row] = await db.select({ id: markets.id, accountApproval: markets.accountApproval }).from(markets).where(eq(markets.isDefault, true));
  if (!row) throw new Error('no default market: the database is not migrated');
  return row;
}

/**
 * The default market's approval setting, and who last changed it: the latest audit entry that
 * did, through these settings or through the markets page.
 */
export async function readShopSettings(db: Database): Promise<TShopSettings> {
  const market = await defaultMarketRow(db);
  const [last] = await db
    .select({ at: staffAuditEvents.at, staff: { id: staffUsers.id, name: staffUsers.name } })
    .from(staffAuditEvents)
    .leftJoin(staffUsers, eq(staffUsers.id, staffAuditEvents.staffId))
    .where(
      or(
        and(eq(staffAuditEvents.action, 'settings.updated'), eq(staffAuditEvents.targetId, SHOP)),
        and(
          eq(staffAuditEvents.action, 'market.updated'),
          eq(staffAuditEvents.targetId, market.id),
          sql`${staffAuditEvents.details}->'changes'->'accountApproval' is not null`,
        ),
      ),
    )
    .orderBy(desc(staffAuditEvents.id))
    .limit(1);
  return {
    accountApproval: market.accountApproval,
    updatedAt: last?.at ?? null,
    updatedBy: last?.staff?.id ? { id: last.staff.id, name: last.staff.name } : null,
  };
}

/** What a new self-registered account of this market starts as (F1.7): `pending` when its market asks for it for this type. */
export async function initialApprovalStatus(db: Database, options: { marketId: string; accountType: TAccountType }): Promise<'approved' | 'pending'> {
  const [row] = await db.select({ mode: markets.accountApproval }).from(markets).where(eq(markets.id, options.marketId));
  return approvalStatusForNewAccount(row?.mode ?? 'none', options.accountType);
}

/**
 * Makes a just-registered account wait when its market asks for it for its type; an account
 * staff already decided on is left as they decided. Call it in the registration's transaction.
 */
export async function holdForApprovalIfRequired(db: Database, customer: TCustomerRow): Promise<TCustomerRow> {
  if (customer.approvalStatus !== 'approved' || customer.approvalDecidedAt !== null) return customer;
  if ((await initialApprovalStatus(db, { marketId: customer.marketId, accountType: customer.accountType })) !== 'pending') return customer;
  const [held] = await db.update(customers).set({ approvalStatus: 'pending' }).where(eq(customers.id, customer.id)).returning();
  return held ?? customer;
}

/**
 * PUT /api/staff/settings: the default market's approval setting. Its row is locked, so two
 * staff saving at once each audit the value they really replaced. A save that changes nothing
 * records nothing. The market directory reloads after commit.
 */
export async function updateShopSettings(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { actor: TStaffPrincipal; change: { accountApproval: TAccountApprovalMode }; meta: TRequestMeta },
): Promise<TShopSettings> {
  const changed = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(markets).where(eq(markets.isDefault, true)).for('update');
    if (!before) throw new Error('no default market: the database is not migrated');
    const from = before.accountApproval;
    const to = options.change.accountApproval;
    if (from === to) return false;
    await tx.update(markets).set({ accountApproval: to, updatedAt: new Date() }).where(eq(markets.id, before.id));
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'settings.updated',
      target: { type: 'shop_settings', id: SHOP },
      meta: options.meta,
      details: { accountApproval: { from, to } },
    });
    return true;
  });
  if (changed) await ctx.markets.changed();
  return readShopSettings(ctx.db);
}
