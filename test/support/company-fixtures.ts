import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import {
  companies,
  companyLocations,
  companyMembers,
  locationMembers,
  type TCompanyKind,
  type TCompanyRole,
  type TLocationRole,
} from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { newId } from '../../src/platform/ids.js';
import type { TTestApp } from './test-app.js';
import { apiClient, STRONG_PASSWORD, uniqueEmail, type TApiClient } from './test-app.js';

// Companies, locations and memberships written straight with Drizzle, so that tests of
// locations and the buying context do not depend on the company and invitation routes.

export async function insertCompany(db: Database, options: { name?: string; kind?: TCompanyKind; country?: string } = {}): Promise<string> {
  const id = newId('cmp');
  await db.insert(companies).values({ marketId: DEFAULT_MARKET_ID, id, name: options.name ?? `Papeterie ${id.slice(-5)}`, kind: options.kind ?? 'company', country: options.country ?? 'FR' });
  return id;
}

export async function insertMember(db: Database, options: { companyId: string; customerId: string; role?: TCompanyRole }): Promise<void> {
  await db.insert(companyMembers).values({ companyId: options.companyId, customerId: options.customerId, role: options.role ?? 'member' });
}

export async function insertLocation(
  db: Database,
  options: {
    companyId: string;
    name?: string;
    catalogRef?: string | null;
    terms?: { kind: 'none' } | { kind: 'net'; days: 7 | 15 | 30 | 45 | 60 | 90 } | { kind: 'deposit'; percent: number };
    requiresApproval?: boolean;
  },
): Promise<string> {
  const id = newId('loc');
  const terms = options.terms ?? { kind: 'none' };
  await db.insert(companyLocations).values({
    id,
    companyId: options.companyId,
    name: options.name ?? `Site ${id.slice(-5)}`,
    catalogRef: options.catalogRef ?? null,
    paymentTermsKind: terms.kind,
    paymentTermsNetDays: terms.kind === 'net' ? terms.days : null,
    paymentTermsDepositPercent: terms.kind === 'deposit' ? terms.percent : null,
    requiresApproval: options.requiresApproval ?? false,
  });
  return id;
}

export async function insertLocationMember(db: Database, options: { locationId: string; customerId: string; role?: TLocationRole }): Promise<void> {
  await db.insert(locationMembers).values({ locationId: options.locationId, customerId: options.customerId, role: options.role ?? 'buyer' });
}

/** A verified customer with a password, written directly (registration may be closed, as with B2B_ONLY). */
export async function insertVerifiedCustomer(
  t: TTestApp,
  options: { email?: string; accountType?: 'individual' | 'company' } = {},
): Promise<{ id: string; email: string; password: string }> {
  const passwordHash = await t.ctx.passwordHasher.hash(STRONG_PASSWORD);
  const customer = await insertCustomerRow(t.ctx.db, { ...options, passwordHash });
  return { ...customer, password: STRONG_PASSWORD };
}

export async function insertCustomerRow(
  db: Database,
  options: { email?: string; accountType?: 'individual' | 'company'; passwordHash?: string | null } = {},
): Promise<{ id: string; email: string }> {
  const id = newId('cus');
  const email = options.email ?? uniqueEmail('buyer');
  await db.insert(customers).values({ marketId: DEFAULT_MARKET_ID,
    id,
    email,
    emailNormalized: email.toLowerCase(),
    emailVerifiedAt: new Date(),
    passwordHash: options.passwordHash ?? null,
    firstName: 'Claire',
    lastName: 'Fontaine',
    accountType: options.accountType ?? 'company',
  });
  return { id, email };
}

/** Rows in a table (optionally matching `where`): for "nothing left behind" and "nothing lost" checks. */
export async function countRows(db: Database, table: PgTable, where?: SQL): Promise<number> {
  const [row] = await db.select({ value: count() }).from(table).where(where);
  return row?.value ?? 0;
}

/** PUT with JSON and a Bearer token: the shared apiClient has no PUT. */
export async function putJson(t: TTestApp, url: string, body: unknown, token: string) {
  const response = await t.app.inject({ method: 'PUT', url, payload: body as object, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() as unknown };
}

export type TCliResult = { code: number | null; stdout: string; stderr: string };

/** `comptoir …` in its own process (src/cli.ts through tsx, as bin/comptoir.js runs it unbuilt). */
export function runCli(args: string[], env: Record<string, string>): Promise<TCliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A database the CLI process can open too: the test app's own PostgreSQL database, or, on
 * PGlite (one process per folder), a migrated DATA_DIR that `prepare` fills and `check`
 * reads before and after the command.
 */
export async function withCliDatabase<T>(
  t: TTestApp,
  steps: { prepare(db: Database): Promise<T>; command(env: Record<string, string>, prepared: T): Promise<void>; check(db: Database, prepared: T): Promise<void> },
): Promise<void> {
  if (t.config.databaseUrl) {
    const prepared = await steps.prepare(t.ctx.db);
    await steps.command({ DATABASE_URL: t.config.databaseUrl }, prepared);
    await steps.check(t.ctx.db, prepared);
    return;
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-cli-'));
  try {
    const open = () => openDatabase({ databaseUrl: null, dataDir });
    let handle = await open();
    await migrateDatabase(handle);
    const prepared = await steps.prepare(handle.db);
    await handle.close();
    await steps.command({ DATA_DIR: dataDir }, prepared);
    handle = await open();
    try {
      await steps.check(handle.db, prepared);
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A customer written directly, then signed in with their password through the API. */
export async function insertSignedInCustomer(
  t: TTestApp,
  options: { email?: string; accountType?: 'individual' | 'company' } = {},
): Promise<{ id: string; email: string; token: string; client: TApiClient }> {
  const customer = await insertVerifiedCustomer(t, options);
  const client = apiClient(t.app);
  const response = await client.post('/api/auth/login', { email: customer.email, password: customer.password });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: customer.id, email: customer.email, token: (response.body as { token: string }).token, client };
}
