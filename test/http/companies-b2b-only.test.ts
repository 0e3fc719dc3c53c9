import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/modules/auth/auth.tables.js';
import { companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import {
  countRows,
  insertCompany,
  insertLocation,
  insertLocationMember,
  insertMember,
  insertSignedInCustomer,
  insertVerifiedCustomer,
  putJson,
} from '../support/company-fixtures.js';
import { codeFromEmail, tokenFromLink } from '../support/factories.js';
import { findOrCreateGuestAccount } from '../../src/modules/customers/customers.service.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

// F3.7 with B2B_ONLY on. The default (off) is covered by companies-context.test.ts: someone in
// no company gets a consumer context there.

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { B2B_ONLY: 'true' } });
});
afterAll(async () => {
  await t.close();
});

async function businessBuyer() {
  const companyId = await insertCompany(t.ctx.db);
  const locationId = await insertLocation(t.ctx.db, { companyId });
  // Member rows first: with B2B_ONLY, signing in before joining would be refused.
  const customer = await insertVerifiedCustomer(t);
  await insertMember(t.ctx.db, { companyId, customerId: customer.id });
  await insertLocationMember(t.ctx.db, { locationId, customerId: customer.id });
  return { ...customer, companyId, locationId };
}

const sessionsOf = (customerId: string) => countRows(t.ctx.db, sessions, eq(sessions.customerId, customerId));

function expectNotBusiness(response: { status: number; body: unknown }) {
  expect(response.status).toBe(403);
  expect(response.body).toMatchObject({ status: 403, code: 'not_business_customer', title: 'This shop sells to business customers only.' });
  expect((response.body as { detail: string }).detail).toMatch(/does not belong to any company/);
}

describe('B2B_ONLY: sign-in', () => {
  it('POST /api/auth/login: the right password of someone in no company is refused with 403 not_business_customer, and no session is created', async () => {
    const consumer = await insertVerifiedCustomer(t, { accountType: 'individual' });
    expectNotBusiness(await apiClient(t.app).post('/api/auth/login', { email: consumer.email, password: consumer.password }));
    expect(await sessionsOf(consumer.id)).toBe(0);
    // A wrong password still says nothing more than usual.
    expect((await apiClient(t.app).post('/api/auth/login', { email: consumer.email, password: 'wrong password here' })).status).toBe(401);
  });

  it('POST /api/auth/login-code/verify: the right code of someone in no company is refused the same way, without a session', async () => {
    const consumer = await insertVerifiedCustomer(t, { accountType: 'individual' });
    const client = apiClient(t.app);
    const since = t.mail.mark();
    expect((await client.post('/api/auth/login-code', { email: consumer.email })).status).toBe(202);
    const code = codeFromEmail((await t.mail.waitForEmail({ to: consumer.email, after: since })).text);
    expectNotBusiness(await client.post('/api/auth/login-code/verify', { email: consumer.email, code }));
    expect(await sessionsOf(consumer.id)).toBe(0);
  });

  it('POST /api/auth/verify-email: a link does not sign in someone in no company either (a guest claiming their account), and leaves no session', async () => {
    const email = uniqueEmail('invite-b2b');
    const { customer: guest } = await findOrCreateGuestAccount(t.ctx.db, { marketId: DEFAULT_MARKET_ID, email, firstName: 'Invité', lastName: 'Commande', locale: 'fr', origin: 'guest_order' });
    const since = t.mail.mark();
    expect((await apiClient(t.app).post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Zoé', lastName: 'Perrin', accountType: 'professional', company: { name: 'Perrin Conseil', kind: 'professional', country: 'FR' } })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: email, after: since, subject: /Finalisez/ });
    expectNotBusiness(await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') }));
    expect(await sessionsOf(guest.id)).toBe(0);
  });

  it('a colleague of a company signs in with a password or a code as usual', async () => {
    const buyer = await businessBuyer();
    const client = apiClient(t.app);
    expect((await client.post('/api/auth/login', { email: buyer.email, password: buyer.password })).status).toBe(200);
    const since = t.mail.mark();
    await client.post('/api/auth/login-code', { email: buyer.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: buyer.email, after: since })).text);
    expect((await client.post('/api/auth/login-code/verify', { email: buyer.email, code })).status).toBe(200);
    expect(await sessionsOf(buyer.id)).toBe(2);
  });
});

describe('B2B_ONLY: the buying context', () => {
  it('GET /api/me/context: 403 not_business_customer for a signed-in person who belongs to no company (e.g. removed since signing in)', async () => {
    const buyer = await businessBuyer();
    const client = apiClient(t.app);
    const token = ((await client.post('/api/auth/login', { email: buyer.email, password: buyer.password })).body as { token: string }).token;
    expect((await client.get('/api/me/context', { token })).body).toMatchObject({ kind: 'business', location: { id: buyer.locationId } });
    expectNotBusiness(await putJson(t, '/api/me/context', { companyId: null }, token));
    await t.ctx.db.delete(companyMembers).where(eq(companyMembers.customerId, buyer.id));
    expectNotBusiness(await client.get('/api/me/context', { token }));
  });
});

describe('B2B_ONLY: registration', () => {
  it('POST /api/auth/register as an individual: 403 not_business_customer before anything is written or sent', async () => {
    const email = uniqueEmail('particulier');
    const before = await Promise.all([countRows(t.ctx.db, customers), countRows(t.ctx.db, outboundEmails), countRows(t.ctx.db, sessions)]);
    for (const body of [
      { email, password: STRONG_PASSWORD, firstName: 'Léa', lastName: 'Martin' },
      { email, password: STRONG_PASSWORD, firstName: 'Léa', lastName: 'Martin', accountType: 'individual' },
    ]) {
      expectNotBusiness(await apiClient(t.app).post('/api/auth/register', body));
    }
    const after = await Promise.all([countRows(t.ctx.db, customers), countRows(t.ctx.db, outboundEmails), countRows(t.ctx.db, sessions)]);
    expect(after).toEqual(before);
    expect(await countRows(t.ctx.db, customers, eq(customers.emailNormalized, email))).toBe(0);
    expect(await countRows(t.ctx.db, outboundEmails, eq(outboundEmails.toAddress, email))).toBe(0);
  });

  it('POST /api/auth/register as a business stays open', async () => {
    const email = uniqueEmail('atelier');
    const response = await apiClient(t.app).post('/api/auth/register', {
      email,
      password: STRONG_PASSWORD,
      firstName: 'Léa',
      lastName: 'Martin',
      accountType: 'company',
      company: { name: 'Atelier Martin', country: 'DE' },
    });
    expect(response.status).toBe(202);
    expect(await countRows(t.ctx.db, customers, eq(customers.emailNormalized, email))).toBe(1);
  });

  it('an existing business colleague signed in keeps using the account pages', async () => {
    const buyer = await businessBuyer();
    const signedIn = await insertSignedInCustomer(t).catch((error: Error) => error);
    // insertSignedInCustomer makes someone in no company: refused, as above.
    expect(signedIn).toBeInstanceOf(Error);
    const client = apiClient(t.app);
    const token = ((await client.post('/api/auth/login', { email: buyer.email, password: buyer.password })).body as { token: string }).token;
    expect((await client.get('/api/me', { token })).status).toBe(200);
  });
});
