import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { constantTimeEqual, hashCode } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors/app-error.js';
import { findCustomerById } from '../customers/customers.service.js';
import { passkeyProofMatches } from '../passkeys/passkey-proof.service.js';
import { ZAuthenticationResponse } from '../passkeys/passkeys.schemas.js';
import { authErrors } from './auth.errors.js';
import { loginCodes } from './auth.tables.js';
import { countFailure, refuseIfFailuresExceeded } from './auth.throttle.js';
import { LOGIN_CODE_MAX_FAILURES } from './login-code.service.js';
import { recordSecurityEvent } from './security-events.repository.js';

/**
 * A sensitive change (new sign-in address, account deletion, a new passkey) needs a proof given
 * now, not just a session that may have been left open: the current password, a code just
 * emailed to the current address by `POST /api/auth/login-code`, or one of the account's
 * passkeys answering `POST /api/me/passkeys/proof-options`.
 */
export const ZFreshProof = z
  .object({
    password: z.string().min(1).max(256).optional().describe('The current password.'),
    code: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional()
      .describe('A code sent to the current address by POST /api/auth/login-code (accounts without a password use this).'),
    passkey: ZAuthenticationResponse.optional().describe(
      'What startAuthentication() resolves to for the options of POST /api/me/passkeys/proof-options: one of the account’s passkeys.',
    ),
  })
  .superRefine((proof, issues) => {
    const given = (['password', 'code', 'passkey'] as const).filter((key) => proof[key] !== undefined);
    if (given.length === 1) return;
    const message =
      given.length === 0 ? 'Give your current password or a code sent to your address.' : 'Give one proof only: a password, a code or a passkey.';
    for (const path of given.length === 0 ? ['password', 'code'] : given) {
      issues.addIssue({ code: 'custom', path: [path], message, params: { code: given.length === 0 ? 'proof_required' : 'one_proof_only' } });
    }
  });
export type TFreshProof = z.infer<typeof ZFreshProof>;

export const freshProofRule = { name: 'proof_fail_customer', limit: 5, windowSeconds: 15 * 60 };

export const invalidProof = () =>
  new AppError('invalid_proof', 403, 'The password or code is wrong.', {
    detail: 'Check your current password, or ask for a new code and use it within ten minutes.',
  });

/**
 * Checks the proof; throws `invalid_proof` (403: the session itself is fine), `rate_limited` after
 * five failures in 15 minutes, or `too_many_attempts` when the code was tried too often. A code
 * that matches is used up.
 */
export async function requireFreshProof(
  ctx: TAppContext,
  options: { customerId: string; proof: TFreshProof; meta: TRequestMeta },
): Promise<{ method: 'password' | 'code' | 'passkey' }> {
  const failures = [[freshProofRule, options.customerId]] as const;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...failures]);
  const { passkey } = options.proof;
  const method = passkey !== undefined ? 'passkey' : options.proof.code !== undefined ? 'code' : 'password';
  const ok =
    passkey !== undefined
      ? await passkeyProofMatches(ctx, { customerId: options.customerId, response: passkey, meta: options.meta })
      : method === 'code'
        ? await useUpLoginCode(ctx, options.customerId, options.proof.code!)
        : await passwordMatches(ctx, options.customerId, options.proof.password ?? '');
  if (!ok) {
    await countFailure(ctx.rateLimiter, [...failures]);
    await recordSecurityEvent(ctx.db, { type: 'proof_failed', customerId: options.customerId, method, meta: options.meta });
    throw invalidProof();
  }
  return { method };
}

async function passwordMatches(ctx: TAppContext, customerId: string, password: string): Promise<boolean> {
  const customer = await findCustomerById(ctx.db, customerId);
  if (!customer?.passwordHash) {
    // Same work as a real check, so timing does not tell whether the account has a password.
    await ctx.passwordHasher.verifyAgainstDummy(password);
    return false;
  }
  return ctx.passwordHasher.verify(customer.passwordHash, password);
}

/** Wrong tries count against the code like at sign-in; the matching code is deleted. */
async function useUpLoginCode(ctx: TAppContext, customerId: string, code: string): Promise<boolean> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [live] = await tx
      .select()
      .from(loginCodes)
      .where(sql`${loginCodes.customerId} = ${customerId} and ${loginCodes.expiresAt} > now()`)
      .for('update');
    if (!live) return 'wrong' as const;
    if (live.failedAttempts >= LOGIN_CODE_MAX_FAILURES) return 'too_many' as const;
    if (!constantTimeEqual(hashCode(code, live.salt), live.codeHash)) {
      await tx.update(loginCodes).set({ failedAttempts: live.failedAttempts + 1 }).where(eq(loginCodes.id, live.id));
      return 'wrong' as const;
    }
    await tx.delete(loginCodes).where(eq(loginCodes.id, live.id));
    return 'ok' as const;
  });
  if (outcome === 'too_many') throw authErrors.tooManyAttempts();
  return outcome === 'ok';
}
