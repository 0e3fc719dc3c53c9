import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { recordEvent } from '../../src/modules/webhooks/webhook-events.js';
import { createWebhookWorker } from '../../src/modules/webhooks/webhook-worker.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { startWebhookReceiver, type TReceivedWebhook, type TWebhookReceiver } from '../support/webhook-receiver.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  // Three retries after 50, 100 and 200 ms stand in for Standard Webhooks' 5 s … 10 h.
  t = await createTestApp({ webhookRetryDelaysMs: [50, 100, 200] });
  store = storeClient(t, await newApiKey(t, ['webhooks:write']));
});
afterAll(async () => {
  await t.close();
});

type TEndpoint = { id: string; secret: string; receiver: TWebhookReceiver };
type TDelivery = { id: string; eventId: string; eventType: string; status: string; attempts: number; lastStatusCode: number | null };

/** A receiver and an endpoint subscribed to it, deleted once the test is over. */
async function subscribe(eventTypes: string[], options: { enabled?: boolean } = {}): Promise<TEndpoint> {
  const receiver = await startWebhookReceiver();
  const created = await store.post('/api/integration/webhooks', { url: receiver.url, eventTypes });
  expect(created.status).toBe(201);
  const { id, secret } = created.body as { id: string; secret: string };
  if (options.enabled === false) expect((await store.patch(`/api/integration/webhooks/${id}`, { enabled: false })).status).toBe(200);
  onTestFinished(async () => {
    await store.delete(`/api/integration/webhooks/${id}`);
    await receiver.close();
  });
  return { id, secret, receiver };
}

