import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromEmail, registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';

// Five wrong passwords lock the address from that IP for minutes. The owner who then proves
// the address (a reset link, a sign-in code, a verification link) must not still be refused.
let t: TTestApp;
const NEW_PASSWORD = 'citron marelle banquise 2031 horloge';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function lockOut(client: ReturnType<typeof apiClient>, email: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const wrong = await client.post('/api/auth/login', { email, password: `mauvais mot de passe ${attempt}` });
    expect(wrong.status).toBe(401);
  }
  const locked = await client.post('/api/auth/login', { email, password: 'encore un mauvais essai' });
  expect(locked.status).toBe(429);
  expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
}

describe('a proven address clears its password failures', () => {
  it('after five wrong passwords, a password reset by the emailed link lets the new password in at once', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    await lockOut(client, customer.email);

    const since = t.mail.mark();
    expect((await client.post('/api/auth/password-reset', { email: customer.email })).status).toBe(202);
    const token = tokenFromLink((await t.mail.waitForEmail({ to: customer.email, subject: /mot de passe|password/i, after: since })).text, '/reset-password');
    expect((await client.post('/api/auth/password-reset/confirm', { token, password: NEW_PASSWORD })).status).toBe(200);

    const signedIn = await client.post('/api/auth/login', { email: customer.email, password: NEW_PASSWORD });
    expect(signedIn.status).toBe(200);
  });

  it('after five wrong passwords, signing in with an emailed code lets the password in again', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    await lockOut(client, customer.email);

    const since = t.mail.mark();
    await client.post('/api/auth/login-code', { email: customer.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: customer.email, after: since })).text);
    expect((await client.post('/api/auth/login-code/verify', { email: customer.email, code })).status).toBe(200);

    expect((await client.post('/api/auth/login', { email: customer.email, password: customer.password })).status).toBe(200);
  });

  it('a wrong code proves nothing: the address stays locked', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    await lockOut(client, customer.email);
    await client.post('/api/auth/login-code', { email: customer.email });
    expect((await client.post('/api/auth/login-code/verify', { email: customer.email, code: '000000' })).status).toBe(401);
    expect((await client.post('/api/auth/login', { email: customer.email, password: customer.password })).status).toBe(429);
  });

  it('an attacker’s IP stays locked when the owner proves the address from elsewhere', async () => {
    const customer = await registerVerifiedCustomer(t);
    const attacker = apiClient(t.app);
    await lockOut(attacker, customer.email);
    const owner = apiClient(t.app);
    const since = t.mail.mark();
    await owner.post('/api/auth/login-code', { email: customer.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: customer.email, after: since })).text);
    expect((await owner.post('/api/auth/login-code/verify', { email: customer.email, code })).status).toBe(200);
    expect((await attacker.post('/api/auth/login', { email: customer.email, password: customer.password })).status).toBe(429);
  });
});
