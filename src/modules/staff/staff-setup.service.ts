import { and, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { recordStaffAudit } from './staff-audit.service.js';
import { staffRoleRequiresTotp } from './staff-permissions.js';
import { createStaffSession, type TIssuedStaffSession, type TStaffPrincipal } from './staff-sessions.service.js';
import { staffErrors } from './staff.errors.js';
import { countStaffFailure, refuseIfStaffFailuresExceeded, staffRateRules } from './staff.throttle.js';
import { staffSetupTokens, staffUsers, type TStaffRole, type TStaffUserRow } from './staff.tables.js';

const SETUP_LINK_SECONDS = 24 * 3600;
/** Serialises owner creation: two first-run links used at once must not make two owners. */
const FIRST_OWNER_LOCK = 4110;

type TSetupContext = Pick<TAppContext, 'db' | 'config'>;

export function staffSetupLink(ctx: Pick<TAppContext, 'config'>, token: string): string {
  return `${ctx.config.publicUrl}/admin/setup?token=${encodeURIComponent(token)}`;
}

/** A single-use link valid 24 h; `staffId` null is the first-run link that creates the owner. */
export async function issueSetupToken(db: Database, staffId: string | null): Promise<string> {
  const token = newSecretToken();
  await db.insert(staffSetupTokens).values({
    id: newId('stk'),
    staffId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + SETUP_LINK_SECONDS * 1000),
  });
  return token;
}

/**
 * What `npm start` calls: with no staff account at all, a new first-run link to create the
 * owner (nothing is created until it is used); otherwise null. Each start prints a fresh link;
 * all of them die when one is used.
 */
export async function issueFirstOwnerLink(ctx: TSetupContext): Promise<string | null> {
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staffUsers.id }).from(staffUsers).limit(1);
    if (existing) return null;
    const token = await issueSetupToken(tx, null);
    await recordStaffAudit(tx, { staffId: null, action: 'staff.setup_link_issued', meta: null, details: { via: 'first_run' } });
    return staffSetupLink(ctx, token);
  });
}

type TSetupTarget = { tokenId: string; expiresAt: Date; staff: TStaffUserRow | null };

/** A live token: unused, unexpired, for an invited member or (first run) while no owner exists. */
async function findSetupTarget(db: Database, token: string): Promise<TSetupTarget | null> {
  const [row] = await db
    .select({ tokenId: staffSetupTokens.id, expiresAt: staffSetupTokens.expiresAt, staff: staffUsers })
    .from(staffSetupTokens)
    .leftJoin(staffUsers, eq(staffUsers.id, staffSetupTokens.staffId))
    .where(and(eq(staffSetupTokens.tokenHash, hashToken(token)), isNull(staffSetupTokens.consumedAt), gt(staffSetupTokens.expiresAt, sql`now()`)));
  if (!row) return null;
  if (row.staff) return row.staff.status === 'invited' ? row : null;
  return (await ownerExists(db)) ? null : row;
}

async function ownerExists(db: Database): Promise<boolean> {
  const [owner] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'owner'), ne(staffUsers.status, 'disabled')))
    .limit(1);
  return owner !== undefined;
}

async function findLiveTargetOrCount(ctx: Pick<TAppContext, 'db' | 'rateLimiter'>, token: string, meta: TRequestMeta): Promise<TSetupTarget> {
  const rule = [staffRateRules.setupTokenFailuresPerIp, meta.ip] as const;
  await refuseIfStaffFailuresExceeded(ctx.rateLimiter, [rule]);
  const target = await findSetupTarget(ctx.db, token);
  if (target) return target;
  await countStaffFailure(ctx.rateLimiter, [rule]);
  throw staffErrors.invalidToken();
}

export type TSetupDescription = { email: string | null; name: string | null; role: TStaffRole; expiresAt: Date };

/** GET /api/staff/setup: who the link is for; the first-run link names nobody yet. */
export async function describeSetupToken(ctx: Pick<TAppContext, 'db' | 'rateLimiter'>, options: { token: string; meta: TRequestMeta }): Promise<TSetupDescription> {
  const target = await findLiveTargetOrCount(ctx, options.token, options.meta);
  return {
    email: target.staff?.email ?? null,
    name: target.staff?.name ?? null,
    role: target.staff?.role ?? 'owner',
    expiresAt: target.expiresAt,
  };
}

