import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companies, companyLocations, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { documents } from '../../src/modules/documents/documents.tables.js';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { orders, skuAvailability } from '../../src/modules/orders/orders.tables.js';
import { newWebhookSecret } from '../../src/modules/webhooks/webhook-signing.js';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { newId } from '../../src/platform/ids.js';
import { insertCompany } from '../support/companies.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { insertOrder, invoiceBody, samplePdf, uniqueNumber } from '../support/documents.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { insertMarket, newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { startWebhookReceiver, type TReceivedWebhook } from '../support/webhook-receiver.js';
import { orderBody, pushOrder } from './orders-fixtures.js';

// One Comptoir, two markets (F1.8): the store of market A, with its key, must never see, find,
// change or hear of what belongs to market B, and B's records must look to it exactly like
// records that do not exist.

let t: TTestApp;
let market: { id: string; code: string; host: string };
let keyA: string;
let storeA: TStoreClient;
let storeB: TStoreClient;
/** A verified customer of B, with a member card and a session on B's host. */
let customerB: Awaited<ReturnType<typeof registerVerifiedCustomer>> & { cardNumber: string };
/** A company of B with its first location, whose administrator is customerB. */
let companyB: { companyId: string; locationId: string };

const everything = [
  'customers:read',
  'orders:write',
  'documents:write',
  'returns:write',
  'catalog:write',
  'payment_methods:write',
  'webhooks:write',
] as const;

beforeAll(async () => {
  t = await createTestApp({ webhookRetryDelaysMs: [50] });
  market = await insertMarket(t.ctx.db, { code: 'be' });
  await t.ctx.markets.reload();
  keyA = await newApiKey(t, [...everything], 'caisse A');
  storeA = storeClient(t, keyA);
  storeB = storeClient(t, await newApiKey(t, [...everything], 'caisse B', market.id));
  const registered = await registerVerifiedCustomer(t, { host: market.host });
  const [card] = await t.ctx.db.select().from(memberCards).where(eq(memberCards.customerId, registered.customerId));
  customerB = { ...registered, cardNumber: card!.number };
  companyB = await insertCompanyOf(market.id, customerB.customerId);
});
afterAll(async () => {
  await t.close();
});

async function insertCompanyOf(marketId: string, adminId: string): Promise<{ companyId: string; locationId: string }> {
  const companyId = newId('cmp');
  const locationId = newId('loc');
  await t.ctx.db.insert(companies).values({ id: companyId, marketId, name: `Atelier ${companyId.slice(-6)}`, kind: 'company', country: 'BE' });
  await t.ctx.db.insert(companyLocations).values({ id: locationId, companyId, name: 'Siège' });
  await t.ctx.db.insert(companyMembers).values({ companyId, customerId: adminId, role: 'admin' });
  return { companyId, locationId };
}

/** What a caller can tell two answers apart by: the status and the whole body (a request id aside). */
function answerOf(response: { status: number; body: unknown }) {
  const { requestId: _requestId, instance: _instance, ...body } = response.body as Record<string, unknown>;
  return { status: response.status, body };
}

/** The same answer for B's record as for one that does not exist. */
function expectSameAnswer(forOtherMarket: { status: number; body: unknown }, forUnknown: { status: number; body: unknown }, status: number): void {
  expect(forOtherMarket.status, JSON.stringify(forOtherMarket.body)).toBe(status);
  expect(answerOf(forOtherMarket)).toEqual(answerOf(forUnknown));
}

/** A well-formed card number (its check digit matches) that nobody holds. */
const UNKNOWN_CARD = '2900000000001';

describe('customers: a key finds only its market’s', () => {
  it('by address, id and member card, B’s customer is to A’s key what nobody is; B’s key finds them', async () => {
    const byEmail = `/api/integration/customers?email=${encodeURIComponent(customerB.email)}`;
    expect((await storeA.get(byEmail)).body).toEqual({ items: [], nextCursor: null });
    expect((await storeB.get(byEmail)).body).toMatchObject({ items: [{ id: customerB.customerId, cardNumber: customerB.cardNumber }] });

    expectSameAnswer(await storeA.get(`/api/integration/customers/${customerB.customerId}`), await storeA.get(`/api/integration/customers/${newId('cus')}`), 404);
    expect((await storeB.get(`/api/integration/customers/${customerB.customerId}`)).status).toBe(200);

    expect(UNKNOWN_CARD).not.toBe(customerB.cardNumber);
    expectSameAnswer(await storeA.get(`/api/integration/cards/${customerB.cardNumber}`), await storeA.get(`/api/integration/cards/${UNKNOWN_CARD}`), 404);
    expect((await storeA.get(`/api/integration/customers?cardNumber=${customerB.cardNumber}`)).body).toEqual({ items: [], nextCursor: null });
    expect((await storeB.get(`/api/integration/cards/${customerB.cardNumber}`)).body).toMatchObject({ customer: { id: customerB.customerId } });
  });

  it('payment methods of B’s customer cannot be saved or removed with A’s key (404 as for an unknown id)', async () => {
    const method = { kind: 'card', brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2030 };
    const unknown = newId('cus');
    expectSameAnswer(
      await storeA.put(`/api/integration/customers/${customerB.customerId}/payment-methods/pm_1`, method),
      await storeA.put(`/api/integration/customers/${unknown}/payment-methods/pm_1`, method),
      404,
    );
    expect((await storeB.put(`/api/integration/customers/${customerB.customerId}/payment-methods/pm_1`, method)).status).toBe(201);
    expectSameAnswer(
      await storeA.delete(`/api/integration/customers/${customerB.customerId}/payment-methods/pm_1`),
      await storeA.delete(`/api/integration/customers/${unknown}/payment-methods/pm_1`),
      404,
    );
    expect((await storeB.delete(`/api/integration/customers/${customerB.customerId}/payment-methods/pm_1`)).status).toBe(204);
  });
});

describe('orders and documents: written in the key’s market, refused when they name another market’s records', () => {
  it('an order of A cannot name B’s customer by id or card, nor B’s company and location: the same 422 as unknown ones', async () => {
    const unknownCustomer = newId('cus');
    expectSameAnswer(
      await storeA.post('/api/integration/orders', orderBody({ customerId: customerB.customerId }, { externalId: 'same-refusal-1' })),
      await storeA.post('/api/integration/orders', orderBody({ customerId: unknownCustomer }, { externalId: 'same-refusal-1' })),
      422,
    );
    expectSameAnswer(
      await storeA.post('/api/integration/orders', orderBody({ cardNumber: customerB.cardNumber }, { externalId: 'same-refusal-2' })),
      await storeA.post('/api/integration/orders', orderBody({ cardNumber: UNKNOWN_CARD }, { externalId: 'same-refusal-2' })),
      422,
    );
    const buyer = await insertSignedInCustomer(t);
    const forB = await storeA.post(
      '/api/integration/orders',
      orderBody({ customerId: buyer.id }, { externalId: 'same-refusal-3', companyId: companyB.companyId, locationId: companyB.locationId }),
    );
    const forUnknown = await storeA.post(
      '/api/integration/orders',
      orderBody({ customerId: buyer.id }, { externalId: 'same-refusal-3', companyId: newId('cmp'), locationId: newId('loc') }),
    );
    expectSameAnswer(forB, forUnknown, 422);
    expect(forB.body).toMatchObject({ code: 'company_not_found' });
    expect(await t.ctx.db.select().from(orders).where(inArray(orders.externalId, ['same-refusal-1', 'same-refusal-2', 'same-refusal-3']))).toEqual([]);
  });

  it('the same address ordering in A and in B gets two guest accounts, one per market; the same externalId is two orders', async () => {
    const email = uniqueEmail('twice');
    const externalId = `shared-${randomUUID()}`;
    const inA = await pushOrder(storeA, orderBody({ email, firstName: 'Lou' }, { externalId }));
    const inB = await pushOrder(storeB, orderBody({ email, firstName: 'Lou' }, { externalId }));
    expect(inA.id).not.toBe(inB.id);
    expect(inA.customerId).not.toBe(inB.customerId);
    const accounts = await t.ctx.db.select({ id: customers.id, marketId: customers.marketId, origin: customers.origin }).from(customers).where(eq(customers.email, email));
    expect(accounts.sort((a, b) => a.marketId.localeCompare(b.marketId))).toEqual([
      { id: inB.customerId, marketId: market.id, origin: 'guest_order' },
      { id: inA.customerId, marketId: DEFAULT_MARKET_ID, origin: 'guest_order' },
    ]);
    const stored = await t.ctx.db.select({ id: orders.id, marketId: orders.marketId }).from(orders).where(eq(orders.externalId, externalId));
    expect(new Map(stored.map((row) => [row.id, row.marketId]))).toEqual(
      new Map([
        [inA.id, DEFAULT_MARKET_ID],
        [inB.id, market.id],
      ]),
    );
    // Pushing it again in A updates A's order, and B's stays as it was.
    const again = await storeA.post('/api/integration/orders', orderBody({ email }, { externalId, total: 9999 }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: inA.id, total: 9999 });
    expect((await storeB.get(`/api/integration/orders/${inB.id}`)).body).toMatchObject({ id: inB.id, total: 3150 });
  });

  it('A’s key cannot read B’s order, nor read, change or upload the PDF of B’s document (404 as for unknown ids)', async () => {
    const order = await pushOrder(storeB, orderBody({ customerId: customerB.customerId }));
    expectSameAnswer(await storeA.get(`/api/integration/orders/${order.id}`), await storeA.get(`/api/integration/orders/${newId('ord')}`), 404);

    const number = uniqueNumber();
    const pushed = await storeB.post('/api/integration/documents', invoiceBody({ number, orderId: order.id }));
    expect(pushed.status).toBe(201);
    const documentId = (pushed.body as { id: string }).id;
    const unknown = newId('doc');
    expectSameAnswer(await storeA.get(`/api/integration/documents/${documentId}`), await storeA.get(`/api/integration/documents/${unknown}`), 404);
    expectSameAnswer(
      await storeA.patch(`/api/integration/documents/${documentId}`, { status: 'paid' }),
      await storeA.patch(`/api/integration/documents/${unknown}`, { status: 'paid' }),
      404,
    );
    const upload = (id: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/integration/documents/${id}/pdf`,
        headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/pdf' },
        payload: samplePdf(),
      });
    const [uploadB, uploadUnknown] = [await upload(documentId), await upload(unknown)];
    expectSameAnswer({ status: uploadB.statusCode, body: uploadB.json() }, { status: uploadUnknown.statusCode, body: uploadUnknown.json() }, 404);
    expect((await storeB.get(`/api/integration/documents/${documentId}`)).body).toMatchObject({ id: documentId, status: 'open', hasUploadedPdf: false });

    // A document of A may not hang on B's order, company or customer either.
    expectSameAnswer(
      await storeA.post('/api/integration/documents', invoiceBody({ number, orderId: order.id })),
      await storeA.post('/api/integration/documents', invoiceBody({ number, orderId: newId('ord') })),
      422,
    );
    expectSameAnswer(
      await storeA.post('/api/integration/documents', invoiceBody({ number, companyId: companyB.companyId, locationId: companyB.locationId })),
      await storeA.post('/api/integration/documents', invoiceBody({ number, companyId: newId('cmp'), locationId: newId('loc') })),
      422,
    );
    expectSameAnswer(
      await storeA.post('/api/integration/documents', invoiceBody({ number, customer: { customerId: customerB.customerId } })),
      await storeA.post('/api/integration/documents', invoiceBody({ number, customer: { customerId: newId('cus') } })),
      422,
    );
    // The same number in A is A's own document, beside B's.
    const inA = await storeA.post('/api/integration/documents', invoiceBody({ number, customer: { email: uniqueEmail('facture') } }));
    expect(inA.status).toBe(201);
    const sameNumber = await t.ctx.db.select({ id: documents.id, marketId: documents.marketId }).from(documents).where(eq(documents.number, number));
    expect(sameNumber.map((row) => row.marketId).sort()).toEqual([market.id, DEFAULT_MARKET_ID].sort());
  });

  it('A’s key neither lists nor moves on the returns of B’s orders', async () => {
    const order = await pushOrder(storeB, orderBody({ customerId: customerB.customerId }));
    const requested = await customerB.client.post(
      `/api/me/orders/${order.id}/returns`,
      { reason: 'damaged', lines: [{ lineId: order.lines[0]!.id, quantity: 1 }] },
      { token: customerB.token, headers: { host: market.host } },
    );
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const returnId = (requested.body as { id: string }).id;

    const listedByA = (await storeA.get('/api/integration/returns?limit=100')).body as { items: { id: string }[] };
    expect(listedByA.items.map((item) => item.id)).not.toContain(returnId);
    const listedByB = (await storeB.get('/api/integration/returns?limit=100')).body as { items: { id: string }[] };
    expect(listedByB.items.map((item) => item.id)).toContain(returnId);

    expectSameAnswer(
      await storeA.patch(`/api/integration/returns/${returnId}`, { status: 'approved' }),
      await storeA.patch(`/api/integration/returns/${newId('ret')}`, { status: 'approved' }),
      404,
    );
    expect((await storeB.patch(`/api/integration/returns/${returnId}`, { status: 'approved' })).body).toMatchObject({ id: returnId, status: 'approved' });
  });

  it('catalogue availability is per market: B marking a SKU not orderable leaves it out of B’s reorders only', async () => {
    const sku = `SKU-${randomUUID().slice(-8)}`;
    const lines = [{ sku, name: 'Carnet ligné', quantity: 2, unitPrice: 450 }];
    expect((await storeB.put(`/api/integration/catalog/${sku}`, { orderable: false })).body).toMatchObject({ sku, orderable: false });
    const rows = await t.ctx.db.select().from(skuAvailability).where(eq(skuAvailability.sku, sku));
    expect(rows.map((row) => row.marketId)).toEqual([market.id]);

    const orderB = await pushOrder(storeB, orderBody({ customerId: customerB.customerId }, { lines, total: 900 }));
    const reorderB = await customerB.client.post(`/api/me/orders/${orderB.id}/reorder`, undefined, { token: customerB.token, headers: { host: market.host } });
    expect(reorderB.body).toMatchObject({ lines: [], unavailable: [{ sku }] });

    const customerA = await registerVerifiedCustomer(t);
    const orderA = await pushOrder(storeA, orderBody({ customerId: customerA.customerId }, { lines, total: 900 }));
    const reorderA = await customerA.client.post(`/api/me/orders/${orderA.id}/reorder`, undefined, { token: customerA.token });
    expect(reorderA.body).toMatchObject({ lines: [{ sku, quantity: 2 }], unavailable: [] });
  });
});

describe('a company’s history and documents', () => {
  it('hold only rows of the company’s market, even a row written around the integration API', async () => {
    const admin = await insertSignedInCustomer(t);
    const { companyId } = await insertCompany(t, { adminId: admin.id });
    const own = await insertOrder(t, { customerId: admin.id, companyId });
    const stray = await insertOrder(t, { customerId: admin.id, companyId, marketId: market.id });
    const ownDocument = newId('doc');
    const strayDocument = newId('doc');
    for (const [id, marketId] of [
      [ownDocument, DEFAULT_MARKET_ID],
      [strayDocument, market.id],
    ] as const) {
      await t.ctx.db
        .insert(documents)
        .values({ id, marketId, kind: 'invoice', number: uniqueNumber(), companyId, issuedAt: new Date('2026-03-15T10:00:00Z'), currency: 'EUR', total: 1200 });
    }
    const get = (url: string) => admin.client.get(url, { token: admin.token });

    const history = (await get(`/api/companies/${companyId}/orders`)).body as { items: { id: string }[] };
    expect(history.items.map((item) => item.id)).toEqual([own.id]);
    expect((await get(`/api/companies/${companyId}/orders/${stray.id}`)).status).toBe(404);
    expect((await get(`/api/companies/${companyId}/orders/${own.id}`)).status).toBe(200);

    const listed = (await get(`/api/companies/${companyId}/documents`)).body as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toEqual([ownDocument]);
    expect((await get(`/api/companies/${companyId}/documents/${strayDocument}`)).status).toBe(404);
    const outstanding = (await get('/api/me/invoices/outstanding')).body as { items: { id: string }[] };
    expect(outstanding.items.map((item) => item.id)).toEqual([ownDocument]);
  });
});

describe('webhooks: an endpoint hears only its market', () => {
  it('A’s endpoint never receives B’s events; an endpoint of every market receives both; A’s key cannot see B’s endpoint or deliveries', async () => {
    const [receiverA, receiverB, receiverAll] = [await startWebhookReceiver(), await startWebhookReceiver(), await startWebhookReceiver()];
    const endpointA = (await storeA.post('/api/integration/webhooks', { url: receiverA.url, eventTypes: ['*'] })).body as { id: string };
    const endpointB = (await storeB.post('/api/integration/webhooks', { url: receiverB.url, eventTypes: ['*'] })).body as { id: string };
    // Made by the shop, not by a store's key: market_id null hears every market.
    const endpointAll = newId('whe');
    await t.ctx.db.insert(webhookEndpoints).values({ id: endpointAll, url: receiverAll.url, eventTypes: ['*'], secret: newWebhookSecret() });
    try {
      const [emailA, emailB] = [uniqueEmail('hook-a'), uniqueEmail('hook-b')];
      const forEmail = (email: string) => (webhook: TReceivedWebhook) => webhook.json.type === 'customer.created' && webhook.json.data.email === email;
      // B's event first: by the time A's endpoint hears A's, B's has been fanned out too.
      await pushOrder(storeB, orderBody({ email: emailB }));
      await pushOrder(storeA, orderBody({ email: emailA }));
      await t.runtime.webhookWorker.flush();

      expect((await receiverB.waitFor(forEmail(emailB))).json.data).toMatchObject({ marketId: market.id });
      expect((await receiverA.waitFor(forEmail(emailA))).json.data).toMatchObject({ marketId: DEFAULT_MARKET_ID });
      await receiverAll.waitFor(forEmail(emailA));
      await receiverAll.waitFor(forEmail(emailB));
      await t.runtime.webhookWorker.flush();
      expect(receiverA.received.every((webhook) => webhook.json.data.marketId === DEFAULT_MARKET_ID)).toBe(true);
      expect(receiverB.received.every((webhook) => webhook.json.data.marketId === market.id)).toBe(true);
      // Nothing of B was even queued for A's endpoint.
      const queuedForA = await t.ctx.db
        .select({ marketId: webhookEvents.marketId })
        .from(webhookDeliveries)
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(eq(webhookDeliveries.endpointId, endpointA.id));
      expect(queuedForA.length).toBeGreaterThan(0);
      expect(queuedForA.every((row) => row.marketId === DEFAULT_MARKET_ID)).toBe(true);

      const listed = (await storeA.get('/api/integration/webhooks')).body as { items: { id: string }[] };
      expect(listed.items.map((item) => item.id)).toEqual([endpointA.id]);
      const [deliveryB] = await t.ctx.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointB.id));
      const unknownEndpoint = newId('whe');
      const unknownDelivery = newId('whd');
      expectSameAnswer(await storeA.get(`/api/integration/webhooks/${endpointB.id}`), await storeA.get(`/api/integration/webhooks/${unknownEndpoint}`), 404);
      expectSameAnswer(
        await storeA.patch(`/api/integration/webhooks/${endpointB.id}`, { enabled: false }),
        await storeA.patch(`/api/integration/webhooks/${unknownEndpoint}`, { enabled: false }),
        404,
      );
      expectSameAnswer(
        await storeA.post(`/api/integration/webhooks/${endpointB.id}/rotate-secret`, undefined),
        await storeA.post(`/api/integration/webhooks/${unknownEndpoint}/rotate-secret`, undefined),
        404,
      );
      expectSameAnswer(
        await storeA.get(`/api/integration/webhooks/${endpointB.id}/deliveries`),
        await storeA.get(`/api/integration/webhooks/${unknownEndpoint}/deliveries`),
        404,
      );
      expectSameAnswer(
        await storeA.get(`/api/integration/webhook-deliveries/${deliveryB!.id}`),
        await storeA.get(`/api/integration/webhook-deliveries/${unknownDelivery}`),
        404,
      );
      expectSameAnswer(
        await storeA.post(`/api/integration/webhook-deliveries/${deliveryB!.id}/replay`, undefined),
        await storeA.post(`/api/integration/webhook-deliveries/${unknownDelivery}/replay`, undefined),
        404,
      );
      expectSameAnswer(await storeA.delete(`/api/integration/webhooks/${endpointB.id}`), await storeA.delete(`/api/integration/webhooks/${unknownEndpoint}`), 404);
      expect(await t.ctx.db.select({ enabled: webhookEndpoints.enabled }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointB.id))).toEqual([{ enabled: true }]);
      expect((await storeB.get(`/api/integration/webhook-deliveries/${deliveryB!.id}`)).status).toBe(200);
    } finally {
      await t.ctx.db.delete(webhookEndpoints).where(inArray(webhookEndpoints.id, [endpointA.id, endpointB.id, endpointAll]));
      await Promise.all([receiverA.close(), receiverB.close(), receiverAll.close()]);
    }
  });

  it('a change in B is recorded as B’s: every event about B’s customer carries B', async () => {
    const events = await t.ctx.db
      .select({ type: webhookEvents.type, marketId: webhookEvents.marketId, payload: webhookEvents.payload })
      .from(webhookEvents)
      .where(eq(webhookEvents.customerId, customerB.customerId));
    // Registration and verification at least (the returns test adds return.requested).
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['customer.created', 'customer.updated']));
    for (const event of events) {
      expect(event.marketId).toBe(market.id);
      expect(event.payload.marketId).toBe(market.id);
    }
  });
});
