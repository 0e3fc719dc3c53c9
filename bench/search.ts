import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { DEFAULT_MARKET_ID } from '../src/modules/markets/markets.tables.js';
import { createStaffSession } from '../src/modules/staff/staff-sessions.service.js';
import { newId } from '../src/platform/ids.js';
import type { TBenchConfig } from './support/bench-config.js';
import { runLoadScenario, type TScenario, type TScenarioResult } from './support/load-scenario.js';
import { createBenchDatabase } from './support/scale-fixture.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';
import { FIRST_NAMES, sqlArray, SURNAME_HEADS, SURNAME_TAILS, TRADES } from './support/generated-names.js';

/** Issue 6's size: this many customers. BENCH_CUSTOMERS overrides it. */
const DEFAULT_CUSTOMER_COUNT = 100_000;
/** One company per ten customers; every other customer belongs to one. */
const CUSTOMERS_PER_COMPANY = 10;

type TSearchFixture = { staffToken: string; customerCount: number; companyCount: number };

/**
 * `customerCount` customers (phones, a member card each, newsletter consent for a third, one
 * in five a business), a company per ten customers with half the customers as members, and a
 * support staff member with a session, written straight into the database before the server
 * starts (PGlite lets one process hold its folder). Generated in SQL with generate_series.
 */
async function prepareSearchFixture(options: { databaseUrl: string | null; dataDir: string | null; customerCount: number }): Promise<TSearchFixture> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const { db } = database;
    const run = randomBytes(4).toString('hex');
    const count = options.customerCount;
    const companyCount = Math.max(1, Math.floor(count / CUSTOMERS_PER_COMPANY));
    // Ids as newId makes them: a prefix and 26 lower-case characters.
    const customerId = sql`'cus_srch' || ${run} || lpad(g::text, 14, '0')`;
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, first_name, last_name, phone, mobile, account_type, locale, created_at)
      select ${customerId}, ${DEFAULT_MARKET_ID}, 'client' || g || '.' || ${run} || '@exemple.fr', 'client' || g || '.' || ${run} || '@exemple.fr', now(),
        (${sqlArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}],
        (${sqlArray(SURNAME_HEADS)})[1 + g % ${SURNAME_HEADS.length}] || (${sqlArray(SURNAME_TAILS)})[1 + (g / ${SURNAME_HEADS.length}) % ${SURNAME_TAILS.length}],
        '+331' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
        case when g % 2 = 0 then '+336' || lpad(((g::bigint * 104729) % 100000000)::text, 8, '0') end,
        case when g % 5 = 0 then 'company' else 'individual' end, case when g % 7 = 0 then 'en' else 'fr' end,
        now() - make_interval(secs => g * 60)
      from generate_series(1, ${count}) g`);
    await db.execute(sql`insert into member_cards (number, customer_id)
      select '29' || lpad(((g * 7727) % 100000000000)::text, 11, '0'), ${customerId} from generate_series(1, ${count}) g`);
    await db.execute(sql`insert into consent_records (id, customer_id, purpose, granted, source, notice_version, recorded_at)
      select 'cns_srch' || ${run} || lpad(g::text, 14, '0'), ${customerId}, 'newsletter_email', true, 'sign_up', '1', now() - make_interval(secs => g * 60)
      from generate_series(3, ${count}, 3) g`);
    await db.execute(sql`insert into companies (id, market_id, name, kind, country, siret, siren, vat_number, created_at)
      select 'cmp_srch' || ${run} || lpad(g::text, 14, '0'), ${DEFAULT_MARKET_ID},
        (${sqlArray(TRADES)})[1 + g % ${TRADES.length}] || ' ' || (${sqlArray(SURNAME_HEADS)})[1 + (g / ${TRADES.length}) % ${SURNAME_HEADS.length}]
          || (${sqlArray(SURNAME_TAILS)})[1 + (g / ${TRADES.length * SURNAME_HEADS.length}) % ${SURNAME_TAILS.length}],
        'company', 'FR', lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), substr(lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), 1, 9),
        'FR' || lpad((g % 100)::text, 2, '0') || substr(lpad((g::bigint * 1000003 % 100000000000000)::text, 14, '0'), 1, 9), now() - make_interval(secs => g * 600)
      from generate_series(1, ${companyCount}) g`);
    await db.execute(sql`insert into company_members (company_id, customer_id, role)
      select 'cmp_srch' || ${run} || lpad((1 + (g / 2) % ${companyCount})::text, 14, '0'), ${customerId}, case when g % 10 = 0 then 'admin' else 'member' end
      from generate_series(2, ${count}, 2) g`);
    // Vacuumed too, as autovacuum leaves a shop's tables (pages all-visible, hint bits set).
    for (const table of ['customers', 'member_cards', 'consent_records', 'companies', 'company_members']) await db.execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
    // A support member (no second factor required) with a session, as after signing in.
    const staffId = newId('stf');
    const email = `bench-support-${run}@example.com`;
    await db.execute(sql`insert into staff_users (id, email, email_normalized, name, role, status) values (${staffId}, ${email}, ${email}, 'Bench Support', 'support', 'active')`);
    const { token } = await createStaffSession(db, { staffId, meta: { ip: '127.0.0.1', userAgent: 'comptoir-bench' } });
    return { staffToken: token, customerCount: count, companyCount };
  } finally {
    await database.close();
  }
}

/**
 * The search part of `npm run bench` (BENCH_ONLY=search): the back-office search over
 * 100,000 customers — a surname fragment, a company-name fragment, a phone fragment, and a
 * filtered list without words — beside /healthz of the same server. Each search also writes its
 * audit event, as in production. Figures go to bench/results/<time>-search.json.
 */
export async function runSearchBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const customerCount = Number(process.env.BENCH_CUSTOMERS ?? DEFAULT_CUSTOMER_COUNT);
  const dataDir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'comptoir-bench-search-'));
  const database = config.databaseUrl ? await createBenchDatabase(config.databaseUrl, 'search') : null;
  const databaseUrl = database?.url ?? null;
  let server: TServerProcess | null = null;
  try {
    log(`generating ${customerCount} customers…`);
    const preparing = Date.now();
    const fixture = await prepareSearchFixture({ databaseUrl, dataDir: dataDir ?? null, customerCount });
    const generationSeconds = (Date.now() - preparing) / 1000;
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl, ...(dataDir ? { dataDir } : {}) });
    const auth = { authorization: `Bearer ${fixture.staffToken}` };
    const search = (query: string) => `/api/staff/customers?${query}`;
    const scenarios: TScenario[] = [
      { name: 'healthz', method: 'GET', path: '/healthz' },
      // "fontai" finds the ~250 Fontaine: each page sorts that many rows.
      { name: 'search_name_fragment', method: 'GET', path: search(`q=${encodeURIComponent('fontai')}`), headers: auth },
      // A trade and a surname: customers found through their company's name.
      { name: 'search_company_fragment', method: 'GET', path: search(`q=${encodeURIComponent('papeterie morè')}`), headers: auth },
      { name: 'search_phone_fragment', method: 'GET', path: search(`q=${encodeURIComponent('06 12 34')}`), headers: auth },
      { name: 'list_filtered', method: 'GET', path: search('type=business&consent=newsletter_email&locale=fr'), headers: auth },
      { name: 'companies_name_fragment', method: 'GET', path: `/api/staff/companies?q=${encodeURIComponent('boulangerie dur')}`, headers: auth },
    ];
    const results: TScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.method} ${scenario.path.slice(0, 80)}…`);
      results.push(await runLoadScenario({ baseUrl: server.baseUrl, scenario, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds }));
    }
    const samples = await sampleCounts(server.baseUrl, scenarios.slice(1), auth);
    const report = buildReport({ startedAt, database: server.databaseKind, config, fixture, generationSeconds, results, samples });
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-search.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatReport(report)}\n\nwritten to ${path}\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
    await database?.drop();
  }
}

