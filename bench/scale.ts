import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_ARGON2_PARAMETERS, measureArgon2VerifyRate, type TArgon2Rate } from './support/argon2-rate.js';
import type { TBenchConfig } from './support/bench-config.js';
import { runLoadScenario, type TScenario, type TScenarioResult } from './support/load-scenario.js';
import { loadAverage, serverResidentKiB } from './support/process-memory.js';
import { createBenchDatabase, prepareScaleFixture, readScaleSizes, reuseScaleFixture, type TScaleFixture } from './support/scale-fixture.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

/** The issue's targets (item 4 of "Proven under load, faults and bad input"). */
export const SCALE_TARGETS = {
  /** A staff member's search, one at a time, at a million customers. */
  searchP99Ms: 50,
  /** Search req/s ÷ /healthz req/s, under BENCH_CONNECTIONS. */
  searchToHealthz: 0.05,
  profilePatchToHealthz: 0.1,
  loginToArgon2: 0.85,
  residentMiB: 150,
} as const;

/** Without DATABASE_URL: the local PostgreSQL of the tests. */
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const EXPORTS = 5;

/**
 * `npm run bench -- scale`: a PostgreSQL database of its own (comptoir_bench_scale_…) with a
 * million customers, 100,000 companies and 5,000,000 orders (BENCH_SCALE_* to change), then on
 * one server: /healthz, the back-office search, a customer's page, a company history's first and
 * deep pages (keyset), /api/me, PATCH /api/me, sign-in, the raw argon2id rate, five exports of
 * one customer each, and the server's resident memory after it all. Figures go to
 * bench/results/<time>-scale.json. The database is dropped at the end unless BENCH_KEEP=1.
 */
