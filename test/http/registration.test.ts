import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { consentRecords } from '../../src/modules/customers/customers.tables.js';
import { registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/auth/register', () => {
  it('answers 202 verification_sent and emails a verification link under PUBLIC_URL', async () => {
    const client = apiClient(t.app);
    const email = uniqueEmail('inscription');
    const response = await client.post('/api/auth/register', {
      email,
      password: STRONG_PASSWORD,
      firstName: 'Léa',
      lastName: 'Martin',
      accountType: 'professional',
      company: { name: 'Léa Martin Traductions', country: 'FR', siret: '732 829 320 00074' },
      marketingEmail: true,
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'verification_sent' });
    const message = await t.mail.waitForEmail({ to: email, subject: /Confirmez votre adresse/ });
    expect(message.text).toContain('http://comptoir.test/verify-email?token=');
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email));
    expect(row?.accountType).toBe('professional');
    expect(row?.emailVerifiedAt).toBeNull();
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    const consents = await t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, row!.id));
    expect(consents).toMatchObject([{ purpose: 'newsletter_email', granted: true, source: 'sign_up' }]);
  });

  it('gives an existing address the same 202 and sends it an "already have an account" email instead', async () => {
    const existing = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const since = t.mail.mark();
    const response = await client.post('/api/auth/register', {
      email: `  ${existing.email.toUpperCase()} `,
      password: 'another quite long passphrase here',
      firstName: 'Intrus',
      lastName: 'Inconnu',
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'verification_sent' });
    const message = await t.mail.waitForEmail({ to: existing.email, after: since, subject: /compte/i });
    expect(message.subject).not.toMatch(/Confirmez/);
    expect(message.text).toContain('/sign-in');
    // The password typed by whoever registered again changed nothing.
    const login = await client.post('/api/auth/login', { email: existing.email, password: existing.password });
    expect(login.status).toBe(200);
  });

  it('lists every invalid field at once in a problem document', async () => {
    const response = await apiClient(t.app).post('/api/auth/register', {
      email: 'not-an-address',
      password: 'short',
      firstName: '',
      accountType: 'pirate',
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = response.body as { code: string; errors: { path: string; code: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((error) => error.path).sort()).toEqual(['accountType', 'email', 'firstName', 'lastName', 'password']);
    expect(body.errors.find((error) => error.path === 'lastName')?.code).toBe('required');
  });

  it('refuses a common password with a reason, and one made of the person’s own name', async () => {
    const client = apiClient(t.app);
    const common = await client.post('/api/auth/register', { email: uniqueEmail(), password: 'motdepasse123', firstName: 'A', lastName: 'B' });
    expect(common.status).toBe(400);
    expect(common.body).toMatchObject({ errors: [{ path: 'password', code: 'password_too_weak' }] });
    expect((common.body as { errors: { message: string }[] }).errors[0]?.message.length).toBeGreaterThan(10);

    const ownName = await client.post('/api/auth/register', {
      email: 'gaspard.delacroixmontfort@example.fr',
      password: 'Delacroixmontfort1',
      firstName: 'Gaspard',
      lastName: 'Delacroixmontfort',
    });
    expect(ownName.status).toBe(400);
    expect(ownName.body).toMatchObject({ errors: [{ path: 'password', code: 'password_too_weak' }] });
  });

  it('refuses passwords over 256 characters', async () => {
    const response = await apiClient(t.app).post('/api/auth/register', {
      email: uniqueEmail(),
      password: 'x'.repeat(257),
      firstName: 'A',
      lastName: 'B',
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [{ path: 'password', code: 'too_big' }] });
  });

  it('answers 202 to two simultaneous sign-ups for one new address and creates one account', async () => {
    const email = uniqueEmail('course');
    const body = { email, password: STRONG_PASSWORD, firstName: 'Jeanne', lastName: 'Moreau' };
    const [a, b] = await Promise.all([apiClient(t.app).post('/api/auth/register', body), apiClient(t.app).post('/api/auth/register', body)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const rows = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email));
    expect(rows).toHaveLength(1);
  });

  it('sends the English email when the customer chose English', async () => {
    const email = uniqueEmail('english');
    await apiClient(t.app).post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'John', lastName: 'Smith', locale: 'en' });
    const message = await t.mail.waitForEmail({ to: email });
    expect(message.subject).toMatch(/Confirm your email address/);
  });

  it('stores the address as typed but finds it trimmed and case-insensitively', async () => {
    const email = uniqueEmail('Casse');
    const typed = `  ${email.replace('casse', 'CaSSe')}  `;
    await apiClient(t.app).post('/api/auth/register', { email: typed, password: STRONG_PASSWORD, firstName: 'A', lastName: 'B' });
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email.toLowerCase()));
    expect(row?.email).toBe(typed.trim());
  });
});

describe('POST /api/auth/verify-email', () => {
  it('verifies the address, signs in, and the link works only once', async () => {
    const client = apiClient(t.app);
    const email = uniqueEmail('verif');
    await client.post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Nora', lastName: 'Petit' });
    const message = await t.mail.waitForEmail({ to: email });
    const token = tokenFromLink(message.text, '/verify-email');

    const first = await client.post('/api/auth/verify-email', { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ customer: { email, emailVerified: true, firstName: 'Nora' } });
    const session = (first.body as { token: string }).token;
    expect(Buffer.from(session, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(first.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^comptoir_session=.*HttpOnly.*SameSite=Lax/i)]));

    const me = await client.get('/api/me', { token: session });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, emailVerified: true });

    const second = await client.post('/api/auth/verify-email', { token });
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a made-up token with 400 invalid_token', async () => {
    const response = await apiClient(t.app).post('/api/auth/verify-email', { token: 'A'.repeat(43) });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'invalid_token' });
  });

  it('slows down an IP that guesses tokens with 429 and Retry-After', async () => {
    const client = apiClient(t.app);
    let last = await client.post('/api/auth/verify-email', { token: 'B'.repeat(43) });
    for (let attempt = 0; attempt < 40 && last.status !== 429; attempt += 1) {
      last = await client.post('/api/auth/verify-email', { token: 'B'.repeat(43) });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
