import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { newId } from '../../src/platform/ids.js';
import { insertCompany, invitationTokenFromEmail } from '../support/companies.js';
import { registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { apiClient, createTestApp, STRONG_PASSWORD, TEST_PUBLIC_URL, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

// F1.7 as the customer lives it: which sign-ups wait, and what a waiting customer sees. The
// session cache is on (as in production), so a staff decision must evict it to be seen at once.

// Several sign-ups per test, on a machine other suites share: generous, never a timed assertion.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: '60' } });
  owner = await setUpFirstOwner(t);
});
afterAll(async () => {
  await t.close();
});

type TMode = 'none' | 'business' | 'all';
type TAccountType = 'individual' | 'professional' | 'company';

async function setMode(mode: TMode): Promise<void> {
  const saved = await owner.client.put('/api/staff/settings', { accountApproval: mode }, { token: owner.token });
  expect(saved.status).toBe(200);
}

const companyFor = (accountType: TAccountType, name: string) =>
  accountType === 'individual' ? {} : { company: { name, country: 'FR', kind: accountType } };

/** Registers through the API and opens the emailed link: a signed-in customer, whatever their approval. */
async function signUp(options: { accountType?: TAccountType; locale?: 'fr' | 'en'; email?: string } = {}) {
  const accountType = options.accountType ?? 'individual';
  const client = apiClient(t.app);
  const email = options.email ?? uniqueEmail(accountType);
  const since = t.mail.mark();
  const registered = await client.post('/api/auth/register', {
    email,
    password: STRONG_PASSWORD,
    firstName: 'Noémie',
    lastName: 'Garnier',
    accountType,
    ...(options.locale ? { locale: options.locale } : {}),
    ...companyFor(accountType, 'Garnier Conseil'),
  });
  expect(registered.status).toBe(202);
  // A guest's address gets the claim email (« Finalisez la création… ») instead of the confirmation.
  const message = await t.mail.waitForEmail({ to: email, subject: /confirm|finalisez/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
  expect(verified.status).toBe(200);
  const body = verified.body as { token: string; customer: { id: string; approvalStatus: string } };
  return { email, client, token: body.token, customerId: body.customer.id, signInAnswer: body.customer, verificationText: message.text };
}

describe('POST /api/auth/register under each approval setting (F1.7)', () => {
  const expected: Record<TMode, Record<TAccountType, 'approved' | 'pending'>> = {
    none: { individual: 'approved', professional: 'approved', company: 'approved' },
    business: { individual: 'approved', professional: 'pending', company: 'pending' },
    all: { individual: 'pending', professional: 'pending', company: 'pending' },
  };
  for (const mode of ['none', 'business', 'all'] as const) {
    for (const accountType of ['individual', 'professional', 'company'] as const) {
      it(`setting ${mode}: a new ${accountType} account starts ${expected[mode][accountType]}`, async () => {
        await setMode(mode);
        const customer = await signUp({ accountType });
        expect(customer.signInAnswer.approvalStatus).toBe(expected[mode][accountType]);
        const me = await customer.client.get('/api/me', { token: customer.token });
        expect(me.body).toMatchObject({ id: customer.customerId, approvalStatus: expected[mode][accountType] });
      });
    }
  }
});

describe('a pending customer', () => {
  it('verifies the address, signs in with the password, and /api/me and /api/me/context say it waits (canOrder false)', async () => {
    await setMode('all');
    const customer = await signUp({ accountType: 'individual' });
    const login = await customer.client.post('/api/auth/login', { email: customer.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    const token = (login.body as { token: string }).token;
    expect((login.body as { customer: { approvalStatus: string } }).customer.approvalStatus).toBe('pending');
    const me = await customer.client.get('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ approvalStatus: 'pending', emailVerified: true });
    const context = await customer.client.get('/api/me/context', { token });
    expect(context.status).toBe(200);
    expect(context.body).toMatchObject({ kind: 'consumer', approval: { status: 'pending', canOrder: false } });
  });

  it('a pending business account keeps its company in the context, and still cannot order', async () => {
    await setMode('business');
    const customer = await signUp({ accountType: 'company' });
    const context = await customer.client.get('/api/me/context', { token: customer.token });
    expect(context.body).toMatchObject({ kind: 'business', company: { name: 'Garnier Conseil' }, approval: { status: 'pending', canOrder: false } });
  });

  it('an approved account’s context says canOrder true', async () => {
    await setMode('none');
    const customer = await signUp();
    const context = await customer.client.get('/api/me/context', { token: customer.token });
    expect(context.body).toMatchObject({ approval: { status: 'approved', canOrder: true } });
  });

  it('the verification email of a waiting account says it will wait, in the customer’s language; an approved one does not', async () => {
    await setMode('all');
    const french = await signUp({ locale: 'fr' });
    expect(french.verificationText).toContain('devra ensuite être validé');
    const english = await signUp({ locale: 'en' });
    expect(english.verificationText).toContain('will then need to be approved');
    await setMode('none');
    const approved = await signUp({ locale: 'fr' });
    expect(approved.verificationText).not.toContain('devra ensuite être validé');
  });

  it('a staff decision shows in /api/me and the context at once, cached session or not', async () => {
    await setMode('all');
    const customer = await signUp();
    // Twice: the second answer comes from the session cache.
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ approvalStatus: 'pending' });
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ approvalStatus: 'pending' });
    const approved = await owner.client.post(`/api/staff/customers/${customer.customerId}/approve`, {}, { token: owner.token });
    expect(approved.status).toBe(200);
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ approvalStatus: 'approved' });
    expect((await customer.client.get('/api/me/context', { token: customer.token })).body).toMatchObject({ approval: { status: 'approved', canOrder: true } });
  });

  it('a refused customer can still sign in, and is told so (refused, canOrder false)', async () => {
    await setMode('all');
    const customer = await signUp();
    expect((await owner.client.post(`/api/staff/customers/${customer.customerId}/refuse`, { reason: 'SIRET introuvable' }, { token: owner.token })).status).toBe(200);
    const login = await customer.client.post('/api/auth/login', { email: customer.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    const token = (login.body as { token: string }).token;
    expect((await customer.client.get('/api/me', { token })).body).toMatchObject({ approvalStatus: 'refused' });
    expect((await customer.client.get('/api/me/context', { token })).body).toMatchObject({ approval: { status: 'refused', canOrder: false } });
  });

  it('GET /api/integration/customers and /customers/{id}: the shop’s systems see approvalStatus', async () => {
    await setMode('all');
    const customer = await signUp();
    const store = storeClient(t, await newApiKey(t, ['customers:read']));
    const found = await store.get(`/api/integration/customers?email=${encodeURIComponent(customer.email)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ items: [{ id: customer.customerId, approvalStatus: 'pending' }] });
    const one = await store.get(`/api/integration/customers/${customer.customerId}`);
    expect(one.body).toMatchObject({ id: customer.customerId, approvalStatus: 'pending' });
  });
});

describe('accounts that do not wait, whatever the setting', () => {
  it('a colleague invited into a company (signed out, new account) is approved: the company vouched for them', async () => {
    await setMode('none');
    const admin = await registerVerifiedCustomer(t, { firstName: 'Alice' });
    const { companyId } = await insertCompany(t, { adminId: admin.customerId, name: 'Menuiserie Lefèvre' });
    await setMode('all');
    const email = uniqueEmail('colleague');
    const since = t.mail.mark();
    const invited = await admin.client.post(`/api/companies/${companyId}/invitations`, { email, role: 'member' }, { token: admin.token });
    expect(invited.status).toBe(201);
    const message = await t.mail.waitForEmail({ to: email, subject: /invitation/i, after: since });
    const accepted = await apiClient(t.app).post('/api/invitations/accept', {
      token: invitationTokenFromEmail(message.text),
      firstName: 'Jean',
      lastName: 'Martin',
      password: STRONG_PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect((accepted.body as { customer: { approvalStatus: string } }).customer.approvalStatus).toBe('approved');
  });

  it('an existing account registering again is not put back in the queue', async () => {
    await setMode('none');
    const existing = await signUp();
    await setMode('all');
    const again = await apiClient(t.app).post('/api/auth/register', { email: existing.email, password: STRONG_PASSWORD, firstName: 'N', lastName: 'G' });
    expect(again.status).toBe(202);
    const [row] = await t.ctx.db.select({ approvalStatus: customers.approvalStatus }).from(customers).where(eq(customers.id, existing.customerId));
    expect(row!.approvalStatus).toBe('approved');
  });

  it('a guest account claimed through the sign-up form is a registration: it waits under the setting for the type chosen', async () => {
    await setMode('business');
    const email = uniqueEmail('guest');
    const guestId = newId('cus');
    await t.ctx.db.insert(customers).values({ marketId: DEFAULT_MARKET_ID, id: guestId, email, emailNormalized: email, firstName: 'Invité', lastName: 'Client', origin: 'guest_order' });
    const customer = await signUp({ email, accountType: 'company' });
    expect(customer.customerId).toBe(guestId);
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ accountType: 'company', approvalStatus: 'pending' });
  });
});

describe('links in the decision emails', () => {
  it('the approval email links to {PUBLIC_URL}/sign-in', async () => {
    await setMode('all');
    const customer = await signUp();
    const since = t.mail.mark();
    await owner.client.post(`/api/staff/customers/${customer.customerId}/approve`, {}, { token: owner.token });
    const message = await t.mail.waitForEmail({ to: customer.email, subject: /validé/, after: since });
    expect(message.text).toContain(`${TEST_PUBLIC_URL}/sign-in`);
  });
});