export async function runScaleBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const loadAtStart = await loadAverage();
  const sizes = readScaleSizes(process.env);
  const adminUrl = config.databaseUrl ?? DEFAULT_ADMIN_URL;
  const reused = process.env.BENCH_SCALE_DATABASE || null;
  const database = reused ? existingDatabase(adminUrl, reused) : await createBenchDatabase(adminUrl, 'scale');
  log(reused ? `scale: reusing database ${reused}` : `scale: database ${database.name}; generating ${sizes.customers} customers, ${sizes.companies} companies, ${sizes.orders} orders…`);
  let server: TServerProcess | null = null;
  try {
    const preparing = Date.now();
    const fixture = reused ? await reuseScaleFixture({ databaseUrl: database.url }) : await prepareScaleFixture({ databaseUrl: database.url, sizes, log });
    const generationSeconds = (Date.now() - preparing) / 1000;
    log(`scale: ${reused ? 'ready' : 'generated'} in ${generationSeconds.toFixed(0)} s`);
    log('scale: building the server (tsc), to run it as npm start does…');
    execFileSync(join(options.repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: options.repoRoot, stdio: 'inherit' });
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl: database.url, built: true });
    const afterStart = await serverResidentKiB(server.pid);
    const customer = await signIn(server.baseUrl, fixture.admin);
    const me = { authorization: `Bearer ${customer}` };
    const savers: string[] = [];
    for (const saver of fixture.profileSavers) savers.push(await signIn(server.baseUrl, saver));
    const profileBodies = ['Camille', 'Camilla'].map((firstName) => JSON.stringify({ firstName, phone: '06 12 34 56 78', birthDate: '1990-05-17' }));
    const staff = { authorization: `Bearer ${fixture.staffToken}` };
    const search = (q: string) => `/api/staff/customers?q=${encodeURIComponent(q)}`;
    const history = `/api/companies/${fixture.bigCompanyId}/orders`;
    const scenarios: (TScenario & { connections?: number })[] = [
      { name: 'healthz', method: 'GET', path: '/healthz' },
      // A staff member searching: one request at a time (the p99 target), then under load.
      { name: 'search_name_single', method: 'GET', path: search('fontai'), headers: staff, connections: 1 },
      { name: 'search_company_single', method: 'GET', path: search('papeterie morè'), headers: staff, connections: 1 },
      { name: 'search_name_fragment', method: 'GET', path: search('fontai'), headers: staff },
      { name: 'search_company_fragment', method: 'GET', path: search('papeterie morè'), headers: staff },
      { name: 'search_phone_fragment', method: 'GET', path: search('06 12 34'), headers: staff },
      { name: 'customer_detail', method: 'GET', path: `/api/staff/customers/${fixture.detailCustomerId}`, headers: staff },
      { name: 'company_orders_first_page', method: 'GET', path: `${history}?limit=20`, headers: me },
      { name: 'company_orders_deep_page', method: 'GET', path: `${history}?limit=20&cursor=${fixture.deepCursor}`, headers: me },
      { name: 'me', method: 'GET', path: '/api/me', headers: me },
      {
        // Every request changes the name (two bodies in turn): each one is a real write. Each
        // connection is another customer saving their own account, as in a shop.
        name: 'profile_patch',
        method: 'PATCH',
        path: '/api/me',
        headers: { 'content-type': 'application/json' },
        connectionHeaders: savers.map((token) => ({ authorization: `Bearer ${token}` })),
        bodies: profileBodies,
      },
      {
        // The same changing saves, all by one customer: they queue on that customer's row.
        name: 'profile_patch_one_customer',
        method: 'PATCH',
        path: '/api/me',
        headers: { ...me, 'content-type': 'application/json' },
        bodies: profileBodies,
      },
      {
        name: 'profile_patch_unchanged',
        method: 'PATCH',
        path: '/api/me',
        headers: { ...me, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Camille', phone: '06 12 34 56 78', birthDate: '1990-05-17' }),
      },
      {
        name: 'login',
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fixture.admin),
      },
      // /healthz again at the end: the ratios' base is the mean of both (the machine drifts).
      { name: 'healthz_end', method: 'GET', path: '/healthz' },
    ];
    // BENCH_SCALE_SCENARIOS=name,name… measures those only (and /healthz, the ratios' base).
    const only = process.env.BENCH_SCALE_SCENARIOS?.split(',').map((name) => name.trim()).filter(Boolean);
    const chosen = only?.length ? scenarios.filter((scenario) => scenario.name.startsWith('healthz') || only.includes(scenario.name)) : scenarios;
    const results: (TScenarioResult & { connections: number })[] = [];
    const argon2Rates: number[] = [];
    for (const scenario of chosen) {
      const connections = scenario.connections ?? config.connections;
      log(`${scenario.method} ${scenario.path.slice(0, 80)} (${connections} connections)…`);
      if (scenario.name === 'login') {
        results.push({ ...(await measureSignInsBesideArgon2({ baseUrl: server.baseUrl, scenario, config, argon2Rates })), connections });
        continue;
      }
      results.push({ ...(await runLoadScenario({ baseUrl: server.baseUrl, scenario, connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds })), connections });
    }
    if (argon2Rates.length === 0) argon2Rates.push((await measureArgon2VerifyRate({ concurrency: config.threadpoolSize, durationSeconds: config.durationSeconds })).verifiesPerSecond);
    const argon2 = {
      verifiesPerSecond: mean(argon2Rates),
      concurrency: config.threadpoolSize,
      parameters: BENCH_ARGON2_PARAMETERS,
      measured: argon2Rates,
    };
    log(`${EXPORTS} exports of one customer each…`);
    const exports = [];
    for (const id of fixture.exportCustomerIds.slice(0, EXPORTS)) exports.push(await timedExport(server.baseUrl, fixture.staffToken, id));
    const afterLoad = await serverResidentKiB(server.pid);
    const report = buildReport({ startedAt, loadAtStart, loadAtEnd: await loadAverage(), config, fixture, generationSeconds, results, argon2, exports, memory: { afterStart, afterLoad } });
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-scale.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatReport(report)}\n\nwritten to ${path}\n`);
    if (report.problems.length > 0) log(`the run had errors; last server output:\n${server.recentOutput().trim() || '(none)'}`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
    if (reused || process.env.BENCH_KEEP === '1') log(`scale: database ${database.name} kept (BENCH_SCALE_DATABASE=${database.name} measures it again)`);
    else await database.drop();
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Slices of sign-ins, each followed by as long a slice of raw argon2id (the server idle). */
const SIGN_IN_SLICES = 4;

/**
 * Password sign-ins and their baseline, the raw argon2id rate, measured in alternating slices
 * (half BENCH_DURATION each, four of each): on a shared host the machine's speed moves by 15 %
 * within half a minute, and a baseline measured once, before or after, compared the sign-ins
 * with another machine. Rates are the slices' means; p50 the mean, p99 the worst slice's.
 */
async function measureSignInsBesideArgon2(options: { baseUrl: string; scenario: TScenario; config: TBenchConfig; argon2Rates: number[] }): Promise<TScenarioResult> {
  const { config } = options;
  const sliceSeconds = Math.max(1, Math.round(config.durationSeconds / 2));
  const slices: TScenarioResult[] = [];
  for (let slice = 0; slice < SIGN_IN_SLICES; slice += 1) {
    slices.push(await runLoadScenario({ baseUrl: options.baseUrl, scenario: options.scenario, connections: config.connections, durationSeconds: sliceSeconds, warmupSeconds: slice === 0 ? config.warmupSeconds : 1 }));
    options.argon2Rates.push((await measureArgon2VerifyRate({ concurrency: config.threadpoolSize, durationSeconds: sliceSeconds })).verifiesPerSecond);
  }
  return {
    ...slices[0]!,
    requestsPerSecond: mean(slices.map((slice) => slice.requestsPerSecond)),
    latencyP50Ms: mean(slices.map((slice) => slice.latencyP50Ms)),
    latencyP99Ms: Math.max(...slices.map((slice) => slice.latencyP99Ms)),
    non2xx: slices.reduce((sum, slice) => sum + slice.non2xx, 0),
    errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
  };
}

/** A database a run kept: never dropped by this run. */
function existingDatabase(adminUrl: string, name: string) {
  if (!/^comptoir_bench_scale_[a-z0-9]+$/.test(name)) throw new Error(`BENCH_SCALE_DATABASE must name a comptoir_bench_scale_… database, got "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: async () => undefined };
}

