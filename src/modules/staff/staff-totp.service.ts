import { randomBytes } from 'node:crypto';
import type bwipjs from 'bwip-js';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { hashToken } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { recordStaffAudit } from './staff-audit.service.js';
import { markSecondFactorVerified, type TStaffPrincipal } from './staff-sessions.service.js';
import { staffErrors } from './staff.errors.js';
import { countStaffFailure, refuseIfStaffFailuresExceeded, staffRateRules } from './staff.throttle.js';
import { staffRecoveryCodes, staffUsers } from './staff.tables.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';

const RECOVERY_CODE_COUNT = 10;
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

type TTotpContext = Pick<TAppContext, 'db' | 'config' | 'rateLimiter' | 'markets'>;

/** An enrolled member re-enrolling must have proven the current factor in this session. */
function refuseUnprovenReEnrolment(principal: TStaffPrincipal): void {
  if (principal.staff.totpEnabled && !principal.secondFactorAt) throw staffErrors.secondFactorRequired('totp');
}

/** A new pending secret at each call; the enrolled one (if any) stays until a code confirms. */
export async function startTotpSetup(ctx: TTotpContext, principal: TStaffPrincipal): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  refuseUnprovenReEnrolment(principal);
  const secret = newTotpSecret();
  await ctx.db.update(staffUsers).set({ totpPendingSecret: secret, updatedAt: new Date() }).where(eq(staffUsers.id, principal.staff.id));
  const url = otpauthUrl({ issuer: `${ctx.markets.defaultMarket().branding.shopName} back office`, account: principal.staff.email, secret });
  // bwip-js is loaded on first use (as for the member cards): a few MB the server need not hold.
  const { default: bwip } = await import('bwip-js');
  const qrSvg = bwip.toSVG({ bcid: 'qrcode', text: url, eclevel: 'M', padding: 4, backgroundcolor: 'FFFFFF' } as bwipjs.RenderOptions);
  return { secret, otpauthUrl: url, qrSvg };
}

/**
 * The first code of the pending secret enrols it: the secret becomes the member's, ten new
 * recovery codes replace any old ones (shown this once), and the session counts as verified.
 */
export async function confirmTotp(ctx: TTotpContext, options: { principal: TStaffPrincipal; code: string; meta: TRequestMeta }): Promise<string[]> {
  const { principal } = options;
  refuseUnprovenReEnrolment(principal);
  const failures = [[staffRateRules.secondFactorFailuresPerStaff, principal.staff.id]] as const;
  await refuseIfStaffFailuresExceeded(ctx.rateLimiter, [...failures]);
  const [row] = await ctx.db.select({ pending: staffUsers.totpPendingSecret }).from(staffUsers).where(eq(staffUsers.id, principal.staff.id));
  if (!row?.pending) throw staffErrors.totpSetupNotStarted();
  const step = matchTotp({ secret: row.pending, code: options.code, unixSeconds: Date.now() / 1000, lastUsedStep: null });
  if (step === null) {
    await countStaffFailure(ctx.rateLimiter, [...failures]);
    throw staffErrors.invalidCode('code');
  }
  const pending = row.pending;
  return ctx.db.transaction(async (tx) => {
    await tx
      .update(staffUsers)
      .set({ totpSecret: pending, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date() })
      .where(eq(staffUsers.id, principal.staff.id));
    const codes = await replaceRecoveryCodes(tx, principal.staff.id);
    await markSecondFactorVerified(tx, principal.sessionId);
    await recordStaffAudit(tx, { staffId: principal.staff.id, action: 'staff.totp_enrolled', target: { type: 'staff_user', id: principal.staff.id }, meta: options.meta });
    return codes;
  });
}

/**
 * `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx` in Crockford base32: 120 random bits. ASVS 6.5.2 allows a
 * plain hash only from 112 bits on, so SHA-256 storage suffices (codes of 80 bits issued
 * before still verify: the digest is of what is typed).
 */
function newRecoveryCode(): string {
  const chars = [...randomBytes(24)].map((byte) => CROCKFORD[byte & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** What people type: any case, spaces or dashes, and the letters Crockford reads as digits. */
function canonicalRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
}

async function replaceRecoveryCodes(tx: Database, staffId: string): Promise<string[]> {
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx
    .insert(staffRecoveryCodes)
    .values(codes.map((code) => ({ id: newId('stc'), staffId, codeHash: hashToken(canonicalRecoveryCode(code)) })));
  return codes;
}

export type TSecondFactorProof = { code: string } | { recoveryCode: string };

/** The second step of a sign-in: a TOTP code (never the same step twice) or a recovery code (once). */
export async function verifySecondFactor(
  ctx: TTotpContext,
  options: { principal: TStaffPrincipal; proof: TSecondFactorProof; meta: TRequestMeta },
): Promise<void> {
  const { principal, proof } = options;
  if (!principal.staff.totpEnabled) throw staffErrors.totpSetupNotStarted();
  const failures = [[staffRateRules.secondFactorFailuresPerStaff, principal.staff.id]] as const;
  await refuseIfStaffFailuresExceeded(ctx.rateLimiter, [...failures]);
  const method = 'code' in proof ? 'totp' : 'recovery_code';
  const accepted = 'code' in proof ? await useTotpCode(ctx.db, principal.staff.id, proof.code) : await useRecoveryCode(ctx.db, principal.staff.id, proof.recoveryCode);
  const target = { type: 'staff_user', id: principal.staff.id };
  if (!accepted) {
    await countStaffFailure(ctx.rateLimiter, [...failures]);
    await recordStaffAudit(ctx.db, { staffId: principal.staff.id, action: 'staff.second_factor_failed', target, meta: options.meta, details: { method } });
    throw staffErrors.invalidCode('code' in proof ? 'code' : 'recoveryCode');
  }
  await ctx.db.transaction(async (tx) => {
    await markSecondFactorVerified(tx, principal.sessionId);
    const action = method === 'totp' ? 'staff.second_factor_verified' : 'staff.recovery_code_used';
    await recordStaffAudit(tx, { staffId: principal.staff.id, action, target, meta: options.meta, details: { method } });
  });
}

/** Moves the last used step forward in one conditional update: of two requests with one code, one wins. */
async function useTotpCode(db: Database, staffId: string, code: string): Promise<boolean> {
  const [row] = await db.select({ secret: staffUsers.totpSecret, lastStep: staffUsers.totpLastStep }).from(staffUsers).where(eq(staffUsers.id, staffId));
  if (!row?.secret) return false;
  const step = matchTotp({ secret: row.secret, code, unixSeconds: Date.now() / 1000, lastUsedStep: row.lastStep });
  if (step === null) return false;
  const moved = await db
    .update(staffUsers)
    .set({ totpLastStep: step })
    .where(and(eq(staffUsers.id, staffId), or(isNull(staffUsers.totpLastStep), lt(staffUsers.totpLastStep, step))))
    .returning({ id: staffUsers.id });
  return moved.length === 1;
}

async function useRecoveryCode(db: Database, staffId: string, code: string): Promise<boolean> {
  const used = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(staffRecoveryCodes.staffId, staffId), eq(staffRecoveryCodes.codeHash, hashToken(canonicalRecoveryCode(code))), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return used.length === 1;
}
