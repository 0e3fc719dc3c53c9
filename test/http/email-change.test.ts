import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents, type TSecurityEventType } from '../../src/modules/auth/auth.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { codeFromEmail, registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, newIp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TFieldIssue = { path: string; code: string; message: string };

const SUBJECTS = {
  verify: /Confirmez votre nouvelle adresse/,
  notice: /Changement de votre adresse e-mail/,
  changed: /adresse de connexion a changé/,
  reset: /Réinitialisez votre mot de passe/,
  code: /code de connexion/,
};
const NEW_PASSWORD = 'citron lanterne escalier 2031 baleine';

/** The token of a `{PUBLIC_URL}{path}?token=…` link in an email's text. */
function linkToken(text: string, path: '/email-change/confirm' | '/email-change/report'): string {
  const match = new RegExp(`http://comptoir\\.test${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in the email`);
  return decodeURIComponent(match[1]);
}

async function requestChange(customer: TCustomer, body: Record<string, unknown>) {
  return customer.client.post('/api/me/email-change', body, { token: customer.token });
}

/** Asks for the change with the password; answers the tokens of both emails. */
async function changeWithPassword(customer: TCustomer, newEmail: string) {
  const mark = t.mail.mark();
  const response = await requestChange(customer, { newEmail, password: customer.password });
  expect(response.status).toBe(202);
  expect(response.body).toEqual({ status: 'verification_sent' });
  const verify = await t.mail.waitForEmail({ to: newEmail, subject: SUBJECTS.verify, after: mark });
  const notice = await t.mail.waitForEmail({ to: customer.email, subject: SUBJECTS.notice, after: mark });
  return { confirmToken: linkToken(verify.text, '/email-change/confirm'), reportToken: linkToken(notice.text, '/email-change/report'), notice };
}

const signIn = (email: string, password = STRONG_PASSWORD) => apiClient(t.app).post('/api/auth/login', { email, password });
const confirm = (token: string) => apiClient(t.app).post('/api/me/email-change/confirm', { token });
const report = (token: string) => apiClient(t.app).post('/api/auth/email-change/report', { token });

async function eventsOf(customerId: string, type: TSecurityEventType) {
  return t.ctx.db.select().from(securityEvents).where(and(eq(securityEvents.customerId, customerId), eq(securityEvents.type, type)));
}

function expectFieldErrors(response: { status: number; body: unknown }, expected: Record<string, string>) {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ code: 'validation_failed' });
  const errors = (response.body as { errors: TFieldIssue[] }).errors;
  for (const [path, code] of Object.entries(expected)) {
    expect(errors, `${path} is reported as ${code}`).toContainEqual(expect.objectContaining({ path, code }));
  }
}

describe('POST /api/me/email-change with the password', () => {
  it('sends a link to the new address and a masked notice to the old one; the old address signs in until the link is opened', async () => {
    const customer = await registerVerifiedCustomer(t);
    const newEmail = uniqueEmail('nouvelle');
    const { confirmToken, notice } = await changeWithPassword(customer, newEmail);

    expect(notice.text).not.toContain(newEmail);
    expect(notice.text).toContain(`${newEmail[0]}••`);
    const pending = await customer.client.get('/api/me/email-change', { token: customer.token });
    expect(pending.body).toMatchObject({ pendingEmail: newEmail });
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ email: customer.email });
    expect((await signIn(customer.email)).status).toBe(200);
    expect((await signIn(newEmail)).status).toBe(401);
    expect(await eventsOf(customer.customerId, 'email_change_requested')).toEqual([expect.objectContaining({ method: 'password' })]);

    // Opened on another device, without a session: the token proves the new address.
    const mark = t.mail.mark();
    const confirmed = await confirm(confirmToken);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: customer.customerId, email: newEmail, emailVerified: true });
    await t.mail.waitForEmail({ to: newEmail, subject: SUBJECTS.changed, after: mark });

    expect((await signIn(newEmail)).status).toBe(200);
    expect((await signIn(customer.email)).status).toBe(401);
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, customer.customerId));
    expect(row).toMatchObject({ email: newEmail, emailNormalized: newEmail.toLowerCase() });
    expect(row?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await eventsOf(customer.customerId, 'email_changed')).toHaveLength(1);
    // The session that asked goes on, and sees the new address.
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ email: newEmail });
    expect((await customer.client.get('/api/me/email-change', { token: customer.token })).body).toEqual({ pendingEmail: null, expiresAt: null });

    const again = await confirm(confirmToken);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_token' });
  });

  it('a wrong password is 403 invalid_proof, and nothing is sent', async () => {
    const customer = await registerVerifiedCustomer(t);
    const newEmail = uniqueEmail();
    const mark = t.mail.mark();
    const response = await requestChange(customer, { newEmail, password: 'pas le bon mot de passe' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'invalid_proof' });
    expect((await customer.client.get('/api/me/email-change', { token: customer.token })).body).toMatchObject({ pendingEmail: null });
    expect(t.mail.messages.slice(mark).filter((message) => message.to.includes(newEmail))).toEqual([]);
  });

  it('a later request replaces the earlier link, but the earlier "it wasn’t me" link still works', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await changeWithPassword(customer, uniqueEmail('premiere'));
    const second = await changeWithPassword(customer, uniqueEmail('seconde'));
    expect((await confirm(first.confirmToken)).body).toMatchObject({ code: 'invalid_token' });
    expect((await report(first.reportToken)).status).toBe(200);
    expect((await confirm(second.confirmToken)).body).toMatchObject({ code: 'invalid_token' });
  });
});

