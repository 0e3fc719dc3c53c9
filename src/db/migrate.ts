import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { packageRoot } from '../platform/package-root.js';
import { rowsOf, type Database, type TDatabaseHandle } from './client.js';

export const migrationsFolder = path.join(packageRoot, 'migrations');

/** Any constant shared by every instance; it names the "Comptoir migrations" lock. */
const MIGRATION_LOCK_KEY = 7_240_518_331;

/**
 * Applies pending migrations. Several instances may start together: the first takes the
 * advisory lock and migrates, the others wait on it and then find nothing left to do.
 */
export async function migrateDatabase(handle: TDatabaseHandle): Promise<void> {
  // The lock lives on one connection for the whole run; the migrator uses the pool meanwhile.
  await handle.withDedicatedConnection(async (lockHolder) => {
    await lockHolder.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      if (handle.kind === 'pglite') {
        await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
      } else {
        await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder });
      }
    } finally {
      await lockHolder.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}

type TJournal = { entries: { tag: string }[] };

/** How many migrations this build ships; /readyz compares it with what the database applied. */
export function countShippedMigrations(): number {
  const journal = JSON.parse(
    readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8'),
  ) as TJournal;
  return journal.entries.length;
}

export async function countAppliedMigrations(db: Database): Promise<number> {
  const result = await db.execute<{ count: string | number }>(
    sql`select count(*) as count from drizzle.__drizzle_migrations`,
  );
  const [row] = rowsOf<{ count: string | number }>(result);
  return Number(row?.count ?? 0);
}
