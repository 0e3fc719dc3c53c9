import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TEmailItem = { id: string; template: string; subject: string; status: string; createdAt: string; sentAt: string | null };
type TEmailPage = { items: TEmailItem[]; nextCursor: string | null };

describe('health', () => {
  it('GET /healthz: answers 200 {status: ok}', async () => {
    const response = await apiClient(t.app).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz: answers 200 {status: ready} once the database answers and is migrated', async () => {
    const response = await apiClient(t.app).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready' });
  });
});

describe('the development mailbox', () => {
  let dev: TTestApp;
  beforeAll(async () => {
    dev = await createTestApp({ devMailbox: true });
  });
  afterAll(async () => {
    await dev.close();
  });

  it('GET /dev/mailbox: without SMTP, lists a registration email, whose verify link is in messages.json', async () => {
    const client = apiClient(dev.app);
    const email = uniqueEmail('boite');
    const registered = await client.post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Zoé', lastName: 'Roux' });
    expect(registered.status).toBe(202);

    const page = await client.get('/dev/mailbox');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-type'])).toMatch(/^text\/html/);
    expect(String(page.body)).toContain('Confirmez votre adresse e-mail');
    expect(String(page.body)).toContain(email);

    const messages = await client.get('/dev/mailbox/messages.json');
    expect(messages.status).toBe(200);
    const items = (messages.body as { items: { to: string; template: string; subject: string; text: string }[] }).items;
    const message = items.find((item) => item.to === email);
    expect(message).toMatchObject({ template: 'verify_email', subject: expect.stringContaining('Confirmez votre adresse e-mail') });
    expect(message!.text).toMatch(/http:\/\/comptoir\.test\/verify-email\?token=[A-Za-z0-9_%-]{20,}/);
    // Nothing went out by SMTP: the mailbox is where the email lives.
    expect(dev.mail.messages.filter((received) => received.to.includes(email))).toHaveLength(0);
  });

  it('GET /dev/mailbox: is 404 when SMTP is configured', async () => {
    const client = apiClient(t.app);
    for (const url of ['/dev/mailbox', '/dev/mailbox/messages.json']) {
      const response = await client.get(url);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'not_found' });
    }
  });
});

describe('GET /api/me/emails', () => {
  /** A verified customer who then asked for a reset link and a sign-in code: three emails. */
  async function customerWithThreeEmails() {
    const customer = await registerVerifiedCustomer(t);
    const reset = await customer.client.post('/api/auth/password-reset', { email: customer.email });
    expect(reset.status).toBe(202);
    const code = await customer.client.post('/api/auth/login-code', { email: customer.email });
    expect(code.status).toBe(202);
    return customer;
  }

  it('GET /api/me/emails: lists every email sent to the customer, newest first, with template, subject, status and time', async () => {
    const customer = await customerWithThreeEmails();
    const response = await customer.client.get('/api/me/emails', { token: customer.token });
    expect(response.status).toBe(200);
    const page = response.body as TEmailPage;
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => item.template)).toEqual(['login_code', 'password_reset', 'verify_email']);
    for (const item of page.items) {
      expect(item.subject.length).toBeGreaterThan(0);
      expect(['pending', 'sending', 'sent', 'failed']).toContain(item.status);
      expect(item.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    expect(page.items[2]!.subject).toMatch(/Confirmez votre adresse/);
    const times = page.items.map((item) => Date.parse(item.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('GET /api/me/emails: ?limit=1 gives one email and a nextCursor that leads through every page', async () => {
    const customer = await customerWithThreeEmails();
    const everything = (await customer.client.get('/api/me/emails', { token: customer.token })).body as TEmailPage;

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pageNumber = 0; pageNumber < 5; pageNumber += 1) {
      const url: string = `/api/me/emails?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await customer.client.get(url, { token: customer.token });
      expect(response.status).toBe(200);
      const page = response.body as TEmailPage;
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0]!.id);
      cursor = page.nextCursor;
      if (!cursor) break;
      expect(typeof cursor).toBe('string');
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(everything.items.map((item) => item.id));
  });

  it("GET /api/me/emails: another customer never sees the customer's emails, not even with their cursor", async () => {
    const owner = await customerWithThreeEmails();
    const other = await registerVerifiedCustomer(t);
    const ownerPage = (await owner.client.get('/api/me/emails?limit=1', { token: owner.token })).body as TEmailPage;
    const ownerIds = ((await owner.client.get('/api/me/emails', { token: owner.token })).body as TEmailPage).items.map((item) => item.id);

    const mine = (await other.client.get('/api/me/emails', { token: other.token })).body as TEmailPage;
    expect(mine.items.map((item) => item.template)).toEqual(['verify_email']);
    for (const item of mine.items) expect(ownerIds).not.toContain(item.id);

    const withTheirCursor = await other.client.get(`/api/me/emails?cursor=${encodeURIComponent(ownerPage.nextCursor!)}`, { token: other.token });
    expect(withTheirCursor.status).toBe(200);
    for (const item of (withTheirCursor.body as TEmailPage).items) expect(ownerIds).not.toContain(item.id);
  });

  it('GET /api/me/emails: without a session is 401 unauthenticated', async () => {
    const response = await apiClient(t.app).get('/api/me/emails');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'unauthenticated' });
  });

  it('GET /api/me/emails: ?limit=500 is 400 validation_failed naming query.limit', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const limit of ['500', '0', 'abc']) {
      const response = await customer.client.get(`/api/me/emails?limit=${limit}`, { token: customer.token });
      expect(response.status, `limit=${limit}`).toBe(400);
      expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'query.limit' })] });
    }
  });

  it('GET /api/me/emails: a garbage cursor is 400 validation_failed naming query.cursor', async () => {
    const customer = await registerVerifiedCustomer(t);
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of ['garbage!!', 'bm90IGpzb24', forged({ after: 42 }), forged(['eml_x']), 'x'.repeat(300)]) {
      const response = await customer.client.get(`/api/me/emails?cursor=${encodeURIComponent(cursor)}`, { token: customer.token });
      expect(response.status, `cursor ${cursor.slice(0, 20)}`).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'query.cursor' })] });
    }
  });

  it('GET /api/me/emails: a forged cursor holding a NUL character is 400, not 500 internal_error', async () => {
    const customer = await registerVerifiedCustomer(t);
    const cursor = Buffer.from(JSON.stringify({ after: 'eml_\u0000' })).toString('base64url');
    const response = await customer.client.get(`/api/me/emails?cursor=${cursor}`, { token: customer.token });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'query.cursor' })] });
  });
});
