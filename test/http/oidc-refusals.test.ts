import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { rotateOidcSigningKeys } from '../../src/modules/oidc/oidc-keys.service.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestMarket } from '../support/markets.js';
import { authorizationRequest, authorizeInBrowser, newRelyingParty, startListeningApp, TestBrowser, verifyWithJwks, type TRelyingParty } from '../support/oidc.js';
import { STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';

let t: TTestApp & { issuer: string };
let rp: TRelyingParty;
beforeAll(async () => {
  t = await startListeningApp();
  rp = await newRelyingParty(t);
});
afterAll(async () => {
  await t.close();
});

async function codeFor(customer: { email: string; password: string }, relyingParty = rp) {
  const browser = new TestBrowser(t.issuer);
  const request = await authorizationRequest(relyingParty);
  const callback = await authorizeInBrowser(browser, request.url, { method: 'password', ...customer });
  return { browser, request, callback };
}

describe('OpenID Connect provider: what the specifications refuse', () => {
  it('a redirect URI the client did not register: an error page, never a redirect there', async () => {
    const request = await authorizationRequest(rp);
    request.url.searchParams.set('redirect_uri', 'https://attacker.example/callback');
    const answer = await new TestBrowser(t.issuer).request(request.url.href);
    expect(answer.status).toBe(400);
    expect(answer.location).toBeNull();
    expect(answer.text).toContain('invalid_redirect_uri');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('an authorization request without PKCE is sent back with invalid_request', async () => {
    const request = await authorizationRequest(rp);
    request.url.searchParams.delete('code_challenge');
    request.url.searchParams.delete('code_challenge_method');
    const answer = await new TestBrowser(t.issuer).request(request.url.href);
    expect(answer.status).toBe(303);
    const back = new URL(answer.location!);
    expect(`${back.origin}${back.pathname}`).toBe(rp.redirectUri);
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('a code exchanged without its PKCE verifier (or with another one) is refused', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { request, callback } = await codeFor(customer);
    await expect(client.authorizationCodeGrant(rp.config, callback, { expectedState: request.state, expectedNonce: request.nonce })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const other = await codeFor(customer);
    await expect(
      client.authorizationCodeGrant(rp.config, other.callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: other.request.state, expectedNonce: other.request.nonce }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a replayed authorization code is refused, and the tokens issued from it are revoked', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { request, callback } = await codeFor(customer);
    const checks = { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce };
    const tokens = await client.authorizationCodeGrant(rp.config, callback, checks);
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId)).resolves.toMatchObject({ sub: customer.customerId });
    await expect(client.authorizationCodeGrant(rp.config, callback, checks)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId)).rejects.toThrow();
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a callback whose state was tampered with is refused by the relying party', async () => {
    const customer = await registerVerifiedCustomer(t);
    const { request, callback } = await codeFor(customer);
    callback.searchParams.set('state', `${request.state}x`);
    await expect(client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce })).rejects.toMatchObject({
      code: 'OAUTH_INVALID_RESPONSE',
    });
  });

  it('a customer of another market cannot sign in to this market’s storefront: the answer of a wrong password', async () => {
    const belgium = await createTestMarket(t, { code: 'be' });
    const belgian = await registerVerifiedCustomer(t, { host: belgium.hostHeader.host });
    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp);
    const uid = (await browser.request(request.url.href)).location!.split('/').pop()!;
    const refused = await browser.request(`/api/oidc/interactions/${uid}/login`, { json: { method: 'password', email: belgian.email, password: STRONG_PASSWORD } });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'invalid_credentials' });

    // Signed in for the Belgian storefront, the same browser is asked to sign in again for the French one.
    const belgianRp = await newRelyingParty(t, { marketId: belgium.id });
    await codeFor(belgian, belgianRp).then(async ({ browser: belgianBrowser }) => {
      const french = await authorizationRequest(rp);
      const next = (await belgianBrowser.request(french.url.href)).location!;
      expect(next).toMatch(/^\/oidc\/interaction\//);
    });
  });

  it('the interaction API: an unknown or foreign uid is 404, a wrong step is 409, a bad body lists every field', async () => {
    const browser = new TestBrowser(t.issuer);
    const request = await authorizationRequest(rp);
    const uid = (await browser.request(request.url.href)).location!.split('/').pop()!;
    expect((await browser.request('/api/oidc/interactions/someone-else')).json).toMatchObject({ code: 'interaction_not_found' });
    expect((await new TestBrowser(t.issuer).request(`/api/oidc/interactions/${uid}`)).status).toBe(404);
    const consent = await browser.request(`/api/oidc/interactions/${uid}/consent`, { method: 'POST' });
    expect(consent.status).toBe(409);
    expect(consent.json).toMatchObject({ code: 'interaction_step_mismatch' });
    const bad = await browser.request(`/api/oidc/interactions/${uid}/login`, { json: { method: 'password', email: 'nope', password: '' } });
    expect(bad.status).toBe(400);
    expect((bad.json!.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(['email', 'password']);
    const aborted = await browser.request(`/api/oidc/interactions/${uid}/abort`, { method: 'POST' });
    const back = new URL((await browser.request(String(aborted.json!.redirectTo))).location!);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });
});

describe('OpenID Connect provider: key rotation', () => {
  it('after rotate-keys, new ID tokens carry the new kid and old ones still verify against the JWKS', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await codeFor(customer);
    const before = await client.authorizationCodeGrant(rp.config, first.callback, { pkceCodeVerifier: first.request.codeVerifier, expectedState: first.request.state, expectedNonce: first.request.nonce });
    const oldKid = (await verifyWithJwks(before.id_token!, `${t.issuer}/oidc/jwks`)).header.kid;

    const { activeKeyId, retiredKeyIds } = await rotateOidcSigningKeys(t.ctx.db);
    expect(retiredKeyIds).toEqual([oldKid]);
    await t.app.oidc.reload();
    const jwks = (await (await fetch(`${t.issuer}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([activeKeyId, oldKid]);

    const second = await codeFor(customer);
    const after = await client.authorizationCodeGrant(rp.config, second.callback, { pkceCodeVerifier: second.request.codeVerifier, expectedState: second.request.state, expectedNonce: second.request.nonce });
    expect((await verifyWithJwks(after.id_token!, `${t.issuer}/oidc/jwks`)).header.kid).toBe(activeKeyId);
    await expect(verifyWithJwks(before.id_token!, `${t.issuer}/oidc/jwks`)).resolves.toMatchObject({ payload: { sub: customer.customerId } });
    // The provider's session cookie, signed with the old key's cookie key, still holds.
    const resumed = await first.browser.request((await authorizationRequest(rp)).url.href);
    expect(resumed.location).toMatch(/^https:\/\/shop\.example\/callback\?code=/);
  });
});
