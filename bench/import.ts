import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { newId } from '../src/platform/ids.js';
import { createStaffSession } from '../src/modules/staff/staff-sessions.service.js';
import type { TBenchConfig } from './support/bench-config.js';
import { runLoadScenario } from './support/load-scenario.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

/** Issue 6's size: 100,000 customers in one Shopify export. BENCH_IMPORT_ROWS overrides it. */
const DEFAULT_ROW_COUNT = 100_000;
/** "Well under a minute" (issue 6): the import of the whole file, over HTTP. */
const TARGET_IMPORT_SECONDS = 60;

const SHOPIFY_HEADER =
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags';
const FIRST_NAMES = ['Camille', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Zoé', 'Louis', 'Inès', 'Jules', 'Manon'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];
const CITIES = [
  ['Paris', '75011'],
  ['Lyon', '69003'],
  ['Marseille', '13001'],
  ['Lille', '59000'],
  ['Nantes', '44000'],
] as const;

/**
 * A Shopify customer export (newer headers) of `rows` customers: most with an address, half
 * with a mobile number, a third subscribed to email, a few with a note; quoted cells and
 * commas inside them, as Shopify writes them.
 */
export function generateShopifyCsv(options: { rows: number; run: string }): string {
  const lines = [SHOPIFY_HEADER];
  for (let i = 0; i < options.rows; i += 1) {
    const [city, zip] = CITIES[i % CITIES.length]!;
    const hasAddress = i % 10 < 7;
    const phone = i % 2 === 0 ? `+33612${String(i % 1_000_000).padStart(6, '0')}` : '';
    lines.push(
      [
        String(6_000_000_000 + i),
        FIRST_NAMES[i % FIRST_NAMES.length],
        LAST_NAMES[(i * 7) % LAST_NAMES.length],
        `bench-${options.run}-${i}@example.com`,
        i % 3 === 0 ? 'yes' : 'no',
        i % 20 === 0 ? '"Atelier, SARL"' : '',
        hasAddress ? `${(i % 120) + 1} rue de la République` : '',
        hasAddress && i % 4 === 0 ? 'Bâtiment B' : '',
        hasAddress ? city : '',
        '',
        hasAddress ? 'FR' : '',
        hasAddress ? `'${zip}` : '',
        '',
        phone ? `'${phone}` : '',
        i % 5 === 0 && phone ? 'yes' : 'no',
        `${(i % 500) + 0.5}`,
        String(i % 12),
        i % 25 === 0 ? '"Client fidèle, préfère la livraison en magasin"' : '',
        'no',
        i % 7 === 0 ? '"vip, newsletter"' : '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** An administrator and a session whose second factor is done, written before the server starts. */
async function prepareStaffSession(options: { databaseUrl: string | null; dataDir: string | null; run: string }): Promise<string> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const staffId = newId('stf');
    const email = `bench-staff-${options.run}@example.com`;
    await database.db.execute(sql`insert into staff_users (id, email, email_normalized, name, role, status, totp_secret, totp_enabled_at)
      values (${staffId}, ${email}, ${email}, 'Bench Import', 'administrator', 'active', 'JBSWY3DPEHPK3PXP', now())`);
    const session = await createStaffSession(database.db, { staffId, meta: { ip: '127.0.0.1', userAgent: 'bench' } });
    await database.db.execute(sql`update staff_sessions set second_factor_at = now() where id = ${session.sessionId}`);
    return session.token;
  } finally {
    await database.close();
  }
}

async function timedImport(baseUrl: string, token: string, csv: string, dryRun: boolean): Promise<{ seconds: number; body: Record<string, unknown> }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${baseUrl}/api/staff/imports/customers?format=shopify&dryRun=${dryRun}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
  const body = (await response.json()) as Record<string, unknown>;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (response.status !== 200) throw new Error(`import (dryRun=${dryRun}) answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
  return { seconds, body };
}

async function timedExport(baseUrl: string, token: string): Promise<{ seconds: number; bytes: number; lines: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${baseUrl}/api/staff/exports/customers.csv`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, lines };
}

/**
 * The import part of `npm run bench` (BENCH_ONLY=import): a 100,000-row Shopify export checked
 * (dry run), imported, and imported again (idempotent: all unchanged), each through HTTP as the
 * back office sends it; then the customers export streamed back. Figures go to
 * bench/results/<time>-import.json with a /healthz baseline of the same server.
 */
export async function runImportBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? DEFAULT_ROW_COUNT);
  const run = randomBytes(4).toString('hex');
  const dataDir = config.databaseUrl ? null : await mkdtemp(join(tmpdir(), 'comptoir-bench-import-'));
  log(`import bench: generating a Shopify export of ${rows} customers…`);
  const csv = generateShopifyCsv({ rows, run });
  const token = await prepareStaffSession({ databaseUrl: config.databaseUrl, dataDir, run });
  let server: TServerProcess | null = null;
  try {
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl: config.databaseUrl, ...(dataDir ? { dataDir } : {}) });
    log('GET /healthz baseline…');
    const healthz = await runLoadScenario({
      baseUrl: server.baseUrl,
      scenario: { name: 'healthz', method: 'GET', path: '/healthz' },
      connections: config.connections,
      durationSeconds: config.durationSeconds,
      warmupSeconds: config.warmupSeconds,
    });
    log(`dry run of ${rows} rows (${(csv.length / 1e6).toFixed(1)} MB)…`);
    const dryRun = await timedImport(server.baseUrl, token, csv, true);
    log(`dry run: ${dryRun.seconds.toFixed(2)} s; importing…`);
    const first = await timedImport(server.baseUrl, token, csv, false);
    log(`import: ${first.seconds.toFixed(2)} s; importing the same file again…`);
    const second = await timedImport(server.baseUrl, token, csv, false);
    log(`second import: ${second.seconds.toFixed(2)} s; exporting…`);
    const exported = await timedExport(server.baseUrl, token);

    const problems: string[] = [];
    if (first.body.created !== rows) problems.push(`the import created ${String(first.body.created)} customers, not ${rows}`);
    if (second.body.unchanged !== rows) problems.push(`the second import left ${String(second.body.unchanged)} unchanged, not ${rows}`);
    if (healthz.non2xx > 0 || healthz.errors > 0) problems.push('GET /healthz had errors');
    const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
    const figure = (step: { seconds: number }) => ({ seconds: round(step.seconds, 2), rowsPerSecond: Math.round(rows / step.seconds) });
    const report = {
      startedAt: startedAt.toISOString(),
      database: server.databaseKind,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      rows,
      fileMegabytes: round(Buffer.byteLength(csv) / 1e6, 1),
      targetImportSeconds: TARGET_IMPORT_SECONDS,
      dryRun: { ...figure(dryRun), wouldCreate: dryRun.body.wouldCreate, invalid: dryRun.body.invalidCount },
      import: { ...figure(first), created: first.body.created, consentsRecorded: first.body.consentsRecorded, addressesCreated: first.body.addressesCreated, notesCreated: first.body.notesCreated },
      reimport: { ...figure(second), unchanged: second.body.unchanged },
      export: { ...figure(exported), megabytes: round(exported.bytes / 1e6, 1), lines: exported.lines },
      healthz: { requestsPerSecond: round(healthz.requestsPerSecond, 0), latencyP50Ms: healthz.latencyP50Ms, latencyP99Ms: healthz.latencyP99Ms },
      // The ratio convention of the other reports: how many /healthz requests one import row costs.
      importRowsPerHealthzRequest: round(rows / first.seconds / healthz.requestsPerSecond, 3),
      withinTarget: first.seconds < TARGET_IMPORT_SECONDS,
      problems,
    };
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-import.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      [
        `import bench (${report.database}, ${rows} rows, ${report.fileMegabytes} MB)`,
        `  dry run      ${report.dryRun.seconds} s  ${report.dryRun.rowsPerSecond} rows/s`,
        `  import       ${report.import.seconds} s  ${report.import.rowsPerSecond} rows/s  (target < ${TARGET_IMPORT_SECONDS} s)`,
        `  re-import    ${report.reimport.seconds} s  ${report.reimport.rowsPerSecond} rows/s  (all unchanged)`,
        `  export       ${report.export.seconds} s  ${report.export.rowsPerSecond} rows/s  ${report.export.megabytes} MB`,
        `  /healthz     ${report.healthz.requestsPerSecond} req/s`,
        ...problems.map((problem) => `  PROBLEM: ${problem}`),
        '',
        `written to ${path}`,
      ].join('\n') + '\n',
    );
    return problems.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
  }
}