/** Our own HMAC, not the code under test: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
function expectSignedWith(secret: string, webhook: TReceivedWebhook): void {
  const id = String(webhook.headers['webhook-id']);
  const timestamp = String(webhook.headers['webhook-timestamp']);
  expect(id).toMatch(/^evt_/);
  expect(timestamp).toMatch(/^\d{10}$/);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${webhook.body}`).digest('base64');
  expect(webhook.headers['webhook-signature']).toBe(`v1,${expected}`);
}

async function register(email = uniqueEmail()) {
  const response = await apiClient(t.app).post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Léa', lastName: 'Martin' });
  expect(response.status).toBe(202);
  return email;
}

const forEmail = (email: string, type = 'customer.created') => (webhook: TReceivedWebhook) =>
  webhook.json.type === type && webhook.json.data.email === email;

async function deliveriesOf(endpointId: string): Promise<TDelivery[]> {
  const response = await store.get(`/api/integration/webhooks/${endpointId}/deliveries?limit=100`);
  expect(response.status).toBe(200);
  return (response.body as { items: TDelivery[] }).items;
}

/** Polls the delivery log until the delivery of `eventId` has `status` (the worker runs on its own). */
async function waitForDelivery(endpointId: string, eventId: string, status: string): Promise<TDelivery> {
  for (let i = 0; i < 200; i += 1) {
    const delivery = (await deliveriesOf(endpointId)).find((item) => item.eventId === eventId);
    if (delivery?.status === status) return delivery;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the delivery of ${eventId} never became ${status}`);
}

describe('webhook deliveries', () => {
  it('POST /api/auth/register: the endpoint receives customer.created, signed the Standard Webhooks way', async () => {
    const endpoint = await subscribe(['customer.created']);
    const email = await register();
    const webhook = await endpoint.receiver.waitFor(forEmail(email));
    expectSignedWith(endpoint.secret, webhook);
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(webhook.json).toEqual({
      type: 'customer.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        id: expect.stringMatching(/^cus_/),
        email,
        firstName: 'Léa',
        lastName: 'Martin',
        accountType: 'individual',
        locale: 'fr',
        verified: false,
        status: 'active',
        approvalStatus: 'approved',
        marketId: DEFAULT_MARKET_ID,
      },
    });
    const delivery = await waitForDelivery(endpoint.id, String(webhook.headers['webhook-id']), 'succeeded');
    expect(delivery).toMatchObject({ eventType: 'customer.created', attempts: 1, lastStatusCode: 200 });
  });

  it('an endpoint answering 500 gets the event again, and every attempt is logged', async () => {
    const endpoint = await subscribe(['customer.created']);
    endpoint.receiver.answerNext([500]);
    const email = await register();
    const first = await endpoint.receiver.waitFor(forEmail(email));
    const eventId = String(first.headers['webhook-id']);
    const retried = await endpoint.receiver.waitFor(forEmail(email), { after: endpoint.receiver.received.indexOf(first) + 1 });
    expect(retried.headers['webhook-id']).toBe(eventId);
    expect(retried.body).toBe(first.body);
    expectSignedWith(endpoint.secret, retried);
    const delivery = await waitForDelivery(endpoint.id, eventId, 'succeeded');
    const detail = await store.get(`/api/integration/webhook-deliveries/${delivery.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      payload: JSON.parse(first.body) as object,
      attemptLog: [
        { statusCode: 500, error: 'HTTP 500', responseSnippet: 'refused with 500', durationMs: expect.any(Number) },
        { statusCode: 200, error: null, responseSnippet: 'ok', durationMs: expect.any(Number) },
      ],
    });
  });

  it('after the last retry the delivery is failed; a replay sends it once more and logs the attempt', async () => {
    const endpoint = await subscribe(['customer.created']);
    endpoint.receiver.answerNext([503, 503, 503, 503]);
    const email = await register();
    const first = await endpoint.receiver.waitFor(forEmail(email));
    const failed = await waitForDelivery(endpoint.id, String(first.headers['webhook-id']), 'failed');
    expect(failed).toMatchObject({ attempts: 4, lastStatusCode: 503 });
    expect(endpoint.receiver.received.filter(forEmail(email))).toHaveLength(4);

    const replay = await store.post(`/api/integration/webhook-deliveries/${failed.id}/replay`, undefined);
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: failed.id, status: 'pending' });
    await waitForDelivery(endpoint.id, failed.eventId, 'succeeded');
    const detail = await store.get(`/api/integration/webhook-deliveries/${failed.id}`);
    const log = (detail.body as { attemptLog: { statusCode: number }[] }).attemptLog;
    expect(log.map((attempt) => attempt.statusCode)).toEqual([503, 503, 503, 503, 200]);
  });

  it('a disabled endpoint gets nothing, and an endpoint gets only the event types it subscribed to', async () => {
    const created = await subscribe(['customer.created']);
    const updatedOnly = await subscribe(['customer.updated']);
    const disabled = await subscribe(['*'], { enabled: false });
    const email = await register();
    const webhook = await created.receiver.waitFor(forEmail(email));
    // Deliveries are fanned out to every endpoint in one transaction, before any is sent.
    const eventId = String(webhook.headers['webhook-id']);
    expect((await deliveriesOf(updatedOnly.id)).some((delivery) => delivery.eventId === eventId)).toBe(false);
    expect(await deliveriesOf(disabled.id)).toEqual([]);
    expect(disabled.receiver.received).toEqual([]);
  });

  it('`*` subscribes to every event, and verifying the address is a customer.updated', async () => {
    const endpoint = await subscribe(['*']);
    const customer = await registerVerifiedCustomer(t);
    const updated = await endpoint.receiver.waitFor(forEmail(customer.email, 'customer.updated'));
    expect(updated.json.data).toMatchObject({ id: customer.customerId, verified: true });
    expect(endpoint.receiver.received.some(forEmail(customer.email, 'customer.created'))).toBe(true);
  });

  it('several workers (instances) share the events and deliveries without sending any twice', async () => {
    const endpoint = await subscribe(['customer.created']);
    const emails = Array.from({ length: 12 }, (_, index) => uniqueEmail(`pair${index}`));
    for (const email of emails) await recordEvent(t.ctx.db, { type: 'customer.created', payload: { email }, marketId: DEFAULT_MARKET_ID });
    const log = { warn: () => undefined, error: () => undefined };
    const others = [1, 2].map(() => createWebhookWorker({ db: t.ctx.db, log, batchSize: 3, retryDelaysMs: [50] }));
    await Promise.all([t.runtime.webhookWorker.flush(), ...others.map((worker) => worker.flush())]);
    for (const email of emails) {
      const webhook = await endpoint.receiver.waitFor(forEmail(email));
      await waitForDelivery(endpoint.id, String(webhook.headers['webhook-id']), 'succeeded');
    }
    for (const email of emails) expect(endpoint.receiver.received.filter(forEmail(email))).toHaveLength(1);
  });

  it('POST /api/integration/webhooks/{id}/rotate-secret: the next deliveries are signed with the new secret only', async () => {
    const endpoint = await subscribe(['customer.created']);
    const rotated = await store.post(`/api/integration/webhooks/${endpoint.id}/rotate-secret`, undefined);
    expect(rotated.status).toBe(200);
    const { secret } = rotated.body as { secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secret).not.toBe(endpoint.secret);
    const webhook = await endpoint.receiver.waitFor(forEmail(await register()));
    expectSignedWith(secret, webhook);
  });
});
