import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents, type TSecurityEventType } from '../../src/modules/auth/auth.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { markets } from '../../src/modules/markets/markets.tables.js';
import { passkeys, webauthnChallenges } from '../../src/modules/passkeys/passkeys.tables.js';
import { staffAuditEvents, staffUsers } from '../../src/modules/staff/staff.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestMarket } from '../support/markets.js';
import { SoftwareAuthenticator, type TSoftwareCredential } from '../support/software-authenticator.js';
import { apiClient, createTestApp, newIp, TEST_PUBLIC_URL, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TFieldIssue = { path: string; code: string; message: string };
type TOptions = { challenge: string; rp: { id: string; name: string }; user: { id: string; name: string }; rpId?: string; allowCredentials?: { id: string }[] };
const ORIGIN = TEST_PUBLIC_URL;

async function eventsOf(customerId: string, type: TSecurityEventType) {
  return t.ctx.db.select().from(securityEvents).where(and(eq(securityEvents.customerId, customerId), eq(securityEvents.type, type)));
}

function expectFieldErrors(response: { status: number; body: unknown }, paths: string[]) {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(response.body).toMatchObject({ code: 'validation_failed' });
  const reported = (response.body as { errors: TFieldIssue[] }).errors.map((issue) => issue.path);
  for (const path of paths) expect(reported, `${path} is reported`).toContain(path);
}

/** Registration options after the password proof, then the authenticator's answer, named. */
async function addPasskey(customer: TCustomer, authenticator: SoftwareAuthenticator, name = 'iPhone de Camille', origin = ORIGIN) {
  const options = await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password }, { token: customer.token });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = authenticator.register(options.body as TOptions, origin);
  const added = await customer.client.post('/api/me/passkeys', { response, name }, { token: customer.token });
  return { options: options.body as TOptions, response, added };
}

async function signInWithPasskey(
  authenticator: SoftwareAuthenticator,
  options: { host?: string; ip?: string; origin?: string; counter?: number; credential?: TSoftwareCredential } = {},
) {
  const client = apiClient(t.app, { ip: options.ip ?? newIp() });
  const headers = options.host ? { host: options.host } : undefined;
  const started = await client.post('/api/auth/passkey/options', undefined, headers ? { headers } : {});
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const assertion = authenticator.authenticate(started.body as TOptions, options.origin ?? ORIGIN, {
    ...(options.counter === undefined ? {} : { counter: options.counter }),
    ...(options.credential ? { credential: options.credential } : {}),
  });
  return client.post('/api/auth/passkey/verify', { response: assertion }, headers ? { headers } : {});
}

