import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { codeFromEmail, registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';

// F1.8: an account belongs to one market; the same address may hold one account in each, and
// an account signs in only in its own market, with the answer a wrong password gets elsewhere.
let t: TTestApp;
let belgium: Awaited<ReturnType<typeof createTestMarket>>;
const OTHER_PASSWORD = 'citron marelle banquise 2031 horloge';

beforeAll(async () => {
  t = await createTestApp();
  belgium = await createTestMarket(t, { code: 'be', countries: ['BE'] });
});
afterAll(async () => {
  await t.close();
});

const inBelgium = () => ({ headers: belgium.hostHeader });

describe('one address, one account per market', () => {
  it('the same email registers once in each market: two accounts, each with its own password', async () => {
    const email = uniqueEmail('deux.marches');
    const france = await registerVerifiedCustomer(t, { email });
    const belgian = await registerVerifiedCustomer(t, { email, password: OTHER_PASSWORD, host: belgium.host! });
    expect(belgian.customerId).not.toBe(france.customerId);

    const rows = await t.ctx.db.select({ id: customers.id, marketId: customers.marketId }).from(customers).where(eq(customers.emailNormalized, email));
    expect(rows.map((row) => row.marketId).sort()).toEqual([belgium.id, DEFAULT_MARKET_ID].sort());

    const client = apiClient(t.app);
    const inFrance = await client.post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(inFrance.status).toBe(200);
    expect(inFrance.body.customer.id).toBe(france.customerId);
    const inBe = await client.post('/api/auth/login', { email, password: OTHER_PASSWORD }, inBelgium());
    expect(inBe.status).toBe(200);
    expect(inBe.body.customer.id).toBe(belgian.customerId);
  });

  it('the verification email of a market carries that market’s address in its link', async () => {
    const email = uniqueEmail('lien.be');
    const since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/register', { email, password: STRONG_PASSWORD, firstName: 'Lou', lastName: 'Peeters' }, inBelgium());
    const message = await t.mail.waitForEmail({ to: email, subject: /confirm/i, after: since });
    expect(message.text).toContain(`${belgium.publicUrl}/verify-email?token=`);
  });
});

describe('signing in outside the account’s market', () => {
  it('the right password on another market’s host gets exactly the wrong-password answer', async () => {
    const onlyFrench = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const elsewhere = await client.post('/api/auth/login', { email: onlyFrench.email, password: onlyFrench.password }, inBelgium());
    const wrongPassword = await client.post('/api/auth/login', { email: onlyFrench.email, password: 'pas le bon mot de passe du tout' });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body).toEqual(wrongPassword.body);
    expect(elsewhere.body.code).toBe('invalid_credentials');
  });

  it('a sign-in code asked on another market’s host is not sent to the account: that market knows no such address', async () => {
    const onlyFrench = await registerVerifiedCustomer(t);
    const since = t.mail.mark();
    const asked = await apiClient(t.app).post('/api/auth/login-code', { email: onlyFrench.email }, inBelgium());
    expect(asked.status).toBe(202);
    const message = await t.mail.waitForEmail({ to: onlyFrench.email, after: since });
    expect(() => codeFromEmail(message.text)).toThrow();
    expect(message.text).toContain(`${belgium.publicUrl}/sign-up`);
  });

  it('a code sent in its market does not sign in on another market’s host: the same answer as a wrong code', async () => {
    const onlyFrench = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const since = t.mail.mark();
    await client.post('/api/auth/login-code', { email: onlyFrench.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: onlyFrench.email, after: since })).text);
    const elsewhere = await client.post('/api/auth/login-code/verify', { email: onlyFrench.email, code }, inBelgium());
    const wrong = await client.post('/api/auth/login-code/verify', { email: uniqueEmail('inconnu'), code: '000000' });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body).toEqual(wrong.body);
    // Still good where it belongs.
    const home = await client.post('/api/auth/login-code/verify', { email: onlyFrench.email, code });
    expect(home.status).toBe(200);
  });

  it('a reset link opened on another market’s host is an invalid link, and stays usable at home', async () => {
    const onlyFrench = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const since = t.mail.mark();
    await client.post('/api/auth/password-reset', { email: onlyFrench.email });
    const token = tokenFromLink((await t.mail.waitForEmail({ to: onlyFrench.email, subject: /mot de passe|password/i, after: since })).text, '/reset-password');
    const elsewhere = await client.post('/api/auth/password-reset/confirm', { token, password: OTHER_PASSWORD }, inBelgium());
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.code).toBe('invalid_token');
    const home = await client.post('/api/auth/password-reset/confirm', { token, password: OTHER_PASSWORD });
    expect(home.status).toBe(200);
  });

  it('a reset asked on another market’s host sends nothing to the account', async () => {
    const onlyFrench = await registerVerifiedCustomer(t);
    const since = t.mail.mark();
    const asked = await apiClient(t.app).post('/api/auth/password-reset', { email: onlyFrench.email }, inBelgium());
    expect(asked.status).toBe(202);
    await t.runtime.mailWorker.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.mail.messages.slice(since).filter((message) => message.to.includes(onlyFrench.email))).toHaveLength(0);
  });

  it('a registration on another market’s host creates that market’s account and leaves the first one untouched', async () => {
    const french = await registerVerifiedCustomer(t);
    const before = await t.ctx.db.select().from(customers).where(eq(customers.id, french.customerId));
    await registerVerifiedCustomer(t, { email: french.email, password: OTHER_PASSWORD, host: belgium.host! });
    const after = await t.ctx.db.select().from(customers).where(eq(customers.id, french.customerId));
    expect(after[0]!.passwordHash).toBe(before[0]!.passwordHash);
    const belgian = await t.ctx.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.marketId, belgium.id), eq(customers.emailNormalized, french.email)));
    expect(belgian).toHaveLength(1);
  });
});

describe('market settings that replace environment variables', () => {
  it('a B2B-only market refuses a consumer registration while the default market accepts it', async () => {
    const pro = await createTestMarket(t, { code: 'pro', b2bOnly: true });
    const client = apiClient(t.app);
    const body = { email: uniqueEmail('conso'), password: STRONG_PASSWORD, firstName: 'Jo', lastName: 'Martin' };
    const refused = await client.post('/api/auth/register', body, { headers: pro.hostHeader });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_business_customer');
    const accepted = await client.post('/api/auth/register', body);
    expect(accepted.status).toBe(202);
  });
});
