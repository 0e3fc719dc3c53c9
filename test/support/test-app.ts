import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type TConfig } from '../../src/config.js';
import type { TAppContext } from '../../src/context.js';
import { openRuntime, type TRuntime } from '../../src/runtime.js';
import { startSmtpSink, type TSmtpSink } from './smtp-sink.js';
import { createTestDatabase } from './test-database.js';

export const TEST_PUBLIC_URL = 'http://comptoir.test';

/** argon2id still, but cheap: the suite hashes hundreds of passwords on two cores. */
const FAST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export type TTestApp = {
  app: FastifyInstance;
  ctx: TAppContext;
  runtime: TRuntime;
  config: TConfig;
  mail: TSmtpSink;
  close(): Promise<void>;
};

/** The whole application on a fresh database, with a real SMTP server receiving its email. */
export async function createTestApp(
  options: { env?: Record<string, string>; devMailbox?: boolean; sameDatabaseAs?: TTestApp; webhookRetryDelaysMs?: number[] } = {},
): Promise<TTestApp> {
  // A second instance shares the first one's SMTP server too: either instance's mail worker
  // may deliver what the other wrote to the shared outbox.
  const mail = options.sameDatabaseAs?.mail ?? (await startSmtpSink());
  // A second instance on the first one's PostgreSQL database (multi-instance tests); it leaves
  // dropping the database to the first.
  const database = options.sameDatabaseAs
    ? { databaseUrl: options.sameDatabaseAs.config.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_PUBLIC_URL,
    TRUST_PROXY: 'true',
    // Off by default: many tests change sessions straight in the database and expect the next
    // request to see it; session-cache.test.ts turns it on and tests it.
    SESSION_CACHE_SECONDS: '0',
    ...(options.devMailbox ? {} : { SMTP_URL: mail.url }),
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl, DATABASE_POOL_SIZE: '4' } : {}),
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    ...options.env,
  });
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const runtime = await openRuntime({
    config,
    log: silent,
    dataDir: null,
    argon2: FAST_ARGON2,
    mailPollIntervalMs: 100,
    webhooks: { pollIntervalMs: 100, retryDelaysMs: options.webhookRetryDelaysMs ?? [50, 100, 200], timeoutMs: 2000 },
  });
  const app = await buildApp({ ...runtime.context, devMailbox: options.devMailbox ?? false });
  await app.ready();
  runtime.mailWorker.start();
  runtime.webhookWorker.start();
  return {
    app,
    ctx: runtime.context,
    runtime,
    config,
    mail,
    async close() {
      await app.close();
      await runtime.close();
      if (!options.sameDatabaseAs) await mail.close();
      await database.drop();
    },
  };
}

/** A random client address: rate limits count per IP, and each test acts as its own visitor. */
export function newIp(): string {
  return `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

export function uniqueEmail(name = 'client'): string {
  return `${name}.${randomBytes(5).toString('hex')}@example.fr`;
}

export const STRONG_PASSWORD = 'violet tambour pelouse 1987 grenier';

type TCallOptions = { token?: string; ip?: string; headers?: Record<string, string>; cookies?: Record<string, string> };

/** A thin HTTP client over app.inject: JSON in, parsed JSON out. */
export function apiClient(app: FastifyInstance, defaults: { ip?: string } = {}) {
  const ip = defaults.ip ?? newIp();
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, options: TCallOptions = {}) => {
    const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? ip, ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response: LightMyRequestResponse = await app.inject({
      method,
      url,
      headers,
      ...(options.cookies ? { cookies: options.cookies } : {}),
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const isJson = /json/.test(String(response.headers['content-type'] ?? ''));
    return { status: response.statusCode, headers: response.headers, body: isJson ? response.json() : response.body, raw: response };
  };
  return {
    ip,
    get: (url: string, options?: TCallOptions) => call('GET', url, undefined, options),
    post: (url: string, body?: unknown, options?: TCallOptions) => call('POST', url, body, options),
    put: (url: string, body?: unknown, options?: TCallOptions) => call('PUT', url, body, options),
    patch: (url: string, body?: unknown, options?: TCallOptions) => call('PATCH', url, body, options),
    delete: (url: string, options?: TCallOptions) => call('DELETE', url, undefined, options),
  };
}

export type TApiClient = ReturnType<typeof apiClient>;
