import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { staffPermissionsOf, staffRoleRequiresTotp, type TStaffPermission } from './staff-permissions.js';
import { staffSessions, staffUsers, type TStaffRole } from './staff.tables.js';

/** A working day: shorter than customers' sessions, since staff reach everyone's data. */
export const STAFF_SESSION_IDLE_SECONDS = 8 * 3600;
export const STAFF_SESSION_ABSOLUTE_SECONDS = 12 * 3600;
const LAST_SEEN_RESOLUTION_MS = 60_000;

export type TIssuedStaffSession = { sessionId: string; token: string };

/** A new opaque token at every sign-in; only its SHA-256 digest is stored. */
export async function createStaffSession(db: Database, options: { staffId: string; meta: Pick<TRequestMeta, 'ip' | 'userAgent'> }): Promise<TIssuedStaffSession> {
  const token = newSecretToken();
  const sessionId = newId('sts');
  await db.insert(staffSessions).values({
    id: sessionId,
    staffId: options.staffId,
    tokenHash: hashToken(token),
    ip: options.meta.ip,
    userAgent: options.meta.userAgent?.slice(0, 512) ?? null,
    absoluteExpiresAt: new Date(Date.now() + STAFF_SESSION_ABSOLUTE_SECONDS * 1000),
  });
  return { sessionId, token };
}

/** What a staff request knows about its caller; read afresh on every request (no cache). */
export type TStaffPrincipal = {
  sessionId: string;
  secondFactorAt: Date | null;
  staff: {
    id: string;
    email: string;
    name: string;
    role: TStaffRole;
    locale: 'fr' | 'en';
    totpEnabled: boolean;
    /** The markets this person works in (F1.8); null: every market. Read afresh on every request. */
    marketIds: string[] | null;
  };
};

/** The live session of a token, with its staff member, who must be active. */
export async function authenticateStaffToken(db: Database, token: string): Promise<TStaffPrincipal | null> {
  const [row] = await preparedQuery(db, 'staff_session_lookup', prepareStaffSessionLookup).execute({ tokenHash: hashToken(token) });
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(staffSessions).set({ lastSeenAt: new Date() }).where(eq(staffSessions.id, row.sessionId));
  }
  return { sessionId: row.sessionId, secondFactorAt: row.secondFactorAt, staff: { ...row.staff, totpEnabled: row.totpEnabledAt !== null } };
}

/** Every back-office request makes this look-up: prepared, as the customers' one is. */
function prepareStaffSessionLookup(db: Database) {
  return db
    .select({
      sessionId: staffSessions.id,
      lastSeenAt: staffSessions.lastSeenAt,
      secondFactorAt: staffSessions.secondFactorAt,
      staff: { id: staffUsers.id, email: staffUsers.email, name: staffUsers.name, role: staffUsers.role, locale: staffUsers.locale, marketIds: staffUsers.marketIds },
      totpEnabledAt: staffUsers.totpEnabledAt,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.absoluteExpiresAt, sql`now()`),
        gt(staffSessions.lastSeenAt, sql`now() - make_interval(secs => ${sql.raw(String(STAFF_SESSION_IDLE_SECONDS))})`),
        eq(staffUsers.status, 'active'),
      ),
    )
    .prepare('staff_session_lookup');
}

/**
 * What stands between this session and the back office: the code of an enrolled
 * authenticator ('totp'), or enrolling one when the role requires it ('totp_setup').
 */
export function pendingSecondFactor(principal: Pick<TStaffPrincipal, 'secondFactorAt' | 'staff'>): 'totp' | 'totp_setup' | null {
  if (principal.staff.totpEnabled) return principal.secondFactorAt ? null : 'totp';
  return staffRoleRequiresTotp(principal.staff.role) ? 'totp_setup' : null;
}

export async function markSecondFactorVerified(db: Database, sessionId: string): Promise<void> {
  await db.update(staffSessions).set({ secondFactorAt: new Date() }).where(eq(staffSessions.id, sessionId));
}

export async function revokeStaffSession(db: Database, sessionId: string): Promise<void> {
  await db.update(staffSessions).set({ revokedAt: new Date() }).where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.revokedAt)));
}

/** Every session of a staff member: when they are disabled. */
export async function revokeStaffSessionsOf(db: Database, staffId: string): Promise<void> {
  await db.update(staffSessions).set({ revokedAt: new Date() }).where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)));
}

export type TStaffMe = TStaffPrincipal['staff'] & { permissions: TStaffPermission[]; secondFactorVerified: boolean };

/** `secondFactorVerified`: nothing is pending (true for an unenrolled support or read-only member). */
export function staffMe(principal: Pick<TStaffPrincipal, 'secondFactorAt' | 'staff'>): TStaffMe {
  return {
    ...principal.staff,
    permissions: staffPermissionsOf(principal.staff.role),
    secondFactorVerified: pendingSecondFactor(principal) === null,
  };
}
