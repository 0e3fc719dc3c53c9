import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { customerSnapshot } from '../../src/modules/webhooks/webhook-payloads.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TFieldIssue = { path: string; code: string; message: string };

const patch = (customer: TCustomer, body: unknown) => customer.client.patch('/api/me', body, { token: customer.token });
const me = async (customer: TCustomer) => {
  const response = await customer.client.get('/api/me', { token: customer.token });
  expect(response.status).toBe(200);
  return response.body as Record<string, unknown>;
};

function expectFieldErrors(response: { status: number; body: unknown }, expected: Record<string, string>): TFieldIssue[] {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
  const errors = (response.body as { errors: TFieldIssue[] }).errors;
  for (const [path, code] of Object.entries(expected)) {
    expect(errors, `${path} is reported as ${code}`).toContainEqual(expect.objectContaining({ path, code }));
  }
  for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
  return errors;
}

describe('GET /api/me', () => {
  it('GET /api/me: a new profile has every F2.1 field, the optional ones null', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    expect(await me(customer)).toMatchObject({
      email: customer.email,
      firstName: 'Camille',
      lastName: 'Durand',
      initials: null,
      phone: null,
      phoneNational: null,
      mobile: null,
      mobileNational: null,
      gender: null,
      birthDate: null,
      locale: 'fr',
    });
  });
});

