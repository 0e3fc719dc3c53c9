import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { recordStaffAudit } from './staff-audit.service.js';
import { staffCanSeeMarket } from './staff-markets.js';
import { staffCan, staffRoleRequiresTotp } from './staff-permissions.js';
import { revokeStaffSessionsOf, type TStaffPrincipal } from './staff-sessions.service.js';
import { issueSetupToken, staffSetupLink } from './staff-setup.service.js';
import { renderStaffInvitationEmail, STAFF_INVITATION_TEMPLATE } from './staff.emails.js';
import { staffErrors } from './staff.errors.js';
import { staffUsers, type TStaffRole, type TStaffUserRow } from './staff.tables.js';

/** Every change to staff accounts runs under this lock: "at least one active owner" is counted under it. */
const STAFF_CHANGES_LOCK = 4111;

export type TStaffItem = Pick<TStaffUserRow, 'id' | 'email' | 'name' | 'role' | 'status' | 'marketIds' | 'lastSignInAt' | 'createdAt'> & { totpEnabled: boolean };

export function toStaffItem(row: TStaffUserRow): TStaffItem {
  const { id, email, name, role, status, marketIds, lastSignInAt, createdAt } = row;
  return { id, email, name, role, status, marketIds, totpEnabled: row.totpEnabledAt !== null, lastSignInAt, createdAt };
}

/**
 * The markets a member may be limited to (F1.8): existing ones, each once; null is every
 * market. Someone limited themselves gives only markets of their own, never "every market",
 * so no one widens their own reach by inviting a colleague.
 */
function checkMarketLimit(ctx: Pick<TAppContext, 'markets'>, actor: TStaffPrincipal, marketIds: string[] | null): string[] | null {
  if (marketIds === null) {
    if (actor.staff.marketIds !== null) throw staffErrors.invalidMarkets('Only someone who works in every market gives every market.');
    return null;
  }
  const unique = [...new Set(marketIds)];
  const unknown = unique.filter((id) => !ctx.markets.byId(id) || !staffCanSeeMarket(actor, id));
  if (unknown.length > 0) throw staffErrors.invalidMarkets(`Unknown market(s): ${unknown.join(', ')}.`);
  if (unique.length === 0) throw staffErrors.invalidMarkets('Give at least one market, or null for every market.');
  return unique;
}

/** The whole staff, owners first: a shop has tens of staff, not thousands, so no pages. */
export async function listStaffUsers(db: Database): Promise<TStaffItem[]> {
  const roleOrder = sql`array_position(array['owner', 'administrator', 'support', 'read_only'], ${staffUsers.role})`;
  const rows = await db.select().from(staffUsers).orderBy(roleOrder, asc(staffUsers.name), asc(staffUsers.id)).limit(1000);
  return rows.map(toStaffItem);
}

type TCreateStaff = {
  email: string;
  name: string;
  role: TStaffRole;
  actorId: string | null;
  meta: TRequestMeta | null;
  force?: boolean;
  reissue?: boolean;
  /** Null or absent: every market. */
  marketIds?: string[] | null;
};

/**
 * Creates an invited staff member and a setup link (24 h), or a new link for someone still
 * invited (`reissue`, the command line). An owner only while the shop has none, unless `force`.
 */
