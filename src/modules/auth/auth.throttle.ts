import type { TRateCount, TRateLimiter, TRateRule, TRuleAndKey } from '../../platform/rate-limit/rate-limiter.js';
import { authErrors } from './auth.errors.js';

const MINUTE = 60;

/**
 * Limits of the sign-in routes. Failures are counted per address *and IP* tightly and per
 * address loosely: an attacker on one IP soon waits, while the owner signing in from elsewhere
 * is at most slowed for a quarter of an hour, and code sign-in and reset stay open to them.
 */
export const authRateRules = {
  passwordFailuresPerAddressAndIp: { name: 'pwd_fail_addr_ip', limit: 5, windowSeconds: 5 * MINUTE },
  passwordFailuresPerAddress: { name: 'pwd_fail_addr', limit: 25, windowSeconds: 15 * MINUTE },
  passwordFailuresPerIp: { name: 'pwd_fail_ip', limit: 100, windowSeconds: 15 * MINUTE },
  codeRequestsPerAddress: { name: 'code_req_addr', limit: 5, windowSeconds: 15 * MINUTE },
  codeRequestsPerIp: { name: 'code_req_ip', limit: 30, windowSeconds: 15 * MINUTE },
  codeFailuresPerIp: { name: 'code_fail_ip', limit: 30, windowSeconds: 15 * MINUTE },
  resetRequestsPerAddress: { name: 'reset_req_addr', limit: 5, windowSeconds: 60 * MINUTE },
  resetRequestsPerIp: { name: 'reset_req_ip', limit: 30, windowSeconds: 60 * MINUTE },
  registrationsPerAddress: { name: 'register_addr', limit: 5, windowSeconds: 60 * MINUTE },
  registrationsPerIp: { name: 'register_ip', limit: 30, windowSeconds: 60 * MINUTE },
  tokenFailuresPerIp: { name: 'token_fail_ip', limit: 30, windowSeconds: 15 * MINUTE },
  /** A fresh verification email on a sign-in attempt at most this often. */
  verificationResendPerAddress: { name: 'verify_resend_addr', limit: 1, windowSeconds: 2 * MINUTE },
} satisfies Record<string, TRateRule>;

/** Counts one request under every rule; refuses with the longest wait if any is over. */
export async function countRequest(limiter: TRateLimiter, checks: TRuleAndKey[]): Promise<void> {
  const decisions = await Promise.all(checks.map(([rule, key]) => limiter.hit(rule, key)));
  throwIfAnyRefused(decisions);
}

/** Refuses when a failures-only limit is already reached, without counting this request. */
export async function refuseIfFailuresExceeded(limiter: TRateLimiter, checks: TRuleAndKey[]): Promise<TRateCount[]> {
  const counts = await limiter.peek(checks);
  const waits = counts.flatMap((count) => (count.retryAfterSeconds === null ? [] : [count.retryAfterSeconds]));
  if (waits.length > 0) throw authErrors.throttled(Math.max(...waits));
  return counts;
}

/**
 * The address was just proven (a reset link used, a code or a link signed in): earlier wrong
 * passwords were the owner's or no longer matter, so the address-wide count and this IP's count
 * for the address start again. Other IPs' counts for the address stay: they may be an attacker's.
 */
export async function clearPasswordFailures(limiter: TRateLimiter, options: { emailNormalized: string; ip: string }): Promise<void> {
  await Promise.all([
    limiter.reset(authRateRules.passwordFailuresPerAddress, options.emailNormalized),
    limiter.reset(authRateRules.passwordFailuresPerAddressAndIp, `${options.emailNormalized}|${options.ip}`),
  ]);
}

export async function countFailure(limiter: TRateLimiter, checks: TRuleAndKey[]): Promise<void> {
  await Promise.all(checks.map(([rule, key]) => limiter.hit(rule, key)));
}

function throwIfAnyRefused(decisions: Awaited<ReturnType<TRateLimiter['hit']>>[]): void {
  const waits = decisions.flatMap((decision) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
  if (waits.length > 0) throw authErrors.throttled(Math.max(...waits));
}