describe('adding a passkey (F1.10)', () => {
  it('POST /api/me/passkeys/registration-options: needs a session and a fresh proof; a wrong password is 403 invalid_proof', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await apiClient(t.app).post('/api/me/passkeys/registration-options', { password: customer.password })).status).toBe(401);
    expectFieldErrors(await customer.client.post('/api/me/passkeys/registration-options', {}, { token: customer.token }), ['password', 'code']);
    expectFieldErrors(
      await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password, code: '123456' }, { token: customer.token }),
      ['password', 'code'],
    );
    const wrong = await customer.client.post('/api/me/passkeys/registration-options', { password: 'pas le bon mot de passe' }, { token: customer.token });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'invalid_proof' });
    expect(await eventsOf(customer.customerId, 'proof_failed')).toHaveLength(1);
  });

  it('options for the market: RP ID its host name, the shop name, an opaque user handle, resident key required; the passkey is stored, listed without key, emailed and logged', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator({ backedUp: true });
    const mark = t.mail.mark();
    const { options, added } = await addPasskey(customer, authenticator);
    expect(options.rp).toEqual({ id: 'comptoir.test', name: 'Comptoir' });
    expect(options.user.name).toBe(customer.email);
    expect(Buffer.from(options.user.id, 'base64url').toString('utf8')).not.toContain(customer.email);
    expect(Buffer.from(options.user.id, 'base64url').toString('utf8')).not.toContain(customer.customerId);
    expect(options).toMatchObject({ authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' }, excludeCredentials: [] });

    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ name: 'iPhone de Camille', deviceType: 'multiDevice', backedUp: true, lastUsedAt: null });
    const listed = await customer.client.get('/api/me/passkeys', { token: customer.token });
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: Record<string, unknown>[] }).items;
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(['backedUp', 'createdAt', 'deviceType', 'id', 'lastUsedAt', 'name', 'transports']);
    expect(items[0]!.transports).toEqual(['internal', 'hybrid']);

    const email = await t.mail.waitForEmail({ to: customer.email, subject: /clé d’accès a été ajoutée/, after: mark });
    expect(email.text).toContain('iPhone de Camille');
    expect(email.text).toContain(`${TEST_PUBLIC_URL}/passkeys`);
    expect(await eventsOf(customer.customerId, 'passkey_added')).toHaveLength(1);
    // The challenge went with its answer.
    expect(await t.ctx.db.select().from(webauthnChallenges).where(eq(webauthnChallenges.customerId, customer.customerId))).toEqual([]);
  });

  it('POST /api/me/passkeys: the challenge is single use; an answer for another origin or with no live challenge is 400 passkey_not_verified', async () => {
    const customer = await registerVerifiedCustomer(t, { locale: 'en' });
    const authenticator = new SoftwareAuthenticator();
    const { response, added } = await addPasskey(customer, authenticator);
    expect(added.status).toBe(201);
    const replay = await customer.client.post('/api/me/passkeys', { response, name: 'Encore' }, { token: customer.token });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ code: 'passkey_not_verified' });

    const elsewhere = new SoftwareAuthenticator();
    const { added: phished } = await addPasskey(customer, elsewhere, 'Ailleurs', 'http://comptoir-promo.test');
    expect(phished.status).toBe(400);
    // The failed answer used the challenge up: the right origin now cannot reuse it.
    expect(await t.ctx.db.select().from(webauthnChallenges).where(eq(webauthnChallenges.customerId, customer.customerId))).toEqual([]);

    // Expired: a challenge older than five minutes is refused.
    const options = await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password }, { token: customer.token });
    await t.ctx.db.update(webauthnChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(webauthnChallenges.customerId, customer.customerId));
    const late = await customer.client.post('/api/me/passkeys', { response: elsewhere.register(options.body as TOptions, ORIGIN), name: 'Tard' }, { token: customer.token });
    expect(late.status).toBe(400);
    expect((await customer.client.get('/api/me/passkeys', { token: customer.token })).body).toMatchObject({ items: [{ name: 'iPhone de Camille' }] });
  });

  it('a second passkey: the first is excluded; an existing passkey is a fresh proof too (and for changing the address)', async () => {
    const customer = await registerVerifiedCustomer(t);
    const phone = new SoftwareAuthenticator();
    const { response: first } = await addPasskey(customer, phone);
    const proofOptions = await customer.client.post('/api/me/passkeys/proof-options', undefined, { token: customer.token });
    expect(proofOptions.status).toBe(200);
    expect((proofOptions.body as TOptions).allowCredentials).toEqual([expect.objectContaining({ id: first.id })]);
    const proof = phone.authenticate(proofOptions.body as TOptions, ORIGIN);
    const options = await customer.client.post('/api/me/passkeys/registration-options', { passkey: proof }, { token: customer.token });
    expect(options.status, JSON.stringify(options.body)).toBe(200);
    expect((options.body as { excludeCredentials: { id: string }[] }).excludeCredentials).toEqual([expect.objectContaining({ id: first.id })]);
    // The same assertion twice proves nothing the second time.
    const again = await customer.client.post('/api/me/passkeys/registration-options', { passkey: proof }, { token: customer.token });
    expect(again.status).toBe(403);

    const laptop = new SoftwareAuthenticator();
    const added = await customer.client.post('/api/me/passkeys', { response: laptop.register(options.body as TOptions, ORIGIN), name: 'Portable' }, { token: customer.token });
    expect(added.status).toBe(201);

    const forEmailChange = await customer.client.post('/api/me/passkeys/proof-options', undefined, { token: customer.token });
    const changed = await customer.client.post(
      '/api/me/email-change',
      { newEmail: `nouvelle.${customer.email}`, passkey: laptop.authenticate(forEmailChange.body as TOptions, ORIGIN) },
      { token: customer.token },
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(202);
  });

  it('POST /api/me/passkeys/proof-options: 409 no_passkey for an account without one', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.post('/api/me/passkeys/proof-options', undefined, { token: customer.token });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'no_passkey' });
  });

  it('every bad body is a 400 naming each bad field', async () => {
    const customer = await registerVerifiedCustomer(t);
    const post = (url: string, body: unknown) => customer.client.post(url, body, { token: customer.token });
    expectFieldErrors(await post('/api/me/passkeys', {}), ['response', 'name']);
    expectFieldErrors(await post('/api/me/passkeys', { response: { id: 'a b', rawId: 1, type: 'password', response: {} }, name: 'x'.repeat(101) }), [
      'response.id',
      'response.rawId',
      'response.type',
      'response.response.clientDataJSON',
      'response.response.attestationObject',
      'name',
    ]);
    expectFieldErrors(await post('/api/me/passkeys', { response: 'nope', name: '   ' }), ['response', 'name']);
    expectFieldErrors(await post('/api/me/passkeys/registration-options', { passkey: { id: 'x' } }), [
      'passkey.rawId',
      'passkey.type',
      'passkey.response',
    ]);
    expectFieldErrors(await post('/api/auth/passkey/verify', {}), ['response']);
    expectFieldErrors(await post('/api/auth/passkey/verify', { response: { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: '!' } } }), [
      'response.response.clientDataJSON',
      'response.response.authenticatorData',
      'response.response.signature',
    ]);
    expectFieldErrors(await customer.client.patch('/api/me/passkeys/psk_x', { name: '' }, { token: customer.token }), ['name']);
    expectFieldErrors(await customer.client.patch('/api/me/passkeys/psk_x', {}, { token: customer.token }), ['name']);
  });
});