describe('POST /api/me/email-change with a code', () => {
  it('accepts a code sent to the current address, once', async () => {
    const customer = await registerVerifiedCustomer(t);
    const mark = t.mail.mark();
    expect((await customer.client.post('/api/auth/login-code', { email: customer.email })).status).toBe(202);
    const code = codeFromEmail((await t.mail.waitForEmail({ to: customer.email, subject: SUBJECTS.code, after: mark })).text);

    const newEmail = uniqueEmail('code');
    const response = await requestChange(customer, { newEmail, code });
    expect(response.status).toBe(202);
    await t.mail.waitForEmail({ to: newEmail, subject: SUBJECTS.verify, after: mark });
    expect(await eventsOf(customer.customerId, 'email_change_requested')).toEqual([expect.objectContaining({ method: 'code' })]);

    const reused = await requestChange(customer, { newEmail: uniqueEmail(), code });
    expect(reused.status).toBe(403);
    expect(reused.body).toMatchObject({ code: 'invalid_proof' });
  });

  it('a wrong code is 403 invalid_proof', async () => {
    const customer = await registerVerifiedCustomer(t);
    await customer.client.post('/api/auth/login-code', { email: customer.email });
    const response = await requestChange(customer, { newEmail: uniqueEmail(), code: '000000' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'invalid_proof' });
  });
});

describe('POST /api/me/email-change: refusals', () => {
  it('lists a bad address and a missing proof together', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await requestChange(customer, { newEmail: 'pas-une-adresse' }), {
      newEmail: 'invalid_format',
      password: 'proof_required',
      code: 'proof_required',
    });
    expectFieldErrors(await requestChange(customer, { newEmail: uniqueEmail(), password: 'x', code: '123456' }), {
      password: 'one_proof_only',
      code: 'one_proof_only',
    });
    expectFieldErrors(await requestChange(customer, { password: customer.password, code: '12' }), { newEmail: 'required', code: 'invalid_format' });
  });

  it('the current address (in any case) is a 400 field error on newEmail', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await requestChange(customer, { newEmail: ` ${customer.email.toUpperCase()} `, password: customer.password }), {
      newEmail: 'same_as_current',
    });
  });

  it('an address another account uses is 409 email_taken, without saying whose', async () => {
    const other = await registerVerifiedCustomer(t, { firstName: 'Bérénice' });
    const customer = await registerVerifiedCustomer(t);
    const response = await requestChange(customer, { newEmail: other.email.toUpperCase(), password: customer.password });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'email_taken' });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('Bérénice');
    expect(text).not.toContain(other.customerId);
    expect(text.toLowerCase()).not.toContain(other.email.toLowerCase());
  });

  it('an address taken between the request and the link is 409 email_taken at confirmation; nothing changes', async () => {
    const customer = await registerVerifiedCustomer(t);
    const newEmail = uniqueEmail('convoitee');
    const { confirmToken } = await changeWithPassword(customer, newEmail);
    await registerVerifiedCustomer(t, { email: newEmail });
    const response = await confirm(confirmToken);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'email_taken' });
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ email: customer.email });
    expect((await signIn(customer.email)).status).toBe(200);
  });

  it('needs a session', async () => {
    const response = await apiClient(t.app).post('/api/me/email-change', { newEmail: uniqueEmail(), password: STRONG_PASSWORD });
    expect(response.status).toBe(401);
  });
});

