import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { customers } from '../src/modules/customers/customers.tables.js';
import { loadMarketDirectory } from '../src/modules/markets/market-directory.js';
import { DEFAULT_MARKET_ID } from '../src/modules/markets/markets.tables.js';
import { createOidcClient } from '../src/modules/oidc/oidc-clients.service.js';
import { createPasswordHasher } from '../src/platform/crypto/passwords.js';
import { newId } from '../src/platform/ids.js';
import { SoftwareAuthenticator } from '../test/support/software-authenticator.js';
import { BenchBrowser, nextClientIp, type TBrowserAnswer } from './support/bench-browser.js';
import type { TBenchConfig } from './support/bench-config.js';
import { runFlowScenario, type TFlow, type TFlowResult } from './support/flow-loop.js';
import { runLoadScenario, type TScenarioResult } from './support/load-scenario.js';
import { describeMachine } from './support/machine.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

const PASSWORD = 'correct horse battery staple bench';
const REDIRECT_URI = 'https://shop.example/callback';
/** What a storefront asks for: who it is, the address, and the buying context. */
const SCOPE = 'openid profile email comptoir';

type TOidcFixture = { clientId: string; customers: { email: string; password: string }[] };
type TSite = { baseUrl: string; publicOrigin: string; tokenPath: string };
type TWorkerAccount = { email: string; password: string; authenticator: SoftwareAuthenticator };

/**
 * One verified customer per worker (each with a password; a passkey is added through the API
 * once the server runs) and a first-party public storefront client of the default market,
 * written before the server starts (PGlite lets one process hold its folder).
 */
async function prepareOidcFixture(options: { databaseUrl: string | null; dataDir: string | null; customerCount: number }): Promise<TOidcFixture> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const { db } = database;
    const run = randomBytes(4).toString('hex');
    // One hash for all: the cost of verifying it is what matters, not its salt.
    const passwordHash = await (await createPasswordHasher()).hash(PASSWORD);
    const accounts = Array.from({ length: options.customerCount }, (_, n) => ({ email: `bench-oidc-${run}-${n}@example.com`, password: PASSWORD }));
    await db.insert(customers).values(
      accounts.map((account, n) => ({
        id: newId('cus'),
        marketId: DEFAULT_MARKET_ID,
        email: account.email,
        emailNormalized: account.email,
        emailVerifiedAt: new Date(),
        passwordHash,
        firstName: 'Bench',
        lastName: `Worker ${n}`,
      })),
    );
    const markets = await loadMarketDirectory({ db, config: loadConfig({ NODE_ENV: 'development' }) });
    const { client } = await createOidcClient(
      { db, markets },
      {
        marketId: DEFAULT_MARKET_ID,
        input: { name: 'La Boutique (bench)', clientType: 'public', redirectUris: [REDIRECT_URI], allowedScopes: ['openid', 'profile', 'email', 'offline_access', 'comptoir'], firstParty: true },
      },
    );
    return { clientId: client.clientId, customers: accounts };
  } finally {
    await database.close();
  }
}