describe('signing in with a passkey', () => {
  it('POST /api/auth/passkey/options then /verify: discoverable credentials, and the same answer, cookies and events as password sign-in', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(customer, authenticator);
    const started = await apiClient(t.app).post('/api/auth/passkey/options');
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ rpId: 'comptoir.test', allowCredentials: [], userVerification: 'preferred' });

    const signedIn = await signInWithPasskey(authenticator);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const body = signedIn.body as { token: string; expiresAt: string; csrfToken: string; customer: { id: string; email: string } };
    expect(Object.keys(body).sort()).toEqual(['csrfToken', 'customer', 'expiresAt', 'token']);
    expect(body.customer).toMatchObject({ id: customer.customerId, email: customer.email });
    const cookies = signedIn.raw.cookies.map((cookie) => cookie.name);
    expect(cookies).toEqual(expect.arrayContaining(['comptoir_session', 'comptoir_csrf']));
    expect((await apiClient(t.app).get('/api/me', { token: body.token })).status).toBe(200);
    const events = await eventsOf(customer.customerId, 'sign_in_succeeded');
    expect(events.filter((event) => event.method === 'passkey')).toHaveLength(1);
    const [stored] = await t.ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.customerId));
    expect(stored!.signCount).toBe(1);
    expect(stored!.lastUsedAt).not.toBeNull();
    // A second sign-in counts on.
    expect((await signInWithPasskey(authenticator)).status).toBe(200);
  });

  it('a counter that does not increase is a copied authenticator: 401, recorded as passkey_clone_refused; counters at zero are fine', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(customer, authenticator);
    expect((await signInWithPasskey(authenticator, { counter: 5 })).status).toBe(200);
    const clone = await signInWithPasskey(authenticator, { counter: 5 });
    expect(clone.status).toBe(401);
    expect(clone.body).toMatchObject({ code: 'invalid_credentials' });
    expect((await signInWithPasskey(authenticator, { counter: 3 })).status).toBe(401);
    expect(await eventsOf(customer.customerId, 'passkey_clone_refused')).toHaveLength(2);
    expect((await signInWithPasskey(authenticator, { counter: 6 })).status).toBe(200);

    const synced = await registerVerifiedCustomer(t);
    const keychain = new SoftwareAuthenticator({ counting: false, backedUp: true });
    await addPasskey(synced, keychain);
    expect((await signInWithPasskey(keychain)).status).toBe(200);
    expect((await signInWithPasskey(keychain)).status).toBe(200);
  });

  it('refused alike, with no enumeration: unknown credential, used challenge, a disabled account, another market’s host; unverified is 403', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(customer, authenticator);
    const refusals: { status: number; body: unknown }[] = [];

    // A credential the shop never saw.
    const stranger = new SoftwareAuthenticator();
    stranger.register({ challenge: 'x', rp: { id: 'comptoir.test' }, user: { id: 'AAAA' } }, ORIGIN);
    refusals.push(await signInWithPasskey(stranger));

    // The same assertion sent twice.
    const client = apiClient(t.app);
    const started = await client.post('/api/auth/passkey/options');
    const assertion = authenticator.authenticate(started.body as TOptions, ORIGIN);
    expect((await client.post('/api/auth/passkey/verify', { response: assertion })).status).toBe(200);
    refusals.push(await client.post('/api/auth/passkey/verify', { response: assertion }));

    // A registration challenge is not a sign-in challenge.
    const registration = await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password }, { token: customer.token });
    refusals.push(await client.post('/api/auth/passkey/verify', { response: authenticator.authenticate(registration.body as TOptions, ORIGIN) }));

    // Another market: its host, its origin; and this market's challenge answered on the other host.
    const belgium = await createTestMarket(t, { code: 'bepk' });
    // (the customer's own key, signing for the other market's site)
    refusals.push(
      await signInWithPasskey(authenticator, { host: belgium.hostHeader.host, origin: 'http://bepk.comptoir.test', credential: authenticator.credentials[0]! }),
    );
    const here = await client.post('/api/auth/passkey/options');
    refusals.push(
      await client.post('/api/auth/passkey/verify', { response: authenticator.authenticate(here.body as TOptions, ORIGIN) }, { headers: belgium.hostHeader }),
    );

    // Disabled by the shop.
    await t.ctx.db.update(customers).set({ status: 'disabled' }).where(eq(customers.id, customer.customerId));
    refusals.push(await signInWithPasskey(authenticator));
    for (const refusal of refusals) {
      expect(refusal.status).toBe(401);
      expect(refusal.body).toMatchObject({ code: 'invalid_credentials', title: 'This passkey was not accepted.' });
    }

    await t.ctx.db.update(customers).set({ status: 'active', emailVerifiedAt: null }).where(eq(customers.id, customer.customerId));
    const mark = t.mail.mark();
    const unverified = await signInWithPasskey(authenticator);
    expect(unverified.status).toBe(403);
    expect(unverified.body).toMatchObject({ code: 'email_not_verified' });
    await t.mail.waitForEmail({ to: customer.email, subject: /confirm/i, after: mark });
  });

  it('a B2B-only market refuses a customer with no company (403 not_business_customer), as password sign-in does', async () => {
    const b2b = await createTestMarket(t, { code: 'propk' });
    const customer = await registerVerifiedCustomer(t, { host: b2b.hostHeader.host });
    const authenticator = new SoftwareAuthenticator();
    const options = await customer.client.post(
      '/api/me/passkeys/registration-options',
      { password: customer.password },
      { token: customer.token, headers: b2b.hostHeader },
    );
    expect((options.body as TOptions).rp.id).toBe('propk.comptoir.test');
    const added = await customer.client.post(
      '/api/me/passkeys',
      { response: authenticator.register(options.body as TOptions, 'http://propk.comptoir.test'), name: 'Clé USB' },
      { token: customer.token, headers: b2b.hostHeader },
    );
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await signInWithPasskey(authenticator, { host: b2b.hostHeader.host, origin: 'http://propk.comptoir.test' })).status).toBe(200);
    await t.ctx.db.update(markets).set({ b2bOnly: true }).where(eq(markets.id, b2b.id));
    await t.ctx.markets.reload();
    const refused = await signInWithPasskey(authenticator, { host: b2b.hostHeader.host, origin: 'http://propk.comptoir.test' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'not_business_customer' });
  });

  it('failed answers are limited per IP: 429 with Retry-After', async () => {
    const ip = newIp();
    const client = apiClient(t.app, { ip });
    const stranger = new SoftwareAuthenticator();
    stranger.register({ challenge: 'x', rp: { id: 'comptoir.test' }, user: { id: 'AAAA' } }, ORIGIN);
    const forged = stranger.authenticate({ challenge: 'bm90LWEtY2hhbGxlbmdl', rpId: 'comptoir.test' }, ORIGIN);
    for (let attempt = 0; attempt < 30; attempt += 1) {
      expect((await client.post('/api/auth/passkey/verify', { response: forged })).status).toBe(401);
    }
    const slowed = await client.post('/api/auth/passkey/verify', { response: forged });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    // Another visitor is not slowed.
    expect((await apiClient(t.app).post('/api/auth/passkey/verify', { response: forged })).status).toBe(401);
  });
});

