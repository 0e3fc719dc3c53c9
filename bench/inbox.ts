import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { DEFAULT_MARKET_ID } from '../src/modules/markets/markets.tables.js';
import { createPasswordHasher } from '../src/platform/crypto/passwords.js';
import type { TBenchConfig } from './support/bench-config.js';
import { runLoadScenario, type TScenario, type TScenarioResult } from './support/load-scenario.js';
import { describeMachine } from './support/machine.js';
import { startServerProcess, type TServerProcess } from './support/server-process.js';

const PASSWORD = 'correct horse battery staple bench';
/** The bench customer's inbox: this many messages, the newest this many unread. */
const OWN_MESSAGES = 200;
const OWN_UNREAD = 30;
/** Other customers and their messages, so that only the indexes keep the inbox cheap. BENCH_INBOX_CUSTOMERS overrides the count. */
const DEFAULT_OTHER_CUSTOMERS = 2_000;
const MESSAGES_PER_OTHER = 50;
/** About what a shop writes: a few short paragraphs. */
const BODY = `Bonjour,\n\nvotre commande est prête à être retirée en magasin. Nous la gardons quinze jours ; au-delà, elle repart chez nous et vous êtes remboursé.\n\nÀ bientôt,\nLa Boutique`;

type TInboxFixture = { email: string; password: string; otherCustomers: number; totalMessages: number };

/**
 * The bench customer (password, verified) with 200 messages over a few months, the newest 30
 * unread and a few archived, and `otherCustomers` customers with 50 messages each (a fifth
 * unread), written straight into the database before the server starts (PGlite lets one
 * process hold its folder). Ids are time-ordered like newId's, so the newest has the greatest.
 */
async function prepareInboxFixture(options: { databaseUrl: string | null; dataDir: string | null; otherCustomers: number }): Promise<TInboxFixture> {
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 2 });
  try {
    await migrateDatabase(database);
    const { db } = database;
    const run = randomBytes(4).toString('hex');
    const email = `bench-inbox-${run}@example.com`;
    const passwordHash = await (await createPasswordHasher()).hash(PASSWORD);
    // Customer 0 is the bench customer; ids as newId makes them: a prefix and 26 characters.
    const customerId = (n: ReturnType<typeof sql>) => sql`'cus_inbx' || ${run} || lpad((${n})::text, 14, '0')`;
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, password_hash, first_name, last_name)
      values (${customerId(sql`0`)}, ${DEFAULT_MARKET_ID}, ${email}, ${email}, now(), ${passwordHash}, 'Bench', 'Inbox')`);
    await db.execute(sql`insert into customers (id, market_id, email, email_normalized, email_verified_at, first_name, last_name)
      select ${customerId(sql`g`)}, ${DEFAULT_MARKET_ID}, 'inbox-' || ${run} || '-' || g || '@example.com', 'inbox-' || ${run} || '-' || g || '@example.com', now(), 'Client', g::text
      from generate_series(1, ${options.otherCustomers}) g`);
    // One message every six hours; the bench customer's newest OWN_UNREAD unread, its ten
    // oldest archived; one in five of the others' unread.
    await db.execute(sql`insert into messages (id, market_id, customer_id, batch_id, sender_kind, subject, body, read_at, archived_at, created_at)
      select 'msg_inbx' || ${run} || 'a' || lpad(k::text, 13, '0'), ${DEFAULT_MARKET_ID}, ${customerId(sql`0`)}, 'mbt_inbx' || ${run} || 'a' || lpad(k::text, 13, '0'),
        'staff', 'Votre commande n° ' || k || ' est prête', ${BODY},
        case when k <= ${OWN_MESSAGES - OWN_UNREAD} then now() - make_interval(hours => (${OWN_MESSAGES} - k) * 6) end,
        case when k <= 10 then now() - make_interval(days => 1) end,
        now() - make_interval(hours => (${OWN_MESSAGES} - k) * 6)
      from generate_series(1, ${OWN_MESSAGES}) k`);
    const otherTotal = MESSAGES_PER_OTHER * options.otherCustomers;
    await db.execute(sql`insert into messages (id, market_id, customer_id, batch_id, sender_kind, subject, body, read_at, created_at)
      select 'msg_inbx' || ${run} || 'b' || lpad(g::text, 13, '0'), ${DEFAULT_MARKET_ID}, ${customerId(sql`1 + g % ${options.otherCustomers}`)}, 'mbt_inbx' || ${run} || 'b' || lpad(g::text, 13, '0'),
        'staff', 'Votre commande n° ' || g || ' est prête', ${BODY},
        case when g % 5 <> 0 then now() - make_interval(hours => (${otherTotal} - g) / ${options.otherCustomers} * 6) end,
        now() - make_interval(hours => (${otherTotal} - g) / ${options.otherCustomers} * 6)
      from generate_series(1, ${otherTotal}) g`);
    await db.execute(sql`analyze customers`);
    await db.execute(sql`analyze messages`);
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from messages`));
    return { email, password: PASSWORD, otherCustomers: options.otherCustomers, totalMessages: row?.n ?? -1 };
  } finally {
    await database.close();
  }
}

