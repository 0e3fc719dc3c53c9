import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { sessions } from '../../src/modules/auth/auth.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';

/** Long enough that only an eviction, never the time to live, can explain a 401. */
const CACHE = { SESSION_CACHE_SECONDS: '60' };

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: CACHE });
});
afterAll(async () => {
  await t.close();
});

async function statusWithin(check: () => Promise<number>, expected: number, timeoutMs = 5000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = await check();
  while (status !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await check();
  }
  return status;
}

describe('the session cache', () => {
  it('serves a recently verified session again without changing what the API answers', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await customer.client.get('/api/me', { token: customer.token });
    const second = await customer.client.get('/api/me', { token: customer.token });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it('refuses a session revoked on this instance at once', async () => {
    const customer = await registerVerifiedCustomer(t);
    const other = await customer.client.post('/api/auth/login', { email: customer.email, password: customer.password });
    const otherToken = (other.body as { token: string }).token;
    expect((await customer.client.get('/api/me', { token: otherToken })).status).toBe(200);
    const list = await customer.client.get('/api/me/sessions', { token: customer.token });
    const otherSession = (list.body as { items: { id: string; current: boolean }[] }).items.find((item) => !item.current);
    expect((await customer.client.delete(`/api/me/sessions/${otherSession!.id}`, { token: customer.token })).status).toBe(204);
    expect((await customer.client.get('/api/me', { token: otherToken })).status).toBe(401);
  });

  it('refuses at once the sessions a password reset ended', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    const mark = t.mail.mark();
    await customer.client.post('/api/auth/password-reset', { email: customer.email });
    const message = await t.mail.waitForEmail({ to: customer.email, after: mark });
    const confirmed = await customer.client.post('/api/auth/password-reset/confirm', {
      token: tokenFromLink(message.text, '/reset-password'),
      password: 'citron lanterne escalier 2031 baleine',
    });
    expect(confirmed.status).toBe(200);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);
  });

  it('forgets a session revoked straight in the database, through its change notification', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    await t.ctx.db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.customerId, customer.customerId));
    const status = await statusWithin(async () => (await customer.client.get('/api/me', { token: customer.token })).status, 401);
    expect(status).toBe(401);
  });

  it('forgets the sessions of a customer disabled straight in the database', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    await t.ctx.db.update(customers).set({ status: 'disabled' }).where(eq(customers.id, customer.customerId));
    const status = await statusWithin(async () => (await customer.client.get('/api/me', { token: customer.token })).status, 401);
    expect(status).toBe(401);
  });

  it('shows a profile changed in the database, not the cached one', async () => {
    const customer = await registerVerifiedCustomer(t);
    await customer.client.get('/api/me', { token: customer.token });
    await t.ctx.db.update(customers).set({ firstName: 'Renommée' }).where(eq(customers.id, customer.customerId));
    const deadline = Date.now() + 5000;
    let firstName = '';
    while (firstName !== 'Renommée' && Date.now() < deadline) {
      firstName = ((await customer.client.get('/api/me', { token: customer.token })).body as { firstName: string }).firstName;
      if (firstName !== 'Renommée') await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(firstName).toBe('Renommée');
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('the session cache with two instances on one PostgreSQL database', () => {
  let second: TTestApp;
  beforeAll(async () => {
    second = await createTestApp({ env: CACHE, sameDatabaseAs: t });
  });
  afterAll(async () => {
    await second.close();
  });

  it('a session revoked on one instance is refused by the other, which had it cached', async () => {
    const customer = await registerVerifiedCustomer(t);
    const onSecond = apiClient(second.app);
    const other = await onSecond.post('/api/auth/login', { email: customer.email, password: customer.password });
    const otherToken = (other.body as { token: string }).token;
    expect((await onSecond.get('/api/me', { token: otherToken })).status).toBe(200);
    // Signed out on the first instance…
    expect((await apiClient(t.app).post('/api/auth/logout', undefined, { token: otherToken })).status).toBe(204);
    // …the second instance forgets it as soon as the notification arrives.
    const status = await statusWithin(async () => (await onSecond.get('/api/me', { token: otherToken })).status, 401);
    expect(status).toBe(401);
  });
});
