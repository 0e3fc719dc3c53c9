import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { oidcClients, oidcPayloads, oidcSigningKeys } from '../../src/modules/oidc/oidc.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { insertCompany, insertLocation, insertLocationMember, insertMember } from '../support/company-fixtures.js';
import { authorizationRequest, authorizeInBrowser, newRelyingParty, startListeningApp, TestBrowser, type TRelyingParty } from '../support/oidc.js';
import type { TTestApp } from '../support/test-app.js';

let t: TTestApp & { issuer: string };
beforeAll(async () => {
  t = await startListeningApp();
});
afterAll(async () => {
  await t.close();
});

/** One customer through the whole sign-in, as a storefront and a browser see it. */
async function signInThrough(rp: TRelyingParty, customer: { email: string; password: string }, scope?: string) {
  const browser = new TestBrowser(t.issuer);
  const request = await authorizationRequest(rp, scope);
  const callback = await authorizeInBrowser(browser, request.url, { method: 'password', ...customer });
  const tokens = await client.authorizationCodeGrant(rp.config, callback, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { browser, request, callback, tokens };
}

describe('OpenID Connect provider: discovery and keys', () => {
  it('publishes its configuration at PUBLIC_URL/.well-known with the endpoints under /oidc and the keys from the database', async () => {
    const response = await fetch(`${t.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const configuration = (await response.json()) as Record<string, unknown>;
    expect(configuration).toMatchObject({
      issuer: t.issuer,
      authorization_endpoint: `${t.issuer}/oidc/auth`,
      token_endpoint: `${t.issuer}/oidc/token`,
      userinfo_endpoint: `${t.issuer}/oidc/me`,
      jwks_uri: `${t.issuer}/oidc/jwks`,
      end_session_endpoint: `${t.issuer}/oidc/session/end`,
      backchannel_logout_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    expect(configuration.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access', 'comptoir']));
    const jwks = (await (await fetch(`${t.issuer}/oidc/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    const stored = await t.ctx.db.select({ id: oidcSigningKeys.id }).from(oidcSigningKeys).where(eq(oidcSigningKeys.status, 'active'));
    expect(jwks.keys.map((key) => key.kid)).toEqual(stored.map((key) => key.id));
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);
  });
});

describe('OpenID Connect provider: a public storefront with PKCE', () => {
  it('signs a customer in with the password: ID token verified, userinfo claims, the buying context of a company member', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t, { firstName: 'Camille' });
    const companyId = await insertCompany(t.ctx.db, { name: 'Atelier Durand' });
    await insertMember(t.ctx.db, { companyId, customerId: customer.customerId, role: 'member' });
    const locationId = await insertLocation(t.ctx.db, { companyId, name: 'Lyon' });
    await insertLocationMember(t.ctx.db, { locationId, customerId: customer.customerId, role: 'buyer' });

    const { tokens } = await signInThrough(rp, customer);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: t.issuer, aud: rp.clientId, sub: customer.customerId });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId);
    expect(userinfo).toMatchObject({
      sub: customer.customerId,
      email: customer.email,
      email_verified: true,
      given_name: 'Camille',
      family_name: 'Durand',
      name: 'Camille Durand',
      locale: 'fr',
      comptoir_context: {
        kind: 'business',
        company: { id: companyId, name: 'Atelier Durand' },
        location: { id: locationId, name: 'Lyon' },
        role: 'member',
        approval: { status: 'approved', canOrder: true },
      },
    });
  });

  it('signs a customer in with the six digits emailed to them (the portal reads them from the email)', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t);
    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp, 'openid email');
    const callback = await authorizeInBrowser(browser, request.url, { method: 'code', email: customer.email, t });
    const tokens = await client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce });
    expect(tokens.claims()?.sub).toBe(customer.customerId);
    const userinfo = await client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId);
    expect(userinfo).toMatchObject({ email: customer.email, email_verified: true });
    // Only what the scopes release: no names without `profile`, no buying context without `comptoir`.
    expect(userinfo).not.toHaveProperty('given_name');
    expect(userinfo).not.toHaveProperty('comptoir_context');
  });

  it('refreshes with rotation: a rotated refresh token used again is refused and revokes the whole grant', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t);
    const { tokens } = await signInThrough(rp, customer);
    const refreshed = await client.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()?.sub).toBe(customer.customerId);
    await expect(client.fetchUserInfo(rp.config, refreshed.access_token, customer.customerId)).resolves.toMatchObject({ sub: customer.customerId });

    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The reuse looks like a stolen token: the newer refresh token and access token die too.
    await expect(client.refreshTokenGrant(rp.config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp.config, refreshed.access_token, customer.customerId)).rejects.toThrow();
  });

  it('revokes an access token (introspection then says inactive; the other tokens of its grant go with it) and keeps every provider object in the database', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t);
    const { tokens } = await signInThrough(rp, customer);
    await expect(client.tokenIntrospection(rp.config, tokens.access_token)).resolves.toMatchObject({ active: true, sub: customer.customerId, client_id: rp.clientId });
    const stored = await t.ctx.db.select({ kind: oidcPayloads.kind }).from(oidcPayloads).where(eq(oidcPayloads.accountId, customer.customerId));
    expect(new Set(stored.map((row) => row.kind))).toEqual(new Set(['Session', 'Grant', 'AuthorizationCode', 'AccessToken', 'RefreshToken']));

    await client.tokenRevocation(rp.config, tokens.access_token);
    await expect(client.tokenIntrospection(rp.config, tokens.access_token)).resolves.toMatchObject({ active: false });
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId)).rejects.toThrow();
    // oidc-provider revokes every token of the grant with it (RFC 7009 §2.1 allows it): sign in again.
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('signs out from the storefront (RP-initiated logout): back to its post-logout URI, and its tokens end with the session', async () => {
    const rp = await newRelyingParty(t);
    const customer = await registerVerifiedCustomer(t);
    const { browser, tokens } = await signInThrough(rp, customer);
    const endSession = client.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: rp.postLogoutRedirectUri, state: 'bye' });
    const confirm = await browser.request(endSession.href);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('La Boutique');
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.text);
    expect(form).not.toBeNull();
    const done = await browser.request(form![1]!, { form: { xsrf: form![2]!, logout: 'yes' } });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${rp.postLogoutRedirectUri}?state=bye`);
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    // A new authorization asks for the sign-in again.
    const again = await authorizationRequest(rp);
    const next = await browser.request(again.url.href);
    expect(next.location).toMatch(/^\/oidc\/interaction\//);
    const step = await browser.request(`/api/oidc/interactions/${next.location!.split('/').pop()}`);
    expect(step.json).toMatchObject({ step: 'login', client: { name: 'La Boutique', firstParty: true } });
  });
});

describe('OpenID Connect provider: a confidential storefront (a server with a secret)', () => {
  it('authenticates with its secret (stored as SHA-256 only) and asks the customer to consent when not first party', async () => {
    const rp = await newRelyingParty(t, { clientType: 'confidential', firstParty: false, name: 'Partenaire' });
    expect(rp.clientSecret).toMatch(/^ocs_/);
    const customer = await registerVerifiedCustomer(t);
    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp, 'openid profile');
    const first = await browser.request(request.url.href);
    const uid = first.location!.split('/').pop()!;
    const login = await browser.request(`/api/oidc/interactions/${uid}/login`, { json: { method: 'password', email: customer.email, password: customer.password } });
    expect(login.status).toBe(200);
    const consentStep = (await browser.request(String(login.json!.redirectTo))).location!;
    const consentUid = consentStep.split('/').pop()!;
    const details = await browser.request(`/api/oidc/interactions/${consentUid}`);
    expect(details.json).toMatchObject({ step: 'consent', client: { name: 'Partenaire', firstParty: false }, missingScopes: expect.arrayContaining(['openid', 'profile']) });
    const consent = await browser.request(`/api/oidc/interactions/${consentUid}/consent`, { method: 'POST' });
    expect(consent.status).toBe(200);
    const callback = new URL((await browser.request(String(consent.json!.redirectTo))).location!);
    const tokens = await client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce });
    expect(tokens.claims()?.sub).toBe(customer.customerId);
    await expect(client.tokenIntrospection(rp.config, tokens.access_token)).resolves.toMatchObject({ active: true });

    // The digest in the database is not a secret: presented as one, it is refused.
    const [row] = await t.ctx.db.select().from(oidcClients).where(eq(oidcClients.id, rp.clientId));
    expect(row?.secretHash).not.toContain(rp.clientSecret);
    const withDigest = await client.discovery(new URL(t.issuer), rp.clientId, undefined, client.ClientSecretBasic(row!.secretHash!), { execute: [client.allowInsecureRequests] });
    const invalidClient = { status: 401, cause: [{ parameters: { error: 'invalid_client' } }] };
    await expect(client.tokenIntrospection(withDigest, tokens.access_token)).rejects.toMatchObject(invalidClient);
    await expect(client.refreshTokenGrant(withDigest, tokens.refresh_token!)).rejects.toMatchObject(invalidClient);
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).resolves.toMatchObject({ token_type: 'bearer' });
  });
});