async function postJson(site: TSite, path: string, body: unknown, expectedStatus: number, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${site.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'x-forwarded-for': nextClientIp(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) throw new Error(`POST ${path} answered ${response.status} (expected ${expectedStatus}): ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Signs the customer in once and adds a passkey held by a software authenticator of their own. */
async function addPasskey(site: TSite, account: { email: string; password: string }): Promise<TWorkerAccount> {
  const { token } = await postJson(site, '/api/auth/login', { email: account.email, password: account.password }, 200);
  const auth = { authorization: `Bearer ${String(token)}` };
  const creation = await postJson(site, '/api/me/passkeys/registration-options', { password: account.password }, 200, auth);
  const authenticator = new SoftwareAuthenticator();
  const response = authenticator.register(creation as Parameters<SoftwareAuthenticator['register']>[0], site.publicOrigin);
  await postJson(site, '/api/me/passkeys', { response, name: 'Bench' }, 201, auth);
  return { ...account, authenticator };
}

const isRedirect = (answer: TBrowserAnswer) => answer.status >= 300 && answer.status < 400 && answer.location !== null;

/**
 * One storefront sign-in, as the storefront, the browser and the portal's page make it: the
 * authorization request with PKCE, the page's reading of the interaction, the password, the
 * provider's redirects back (no consent step for a first-party client), the code exchanged.
 */
function oidcFlow(site: TSite, clientId: string, accounts: TWorkerAccount[], method: 'password' | 'passkey'): TFlow {
  return async ({ worker }) => {
    const account = accounts[worker]!;
    const browser = new BenchBrowser(site);
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URLSearchParams({
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: SCOPE,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
      nonce: randomBytes(16).toString('base64url'),
    });
    const first = await browser.request(`/oidc/auth?${authorize}`);
    const uid = isRedirect(first) ? /\/oidc\/interaction\/([^/?]+)$/.exec(new URL(first.location!, site.baseUrl).pathname)?.[1] : undefined;
    if (!uid) throw new Error(`GET /oidc/auth answered ${first.status} ${first.location ?? ''}: ${first.text.slice(0, 200)}`);
    const interaction = await browser.expect(200, `/api/oidc/interactions/${uid}`);
    if (interaction.json?.step !== 'login') throw new Error(`the interaction is at step ${String(interaction.json?.step)}, not login`);
    const login = method === 'password'
      ? await browser.expect(200, `/api/oidc/interactions/${uid}/login`, { json: { method: 'password', email: account.email, password: account.password } })
      : await (async () => {
          const options = await browser.expect(200, `/api/oidc/interactions/${uid}/passkey/options`, { json: {} });
          const response = account.authenticator.authenticate(options.json as Parameters<SoftwareAuthenticator['authenticate']>[0], site.publicOrigin);
          return browser.expect(200, `/api/oidc/interactions/${uid}/passkey`, { json: { response } });
        })();
    let next = await browser.request(String(login.json?.redirectTo));
    for (let hop = 0; hop < 5 && isRedirect(next) && !next.location!.startsWith(REDIRECT_URI); hop += 1) next = await browser.request(next.location!);
    if (!isRedirect(next) || !next.location!.startsWith(REDIRECT_URI)) throw new Error(`the provider did not come back to the storefront: ${next.status} ${next.location ?? next.text.slice(0, 200)}`);
    const callback = new URL(next.location!);
    const code = callback.searchParams.get('code');
    if (!code || callback.searchParams.get('state') !== state) throw new Error(`the callback holds no code or the wrong state: ${callback.search}`);
    // The storefront's own call, from its server: no cookies.
    const exchange = await fetch(`${site.baseUrl}${site.tokenPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: clientId, code_verifier: verifier }).toString(),
    });
    const tokens = (await exchange.json()) as Record<string, unknown>;
    if (exchange.status !== 200 || typeof tokens.id_token !== 'string' || typeof tokens.access_token !== 'string') {
      throw new Error(`POST ${site.tokenPath} answered ${exchange.status}: ${JSON.stringify(tokens).slice(0, 200)}`);
    }
  };
}

/** The portal's password sign-in: one request, the baseline of the part. */
function passwordFlow(site: TSite, accounts: TWorkerAccount[]): TFlow {
  return async ({ worker }) => {
    const account = accounts[worker]!;
    const answer = await postJson(site, '/api/auth/login', { email: account.email, password: account.password }, 200);
    if (typeof answer.token !== 'string') throw new Error('POST /api/auth/login answered 200 without a token');
  };
}

