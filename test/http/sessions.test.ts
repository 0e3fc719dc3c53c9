import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/modules/auth/auth.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, type TApiClient, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DAY_MS = 86_400_000;

type TSessionItem = {
  id: string;
  current: boolean;
  device: string | null;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

/** Signs in with the password; returns the body's token and CSRF token and the session cookie set. */
async function signIn(client: TApiClient, credentials: { email: string; password: string }, headers?: Record<string, string>) {
  const response = await client.post('/api/auth/login', credentials, headers ? { headers } : {});
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  const body = response.body as { token: string; csrfToken: string; expiresAt: string };
  const sessionCookie = response.raw.cookies.find((cookie) => cookie.name === 'comptoir_session');
  if (!sessionCookie) throw new Error('login set no comptoir_session cookie');
  return { token: body.token, csrfToken: body.csrfToken, expiresAt: body.expiresAt, cookie: sessionCookie.value, response };
}

async function listSessions(client: TApiClient, token: string): Promise<TSessionItem[]> {
  const response = await client.get('/api/me/sessions', { token });
  if (response.status !== 200) throw new Error(`GET /api/me/sessions answered ${response.status}`);
  return (response.body as { items: TSessionItem[] }).items;
}

async function currentSessionId(client: TApiClient, token: string): Promise<string> {
  const current = (await listSessions(client, token)).find((session) => session.current);
  if (!current) throw new Error('no current session listed');
  return current.id;
}

function expectUnauthenticated(response: { status: number; headers: Record<string, unknown>; body: unknown }) {
  expect(response.status).toBe(401);
  expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
}

describe('GET /api/me', () => {
  it('GET /api/me: answers the customer with a Bearer token', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Inès' });
    const me = await customer.client.get('/api/me', { token: customer.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customer.customerId, email: customer.email, firstName: 'Inès', lastName: 'Durand', emailVerified: true });
  });

  it('GET /api/me: answers the customer with the session cookie a sign-in set', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);
    const setCookie = signedIn.response.headers['set-cookie'];
    expect(setCookie).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^comptoir_session=[^;]+;.*HttpOnly.*SameSite=Lax/i),
        expect.stringMatching(/^comptoir_csrf=[^;]+;/),
      ]),
    );
    expect(signedIn.cookie).toBe(signedIn.token);

    const me = await client.get('/api/me', { cookies: { comptoir_session: signedIn.cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: customer.customerId, email: customer.email });
  });

  it('GET /api/me: without a token is 401 unauthenticated', async () => {
    expectUnauthenticated(await apiClient(t.app).get('/api/me'));
  });

  it('GET /api/me: a made-up Bearer token or cookie is 401 unauthenticated', async () => {
    const client = apiClient(t.app);
    expectUnauthenticated(await client.get('/api/me', { token: 'A'.repeat(43) }));
    expectUnauthenticated(await client.get('/api/me', { token: 'not a token' }));
    expectUnauthenticated(await client.get('/api/me', { cookies: { comptoir_session: 'B'.repeat(43) } }));
    expectUnauthenticated(await client.get('/api/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }));
  });
});

