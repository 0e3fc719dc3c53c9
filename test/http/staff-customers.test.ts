import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAddresses } from '../../src/modules/addresses/addresses.tables.js';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { codeFromEmail, registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
let support: TStaff;
let readOnly: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  admin = await inviteStaffMember(t, owner, 'administrator');
  support = await inviteStaffMember(t, owner, 'support');
  readOnly = await inviteStaffMember(t, owner, 'read_only');
});
afterAll(async () => {
  await t.close();
});

type TDetail = {
  id: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  initials: string | null;
  phone: string | null;
  mobile: string | null;
  accountType: string;
  businessName: string | null;
  businessIdentifier: string | null;
  businessVatNumber: string | null;
  status: string;
  origin: string;
  hasPassword: boolean;
  addresses: { kind: string; isDefault: boolean; line1: string; postalCode: string | null }[];
  consents: Record<'newsletterEmail' | 'promotionalEmail' | 'sms', { granted: boolean; source: string | null }>;
  counts: { orders: number; notes: number };
  companies: { id: string; name: string; role: string }[];
};

const paths = (body: unknown) => ((body as { errors?: { path: string; code: string }[] }).errors ?? []).map((error) => `${error.path}:${error.code}`);

async function auditOf(customerId: string) {
  return t.ctx.db.select().from(staffAuditEvents).where(and(eq(staffAuditEvents.targetType, 'customer'), eq(staffAuditEvents.targetId, customerId))).orderBy(asc(staffAuditEvents.id));
}

async function webhookTypesOf(customerId: string) {
  const rows = await t.ctx.db.select().from(webhookEvents).where(eq(webhookEvents.customerId, customerId)).orderBy(asc(webhookEvents.id));
  return rows.map((row) => row.type);
}

async function createCustomer(staff: TStaff, body: Record<string, unknown> = {}): Promise<TDetail> {
  const created = await staff.client.post('/api/staff/customers', { email: uniqueEmail('saisi'), firstName: 'Jeanne', lastName: 'Leroy', ...body }, { token: staff.token });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as TDetail;
}

