import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailTokens, securityEvents } from '../../src/modules/auth/auth.tables.js';
import { findOrCreateGuestAccount, findCustomerById } from '../../src/modules/customers/customers.service.js';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
import { codeFromEmail, registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** What the orders import (a later issue) will do for an order placed without an account. */
async function guestAccount(email = uniqueEmail('invite'), origin: 'guest_order' | 'express_checkout' = 'guest_order') {
  const { customer, created } = await findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID,
    email,
    firstName: 'Invité',
    lastName: 'Commande',
    locale: 'fr',
    origin,
  });
  expect(created).toBe(true);
  return customer;
}

async function eventsOf(customerId: string, type: 'guest_account_claimed') {
  return t.ctx.db
    .select()
    .from(securityEvents)
    .where(and(eq(securityEvents.customerId, customerId), eq(securityEvents.type, type)));
}

const ANOTHER_PASSWORD = 'cerf-volant marmelade 4218 horizon';

describe('the guest account model', () => {
  it('is passwordless, unverified and unclaimed, and an address gets one account only', async () => {
    const email = uniqueEmail('Invite');
    const guest = await guestAccount(email);
    expect(guest).toMatchObject({ passwordHash: null, emailVerifiedAt: null, claimedAt: null, origin: 'guest_order' });
    const again = await findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID, email: email.toUpperCase(), firstName: 'X', lastName: 'Y', locale: 'en', origin: 'express_checkout' });
    expect(again).toMatchObject({ created: false, customer: { id: guest.id, firstName: 'Invité', origin: 'guest_order' } });
  });

  it('never takes over an existing account, and two simultaneous orders make one account', async () => {
    const member = await registerVerifiedCustomer(t);
    const found = await findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID, email: member.email, firstName: 'Autre', lastName: 'Nom', locale: 'en', origin: 'guest_order' });
    expect(found).toMatchObject({ created: false, customer: { id: member.customerId, firstName: 'Camille', origin: 'registration' } });

    const email = uniqueEmail('simultane');
    const both = await Promise.all(
      [1, 2].map(() => findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID, email, firstName: 'A', lastName: 'B', locale: 'fr', origin: 'guest_order' })),
    );
    expect(new Set(both.map((result) => result.customer.id)).size).toBe(1);
    expect(both.filter((result) => result.created)).toHaveLength(1);
  });

  it('cannot be signed in to with a password, whatever is typed', async () => {
    const guest = await guestAccount();
    const response = await apiClient(t.app).post('/api/auth/login', { email: guest.email, password: STRONG_PASSWORD });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'invalid_credentials' });
  });
});

describe('claiming with a code sent to the address', () => {
  it('signs in, verifies the address and claims the account', async () => {
    const guest = await guestAccount();
    const client = apiClient(t.app);
    const since = t.mail.mark();
    expect((await client.post('/api/auth/login-code', { email: guest.email })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: guest.email, after: since, subject: /code/i });
    const signedIn = await client.post('/api/auth/login-code/verify', { email: guest.email, code: codeFromEmail(message.text) });
    expect(signedIn.status).toBe(200);
    const claimed = await findCustomerById(t.ctx.db, guest.id);
    expect(claimed?.emailVerifiedAt).toBeInstanceOf(Date);
    expect(claimed?.claimedAt).toBeInstanceOf(Date);
    expect(await eventsOf(guest.id, 'guest_account_claimed')).toHaveLength(1);
    const me = await client.get('/api/me', { token: (signedIn.body as { token: string }).token });
    expect(me.body).toMatchObject({ id: guest.id, emailVerified: true });
  });

  it('does not claim with a wrong code', async () => {
    const guest = await guestAccount();
    const client = apiClient(t.app);
    const since = t.mail.mark();
    await client.post('/api/auth/login-code', { email: guest.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: guest.email, after: since, subject: /code/i })).text);
    const wrong = code === '000000' ? '111111' : '000000';
    expect((await client.post('/api/auth/login-code/verify', { email: guest.email, code: wrong })).status).toBe(401);
    expect(await findCustomerById(t.ctx.db, guest.id)).toMatchObject({ claimedAt: null, emailVerifiedAt: null });
  });
});