export type TStaffSignedIn = { session: TIssuedStaffSession; principal: TStaffPrincipal; next: 'totp' | 'totp_setup' | 'signed_in' };

/**
 * Sets the name and password from a setup link and signs in (second factor still to come).
 * The first-run link creates the owner with the address typed on the page.
 */
export async function completeStaffSetup(
  ctx: Pick<TAppContext, 'db' | 'rateLimiter' | 'passwordHasher'>,
  options: { token: string; name: string; password: string; email?: string | undefined; meta: TRequestMeta },
): Promise<TStaffSignedIn> {
  const target = await findLiveTargetOrCount(ctx, options.token, options.meta);
  const email = target.staff?.email ?? options.email;
  if (!email) throw staffErrors.emailRequired();
  refuseWeakPassword(options.password, [email, options.name], options.meta.locale);
  const passwordHash = await ctx.passwordHasher.hash(options.password);
  return ctx.db.transaction(async (tx) => {
    const staff = target.staff
      ? await activateInvitedStaff(tx, { target, name: options.name, passwordHash })
      : await createFirstOwner(tx, { target, email, name: options.name, passwordHash });
    const session = await createStaffSession(tx, { staffId: staff.id, meta: options.meta });
    await recordStaffAudit(tx, { staffId: staff.id, action: 'staff.setup_completed', target: { type: 'staff_user', id: staff.id }, meta: options.meta, details: { role: staff.role } });
    const principal: TStaffPrincipal = {
      sessionId: session.sessionId,
      secondFactorAt: null,
      staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, locale: staff.locale, totpEnabled: false, marketIds: staff.marketIds },
    };
    return { session, principal, next: staffRoleRequiresTotp(staff.role) ? 'totp_setup' : 'signed_in' };
  });
}

/** The schema checked guessability alone; here the person's own address and name count as known words. */
function refuseWeakPassword(password: string, userInputs: string[], locale: 'fr' | 'en'): void {
  const strength = checkPasswordStrength(password, { locale, userInputs });
  if (!strength.ok) throw staffErrors.weakPassword(strength.reason);
}

/** Consumes every live link of the member at once, so an older link cannot reset the password. */
async function activateInvitedStaff(tx: Database, options: { target: TSetupTarget; name: string; passwordHash: string }): Promise<TStaffUserRow> {
  const staffId = options.target.staff!.id;
  const consumed = await tx
    .update(staffSetupTokens)
    .set({ consumedAt: new Date() })
    .where(and(eq(staffSetupTokens.staffId, staffId), isNull(staffSetupTokens.consumedAt)))
    .returning({ id: staffSetupTokens.id });
  if (!consumed.some((row) => row.id === options.target.tokenId)) throw staffErrors.invalidToken();
  const [staff] = await tx
    .update(staffUsers)
    .set({ name: options.name, passwordHash: options.passwordHash, status: 'active', lastSignInAt: new Date(), updatedAt: new Date() })
    .where(and(eq(staffUsers.id, staffId), eq(staffUsers.status, 'invited')))
    .returning();
  if (!staff) throw staffErrors.invalidToken();
  return staff;
}

async function createFirstOwner(
  tx: Database,
  options: { target: TSetupTarget; email: string; name: string; passwordHash: string },
): Promise<TStaffUserRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_OWNER_LOCK})`);
  if (await ownerExists(tx)) throw staffErrors.invalidToken();
  const firstRunTokens = tx.select({ id: staffSetupTokens.id }).from(staffSetupTokens).where(isNull(staffSetupTokens.staffId));
  const consumed = await tx
    .update(staffSetupTokens)
    .set({ consumedAt: new Date() })
    .where(and(inArray(staffSetupTokens.id, firstRunTokens), isNull(staffSetupTokens.consumedAt)))
    .returning({ id: staffSetupTokens.id });
  if (!consumed.some((row) => row.id === options.target.tokenId)) throw staffErrors.invalidToken();
  const existing = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.emailNormalized, normalizeEmail(options.email)));
  if (existing.length > 0) throw staffErrors.staffExists();
  const [staff] = await tx
    .insert(staffUsers)
    .values({
      id: newId('stf'),
      email: options.email.trim(),
      emailNormalized: normalizeEmail(options.email),
      name: options.name,
      role: 'owner',
      status: 'active',
      passwordHash: options.passwordHash,
      lastSignInAt: new Date(),
    })
    .returning();
  return staff!;
}