describe('POST /api/auth/email-change/report', () => {
  it('before confirmation: cancels the change, ends every session and emails a reset link to the address', async () => {
    const customer = await registerVerifiedCustomer(t);
    const otherDevice = (await signIn(customer.email)).body as { token: string };
    const newEmail = uniqueEmail('intrus');
    const { confirmToken, reportToken } = await changeWithPassword(customer, newEmail);

    const mark = t.mail.mark();
    const response = await report(reportToken);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'reported', emailRestored: false });
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);
    expect((await customer.client.get('/api/me', { token: otherDevice.token })).status).toBe(401);
    expect((await confirm(confirmToken)).body).toMatchObject({ code: 'invalid_token' });
    expect(await eventsOf(customer.customerId, 'email_change_reported')).toEqual([expect.objectContaining({ method: 'cancelled' })]);

    const reset = await t.mail.waitForEmail({ to: customer.email, subject: SUBJECTS.reset, after: mark });
    const client = apiClient(t.app);
    const changed = await client.post('/api/auth/password-reset/confirm', { token: tokenFromLink(reset.text, '/reset-password'), password: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect((await signIn(customer.email, NEW_PASSWORD)).status).toBe(200);

    const again = await report(reportToken);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'invalid_token' });
  });

  it('after confirmation: puts the previous address back and ends the sessions the change left open', async () => {
    const customer = await registerVerifiedCustomer(t);
    const newEmail = uniqueEmail('intrus');
    const { confirmToken, reportToken } = await changeWithPassword(customer, newEmail);
    expect((await confirm(confirmToken)).status).toBe(200);
    const intruder = (await signIn(newEmail)).body as { token: string };

    const mark = t.mail.mark();
    const response = await report(reportToken);
    expect(response.body).toEqual({ status: 'reported', emailRestored: true });
    expect((await customer.client.get('/api/me', { token: intruder.token })).status).toBe(401);
    expect((await signIn(newEmail)).status).toBe(401);
    const back = await signIn(customer.email);
    expect(back.status).toBe(200);
    expect((back.body as { customer: { email: string; emailVerified: boolean } }).customer).toMatchObject({ email: customer.email, emailVerified: true });
    await t.mail.waitForEmail({ to: customer.email, subject: SUBJECTS.reset, after: mark });
    expect(await eventsOf(customer.customerId, 'email_change_reported')).toEqual([expect.objectContaining({ method: 'restored' })]);
  });

  it('after confirmation, if someone took the previous address since: keeps the address but still ends every session', async () => {
    const customer = await registerVerifiedCustomer(t);
    const newEmail = uniqueEmail('nouvelle');
    const { confirmToken, reportToken } = await changeWithPassword(customer, newEmail);
    expect((await confirm(confirmToken)).status).toBe(200);
    await registerVerifiedCustomer(t, { email: customer.email });

    const response = await report(reportToken);
    expect(response.body).toEqual({ status: 'reported', emailRestored: false });
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, customer.customerId));
    expect(row?.email).toBe(newEmail);
  });
});

describe('link tokens', () => {
  it('unknown tokens are 400 invalid_token, and failures are slowed down per IP', async () => {
    const client = apiClient(t.app, { ip: newIp() });
    const bogus = 'a'.repeat(43);
    const first = await client.post('/api/me/email-change/confirm', { token: bogus });
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ code: 'invalid_token' });
    expect((await client.post('/api/auth/email-change/report', { token: bogus })).body).toMatchObject({ code: 'invalid_token' });
    let last = first;
    for (let attempt = 0; attempt < 30; attempt += 1) last = await client.post('/api/auth/email-change/report', { token: bogus });
    expect(last.status).toBe(429);
    expect(last.headers['retry-after']).toBeDefined();
    // Per IP: another visitor is not affected.
    expect((await apiClient(t.app, { ip: newIp() }).post('/api/me/email-change/confirm', { token: bogus })).status).toBe(400);
  });

  it('a confirmation link older than 24 hours is refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { confirmToken } = await changeWithPassword(customer, uniqueEmail());
    const { emailTokens } = await import('../../src/modules/auth/auth.tables.js');
    const [row] = await t.ctx.db
      .select({ expiresAt: emailTokens.expiresAt, createdAt: emailTokens.createdAt })
      .from(emailTokens)
      .where(and(eq(emailTokens.customerId, customer.customerId), eq(emailTokens.purpose, 'email_change')));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(23.9 * 3600 * 1000);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600 * 1000 + 60_000);
    await t.ctx.db
      .update(emailTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(emailTokens.customerId, customer.customerId), eq(emailTokens.purpose, 'email_change')));
    expect((await confirm(confirmToken)).body).toMatchObject({ code: 'invalid_token' });
  });
});
