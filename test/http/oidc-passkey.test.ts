import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { passkeys } from '../../src/modules/passkeys/passkeys.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestMarket } from '../support/markets.js';
import { authorizationRequest, authorizeInBrowser, newRelyingParty, startListeningApp, TestBrowser } from '../support/oidc.js';
import { SoftwareAuthenticator } from '../support/software-authenticator.js';
import type { TTestApp } from '../support/test-app.js';

let t: TTestApp & { issuer: string };
beforeAll(async () => {
  t = await startListeningApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TCreationOptions = Parameters<SoftwareAuthenticator['register']>[0];

/** The customer adds a passkey through the API (password proof), made on the market's site. */
async function addPasskey(customer: TCustomer, authenticator: SoftwareAuthenticator, origin: string, headers?: { host: string }) {
  const extra = headers ? { headers } : {};
  const options = await customer.client.post('/api/me/passkeys/registration-options', { password: customer.password }, { token: customer.token, ...extra });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = authenticator.register(options.body as TCreationOptions, origin);
  const added = await customer.client.post('/api/me/passkeys', { response, name: 'Téléphone' }, { token: customer.token, ...extra });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
}

describe('OpenID Connect sign-in with a passkey', () => {
  it('completes the interaction with the passkey’s assertion: ID token verified, userinfo, the use recorded like a portal sign-in', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(customer, authenticator, t.issuer);

    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp);
    const callback = await authorizeInBrowser(browser, request.url, { method: 'passkey', authenticator });
    const tokens = await client.authorizationCodeGrant(rp.config, callback, {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    // openid-client checks the ID token's signature (JWKS), issuer, audience, nonce and expiry.
    expect(tokens.claims()).toMatchObject({ iss: t.issuer, aud: rp.clientId, sub: customer.customerId, nonce: request.nonce });
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId);
    expect(userinfo).toMatchObject({ sub: customer.customerId, email: customer.email, email_verified: true, given_name: 'Camille' });

    const [stored] = await t.ctx.db.select().from(passkeys).where(eq(passkeys.customerId, customer.customerId));
    expect(stored!.signCount).toBe(1);
    expect(stored!.lastUsedAt).not.toBeNull();
    const events = await t.ctx.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.customerId, customer.customerId), eq(securityEvents.type, 'sign_in_succeeded')));
    expect(events.map((event) => event.method)).toContain('passkey');

    // An answer to a challenge that was never issued for this sign-in: refused like any other.
    const again = new TestBrowser(t.issuer);
    const second = await authorizationRequest(rp);
    const location = (await again.request(second.url.href)).location!;
    const uid = /\/oidc\/interaction\/([^/]+)$/.exec(location)![1]!;
    const options = await again.request(`/api/oidc/interactions/${uid}/passkey/options`, { method: 'POST' });
    expect(options.status).toBe(200);
    expect(options.json).toMatchObject({ rpId: new URL(t.issuer).hostname, allowCredentials: [] });
    const assertion = authenticator.authenticate({ challenge: 'not-the-one-issued' }, t.issuer);
    const replay = await again.request(`/api/oidc/interactions/${uid}/passkey`, { json: { response: assertion } });
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ code: 'invalid_credentials' });
  });

  it('refuses the passkey of another market’s customer with 401 invalid_credentials, and the sign-in stays at the login step', async () => {
    const rp = await newRelyingParty(t);
    const belgium = await createTestMarket(t, { code: 'oidcpk' });
    const customer = await registerVerifiedCustomer(t, { host: belgium.hostHeader.host });
    const authenticator = new SoftwareAuthenticator();
    await addPasskey(customer, authenticator, 'http://oidcpk.comptoir.test', belgium.hostHeader);

    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp);
    const uid = /\/oidc\/interaction\/([^/]+)$/.exec((await browser.request(request.url.href)).location!)![1]!;
    const options = await browser.request(`/api/oidc/interactions/${uid}/passkey/options`, { method: 'POST' });
    expect(options.status).toBe(200);
    // The browser would not offer it (another RP ID); a forged answer signed with it is refused all the same.
    const assertion = authenticator.authenticate(options.json as { challenge: string }, t.issuer, { credential: authenticator.credentials[0]! });
    const refused = await browser.request(`/api/oidc/interactions/${uid}/passkey`, { json: { response: assertion } });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'invalid_credentials' });
    expect((await browser.request(`/api/oidc/interactions/${uid}`)).json).toMatchObject({ step: 'login' });
    const failed = await t.ctx.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.customerId, customer.customerId), eq(securityEvents.type, 'sign_in_failed')));
    expect(failed.map((event) => event.method)).toContain('passkey');
  });

  it('answers 404 for an interaction this browser is not in, and 400 naming the bad fields of a malformed answer', async () => {
    const stranger = new TestBrowser(t.issuer);
    expect((await stranger.request('/api/oidc/interactions/nope/passkey/options', { method: 'POST' })).status).toBe(404);

    const rp = await newRelyingParty(t);
    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp);
    const uid = /\/oidc\/interaction\/([^/]+)$/.exec((await browser.request(request.url.href)).location!)![1]!;
    const bad = await browser.request(`/api/oidc/interactions/${uid}/passkey`, { json: { response: { id: 'x', type: 'password' } } });
    expect(bad.status).toBe(400);
    const paths = (bad.json!.errors as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['response.rawId', 'response.type', 'response.response']));
  });
});
