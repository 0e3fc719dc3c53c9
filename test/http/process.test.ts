import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../support/test-app.js';

/**
 * The real server as an operator runs it: its own process, its own embedded database on disk.
 * `node --import tsx` rather than the `tsx` command: that wrapper relays SIGTERM to the server
 * and SIGKILLs it when it has not acknowledged within 30 ms, which a busy machine can miss.
 */
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const SLOW = { timeout: 180_000 };

/** Every variable config.ts reads: the machine's own values must not leak into these servers. */
const COMPTOIR_VARIABLES = [
  'NODE_ENV', 'PORT', 'HOST', 'PUBLIC_URL', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'SMTP_URL', 'MAIL_FROM',
  'REDIS_URL', 'SHOP_NAME', 'BRAND_COLOR', 'BRAND_LOGO_URL', 'SESSION_IDLE_DAYS', 'SESSION_ABSOLUTE_DAYS', 'TRUST_PROXY', 'LOG_LEVEL',
];

type TServer = {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const started = new Set<ChildProcess>();
const folders: string[] = [];

afterEach(() => {
  // A failed test must not leave a server holding its port or its data folder.
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  started.clear();
});
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function newDataDir(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'comptoir-process-'));
  folders.push(folder);
  return folder;
}

function startServer(env: Record<string, string>, port: number): TServer {
  const inherited = { ...process.env };
  for (const name of COMPTOIR_VARIABLES) delete inherited[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, port, baseUrl: `http://127.0.0.1:${port}`, stdout: () => stdout, stderr: () => stderr, exited };
}

function hasExited(server: TServer): boolean {
  return server.child.exitCode !== null || server.child.signalCode !== null;
}

/** Polls /readyz until 200; fails early with the server's output if it exits or takes a minute. */
async function waitUntilReady(server: TServer): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited(server)) {
      throw new Error(`the server exited before it was ready:\n${server.stdout()}\n${server.stderr()}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server was not ready within 60 s:\n${server.stdout()}\n${server.stderr()}`);
}

/** SIGTERM, then the exit; SIGKILL (and a failed test) if it does not come within 30 s. */
async function stopServer(server: TServer) {
  server.child.kill('SIGTERM');
  return waitForExit(server, 30_000);
}

async function waitForExit(server: TServer, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), timeoutMs);
  });
  const result = await Promise.race([server.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timed_out') {
    server.child.kill('SIGKILL');
    throw new Error(`the server did not exit within ${timeoutMs / 1000} s:\n${server.stdout()}\n${server.stderr()}`);
  }
  return result;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** POST /api/auth/register with all but the last bytes of its body sent; `finish` sends them. */
function startSlowRegistration(server: TServer, agent: http.Agent, email: string) {
  const body = JSON.stringify({ email, password: STRONG_PASSWORD, firstName: 'Margaux', lastName: 'Leroy' });
  const request = http.request({
    host: '127.0.0.1',
    port: server.port,
    path: '/api/auth/register',
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (incoming) => {
      let text = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (text += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      incoming.on('error', reject);
    });
  });
  const split = body.length - 8;
  request.write(body.slice(0, split));
  return { response, finish: () => request.end(body.slice(split)) };
}

/** Resolves once a fresh connection to the server is refused. */
async function waitUntilRefusingConnections(server: TServer): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = http.get({ host: '127.0.0.1', port: server.port, path: '/healthz', agent: false }, (incoming) => {
        incoming.resume();
        incoming.on('end', () => resolve(false));
      });
      probe.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
      probe.setTimeout(5_000, () => probe.destroy());
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the server kept accepting connections after SIGTERM');
}

async function register(server: TServer, email: string) {
  return fetch(`${server.baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: STRONG_PASSWORD, firstName: 'Margaux', lastName: 'Leroy' }),
  });
}

type TMailboxItem = { to: string; template: string; subject: string; text: string };

async function mailboxOf(server: TServer, email: string): Promise<TMailboxItem[]> {
  const response = await fetch(`${server.baseUrl}/dev/mailbox/messages.json?limit=500`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: TMailboxItem[] };
  return body.items.filter((item) => item.to === email);
}

function uniqueAddress(): string {
  return `process.${randomBytes(5).toString('hex')}@example.fr`;
}

describe('the server process', () => {
  it('exits with code 2 and one message naming every bad variable, without a stack trace', SLOW, async () => {
    const server = startServer(
      { PORT: 'abc', SESSION_IDLE_DAYS: '-1', DATABASE_URL: 'mysql://x', DATA_DIR: await newDataDir() },
      0,
    );
    const { code } = await waitForExit(server, 60_000);
    const stderr = server.stderr();
    expect(code, stderr).toBe(2);
    for (const variable of ['PORT', 'SESSION_IDLE_DAYS', 'DATABASE_URL']) expect(stderr).toContain(variable);
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('node_modules');
    expect(server.stdout()).not.toMatch(/^\s+at /m);
  });

  it('answers /readyz, and on SIGTERM finishes the request in flight, then exits 0', SLOW, async () => {
    const server = startServer({ DATA_DIR: await newDataDir() }, await freePort());
    await waitUntilReady(server);
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // A keep-alive client, as browsers and proxies are, whose registration is still uploading its
    // body when the signal comes: it is in flight for certain, whatever the machine's speed.
    const agent = new http.Agent({ keepAlive: true });
    try {
      const email = uniqueAddress();
      const registration = startSlowRegistration(server, agent, email);
      await waitFor(
        () => /"url":"\/api\/auth\/register"[^\n]*"msg":"incoming request"/.test(server.stdout()),
        'the server to take the registration in',
      );
      server.child.kill('SIGTERM');
      // The listener is closed once new connections are refused: shutdown has begun.
      await waitFor(() => server.stdout().includes('SIGTERM: finishing requests in flight'), 'the server to begin stopping');
      await waitUntilRefusingConnections(server);
      registration.finish();

      const response = await registration.response;
      expect(response.status, response.body).toBe(202);
      expect(JSON.parse(response.body)).toEqual({ status: 'verification_sent' });
      const { code, signal } = await waitForExit(server, 30_000);
      expect({ code, signal }, `${server.stdout()}\n${server.stderr()}`).toEqual({ code: 0, signal: null });
      expect(server.stderr()).not.toMatch(/^\s+at /m);
    } finally {
      agent.destroy();
    }
  });

  it('keeps its data across a restart on the same DATA_DIR: registering again sends "already have an account"', SLOW, async () => {
    const dataDir = await newDataDir();
    const email = uniqueAddress();

    const first = startServer({ DATA_DIR: dataDir }, await freePort());
    await waitUntilReady(first);
    expect((await register(first, email)).status).toBe(202);
    expect((await mailboxOf(first, email)).map((item) => item.template)).toEqual(['verify_email']);
    expect(await stopServer(first)).toEqual({ code: 0, signal: null });

    const second = startServer({ DATA_DIR: dataDir }, await freePort());
    await waitUntilReady(second);
    expect((await mailboxOf(second, email)).map((item) => item.template)).toEqual(['verify_email']);

    const again = await register(second, email);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ status: 'verification_sent' });
    const emails = await mailboxOf(second, email);
    expect(emails.map((item) => item.template)).toEqual(['account_exists', 'verify_email']);
    expect(emails[0]!.subject).toMatch(/Vous avez déjà un compte/);
    expect(await stopServer(second)).toEqual({ code: 0, signal: null });
  });
});
