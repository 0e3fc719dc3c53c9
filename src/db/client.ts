import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import pg from 'pg';
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

async function openPostgres(databaseUrl: string, poolSize: number): Promise<TDatabaseHandle> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePostgres({ client: pool, ...drizzleOptions }) as unknown as Database;
  await db.execute(sql`select 1`);
  return {
    db,
    kind: 'postgres',
    close: () => pool.end(),
    async withDedicatedConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(drizzlePostgres({ client, ...drizzleOptions }) as unknown as Database);
      } finally {
        client.release();
      }
    },
  };
}

async function openPglite(dataDir: string | null): Promise<TDatabaseHandle> {
  let client: PGlite;
  if (dataDir) {
    const folder = path.resolve(dataDir, 'pglite');
    mkdirSync(folder, { recursive: true });
    client = new PGlite(folder);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, ...drizzleOptions }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    close: () => client.close(),
    // PGlite is a single connection already.
    withDedicatedConnection: (fn) => fn(db),
  };
}
