import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { oidcSigningKeys } from './oidc.tables.js';

/** RS256: what every relying party library verifies, and oidc-provider's default ID token algorithm. */
export const OIDC_SIGNING_ALGORITHM = 'RS256';
/**
 * A retired key stays published (and able to verify) this long: longer than anything it
 * signed lives (ID tokens 1 hour, logout tokens 2 minutes), with a wide margin for relying
 * parties that cache the JWKS.
 */
export const RETIRED_KEY_PUBLISHED_SECONDS = 24 * 60 * 60;

export type TOidcPrivateJwk = Record<string, unknown> & { kid: string; kty: string; alg: string; use: 'sig' };

/** What the provider is built from: the signing keys, newest active first, and the cookie keys derived from them. */
export type TOidcKeyMaterial = {
  jwks: { keys: TOidcPrivateJwk[] };
  /** Keygrip keys, newest first: cookies are signed with the first and verified with any. */
  cookieKeys: string[];
  /** Changes whenever a key is added or retired: the provider is rebuilt when it does. */
  fingerprint: string;
};

function newRsaJwk(): TOidcPrivateJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const kid = randomBytes(12).toString('base64url');
  return { ...jwk, kid, kty: 'RSA', alg: OIDC_SIGNING_ALGORITHM, use: 'sig' };
}

async function insertKey(db: Database): Promise<string> {
  const jwk = newRsaJwk();
  await db.insert(oidcSigningKeys).values({ id: jwk.kid, algorithm: OIDC_SIGNING_ALGORITHM, privateJwk: jwk });
  return jwk.kid;
}

/**
 * Makes the first signing key when there is none (first start). Two instances starting at
 * once: an advisory lock in the transaction lets one make it and the other find it.
 */
export async function ensureOidcSigningKey(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4201)`);
    const [active] = await tx.select({ id: oidcSigningKeys.id }).from(oidcSigningKeys).where(eq(oidcSigningKeys.status, 'active')).limit(1);
    if (!active) await insertKey(tx);
  });
}

/**
 * `npx comptoir oidc rotate-keys`: a new active key signs from now on; the previous ones are
 * retired but stay in the JWKS for RETIRED_KEY_PUBLISHED_SECONDS, so tokens they signed still
 * verify. Answers the new and the retired key ids.
 */
export async function rotateOidcSigningKeys(db: Database): Promise<{ activeKeyId: string; retiredKeyIds: string[] }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4201)`);
    const retired = await tx
      .update(oidcSigningKeys)
      .set({ status: 'retired', retiredAt: new Date() })
      .where(eq(oidcSigningKeys.status, 'active'))
      .returning({ id: oidcSigningKeys.id });
    const activeKeyId = await insertKey(tx);
    return { activeKeyId, retiredKeyIds: retired.map((row) => row.id) };
  });
}

function publishedKeys() {
  const cutoff = new Date(Date.now() - RETIRED_KEY_PUBLISHED_SECONDS * 1000);
  return or(eq(oidcSigningKeys.status, 'active'), and(eq(oidcSigningKeys.status, 'retired'), gt(oidcSigningKeys.retiredAt, cutoff)));
}

const activeFirst = [asc(sql`case when ${oidcSigningKeys.status} = 'active' then 0 else 1 end`), desc(oidcSigningKeys.createdAt)];

function fingerprintOf(rows: { id: string; status: string }[]): string {
  return createHash('sha256')
    .update(rows.map((row) => `${row.id}:${row.status}`).join(','))
    .digest('hex');
}

/** The keys the provider signs and verifies with: the active key first, then recently retired ones. */
export async function loadOidcKeyMaterial(db: Database): Promise<TOidcKeyMaterial> {
  const rows = await db.select().from(oidcSigningKeys).where(publishedKeys()).orderBy(...activeFirst);
  const keys = rows.map((row) => ({ ...row.privateJwk, kid: row.id, alg: row.algorithm, use: 'sig' }) as TOidcPrivateJwk);
  // The cookie keys are derived from the private keys: a secret kept in the database, never
  // in the repository or the environment, and rotated with them.
  const cookieKeys = keys.map((key) => createHmac('sha256', String(key.d)).update('comptoir oidc cookies').digest('base64url'));
  return { jwks: { keys }, cookieKeys, fingerprint: fingerprintOf(rows) };
}

/** The fingerprint alone, without reading private keys: what a running instance polls to notice a rotation made elsewhere. */
export async function oidcKeyFingerprint(db: Database): Promise<string> {
  const rows = await db.select({ id: oidcSigningKeys.id, status: oidcSigningKeys.status }).from(oidcSigningKeys).where(publishedKeys()).orderBy(...activeFirst);
  return fingerprintOf(rows);
}

/** Housekeeping: retired keys past their publication period can sign and verify nothing any more. */
export async function pruneRetiredOidcKeys(db: Database): Promise<number> {
  const cutoff = new Date(Date.now() - RETIRED_KEY_PUBLISHED_SECONDS * 1000);
  const deleted = await db
    .delete(oidcSigningKeys)
    .where(and(eq(oidcSigningKeys.status, 'retired'), lt(oidcSigningKeys.retiredAt, cutoff)))
    .returning({ id: oidcSigningKeys.id });
  return deleted.length;
}
