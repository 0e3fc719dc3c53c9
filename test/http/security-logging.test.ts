import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loggerOptions } from '../../src/platform/http/log-options.js';
import { apiClient, createTestApp, newIp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { registerVerifiedCustomer } from '../support/factories.js';

// ASVS 5.0 14.1.2 / 14.2.4: personal data and secrets are kept out of the logs. The app is
// built with the production log options (main.ts) writing to memory.
let t: TTestApp;
let app: FastifyInstance;
const lines: string[] = [];
const personal = { email: uniqueEmail('journal'), name: 'Zéphirine-Journal' };

beforeAll(async () => {
  t = await createTestApp();
  app = await buildApp({ ...t.runtime.context, devMailbox: false, logger: loggerOptions('info', { write: (line) => void lines.push(line) }) });
  // A query that fails on a value a customer typed: Drizzle's error message lists its
  // parameters and PostgreSQL's quotes the refused value.
  app.get('/api/test-only/failing-query', async () => {
    await t.ctx.db.execute(sql`select ${personal.email}::uuid, ${personal.name}::text`);
    return {};
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
});

describe('the log', () => {
  it('a request failing on a database error answers a request id only and logs the SQL without its parameters', async () => {
    lines.length = 0;
    const answer = await apiClient(app).get('/api/test-only/failing-query');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ status: 500, requestId: expect.any(String) });
    expect(JSON.stringify(answer.body)).not.toContain(personal.email);
    const failure = lines.map((line) => JSON.parse(line) as { msg?: string; err?: { type: string; query?: string; code?: string; cause?: { code?: string } } }).find((entry) => entry.msg === 'request failed');
    expect(failure?.err?.type).toBe('DrizzleQueryError');
    expect(failure?.err?.query).toContain('::uuid');
    expect(failure?.err?.cause?.code ?? failure?.err?.code).toBe('22P02');
    const log = lines.join('\n');
    expect(log).not.toContain(personal.email);
    expect(log).not.toContain(personal.name);
  });

  it('requests are logged by method and path: no query string, cookie, Authorization header, address or password', async () => {
    const customer = await registerVerifiedCustomer(t, { email: uniqueEmail('journal-client') });
    lines.length = 0;
    const client = apiClient(app, { ip: newIp() });
    const signIn = await client.post('/api/auth/login', { email: customer.email, password: STRONG_PASSWORD });
    expect(signIn.status).toBe(200);
    const { token } = signIn.body as { token: string };
    expect((await client.get('/api/me', { token })).status).toBe(200);
    const secretQuery = 'jeton-secret-dans-le-lien';
    await client.get(`/api/unsubscribe?token=${secretQuery}`);
    await client.post('/api/auth/login', { email: customer.email, password: 'a wrong password, logged nowhere' });
    const log = lines.join('\n');
    expect(log).toContain('"url":"/api/me"');
    for (const secret of [token, secretQuery, customer.email, STRONG_PASSWORD, 'a wrong password, logged nowhere']) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/authorization|cookie|user-agent/i);
  });
});
