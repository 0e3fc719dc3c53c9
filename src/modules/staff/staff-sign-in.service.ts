import { eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { recordStaffAudit } from './staff-audit.service.js';
import { staffRoleRequiresTotp } from './staff-permissions.js';
import { createStaffSession, revokeStaffSession, type TStaffPrincipal } from './staff-sessions.service.js';
import type { TStaffSignedIn } from './staff-setup.service.js';
import { staffErrors } from './staff.errors.js';
import { countStaffFailure, refuseIfStaffFailuresExceeded, staffRateRules } from './staff.throttle.js';
import { staffUsers, type TStaffUserRow } from './staff.tables.js';

export async function findStaffByEmail(db: Database, email: string): Promise<TStaffUserRow | undefined> {
  const [row] = await db.select().from(staffUsers).where(eq(staffUsers.emailNormalized, normalizeEmail(email)));
  return row;
}

/**
 * Password sign-in of a staff member. Every failure (unknown address, wrong password, disabled
 * or unfinished account) answers the same and costs one argon2id verification. A session is
 * born with its second factor pending; `next` says what comes before the back office.
 */
export async function signInStaff(ctx: TAppContext, options: { email: string; password: string; meta: TRequestMeta }): Promise<TStaffSignedIn> {
  const email = normalizeEmail(options.email);
  const counters = [
    [staffRateRules.passwordFailuresPerAddressAndIp, `${email}|${options.meta.ip}`],
    [staffRateRules.passwordFailuresPerAddress, email],
    [staffRateRules.passwordFailuresPerIp, options.meta.ip],
  ] as const;
  await refuseIfStaffFailuresExceeded(ctx.rateLimiter, [...counters]);
  const staff = await findStaffByEmail(ctx.db, email);
  const passwordMatches = staff?.passwordHash
    ? await ctx.passwordHasher.verify(staff.passwordHash, options.password)
    : (await ctx.passwordHasher.verifyAgainstDummy(options.password), false);
  if (!staff || !passwordMatches || staff.status !== 'active') {
    await countStaffFailure(ctx.rateLimiter, [...counters]);
    await recordStaffAudit(ctx.db, {
      staffId: null,
      action: 'staff.sign_in_failed',
      target: staff ? { type: 'staff_user', id: staff.id } : null,
      meta: options.meta,
    });
    throw staffErrors.invalidCredentials();
  }
  return openSession(ctx, staff, options.meta);
}

async function openSession(ctx: TAppContext, staff: TStaffUserRow, meta: TRequestMeta): Promise<TStaffSignedIn> {
  const next = staff.totpEnabledAt ? 'totp' : staffRoleRequiresTotp(staff.role) ? 'totp_setup' : 'signed_in';
  const session = await ctx.db.transaction(async (tx) => {
    const issued = await createStaffSession(tx, { staffId: staff.id, meta });
    await tx.update(staffUsers).set({ lastSignInAt: new Date() }).where(eq(staffUsers.id, staff.id));
    await recordStaffAudit(tx, { staffId: staff.id, action: 'staff.signed_in', target: { type: 'staff_user', id: staff.id }, meta, details: { next } });
    return issued;
  });
  await ctx.rateLimiter.reset(staffRateRules.passwordFailuresPerAddressAndIp, `${staff.emailNormalized}|${meta.ip}`);
  const principal: TStaffPrincipal = {
    sessionId: session.sessionId,
    secondFactorAt: null,
    staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, locale: staff.locale, totpEnabled: staff.totpEnabledAt !== null, marketIds: staff.marketIds },
  };
  return { session, principal, next };
}

export async function signOutStaff(db: Database, options: { principal: TStaffPrincipal; meta: TRequestMeta }): Promise<void> {
  await db.transaction(async (tx) => {
    await revokeStaffSession(tx, options.principal.sessionId);
    const staffId = options.principal.staff.id;
    await recordStaffAudit(tx, { staffId, action: 'staff.signed_out', target: { type: 'staff_user', id: staffId }, meta: options.meta });
  });
}
