import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { schema } from './schema.js';

type TSchema = typeof schema;

/** One Drizzle API over PGlite or node-postgres; a transaction is also a `Database`. */
export type Database = PgDatabase<PgQueryResultHKT, TSchema>;

export type TDatabaseHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Runs `fn` with a database bound to one connection, for session-level locks. */
  withDedicatedConnection<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /**
   * Receives NOTIFY payloads of a channel from every instance. `onListening` runs at each
   * (re)connection: notifications sent while disconnected are lost, so callers resynchronise.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
};

export type TOpenDatabaseOptions = {
  /** postgres://… or null for embedded PGlite. */
  databaseUrl: string | null;
  /** Folder for PGlite's files; null keeps the embedded database in memory (tests). */
  dataDir: string | null;
  poolSize?: number;
};

const drizzleOptions = { schema, casing: 'snake_case' } as const;

export async function openDatabase(options: TOpenDatabaseOptions): Promise<TDatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir);
}

/**
 * PostgreSQL through postgres.js: it prepares every statement and parses rows with about half
 * the CPU of node-postgres, which matters on the per-request session look-up (measured: see
 * docs/ARCHITECTURE.md).
 */
async function openPostgres(databaseUrl: string, poolSize: number): Promise<TDatabaseHandle> {
  const client = postgres(databaseUrl, { max: poolSize, onnotice: () => undefined });
  const db = drizzlePostgres({ client, ...drizzleOptions }) as unknown as Database;
  await db.execute(sql`select 1`);
  return {
    db,
    kind: 'postgres',
    close: () => client.end({ timeout: 5 }),
    async withDedicatedConnection(fn) {
      const reserved = await client.reserve();
      // A reserved connection shares its pool's options, but Drizzle looks for them on it.
      Object.assign(reserved, { options: client.options });
      try {
        return await fn(drizzlePostgres({ client: reserved, ...drizzleOptions }) as unknown as Database);
      } finally {
        reserved.release();
      }
    },
    async listen(channel, onNotify, onListening) {
      const request = await client.listen(channel, onNotify, onListening);
      return () => request.unlisten();
    },
  };
}

/** `db.execute` answers `{ rows }` on PGlite and an array of rows on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function openPglite(dataDir: string | null): Promise<TDatabaseHandle> {
  // Loaded only for the embedded database: a server on PostgreSQL does not hold PGlite's code.
  const [{ PGlite }, { pg_trgm }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('drizzle-orm/pglite'),
  ]);
  /** Trigram indexes for the back-office search (migration 0009 creates the extension). */
  const pgliteExtensions = { pg_trgm };
  let client: PGlite;
  if (dataDir) {
    const folder = path.resolve(dataDir, 'pglite');
    mkdirSync(folder, { recursive: true });
    client = new PGlite(folder, { extensions: pgliteExtensions });
  } else {
    client = new PGlite({ extensions: pgliteExtensions });
  }
  await client.waitReady;
  const db = drizzlePglite({ client, ...drizzleOptions }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    close: () => client.close(),
    // PGlite is a single connection already.
    withDedicatedConnection: (fn) => fn(db),
    async listen(channel, onNotify, onListening) {
      const unlisten = await client.listen(channel, onNotify);
      onListening?.();
      return () => unlisten();
    },
  };
}