describe('GET /api/me/sessions', () => {
  it('GET /api/me/sessions: lists the session with device, browser and OS from the user agent, the IP and its times, current for the caller', async () => {
    const customer = await registerVerifiedCustomer(t);
    const phone = apiClient(t.app);
    const before = Date.now();
    const signedIn = await signIn(phone, customer, { 'user-agent': IPHONE_SAFARI });

    const items = await listSessions(phone, signedIn.token);
    // The verification link signed in too: that session is listed but is not the caller's.
    expect(items).toHaveLength(2);
    const current = items.filter((session) => session.current);
    expect(current).toHaveLength(1);
    const mine = current[0]!;
    expect(mine).toMatchObject({ device: 'Apple iPhone', browser: 'Mobile Safari', os: 'iOS', ip: phone.ip });
    expect(mine.id).toMatch(/^ses_/);
    for (const field of ['createdAt', 'lastSeenAt', 'expiresAt'] as const) {
      expect(mine[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    expect(Date.parse(mine.createdAt)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(mine.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(mine.createdAt) - 1_000);
    // Default idle limit: 30 days after the last use, well before the 90-day absolute limit.
    const expiresIn = Date.parse(mine.expiresAt) - Date.parse(mine.lastSeenAt);
    expect(Math.abs(expiresIn - 30 * DAY_MS)).toBeLessThan(60_000);
    expect(Math.abs(Date.parse(signedIn.expiresAt) - Date.parse(mine.expiresAt))).toBeLessThan(60_000);

    const other = items.find((session) => !session.current)!;
    expect(other.ip).toBe(customer.client.ip);
    expect(other.id).not.toBe(mine.id);
  });

  it('POST /api/auth/login: every sign-in gets a new token and its own session', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const first = await signIn(client, customer);
    // Signing in while already holding a session cookie still issues a fresh token (no fixation).
    const second = await signIn(client, customer, { cookie: `comptoir_session=${first.cookie}` });
    expect(second.token).not.toBe(first.token);
    expect(second.token).not.toBe(customer.token);
    expect(second.csrfToken).not.toBe(first.csrfToken);

    const firstId = await currentSessionId(client, first.token);
    const secondId = await currentSessionId(client, second.token);
    expect(secondId).not.toBe(firstId);
    const ids = (await listSessions(client, second.token)).map((session) => session.id);
    expect(ids).toEqual(expect.arrayContaining([firstId, secondId]));
    expect(ids).toHaveLength(3);
    expect((await client.get('/api/me', { token: first.token })).status).toBe(200);
    expect((await client.get('/api/me', { token: second.token })).status).toBe(200);
  });

  it('GET /api/me/sessions: without a session is 401 unauthenticated', async () => {
    expectUnauthenticated(await apiClient(t.app).get('/api/me/sessions'));
  });
});

describe('DELETE /api/me/sessions/:id', () => {
  it('DELETE /api/me/sessions/:id: ends that session with 204 and its token then gets 401', async () => {
    const customer = await registerVerifiedCustomer(t);
    const laptop = apiClient(t.app);
    const other = await signIn(laptop, customer);
    const otherId = await currentSessionId(laptop, other.token);

    const ended = await customer.client.delete(`/api/me/sessions/${otherId}`, { token: customer.token });
    expect(ended.status).toBe(204);
    expect(ended.body).toBe('');

    expectUnauthenticated(await laptop.get('/api/me', { token: other.token }));
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    const ids = (await listSessions(customer.client, customer.token)).map((session) => session.id);
    expect(ids).not.toContain(otherId);

    const again = await customer.client.delete(`/api/me/sessions/${otherId}`, { token: customer.token });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'not_found' });
  });

  it("DELETE /api/me/sessions/:id: another customer's session is 404 not_found and that session still works", async () => {
    const victim = await registerVerifiedCustomer(t);
    const intruder = await registerVerifiedCustomer(t);
    const victimSessionId = await currentSessionId(victim.client, victim.token);

    const response = await intruder.client.delete(`/api/me/sessions/${victimSessionId}`, { token: intruder.token });
    expect(response.status).toBe(404);
    expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });

    expect((await victim.client.get('/api/me', { token: victim.token })).status).toBe(200);
    expect((await intruder.client.get('/api/me', { token: intruder.token })).status).toBe(200);
  });

  it('DELETE /api/me/sessions/:id: an id that does not exist is 404 not_found', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.delete('/api/me/sessions/ses_doesnotexist', { token: customer.token });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });
});

describe('DELETE /api/me/sessions', () => {
  it('DELETE /api/me/sessions: ends every other session but not the current one', async () => {
    const customer = await registerVerifiedCustomer(t);
    const tablet = apiClient(t.app);
    const desk = apiClient(t.app);
    const onTablet = await signIn(tablet, customer);
    const onDesk = await signIn(desk, customer);
    expect(await listSessions(desk, onDesk.token)).toHaveLength(3);

    const response = await desk.delete('/api/me/sessions', { token: onDesk.token });
    expect(response.status).toBe(204);

    expectUnauthenticated(await tablet.get('/api/me', { token: onTablet.token }));
    expectUnauthenticated(await customer.client.get('/api/me', { token: customer.token }));
    expect((await desk.get('/api/me', { token: onDesk.token })).status).toBe(200);
    const left = await listSessions(desk, onDesk.token);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ current: true });
  });
});

describe('POST /api/auth/logout', () => {
  it('POST /api/auth/logout: answers 204, the token then gets 401 and the cookies are cleared', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);

    const response = await client.post('/api/auth/logout', undefined, { token: signedIn.token });
    expect(response.status).toBe(204);
    const cleared = Object.fromEntries(response.raw.cookies.map((cookie) => [cookie.name, cookie]));
    for (const name of ['comptoir_session', 'comptoir_csrf']) {
      const cookie = cleared[name];
      expect(cookie, `${name} is cleared`).toBeDefined();
      expect(cookie!.value).toBe('');
      expect(cookie!.path).toBe('/');
      const expired = (cookie!.expires && cookie!.expires.getTime() <= Date.now()) || cookie!.maxAge === 0;
      expect(expired, `${name} expires now`).toBe(true);
    }

    expectUnauthenticated(await client.get('/api/me', { token: signedIn.token }));
    // Only that session ended.
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('POST /api/auth/logout: without a live session is still 204', async () => {
    const response = await apiClient(t.app).post('/api/auth/logout', undefined, { token: 'C'.repeat(43) });
    expect(response.status).toBe(204);
  });
});