async function signIn(baseUrl: string, admin: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 200 || !body.token) throw new Error(`sign-in answered ${response.status}`);
  return body.token;
}

async function timedExport(baseUrl: string, token: string, customerId: string): Promise<{ ms: number; bytes: number; status: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(`${baseUrl}/api/staff/customers/${customerId}/export`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await response.arrayBuffer()).byteLength;
  return { ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10, bytes, status: response.status };
}

type TMemory = { afterStart: Awaited<ReturnType<typeof serverResidentKiB>>; afterLoad: Awaited<ReturnType<typeof serverResidentKiB>> };

function buildReport(options: {
  startedAt: Date;
  loadAtStart: number[] | null;
  loadAtEnd: number[] | null;
  config: TBenchConfig;
  fixture: TScaleFixture;
  generationSeconds: number;
  results: (TScenarioResult & { connections: number })[];
  /** The mean of the rates measured between the sign-ins' slices (`measured`, in order). */
  argon2: TArgon2Rate & { measured: number[] };
  exports: { ms: number; bytes: number; status: number }[];
  memory: TMemory;
}) {
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  const rateOf = (name: string) => options.results.find((result) => result.name === name)?.requestsPerSecond ?? null;
  // The mean of /healthz measured first and last: the base every ratio of the run divides by.
  const healthzRates = [rateOf('healthz'), rateOf('healthz_end')].filter((rate): rate is number => rate !== null);
  const healthz = healthzRates.length > 0 ? mean(healthzRates) : 0;
  const ratio = (numerator: number, denominator: number) => (denominator > 0 ? round(numerator / denominator, 3) : 0);
  // A figure whose scenario was left out (BENCH_SCALE_SCENARIOS) is null: not measured.
  const ratioOf = (name: string, denominator: number) => {
    const rate = rateOf(name);
    return rate === null ? null : ratio(rate, denominator);
  };
  const singles = options.results.filter((result) => result.name.endsWith('_single'));
  const searchP99 = singles.length > 0 ? Math.max(...singles.map((result) => result.latencyP99Ms)) : null;
  const searchToHealthz = ratioOf('search_name_fragment', healthz);
  const profilePatchToHealthz = ratioOf('profile_patch', healthz);
  const loginToArgon2 = ratioOf('login', options.argon2.verifiesPerSecond);
  const residentMiB = options.memory.afterLoad ? round(options.memory.afterLoad.vmRssKiB / 1024, 1) : null;
  const cpu = cpus();
  return {
    startedAt: options.startedAt.toISOString(),
    machine: {
      cpus: { count: cpu.length, model: cpu[0]?.model.trim() ?? 'unknown' },
      totalMemGiB: round(totalmem() / 1024 ** 3, 1),
      node: process.version,
      // 1, 5 and 15 minute load averages: above the CPU count, other work shared the machine.
      loadAverageAtStart: options.loadAtStart,
      loadAverageAtEnd: options.loadAtEnd,
    },
    database: 'postgres',
    durationSeconds: options.config.durationSeconds,
    connections: options.config.connections,
    sizes: { ...options.fixture.sizes, bigCompanyOrders: options.fixture.bigCompanyOrders },
    generationSeconds: { total: round(options.generationSeconds, 1), ...Object.fromEntries(Object.entries(options.fixture.generationSeconds).map(([table, seconds]) => [table, round(seconds, 1)])) },
    scenarios: options.results.map((result) => ({
      name: result.name,
      method: result.method,
      path: result.path.replace(/cursor=[^&]+/, 'cursor=…'),
      connections: result.connections,
      requestsPerSecond: round(result.requestsPerSecond, 1),
      latencyP50Ms: result.latencyP50Ms,
      latencyP99Ms: result.latencyP99Ms,
      non2xx: result.non2xx,
      ratioToHealthz: ratio(result.requestsPerSecond, healthz),
    })),
    argon2: { ...options.argon2, verifiesPerSecond: round(options.argon2.verifiesPerSecond, 1), measured: options.argon2.measured.map((rate) => round(rate, 1)) },
    exports: options.exports,
    memory: options.memory,
    healthzBase: round(healthz, 1),
    figures: { searchP99Ms: searchP99, searchToHealthz, profilePatchToHealthz, loginToArgon2, residentMiB },
    targets: SCALE_TARGETS,
    meetsTargets: {
      searchP99Ms: searchP99 === null ? null : searchP99 < SCALE_TARGETS.searchP99Ms,
      searchToHealthz: searchToHealthz === null ? null : searchToHealthz >= SCALE_TARGETS.searchToHealthz,
      profilePatchToHealthz: profilePatchToHealthz === null ? null : profilePatchToHealthz >= SCALE_TARGETS.profilePatchToHealthz,
      loginToArgon2: loginToArgon2 === null ? null : loginToArgon2 >= SCALE_TARGETS.loginToArgon2,
      residentMiB: residentMiB === null ? null : residentMiB <= SCALE_TARGETS.residentMiB,
    },
    problems: [
      ...options.results.flatMap((result) => [
        ...(result.errors > 0 ? [`${result.name}: ${result.errors} connection errors or timeouts`] : []),
        ...(result.non2xx > 0 ? [`${result.name}: ${result.non2xx} non-2xx answers`] : []),
      ]),
      ...options.exports.flatMap((item, index) => (item.status === 200 ? [] : [`export ${index + 1}: answered ${item.status}`])),
    ],
  };
}

