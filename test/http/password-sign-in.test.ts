import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, newIp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password, records the event, and answers the API.md shape', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const response = await client.post('/api/auth/login', { email: customer.email.toUpperCase(), password: customer.password }, { headers: { 'user-agent': 'Firefox-Test/1.0' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token: expect.any(String), expiresAt: expect.any(String), customer: { id: customer.customerId, email: customer.email } });
    const [event] = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customer.customerId)).orderBy(desc(securityEvents.id)).limit(1);
    expect(event).toMatchObject({ type: 'sign_in_succeeded', method: 'password', ip: client.ip, userAgent: 'Firefox-Test/1.0' });
  });

  it('answers 401 invalid_credentials alike for a wrong password and an unknown address', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const wrong = await client.post('/api/auth/login', { email: customer.email, password: 'not the right password at all' });
    const unknown = await client.post('/api/auth/login', { email: uniqueEmail('personne'), password: 'not the right password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    const failures = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customer.customerId));
    expect(failures.map((event) => event.type)).toContain('sign_in_failed');
  });

  it('spends an argon2id verification on unknown addresses too (no timing oracle)', async () => {
    let dummyVerifications = 0;
    const hasher = t.ctx.passwordHasher;
    const original = hasher.verifyAgainstDummy;
    hasher.verifyAgainstDummy = async (password) => {
      dummyVerifications += 1;
      return original(password);
    };
    try {
      await apiClient(t.app).post('/api/auth/login', { email: uniqueEmail('fantome'), password: 'whatever password here' });
    } finally {
      hasher.verifyAgainstDummy = original;
    }
    expect(dummyVerifications).toBe(1);
  });

  it('answers 403 email_not_verified for the right password of an unverified address, with a fresh link at most every two minutes', async () => {
    const client = apiClient(t.app);
    const email = uniqueEmail('nonverifie');
    await client.post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Iris', lastName: 'Roux' });
    await t.mail.waitForEmail({ to: email });
    const before = t.mail.messages.filter((message) => message.to.includes(email)).length;

    const first = await client.post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(first.status).toBe(403);
    expect(first.body).toMatchObject({ code: 'email_not_verified' });
    const second = await client.post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(second.status).toBe(403);
    await t.runtime.mailWorker.flush();
    await t.mail.waitForEmail({ to: email, subject: /Confirmez/ });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = t.mail.messages.filter((message) => message.to.includes(email)).length;
    expect(after - before).toBe(1);

    const wrong = await client.post('/api/auth/login', { email, password: 'a wrong password for sure' });
    expect(wrong.status).toBe(401);
  });

  it('slows an attacker on one IP with 429 and Retry-After, while the owner still signs in from elsewhere', async () => {
    const customer = await registerVerifiedCustomer(t);
    const attacker = apiClient(t.app);
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof attacker.post>> | null = null;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await attacker.post('/api/auth/login', { email: customer.email, password: `guess number ${attempt} wrong` });
      statuses.push(response.status);
      if (response.status === 429) {
        limited = response;
        break;
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(limited?.status).toBe(429);
    expect(limited?.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited?.headers['retry-after'])).toBeLessThanOrEqual(300);
    // Even the right password waits on the attacker's IP…
    const blocked = await attacker.post('/api/auth/login', { email: customer.email, password: customer.password });
    expect(blocked.status).toBe(429);
    // …but not on the owner's.
    const owner = await apiClient(t.app, { ip: newIp() }).post('/api/auth/login', { email: customer.email, password: customer.password });
    expect(owner.status).toBe(200);
  });

  it('refuses a disabled account exactly like a wrong password', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { customers } = await import('../../src/modules/customers/customers.tables.js');
    await t.ctx.db.update(customers).set({ status: 'disabled' }).where(eq(customers.id, customer.customerId));
    const response = await apiClient(t.app).post('/api/auth/login', { email: customer.email, password: customer.password });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'invalid_credentials' });
    const me = await apiClient(t.app).get('/api/me', { token: customer.token });
    expect(me.status).toBe(401);
  });
});
