import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../db/client.js';
import { findOidcClientMetadata } from './oidc-clients.service.js';
import { oidcPayloads } from './oidc.tables.js';

// oidc-provider's storage (sessions, interactions, codes, tokens, grants…) in `oidc_payloads`,
// one row per object by (kind, id), with the same methods as the library's memory adapter
// (lib/adapters/memory_adapter.js). Clients are not stored here: they are read from
// `oidc_clients`, which the shop manages.

/** Stored objects keep their row this long after they expire, for the provider's clock tolerance; then housekeeping deletes them. */
const EXPIRY_GRACE_SECONDS = 15;

function notExpired() {
  return or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, sql`now()`));
}

type TStoredRow = { payload: Record<string, unknown>; consumedAt: Date | null };

function toPayload(row: TStoredRow | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = row.payload as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

/** The adapter class oidc-provider instantiates once per model name. */
export function createOidcAdapter(db: Database): new (name: string) => Adapter {
  return class OidcDatabaseAdapter implements Adapter {
    constructor(readonly name: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      // Clients come from oidc_clients; dynamic registration is off, so nothing writes them here.
      if (this.name === 'Client') throw new Error('clients are managed in oidc_clients');
      const expiresAt = typeof expiresIn === 'number' ? new Date(Date.now() + (expiresIn + EXPIRY_GRACE_SECONDS) * 1000) : null;
      const columns = {
        payload: payload as Record<string, unknown>,
        grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
        userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        accountId: typeof payload.accountId === 'string' ? payload.accountId : null,
        expiresAt,
      };
      await db
        .insert(oidcPayloads)
        .values({ kind: this.name, id, ...columns })
        .onConflictDoUpdate({ target: [oidcPayloads.kind, oidcPayloads.id], set: columns });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.name === 'Client') return (await findOidcClientMetadata(db, id)) as AdapterPayload | undefined;
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.id, id), notExpired()));
      return toPayload(row);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.userCode, userCode), notExpired()))
        .limit(1);
      return toPayload(row);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const [row] = await db
        .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
        .from(oidcPayloads)
        .where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.uid, uid), notExpired()))
        .limit(1);
      return toPayload(row);
    }

    async consume(id: string): Promise<void> {
      await db
        .update(oidcPayloads)
        .set({ consumedAt: new Date() })
        .where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.id, id)));
    }

    async destroy(id: string): Promise<void> {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.id, id)));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.delete(oidcPayloads).where(and(eq(oidcPayloads.kind, this.name), eq(oidcPayloads.grantId, grantId)));
    }
  };
}

/** Housekeeping: stored objects past their expiry (codes, interactions, tokens, sessions, undelivered logouts). */
export async function pruneExpiredOidcPayloads(db: Database): Promise<number> {
  const deleted = await db.delete(oidcPayloads).where(lt(oidcPayloads.expiresAt, sql`now()`)).returning({ id: oidcPayloads.id });
  return deleted.length;
}
