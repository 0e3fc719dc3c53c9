import { and, eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { startCountingWebhookReceiver, type TCountingWebhookReceiver } from '../support/fault-receivers.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { startRoundRobinProxy, type TRoundRobinProxy } from '../support/round-robin-proxy.js';
import { startSmtpSink, type TSmtpSink } from '../support/smtp-sink.js';
import { eventually, httpClient, killAllSpawnedServers, signUpOverHttp, SPAWNED_PASSWORD, startServer, type TSpawnedServer } from '../support/spawned-server.js';
import { createTestApp, newIp, uniqueEmail, type TTestApp } from '../support/test-app.js';

/**
 * Two Comptoir processes on one PostgreSQL database and one Redis, behind a round-robin
 * balancer, under mixed traffic (sign-ups, verifications, sign-ins, /api/me, sign-outs):
 * a session ended on one is refused by the other at once although both remember sessions
 * (NOTIFY evicts it), rate limits are counted once for both (Redis), and each email and
 * webhook goes out once though both workers poll the same outbox (SKIP LOCKED).
 *
 * On PostgreSQL only: PGlite is one process per folder, two instances cannot share it.
 * Redis database 14 is this file's own (127.0.0.1:6379 is shared): emptied first, and only it.
 */
const REDIS_URL = 'redis://127.0.0.1:6379/14';

describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances behind a load balancer (PostgreSQL and Redis)', () => {
  let t: TTestApp;
  let mail: TSmtpSink;
  let receiver: TCountingWebhookReceiver;
  let a: TSpawnedServer;
  let b: TSpawnedServer;
  let proxy: TRoundRobinProxy;
  let redisAvailable = false;

  beforeAll(async () => {
    t = await createTestApp();
    // Only the two spawned instances work the outbox.
    await t.runtime.mailWorker.stop();
    await t.runtime.webhookWorker.stop();
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    redisAvailable = await redis.connect().then(() => redis.flushdb()).then(() => true, () => false);
    redis.disconnect();
    mail = await startSmtpSink();
    receiver = await startCountingWebhookReceiver();
    const created = await storeClient(t, await newApiKey(t, ['webhooks:write'])).post('/api/integration/webhooks', { url: receiver.url, eventTypes: ['customer.created'] });
    expect(created.status).toBe(201);
    const env = {
      DATABASE_URL: t.config.databaseUrl!,
      SMTP_URL: mail.url,
      SESSION_CACHE_SECONDS: '5',
      // Production's leases: nobody is killed here, and a lease shorter than a send on a busy
      // machine would let the other instance take over an email still being sent.
      MAIL_LEASE_SECONDS: '120',
      WEBHOOK_LEASE_SECONDS: '40',
      ...(redisAvailable ? { REDIS_URL } : {}),
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    proxy = await startRoundRobinProxy([a.baseUrl, b.baseUrl]);
  });
  afterAll(async () => {
    await proxy?.close();
    await killAllSpawnedServers();
    await receiver?.close();
    await mail?.close();
    await t?.close();
  });

  it('mixed traffic through the balancer: both instances serve, each email and each webhook goes out exactly once', { timeout: 180_000 }, async () => {
    const emails = Array.from({ length: 6 }, () => uniqueEmail('deux'));
    const signedUp = await Promise.all(emails.map((email) => signUpOverHttp(httpClient(proxy.url), mail, email)));
    for (const [index, customer] of signedUp.entries()) {
      const client = httpClient(proxy.url);
      for (let call = 0; call < 3; call += 1) expect((await client.get('/api/me', { token: customer.token })).status).toBe(200);
      const login = await client.post('/api/auth/login', { email: customer.email, password: SPAWNED_PASSWORD });
      expect(login.status).toBe(200);
      const { token } = login.body as { token: string };
      expect((await client.get('/api/me', { token })).status).toBe(200);
      if (index % 2 === 0) {
        expect((await client.post('/api/auth/logout', undefined, { token })).status).toBeLessThan(300);
        // The other instance learns of it by NOTIFY, milliseconds after the commit: the next
        // request may race it, never a whole cache period (the test below measures that).
        await eventually(async () => (await client.get('/api/me', { token })).status === 401, 'the ended session refused', 2_000);
        for (let call = 0; call < 2; call += 1) expect((await client.get('/api/me', { token })).status).toBe(401);
      }
    }
    expect(new Set(proxy.sentTo)).toEqual(new Set([0, 1]));

    const ids = (await t.ctx.db.select({ id: customers.id }).from(customers).where(inArray(customers.emailNormalized, emails))).map((row) => row.id);
    expect(ids).toHaveLength(6);
    const outbox = await t.ctx.db.select().from(outboundEmails).where(inArray(outboundEmails.toAddress, emails));
    await eventually(async () => (await t.ctx.db.select().from(outboundEmails).where(inArray(outboundEmails.toAddress, emails))).every((row) => row.status === 'sent'), 'every email sent', 30_000);
    const byMessageId = new Map<string, number>();
    for (const message of mail.messages) {
      const messageId = String(message.headers.get('message-id'));
      byMessageId.set(messageId, (byMessageId.get(messageId) ?? 0) + 1);
    }
    for (const row of outbox) expect(byMessageId.get(`<${row.id}@comptoir.local>`), row.template ?? row.toAddress).toBe(1);
    expect(mail.messages.filter((message) => emails.some((email) => message.to.includes(email)))).toHaveLength(outbox.length);

    const events = await t.ctx.db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(inArray(webhookEvents.customerId, ids), eq(webhookEvents.type, 'customer.created')));
    expect(events).toHaveLength(6);
    await eventually(() => events.every((event) => receiver.acknowledgedById().get(event.id) === 1), 'each customer.created delivered', 30_000);
    expect(receiver.receipts.filter((receipt) => events.some((event) => event.id === receipt.webhookId))).toHaveLength(6);
  });

  it('a session ended through one instance is refused by the other at once, though it remembers sessions 5 s', { timeout: 120_000 }, async () => {
    const viaA = httpClient(a.baseUrl);
    const viaB = httpClient(b.baseUrl, { ip: viaA.ip });
    const customer = await signUpOverHttp(viaA, mail, uniqueEmail('revoquee'));
    // B verifies the session once and keeps it in memory.
    expect((await viaB.get('/api/me', { token: customer.token })).status).toBe(200);
    expect((await viaB.get('/api/me', { token: customer.token })).status).toBe(200);
    expect((await viaA.post('/api/auth/logout', undefined, { token: customer.token })).status).toBeLessThan(300);
    const ended = Date.now();
    await eventually(async () => (await viaB.get('/api/me', { token: customer.token })).status === 401, 'B refusing the ended session', 4_000);
    // Well within B's 5 s memory: the NOTIFY evicted it, the cache did not simply expire.
    expect(Date.now() - ended).toBeLessThan(4_000);
  });

  it('rate limits are shared: five wrong passwords alternating between the instances, the sixth is refused with 429 on either', { timeout: 120_000 }, async () => {
    const customer = await signUpOverHttp(httpClient(a.baseUrl), mail, uniqueEmail('limite'));
    const ip = newIp();
    const clients = [httpClient(a.baseUrl, { ip }), httpClient(b.baseUrl, { ip })];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await clients[attempt % 2]!.post('/api/auth/login', { email: customer.email, password: 'not the right password at all' });
      expect(answer.status, `attempt ${attempt + 1}`).toBe(401);
    }
    const sixth = await clients[1]!.post('/api/auth/login', { email: customer.email, password: 'not the right password at all' });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toMatch(/^\d+$/);
    const onA = await clients[0]!.post('/api/auth/login', { email: customer.email, password: SPAWNED_PASSWORD });
    expect(onA.status).toBe(429);
  });
});
