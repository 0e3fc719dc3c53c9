import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '../../src/modules/cards/card-number.rules.js';
import { findOrCreateGuestAccount } from '../../src/modules/customers/customers.service.js';
import { apiClient, createTestApp, type TTestApp, uniqueEmail } from '../support/test-app.js';
import { insertCompany } from '../support/companies.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

let t: TTestApp;
let till: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  till = storeClient(t, await newApiKey(t, ['customers:read']));
});
afterAll(async () => {
  await t.close();
});

type TSummary = { id: string; email: string; cardNumber: string | null; guest: boolean; verified: boolean; companies: { id: string; name: string; role: string }[] };

/** A colleague of a company, with their card number from GET /api/me/card. */
async function member() {
  const customer = await registerVerifiedCustomer(t);
  const company = await insertCompany(t, { adminId: customer.customerId, name: 'Atelier Lumière' });
  const card = (await customer.client.get('/api/me/card', { token: customer.token })).body as { number: string; formattedNumber: string };
  return { ...customer, company, card };
}

/** The same number with one digit changed: what a misread scan gives. */
function mistyped(number: string): string {
  const last = Number(number.at(-2));
  return `${number.slice(0, -2)}${(last + 1) % 10}${number.at(-1)}`;
}

describe('store integration: customers', () => {
  it('GET /api/integration/customers?cardNumber=: the card’s holder, with companies and card, whatever the spacing', async () => {
    const customer = await member();
    for (const query of [customer.card.number, customer.card.formattedNumber]) {
      const response = await till.get(`/api/integration/customers?cardNumber=${encodeURIComponent(query)}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        items: [
          {
            id: customer.customerId,
            email: customer.email,
            firstName: 'Camille',
            lastName: 'Durand',
            accountType: 'individual',
            locale: 'fr',
            verified: true,
            guest: false,
            cardNumber: customer.card.number,
            companies: [{ id: customer.company.companyId, name: 'Atelier Lumière', role: 'admin' }],
            approvalStatus: 'approved',
            createdAt: expect.any(String),
          },
        ],
        nextCursor: null,
      });
    }
  });

  it('GET /api/integration/customers?email=: found case-insensitively; an unknown address is an empty list', async () => {
    const customer = await member();
    const found = await till.get(`/api/integration/customers?email=${encodeURIComponent(`  ${customer.email.toUpperCase()} `)}`);
    expect((found.body as { items: TSummary[] }).items.map((item) => item.id)).toEqual([customer.customerId]);
    const unknown = await till.get(`/api/integration/customers?email=${encodeURIComponent(uniqueEmail('nobody'))}`);
    expect(unknown.body).toEqual({ items: [], nextCursor: null });
    const unknownCard = `2900000000${'12'}`;
    const validUnknown = `${unknownCard}${ean13CheckDigit(unknownCard)}`;
    expect((await till.get(`/api/integration/customers?cardNumber=${validUnknown}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it('a guest account from an order is `guest`, unverified and has no card yet', async () => {
    const email = uniqueEmail('guest');
    const { customer } = await findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID, email, firstName: 'Noé', lastName: 'Petit', locale: 'en', origin: 'guest_order' });
    const response = await till.get(`/api/integration/customers/${customer.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: customer.id, email, guest: true, verified: false, cardNumber: null, companies: [], locale: 'en' });
  });

  it.each([
    ['', 'query', 'one_of_required'],
    ['?email=a@b.fr&cardNumber=2900000000001', 'query', 'one_of_required'],
    ['?cardNumber=2900000000002', 'query.cardNumber', 'invalid_card_number'],
    ['?cardNumber=1234', 'query.cardNumber', 'invalid_card_number'],
  ])('GET /api/integration/customers%s: 400 on %s (%s)', async (query, path, code) => {
    const response = await till.get(`/api/integration/customers${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path, code })] });
  });

  it('GET /api/integration/cards/{number}: the holder; a bad check digit is 400, an unknown card 404', async () => {
    const customer = await member();
    const found = await till.get(`/api/integration/cards/${customer.card.number}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ number: customer.card.number, customer: { id: customer.customerId, cardNumber: customer.card.number } });

    const misread = await till.get(`/api/integration/cards/${mistyped(customer.card.number)}`);
    expect(misread.status).toBe(400);
    expect(misread.body).toMatchObject({ errors: [{ path: 'params.number', code: 'invalid_card_number' }] });
    expect((await till.get('/api/integration/cards/2900000000001')).status).toBe(404);
  });

  it('GET /api/integration/customers/{id}: 404 for an unknown id', async () => {
    const response = await till.get('/api/integration/customers/cus_01jd3k0000000000000000000');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });

  it('scopes: customers:read (or write) is required; no key is 401', async () => {
    const customer = await member();
    const orders = storeClient(t, await newApiKey(t, ['orders:write', 'webhooks:write']));
    const writer = storeClient(t, await newApiKey(t, ['customers:write']));
    for (const url of [`/api/integration/customers/${customer.customerId}`, `/api/integration/cards/${customer.card.number}`, `/api/integration/customers?email=${customer.email}`]) {
      expect((await orders.get(url)).body).toMatchObject({ status: 403, code: 'missing_scope' });
      expect((await apiClient(t.app).get(url)).status).toBe(401);
      expect((await apiClient(t.app).get(url, { token: customer.token })).status).toBe(401);
      expect((await writer.get(url)).status).toBe(200);
    }
  });
});
