import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailTokens } from '../../src/modules/auth/auth.tables.js';
import { registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const NEW_PASSWORD = 'citron lanterne escalier 2031 baleine';

async function requestResetLink(email: string) {
  const mark = t.mail.mark();
  const response = await apiClient(t.app).post('/api/auth/password-reset', { email });
  expect(response.status).toBe(202);
  const message = await t.mail.waitForEmail({ to: email, after: mark, subject: /mot de passe|password/i });
  return tokenFromLink(message.text, '/reset-password');
}

describe('POST /api/auth/password-reset and /confirm', () => {
  it('sets the new password, ends every session, and emails "your password was changed"', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const otherDevice = await client.post('/api/auth/login', { email: customer.email, password: customer.password });
    const otherToken = (otherDevice.body as { token: string }).token;
    const token = await requestResetLink(customer.email);

    const mark = t.mail.mark();
    const confirmed = await client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(confirmed.status).toBe(200);

    expect((await client.get('/api/me', { token: customer.token })).status).toBe(401);
    expect((await client.get('/api/me', { token: otherToken })).status).toBe(401);
    expect((await client.post('/api/auth/login', { email: customer.email, password: customer.password })).status).toBe(401);
    expect((await client.post('/api/auth/login', { email: customer.email, password: NEW_PASSWORD })).status).toBe(200);
    const notice = await t.mail.waitForEmail({ to: customer.email, after: mark });
    expect(notice.subject).toMatch(/modifié|changed/i);
  });

  it('uses the link once only', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = await requestResetLink(customer.email);
    const client = apiClient(t.app);
    expect((await client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(200);
    const again = await client.post('/api/auth/password-reset/confirm', { token, password: 'encore une autre phrase secrète' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a link older than one hour', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = await requestResetLink(customer.email);
    await t.ctx.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailTokens.customerId, customer.customerId));
    const response = await apiClient(t.app).post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_token' });
  });

  it('issues links valid for one hour, stored only as a SHA-256 digest', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = await requestResetLink(customer.email);
    const rows = await t.ctx.db.select().from(emailTokens).where(eq(emailTokens.customerId, customer.customerId));
    const reset = rows.find((row) => row.purpose === 'password_reset' && !row.consumedAt);
    expect(reset?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetime = reset!.expiresAt.getTime() - reset!.createdAt.getTime();
    expect(Math.abs(lifetime - 3600_000)).toBeLessThan(60_000);
  });

  it('keeps the link usable when the new password is refused as too weak', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = await requestResetLink(customer.email);
    const client = apiClient(t.app);
    const weak = await client.post('/api/auth/password-reset/confirm', { token, password: 'azertyuiop123' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ errors: [{ path: 'password', code: 'password_too_weak' }] });
    expect((await client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('verifies an unverified address, since the link proves it', async () => {
    const client = apiClient(t.app);
    const email = uniqueEmail('resetverif');
    await client.post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Ana', lastName: 'Lopez' });
    const token = await requestResetLink(email);
    expect((await client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(200);
    const login = await client.post('/api/auth/login', { email, password: NEW_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ customer: { emailVerified: true } });
  });

  it('answers 202 for an unknown address and sends nothing', async () => {
    const email = uniqueEmail('absent');
    const mark = t.mail.mark();
    const response = await apiClient(t.app).post('/api/auth/password-reset', { email });
    expect(response.status).toBe(202);
    await t.runtime.mailWorker.flush();
    expect(t.mail.messages.slice(mark).some((message) => message.to.includes(email))).toBe(false);
  });

  it('rate-limits reset requests per address with 429 and Retry-After', async () => {
    const customer = await registerVerifiedCustomer(t);
    let last = await apiClient(t.app).post('/api/auth/password-reset', { email: customer.email });
    for (let attempt = 0; attempt < 6 && last.status !== 429; attempt += 1) {
      last = await apiClient(t.app).post('/api/auth/password-reset', { email: customer.email });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('lets only one of two simultaneous confirmations of the same link succeed', async () => {
    const customer = await registerVerifiedCustomer(t);
    const token = await requestResetLink(customer.email);
    const client = apiClient(t.app);
    const [a, b] = await Promise.all([
      client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD }),
      client.post('/api/auth/password-reset/confirm', { token, password: 'une autre phrase tout aussi longue' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
  });
});
