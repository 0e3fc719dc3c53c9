import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethods } from '../../src/modules/payment-methods/payment-methods.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  store = storeClient(t, await newApiKey(t, ['payment_methods:write']));
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TMethod = { id: string; kind: string; brand: string | null; last4: string | null; expiryMonth: number | null; expiryYear: number | null; expired: boolean; isDefault: boolean };
type TProblem = { code: string; detail: string; errors?: { path: string; code: string; message: string }[] };

const VISA = { kind: 'card', brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2099 };
const url = (customerId: string, externalId: string) => `/api/integration/customers/${customerId}/payment-methods/${externalId}`;
const mine = async (actor: TActor) => ((await actor.client.get('/api/me/payment-methods', { token: actor.token })).body as { items: TMethod[] }).items;

describe('PUT /api/integration/customers/{customerId}/payment-methods/{externalId}', () => {
  it('saves a card (201), replaces it (200), and the customer sees brand, last four digits and expiry only', async () => {
    const me = await insertSignedInCustomer(t);
    const created = await store.put(url(me.id, 'pm_stripe_1'), VISA);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ externalId: 'pm_stripe_1', customerId: me.id, last4: '4242', expired: false, isDefault: false });
    const replaced = await store.put(url(me.id, 'pm_stripe_1'), { ...VISA, expiryYear: 2098 });
    expect(replaced.status).toBe(200);

    const items = await mine(me);
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(['brand', 'expired', 'expiryMonth', 'expiryYear', 'id', 'isDefault', 'kind', 'last4']);
    expect(items[0]).toMatchObject({ brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2098 });
  });

  it.each([
    { name: 'a card number', body: { ...VISA, number: '4242424242424242' }, field: 'number' },
    { name: 'a cardNumber', body: { ...VISA, cardNumber: '4242424242424242' }, field: 'cardNumber' },
    { name: 'a CVC', body: { ...VISA, cvc: '123' }, field: 'cvc' },
  ])('refuses $name with 400 naming the field, and stores nothing', async ({ body, field }) => {
    const me = await insertSignedInCustomer(t);
    const response = await store.put(url(me.id, 'pm_x'), body);
    expect(response.status).toBe(400);
    const problem = response.body as TProblem;
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ path: field, code: 'unknown_field' })]);
    expect(JSON.stringify(problem)).not.toContain('4242424242424242');
    expect(await t.ctx.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, me.id))).toEqual([]);
  });

  it.each([
    { last4: '424', valid: false },
    { last4: '42424', valid: false },
    { last4: '42a2', valid: false },
    { last4: '0000', valid: true },
  ])('last4 $last4: valid $valid', async ({ last4, valid }) => {
    const me = await insertSignedInCustomer(t);
    const response = await store.put(url(me.id, 'pm_l4'), { ...VISA, last4 });
    expect(response.status).toBe(valid ? 201 : 400);
    if (!valid) expect((response.body as TProblem).errors).toEqual([expect.objectContaining({ path: 'last4' })]);
  });

  it('isDefault moves the default: the previous one is cleared; the default is listed first; an expired card says so', async () => {
    const me = await insertSignedInCustomer(t);
    await store.put(url(me.id, 'pm_a'), { ...VISA, isDefault: true });
    await store.put(url(me.id, 'pm_b'), { kind: 'sepa_debit', brand: 'Crédit Lyonnais', last4: '0189' });
    await store.put(url(me.id, 'pm_old'), { ...VISA, last4: '1111', expiryMonth: 1, expiryYear: 2020 });
    expect((await mine(me)).filter((method) => method.isDefault).map((method) => method.last4)).toEqual(['4242']);

    await store.put(url(me.id, 'pm_b'), { kind: 'sepa_debit', brand: 'Crédit Lyonnais', last4: '0189', isDefault: true });
    const items = await mine(me);
    expect(items.map((method) => [method.last4, method.isDefault])).toEqual([
      ['0189', true],
      ['1111', false],
      ['4242', false],
    ]);
    expect(items.find((method) => method.last4 === '1111')?.expired).toBe(true);
  });

  it('another customer’s methods are invisible; an unknown customer is 404; DELETE removes (204) then 404', async () => {
    const [me, other] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    await store.put(url(me.id, 'pm_mine'), VISA);
    expect(await mine(other)).toEqual([]);
    expect((await store.put(url('cus_nope', 'pm_x'), VISA)).status).toBe(404);
    expect((await store.delete(url(other.id, 'pm_mine'))).status).toBe(404);
    expect((await store.delete(url(me.id, 'pm_mine'))).status).toBe(204);
    expect(await mine(me)).toEqual([]);
    expect((await store.delete(url(me.id, 'pm_mine'))).status).toBe(404);
  });

  it('needs payment_methods:write, and a signed-in customer for the list', async () => {
    const me = await insertSignedInCustomer(t);
    const reader = storeClient(t, await newApiKey(t, ['documents:write']));
    expect((await reader.put(url(me.id, 'pm_x'), VISA)).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/payment-methods' })).statusCode).toBe(401);
  });
});