describe('POST /api/staff/customers', () => {
  it('creates a business customer with every profile field, business details, consents and both addresses, in one audited transaction with a customer.created webhook event', async () => {
    const email = uniqueEmail('Affaires');
    const response = await support.client.post(
      '/api/staff/customers',
      {
        email: `  ${email.toUpperCase()} `,
        firstName: 'Jean-Pierre',
        initials: 'J.-P.',
        lastName: 'Dupont',
        phone: '01 23 45 67 89',
        mobile: '06 12 34 56 78',
        locale: 'en',
        gender: 'male',
        birthDate: '1971-03-04',
        accountType: 'company',
        businessName: 'Papeterie Dupont',
        businessIdentifier: '732 829 320 00074',
        businessRegistrationNumber: 'RCS Paris 732 829 320',
        businessVatNumber: '40303265045',
        newsletterEmail: true,
        promotionalEmail: false,
        sms: true,
        billingAddress: { firstName: 'Jean-Pierre', lastName: 'Dupont', line1: '10 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'fr' },
        shippingSameAsBilling: true,
      },
      { token: support.token },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const detail = response.body as TDetail;
    expect(detail).toMatchObject({
      email: email.toUpperCase(),
      emailVerified: false,
      firstName: 'Jean-Pierre',
      initials: 'J.-P.',
      phone: '+33123456789',
      mobile: '+33612345678',
      accountType: 'company',
      businessName: 'Papeterie Dupont',
      businessIdentifier: '73282932000074',
      businessVatNumber: 'FR40303265045',
      status: 'active',
      origin: 'staff',
      hasPassword: false,
      counts: { orders: 0, notes: 0 },
    });
    expect(detail.consents.newsletterEmail).toMatchObject({ granted: true, source: 'staff' });
    expect(detail.consents.promotionalEmail.granted).toBe(false);
    expect(detail.consents.sms).toMatchObject({ granted: true, source: 'staff' });
    expect(detail.addresses.map((address) => [address.kind, address.isDefault, address.line1]).sort()).toEqual([
      ['billing', false, '10 rue de la Paix'],
      ['delivery', true, '10 rue de la Paix'],
    ]);
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, detail.id));
    expect(row).toMatchObject({ emailNormalized: email.toLowerCase(), passwordHash: null, emailVerifiedAt: null, origin: 'staff', locale: 'en', gender: 'male', birthDate: '1971-03-04' });
    const records = await t.ctx.db.select().from(consentRecords).where(eq(consentRecords.customerId, detail.id));
    expect(records.map((record) => [record.purpose, record.granted, record.source, record.ip]).sort()).toEqual([
      ['newsletter_email', true, 'staff', null],
      ['sms', true, 'staff', null],
    ]);
    const audit = await auditOf(detail.id);
    expect(audit.map((event) => [event.action, event.staffId])).toEqual([['customer.created', support.id]]);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('Dupont');
    expect(await webhookTypesOf(detail.id)).toEqual(['customer.created']);
  });

  it('lists every bad field at once: email, names, phones, birth date, business details on a personal account, address fields', async () => {
    const response = await support.client.post(
      '/api/staff/customers',
      {
        email: 'pas une adresse',
        firstName: '  ',
        lastName: 'Durand',
        phone: 'abc',
        mobile: '01 23 45 67 89',
        gender: 'robot',
        birthDate: '2999-01-01',
        accountType: 'individual',
        businessName: 'Pas une entreprise',
        billingAddress: { lastName: 'Durand', line1: '', postalCode: '123', city: 'Paris', country: 'FR' },
        password: 'on ne donne pas de mot de passe',
      },
      { token: support.token },
    );
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^email:/),
        'firstName:required',
        'phone:invalid_phone',
        'mobile:not_a_mobile_number',
        expect.stringMatching(/^gender:/),
        'birthDate:birth_date_in_future',
        'businessName:only_for_business',
        expect.stringMatching(/^billingAddress\.line1:/),
        expect.stringMatching(/^billingAddress\.postalCode:/),
        'password:unknown_field',
      ]),
    );
  });

  it('checks the business identifiers: a SIRET with a wrong check digit, a VAT number of no format', async () => {
    const response = await support.client.post(
      '/api/staff/customers',
      { email: uniqueEmail(), firstName: 'A', lastName: 'B', accountType: 'professional', businessIdentifier: '732 829 320 00075', businessVatNumber: 'XX123', sms: true },
      { token: support.token },
    );
    expect(response.status).toBe(400);
    expect(paths(response.body).sort()).toEqual(['businessIdentifier:invalid_siret', 'businessVatNumber:invalid_vat_number', 'sms:mobile_required']);
  });

  it('answers 409 email_taken for an address that has an account, whatever its case', async () => {
    const existing = await registerVerifiedCustomer(t);
    const response = await support.client.post('/api/staff/customers', { email: existing.email.toUpperCase(), firstName: 'A', lastName: 'B' }, { token: support.token });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'email_taken', errors: [{ path: 'email', code: 'email_taken' }] });
  });

  it('read-only staff get 403, and nothing is created', async () => {
    const email = uniqueEmail();
    const response = await readOnly.client.post('/api/staff/customers', { email, firstName: 'A', lastName: 'B' }, { token: readOnly.token });
    expect(response.status).toBe(403);
    expect(await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email))).toEqual([]);
    expect((await apiClient(t.app).post('/api/staff/customers', { email, firstName: 'A', lastName: 'B' })).status).toBe(401);
  });

  it('sendPasswordLink emails the reset link; following it sets a password, proves the address and claims the account', async () => {
    const email = uniqueEmail('lien');
    const since = t.mail.mark();
    const detail = await createCustomer(support, { email, sendPasswordLink: true });
    const message = await t.mail.waitForEmail({ to: email, after: since });
    const customer = apiClient(t.app);
    const confirmed = await customer.post('/api/auth/password-reset/confirm', { token: tokenFromLink(message.text, '/reset-password'), password: STRONG_PASSWORD });
    expect(confirmed.status).toBe(200);
    const login = await customer.post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    expect((login.body as { customer: { emailVerified: boolean } }).customer.emailVerified).toBe(true);
    expect((await auditOf(detail.id)).map((event) => event.action)).toEqual(['customer.created', 'customer.password_reset_sent']);
  });

  it('without a link, the person proves the address by signing in with an emailed code', async () => {
    const email = uniqueEmail('code');
    await createCustomer(support, { email });
    const customer = apiClient(t.app);
    const before = await customer.post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(before.status).toBe(401);
    const since = t.mail.mark();
    expect((await customer.post('/api/auth/login-code', { email })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: email, after: since });
    const signedIn = await customer.post('/api/auth/login-code/verify', { email, code: codeFromEmail(message.text) });
    expect(signedIn.status).toBe(200);
    expect((signedIn.body as { customer: { emailVerified: boolean } }).customer.emailVerified).toBe(true);
  });
});

