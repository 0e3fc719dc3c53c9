import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImportBench } from './import.js';
import { runInboxBench } from './inbox.js';
import { runOidcBench } from './oidc.js';
import { runOrdersBench } from './orders.js';
import { runScaleBench } from './scale.js';
import { runSearchBench } from './search.js';
import { measureArgon2VerifyRate } from './support/argon2-rate.js';
import { readBenchConfig } from './support/bench-config.js';
import { makeBusinessBuyer } from './support/company-fixture.js';
import { createVerifiedCustomer } from './support/customer-fixture.js';
import { runLoadScenario, type TScenario, type TScenarioResult } from './support/load-scenario.js';
import { buildBenchReport, formatBenchReport, writeBenchReport } from './support/report.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

/**
 * `npm run bench`: starts Comptoir, loads /healthz, /api/me and password sign-in one after
 * another, measures the raw argon2id verify rate, and writes bench/results/<time>-auth.json;
 * then the orders bench (bench/orders.ts) writes bench/results/<time>-orders.json.
 * Exits 0 when targets are missed (a measurement), 1 when something broke.
 */
const benchDir = dirname(fileURLToPath(import.meta.url));

async function runAuthBench(): Promise<number> {
  const config = readBenchConfig(process.env);
  const startedAt = new Date();
  const log = (message: string) => process.stderr.write(`bench: ${message}\n`);

  log(`starting Comptoir on ${config.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}…`);
  let server: TServerProcess | null = null;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the server`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    server = await startServerProcess({ repoRoot: join(benchDir, '..'), databaseUrl: config.databaseUrl });
    const customer = await createVerifiedCustomer({ baseUrl: server.baseUrl });
    // A second customer buying for a company's location: the storefront's per-page call.
    const buyer = await createVerifiedCustomer({ baseUrl: server.baseUrl });
    await makeBusinessBuyer({ baseUrl: server.baseUrl, sessionToken: buyer.sessionToken });
    const scenarios: TScenario[] = [
      { name: 'healthz', method: 'GET', path: '/healthz' },
      { name: 'me', method: 'GET', path: '/api/me', headers: { authorization: `Bearer ${customer.sessionToken}` } },
      // The account pages a customer opens most: both read several rows (consent history,
      // the profile row written back), so they show what a typical account request costs.
      {
        name: 'preferences',
        method: 'GET',
        path: '/api/me/preferences',
        headers: { authorization: `Bearer ${customer.sessionToken}` },
      },
      // What a storefront asks on every page view (docs/STOREFRONT.md): one query after the
      // session look-up, for someone in no company and for a company's buyer.
      {
        name: 'context_consumer',
        method: 'GET',
        path: '/api/me/context',
        headers: { authorization: `Bearer ${customer.sessionToken}` },
      },
      {
        name: 'context_business',
        method: 'GET',
        path: '/api/me/context',
        headers: { authorization: `Bearer ${buyer.sessionToken}` },
      },
      {
        name: 'profile_patch',
        method: 'PATCH',
        path: '/api/me',
        headers: { authorization: `Bearer ${customer.sessionToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Camille', phone: '06 12 34 56 78', birthDate: '1990-05-17' }),
      },
      {
        name: 'login',
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: customer.email, password: customer.password }),
      },
    ];
    const results: TScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.method} ${scenario.path}: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
      results.push(
        await runLoadScenario({
          baseUrl: server.baseUrl,
          scenario,
          connections: config.connections,
          durationSeconds: config.durationSeconds,
          warmupSeconds: config.warmupSeconds,
        }),
      );
    }
    log(`argon2id verify, ${config.threadpoolSize} loops, ${config.durationSeconds} s (server idle)…`);
    const argon2 = await measureArgon2VerifyRate({
      concurrency: config.threadpoolSize,
      durationSeconds: config.durationSeconds,
    });

    // The same look-up with the session cache off: what a request costs when its session was
    // not verified in the last few seconds (a first page view, a quiet customer).
    await server.stop();
    log('restarting Comptoir with SESSION_CACHE_SECONDS=0 for GET /api/me uncached…');
    server = await startServerProcess({
      repoRoot: join(benchDir, '..'),
      databaseUrl: config.databaseUrl,
      env: { SESSION_CACHE_SECONDS: '0' },
    });
    const uncachedCustomer = await createVerifiedCustomer({ baseUrl: server.baseUrl });
    results.push(
      await runLoadScenario({
        baseUrl: server.baseUrl,
        scenario: {
          name: 'me_uncached',
          method: 'GET',
          path: '/api/me',
          headers: { authorization: `Bearer ${uncachedCustomer.sessionToken}` },
        },
        connections: config.connections,
        durationSeconds: config.durationSeconds,
        warmupSeconds: config.warmupSeconds,
      }),
    );

    const report = buildBenchReport({
      startedAt,
      database: server.databaseKind,
      durationSeconds: config.durationSeconds,
      connections: config.connections,
      scenarios: results,
      argon2,
    });
    const path = await writeBenchReport(report, join(benchDir, 'results'));
    process.stdout.write(`${formatBenchReport(report)}\n\nwritten to ${path}\n`);
    if (report.problems.length > 0) {
      log(`the run had errors; last server output:\n${server.recentOutput().trim() || '(none)'}`);
      return 1;
    }
    return 0;
  } finally {
    await server?.stop();
  }
}

const PARTS = ['auth', 'orders', 'search', 'import', 'oidc', 'inbox', 'scale'] as const;

/**
 * `npm run bench -- <part>` (or BENCH_ONLY=<part>) runs one part: auth, orders, search, import,
 * oidc, inbox or scale. Without one, all but scale, one after the other: scale needs PostgreSQL and minutes
 * of data generation, so it runs only when asked for.
 */
async function runBench(): Promise<number> {
  const only = process.argv[2] ?? process.env.BENCH_ONLY;
  if (only && !(PARTS as readonly string[]).includes(only)) throw new Error(`unknown part "${only}": one of ${PARTS.join(', ')}`);
  let code = 0;
  if (!only || only === 'auth') code = Math.max(code, await runAuthBench());
  const parts = { config: readBenchConfig(process.env), repoRoot: join(benchDir, '..'), resultsDir: join(benchDir, 'results'), log: (message: string) => process.stderr.write(`bench: ${message}\n`) };
  if (!only || only === 'orders') code = Math.max(code, await runOrdersBench(parts));
  if (!only || only === 'search') code = Math.max(code, await runSearchBench(parts));
  if (!only || only === 'import') code = Math.max(code, await runImportBench(parts));
  if (!only || only === 'oidc') code = Math.max(code, await runOidcBench(parts));
  if (!only || only === 'inbox') code = Math.max(code, await runInboxBench(parts));
  if (only === 'scale') code = Math.max(code, await runScaleBench(parts));
  return code;
}

runBench().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