/**
 * The inbox part of `npm run bench` (BENCH_ONLY=inbox): the portal's Messagerie — the first
 * page of the inbox with its unread count, and the unread count alone that the header asks on
 * every page — beside GET /api/me, GET /api/me/context and /healthz of the same server, for a
 * customer with 200 messages among 100,000. Figures go to bench/results/<time>-inbox.json.
 */
export async function runInboxBench(options: { config: TBenchConfig; repoRoot: string; resultsDir: string; log: (message: string) => void }): Promise<number> {
  const { config, log } = options;
  const startedAt = new Date();
  const otherCustomers = Number(process.env.BENCH_INBOX_CUSTOMERS ?? DEFAULT_OTHER_CUSTOMERS);
  if (!Number.isInteger(otherCustomers) || otherCustomers < 1) throw new Error(`BENCH_INBOX_CUSTOMERS must be a positive integer, got "${process.env.BENCH_INBOX_CUSTOMERS}"`);
  const dataDir = config.databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'comptoir-bench-inbox-'));
  log(`inbox: ${OWN_MESSAGES} messages for the bench customer, ${MESSAGES_PER_OTHER} for each of ${otherCustomers} others…`);
  const fixture = await prepareInboxFixture({ databaseUrl: config.databaseUrl, dataDir: dataDir ?? null, otherCustomers });
  let server: TServerProcess | null = null;
  try {
    server = await startServerProcess({ repoRoot: options.repoRoot, databaseUrl: config.databaseUrl, ...(dataDir ? { dataDir } : {}) });
    const signIn = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: fixture.email, password: fixture.password }),
    });
    const { token } = (await signIn.json()) as { token?: unknown };
    if (signIn.status !== 200 || typeof token !== 'string') throw new Error(`POST /api/auth/login answered ${signIn.status}`);
    const auth = { authorization: `Bearer ${token}` };
    const scenarios: TScenario[] = [
      { name: 'healthz', method: 'GET', path: '/healthz' },
      { name: 'me', method: 'GET', path: '/api/me', headers: auth },
      // One small query after the (cached) session: what any route that reads the database
      // pays at least, to tell the inbox's own cost from a database round trip's.
      { name: 'context', method: 'GET', path: '/api/me/context', headers: auth },
      { name: 'inbox', method: 'GET', path: '/api/me/messages', headers: auth },
      { name: 'unread_count', method: 'GET', path: '/api/me/messages/unread-count', headers: auth },
      { name: 'inbox_unread', method: 'GET', path: '/api/me/messages?status=unread', headers: auth },
    ];
    const samples = await sampleAnswers(server.baseUrl, scenarios, auth);
    const results: TScenarioResult[] = [];
    for (const scenario of scenarios) {
      log(`inbox: ${scenario.method} ${scenario.path}: ${config.warmupSeconds} s warm-up, ${config.durationSeconds} s measured…`);
      results.push(await runLoadScenario({ baseUrl: server.baseUrl, scenario, connections: config.connections, durationSeconds: config.durationSeconds, warmupSeconds: config.warmupSeconds }));
    }
    const report = buildReport({ startedAt, database: server.databaseKind, config, fixture, results, samples });
    await mkdir(options.resultsDir, { recursive: true });
    const path = join(options.resultsDir, `${report.startedAt.replaceAll(':', '-')}-inbox.json`);
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatReport(report)}\n\nwritten to ${path}\n`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await server?.stop();
  }
}

/** What each route answered once, so the report says what was served (rows, unread count). */
async function sampleAnswers(baseUrl: string, scenarios: TScenario[], headers: Record<string, string>): Promise<Record<string, { items: number | null; unreadCount: number | null }>> {
  const samples: Record<string, { items: number | null; unreadCount: number | null }> = {};
  for (const scenario of scenarios.filter((candidate) => candidate.path.startsWith('/api/me/messages'))) {
    const body = (await (await fetch(`${baseUrl}${scenario.path}`, { headers })).json()) as { items?: unknown[]; unreadCount?: number };
    samples[scenario.name] = { items: body.items?.length ?? null, unreadCount: body.unreadCount ?? null };
  }
  return samples;
}

function buildReport(options: {
  startedAt: Date;
  database: string;
  config: TBenchConfig;
  fixture: TInboxFixture;
  results: TScenarioResult[];
  samples: Record<string, { items: number | null; unreadCount: number | null }>;
}) {
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  const rateOf = (name: string) => options.results.find((result) => result.name === name)?.requestsPerSecond ?? 0;
  const ratio = (numerator: number, denominator: number) => (denominator > 0 ? round(numerator / denominator, 3) : 0);
  const me = rateOf('me');
  const healthz = rateOf('healthz');
  return {
    startedAt: options.startedAt.toISOString(),
    machine: describeMachine(),
    database: options.database,
    durationSeconds: options.config.durationSeconds,
    connections: options.config.connections,
    data: {
      ownMessages: OWN_MESSAGES,
      ownUnread: OWN_UNREAD,
      otherCustomers: options.fixture.otherCustomers,
      messagesPerOtherCustomer: MESSAGES_PER_OTHER,
      totalMessages: options.fixture.totalMessages,
    },
    scenarios: options.results.map((result) => ({
      name: result.name,
      method: result.method,
      path: result.path,
      answered: options.samples[result.name] ?? null,
      requestsPerSecond: round(result.requestsPerSecond, 1),
      latencyP50Ms: result.latencyP50Ms,
      latencyP99Ms: result.latencyP99Ms,
      non2xx: result.non2xx,
      ratioToMe: ratio(result.requestsPerSecond, me),
      ratioToHealthz: ratio(result.requestsPerSecond, healthz),
    })),
    ratios: {
      inboxToMe: ratio(rateOf('inbox'), me),
      unreadCountToMe: ratio(rateOf('unread_count'), me),
      inboxUnreadToMe: ratio(rateOf('inbox_unread'), me),
      unreadCountToContext: ratio(rateOf('unread_count'), rateOf('context')),
      inboxToContext: ratio(rateOf('inbox'), rateOf('context')),
    },
    problems: options.results.flatMap((result) => [
      ...(result.errors > 0 ? [`${result.name}: ${result.errors} connection errors or timeouts`] : []),
      ...(result.non2xx > 0 ? [`${result.name}: ${result.non2xx} non-2xx answers`] : []),
    ]),
  };
}

function formatReport(report: ReturnType<typeof buildReport>): string {
  const load = report.machine.loadAverage;
  const rows = report.scenarios.map((s) =>
    [s.name.padEnd(14), s.requestsPerSecond.toFixed(0).padStart(8), s.latencyP50Ms.toFixed(1).padStart(8), s.latencyP99Ms.toFixed(1).padStart(8), String(s.non2xx).padStart(8), s.ratioToMe.toFixed(3).padStart(7), s.ratioToHealthz.toFixed(3).padStart(10)].join('  '),
  );
  return [
    `Comptoir inbox bench — ${report.database}, ${report.data.totalMessages} messages (${report.data.ownMessages} the customer's, ${report.data.ownUnread} unread), ${report.connections} connections, ${report.durationSeconds} s per scenario, load ${load ? load.join(' ') : 'unknown'}`,
    '',
    ['scenario'.padEnd(14), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), '÷ me'.padStart(7), '÷ healthz'.padStart(10)].join('  '),
    ...rows,
    ...report.problems.map((problem) => `PROBLEM ${problem}`),
  ].join('\n');
}
