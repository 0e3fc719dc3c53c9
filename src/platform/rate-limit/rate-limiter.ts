import { createHash } from 'node:crypto';
import { gt, inArray, lt, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { rateLimitCounters } from './rate-limit.tables.js';

/** A limit: at most `limit` hits per `windowSeconds` for one key. */
export type TRateRule = { name: string; limit: number; windowSeconds: number };

export type TRateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What a counter holds now: hits in the current window, and the wait if the limit is reached. */
export type TRateCount = { count: number; retryAfterSeconds: number | null };

export type TRuleAndKey = readonly [TRateRule, string];

/**
 * Fixed-window counters shared by every instance: in PostgreSQL by default, in Redis when
 * configured. `peek` asks without counting (failures-only limits count after the fact).
 */
export type TRateLimiter = {
  /** Counts one hit and says whether it was within the limit. */
  hit(rule: TRateRule, key: string): Promise<TRateDecision>;
  /** Reads several counters in one round trip, without counting (failures-only limits). */
  peek(checks: TRuleAndKey[]): Promise<TRateCount[]>;
  /** Forgets a key, e.g. the failures of an address once its owner signs in. */
  reset(rule: TRateRule, key: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The database holding the counters (none in Redis). A query of that database can read
   * counters as one of its columns (countersColumn), so a peek costs no round trip of its own.
   */
  database?: Database;
};

// Keys often hold an address or an IP: only a digest is stored, so counters hold nothing personal.
const counterKey = (rule: TRateRule, key: string) =>
  `${rule.name}:${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;

function decide(count: number, rule: TRateRule, windowEndsAt: number, now: number): TRateDecision {
  if (count <= rule.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: secondsUntil(windowEndsAt, now) };
}

const secondsUntil = (time: number, now: number) => Math.max(1, Math.ceil((time - now) / 1000));

/** A failures-only limit refuses the next attempt once `limit` failures are counted. */
function countOf(count: number, rule: TRateRule, windowEndsAt: number, now: number): TRateCount {
  return { count, retryAfterSeconds: count >= rule.limit ? secondsUntil(windowEndsAt, now) : null };
}

/**
 * peek as a column of any query on the counters' database: the live counters among the keys
 * `counterKey0` … `counterKey<size - 1>` (placeholders, see counterKeyValues), as JSON.
 * countsFromColumn reads its value.
 */
export function countersColumn(size: number) {
  const keys = Array.from({ length: size }, (_, index) => sql.placeholder(`counterKey${index}`));
  return sql<unknown>`(select coalesce(json_agg(json_build_array(${rateLimitCounters.key}, ${rateLimitCounters.count}, ${rateLimitCounters.windowEndsAt})), '[]'::json)
    from ${rateLimitCounters} where ${inArray(rateLimitCounters.key, keys)} and ${gt(rateLimitCounters.windowEndsAt, sql`now()`)})`;
}

/** The placeholders' values of countersColumn for `checks`. */
export function counterKeyValues(checks: readonly TRuleAndKey[]): Record<string, string> {
  return Object.fromEntries(checks.map(([rule, key], index) => [`counterKey${index}`, counterKey(rule, key)]));
}

/** peek's answer from the value of countersColumn. */
export function countsFromColumn(checks: readonly TRuleAndKey[], keyValues: Record<string, string>, value: unknown): TRateCount[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as [string, number, string][];
  const byKey = new Map(rows.map(([key, count, windowEndsAt]) => [key, { count, windowEndsAt: new Date(windowEndsAt).getTime() }]));
  const now = Date.now();
  return checks.map(([rule], index) => {
    const row = byKey.get(keyValues[`counterKey${index}`] ?? '');
    return row ? countOf(row.count, rule, row.windowEndsAt, now) : { count: 0, retryAfterSeconds: null };
  });
}

export function createDatabaseRateLimiter(db: Database): TRateLimiter {
  let lastSweep = 0;
  const sweepExpired = async (now: number) => {
    // Sweeping at most once a minute keeps the table small without a separate job.
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEndsAt, new Date(now)));
  };
  return {
    async hit(rule, key) {
      const now = Date.now();
      const windowEnds = new Date(now + rule.windowSeconds * 1000);
      // One statement: starts a new window when the old one ended, otherwise counts in it.
      const [row] = await db
        .insert(rateLimitCounters)
        .values({ key: counterKey(rule, key), count: 1, windowEndsAt: windowEnds })
        .onConflictDoUpdate({
          target: rateLimitCounters.key,
          set: {
            count: sql`case when ${rateLimitCounters.windowEndsAt} <= now() then 1 else ${rateLimitCounters.count} + 1 end`,
            windowEndsAt: sql`case when ${rateLimitCounters.windowEndsAt} <= now() then excluded.window_ends_at else ${rateLimitCounters.windowEndsAt} end`,
          },
        })
        .returning();
      await sweepExpired(now);
      return decide(row?.count ?? 1, rule, row?.windowEndsAt.getTime() ?? now, now);
    },
    async peek(checks) {
      if (checks.length === 0) return [];
      // Prepared, one query per number of counters: every password sign-in starts with it.
      const name = `rate_limit_peek_${checks.length}`;
      const query = preparedQuery(db, name, (database) => database.select({ counters: countersColumn(checks.length) }).from(sql`(select 1) as one`).prepare(name));
      const keyValues = counterKeyValues(checks);
      const [row] = await query.execute(keyValues);
      return countsFromColumn(checks, keyValues, row?.counters);
    },
    async reset(rule, key) {
      await db.delete(rateLimitCounters).where(sql`${rateLimitCounters.key} = ${counterKey(rule, key)}`);
    },
    close: async () => undefined,
    database: db,
  };
}

export function createRedisRateLimiter(redis: Redis, prefix = 'comptoir:rl:'): TRateLimiter {
  return {
    async hit(rule, key) {
      const name = prefix + counterKey(rule, key);
      // SET NX starts the window with its expiry; INCR then counts within it.
      const [, [, count], [, ttl]] = (await redis
        .multi()
        .set(name, 0, 'EX', rule.windowSeconds, 'NX')
        .incr(name)
        .pttl(name)
        .exec()) as [unknown, [unknown, number], [unknown, number]];
      const now = Date.now();
      return decide(count, rule, now + Math.max(ttl, 0), now);
    },
    async peek(checks) {
      if (checks.length === 0) return [];
      const transaction = redis.multi();
      for (const [rule, key] of checks) {
        const name = prefix + counterKey(rule, key);
        transaction.get(name).pttl(name);
      }
      const replies = ((await transaction.exec()) ?? []).map(([, value]) => value);
      const now = Date.now();
      return checks.map(([rule], index) => {
        const value = replies[index * 2] as string | null;
        const ttl = replies[index * 2 + 1] as number;
        return value === null ? { count: 0, retryAfterSeconds: null } : countOf(Number(value), rule, now + Math.max(ttl, 0), now);
      });
    },
    async reset(rule, key) {
      await redis.del(prefix + counterKey(rule, key));
    },
    async close() {
      await redis.quit();
    },
  };
}
