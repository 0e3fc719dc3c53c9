import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/**
 * Where a test file's data lives: a fresh PostgreSQL database when TEST_DATABASE_URL is set
 * (CI), otherwise embedded PGlite in memory. Either way nothing is shared between files.
 */
export type TTestDatabase = { databaseUrl: string | null; drop(): Promise<void> };

export async function createTestDatabase(): Promise<TTestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { databaseUrl: null, drop: async () => undefined };
  const name = `comptoir_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const client = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await client.unsafe(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
