import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loginCodes } from '../../src/modules/auth/auth.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { codeFromEmail, registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function requestCode(email: string, client = apiClient(t.app)) {
  const since = t.mail.mark();
  const response = await client.post('/api/auth/login-code', { email });
  expect(response.status).toBe(202);
  const message = await t.mail.waitForEmail({ to: email, after: since, subject: /code/i });
  return { code: codeFromEmail(message.text), message };
}

describe('POST /api/auth/login-code and /verify', () => {
  it('signs in with the six digits from the email, once only', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const { code, message } = await requestCode(customer.email, client);
    expect(message.subject).not.toContain(code);
    const signedIn = await client.post('/api/auth/login-code/verify', { email: customer.email, code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ token: expect.any(String), customer: { id: customer.customerId } });
    const again = await client.post('/api/auth/login-code/verify', { email: customer.email, code });
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ code: 'invalid_code' });
  });

  it('stores the code only hashed', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { code } = await requestCode(customer.email);
    const [row] = await t.ctx.db.select().from(loginCodes).where(eq(loginCodes.customerId, customer.customerId));
    expect(row?.codeHash).toBeDefined();
    expect(JSON.stringify(row)).not.toContain(`"${code}"`);
  });

  it('verifies an unverified address, since the code proves it', async () => {
    const client = apiClient(t.app);
    const email = uniqueEmail('parcode');
    await client.post('/api/auth/register', { email, firstName: 'Sans', lastName: 'MotDePasse' });
    await t.mail.waitForEmail({ to: email, subject: /Confirmez/ });
    const { code } = await requestCode(email, client);
    const signedIn = await client.post('/api/auth/login-code/verify', { email, code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ customer: { emailVerified: true } });
  });

  it('keeps one live code per address: a new request replaces the old code', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const first = await requestCode(customer.email, client);
    const second = await requestCode(customer.email, client);
    if (first.code !== second.code) {
      const old = await client.post('/api/auth/login-code/verify', { email: customer.email, code: first.code });
      expect(old.status).toBe(401);
    }
    const fresh = await client.post('/api/auth/login-code/verify', { email: customer.email, code: second.code });
    expect(fresh.status).toBe(200);
  });

  it('allows five wrong tries per code, then answers 429 too_many_attempts even for the right code', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const { code } = await requestCode(customer.email, client);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await client.post('/api/auth/login-code/verify', { email: customer.email, code: wrongCode });
      expect(wrong.status).toBe(401);
    }
    const sixth = await client.post('/api/auth/login-code/verify', { email: customer.email, code });
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses an expired code', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const { code } = await requestCode(customer.email, client);
    await t.ctx.db.update(loginCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(loginCodes.customerId, customer.customerId));
    const response = await client.post('/api/auth/login-code/verify', { email: customer.email, code });
    expect(response.status).toBe(401);
  });

  it('answers 202 for an unknown address and emails it an invitation to sign up, not a code', async () => {
    const email = uniqueEmail('inconnu');
    const response = await apiClient(t.app).post('/api/auth/login-code', { email });
    expect(response.status).toBe(202);
    const message = await t.mail.waitForEmail({ to: email });
    expect(message.text).not.toMatch(/^\s*\d{6}\s*$/m);
    expect(message.text).toContain('/sign-up');
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email));
    expect(row).toBeUndefined();
  });

  it('rate-limits code requests per address with 429 and Retry-After', async () => {
    const customer = await registerVerifiedCustomer(t);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      // A different IP each time: the per-address limit is what stops this.
      statuses.push((await apiClient(t.app).post('/api/auth/login-code', { email: customer.email })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.at(-1)).toBe(429);
  });

  it('rate-limits code requests per IP', async () => {
    const client = apiClient(t.app);
    let last = 0;
    for (let attempt = 0; attempt < 35 && last !== 429; attempt += 1) {
      last = (await client.post('/api/auth/login-code', { email: uniqueEmail('ip') })).status;
    }
    expect(last).toBe(429);
  });

  it('names a malformed code as a field error', async () => {
    const response = await apiClient(t.app).post('/api/auth/login-code/verify', { email: 'x@example.fr', code: '12ab' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ path: 'code' }] });
  });

  it('records code_sent and a code sign-in in the security events', async () => {
    const customer = await registerVerifiedCustomer(t, { password: STRONG_PASSWORD });
    const client = apiClient(t.app);
    const { code } = await requestCode(customer.email, client);
    await client.post('/api/auth/login-code/verify', { email: customer.email, code });
    const { securityEvents } = await import('../../src/modules/auth/auth.tables.js');
    const events = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, customer.customerId));
    expect(events.map((event) => `${event.type}:${event.method ?? ''}`)).toEqual(expect.arrayContaining(['code_sent:', 'sign_in_succeeded:code']));
  });
});
