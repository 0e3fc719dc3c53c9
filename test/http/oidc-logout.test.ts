import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { oidcPayloads } from '../../src/modules/oidc/oidc.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { setUpFirstOwner } from './staff-fixtures.js';
import {
  authorizationRequest,
  authorizeInBrowser,
  newRelyingParty,
  startListeningApp,
  startLogoutReceiver,
  TestBrowser,
  verifyWithJwks,
  type TRelyingParty,
} from '../support/oidc.js';
import type { TTestApp } from '../support/test-app.js';

let t: TTestApp & { issuer: string };
let receiver: Awaited<ReturnType<typeof startLogoutReceiver>>;
let rp: TRelyingParty;
beforeAll(async () => {
  t = await startListeningApp();
  receiver = await startLogoutReceiver();
  rp = await newRelyingParty(t, { backchannelLogoutUri: receiver.url });
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

async function signedInOnStorefront() {
  const customer = await registerVerifiedCustomer(t);
  const browser = new TestBrowser(t.issuer);
  const request = await authorizationRequest(rp);
  const callback = await authorizeInBrowser(browser, request.url, { method: 'password', email: customer.email, password: customer.password });
  const tokens = await client.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce });
  return { customer, browser, tokens };
}

/** The logout token as a storefront must check it (OpenID Connect Back-Channel Logout 1.0 §2.6). */
async function expectLogoutTokenFor(token: string, options: { sub: string; sid: unknown }) {
  const { header, payload } = await verifyWithJwks(token, `${t.issuer}/oidc/jwks`);
  expect(header).toMatchObject({ alg: 'RS256', typ: 'logout+jwt' });
  expect(payload).toMatchObject({
    iss: t.issuer,
    aud: rp.clientId,
    sub: options.sub,
    sid: options.sid,
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
  });
  expect(payload).not.toHaveProperty('nonce');
  expect(Number(payload.iat)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
}

describe('OpenID Connect provider: back-channel logout', () => {
  it('signing out everywhere (DELETE /api/me/sessions) ends the storefront session and sends it a signed logout token', async () => {
    const { customer, tokens } = await signedInOnStorefront();
    const after = receiver.tokens.length;
    const signedOut = await customer.client.delete('/api/me/sessions', { token: customer.token });
    expect(signedOut.status).toBe(204);
    await expectLogoutTokenFor(await receiver.waitForToken(after), { sub: customer.customerId, sid: tokens.claims()!.sid });
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(rp.config, tokens.access_token, customer.customerId)).rejects.toThrow();
    const left = await t.ctx.db.select().from(oidcPayloads).where(eq(oidcPayloads.accountId, customer.customerId));
    expect(left).toEqual([]);
  });

  it('a customer disabled by staff is signed out of the storefront the same way', async () => {
    const owner = await setUpFirstOwner(t);
    const { customer, tokens } = await signedInOnStorefront();
    const after = receiver.tokens.length;
    const disabled = await owner.client.post(`/api/staff/customers/${customer.customerId}/disable`, undefined, { token: owner.token });
    expect(disabled.status).toBe(200);
    await expectLogoutTokenFor(await receiver.waitForToken(after), { sub: customer.customerId, sid: tokens.claims()!.sid });
    await expect(client.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('an erased account is signed out of the storefront, and nothing of it stays with the provider', async () => {
    const { customer, tokens } = await signedInOnStorefront();
    const after = receiver.tokens.length;
    const erased = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${customer.token}` }, payload: { password: customer.password } });
    expect(erased.statusCode).toBe(204);
    await expectLogoutTokenFor(await receiver.waitForToken(after), { sub: customer.customerId, sid: tokens.claims()!.sid });
    const left = await t.ctx.db.select().from(oidcPayloads).where(eq(oidcPayloads.accountId, customer.customerId));
    expect(left).toEqual([]);
  });

  it('the storefront’s own sign-out (RP-initiated) sends the logout token to the other storefronts of the session too', async () => {
    const other = await startLogoutReceiver();
    const otherRp = await newRelyingParty(t, { backchannelLogoutUri: other.url, name: 'La Boutique Pro' });
    const { customer, browser, tokens } = await signedInOnStorefront();
    // Same browser, same provider session: the second storefront signs in without a password.
    const request = await authorizationRequest(otherRp);
    const callback = await authorizeInBrowser(browser, request.url, null);
    await client.authorizationCodeGrant(otherRp.config, callback, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce });

    const after = other.tokens.length;
    const confirm = await browser.request(client.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: rp.postLogoutRedirectUri }).href);
    const form = /<form[^>]*action="([^"]+)"[^>]*>[\s\S]*?name="xsrf" value="([^"]+)"/.exec(confirm.text)!;
    expect((await browser.request(form[1]!, { form: { xsrf: form[2]!, logout: 'yes' } })).status).toBe(303);
    const token = await other.waitForToken(after);
    const { payload } = await verifyWithJwks(token, `${t.issuer}/oidc/jwks`);
    expect(payload).toMatchObject({ aud: otherRp.clientId, sub: customer.customerId });
    await other.close();
  });
});
