import type { TSignedInCustomer } from '../customers/customers.tables.js';

/** The NOTIFY channel the database triggers of migration 0002 write customer ids to. */
export const SESSION_CHANGES_CHANNEL = 'comptoir_session_changes';

/** What the session look-up returns, and what the cache keeps. */
export type TSessionLookupRow = {
  session: { id: string; lastSeenAt: Date; absoluteExpiresAt: Date };
  customer: TSignedInCustomer;
};

export type TSessionCache = {
  /** The cached look-up of a token digest, if still fresh. */
  get(tokenHash: string): TSessionLookupRow | undefined;
  /** A marker to take before reading the database and to hand back to `set`. */
  epoch(): number;
  /** Caches a look-up, unless something was evicted since `epochAtRead` (the read may be stale). */
  set(tokenHash: string, row: TSessionLookupRow, epochAtRead: number): void;
  /** Forgets every session of a customer: revoked, signed out, changed or disabled. */
  evictCustomer(customerId: string): void;
  clear(): void;
};

/**
 * A short-lived, per-process memory of verified sessions, so that the burst of API calls a
 * storefront makes for one page view costs one database round trip instead of several.
 * Every instance evicts on the database's change notifications (see listenForSessionChanges);
 * `ttlMs` bounds how long a lost notification could leave a revoked session usable.
 */
export function createSessionCache(options: { ttlMs: number; maxEntries?: number }): TSessionCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { row: TSessionLookupRow; freshUntil: number }>();
  const tokensOfCustomer = new Map<string, Set<string>>();
  let evictions = 0;

  const forget = (tokenHash: string) => {
    const entry = entries.get(tokenHash);
    if (!entry) return;
    entries.delete(tokenHash);
    const tokens = tokensOfCustomer.get(entry.row.customer.id);
    tokens?.delete(tokenHash);
    if (tokens?.size === 0) tokensOfCustomer.delete(entry.row.customer.id);
  };

  return {
    get(tokenHash) {
      if (options.ttlMs <= 0) return undefined;
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (entry.freshUntil <= Date.now()) {
        forget(tokenHash);
        return undefined;
      }
      return entry.row;
    },
    epoch: () => evictions,
    set(tokenHash, row, epochAtRead) {
      if (options.ttlMs <= 0 || epochAtRead !== evictions) return;
      if (entries.size >= maxEntries) {
        // Maps iterate in insertion order: the first key is the oldest entry.
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) forget(oldest);
      }
      forget(tokenHash);
      entries.set(tokenHash, { row, freshUntil: Date.now() + options.ttlMs });
      const tokens = tokensOfCustomer.get(row.customer.id) ?? new Set<string>();
      tokens.add(tokenHash);
      tokensOfCustomer.set(row.customer.id, tokens);
    },
    evictCustomer(customerId) {
      evictions += 1;
      for (const tokenHash of tokensOfCustomer.get(customerId) ?? []) entries.delete(tokenHash);
      tokensOfCustomer.delete(customerId);
    },
    clear() {
      evictions += 1;
      entries.clear();
      tokensOfCustomer.clear();
    },
  };
}
