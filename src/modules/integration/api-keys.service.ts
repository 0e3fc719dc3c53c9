import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { preparedQuery } from '../../db/prepared.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { defaultMarketId } from '../markets/market-directory.js';
import type { TApiKeyScope } from './api-key-scopes.js';
import { apiKeys, type TApiKeyRow } from './integration.tables.js';

/** Recognisable in logs and secret scanners; the rest is 256 random bits. */
const KEY_PREFIX = 'ck_';
const DISPLAY_PREFIX_LENGTH = 12;
/** last_used_at is refreshed at most this often: one write per key per minute, not per call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export type TApiKeySummary = Pick<TApiKeyRow, 'id' | 'name' | 'marketId' | 'displayPrefix' | 'scopes' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>;

/**
 * Creates a key of one market (F1.8): everything it reads and writes is that market's. The
 * returned `key` is the only time it exists in clear. Without `marketId`, the default market.
 */
export async function createApiKey(
  db: Database,
  options: { name: string; scopes: TApiKeyScope[]; marketId?: string },
): Promise<{ key: string; apiKey: TApiKeySummary }> {
  const name = options.name.trim();
  if (!name) throw new AppError('validation_failed', 400, 'The request has invalid fields.', { errors: [{ path: 'name', code: 'required', message: 'Name the key.' }] });
  if (options.scopes.length === 0) {
    throw new AppError('validation_failed', 400, 'The request has invalid fields.', { errors: [{ path: 'scopes', code: 'required', message: 'Give at least one scope.' }] });
  }
  const marketId = options.marketId ?? (await defaultMarketId(db));
  const key = `${KEY_PREFIX}${newSecretToken()}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ id: newId('key'), marketId, name, displayPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH), secretHash: hashToken(key), scopes: options.scopes })
    .returning();
  return { key, apiKey: summarise(row!) };
}

export async function listApiKeys(db: Database): Promise<TApiKeySummary[]> {
  const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map(summarise);
}

/** Revokes at once; revoking twice keeps the first date. Unknown id → 404. */
export async function revokeApiKey(db: Database, id: string): Promise<TApiKeySummary> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, id))
    .returning();
  if (!row) throw new AppError('not_found', 404, 'No API key has this id.');
  return summarise(row);
}

/** The live key behind a presented secret, or null (unknown and revoked alike). */
export async function authenticateApiKey(db: Database, presented: string): Promise<TApiKeyRow | null> {
  if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
  const [row] = await preparedQuery(db, 'api_key_by_hash', (base) =>
    base
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.secretHash, sql.placeholder('hash')))
      .prepare('api_key_by_hash'),
  ).execute({ hash: hashToken(presented) });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return row;
}

function summarise(row: TApiKeyRow): TApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    marketId: row.marketId,
    displayPrefix: row.displayPrefix,
    scopes: row.scopes,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}
