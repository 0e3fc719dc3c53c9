import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { newId } from '../../platform/ids.js';
import { emailTokens, type TTokenPurpose } from './auth.tables.js';

/**
 * Issues a single-use link token; earlier unused tokens of the same purpose stop working unless
 * `keepEarlier` (an "it wasn't me" link must survive later requests made by whoever it reports).
 */
export async function issueEmailToken(
  db: Database,
  options: { customerId: string; purpose: TTokenPurpose; ttlSeconds: number; data?: Record<string, unknown>; keepEarlier?: boolean },
): Promise<string> {
  if (!options.keepEarlier) await revokeEmailTokens(db, { customerId: options.customerId, purpose: options.purpose });
  const token = newSecretToken();
  await db.insert(emailTokens).values({
    id: newId('tok'),
    customerId: options.customerId,
    purpose: options.purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + options.ttlSeconds * 1000),
    data: options.data ?? null,
  });
  return token;
}

/** Uses up every live token of a purpose: a cancelled request's link stops working. */
export async function revokeEmailTokens(db: Database, options: { customerId: string; purpose: TTokenPurpose }): Promise<void> {
  await db
    .update(emailTokens)
    .set({ consumedAt: new Date() })
    .where(
      and(
        eq(emailTokens.customerId, options.customerId),
        eq(emailTokens.purpose, options.purpose),
        isNull(emailTokens.consumedAt),
      ),
    );
}

/** The newest live token of a purpose (e.g. a pending email change), with its data. */
export async function findNewestLiveEmailToken(
  db: Database,
  options: { customerId: string; purpose: TTokenPurpose },
): Promise<{ data: Record<string, unknown> | null; expiresAt: Date } | undefined> {
  const [row] = await db
    .select({ data: emailTokens.data, expiresAt: emailTokens.expiresAt })
    .from(emailTokens)
    .where(
      and(
        eq(emailTokens.customerId, options.customerId),
        eq(emailTokens.purpose, options.purpose),
        isNull(emailTokens.consumedAt),
        gt(emailTokens.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(emailTokens.createdAt))
    .limit(1);
  return row;
}

/** Which customer a live token belongs to, without using it up. */
export async function findLiveEmailToken(
  db: Database,
  options: { token: string; purpose: TTokenPurpose },
): Promise<{ customerId: string } | undefined> {
  const [row] = await db
    .select({ customerId: emailTokens.customerId })
    .from(emailTokens)
    .where(liveTokenCondition(options.token, options.purpose));
  return row;
}

/** Uses the token up in one statement: of two concurrent uses, exactly one gets the customer. */
export async function consumeEmailToken(
  db: Database,
  options: { token: string; purpose: TTokenPurpose },
): Promise<{ customerId: string; data: Record<string, unknown> | null } | undefined> {
  const [row] = await db
    .update(emailTokens)
    .set({ consumedAt: new Date() })
    .where(liveTokenCondition(options.token, options.purpose))
    .returning({ customerId: emailTokens.customerId, data: emailTokens.data });
  return row;
}

function liveTokenCondition(token: string, purpose: TTokenPurpose) {
  return and(
    eq(emailTokens.tokenHash, hashToken(token)),
    eq(emailTokens.purpose, purpose),
    isNull(emailTokens.consumedAt),
    gt(emailTokens.expiresAt, sql`now()`),
  );
}
