import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { TBenchConfig } from './support/bench-config.js';
import { runLoadScenario, type TScenario, type TScenarioResult } from './support/load-scenario.js';
import { prepareOrdersFixture, type TOrdersFixture } from './support/orders-fixture.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

/** Issue 5's size: one company with this many orders. BENCH_ORDERS overrides it. */
const DEFAULT_ORDER_COUNT = 100_000;
/** The deep page starts after this share of the history (walked to with limit=100). */
const DEEP_SHARE = 0.9;

/**
 * The orders part of `npm run bench`: a company of 100,000 orders, its history's first page,
 * a page 90 % deep, a filtered page, a buyer's own history, and ingestion through the store
 * integration API. Figures (req/s, p50, p99, ratio to /healthz of the same server) go to
 * bench/results/<time>-orders.json.
 */
export async function runOrdersBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const orderCount = Number(process.env.BENCH_ORDERS ?? DEFAULT_ORDER_COUNT);
  const dataDir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'comptoir-bench-orders-'));
  log(`generating a company with ${orderCount} orders…`);
  const preparing = Date.now();
  const fixture = await prepareOrdersFixture({ databaseUrl: config.databaseUrl, dataDir: dataDir ?? null, orderCount });
  const generationSeconds = (Date.now() - preparing) / 1000;
  let server: TServerProcess | null = null;
  try {
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl: config.databaseUrl, ...(dataDir ? { dataDir } : {}) });
    const token = await signIn(server.baseUrl, fixture.admin);
    const auth = { authorization: `Bearer ${token}` };
    const history = `/api/companies/${fixture.companyId}/orders`;
    log('walking to the deep page…');
    const deepCursor = await cursorAt(server.baseUrl, history, auth, Math.floor(orderCount * DEEP_SHARE));
    const scenarios: TScenario[] = [
      { name: 'healthz', method: 'GET', path: '/healthz' },
      { name: 'company_orders_first_page', method: 'GET', path: `${history}?limit=20`, headers: auth },
      { name: 'company_orders_deep_page', method: 'GET', path: `${history}?limit=20&cursor=${encodeURIComponent(deepCursor)}`, headers: auth },
      { name: 'company_orders_filtered', method: 'GET', path: `${history}?limit=20&status=completed&locationId=${fixture.locationIds[1]}`, headers: auth },
      { name: 'my_orders_first_page', method: 'GET', path: '/api/me/orders?limit=20', headers: auth },
    ];
    const results: TScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`${scenario.method} ${scenario.path.slice(0, 80)}…`);
      results.push(await runLoadScenario({ baseUrl: server.baseUrl, scenario, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds }));
    }
    log('POST /api/integration/orders (ingestion)…');
    results.push(await measureIngestion(server.baseUrl, fixture, config));
    const report = buildReport({ startedAt, database: server.databaseKind, config, orderCount, generationSeconds, results });
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-orders.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatReport(report)}\n\nwritten to ${path}\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
  }
}

async function signIn(baseUrl: string, admin: TOrdersFixture['admin']): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`sign-in answered ${response.status}`);
  return body.token;
}

/** The cursor after `position` orders, following nextCursor a hundred at a time. */
async function cursorAt(baseUrl: string, path: string, headers: Record<string, string>, position: number): Promise<string> {
  let cursor: string | null = null;
  for (let seen = 0; seen < position; seen += 100) {
    const url: string = `${baseUrl}${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers });
    const page = (await response.json()) as { nextCursor?: string | null };
    if (response.status !== 200 || !page.nextCursor) throw new Error(`walking the history stopped at ${seen} (status ${response.status})`);
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error('no cursor');
  return cursor;
}

/** Each request a new receipt (own externalId and Idempotency-Key) for a colleague, at a location. */
async function measureIngestion(baseUrl: string, fixture: TOrdersFixture, config: TBenchConfig): Promise<TScenarioResult> {
  const path = '/api/integration/orders';
  const load = (duration: number) =>
    autocannon({
      url: `${baseUrl}${path}`,
      connections: config.connections,
      duration,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const externalId = randomUUID();
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.apiKey}`, 'idempotency-key': externalId },
              body: JSON.stringify({
                externalId,
                number: `T-${externalId.slice(0, 8)}`,
                channel: 'store',
                storeName: 'Bench Lyon',
                placedAt: new Date().toISOString(),
                currency: 'EUR',
                customer: { email: fixture.admin.email },
                companyId: fixture.companyId,
                locationId: fixture.locationIds[0],
                status: 'completed',
                lines: [
                  { sku: 'SKU-1', name: 'Cahier A5', quantity: 2, unitPrice: 450 },
                  { sku: 'SKU-2', name: 'Stylo', quantity: 1, unitPrice: 190 },
                ],
                total: 1090,
              }),
            };
          },
        },
      ],
    });
  await load(config.warmupSeconds);
  const result = await load(config.durationSeconds);
  return {
    name: 'ingest_orders',
    method: 'POST',
    path,
    requestsPerSecond: result.requests.mean,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

type TOrdersReport = ReturnType<typeof buildReport>;

function buildReport(options: {
  startedAt: Date;
  database: string;
  config: TBenchConfig;
  orderCount: number;
  generationSeconds: number;
  results: TScenarioResult[];
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
    companyOrders: options.orderCount,
    generationSeconds: round(options.generationSeconds, 1),
    scenarios: options.results.map((result) => ({
      name: result.name,
      method: result.method,
      path: result.path.replace(/cursor=[^&]+/, 'cursor=…'),
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

function formatReport(report: TOrdersReport): string {
  const rows = report.scenarios.map((s) =>
    [s.name.padEnd(28), s.requestsPerSecond.toFixed(0).padStart(8), s.latencyP50Ms.toFixed(1).padStart(8), s.latencyP99Ms.toFixed(1).padStart(8), String(s.non2xx).padStart(8), s.ratioToHealthz.toFixed(3).padStart(10)].join('  '),
  );
  return [
    `Comptoir orders bench — ${report.database}, a company of ${report.companyOrders} orders (generated in ${report.generationSeconds} s), ${report.connections} connections, ${report.durationSeconds} s per scenario`,
    '',
    ['scenario'.padEnd(28), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), '÷ healthz'.padStart(10)].join('  '),
    ...rows,
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}