describe('GET /api/staff/customers/:customerId', () => {
  it('answers the profile, status, companies, addresses, consents and counts to read-only staff, and audits customer.viewed', async () => {
    const detail = await createCustomer(support, { mobile: '+32 470 12 34 56', newsletterEmail: true });
    const response = await readOnly.client.get(`/api/staff/customers/${detail.id}`, { token: readOnly.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: detail.id, approvalStatus: 'approved', origin: 'staff', cardNumber: null, companies: [], addresses: [], mobile: '+32470123456' });
    expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|argon/);
    const audit = await auditOf(detail.id);
    expect(audit.at(-1)).toMatchObject({ action: 'customer.viewed', staffId: readOnly.id });
  });

  it('answers 404 for an unknown customer, and records nothing', async () => {
    const response = await readOnly.client.get('/api/staff/customers/cus_01jzzzzzzzzzzzzzzzzzzzzzzz', { token: readOnly.token });
    expect(response.status).toBe(404);
    expect(await auditOf('cus_01jzzzzzzzzzzzzzzzzzzzzzzz')).toEqual([]);
  });
});

describe('PATCH /api/staff/customers/:customerId', () => {
  it('changes only the fields given, null clears optional ones, and the audit and the webhook event name the changed fields without their values', async () => {
    const detail = await createCustomer(support, { initials: 'J.', phone: '01 23 45 67 89' });
    const response = await support.client.patch(`/api/staff/customers/${detail.id}`, { initials: null, phone: '01 98 76 54 32', firstName: 'Jeanne' }, { token: support.token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ initials: null, phone: '+33198765432', firstName: 'Jeanne', lastName: 'Leroy' });
    const updated = (await auditOf(detail.id)).filter((event) => event.action === 'customer.updated');
    expect(updated).toHaveLength(1);
    expect((updated[0]!.details as { fields: string[] }).fields.sort()).toEqual(['initials', 'phone']);
    expect(JSON.stringify(updated[0]!.details)).not.toContain('98');
    expect(await webhookTypesOf(detail.id)).toEqual(['customer.created', 'customer.updated']);
  });

  it('lists every bad field at once; names cannot be cleared', async () => {
    const detail = await createCustomer(support);
    const response = await support.client.patch(
      `/api/staff/customers/${detail.id}`,
      { firstName: null, lastName: '', mobile: '01 23 45 67 89', birthDate: '1850-01-01', email: 'non' },
      { token: support.token },
    );
    expect(response.status).toBe(400);
    expect(paths(response.body)).toEqual(
      expect.arrayContaining(['firstName:required', 'lastName:required', 'mobile:not_a_mobile_number', 'birthDate:birth_date_implausible', expect.stringMatching(/^email:/)]),
    );
  });

  it('a new email: 409 email_taken if another account has it; else unverified, the old address is told and the new one gets a verification link', async () => {
    const registered = await registerVerifiedCustomer(t);
    const other = await registerVerifiedCustomer(t);
    const taken = await support.client.patch(`/api/staff/customers/${registered.customerId}`, { email: other.email.toUpperCase() }, { token: support.token });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'email_taken' });

    const newEmail = uniqueEmail('nouvelle');
    const since = t.mail.mark();
    const changed = await support.client.patch(`/api/staff/customers/${registered.customerId}`, { email: newEmail }, { token: support.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ email: newEmail, emailVerified: false });
    const notice = await t.mail.waitForEmail({ to: registered.email, after: since });
    expect(notice.text).toContain('n•••@example.fr');
    const verify = await t.mail.waitForEmail({ to: newEmail, after: since });
    const verified = await apiClient(t.app).post('/api/auth/verify-email', { token: tokenFromLink(verify.text, '/verify-email') });
    expect(verified.status).toBe(200);
    expect((await apiClient(t.app).post('/api/auth/login', { email: newEmail, password: registered.password })).status).toBe(200);
    expect((await apiClient(t.app).post('/api/auth/login', { email: registered.email, password: registered.password })).status).toBe(401);
    const audit = (await auditOf(registered.customerId)).filter((event) => event.action === 'customer.updated');
    expect(audit.map((event) => event.details)).toEqual([{ fields: ['email'] }]);
  });

  it('business details: refused on a personal account, cleared when the account goes back to individual', async () => {
    const detail = await createCustomer(support, { accountType: 'professional', businessName: 'Atelier Leroy' });
    const refused = await support.client.patch(`/api/staff/customers/${detail.id}`, { accountType: 'individual', businessName: 'Autre' }, { token: support.token });
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['businessName:only_for_business']);
    const personal = await support.client.patch(`/api/staff/customers/${detail.id}`, { accountType: 'individual' }, { token: support.token });
    expect(personal.status).toBe(200);
    expect(personal.body).toMatchObject({ accountType: 'individual', businessName: null });
  });

  it('consents and addresses: records staff consents, refuses sms without a mobile, replaces and deletes addresses', async () => {
    const detail = await createCustomer(support);
    const noMobile = await support.client.patch(`/api/staff/customers/${detail.id}`, { sms: true }, { token: support.token });
    expect(noMobile.status).toBe(400);
    expect(paths(noMobile.body)).toEqual(['sms:mobile_required']);
    const address = { lastName: 'Leroy', line1: '1 place Bellecour', postalCode: '69002', city: 'Lyon', country: 'FR' };
    const set = await support.client.patch(`/api/staff/customers/${detail.id}`, { promotionalEmail: true, billingAddress: address, shippingAddress: { ...address, line1: '2 quai Perrache' } }, { token: support.token });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((set.body as TDetail).consents.promotionalEmail).toMatchObject({ granted: true, source: 'staff' });
    const moved = await support.client.patch(`/api/staff/customers/${detail.id}`, { billingAddress: { ...address, postalCode: '69003' }, shippingAddress: null }, { token: support.token });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((moved.body as TDetail).addresses.map((row) => [row.kind, row.postalCode])).toEqual([['billing', '69003']]);
    expect(await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, detail.id))).toHaveLength(1);
    const updates = (await auditOf(detail.id)).filter((event) => event.action === 'customer.updated').map((event) => (event.details as { fields: string[] }).fields.sort());
    expect(updates).toEqual([
      ['billingAddress', 'promotionalEmail', 'shippingAddress'],
      ['billingAddress', 'shippingAddress'],
    ]);
  });

  it('read-only staff get 403; an unknown customer is 404', async () => {
    const detail = await createCustomer(support);
    expect((await readOnly.client.patch(`/api/staff/customers/${detail.id}`, { firstName: 'X' }, { token: readOnly.token })).status).toBe(403);
    expect((await support.client.patch('/api/staff/customers/cus_01jzzzzzzzzzzzzzzzzzzzzzzz', { firstName: 'X' }, { token: support.token })).status).toBe(404);
  });
});

