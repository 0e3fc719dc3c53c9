import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { webhookDeliveries, webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { startCountingSmtpSink, startCountingWebhookReceiver, type TCountingSmtpSink, type TCountingWebhookReceiver } from '../support/fault-receivers.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { eventually, httpClient, killAllSpawnedServers, startServer, type TSpawnedServer } from '../support/spawned-server.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';

/**
 * The server SIGKILLed while it registers customers, sends the outbox's emails and delivers
 * webhooks; another process started on the same database finishes the work.
 *
 * What "exactly once" means here. An email is written to the outbox in the transaction of the
 * change, and the worker marks it sent after the SMTP server accepted it (250 to DATA). So:
 * - a kill before the server accepted it (here: while the sink holds its answer) leaves the
 *   row claimed; its lease runs out and the next process sends it: accepted exactly once;
 * - a kill between the 250 and the UPDATE to `sent` (a window of one round trip to the
 *   database) would send it again: with the same Message-ID (`<outbox id@comptoir.local>`),
 *   so mail clients recognise the copy. SMTP cannot close that window; the burst test allows
 *   at most one such copy per kill and asserts it is the same Message-ID.
 * Webhooks alike: a delivery is recorded after the endpoint answered 2xx; a kill while the
 * endpoint is answering makes the next process deliver it again with the same `webhook-id`,
 * which receivers use to ignore repeats (Standard Webhooks). The endpoint here counts what it
 * acknowledged on a live connection: each event exactly once.
 *
 * On PostgreSQL only: PGlite is one process per folder, so a second process cannot take over.
 */
/** Random and short: the strength check of a long passphrase costs seconds of CPU on a loaded machine. */
const PASSWORD = 'Tq8!vR2#mZ6@pL4w';

describe.skipIf(!process.env.TEST_DATABASE_URL)('faults: SIGKILL during registrations, email sending and webhook delivery (PostgreSQL)', () => {
  let t: TTestApp;
  let sink: TCountingSmtpSink;
  let receiver: TCountingWebhookReceiver;
  let env: Record<string, string>;
  let server: TSpawnedServer;

  beforeAll(async () => {
    t = await createTestApp();
    // The in-process app only prepares the database: its workers must not do the spawned
    // servers' work, or a killed server's email would be sent by someone never killed.
    await t.runtime.mailWorker.stop();
    await t.runtime.webhookWorker.stop();
    sink = await startCountingSmtpSink();
    receiver = await startCountingWebhookReceiver();
    const created = await storeClient(t, await newApiKey(t, ['webhooks:write'])).post('/api/integration/webhooks', { url: receiver.url, eventTypes: ['customer.created'] });
    expect(created.status).toBe(201);
    env = { DATABASE_URL: t.config.databaseUrl!, SMTP_URL: sink.url };
    server = await startServer(env);
  });
  afterAll(async () => {
    await killAllSpawnedServers();
    await receiver?.close();
    await sink?.close();
    await t?.close();
  });

  /** Every email to these addresses, and every customer.created of them, as the database has them. */
  async function outboxOf(emails: string[]) {
    return t.ctx.db.select().from(outboundEmails).where(inArray(outboundEmails.toAddress, emails));
  }
  async function customersOf(emails: string[]) {
    return t.ctx.db.select({ id: customers.id, email: customers.emailNormalized }).from(customers).where(inArray(customers.emailNormalized, emails));
  }
  async function eventsOf(customerIds: string[]) {
    if (customerIds.length === 0) return [];
    return t.ctx.db.select({ id: webhookEvents.id, customerId: webhookEvents.customerId }).from(webhookEvents).where(inArray(webhookEvents.customerId, customerIds));
  }
  const register = (email: string) =>
    httpClient(server.baseUrl).post('/api/auth/register', { email, password: PASSWORD, firstName: 'Léa', lastName: 'Martin' });

  it('(a) a burst of registrations cut by SIGKILL: each acknowledged one exists once and gets its email and webhook after restart, nothing half-written', { timeout: 180_000 }, async () => {
    const emails = Array.from({ length: 16 }, () => uniqueEmail('rafale'));
    const acknowledged: string[] = [];
    const refused: unknown[] = [];
    const attempts = emails.map(async (email, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 150));
      // A connection cut by the kill is the only other outcome.
      const response = await register(email).catch(() => null);
      if (response?.status === 202) acknowledged.push(email);
      else if (response) refused.push(response.body);
    });
    await eventually(() => acknowledged.length >= 4 || refused.length > 0, 'four acknowledged registrations', 90_000);
    expect(refused).toEqual([]);
    await server.kill();
    await Promise.all(attempts);
    expect(acknowledged.length).toBeLessThan(emails.length);

    server = await startServer(env);
    const stored = await customersOf(emails);
    // Acknowledged means committed: each is there exactly once. Unacknowledged ones were either
    // committed before the kill (their answer was lost) or not at all: never half.
    for (const email of acknowledged) expect(stored.filter((row) => row.email === email)).toHaveLength(1);
    const storedEmails = stored.map((row) => row.email);
    expect(new Set(storedEmails).size).toBe(storedEmails.length);
    const outbox = await outboxOf(storedEmails);
    expect(outbox.map((row) => row.toAddress).sort()).toEqual([...storedEmails].sort());
    const events = await eventsOf(stored.map((row) => row.id));
    expect(events).toHaveLength(stored.length);

    await eventually(async () => (await outboxOf(storedEmails)).every((row) => row.status === 'sent'), 'every email of the burst sent', 45_000);
    const counts = sink.countsByMessageId();
    for (const row of outbox) expect(counts.get(`<${row.id}@comptoir.local>`) ?? 0, row.toAddress).toBeGreaterThanOrEqual(1);
    // Copies only ever as a resend of the same Message-ID, at most the one in flight at the kill.
    const copies = outbox.reduce((total, row) => total + (counts.get(`<${row.id}@comptoir.local>`) ?? 0) - 1, 0);
    expect(copies).toBeLessThanOrEqual(1);

    await eventually(() => events.every((event) => (receiver.acknowledgedById().get(event.id) ?? 0) >= 1), 'every customer.created of the burst delivered', 45_000);
    const deliveries = await t.ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, events.map((event) => event.id)));
    expect(deliveries).toHaveLength(events.length);
    expect(deliveries.every((delivery) => delivery.status === 'succeeded')).toBe(true);
  });

  it('(b) SIGKILL while the SMTP server has an email but has not accepted it: the next process sends it, each email accepted exactly once', { timeout: 180_000 }, async () => {
    const emails = [uniqueEmail('envoi'), uniqueEmail('envoi'), uniqueEmail('envoi')];
    const acceptedBefore = sink.accepted.length;
    const droppedBefore = sink.dropped;
    sink.holdNext(1, 3_000);
    for (const email of emails) expect((await register(email)).status).toBe(202);
    await eventually(() => sink.holding() === 1, 'the sink holding an email', 60_000);
    await server.kill();
    await eventually(() => sink.dropped === droppedBefore + 1, 'the held email dropped with its sender', 10_000);

    server = await startServer(env);
    await eventually(() => sink.accepted.slice(acceptedBefore).filter((email) => emails.includes(email.to)).length >= 3, 'the three emails accepted', 45_000);
    const outbox = await outboxOf(emails);
    expect(outbox).toHaveLength(3);
    const counts = sink.countsByMessageId();
    for (const row of outbox) expect(counts.get(`<${row.id}@comptoir.local>`), row.toAddress).toBe(1);
    await eventually(async () => (await outboxOf(emails)).every((row) => row.status === 'sent'), 'the three marked sent', 15_000);
    // The one cut off was claimed twice: once by the killed process, once by its successor.
    expect(Math.max(...(await outboxOf(emails)).map((row) => row.attempts))).toBe(2);
  });

  it('(c) SIGKILL while endpoints are being called: the next process delivers each event again with the same webhook-id, acknowledged exactly once', { timeout: 180_000 }, async () => {
    const emails = [uniqueEmail('crochet'), uniqueEmail('crochet'), uniqueEmail('crochet')];
    const receiptsBefore = receiver.receipts.length;
    receiver.holdNext(3, 3_000);
    for (const email of emails) expect((await register(email)).status).toBe(202);
    const stored = await customersOf(emails);
    const events = await eventsOf(stored.map((row) => row.id));
    expect(events).toHaveLength(3);
    // A delivery in flight, its answer held (the others may be in flight too, or still due).
    await eventually(() => receiver.holding() >= 1, 'a delivery in flight', 60_000);
    await server.kill();

    server = await startServer(env);
    await eventually(() => events.every((event) => receiver.acknowledgedById().get(event.id) === 1), 'each event acknowledged', 45_000);
    const receipts = receiver.receipts.slice(receiptsBefore).filter((receipt) => events.some((event) => event.id === receipt.webhookId));
    // An event cut while its endpoint answered (never acknowledged) came again whole, with the
    // same webhook-id and body; the others came once.
    const cut = events.filter((event) => receipts.some((receipt) => receipt.webhookId === event.id && !receipt.acknowledged));
    expect(cut.length).toBeGreaterThanOrEqual(1);
    for (const event of events) {
      const ofEvent = receipts.filter((receipt) => receipt.webhookId === event.id);
      expect(ofEvent.map((receipt) => receipt.acknowledged)).toEqual(cut.includes(event) ? [false, true] : [true]);
      expect(ofEvent.at(-1)!.data).toEqual(ofEvent[0]!.data);
    }
    await eventually(async () => {
      const rows = await t.ctx.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, events.map((event) => event.id)));
      return rows.length === 3 && rows.every((row) => row.status === 'succeeded');
    }, 'the deliveries recorded as succeeded', 10_000);
    // The cut attempt left no trace: its process died before recording it.
    const [one] = await t.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, cut[0]!.id));
    expect(one!.attempts).toBe(1);
  });
});