export async function createStaffWithLink(ctx: Pick<TAppContext, 'config'>, tx: Database, options: TCreateStaff): Promise<{ staff: TStaffUserRow; link: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${STAFF_CHANGES_LOCK})`);
  if (options.role === 'owner' && !options.force && (await countOwners(tx, { excludeId: null, activeOnly: false })) > 0) throw staffErrors.ownerExists();
  const emailNormalized = normalizeEmail(options.email);
  const [existing] = await tx.select().from(staffUsers).where(eq(staffUsers.emailNormalized, emailNormalized));
  if (existing && (existing.status !== 'invited' || !options.reissue)) throw staffErrors.staffExists();
  const [staff] = existing
    ? await tx.update(staffUsers).set({ name: options.name, role: options.role, marketIds: options.marketIds ?? null, updatedAt: new Date() }).where(eq(staffUsers.id, existing.id)).returning()
    : await tx
        .insert(staffUsers)
        .values({ id: newId('stf'), email: options.email.trim(), emailNormalized, name: options.name, role: options.role, marketIds: options.marketIds ?? null })
        .returning();
  const token = await issueSetupToken(tx, staff!.id);
  await recordStaffAudit(tx, {
    staffId: options.actorId,
    action: 'staff.created',
    target: { type: 'staff_user', id: staff!.id },
    meta: options.meta,
    details: { role: options.role, marketIds: options.marketIds ?? null, via: options.actorId ? 'back_office' : 'command_line', newLink: existing !== undefined },
  });
  return { staff: staff!, link: staffSetupLink(ctx, token) };
}

async function countOwners(db: Database, options: { excludeId: string | null; activeOnly: boolean }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.role, 'owner'),
        options.activeOnly ? eq(staffUsers.status, 'active') : ne(staffUsers.status, 'disabled'),
        options.excludeId ? ne(staffUsers.id, options.excludeId) : undefined,
      ),
    );
  return row?.count ?? 0;
}

/** POST /api/staff/users: creates the member and emails the setup link, in one transaction. */
export async function inviteStaff(
  ctx: Pick<TAppContext, 'db' | 'config' | 'notifyMail' | 'markets'>,
  options: { actor: TStaffPrincipal; email: string; name: string; role: TStaffRole; marketIds?: string[] | null | undefined; meta: TRequestMeta },
): Promise<TStaffItem> {
  if (options.role === 'owner' && !staffCan(options.actor.staff.role, 'staff.manage_owners')) throw commonErrors.forbidden();
  const { actor } = options;
  const marketIds = checkMarketLimit(ctx, actor, options.marketIds === undefined ? actor.staff.marketIds : options.marketIds);
  const staff = await ctx.db.transaction(async (tx) => {
    const created = await createStaffWithLink(ctx, tx, { ...options, marketIds, actorId: actor.staff.id, force: true });
    const locale = actor.staff.locale;
    await enqueueEmail(tx, {
      customerId: null,
      to: created.staff.email,
      template: STAFF_INVITATION_TEMPLATE,
      locale,
      rendered: renderStaffInvitationEmail({
        locale,
        // Staff belong to no one market: the back office speaks with the default market's look.
        branding: ctx.markets.defaultMarket().branding,
        inviterName: actor.staff.name,
        role: options.role,
        totpRequired: staffRoleRequiresTotp(options.role),
        link: created.link,
      }),
    });
    return created.staff;
  });
  ctx.notifyMail();
  return toStaffItem(staff);
}

export type TStaffChange = { role?: TStaffRole | undefined; status?: 'active' | 'disabled' | undefined; marketIds?: string[] | null | undefined };

/**
 * Changes a member's role or status. Only an owner makes or unmakes an owner; the last active
 * owner can be neither demoted nor disabled (counted under the staff lock, so two owners
 * demoting each other at once leave one). Disabling ends every session of the member.
 */
export async function updateStaff(
  ctx: Pick<TAppContext, 'db' | 'markets'>,
  options: { actor: TStaffPrincipal; staffId: string; change: TStaffChange; meta: TRequestMeta },
): Promise<TStaffItem> {
  const wantedMarkets = options.change.marketIds === undefined ? undefined : checkMarketLimit(ctx, options.actor, options.change.marketIds);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STAFF_CHANGES_LOCK})`);
    const [target] = await tx.select().from(staffUsers).where(eq(staffUsers.id, options.staffId));
    if (!target) throw staffErrors.notFound();
    // A limited member manages only colleagues whose every market is one of theirs.
    if (options.actor.staff.marketIds !== null && (target.marketIds === null || !target.marketIds.every((id) => staffCanSeeMarket(options.actor, id)))) {
      throw staffErrors.notFound();
    }
    const role = options.change.role ?? target.role;
    const marketIds = wantedMarkets === undefined ? target.marketIds : wantedMarkets;
    const status = nextStatus(target, options.change.status);
    const touchesOwner = target.role === 'owner' || role === 'owner';
    if (touchesOwner && !staffCan(await currentRole(tx, options.actor), 'staff.manage_owners')) throw commonErrors.forbidden();
    const wasActiveOwner = target.role === 'owner' && target.status === 'active';
    if (wasActiveOwner && (role !== 'owner' || status !== 'active') && (await countOwners(tx, { excludeId: target.id, activeOnly: true })) === 0) {
      throw staffErrors.lastOwner();
    }
    const [updated] = await tx.update(staffUsers).set({ role, status, marketIds, updatedAt: new Date() }).where(eq(staffUsers.id, target.id)).returning();
    if (status === 'disabled' && target.status !== 'disabled') await revokeStaffSessionsOf(tx, target.id);
    await auditChange(tx, { actor: options.actor, before: target, after: updated!, meta: options.meta });
    return toStaffItem(updated!);
  });
}

/** The actor's role as it is now, read under the lock: a role lost a moment ago no longer counts. */
async function currentRole(tx: Database, actor: TStaffPrincipal): Promise<TStaffRole> {
  const [row] = await tx.select({ role: staffUsers.role, status: staffUsers.status }).from(staffUsers).where(eq(staffUsers.id, actor.staff.id));
  if (!row || row.status !== 'active') throw commonErrors.forbidden();
  return row.role;
}

/** Re-enabling returns a member to where they were: active, or invited if they never set up. */
function nextStatus(target: TStaffUserRow, wanted: 'active' | 'disabled' | undefined): TStaffUserRow['status'] {
  if (wanted === undefined) return target.status;
  if (wanted === 'disabled') return 'disabled';
  if (target.status !== 'disabled') return target.status;
  return target.passwordHash ? 'active' : 'invited';
}

async function auditChange(tx: Database, options: { actor: TStaffPrincipal; before: TStaffUserRow; after: TStaffUserRow; meta: TRequestMeta }): Promise<void> {
  const base = { staffId: options.actor.staff.id, target: { type: 'staff_user', id: options.after.id }, meta: options.meta };
  if (options.before.role !== options.after.role) {
    await recordStaffAudit(tx, { ...base, action: 'staff.role_changed', details: { from: options.before.role, to: options.after.role } });
  }
  if (JSON.stringify(options.before.marketIds) !== JSON.stringify(options.after.marketIds)) {
    await recordStaffAudit(tx, { ...base, action: 'staff.markets_changed', details: { from: options.before.marketIds, to: options.after.marketIds } });
    // Sessions read the limit on every request: nothing to end.
  }
  if (options.before.status !== 'disabled' && options.after.status === 'disabled') await recordStaffAudit(tx, { ...base, action: 'staff.disabled' });
  if (options.before.status === 'disabled' && options.after.status !== 'disabled') await recordStaffAudit(tx, { ...base, action: 'staff.enabled' });
}