describe('POST /api/staff/customers/:customerId/password-reset', () => {
  it('emails the customer’s reset link (202), audited; five an hour per customer, then 429 with Retry-After', async () => {
    const registered = await registerVerifiedCustomer(t);
    const since = t.mail.mark();
    const sent = await support.client.post(`/api/staff/customers/${registered.customerId}/password-reset`, undefined, { token: support.token });
    expect(sent.status).toBe(202);
    const message = await t.mail.waitForEmail({ to: registered.email, after: since });
    expect(message.text).toContain('/reset-password?token=');
    for (let index = 0; index < 4; index += 1) {
      expect((await admin.client.post(`/api/staff/customers/${registered.customerId}/password-reset`, undefined, { token: admin.token })).status).toBe(202);
    }
    const throttled = await owner.client.post(`/api/staff/customers/${registered.customerId}/password-reset`, undefined, { token: owner.token });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const sentEvents = (await auditOf(registered.customerId)).filter((event) => event.action === 'customer.password_reset_sent');
    expect(sentEvents).toHaveLength(5);
  });

  it('read-only staff get 403; unknown 404; a disabled account 409 customer_disabled', async () => {
    const detail = await createCustomer(support);
    expect((await readOnly.client.post(`/api/staff/customers/${detail.id}/password-reset`, undefined, { token: readOnly.token })).status).toBe(403);
    expect((await support.client.post('/api/staff/customers/cus_01jzzzzzzzzzzzzzzzzzzzzzzz/password-reset', undefined, { token: support.token })).status).toBe(404);
    expect((await admin.client.post(`/api/staff/customers/${detail.id}/disable`, undefined, { token: admin.token })).status).toBe(200);
    const refused = await support.client.post(`/api/staff/customers/${detail.id}/password-reset`, undefined, { token: support.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'customer_disabled' });
  });
});

