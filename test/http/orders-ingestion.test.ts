import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '../../src/modules/cards/card-number.rules.js';
import { ensureMemberCard } from '../../src/modules/cards/cards.service.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { orderLines, orders } from '../../src/modules/orders/orders.tables.js';
import { insertCompany, insertMember } from '../support/companies.js';
import { countRows, insertSignedInCustomer } from '../support/company-fixtures.js';
import { codeFromEmail } from '../support/factories.js';
import { apiClient, createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { expectProblem, fieldErrors, newStore, orderBody, pushOrder, type TStore } from './orders-fixtures.js';

/** A well-formed card number (valid check digit) that no customer holds, and one with a wrong digit. */
const UNKNOWN_CARD = `290000000000${ean13CheckDigit('290000000000')}`;
const MISTYPED_CARD = `290000000000${(ean13CheckDigit('290000000000') + 1) % 10}`;

let t: TTestApp;
let store: TStore;
beforeAll(async () => {
  t = await createTestApp();
  store = await newStore(t);
});
afterAll(async () => {
  await t.close();
});

const myOrderIds = async (customer: { token: string; client: ReturnType<typeof apiClient> }) => {
  const response = await customer.client.get('/api/me/orders', { token: customer.token });
  expect(response.status).toBe(200);
  return (response.body as { items: { id: string }[] }).items.map((item) => item.id);
};

describe('POST /api/integration/orders: create and update', () => {
  it('creates an order (201) whose answer holds ids and statuses but nothing personal; pushing it again replaces it (200), lines matched by position', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = orderBody(
      { email: customer.email, firstName: 'Zoé', lastName: 'Marchal' },
      { shippingAddress: { name: 'Zoé Marchal', line1: '12 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' } },
    );
    const created = await store.post('/api/integration/orders', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId: body.externalId, channel: 'online', status: 'open', customerId: customer.id, companyId: null, total: 3150 });
    for (const personal of [customer.email, 'Zoé', 'Marchal', 'rue des Lilas']) expect(created.raw.body).not.toContain(personal);
    const first = created.body as { id: string; lines: { id: string; position: number }[] };

    const updated = await store.post('/api/integration/orders', {
      ...body,
      status: 'completed',
      paymentStatus: 'paid',
      fulfillmentStatus: 'delivered',
      lines: [{ sku: 'PAP-A4-500', name: 'Ramette A4 500 feuilles', quantity: 2, unitPrice: 650 }],
      total: 1300,
      tracking: [{ carrier: 'Colissimo', number: '6A123', url: 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A123' }],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: first.id, status: 'completed', paymentStatus: 'paid', total: 1300, lines: [{ id: first.lines[0]!.id, position: 0, quantity: 2 }] });
    expect(await countRows(t.ctx.db, orders, eq(orders.externalId, body.externalId))).toBe(1);
    expect(await countRows(t.ctx.db, orderLines, eq(orderLines.orderId, first.id))).toBe(1);

    const detail = await customer.client.get(`/api/me/orders/${first.id}`, { token: customer.token });
    expect(detail.body).toMatchObject({
      status: 'completed',
      total: { amount: 1300, currency: 'EUR' },
      itemCount: 2,
      tracking: [{ carrier: 'Colissimo', number: '6A123' }],
      shippingAddress: { city: 'Lyon', postalCode: '69003', line2: null },
      approval: { status: 'not_required' },
    });
  });

  it('the same order pushed five times at once is one order: one 201, then 200s', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = orderBody({ customerId: customer.id });
    const answers = await Promise.all(Array.from({ length: 5 }, () => store.post('/api/integration/orders', body)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => (answer.body as { id: string }).id)).size).toBe(1);
    expect(await countRows(t.ctx.db, orders, eq(orders.externalId, body.externalId))).toBe(1);
  });

  it('a till receipt (channel store) by member card number lands in the card holder’s history with the shop’s name', async () => {
    const customer = await insertSignedInCustomer(t);
    const card = await ensureMemberCard(t.ctx.db, customer.id);
    const pushed = await pushOrder(store, orderBody({ cardNumber: card.number }, { channel: 'store', storeName: 'Boutique Lyon Part-Dieu', number: 'T-0042' }));
    expect(pushed.customerId).toBe(customer.id);
    const list = await customer.client.get('/api/me/orders?channel=store', { token: customer.token });
    expect(list.body).toMatchObject({ items: [{ id: pushed.id, channel: 'store', storeName: 'Boutique Lyon Part-Dieu', number: 'T-0042' }] });
  });

  it('finds the customer by Comptoir id and by the address of an existing account', async () => {
    const customer = await insertSignedInCustomer(t);
    const byId = await pushOrder(store, orderBody({ customerId: customer.id }));
    const byEmail = await pushOrder(store, orderBody({ email: customer.email.toUpperCase() }));
    expect([byId.customerId, byEmail.customerId]).toEqual([customer.id, customer.id]);
    expect(await myOrderIds(customer)).toEqual(expect.arrayContaining([byId.id, byEmail.id]));
  });

  it('an unknown address gets a guest account (F1.6); once the person signs in with a code, the order is in their history', async () => {
    const email = uniqueEmail('guest');
    const pushed = await pushOrder(store, orderBody({ email, firstName: 'Inès', lastName: 'Roy', locale: 'en' }));
    const [guest] = await t.ctx.db.select().from(customers).where(eq(customers.id, pushed.customerId));
    expect(guest).toMatchObject({ origin: 'guest_order', emailVerifiedAt: null, passwordHash: null, firstName: 'Inès', locale: 'en' });

    const client = apiClient(t.app);
    const since = t.mail.mark();
    expect((await client.post('/api/auth/login-code', { email })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: email, after: since, subject: /code/i });
    const signedIn = await client.post('/api/auth/login-code/verify', { email, code: codeFromEmail(message.text) });
    expect(signedIn.status).toBe(200);
    expect(await myOrderIds({ client, token: (signedIn.body as { token: string }).token })).toEqual([pushed.id]);
  });

  it('orders of an account whose address is not verified are not listed, nor shown', async () => {
    const customer = await insertSignedInCustomer(t);
    const pushed = await pushOrder(store, orderBody({ customerId: customer.id }));
    await t.ctx.db.update(customers).set({ emailVerifiedAt: null }).where(eq(customers.id, customer.id));
    const list = await customer.client.get('/api/me/orders', { token: customer.token });
    if (list.status === 200) expect((list.body as { items: unknown[] }).items).toEqual([]);
    else expect(list.status).toBeGreaterThanOrEqual(401);
    expect((await customer.client.get(`/api/me/orders/${pushed.id}`, { token: customer.token })).status).not.toBe(200);
  });
});

describe('POST /api/integration/orders: refusals', () => {
  const farFuture = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
  const cases: [string, Record<string, unknown>, { path: string; code?: string }[]][] = [
    ['an unknown currency', { currency: 'XYZ' }, [{ path: 'currency', code: 'invalid_currency' }]],
    ['a lower-case currency', { currency: 'eur' }, [{ path: 'currency', code: 'invalid_currency' }]],
    ['placedAt days ahead', { placedAt: farFuture }, [{ path: 'placedAt', code: 'placed_at_in_future' }]],
    ['placedAt without a time zone', { placedAt: '2025-03-01 10:00' }, [{ path: 'placedAt' }]],
    ['an unknown channel', { channel: 'fax' }, [{ path: 'channel' }]],
    ['an unknown status', { status: 'shipped' }, [{ path: 'status' }]],
    ['no line', { lines: [] }, [{ path: 'lines' }]],
    ['501 lines', { lines: Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}`, name: 'x', quantity: 1, unitPrice: 1 })) }, [{ path: 'lines' }]],
    ['a quantity of 0', { lines: [{ sku: 'A', name: 'A', quantity: 0, unitPrice: 100 }] }, [{ path: 'lines.0.quantity' }]],
    ['a negative unit price', { lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: -1 }] }, [{ path: 'lines.0.unitPrice' }]],
    ['a price in euros, not cents', { lines: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: 6.5 }] }, [{ path: 'lines.0.unitPrice' }]],
    ['a negative total', { total: -5 }, [{ path: 'total' }]],
    ['no way to find the customer', { customer: { firstName: 'Léa' } }, [{ path: 'customer' }]],
    ['a card number with a wrong check digit', { customer: { cardNumber: MISTYPED_CARD } }, [{ path: 'customer.cardNumber' }]],
    ['a tracking link that is not http(s)', { tracking: [{ number: 'X1', url: 'javascript:alert(1)' }] }, [{ path: 'tracking.0.url' }]],
    ['a lower-case country', { billingAddress: { line1: '1 rue A', city: 'Paris', country: 'fr' } }, [{ path: 'billingAddress.country', code: 'invalid_country' }]],
  ];

  it.each(cases)('%s is 400 validation_failed naming the field', async (_label, overrides, expected) => {
    const response = await store.post('/api/integration/orders', orderBody({ email: uniqueEmail() }, overrides));
    expectProblem(response, 400, 'validation_failed');
    expect(fieldErrors(response.body)).toEqual(expect.arrayContaining(expected.map((error) => expect.objectContaining(error))));
  });

  it('lists every bad field at once, and writes nothing (no guest account either)', async () => {
    const email = uniqueEmail('nobody');
    const response = await store.post(
      '/api/integration/orders',
      orderBody({ email }, { currency: 'EURO', placedAt: farFuture, total: -1, lines: [{ sku: '', name: 'A', quantity: 0, unitPrice: 1 }] }),
    );
    expectProblem(response, 400, 'validation_failed');
    expect(fieldErrors(response.body).map((error) => error.path).sort()).toEqual(['currency', 'lines.0.quantity', 'lines.0.sku', 'placedAt', 'total']);
    expect(await countRows(t.ctx.db, customers, eq(customers.emailNormalized, email))).toBe(0);
  });

  it('an unknown card number or customer id is 422 customer_not_found', async () => {
    const unknownCard = await store.post('/api/integration/orders', orderBody({ cardNumber: UNKNOWN_CARD }));
    expectProblem(unknownCard, 422, 'customer_not_found');
    expect(fieldErrors(unknownCard.body)).toEqual([{ path: 'customer.cardNumber', code: 'customer_not_found' }]);
    expectProblem(await store.post('/api/integration/orders', orderBody({ customerId: 'cus_nobody' })), 422, 'customer_not_found');
  });

  it('a company, location and customer that do not fit are 422, every one listed, and nothing is written', async () => {
    const [admin, outsider] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    const company = await insertCompany(t, { adminId: admin.id });
    const other = await insertCompany(t, { adminId: outsider.id });
    const guestEmail = uniqueEmail('guest');

    const unknownCompany = await store.post('/api/integration/orders', orderBody({ customerId: admin.id }, { companyId: 'cmp_nope' }));
    expectProblem(unknownCompany, 422, 'company_not_found');

    const misfit = await store.post(
      '/api/integration/orders',
      orderBody({ customerId: outsider.id }, { companyId: company.companyId, locationId: other.locationIds[0] }),
    );
    expectProblem(misfit, 422, 'location_not_in_company');
    expect(fieldErrors(misfit.body)).toEqual([
      { path: 'locationId', code: 'location_not_in_company' },
      { path: 'customer', code: 'customer_not_in_company' },
    ]);

    const guest = await store.post('/api/integration/orders', orderBody({ email: guestEmail }, { companyId: company.companyId }));
    expectProblem(guest, 422, 'customer_not_in_company');
    expect(await countRows(t.ctx.db, customers, eq(customers.emailNormalized, guestEmail))).toBe(0);

    const noLocation = await store.post('/api/integration/orders', orderBody({ customerId: admin.id }, { companyId: company.companyId, status: 'pending_approval' }));
    expectProblem(noLocation, 422, 'location_required');

    await insertMember(t, { companyId: company.companyId, customerId: outsider.id, role: 'member' });
    const fits = await store.post('/api/integration/orders', orderBody({ customerId: outsider.id }, { companyId: company.companyId, locationId: company.locationIds[0], poNumber: 'PO-77' }));
    expect(fits.status).toBe(201);
  });
});

describe('Idempotency-Key and API keys', () => {
  it('the same key and body answer the same status and the same bytes, with one order; the same key with another body is 409', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = orderBody({ customerId: customer.id });
    const first = await store.post('/api/integration/orders', body, { idempotencyKey: 'till-7-receipt-42' });
    const again = await store.post('/api/integration/orders', body, { idempotencyKey: 'till-7-receipt-42' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.raw.body).toBe(first.raw.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countRows(t.ctx.db, orders, eq(orders.externalId, body.externalId))).toBe(1);

    const other = await store.post('/api/integration/orders', { ...body, total: 1 }, { idempotencyKey: 'till-7-receipt-42' });
    expectProblem(other, 409, 'idempotency_key_reused');
  });

  it('a read-only key cannot push (403 missing_scope) but reads; no key or a customer’s session token is 401', async () => {
    const customer = await insertSignedInCustomer(t);
    const pushed = await pushOrder(store, orderBody({ customerId: customer.id }));
    const reader = await newStore(t, ['orders:read']);
    expectProblem(await reader.post('/api/integration/orders', orderBody({ customerId: customer.id })), 403, 'missing_scope');
    const read = await reader.get(`/api/integration/orders/${pushed.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: pushed.id, customerId: customer.id, lines: [{ sku: 'PAP-A4-500', returnedQuantity: 0 }, { sku: 'STY-BLEU' }] });
    // Without CART_URL_TEMPLATE, a reorder has no cart link.
    const reordered = await customer.client.post(`/api/me/orders/${pushed.id}/reorder`, undefined, { token: customer.token });
    expect(reordered.body).toMatchObject({ cartUrl: null, lines: [{ sku: 'PAP-A4-500' }, { sku: 'STY-BLEU', productRef: 'variant-42' }] });
    expectProblem(await reader.get('/api/integration/orders/ord_nope'), 404, 'not_found');

    const anonymous = apiClient(t.app);
    expectProblem(await anonymous.post('/api/integration/orders', orderBody({ customerId: customer.id })), 401, 'invalid_api_key');
    expectProblem(await anonymous.post('/api/integration/orders', orderBody({ customerId: customer.id }), { token: customer.token }), 401, 'invalid_api_key');
    expectProblem(await anonymous.get(`/api/integration/orders/${pushed.id}`, { token: customer.token }), 401, 'invalid_api_key');
  });
});

