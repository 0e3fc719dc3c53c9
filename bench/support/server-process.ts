import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type TDatabaseKind = 'pglite' | 'postgres';

export type TServerProcess = {
  baseUrl: string;
  databaseKind: TDatabaseKind;
  /** The process started (tsx; the server's node process is its child). */
  pid: number | undefined;
  /** The last lines the server wrote, to explain a failure. */
  recentOutput(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after a grace period); idempotent. */
  stop(): Promise<void>;
};

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 25_000;
const OUTPUT_TAIL_CHARS = 8_000;

/** Starts `tsx src/main.ts` (or the built server) on a free port and resolves once GET /readyz answers 200. */
export async function startServerProcess(options: {
  repoRoot: string;
  databaseUrl: string | null;
  /** Extra settings for this server, e.g. SESSION_CACHE_SECONDS=0. */
  env?: Record<string, string>;
  /** A PGlite folder prepared beforehand (removed when the server stops); default a new one. */
  dataDir?: string;
  /**
   * Run the compiled server through bin/comptoir-server (as `npm start` does: its node and malloc
   * settings included) instead of tsx: what a shop runs, and the only fair process to read
   * resident memory from. Needs `npm run build`.
   */
  built?: boolean;
}): Promise<TServerProcess> {
  const port = await findFreePort();
  const dataDir = options.databaseUrl ? null : (options.dataDir ?? (await mkdtemp(join(tmpdir(), 'comptoir-bench-'))));
  // Emails must reach the development mailbox, and only the database asked for is used.
  const inherited = { ...process.env };
  delete inherited.SMTP_URL;
  delete inherited.DATABASE_URL;
  // The launcher execs node (this one, through NODE), so the child's pid is the server's.
  const [command, args] = options.built ? ['sh', ['bin/comptoir-server']] : [join(options.repoRoot, 'node_modules/.bin/tsx'), ['src/main.ts']];
  const child = spawn(command, args, {
    cwd: options.repoRoot,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      NODE: process.execPath,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATA_DIR: dataDir! }),
      ...options.env,
    },
    // Its own process group, so that stopping it also reaches the node process tsx starts.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped: Promise<void> | null = null;
  const server: TServerProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseKind: options.databaseUrl ? 'postgres' : 'pglite',
    pid: child.pid,
    recentOutput: () => output,
    stop: () => {
      stopped ??= stopChild(child, exited).finally(() =>
        dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined,
      );
      return stopped;
    },
  };

  try {
    await waitUntilReady(server.baseUrl, child);
  } catch (error) {
    await server.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output ---\n${output.trim() || '(none)'}`);
  }
  return server;
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastAnswer = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited during startup (code ${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastAnswer = `GET /readyz answered ${response.status}`;
    } catch (error) {
      lastAnswer = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s (${lastAnswer})`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port found'))));
    });
  });
}