describe('claiming by registering with the address', () => {
  it('answers like any sign-up, changes nothing until the link is opened, then applies what was typed', async () => {
    const guest = await guestAccount();
    const client = apiClient(t.app);
    const since = t.mail.mark();
    const registered = await client.post('/api/auth/register', {
      email: guest.email,
      password: STRONG_PASSWORD,
      firstName: 'Maëlle',
      lastName: 'Lefèvre',
      marketingEmail: true,
    });
    expect(registered.status).toBe(202);
    expect(registered.body).toEqual({ status: 'verification_sent' });

    // Nothing is applied before the address is proven: an impostor's sign-up would stop here.
    expect(await findCustomerById(t.ctx.db, guest.id)).toMatchObject({ firstName: 'Invité', passwordHash: null, claimedAt: null });
    expect(await t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, guest.id))).toHaveLength(0);
    const [pending] = await t.ctx.db.select().from(emailTokens).where(and(eq(emailTokens.customerId, guest.id), eq(emailTokens.purpose, 'guest_claim')));
    expect(JSON.stringify(pending?.data)).not.toContain(STRONG_PASSWORD);
    const login = await client.post('/api/auth/login', { email: guest.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(401);

    const message = await t.mail.waitForEmail({ to: guest.email, after: since, subject: /Finalisez la création de votre compte/ });
    const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ customer: { id: guest.id, firstName: 'Maëlle', lastName: 'Lefèvre', emailVerified: true } });
    expect(await findCustomerById(t.ctx.db, guest.id)).toMatchObject({ claimedAt: expect.any(Date), origin: 'guest_order' });
    expect(await t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, guest.id))).toEqual([
      expect.objectContaining({ purpose: 'newsletter_email', granted: true, source: 'sign_up' }),
    ]);
    expect(await eventsOf(guest.id, 'guest_account_claimed')).toEqual([expect.objectContaining({ method: 'registration' })]);

    const withPassword = await apiClient(t.app).post('/api/auth/login', { email: guest.email, password: STRONG_PASSWORD });
    expect(withPassword.status).toBe(200);
    const reused = await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
    expect(reused.status).toBe(400);
  });

  it('keeps only the latest registration when two people register with the address', async () => {
    const guest = await guestAccount();
    const since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/register', { email: guest.email, password: ANOTHER_PASSWORD, firstName: 'Intrus', lastName: 'Un' });
    const first = await t.mail.waitForEmail({ to: guest.email, after: since, subject: /Finalisez/ });
    const since2 = t.mail.mark();
    await apiClient(t.app).post('/api/auth/register', { email: guest.email, password: STRONG_PASSWORD, firstName: 'Vraie', lastName: 'Personne' });
    const second = await t.mail.waitForEmail({ to: guest.email, after: since2, subject: /Finalisez/ });
    const stale = await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(first.text, '/verify-email') });
    expect(stale.status).toBe(400);
    const fresh = await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(second.text, '/verify-email') });
    expect(fresh.body).toMatchObject({ customer: { firstName: 'Vraie' } });
  });

  it('treats a claimed account like any other: a new sign-up only gets the "you already have an account" email', async () => {
    const guest = await guestAccount();
    const since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/register', { email: guest.email, password: STRONG_PASSWORD, firstName: 'Zoé', lastName: 'Perrin' });
    const claim = await t.mail.waitForEmail({ to: guest.email, after: since, subject: /Finalisez/ });
    await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(claim.text, '/verify-email') });

    const since2 = t.mail.mark();
    const again = await apiClient(t.app).post('/api/auth/register', { email: guest.email, password: ANOTHER_PASSWORD, firstName: 'Autre', lastName: 'Nom' });
    expect(again.status).toBe(202);
    await t.mail.waitForEmail({ to: guest.email, after: since2, subject: /déjà un compte/ });
    expect(await findCustomerById(t.ctx.db, guest.id)).toMatchObject({ firstName: 'Zoé' });
  });
});

describe('claiming with a password reset link', () => {
  it('sets the password and claims the account', async () => {
    const guest = await guestAccount(uniqueEmail('reset'), 'express_checkout');
    const since = t.mail.mark();
    expect((await apiClient(t.app).post('/api/auth/password-reset', { email: guest.email })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: guest.email, after: since, subject: /mot de passe/i });
    const confirmed = await apiClient(t.app).post('/api/auth/password-reset/confirm', {
      token: tokenFromLink(message.text, '/reset-password'),
      password: STRONG_PASSWORD,
    });
    expect(confirmed.status).toBeLessThan(300);
    expect(await findCustomerById(t.ctx.db, guest.id)).toMatchObject({ claimedAt: expect.any(Date), emailVerifiedAt: expect.any(Date) });
    expect((await apiClient(t.app).post('/api/auth/login', { email: guest.email, password: STRONG_PASSWORD })).status).toBe(200);
    const rows = await t.ctx.db.select({ origin: customers.origin }).from(customers).where(eq(customers.id, guest.id));
    expect(rows).toEqual([{ origin: 'express_checkout' }]);
  });
});