describe('PUT /api/integration/catalog/{sku}', () => {
  it('records whether a SKU can be ordered (catalog:write only)', async () => {
    const response = await store.put('/api/integration/catalog/PAP-A4-500', { orderable: false });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ sku: 'PAP-A4-500', orderable: false, updatedAt: expect.any(String) });
    expect((await store.put('/api/integration/catalog/PAP-A4-500', { orderable: true })).body).toMatchObject({ orderable: true });
    const ordersOnly = await newStore(t, ['orders:write']);
    expectProblem(await ordersOnly.put('/api/integration/catalog/PAP-A4-500', { orderable: false }), 403, 'missing_scope');
  });
});

describe('GET /openapi.json', () => {
  it('documents every orders, returns and store-integration route, the integration ones with the API key scheme', async () => {
    const response = await apiClient(t.app).get('/openapi.json');
    expect(response.status).toBe(200);
    const paths = (response.body as { paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown; responses: object }>> }).paths;
    const expected: [string, string][] = [
      ['/api/me/orders', 'get'],
      ['/api/me/orders/{orderId}', 'get'],
      ['/api/me/orders/{orderId}/reorder', 'post'],
      ['/api/me/orders/{orderId}/returns', 'post'],
      ['/api/me/returns', 'get'],
      ['/api/me/returns/{returnId}', 'get'],
      ['/api/me/returns/{returnId}/cancel', 'post'],
      ['/api/companies/{companyId}/orders', 'get'],
      ['/api/companies/{companyId}/orders/{orderId}', 'get'],
      ['/api/companies/{companyId}/orders/{orderId}/approve', 'post'],
      ['/api/companies/{companyId}/orders/{orderId}/refuse', 'post'],
      ['/api/integration/orders', 'post'],
      ['/api/integration/orders/{orderId}', 'get'],
      ['/api/integration/catalog/{sku}', 'put'],
      ['/api/integration/returns', 'get'],
      ['/api/integration/returns/{returnId}', 'patch'],
    ];
    for (const [path, method] of expected) {
      const operation = paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(Object.keys(operation!.responses).length).toBeGreaterThan(0);
      if (path.startsWith('/api/integration/')) expect(operation!.security).toEqual([{ apiKey: [] }]);
    }
    expect(paths['/api/integration/orders']?.post?.requestBody).toBeDefined();
  });
});
