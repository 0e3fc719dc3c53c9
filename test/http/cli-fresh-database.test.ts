import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/company-fixtures.js';
import { createTestDatabase, type TTestDatabase } from '../support/test-database.js';

// A shop on the embedded database may create its first store key before ever starting the
// server: the command migrates the empty data directory (or database) first instead of
// failing on missing tables.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function freshDatabaseEnv(): Promise<Record<string, string>> {
  const database: TTestDatabase = await createTestDatabase();
  cleanups.push(() => database.drop());
  if (database.databaseUrl) return { DATABASE_URL: database.databaseUrl };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'comptoir-cli-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  return { DATA_DIR: dataDir };
}

describe('comptoir commands on a database that was never migrated', () => {
  it('api-key create migrates first, then prints the key alone on stdout; api-key list then finds it', async () => {
    const env = await freshDatabaseEnv();
    const created = await runCli(['api-key', 'create', '--name', 'Caisse', '--scopes', 'orders:write'], env);
    expect(created.stderr).not.toMatch(/relation .* does not exist/);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^ck_[A-Za-z0-9_-]+$/);

    const listed = await runCli(['api-key', 'list'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ name: 'Caisse', scopes: ['orders:write'] })]);
  }, 120_000);
});