/** The portal's passkey sign-in: a challenge, the authenticator's signed answer, the session. */
function passkeyFlow(site: TSite, accounts: TWorkerAccount[]): TFlow {
  return async ({ worker }) => {
    const { authenticator } = accounts[worker]!;
    const headers = { 'x-forwarded-for': nextClientIp() };
    const options = await postJson(site, '/api/auth/passkey/options', undefined, 200, headers);
    const response = authenticator.authenticate(options as Parameters<SoftwareAuthenticator['authenticate']>[0], site.publicOrigin);
    const answer = await postJson(site, '/api/auth/passkey/verify', { response }, 200, headers);
    if (typeof answer.token !== 'string') throw new Error('POST /api/auth/passkey/verify answered 200 without a token');
  };
}

/**
 * The OpenID Connect part of `npm run bench` (BENCH_ONLY=oidc): complete storefront sign-ins
 * per second through the authorization code flow with PKCE and a password, and passkey
 * sign-ins, each beside the portal's password sign-in of the same server (and /healthz).
 * The passkey goes through the interaction's passkey routes, as the portal's sign-in page does;
 * the portal's own passkey sign-in is measured beside it. Figures go to bench/results/<time>-oidc.json.
 */
export async function runOidcBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const workers = config.connections;
  const dataDir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'comptoir-bench-oidc-'));
  log(`oidc: ${workers} customers and a first-party storefront client…`);
  const fixture = await prepareOidcFixture({ databaseUrl: config.databaseUrl, dataDir: dataDir ?? null, customerCount: workers });
  let server: TServerProcess | null = null;
  try {
    // Each flow comes from its own address (X-Forwarded-For), as customers do.
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl: config.databaseUrl, env: { TRUST_PROXY: 'true' }, ...(dataDir ? { dataDir } : {}) });
    const discovery = (await (await fetch(`${server.baseUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; token_endpoint: string };
    const site: TSite = { baseUrl: server.baseUrl, publicOrigin: new URL(discovery.issuer).origin, tokenPath: new URL(discovery.token_endpoint).pathname };
    const accounts: TWorkerAccount[] = [];
    for (const account of fixture.customers) accounts.push(await addPasskey(site, account));

    const healthz = await runLoadScenario({
      baseUrl: server.baseUrl,
      scenario: { name: 'healthz', method: 'GET', path: '/healthz' },
      connections: config.connections,
      durationSeconds: config.durationSeconds,
      warmupSeconds: config.warmupSeconds,
    });
    // The storefront sign-in first: every sign-in adds a session to its customer, and the
    // `comptoir` claim reads the customer's latest sessions (see bench/README.md).
    const flows: { name: string; steps: string[]; flow: TFlow }[] = [
      {
        name: 'oidc_password',
        steps: [
          'GET /oidc/auth (PKCE S256)',
          'GET /api/oidc/interactions/{uid}',
          'POST /api/oidc/interactions/{uid}/login (password)',
          'GET /oidc/auth/{uid} (consent skipped: first party)',
          'POST /oidc/token (code + verifier)',
        ],
        flow: oidcFlow(site, fixture.clientId, accounts, 'password'),
      },
      {
        name: 'oidc_passkey',
        steps: [
          'GET /oidc/auth (PKCE S256)',
          'GET /api/oidc/interactions/{uid}',
          'POST /api/oidc/interactions/{uid}/passkey/options',
          'POST /api/oidc/interactions/{uid}/passkey (the authenticator’s signed answer)',
          'GET /oidc/auth/{uid} (consent skipped: first party)',
          'POST /oidc/token (code + verifier)',
        ],
        flow: oidcFlow(site, fixture.clientId, accounts, 'passkey'),
      },
      { name: 'password_login', steps: ['POST /api/auth/login'], flow: passwordFlow(site, accounts) },
      { name: 'passkey_login', steps: ['POST /api/auth/passkey/options', 'POST /api/auth/passkey/verify'], flow: passkeyFlow(site, accounts) },
    ];
    const results: TFlowResult[] = [];
    for (const { name, steps, flow } of flows) {
      log(`oidc: ${name}, ${workers} workers: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
      results.push(await runFlowScenario({ name, steps, workers, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds, flow }));
    }
    const report = buildReport({ startedAt, database: server.databaseKind, config, healthz, results });
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-oidc.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatReport(report)}\n\nwritten to ${path}\n`);
    if (report.problems.length > 0) {
      log(`oidc: the run had errors; last server output:\n${server.recentOutput().trim() || '(none)'}`);
      return 1;
    }
    return 0;
  } finally {
    await server?.stop();
  }
}

function buildReport(options: { startedAt: Date; database: string; config: TBenchConfig; healthz: TScenarioResult; results: TFlowResult[] }) {
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  const ratio = (numerator: number, denominator: number) => (denominator > 0 ? round(numerator / denominator, 3) : 0);
  const rateOf = (name: string) => options.results.find((result) => result.name === name)?.flowsPerSecond ?? 0;
  const login = rateOf('password_login');
  return {
    startedAt: options.startedAt.toISOString(),
    machine: describeMachine(),
    database: options.database,
    durationSeconds: options.config.durationSeconds,
    workers: options.config.connections,
    scope: SCOPE,
    healthz: {
      method: 'GET',
      path: '/healthz',
      requestsPerSecond: round(options.healthz.requestsPerSecond, 1),
      latencyP50Ms: options.healthz.latencyP50Ms,
      latencyP99Ms: options.healthz.latencyP99Ms,
      non2xx: options.healthz.non2xx,
    },
    flows: options.results.map((result) => ({
      name: result.name,
      steps: result.steps,
      flowsPerSecond: round(result.flowsPerSecond, 1),
      latencyP50Ms: result.latencyP50Ms,
      latencyP99Ms: result.latencyP99Ms,
      completedFlows: result.completedFlows,
      failedFlows: result.failedFlows,
      ratioToPasswordLogin: ratio(result.flowsPerSecond, login),
      ratioToHealthz: ratio(result.flowsPerSecond, options.healthz.requestsPerSecond),
    })),
    ratios: {
      oidcPasswordToPasswordLogin: ratio(rateOf('oidc_password'), login),
      oidcPasskeyToPasswordLogin: ratio(rateOf('oidc_passkey'), login),
      passkeyToPasswordLogin: ratio(rateOf('passkey_login'), login),
    },
    problems: [
      ...(options.healthz.errors > 0 ? [`healthz: ${options.healthz.errors} connection errors or timeouts`] : []),
      ...(options.healthz.non2xx > 0 ? [`healthz: ${options.healthz.non2xx} non-2xx answers`] : []),
      ...options.results.flatMap((result) => (result.failedFlows > 0 ? [`${result.name}: ${result.failedFlows} failed flows, e.g. ${result.failures.join(' | ')}`] : [])),
    ],
  };
}

function formatReport(report: ReturnType<typeof buildReport>): string {
  const load = report.machine.loadAverage;
  const rows = report.flows.map((flow) =>
    [flow.name.padEnd(16), flow.flowsPerSecond.toFixed(1).padStart(8), flow.latencyP50Ms.toFixed(1).padStart(8), flow.latencyP99Ms.toFixed(1).padStart(8), String(flow.failedFlows).padStart(7), flow.ratioToPasswordLogin.toFixed(3).padStart(8), flow.ratioToHealthz.toFixed(4).padStart(10)].join('  '),
  );
  return [
    `Comptoir OpenID Connect bench — ${report.database}, ${report.workers} workers, ${report.durationSeconds} s per flow, load ${load ? load.join(' ') : 'unknown'}`,
    `GET /healthz: ${report.healthz.requestsPerSecond.toFixed(0)} req/s (p50 ${report.healthz.latencyP50Ms} ms, p99 ${report.healthz.latencyP99Ms} ms)`,
    '',
    ['flow'.padEnd(16), 'flows/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'failed'.padStart(7), '÷ login'.padStart(8), '÷ healthz'.padStart(10)].join('  '),
    ...rows,
    '',
    'oidc_* are whole storefront sign-ins (authorization code with PKCE); passkey_login is the portal’s own passkey sign-in',
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}
