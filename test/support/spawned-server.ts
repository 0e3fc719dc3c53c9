import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TSmtpSink } from './smtp-sink.js';
import { newIp } from './test-app.js';

/**
 * Comptoir in its own process, as an operator runs it, for tests that kill it (SIGKILL), run
 * two of it, or take its database away. `node --import tsx src/main.ts`: nothing to build, and
 * the signal reaches the server itself (the `tsx` wrapper would relay it).
 */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Every variable config.ts reads that the machine might set: none may leak into these servers. */
const COMPTOIR_VARIABLES = [
  'NODE_ENV', 'PORT', 'HOST', 'PUBLIC_URL', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'SMTP_URL', 'MAIL_FROM', 'REDIS_URL',
  'SHOP_NAME', 'SESSION_IDLE_DAYS', 'SESSION_ABSOLUTE_DAYS', 'SESSION_CACHE_SECONDS', 'TRUST_PROXY', 'LOG_LEVEL', 'B2B_ONLY',
  'MAIL_POLL_INTERVAL_MS', 'MAIL_LEASE_SECONDS', 'WEBHOOK_POLL_INTERVAL_MS', 'WEBHOOK_RETRY_DELAYS_MS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_LEASE_SECONDS',
];

/**
 * Short outbox leases and polls: a killed instance's email or webhook is taken over within
 * seconds rather than the production two minutes, so a test can wait for it.
 */
export const FAST_WORKERS: Record<string, string> = {
  MAIL_POLL_INTERVAL_MS: '200',
  MAIL_LEASE_SECONDS: '3',
  WEBHOOK_POLL_INTERVAL_MS: '200',
  WEBHOOK_RETRY_DELAYS_MS: '200,400,800,1600',
  WEBHOOK_TIMEOUT_MS: '5000',
  WEBHOOK_LEASE_SECONDS: '3',
};

export type TSpawnedServer = {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs, whatever was in flight is cut. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM and the exit (SIGKILL after 30 s). */
  stop(): Promise<void>;
};

const running = new Set<TSpawnedServer>();

/** Call from afterAll/afterEach: no server outlives its test file. */
export async function killAllSpawnedServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill()));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a server on PostgreSQL (`DATABASE_URL` in env) and resolves when /readyz answers 200. */
export async function startServer(env: Record<string, string>, options: { port?: number; readyWithinMs?: number } = {}): Promise<TSpawnedServer> {
  const port = options.port ?? (await freePort());
  const inherited = { ...process.env };
  for (const name of COMPTOIR_VARIABLES) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: 'http://comptoir.test',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '4',
      ...FAST_WORKERS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const server: TSpawnedServer = {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output.slice(-4000),
    exited,
    async kill() {
      running.delete(server);
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      running.delete(server);
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(server);
  const deadline = Date.now() + (options.readyWithinMs ?? 60_000);
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`the server exited before it was ready:\n${server.output()}`);
    const ready = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) }).then((response) => response.status === 200, () => false);
    if (ready) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.kill();
  throw new Error(`the server was not ready within ${(options.readyWithinMs ?? 60_000) / 1000} s:\n${server.output()}`);
}

export type THttpResponse = { status: number; headers: Headers; body: unknown };

/**
 * JSON over real HTTP to a spawned server (or the proxy in front of two), as one visitor:
 * its own X-Forwarded-For address, since rate limits count per address.
 */
export function httpClient(baseUrl: string, defaults: { ip?: string } = {}) {
  const ip = defaults.ip ?? newIp();
  const call = async (method: string, url: string, body?: unknown, options: { token?: string; headers?: Record<string, string> } = {}): Promise<THttpResponse> => {
    const headers: Record<string, string> = { 'x-forwarded-for': ip, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${url}`, { method, headers, body: payload, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: isJson && text ? (JSON.parse(text) as unknown) : text };
  };
  return {
    ip,
    get: (url: string, options?: { token?: string; headers?: Record<string, string> }) => call('GET', url, undefined, options),
    post: (url: string, body?: unknown, options?: { token?: string; headers?: Record<string, string> }) => call('POST', url, body, options),
    delete: (url: string, options?: { token?: string; headers?: Record<string, string> }) => call('DELETE', url, undefined, options),
  };
}

export type THttpClient = ReturnType<typeof httpClient>;

/** Polls `condition` every 100 ms; fails with `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Random and short: the strength check of a long passphrase costs seconds of CPU on a loaded machine. */
export const SPAWNED_PASSWORD = 'Tq8!vR2#mZ6@pL4w';

/** Signs up over HTTP and opens the emailed verification link: a signed-in customer. */
export async function signUpOverHttp(client: THttpClient, mail: TSmtpSink, email: string): Promise<{ email: string; token: string; customerId: string }> {
  const since = mail.mark();
  const registered = await client.post('/api/auth/register', { email, password: SPAWNED_PASSWORD, firstName: 'Camille', lastName: 'Durand' });
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const message = await mail.waitForEmail({ to: email, subject: /confirm/i, after: since, timeoutMs: 30_000 });
  const token = /\/verify-email\?token=([A-Za-z0-9_%-]+)/.exec(message.text)?.[1];
  if (!token) throw new Error('no verification link in the email');
  const verified = await client.post('/api/auth/verify-email', { token: decodeURIComponent(token) });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  const body = verified.body as { token: string; customer: { id: string } };
  return { email, token: body.token, customerId: body.customer.id };
}