function formatReport(report: ReturnType<typeof buildReport>): string {
  const rows = report.scenarios.map((s) =>
    [s.name.padEnd(26), String(s.connections).padStart(5), s.requestsPerSecond.toFixed(0).padStart(8), s.latencyP50Ms.toFixed(1).padStart(8), s.latencyP99Ms.toFixed(1).padStart(8), String(s.non2xx).padStart(8), s.ratioToHealthz.toFixed(3).padStart(10)].join('  '),
  );
  const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'missed');
  const { figures, targets, meetsTargets } = report;
  return [
    `Comptoir scale bench — ${report.sizes.customers} customers, ${report.sizes.companies} companies, ${report.sizes.orders} orders (generated in ${report.generationSeconds.total} s), ${report.durationSeconds} s per scenario`,
    `load average at start ${report.machine.loadAverageAtStart?.join(' ') ?? '?'}, at end ${report.machine.loadAverageAtEnd?.join(' ') ?? '?'} (${report.machine.cpus.count} CPUs)`,
    '',
    ['scenario'.padEnd(26), 'conns'.padStart(5), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), '÷ healthz'.padStart(10)].join('  '),
    ...rows,
    '',
    `argon2id verify (${report.argon2.concurrency} loops): ${report.argon2.verifiesPerSecond.toFixed(1)}/s (mean of ${report.argon2.measured.map((rate) => rate.toFixed(1)).join(', ')}, between the sign-ins' slices)`,
    `exports of one customer: ${report.exports.map((item) => `${item.ms} ms`).join(', ')}`,
    `search p99, one at a time: ${figures.searchP99Ms ?? '?'} ms (target < ${targets.searchP99Ms}): ${verdict(meetsTargets.searchP99Ms)}`,
    `search ÷ healthz: ${figures.searchToHealthz ?? '?'} (target ≥ ${targets.searchToHealthz}): ${verdict(meetsTargets.searchToHealthz)}`,
    `PATCH /api/me ÷ healthz: ${figures.profilePatchToHealthz ?? '?'} (target ≥ ${targets.profilePatchToHealthz}): ${verdict(meetsTargets.profilePatchToHealthz)}`,
    `login ÷ argon2id: ${figures.loginToArgon2 ?? '?'} (target ≥ ${targets.loginToArgon2}): ${verdict(meetsTargets.loginToArgon2)}`,
    `server resident memory after the load: ${figures.residentMiB ?? '?'} MiB (target ≤ ${targets.residentMiB}): ${verdict(meetsTargets.residentMiB)}`,
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}