describe('managing passkeys', () => {
  it('PATCH renames, DELETE removes with an email; another customer’s passkey is 404 for both', async () => {
    const customer = await registerVerifiedCustomer(t);
    const other = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    const { added } = await addPasskey(customer, authenticator);
    const id = (added.body as { id: string }).id;
    expect((await other.client.patch(`/api/me/passkeys/${id}`, { name: 'À moi' }, { token: other.token })).status).toBe(404);
    expect((await other.client.delete(`/api/me/passkeys/${id}`, { token: other.token })).status).toBe(404);

    const renamed = await customer.client.patch(`/api/me/passkeys/${id}`, { name: '  Téléphone pro  ' }, { token: customer.token });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: 'Téléphone pro' });

    const mark = t.mail.mark();
    expect((await customer.client.delete(`/api/me/passkeys/${id}`, { token: customer.token })).status).toBe(204);
    const email = await t.mail.waitForEmail({ to: customer.email, subject: /clé d’accès a été retirée/, after: mark });
    expect(email.text).toContain('Téléphone pro');
    expect(await eventsOf(customer.customerId, 'passkey_removed')).toHaveLength(1);
    expect((await customer.client.delete(`/api/me/passkeys/${id}`, { token: customer.token })).status).toBe(404);
    // Removed means no longer a way in.
    expect((await signInWithPasskey(authenticator)).status).toBe(401);
  });

  it('GET /api/me/export has a passkeys section without key material; deleting the account takes the passkeys away', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    const { response } = await addPasskey(customer, authenticator, 'Tablette du salon');
    const exported = await customer.client.get('/api/me/export', { token: customer.token });
    expect(exported.status).toBe(200);
    const section = (exported.body as { sections: { passkeys: Record<string, unknown>[] } }).sections.passkeys;
    expect(section).toEqual([expect.objectContaining({ name: 'Tablette du salon', deviceType: 'singleDevice', backedUp: false })]);
    expect(JSON.stringify(section)).not.toContain(response.id);
    expect(Object.keys(section[0]!)).not.toContain('publicKey');

    // The passkey itself is the fresh proof the deletion asks for.
    const proofOptions = await customer.client.post('/api/me/passkeys/proof-options', undefined, { token: customer.token });
    const erased = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': customer.client.ip },
      payload: { passkey: authenticator.authenticate(proofOptions.body as TOptions, ORIGIN) },
    });
    expect(erased.statusCode, erased.body).toBe(204);
    expect(await t.ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.customerId))).toEqual([]);
    expect((await signInWithPasskey(authenticator)).status).toBe(401);
  });
});