describe('CSRF defence of cookie sessions', () => {
  it('DELETE /api/me/sessions: with the session cookie and no X-CSRF-Token is 403 csrf_failed and ends nothing', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);

    const response = await client.delete('/api/me/sessions', { cookies: { comptoir_session: signedIn.cookie } });
    expect(response.status).toBe(403);
    expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, code: 'csrf_failed' });

    const forged = await client.delete('/api/me/sessions', {
      cookies: { comptoir_session: signedIn.cookie },
      headers: { 'x-csrf-token': customer.csrfToken },
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ code: 'csrf_failed' });

    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('DELETE /api/me/sessions: with the session cookie and the csrfToken of the sign-in in X-CSRF-Token succeeds', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);
    const csrfCookie = signedIn.response.raw.cookies.find((cookie) => cookie.name === 'comptoir_csrf');
    expect(csrfCookie?.value).toBe(signedIn.csrfToken);

    const response = await client.delete('/api/me/sessions', {
      cookies: { comptoir_session: signedIn.cookie },
      headers: { 'x-csrf-token': signedIn.csrfToken },
    });
    expect(response.status).toBe(204);
    expectUnauthenticated(await customer.client.get('/api/me', { token: customer.token }));
    expect((await client.get('/api/me', { cookies: { comptoir_session: signedIn.cookie } })).status).toBe(200);
  });

  it('POST /api/auth/logout: with the session cookie and no X-CSRF-Token is 403 csrf_failed and the session lives on', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);

    const refused = await client.post('/api/auth/logout', undefined, { cookies: { comptoir_session: signedIn.cookie } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'csrf_failed' });
    expect((await client.get('/api/me', { cookies: { comptoir_session: signedIn.cookie } })).status).toBe(200);

    const accepted = await client.post('/api/auth/logout', undefined, {
      cookies: { comptoir_session: signedIn.cookie },
      headers: { 'x-csrf-token': signedIn.csrfToken },
    });
    expect(accepted.status).toBe(204);
    expectUnauthenticated(await client.get('/api/me', { cookies: { comptoir_session: signedIn.cookie } }));
  });

  it('DELETE /api/me/sessions/:id: a Bearer request needs no CSRF token', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);
    const verifySessionId = await currentSessionId(customer.client, customer.token);

    const response = await client.delete(`/api/me/sessions/${verifySessionId}`, { token: signedIn.token });
    expect(response.status).toBe(204);
    expectUnauthenticated(await customer.client.get('/api/me', { token: customer.token }));
  });

  it('GET /api/me/sessions: a GET with the session cookie needs no CSRF token', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);
    const response = await client.get('/api/me/sessions', { cookies: { comptoir_session: signedIn.cookie } });
    expect(response.status).toBe(200);
    expect((response.body as { items: TSessionItem[] }).items.some((session) => session.current)).toBe(true);
  });
});

describe('session expiry', () => {
  it('GET /api/me: a session unused for longer than SESSION_IDLE_DAYS (30) gets 401, one unused for 29 days still works', async () => {
    const customer = await registerVerifiedCustomer(t);
    const sessionId = await currentSessionId(customer.client, customer.token);

    await t.ctx.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 29 * DAY_MS) }).where(eq(sessions.id, sessionId));
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    // That use counted: the session was seen again just now.
    const [seen] = await t.ctx.db.select().from(sessions).where(eq(sessions.id, sessionId));
    expect(Date.now() - seen!.lastSeenAt.getTime()).toBeLessThan(DAY_MS);

    await t.ctx.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * DAY_MS) }).where(eq(sessions.id, sessionId));
    expectUnauthenticated(await customer.client.get('/api/me', { token: customer.token }));
  });

  it('GET /api/me: a session past its absolute expiry gets 401 even when used every day', async () => {
    const customer = await registerVerifiedCustomer(t);
    const laptop = apiClient(t.app);
    const other = await signIn(laptop, customer);
    const sessionId = await currentSessionId(customer.client, customer.token);

    // An hour left: the listed expiry is the absolute one, earlier than the idle one.
    const soon = new Date(Date.now() + 3_600_000);
    await t.ctx.db.update(sessions).set({ absoluteExpiresAt: soon }).where(eq(sessions.id, sessionId));
    const listed = (await listSessions(customer.client, customer.token)).find((session) => session.id === sessionId);
    expect(Math.abs(Date.parse(listed!.expiresAt) - soon.getTime())).toBeLessThan(1_000);

    await t.ctx.db.update(sessions).set({ absoluteExpiresAt: new Date(Date.now() - 60_000) }).where(eq(sessions.id, sessionId));
    expectUnauthenticated(await customer.client.get('/api/me', { token: customer.token }));
    const left = (await listSessions(laptop, other.token)).map((session) => session.id);
    expect(left).not.toContain(sessionId);
    expect(left).toHaveLength(1);
  });
});

describe('session storage', () => {
  it('sessions: the token is stored only as its SHA-256 hex digest', async () => {
    const customer = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const signedIn = await signIn(client, customer);

    for (const token of [customer.token, signedIn.token]) {
      const plain = await t.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, token));
      expect(plain).toHaveLength(0);
      const digest = createHash('sha256').update(token).digest('hex');
      const hashed = await t.ctx.db.select().from(sessions).where(eq(sessions.tokenHash, digest));
      expect(hashed).toHaveLength(1);
      expect(hashed[0]!.customerId).toBe(customer.customerId);
    }
    const rows = await t.ctx.db.select().from(sessions).where(eq(sessions.customerId, customer.customerId));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(customer.token);
      expect(JSON.stringify(row)).not.toContain(signedIn.token);
    }
  });
});
