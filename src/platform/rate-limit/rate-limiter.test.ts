import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type TDatabaseHandle } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { rateLimitCounters } from './rate-limit.tables.js';
import { sql } from 'drizzle-orm';
import {
  counterKeyValues,
  countersColumn,
  countsFromColumn,
  createDatabaseRateLimiter,
  createRedisRateLimiter,
  type TRateLimiter,
  type TRuleAndKey,
} from './rate-limiter.js';

let database: TDatabaseHandle;
beforeAll(async () => {
  database = await openDatabase({ databaseUrl: null, dataDir: null });
  await migrateDatabase(database);
});
afterAll(async () => {
  await database.close();
});

const backends: [string, () => TRateLimiter][] = [['PostgreSQL table', () => createDatabaseRateLimiter(database.db)]];
if (process.env.TEST_REDIS_URL) {
  const url = process.env.TEST_REDIS_URL;
  backends.push(['Redis', () => createRedisRateLimiter(new Redis(url), `comptoir:test:${randomBytes(4).toString('hex')}:`)]);
}

describe.each(backends)('rate limiter on %s', (_name, create) => {
  const rule = { name: 'unit', limit: 3, windowSeconds: 60 };
  let limiter: TRateLimiter;
  beforeAll(() => {
    limiter = create();
  });
  afterAll(async () => {
    await limiter.close();
  });

  it('allows `limit` hits per window, then refuses with the seconds left in the window', async () => {
    const key = randomBytes(6).toString('hex');
    const decisions = [];
    for (let hit = 0; hit < 4; hit += 1) decisions.push(await limiter.hit(rule, key));
    expect(decisions.slice(0, 3).every((decision) => decision.allowed)).toBe(true);
    const refused = decisions[3]!;
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
  });

  it('counts keys apart, peeks without counting, and forgets a key on reset', async () => {
    const a = randomBytes(6).toString('hex');
    const b = randomBytes(6).toString('hex');
    for (let hit = 0; hit < 3; hit += 1) await limiter.hit(rule, a);
    const [countA, countB] = await limiter.peek([
      [rule, a],
      [rule, b],
    ]);
    expect(countA).toMatchObject({ count: 3 });
    expect(countA?.retryAfterSeconds).toBeGreaterThan(0);
    expect(countB).toEqual({ count: 0, retryAfterSeconds: null });
    const [again] = await limiter.peek([[rule, a]]);
    expect(again?.count).toBe(3);
    await limiter.reset(rule, a);
    expect((await limiter.peek([[rule, a]]))[0]?.count).toBe(0);
  });

  it('starts a new window once the old one has ended', async () => {
    const shortRule = { name: 'unit_short', limit: 1, windowSeconds: 1 };
    const key = randomBytes(6).toString('hex');
    await limiter.hit(shortRule, key);
    expect((await limiter.hit(shortRule, key)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await limiter.hit(shortRule, key)).allowed).toBe(true);
  });
});

describe('rate limiter on the PostgreSQL table', () => {
  it('stores only a digest of each key, never the address or IP it counts', async () => {
    const limiter = createDatabaseRateLimiter(database.db);
    await limiter.hit({ name: 'privacy', limit: 5, windowSeconds: 60 }, 'camille.durand@example.fr|10.1.2.3');
    const rows = await database.db.select().from(rateLimitCounters);
    expect(JSON.stringify(rows)).not.toContain('camille');
    expect(JSON.stringify(rows)).not.toContain('10.1.2.3');
  });

  it('countersColumn: a query of the same database reads the counters as peek does', async () => {
    const limiter = createDatabaseRateLimiter(database.db);
    const rule = { name: 'along', limit: 2, windowSeconds: 60 };
    const checks: TRuleAndKey[] = [
      [rule, randomBytes(6).toString('hex')],
      [rule, randomBytes(6).toString('hex')],
    ];
    for (let hit = 0; hit < 2; hit += 1) await limiter.hit(rule, checks[0]![1]);
    const keyValues = counterKeyValues(checks);
    const [row] = await database.db.select({ counters: countersColumn(checks.length) }).from(sql`(select 1) as one`).prepare('along').execute(keyValues);
    const counts = countsFromColumn(checks, keyValues, row?.counters);
    expect(counts.map((count) => count.count)).toEqual((await limiter.peek(checks)).map((count) => count.count));
    expect(counts[0]).toMatchObject({ count: 2 });
    expect(counts[0]?.retryAfterSeconds).toBeGreaterThan(0);
    expect(counts[1]).toEqual({ count: 0, retryAfterSeconds: null });
  });
});