describe('staff and passkeys', () => {
  it('GET and DELETE /api/staff/customers/{id}/passkeys: audited; the customer is emailed that the shop removed it', async () => {
    const customer = await registerVerifiedCustomer(t);
    const authenticator = new SoftwareAuthenticator();
    const { added } = await addPasskey(customer, authenticator, 'Clé perdue');
    const id = (added.body as { id: string }).id;

    const listed = await owner.client.get(`/api/staff/customers/${customer.customerId}/passkeys`, { token: owner.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [expect.objectContaining({ id, name: 'Clé perdue' })] });
    expect(JSON.stringify(listed.body)).not.toContain(authenticator.credentials[0]!.id.toString('base64url'));
    expect((await owner.client.get('/api/staff/customers/cus_inconnu/passkeys', { token: owner.token })).status).toBe(404);
    expect((await owner.client.delete(`/api/staff/customers/${customer.customerId}/passkeys/psk_inconnu`, { token: owner.token })).status).toBe(404);

    const readOnly = await inviteStaffMember(t, owner, 'read_only');
    expect((await readOnly.client.get(`/api/staff/customers/${customer.customerId}/passkeys`, { token: readOnly.token })).status).toBe(200);
    expect((await readOnly.client.delete(`/api/staff/customers/${customer.customerId}/passkeys/${id}`, { token: readOnly.token })).status).toBe(403);

    const mark = t.mail.mark();
    expect((await owner.client.delete(`/api/staff/customers/${customer.customerId}/passkeys/${id}`, { token: owner.token })).status).toBe(204);
    const email = await t.mail.waitForEmail({ to: customer.email, subject: /clé d’accès a été retirée/, after: mark });
    expect(email.text).toContain('notre service client');
    const audit = await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.targetId, customer.customerId));
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(['customer.passkeys_viewed', 'customer.passkey_removed']));
    const [removal] = await eventsOf(customer.customerId, 'passkey_removed');
    expect(removal).toMatchObject({ method: 'staff', ip: null });
    expect((await signInWithPasskey(authenticator)).status).toBe(401);
  });

  it('staff limited to other markets get 404 for this customer’s passkeys', async () => {
    const customer = await registerVerifiedCustomer(t);
    await addPasskey(customer, new SoftwareAuthenticator());
    const support = await inviteStaffMember(t, owner, 'support');
    const elsewhere = await createTestMarket(t, { code: 'chpk' });
    await t.ctx.db.update(staffUsers).set({ marketIds: [elsewhere.id] }).where(eq(staffUsers.id, support.id));
    expect((await support.client.get(`/api/staff/customers/${customer.customerId}/passkeys`, { token: support.token })).status).toBe(404);
    const [row] = await t.ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.customerId));
    expect((await support.client.delete(`/api/staff/customers/${customer.customerId}/passkeys/${row!.id}`, { token: support.token })).status).toBe(404);
  });
});
