import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { PRIVACY_NOTICE_VERSION } from '../../src/modules/customers/customers.service.js';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { registerCustomerWithConsent, type TPreferences } from '../support/marketing.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = { token: string; customerId: string; client: Awaited<ReturnType<typeof registerVerifiedCustomer>>['client'] };

async function preferencesOf(customer: TCustomer): Promise<TPreferences> {
  const response = await customer.client.get('/api/me/preferences', { token: customer.token });
  expect(response.status).toBe(200);
  return response.body as TPreferences;
}

async function change(customer: TCustomer, body: object): Promise<TPreferences> {
  const response = await customer.client.patch('/api/me/preferences', body, { token: customer.token });
  if (response.status !== 200) throw new Error(`PATCH /api/me/preferences answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as TPreferences;
}

const storedRecords = (customerId: string) =>
  t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, customerId)).orderBy(consentRecords.recordedAt, consentRecords.id);

const preferenceEvents = (customerId: string) =>
  t.ctx.db
    .select()
    .from(securityEvents)
    .where(and(eq(securityEvents.customerId, customerId), eq(securityEvents.type, 'marketing_preferences_changed')));

describe('GET /api/me/preferences', () => {
  it('GET /api/me/preferences: without any record nothing is granted, and the history is empty', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect(await preferencesOf(customer)).toEqual({
      newsletterEmail: { granted: false, since: null, source: null },
      promotionalEmail: { granted: false, since: null, source: null },
      sms: { granted: false, since: null, source: null },
      mobileOnFile: false,
      noticeVersion: PRIVACY_NOTICE_VERSION,
      history: [],
    });
  });

  it('GET /api/me/preferences: the newsletter consent given at sign-up shows as granted since then, from sign_up, in the history', async () => {
    const customer = await registerCustomerWithConsent(t, { marketingEmail: true });
    const [record] = await storedRecords(customer.customerId);
    const preferences = await preferencesOf(customer);
    expect(preferences.newsletterEmail).toEqual({ granted: true, since: record!.recordedAt.toISOString(), source: 'sign_up' });
    expect(preferences.promotionalEmail.granted).toBe(false);
    expect(preferences.history).toEqual([
      { purpose: 'newsletter_email', granted: true, source: 'sign_up', recordedAt: record!.recordedAt.toISOString(), noticeVersion: PRIVACY_NOTICE_VERSION },
    ]);
  });

  it('GET /api/me/preferences: needs a session (401)', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/me/preferences')).status).toBe(401);
    expect((await customer.client.patch('/api/me/preferences', { newsletterEmail: true })).status).toBe(401);
  });
});

describe('PATCH /api/me/preferences', () => {
  it('PATCH /api/me/preferences: records only the purposes that change, with the request’s IP and the current notice version', async () => {
    const customer = await registerCustomerWithConsent(t, { marketingEmail: true });
    const after = await change(customer, { newsletterEmail: true, promotionalEmail: true, sms: false });
    expect(after.newsletterEmail).toMatchObject({ granted: true, source: 'sign_up' });
    expect(after.promotionalEmail).toMatchObject({ granted: true, source: 'account_page' });
    expect(after.sms).toEqual({ granted: false, since: null, source: null });

    const records = await storedRecords(customer.customerId);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      purpose: 'promotional_email',
      granted: true,
      source: 'account_page',
      ip: customer.client.ip,
      noticeVersion: PRIVACY_NOTICE_VERSION,
    });
    expect(after.promotionalEmail.since).toBe(records[1]!.recordedAt.toISOString());
    expect(await preferenceEvents(customer.customerId)).toHaveLength(1);

    // Asking for the state it already has records nothing and audits nothing.
    const again = await change(customer, { newsletterEmail: true, promotionalEmail: true });
    expect(again).toEqual(after);
    expect(await change(customer, {})).toEqual(after);
    expect(await storedRecords(customer.customerId)).toHaveLength(2);
    expect(await preferenceEvents(customer.customerId)).toHaveLength(1);
  });

  it('PATCH /api/me/preferences: the state is derived from the latest record; the history keeps every record, newest first, unchanged', async () => {
    const customer = await registerCustomerWithConsent(t, { marketingEmail: true });
    await change(customer, { promotionalEmail: true });
    const withdrawn = await change(customer, { newsletterEmail: false, promotionalEmail: false });
    expect(withdrawn.newsletterEmail).toMatchObject({ granted: false, source: 'account_page' });
    expect(withdrawn.promotionalEmail).toMatchObject({ granted: false, source: 'account_page' });
    const regranted = await change(customer, { newsletterEmail: true });
    expect(regranted.newsletterEmail).toMatchObject({ granted: true, source: 'account_page' });

    const history = regranted.history.map(({ purpose, granted, source }) => `${purpose}:${granted}:${source}`);
    expect(history).toHaveLength(5);
    expect(history[0]).toBe('newsletter_email:true:account_page');
    expect(history.slice(1, 3).sort()).toEqual(['newsletter_email:false:account_page', 'promotional_email:false:account_page']);
    expect(history.slice(3)).toEqual(['promotional_email:true:account_page', 'newsletter_email:true:sign_up']);
    const times = regranted.history.map((entry) => Date.parse(entry.recordedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The sign-up record is still there as it was written.
    const [first] = await storedRecords(customer.customerId);
    expect(first).toMatchObject({ purpose: 'newsletter_email', granted: true, source: 'sign_up' });
    expect(await preferencesOf(customer)).toEqual(regranted);
  });

  it('PATCH /api/me/preferences: granting sms without a mobile number is 400 mobile_required on sms, and nothing of the request is recorded', async () => {
    const customer = await registerVerifiedCustomer(t);
    const refused = await customer.client.patch('/api/me/preferences', { promotionalEmail: true, sms: true }, { token: customer.token });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'sms', code: 'mobile_required' }] });
    expect(await storedRecords(customer.customerId)).toEqual([]);
    // Withdrawing sms never needs a number.
    expect((await change(customer, { sms: false })).sms.granted).toBe(false);

    await t.ctx.db.update(customers).set({ mobile: '+33612345678' }).where(eq(customers.id, customer.customerId));
    expect((await preferencesOf(customer)).mobileOnFile).toBe(true);
    const granted = await change(customer, { promotionalEmail: true, sms: true });
    expect(granted.sms).toMatchObject({ granted: true, source: 'account_page' });
    expect(granted.promotionalEmail.granted).toBe(true);
  });

  it('PATCH /api/me/preferences: every field that is not a boolean is listed at once', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.patch('/api/me/preferences', { newsletterEmail: 'yes', sms: 1 }, { token: customer.token });
    expect(response.status).toBe(400);
    const paths = (response.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort();
    expect(paths).toEqual(['newsletterEmail', 'sms']);
    expect(await storedRecords(customer.customerId)).toEqual([]);
  });

  it('PATCH /api/me/preferences: with the session cookie, the CSRF header is required', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.patch('/api/me/preferences', { promotionalEmail: true }, { cookies: { comptoir_session: customer.token } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'csrf_failed' });
    expect(await storedRecords(customer.customerId)).toEqual([]);
  });

  it('PATCH /api/me/preferences: one customer never sees nor changes another’s consents', async () => {
    const alice = await registerCustomerWithConsent(t, { marketingEmail: true });
    const bob = await registerVerifiedCustomer(t);
    await change(alice, { promotionalEmail: true });
    const bobs = await preferencesOf(bob);
    expect(bobs.history).toEqual([]);
    expect(bobs.newsletterEmail.granted).toBe(false);
    await change(bob, { newsletterEmail: true });
    await change(bob, { newsletterEmail: false });
    const alices = await preferencesOf(alice);
    expect(alices.newsletterEmail).toMatchObject({ granted: true, source: 'sign_up' });
    expect(alices.history).toHaveLength(2);
    expect((await storedRecords(bob.customerId)).every((row) => row.customerId === bob.customerId)).toBe(true);
  });

  it('PATCH /api/me/preferences: two identical requests at once record the change once', async () => {
    const customer = await registerVerifiedCustomer(t);
    await Promise.all([change(customer, { promotionalEmail: true }), change(customer, { promotionalEmail: true })]);
    expect(await storedRecords(customer.customerId)).toHaveLength(1);
  });
});

describe('consent_records in the database', () => {
  it('consent_records: the database refuses to update a record; deleting the account still removes them', async () => {
    const customer = await registerCustomerWithConsent(t, { marketingEmail: true });
    const [record] = await storedRecords(customer.customerId);
    const refusedByTrigger = (error: unknown) => /append-only/.test(String((error as { cause?: Error }).cause?.message ?? error));
    await expect(t.ctx.db.update(consentRecords).set({ granted: false }).where(eq(consentRecords.id, record!.id))).rejects.toSatisfy(refusedByTrigger);
    await expect(
      t.ctx.db.update(consentRecords).set({ ip: null }).where(eq(consentRecords.customerId, customer.customerId)),
    ).rejects.toSatisfy(refusedByTrigger);
    const [unchanged] = await storedRecords(customer.customerId);
    expect(unchanged).toEqual(record);

    await t.ctx.db.delete(customers).where(eq(customers.id, customer.customerId));
    expect(await storedRecords(customer.customerId)).toEqual([]);
  });
});
