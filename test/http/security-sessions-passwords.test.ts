import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, newIp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// ASVS 5.0 6.2.1, 6.2.8, 6.2.9 (passwords) and the cookie attributes behind 7.2 and 7.4:
// a shop served over HTTPS.
let t: TTestApp;
let owner: TStaff;
beforeAll(async () => {
  t = await createTestApp({ env: { PUBLIC_URL: 'https://comptoir.test' } });
  owner = await setUpFirstOwner(t);
});
afterAll(async () => {
  await t.close();
});

const cookie = (headers: Record<string, unknown>, name: string) =>
  ([headers['set-cookie']].flat() as string[]).find((line) => line.startsWith(`${name}=`)) ?? '';

describe('cookies over HTTPS', () => {
  it('the customer session cookie is HttpOnly, Secure, SameSite=Lax; the CSRF cookie Secure and readable', async () => {
    const customer = await registerVerifiedCustomer(t);
    const signIn = await apiClient(t.app).post('/api/auth/login', { email: customer.email, password: customer.password });
    expect(signIn.status).toBe(200);
    const session = cookie(signIn.headers, 'comptoir_session');
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    const csrf = cookie(signIn.headers, 'comptoir_csrf');
    expect(csrf).toMatch(/; Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    // The session token is 256 random bits (43 base64url characters), never the same twice.
    const { token } = signIn.body as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).toContain(`comptoir_session=${token};`);
  });

  it('the staff session cookie is HttpOnly, Secure, SameSite=Strict and sent to /api/staff only', async () => {
    const signIn = await apiClient(t.app).post('/api/staff/auth/login', { email: owner.email, password: owner.password });
    expect(signIn.status).toBe(200);
    const session = cookie(signIn.headers, 'comptoir_staff_session');
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\/api\/staff/i);
    expect(cookie(signIn.headers, 'comptoir_staff_csrf')).toMatch(/; Secure.*SameSite=Strict|SameSite=Strict.*; Secure/i);
  });
});

describe('passwords', () => {
  it('fewer than 12 characters is a 400 naming password; 64 and 256 random characters are accepted and sign in', { timeout: 180_000 }, async () => {
    const short = await apiClient(t.app).post('/api/auth/register', { email: uniqueEmail(), password: 'k7#Qz!p2Lw9', firstName: 'Lou', lastName: 'Court' });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'password' })] });
    for (const length of [64, 256]) {
      const password = randomBytes(length).toString('base64url').slice(0, length);
      const customer = await registerVerifiedCustomer(t, { password });
      expect((await apiClient(t.app).post('/api/auth/login', { email: customer.email, password })).status).toBe(200);
    }
  });

  it('only the first 64 characters are estimated (a long password costs no more CPU): weak ones are refused whatever follows', { timeout: 60_000 }, async () => {
    const password = `${'azerty'.repeat(11).slice(0, 64)}${randomBytes(96).toString('hex')}`;
    const answer = await apiClient(t.app).post('/api/auth/register', { email: uniqueEmail(), password, firstName: 'Lou', lastName: 'Long' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'password' })] });
  });

  it('is checked exactly as typed: not truncated, not case-folded, spaces and accents kept', { timeout: 120_000 }, async () => {
    const password = `Éclair  au café ${randomBytes(60).toString('hex')} fin`;
    const customer = await registerVerifiedCustomer(t, { password });
    const client = apiClient(t.app, { ip: newIp() });
    expect((await client.post('/api/auth/login', { email: customer.email, password })).status).toBe(200);
    for (const variant of [password.slice(0, -1), password.toLowerCase(), password.toUpperCase(), password.replace('  ', ' '), password.normalize('NFD') === password ? `${password} ` : password.normalize('NFD')]) {
      const answer = await client.post('/api/auth/login', { email: customer.email, password: variant });
      expect(answer.status).toBe(401);
    }
  });
});