/** How many rows each search's first page shows (at most 20), so the figures say what was read. */
async function sampleCounts(baseUrl: string, scenarios: TScenario[], headers: Record<string, string>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const scenario of scenarios) {
    const response = await fetch(`${baseUrl}${scenario.path}`, { headers });
    const body = (await response.json()) as { items?: unknown[] };
    counts[scenario.name] = body.items?.length ?? -1;
  }
  return counts;
}

function buildReport(options: {
  startedAt: Date;
  database: string;
  config: TBenchConfig;
  fixture: TSearchFixture;
  generationSeconds: number;
  results: TScenarioResult[];
  samples: Record<string, number>;
}) {
  const healthz = options.results.find((result) => result.name === 'healthz')?.requestsPerSecond ?? 0;
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  const cpu = cpus();
  return {
    startedAt: options.startedAt.toISOString(),
    machine: { cpus: { count: cpu.length, model: cpu[0]?.model.trim() ?? 'unknown' }, node: process.version },
    database: options.database,
    durationSeconds: options.config.durationSeconds,
    connections: options.config.connections,
    customers: options.fixture.customerCount,
    companies: options.fixture.companyCount,
    generationSeconds: round(options.generationSeconds, 1),
    scenarios: options.results.map((result) => ({
      name: result.name,
      method: result.method,
      path: result.path,
      firstPageRows: options.samples[result.name] ?? null,
      requestsPerSecond: round(result.requestsPerSecond, 1),
      latencyP50Ms: result.latencyP50Ms,
      latencyP99Ms: result.latencyP99Ms,
      non2xx: result.non2xx,
      ratioToHealthz: healthz > 0 ? round(result.requestsPerSecond / healthz, 3) : 0,
    })),
    problems: options.results.flatMap((result) => [
      ...(result.errors > 0 ? [`${result.name}: ${result.errors} connection errors or timeouts`] : []),
      ...(result.non2xx > 0 ? [`${result.name}: ${result.non2xx} non-2xx answers`] : []),
    ]),
  };
}

function formatReport(report: ReturnType<typeof buildReport>): string {
  const rows = report.scenarios.map((s) =>
    [s.name.padEnd(26), String(s.firstPageRows ?? '').padStart(5), s.requestsPerSecond.toFixed(0).padStart(8), s.latencyP50Ms.toFixed(1).padStart(8), s.latencyP99Ms.toFixed(1).padStart(8), String(s.non2xx).padStart(8), s.ratioToHealthz.toFixed(3).padStart(10)].join('  '),
  );
  return [
    `Comptoir search bench — ${report.database}, ${report.customers} customers and ${report.companies} companies (generated in ${report.generationSeconds} s), ${report.connections} connections, ${report.durationSeconds} s per scenario`,
    '',
    ['scenario'.padEnd(26), 'rows'.padStart(5), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), '÷ healthz'.padStart(10)].join('  '),
    ...rows,
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}
