import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAddresses } from '../../src/modules/addresses/addresses.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { newId } from '../../src/platform/ids.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TAddress = {
  id: string;
  kind: 'billing' | 'delivery';
  isDefault: boolean;
  label: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
  phoneNational: string | null;
  billingAddressId: string | null;
  [field: string]: unknown;
};
type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TFieldIssue = { path: string; code: string; message: string };

const PARIS = { kind: 'delivery', firstName: 'Camille', lastName: 'Durand', line1: '12 rue de Rivoli', postalCode: '75001', city: 'Paris', country: 'FR' };
const BILLING = { ...PARIS, kind: 'billing', company: 'Papeterie Durand', attention: 'Service comptabilité', line1: '3 place du Marché', postalCode: '69002', city: 'Lyon' };

async function add(app: TTestApp, customer: TCustomer, body: object): Promise<TAddress> {
  const response = await customer.client.post('/api/me/addresses', body, { token: customer.token });
  if (response.status !== 201) throw new Error(`POST /api/me/addresses answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as TAddress;
}

async function list(customer: TCustomer): Promise<TAddress[]> {
  const response = await customer.client.get('/api/me/addresses', { token: customer.token });
  expect(response.status).toBe(200);
  return (response.body as { items: TAddress[] }).items;
}

function expectFieldErrors(response: { status: number; body: unknown }, expected: Record<string, string>) {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
  const errors = (response.body as { errors: TFieldIssue[] }).errors;
  for (const [path, code] of Object.entries(expected)) {
    expect(errors, `${path} is reported as ${code}`).toContainEqual(expect.objectContaining({ path, code }));
  }
  for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
  return errors;
}

describe('POST /api/me/addresses', () => {
  it('POST /api/me/addresses: answers 201 with the address, an adr_ id, the phone in E.164 and for display, and the first delivery address is the default', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect(await list(customer)).toEqual([]);
    const created = await add(t, customer, { ...PARIS, label: 'Maison', line2: 'Bâtiment B', phone: '06 12 34 56 78' });
    expect(created).toMatchObject({
      kind: 'delivery',
      isDefault: true,
      label: 'Maison',
      firstName: 'Camille',
      lastName: 'Durand',
      company: null,
      attention: null,
      line1: '12 rue de Rivoli',
      line2: 'Bâtiment B',
      houseNumber: null,
      postalCode: '75001',
      city: 'Paris',
      region: null,
      country: 'FR',
      phone: '+33612345678',
      phoneNational: '06 12 34 56 78',
      billingAddressId: null,
    });
    expect(created.id).toMatch(/^adr_[0-9a-z]{26}$/);
    const [row] = await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.id, created.id));
    expect(row).toMatchObject({ customerId: customer.customerId, phone: '+33612345678', country: 'FR' });

    const fetched = await customer.client.get(`/api/me/addresses/${created.id}`, { token: customer.token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created);
  });

  it('POST /api/me/addresses: a foreign number keeps its country, shown internationally; a lower-case country is accepted', async () => {
    const customer = await registerVerifiedCustomer(t);
    const created = await add(t, customer, { ...PARIS, country: 'fr', phone: '+32 470 12 34 56' });
    expect(created).toMatchObject({ country: 'FR', phone: '+32470123456', phoneNational: '+32 470 12 34 56' });
  });

  it('POST /api/me/addresses: one billing address per account; a second is 409 billing_address_exists; billing is never the default', async () => {
    const customer = await registerVerifiedCustomer(t);
    const billing = await add(t, customer, BILLING);
    expect(billing).toMatchObject({ kind: 'billing', isDefault: false, company: 'Papeterie Durand', attention: 'Service comptabilité' });
    const second = await customer.client.post('/api/me/addresses', BILLING, { token: customer.token });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'billing_address_exists' });
    expectFieldErrors(await customer.client.post('/api/me/addresses', { ...BILLING, isDefault: true }, { token: customer.token }), {
      isDefault: 'only_for_delivery',
    });
    expect((await list(customer)).filter((address) => address.kind === 'billing')).toHaveLength(1);
  });

  it('POST /api/me/addresses: a company alone is enough as recipient; neither name nor company is 400 on lastName', async () => {
    const customer = await registerVerifiedCustomer(t);
    await add(t, customer, { ...PARIS, firstName: null, lastName: '', company: 'Atelier Lumière' });
    expectFieldErrors(await customer.client.post('/api/me/addresses', { ...PARIS, lastName: ' ' }, { token: customer.token }), { lastName: 'required' });
  });

  it('POST /api/me/addresses: every invalid field is listed at once, the country’s rules with the others', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.post(
      '/api/me/addresses',
      { kind: 'delivery', lastName: '', line1: 'Damrak', city: ' ', postalCode: '12', country: 'NL', phone: 'abc', label: 'x'.repeat(51), houseNumberExtension: 'A' },
      { token: customer.token },
    );
    const errors = expectFieldErrors(response, {
      lastName: 'required',
      city: 'required',
      postalCode: 'invalid_postal_code',
      phone: 'invalid_phone',
      label: 'too_big',
      houseNumber: 'required',
      houseNumberExtension: 'requires_house_number',
    });
    expect(errors).toHaveLength(7);
    expect(await list(customer)).toEqual([]);
  });

  it('POST /api/me/addresses: an unknown country, a missing kind and a missing line 1 come together', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { kind: _kind, line1: _line1, ...rest } = PARIS;
    const errors = expectFieldErrors(await customer.client.post('/api/me/addresses', { ...rest, country: 'XX' }, { token: customer.token }), {
      kind: 'invalid_value',
      line1: 'required',
      country: 'invalid_country',
    });
    expect(errors.map((error) => error.path).sort()).toEqual(['country', 'kind', 'line1']);
  });

  it('POST /api/me/addresses: without a session is 401 unauthenticated; with the cookie and no CSRF token 403 csrf_failed', async () => {
    const anonymous = await apiClient(t.app).post('/api/me/addresses', PARIS);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'unauthenticated' });
    const customer = await registerVerifiedCustomer(t);
    const forged = await customer.client.post('/api/me/addresses', PARIS, { cookies: { comptoir_session: customer.token } });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ code: 'csrf_failed' });
    expect(await list(customer)).toEqual([]);
  });
});

describe('postal codes and required fields per country', () => {
  const base = (country: string, postalCode: string, extra: object = {}) => ({ ...PARIS, line1: 'Hauptstraße 5', country, postalCode, ...extra });
  const accepted: [string, string, string, object?][] = [
    ['FR', '75001', '75001'],
    ['BE', '1000', '1000'],
    ['LU', 'L-1234', '1234'],
    ['LU', '1234', '1234'],
    ['NL', '1234ab', '1234 AB'],
    ['DE', '10115', '10115'],
    ['CH', '8001', '8001'],
    ['ES', '28013', '28013'],
    ['IT', '00184', '00184', { region: 'rm' }],
    ['GB', 'sw1a1aa', 'SW1A 1AA'],
  ];
  const refused: [string, string, object?][] = [
    ['FR', '7500'],
    ['BE', '100'],
    ['BE', '10000'],
    ['LU', '12345'],
    ['NL', '1234'],
    ['DE', '1011'],
    ['DE', '101155'],
    ['CH', '80011'],
    ['ES', '53001'],
    ['ES', '2801'],
    ['IT', '0018', { region: 'RM' }],
    ['GB', 'SW1A 1A'],
  ];

  it('POST /api/me/addresses: accepts each country’s postal code and stores it as its post writes it', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const [country, typed, stored, extra] of accepted) {
      const created = await add(t, customer, base(country, typed, extra));
      expect(created.postalCode, `${country} ${typed}`).toBe(stored);
    }
    expect((await list(customer)).find((address) => address.country === 'IT')).toMatchObject({ region: 'RM' });
  });

  it('POST /api/me/addresses: refuses a postal code that is not one of the country with 400 invalid_postal_code', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const [country, typed, extra] of refused) {
      const response = await customer.client.post('/api/me/addresses', base(country, typed, extra), { token: customer.token });
      const errors = expectFieldErrors(response, { postalCode: 'invalid_postal_code' });
      expect(errors, `${country} ${typed}`).toHaveLength(1);
    }
    expect(await list(customer)).toEqual([]);
  });

  it('POST /api/me/addresses: the nine countries require a postal code; elsewhere it is optional', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await customer.client.post('/api/me/addresses', base('FR', ''), { token: customer.token }), { postalCode: 'required' });
    const hongKong = await add(t, customer, { ...base('HK', ''), postalCode: null, city: 'Hong Kong' });
    expect(hongKong.postalCode).toBeNull();
  });

  it('POST /api/me/addresses: NL and DE need a house number unless line 1 holds it; NL takes digits only', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const country of ['NL', 'DE']) {
      const postalCode = country === 'NL' ? '1012 AB' : '10115';
      expectFieldErrors(await customer.client.post('/api/me/addresses', base(country, postalCode, { line1: 'Damrak' }), { token: customer.token }), {
        houseNumber: 'required',
      });
      await add(t, customer, base(country, postalCode, { line1: 'Damrak', houseNumber: '70', houseNumberExtension: 'A' }));
    }
    expectFieldErrors(
      await customer.client.post('/api/me/addresses', base('NL', '1012 AB', { line1: 'Damrak', houseNumber: '70a' }), { token: customer.token }),
      { houseNumber: 'invalid_house_number' },
    );
  });

  it('POST /api/me/addresses: IT requires the two-letter province code', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await customer.client.post('/api/me/addresses', base('IT', '00184'), { token: customer.token }), { region: 'required' });
    expectFieldErrors(await customer.client.post('/api/me/addresses', base('IT', '00184', { region: 'Roma' }), { token: customer.token }), {
      region: 'invalid_region',
    });
  });

  it('GET /api/addresses/countries: lists every ISO 3166-1 country with what it requires, without signing in', async () => {
    const response = await apiClient(t.app).get('/api/addresses/countries');
    expect(response.status).toBe(200);
    const items = (response.body as { items: { code: string }[] }).items;
    expect(items).toHaveLength(249);
    const byCode = new Map(items.map((item) => [item.code, item]));
    expect(byCode.get('FR')).toEqual({ code: 'FR', postalCodeRequired: true, postalCodeExample: '75001', houseNumberRequired: false, regionRequired: false });
    expect(byCode.get('NL')).toMatchObject({ postalCodeExample: '1012 AB', houseNumberRequired: true });
    expect(byCode.get('IT')).toMatchObject({ regionRequired: true });
    expect(byCode.get('US')).toMatchObject({ postalCodeRequired: false, postalCodeExample: null });
  });
});

describe('GET /api/me/addresses', () => {
  it('GET /api/me/addresses: lists billing first, then the default delivery address, then the newest', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await add(t, customer, { ...PARIS, label: 'first' });
    const second = await add(t, customer, { ...PARIS, label: 'second' });
    const billing = await add(t, customer, BILLING);
    const response = await customer.client.get('/api/me/addresses', { token: customer.token });
    expect(response.body).toMatchObject({ nextCursor: null });
    expect((await list(customer)).map((address) => address.id)).toEqual([billing.id, first.id, second.id]);
  });
});

describe('PATCH /api/me/addresses/:id', () => {
  it('PATCH /api/me/addresses/:id: changes only the given fields; null clears an optional one', async () => {
    const customer = await registerVerifiedCustomer(t);
    const created = await add(t, customer, { ...PARIS, label: 'Maison', phone: '0612345678' });
    const response = await customer.client.patch(`/api/me/addresses/${created.id}`, { label: 'Bureau', phone: null, line2: '3e étage' }, { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ...created, label: 'Bureau', phone: null, phoneNational: null, line2: '3e étage', updatedAt: expect.any(String) });
  });

  it('PATCH /api/me/addresses/:id: a new country rechecks the stored postal code and leaves the address unchanged when refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    const created = await add(t, customer, PARIS);
    const refused = await customer.client.patch(`/api/me/addresses/${created.id}`, { country: 'NL', line1: 'Damrak' }, { token: customer.token });
    expectFieldErrors(refused, { postalCode: 'invalid_postal_code', houseNumber: 'required' });
    const unchanged = await customer.client.get(`/api/me/addresses/${created.id}`, { token: customer.token });
    expect(unchanged.body).toEqual(created);

    const moved = await customer.client.patch(
      `/api/me/addresses/${created.id}`,
      { country: 'NL', line1: 'Damrak', houseNumber: '70', postalCode: '1012lm', city: 'Amsterdam', phone: '06 12345678' },
      { token: customer.token },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ country: 'NL', postalCode: '1012 LM', houseNumber: '70', phone: '+31612345678', kind: 'delivery', isDefault: true });
  });

  it('PATCH /api/me/addresses/:id: a required field cannot be emptied', async () => {
    const customer = await registerVerifiedCustomer(t);
    const created = await add(t, customer, PARIS);
    expectFieldErrors(await customer.client.patch(`/api/me/addresses/${created.id}`, { line1: '', city: null }, { token: customer.token }), {
      line1: 'required',
      city: 'invalid_type',
    });
  });
});

describe('another customer’s addresses', () => {
  it('GET, PATCH, DELETE and POST …/default on another customer’s address are 404 not_found and change nothing', async () => {
    const owner = await registerVerifiedCustomer(t);
    const intruder = await registerVerifiedCustomer(t);
    await add(t, owner, { ...PARIS, label: 'default' });
    const target = await add(t, owner, { ...PARIS, label: 'target' });
    const before = await list(owner);
    const url = `/api/me/addresses/${target.id}`;
    const answers = [
      await intruder.client.get(url, { token: intruder.token }),
      await intruder.client.patch(url, { label: 'pwned' }, { token: intruder.token }),
      await intruder.client.delete(url, { token: intruder.token }),
      await intruder.client.post(`${url}/default`, undefined, { token: intruder.token }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(String(answer.headers['content-type'])).toMatch(/application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect(await list(owner)).toEqual(before);
    expect(await list(intruder)).toEqual([]);
  });

  it('GET /api/me/addresses/:id: an id that does not exist is 404 not_found', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.get(`/api/me/addresses/${newId('adr')}`, { token: customer.token });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });
});

describe('the default delivery address', () => {
  it('POST /api/me/addresses/:id/default: makes it the default and the previous one not', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await add(t, customer, PARIS);
    const second = await add(t, customer, PARIS);
    expect([first.isDefault, second.isDefault]).toEqual([true, false]);
    const response = await customer.client.post(`/api/me/addresses/${second.id}/default`, undefined, { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: second.id, isDefault: true });
    const defaults = (await list(customer)).filter((address) => address.isDefault).map((address) => address.id);
    expect(defaults).toEqual([second.id]);
    // Already the default: nothing changes.
    expect((await customer.client.post(`/api/me/addresses/${second.id}/default`, undefined, { token: customer.token })).status).toBe(200);
  });

  it('POST /api/me/addresses: isDefault true takes the default from the previous one', async () => {
    const customer = await registerVerifiedCustomer(t);
    await add(t, customer, PARIS);
    const newer = await add(t, customer, { ...PARIS, isDefault: true });
    expect(newer.isDefault).toBe(true);
    expect((await list(customer)).filter((address) => address.isDefault).map((address) => address.id)).toEqual([newer.id]);
  });

  it('POST /api/me/addresses/:id/default: the billing address is 422 not_a_delivery_address', async () => {
    const customer = await registerVerifiedCustomer(t);
    const billing = await add(t, customer, BILLING);
    const response = await customer.client.post(`/api/me/addresses/${billing.id}/default`, undefined, { token: customer.token });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'not_a_delivery_address' });
  });

  it('POST /api/me/addresses/:id/default: concurrent calls leave exactly one default', async () => {
    const customer = await registerVerifiedCustomer(t);
    const addresses: TAddress[] = [];
    for (let i = 0; i < 6; i += 1) addresses.push(await add(t, customer, { ...PARIS, label: `n°${i}` }));
    const answers = await Promise.all(
      addresses.map((address) => customer.client.post(`/api/me/addresses/${address.id}/default`, undefined, { token: customer.token })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(addresses.map(() => 200));
    expect((await list(customer)).filter((address) => address.isDefault)).toHaveLength(1);
    const rows = await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, customer.customerId));
    expect(rows.filter((row) => row.isDefault)).toHaveLength(1);
  });

  it('POST /api/me/addresses: concurrent first addresses still make exactly one default', async () => {
    const customer = await registerVerifiedCustomer(t);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => customer.client.post('/api/me/addresses', { ...PARIS, label: `n°${i}`, isDefault: i % 2 === 0 }, { token: customer.token })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect((await list(customer)).filter((address) => address.isDefault)).toHaveLength(1);
  });

  it('customer_addresses: the database itself refuses a second default delivery address and a second billing address', async () => {
    const customer = await registerVerifiedCustomer(t);
    await add(t, customer, PARIS);
    await add(t, customer, BILLING);
    const row = { customerId: customer.customerId, line1: '1 rue Neuve', city: 'Paris', country: 'FR', lastName: 'Durand' };
    await expect(t.ctx.db.insert(customerAddresses).values({ ...row, id: newId('adr'), kind: 'delivery', isDefault: true })).rejects.toThrow();
    await expect(t.ctx.db.insert(customerAddresses).values({ ...row, id: newId('adr'), kind: 'billing' })).rejects.toThrow();
    await expect(t.ctx.db.insert(customerAddresses).values({ ...row, id: newId('adr'), kind: 'delivery', phone: '0612345678' })).rejects.toThrow();
    expect(await list(customer)).toHaveLength(2);
  });
});

describe('DELETE /api/me/addresses/:id', () => {
  it('DELETE /api/me/addresses/:id: answers 204; deleting the default makes the newest remaining one the default', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await add(t, customer, { ...PARIS, label: 'first' });
    const second = await add(t, customer, { ...PARIS, label: 'second' });
    const third = await add(t, customer, { ...PARIS, label: 'third' });
    const response = await customer.client.delete(`/api/me/addresses/${first.id}`, { token: customer.token });
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect((await customer.client.get(`/api/me/addresses/${first.id}`, { token: customer.token })).status).toBe(404);
    const left = await list(customer);
    expect(left.map((address) => [address.id, address.isDefault])).toEqual([
      [third.id, true],
      [second.id, false],
    ]);
    expect((await customer.client.delete(`/api/me/addresses/${first.id}`, { token: customer.token })).status).toBe(404);
  });

  it('DELETE /api/me/addresses/:id: the billing address can go while delivery addresses stay', async () => {
    const customer = await registerVerifiedCustomer(t);
    const billing = await add(t, customer, BILLING);
    await add(t, customer, PARIS);
    expect((await customer.client.delete(`/api/me/addresses/${billing.id}`, { token: customer.token })).status).toBe(204);
    expect((await list(customer)).map((address) => address.kind)).toEqual(['delivery']);
  });

  it('customer_addresses: a deleted customer’s addresses go with it', async () => {
    const customer = await registerVerifiedCustomer(t);
    await add(t, customer, PARIS);
    await t.ctx.db.delete(customers).where(eq(customers.id, customer.customerId));
    expect(await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, customer.customerId))).toEqual([]);
  });
});

describe('at most 50 delivery addresses', () => {
  it('POST /api/me/addresses: the 51st delivery address is 422 too_many_addresses; the billing address does not count', async () => {
    const customer = await registerVerifiedCustomer(t);
    await add(t, customer, BILLING);
    for (let i = 1; i <= 50; i += 1) await add(t, customer, { ...PARIS, label: `n°${i}` });
    const response = await customer.client.post('/api/me/addresses', { ...PARIS, label: 'n°51' }, { token: customer.token });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ status: 422, code: 'too_many_addresses' });
    const copy = await customer.client.post('/api/me/addresses/delivery-from-billing', {}, { token: customer.token });
    expect(copy.status).toBe(422);
    expect(copy.body).toMatchObject({ code: 'too_many_addresses' });
    const addresses = await list(customer);
    expect(addresses.filter((address) => address.kind === 'delivery')).toHaveLength(50);
    expect(addresses.some((address) => address.label === 'n°51')).toBe(false);
  });
});

describe('POST /api/me/addresses/delivery-from-billing', () => {
  it('POST /api/me/addresses/delivery-from-billing: copies the billing address as a delivery address in one step', async () => {
    const customer = await registerVerifiedCustomer(t);
    const billing = await add(t, customer, { ...BILLING, phone: '04 72 00 00 00' });
    const response = await customer.client.post('/api/me/addresses/delivery-from-billing', { label: 'Boutique' }, { token: customer.token });
    expect(response.status).toBe(201);
    const copy = response.body as TAddress;
    const { id: _id, kind: _kind, label: _label, createdAt: _createdAt, updatedAt: _updatedAt, ...billingFields } = billing;
    expect(copy).toMatchObject({ ...billingFields, kind: 'delivery', isDefault: true, label: 'Boutique' });
    expect(copy.id).not.toBe(billing.id);

    const second = await customer.client.post('/api/me/addresses/delivery-from-billing', undefined, { token: customer.token });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ kind: 'delivery', isDefault: false, label: null });
  });

  it('POST /api/me/addresses/delivery-from-billing: without a billing address is 422 billing_address_required', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.post('/api/me/addresses/delivery-from-billing', {}, { token: customer.token });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'billing_address_required' });
  });
});

describe('ADDRESSES_SHARED_BILLING=true (every delivery address invoiced to the one billing address)', () => {
  let shared: TTestApp;
  beforeAll(async () => {
    shared = await createTestApp({ env: { ADDRESSES_SHARED_BILLING: 'true' } });
  });
  afterAll(async () => {
    await shared.close();
  });

  it('POST /api/me/addresses: a delivery address before the billing address is 422 billing_address_required', async () => {
    const customer = await registerVerifiedCustomer(shared);
    const response = await customer.client.post('/api/me/addresses', PARIS, { token: customer.token });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'billing_address_required' });
  });

  it('GET /api/me/addresses: every delivery address answer carries the billingAddressId of the account’s billing address', async () => {
    const customer = await registerVerifiedCustomer(shared);
    const billing = await add(shared, customer, BILLING);
    expect(billing.billingAddressId).toBeNull();
    const home = await add(shared, customer, PARIS);
    const office = await add(shared, customer, { ...PARIS, label: 'Bureau' });
    expect([home.billingAddressId, office.billingAddressId]).toEqual([billing.id, billing.id]);
    for (const address of (await list(customer)).filter((item) => item.kind === 'delivery')) expect(address.billingAddressId).toBe(billing.id);
    const fetched = await customer.client.get(`/api/me/addresses/${office.id}`, { token: customer.token });
    expect(fetched.body).toMatchObject({ billingAddressId: billing.id });
    const made = await customer.client.post(`/api/me/addresses/${office.id}/default`, undefined, { token: customer.token });
    expect(made.body).toMatchObject({ isDefault: true, billingAddressId: billing.id });
    const patched = await customer.client.patch(`/api/me/addresses/${office.id}`, { label: 'Atelier' }, { token: customer.token });
    expect(patched.body).toMatchObject({ label: 'Atelier', billingAddressId: billing.id });
    const copied = await customer.client.post('/api/me/addresses/delivery-from-billing', {}, { token: customer.token });
    expect(copied.body).toMatchObject({ kind: 'delivery', billingAddressId: billing.id });
  });

  it('DELETE /api/me/addresses/:id: the billing address is 409 billing_address_in_use while delivery addresses share it', async () => {
    const customer = await registerVerifiedCustomer(shared);
    const billing = await add(shared, customer, BILLING);
    const home = await add(shared, customer, PARIS);
    const refused = await customer.client.delete(`/api/me/addresses/${billing.id}`, { token: customer.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'billing_address_in_use' });
    expect((await list(customer)).map((address) => address.id)).toEqual([billing.id, home.id]);

    expect((await customer.client.delete(`/api/me/addresses/${home.id}`, { token: customer.token })).status).toBe(204);
    expect((await customer.client.delete(`/api/me/addresses/${billing.id}`, { token: customer.token })).status).toBe(204);
    expect(await list(customer)).toEqual([]);
  });

  it('PATCH /api/me/addresses/:id: changing the billing address changes what every delivery address is invoiced to, not their ids', async () => {
    const customer = await registerVerifiedCustomer(shared);
    const billing = await add(shared, customer, BILLING);
    const home = await add(shared, customer, PARIS);
    const moved = await customer.client.patch(`/api/me/addresses/${billing.id}`, { line1: '8 quai Saint-Antoine' }, { token: customer.token });
    expect(moved.status).toBe(200);
    expect((await list(customer)).find((address) => address.id === home.id)).toMatchObject({ billingAddressId: billing.id });
  });
});

describe('GET /openapi.json', () => {
  it('GET /openapi.json: describes every address route', async () => {
    const document = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths['/api/me/addresses'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/api/me/addresses/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(document.paths['/api/me/addresses/{id}/default']).toHaveProperty('post');
    expect(document.paths['/api/me/addresses/delivery-from-billing']).toHaveProperty('post');
    expect(document.paths['/api/addresses/countries']).toHaveProperty('get');
  });
});
