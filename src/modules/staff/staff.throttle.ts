import type { TRateLimiter, TRateRule, TRuleAndKey } from '../../platform/rate-limit/rate-limiter.js';
import { staffErrors } from './staff.errors.js';

const MINUTE = 60;

/**
 * Limits of the staff sign-in, like the customers' (auth.throttle.ts) but tighter: failures
 * count per address and IP, per address and per IP; second-factor failures per staff member.
 */
export const staffRateRules = {
  passwordFailuresPerAddressAndIp: { name: 'staff_pwd_fail_addr_ip', limit: 5, windowSeconds: 15 * MINUTE },
  passwordFailuresPerAddress: { name: 'staff_pwd_fail_addr', limit: 20, windowSeconds: 15 * MINUTE },
  passwordFailuresPerIp: { name: 'staff_pwd_fail_ip', limit: 50, windowSeconds: 15 * MINUTE },
  /** Five wrong codes, then 429 until the window ends: 10^6 codes cannot be walked. */
  secondFactorFailuresPerStaff: { name: 'staff_2fa_fail', limit: 5, windowSeconds: 15 * MINUTE },
  setupTokenFailuresPerIp: { name: 'staff_setup_fail_ip', limit: 30, windowSeconds: 15 * MINUTE },
} satisfies Record<string, TRateRule>;

/** Refuses when a failures-only limit is reached, with the longest wait; counts nothing. */
export async function refuseIfStaffFailuresExceeded(limiter: TRateLimiter, checks: TRuleAndKey[]): Promise<void> {
  const counts = await limiter.peek(checks);
  const waits = counts.flatMap((count) => (count.retryAfterSeconds === null ? [] : [count.retryAfterSeconds]));
  if (waits.length > 0) throw staffErrors.throttled(Math.max(...waits));
}

export async function countStaffFailure(limiter: TRateLimiter, checks: TRuleAndKey[]): Promise<void> {
  await Promise.all(checks.map(([rule, key]) => limiter.hit(rule, key)));
}