describe('PATCH /api/me', () => {
  it('PATCH /api/me: answers 200 with the updated profile; phones are stored in E.164 and shown in national format', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await patch(customer, {
      firstName: '  Léa ',
      lastName: 'Martin',
      initials: 'L. M.',
      phone: '01 23 45 67 89',
      mobile: '06.12.34.56.78',
      locale: 'en',
      gender: 'prefer_not_to_say',
      birthDate: '1985-04-23',
    });
    expect(response.status).toBe(200);
    const expected = {
      firstName: 'Léa',
      lastName: 'Martin',
      initials: 'L. M.',
      phone: '+33123456789',
      phoneNational: '01 23 45 67 89',
      mobile: '+33612345678',
      mobileNational: '06 12 34 56 78',
      locale: 'en',
      gender: 'prefer_not_to_say',
      birthDate: '1985-04-23',
    };
    expect(response.body).toMatchObject(expected);
    expect(await me(customer)).toMatchObject(expected);
    const [row] = await t.ctx.db.select().from(customers).where(eq(customers.id, customer.customerId));
    expect(row).toMatchObject({ phone: '+33123456789', mobile: '+33612345678', birthDate: '1985-04-23', gender: 'prefer_not_to_say' });
  });

  it('PATCH /api/me: only the fields given change', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    expect((await patch(customer, { phone: '0123456789', gender: 'female', birthDate: '1990-01-31' })).status).toBe(200);
    const response = await patch(customer, { lastName: 'Lefèvre' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      firstName: 'Camille',
      lastName: 'Lefèvre',
      phone: '+33123456789',
      gender: 'female',
      birthDate: '1990-01-31',
      locale: 'fr',
      email: customer.email,
    });
    const empty = await patch(customer, {});
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ lastName: 'Lefèvre', phone: '+33123456789' });
  });

  it('PATCH /api/me: null or "" clears an optional field', async () => {
    const customer = await registerVerifiedCustomer(t);
    await patch(customer, { initials: 'C. D.', phone: '0123456789', mobile: '0612345678', gender: 'male', birthDate: '1970-06-01' });
    const response = await patch(customer, { initials: '', phone: null, mobile: '  ', gender: '', birthDate: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ initials: null, phone: null, phoneNational: null, mobile: null, mobileNational: null, gender: null, birthDate: null });
  });

  it('PATCH /api/me: a foreign number keeps its country and is shown internationally', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await patch(customer, { phone: '+32 2 555 12 12', mobile: '+32 470 12 34 56' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      phone: '+3225551212',
      phoneNational: '+32 2 555 12 12',
      mobile: '+32470123456',
      mobileNational: '+32 470 12 34 56',
    });
  });

  it('PATCH /api/me: every invalid field is listed at once, and nothing changes', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    const response = await patch(customer, {
      firstName: ' ',
      lastName: null,
      initials: 'x'.repeat(21),
      phone: '12',
      mobile: '01 23 45 67 89',
      locale: 'de',
      gender: 'other',
      birthDate: '2001-02-30',
    });
    const errors = expectFieldErrors(response, {
      firstName: 'required',
      lastName: 'required',
      initials: 'too_big',
      phone: 'invalid_phone',
      mobile: 'not_a_mobile_number',
      locale: 'invalid_locale',
      gender: 'invalid_gender',
      birthDate: 'invalid_date',
    });
    expect(errors).toHaveLength(8);
    expect(await me(customer)).toMatchObject({ firstName: 'Camille', lastName: 'Durand', phone: null, locale: 'fr' });
  });

  it('PATCH /api/me: a type error and a rule error are reported together', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await patch(customer, { firstName: 42, mobile: 'abc', birthDate: '23/04/1985' }), {
      firstName: 'invalid_type',
      mobile: 'invalid_phone',
      birthDate: 'invalid_date',
    });
  });

  it('PATCH /api/me: the mobile must be a mobile number; the phone may be either', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await patch(customer, { mobile: '0123456789' }), { mobile: 'not_a_mobile_number' });
    const response = await patch(customer, { phone: '0612345678', mobile: '07 56 12 34 56' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ phone: '+33612345678', mobile: '+33756123456' });
  });

  it('PATCH /api/me: a birth date is a real date, in the past, and from 1900-01-01 on', async () => {
    const customer = await registerVerifiedCustomer(t);
    const nextYear = new Date().getUTCFullYear() + 1;
    expectFieldErrors(await patch(customer, { birthDate: `${nextYear}-01-01` }), { birthDate: 'birth_date_in_future' });
    expectFieldErrors(await patch(customer, { birthDate: '1899-12-31' }), { birthDate: 'birth_date_implausible' });
    expectFieldErrors(await patch(customer, { birthDate: '1985-13-01' }), { birthDate: 'invalid_date' });
    expect((await patch(customer, { birthDate: '1900-01-01' })).status).toBe(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await patch(customer, { birthDate: yesterday })).body).toMatchObject({ birthDate: yesterday });
  });

  it('PATCH /api/me: the language is one of the shop’s; it cannot be cleared', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await patch(customer, { locale: 'es' }), { locale: 'invalid_locale' });
    expectFieldErrors(await patch(customer, { locale: '' }), { locale: 'invalid_locale' });
    expect((await patch(customer, { locale: 'en' })).body).toMatchObject({ locale: 'en' });
  });

  it('PATCH /api/me: the sign-in address is not changed here (400 email_change_requires_verification)', async () => {
    const customer = await registerVerifiedCustomer(t);
    expectFieldErrors(await patch(customer, { email: 'autre@example.fr', firstName: 'Zoé' }), {
      email: 'email_change_requires_verification',
    });
    expect(await me(customer)).toMatchObject({ email: customer.email, firstName: 'Camille' });
  });

  it('PATCH /api/me: records profile_updated with the changed fields, never their values', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await patch(customer, { firstName: 'Inès', mobile: '0612345678' })).status).toBe(200);
    const events = await t.ctx.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.customerId, customer.customerId), eq(securityEvents.type, 'profile_updated')));
    expect(events).toHaveLength(1);
    expect(events[0]?.method).toBe('firstName,mobile');
  });

  it('PATCH /api/me: a change writes the row, customer.updated (the full snapshot) and profile_updated together; the same save again writes nothing', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    const written = async () => ({
      row: (await t.ctx.db.select().from(customers).where(eq(customers.id, customer.customerId)))[0]!,
      events: await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, customer.customerId), eq(webhookEvents.type, 'customer.updated'))),
      audit: await t.ctx.db.select().from(securityEvents).where(and(eq(securityEvents.customerId, customer.customerId), eq(securityEvents.type, 'profile_updated'))),
    });
    const before = await written();
    const body = { firstName: 'Inès', phone: '06 12 34 56 78', birthDate: '1990-05-17' };
    expect((await patch(customer, body)).status).toBe(200);
    const after = await written();
    expect(after.row).toMatchObject({ firstName: 'Inès', phone: '+33612345678', birthDate: '1990-05-17' });
    expect(after.row.updatedAt.getTime()).toBeGreaterThan(before.row.updatedAt.getTime());
    expect(after.events).toHaveLength(before.events.length + 1);
    const event = after.events.find((candidate) => !before.events.some((earlier) => earlier.id === candidate.id))!;
    expect(event.payload).toEqual({ ...customerSnapshot(after.row), marketId: after.row.marketId });
    expect(event.marketId).toBe(after.row.marketId);
    expect(after.audit).toHaveLength(before.audit.length + 1);

    const again = await patch(customer, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ firstName: 'Inès', phone: '+33612345678', phoneNational: '06 12 34 56 78' });
    const unchanged = await written();
    expect(unchanged.row.updatedAt).toEqual(after.row.updatedAt);
    expect(unchanged.events).toHaveLength(after.events.length);
    expect(unchanged.audit).toHaveLength(after.audit.length);
  });

  it('PATCH /api/me: the same values saved meanwhile by another change it waited for: answers the row as it is now, writes nothing more', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    const updatedEvents = () =>
      t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, customer.customerId), eq(webhookEvents.type, 'customer.updated')));
    const before = (await updatedEvents()).length;
    let saving: ReturnType<typeof patch> | undefined;
    await t.ctx.db.transaction(async (tx) => {
      await tx.update(customers).set({ firstName: 'Inès' }).where(eq(customers.id, customer.customerId));
      // On PostgreSQL the save waits for this transaction's lock on the row, then finds nothing to change.
      saving = patch(customer, { firstName: 'Inès' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const response = await saving!;
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ firstName: 'Inès' });
    expect(await updatedEvents()).toHaveLength(before);
  });

  it('PATCH /api/me: needs a session, and the CSRF header with a cookie', async () => {
    const customer = await registerVerifiedCustomer(t);
    const anonymous = await customer.client.patch('/api/me', { firstName: 'X' });
    expect(anonymous.status).toBe(401);
    const noCsrf = await customer.client.patch('/api/me', { firstName: 'X' }, { cookies: { comptoir_session: customer.token } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body).toMatchObject({ code: 'csrf_failed' });
    const withCsrf = await customer.client.patch(
      '/api/me',
      { firstName: 'Yanis' },
      { cookies: { comptoir_session: customer.token }, headers: { 'x-csrf-token': customer.csrfToken } },
    );
    expect(withCsrf.status).toBe(200);
  });
});

describe('SHOP_COUNTRY', () => {
  it('PATCH /api/me: national numbers are read in the shop’s country', async () => {
    const belgian = await createTestApp({ env: { SHOP_COUNTRY: 'be' } });
    try {
      const customer = await registerVerifiedCustomer(belgian);
      const response = await customer.client.patch('/api/me', { mobile: '0470 12 34 56', phone: '+33 1 23 45 67 89' }, { token: customer.token });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        mobile: '+32470123456',
        mobileNational: '0470 12 34 56',
        phone: '+33123456789',
        phoneNational: '+33 1 23 45 67 89',
      });
    } finally {
      await belgian.close();
    }
  });
});