describe('POST /api/staff/customers/:customerId/disable and /enable', () => {
  it('disabling ends every session at once and no sign-in works (password, code, reset link); re-enabling lets the customer back in', async () => {
    const registered = await registerVerifiedCustomer(t);
    const second = await apiClient(t.app).post('/api/auth/login', { email: registered.email, password: registered.password });
    const secondToken = (second.body as { token: string }).token;
    // A code and a reset link obtained before the account is disabled.
    let since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/login-code', { email: registered.email });
    const code = codeFromEmail((await t.mail.waitForEmail({ to: registered.email, after: since })).text);
    since = t.mail.mark();
    await apiClient(t.app).post('/api/auth/password-reset', { email: registered.email });
    const resetToken = tokenFromLink((await t.mail.waitForEmail({ to: registered.email, after: since })).text, '/reset-password');

    const refused = await support.client.post(`/api/staff/customers/${registered.customerId}/disable`, undefined, { token: support.token });
    expect(refused.status).toBe(403);
    const disabled = await admin.client.post(`/api/staff/customers/${registered.customerId}/disable`, undefined, { token: admin.token });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled' });

    expect((await registered.client.get('/api/me', { token: registered.token })).status).toBe(401);
    expect((await registered.client.get('/api/me', { token: secondToken })).status).toBe(401);
    const sessions = await admin.client.get(`/api/staff/customers/${registered.customerId}/sessions`, { token: admin.token });
    const items = (sessions.body as { items: { current: boolean; endedAt: string | null }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((item) => !item.current && item.endedAt !== null)).toBe(true);
    const customer = apiClient(t.app);
    expect((await customer.post('/api/auth/login', { email: registered.email, password: registered.password })).status).toBe(401);
    expect((await customer.post('/api/auth/login-code/verify', { email: registered.email, code })).status).toBe(401);
    expect((await customer.post('/api/auth/password-reset/confirm', { token: resetToken, password: `${STRONG_PASSWORD} bis` })).status).not.toBe(200);

    const enabled = await admin.client.post(`/api/staff/customers/${registered.customerId}/enable`, undefined, { token: admin.token });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ status: 'active' });
    expect((await customer.post('/api/auth/login', { email: registered.email, password: registered.password })).status).toBe(200);
    const actions = (await auditOf(registered.customerId)).map((event) => event.action);
    expect(actions.filter((action) => action === 'customer.disabled' || action === 'customer.enabled')).toEqual(['customer.disabled', 'customer.enabled']);
    const disabledEvent = (await auditOf(registered.customerId)).find((event) => event.action === 'customer.disabled');
    expect(disabledEvent).toMatchObject({ staffId: admin.id, details: { sessionsEnded: 2 } });
    // The store's systems hear both changes (customer.updated with the status).
    const statuses = (await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, registered.customerId), eq(webhookEvents.type, 'customer.updated'))).orderBy(asc(webhookEvents.id)))
      .map((event) => (event.payload as { status: string }).status);
    expect(statuses.slice(-2)).toEqual(['disabled', 'active']);
  });

  it('disabling twice records once; an unknown customer is 404; read-only 403', async () => {
    const detail = await createCustomer(support);
    expect((await readOnly.client.post(`/api/staff/customers/${detail.id}/disable`, undefined, { token: readOnly.token })).status).toBe(403);
    await owner.client.post(`/api/staff/customers/${detail.id}/disable`, undefined, { token: owner.token });
    const again = await owner.client.post(`/api/staff/customers/${detail.id}/disable`, undefined, { token: owner.token });
    expect(again.status).toBe(200);
    expect((await auditOf(detail.id)).filter((event) => event.action === 'customer.disabled')).toHaveLength(1);
    expect((await owner.client.post('/api/staff/customers/cus_01jzzzzzzzzzzzzzzzzzzzzzzz/enable', undefined, { token: owner.token })).status).toBe(404);
  });
});
