import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { createOidcClient } from '../../src/modules/oidc/oidc-clients.service.js';
import type { TCreateOidcClientBody } from '../../src/modules/oidc/oidc-clients.schemas.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { codeFromEmail } from './factories.js';
import type { SoftwareAuthenticator, TSoftwareCredential } from './software-authenticator.js';
import { createTestApp, newIp, type TTestApp } from './test-app.js';

/** A free local port, for an app whose PUBLIC_URL (the issuer) must name its own port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The whole app listening on a real port, its issuer http://127.0.0.1:<port>: a relying party
 * talks to it over HTTP. A browser using passkeys needs http://localhost (a secure context with
 * a domain for the RP ID): `hostname: 'localhost'`.
 */
export async function startListeningApp(options: { hostname?: '127.0.0.1' | 'localhost' } = {}): Promise<TTestApp & { issuer: string }> {
  const port = await freePort();
  const issuer = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: issuer } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, issuer };
}

type TCookie = { name: string; value: string; path: string };

/**
 * A browser, as far as the sign-in needs one: a cookie jar (paths respected), no automatic
 * redirects, one client address. It is what the portal's page does, call by call.
 */
export class TestBrowser {
  readonly ip = newIp();
  private cookies = new Map<string, TCookie>();

  constructor(private readonly origin: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }

  async request(url: string, init: { method?: string; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const target = new URL(url, this.origin);
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, 'accept-language': 'fr', ...init.headers };
    const sent = [...this.cookies.values()].filter((cookie) => target.origin === this.origin && target.pathname.startsWith(cookie.path));
    if (sent.length > 0) headers.cookie = sent.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    if (target.origin === this.origin) {
      for (const line of response.headers.getSetCookie()) this.store(line);
    }
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, location: response.headers.get('location'), headers: response.headers, text, json: isJson ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  private store(line: string): void {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const index = pair!.indexOf('=');
    const name = pair!.slice(0, index);
    const value = pair!.slice(index + 1);
    const pathAttribute = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='));
    const path = pathAttribute ? pathAttribute.slice(5) : '/';
    const expired = attributes.some((attribute) => /^expires=/i.test(attribute) && new Date(attribute.slice(8)).getTime() < Date.now());
    const key = `${name}|${path}`;
    if (expired || value === '') this.cookies.delete(key);
    else this.cookies.set(key, { name, value, path });
  }
}

export type TSignInProof =
  | { method: 'password'; email: string; password: string }
  | { method: 'code'; email: string; t: TTestApp }
  | { method: 'passkey'; authenticator: SoftwareAuthenticator; credential?: TSoftwareCredential };

/**
 * Follows an authorization request through the portal's interaction API: the login step with
 * the password or an emailed code, the consent step when the client is not first party.
 * Answers the URL the provider finally redirects to (the client's redirect URI, with the code).
 */
export async function authorizeInBrowser(browser: TestBrowser, authorizationUrl: URL, proof: TSignInProof | null): Promise<URL> {
  let next = (await browser.request(authorizationUrl.href)).location;
  for (let step = 0; step < 10 && next; step += 1) {
    const url = new URL(next, authorizationUrl);
    const interaction = /^\/oidc\/interaction\/([^/]+)$/.exec(url.pathname);
    if (url.origin !== authorizationUrl.origin || !interaction) return url;
    const uid = interaction[1]!;
    const details = await browser.request(`/api/oidc/interactions/${uid}`);
    if (details.status !== 200) throw new Error(`interaction answered ${details.status}: ${details.text}`);
    let answer;
    if (details.json!.step === 'login') {
      if (!proof) throw new Error('the provider asked for a sign-in');
      if (proof.method === 'passkey') {
        // What the page does with startAuthentication(): options, the authenticator's answer on this origin.
        const options = await browser.request(`/api/oidc/interactions/${uid}/passkey/options`, { method: 'POST' });
        if (options.status !== 200) throw new Error(`passkey/options answered ${options.status}: ${options.text}`);
        const response = proof.authenticator.authenticate(options.json as Parameters<SoftwareAuthenticator['authenticate']>[0], authorizationUrl.origin, proof.credential ? { credential: proof.credential } : {});
        answer = await browser.request(`/api/oidc/interactions/${uid}/passkey`, { json: { response } });
      } else if (proof.method === 'password') {
        answer = await browser.request(`/api/oidc/interactions/${uid}/login`, { json: { method: 'password', email: proof.email, password: proof.password } });
      } else {
        const since = proof.t.mail.mark();
        const sent = await browser.request(`/api/oidc/interactions/${uid}/login-code`, { json: { email: proof.email } });
        if (sent.status !== 202) throw new Error(`login-code answered ${sent.status}`);
        const message = await proof.t.mail.waitForEmail({ to: proof.email, after: since, subject: /code/i });
        answer = await browser.request(`/api/oidc/interactions/${uid}/login`, { json: { method: 'code', email: proof.email, code: codeFromEmail(message.text) } });
      }
    } else {
      answer = await browser.request(`/api/oidc/interactions/${uid}/consent`, { method: 'POST' });
    }
    if (answer.status !== 200) throw Object.assign(new Error(`interaction step answered ${answer.status}: ${answer.text}`), { answer });
    next = (await browser.request(String(answer.json!.redirectTo))).location;
  }
  throw new Error('the authorization did not come back to the client');
}

export type TRelyingParty = {
  config: client.Configuration;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  postLogoutRedirectUri: string;
};

/** Registers a storefront in the default market and discovers the provider with openid-client, as a storefront does. */
export async function newRelyingParty(
  t: TTestApp & { issuer: string },
  options: Partial<TCreateOidcClientBody> & { clientType?: 'public' | 'confidential'; marketId?: string } = {},
): Promise<TRelyingParty> {
  const redirectUri = 'https://shop.example/callback';
  const postLogoutRedirectUri = 'https://shop.example/signed-out';
  const { marketId, ...input } = options;
  const { client: registered, clientSecret } = await createOidcClient(t.ctx, {
    marketId: marketId ?? DEFAULT_MARKET_ID,
    input: {
      name: 'La Boutique',
      clientType: 'public',
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [postLogoutRedirectUri],
      allowedScopes: ['openid', 'profile', 'email', 'offline_access', 'comptoir'],
      firstParty: true,
      ...input,
    },
  });
  const authentication = clientSecret ? client.ClientSecretBasic(clientSecret) : client.None();
  const config = await client.discovery(new URL(t.issuer), registered.clientId, undefined, authentication, { execute: [client.allowInsecureRequests] });
  return { config, clientId: registered.clientId, clientSecret, redirectUri, postLogoutRedirectUri };
}

/** An authorization URL with PKCE (S256), state and nonce, and what the callback must be checked against. */
export async function authorizationRequest(rp: TRelyingParty, scope = 'openid profile email comptoir') {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, codeVerifier, state, nonce };
}

/** Signs a JWT's signature against a JWKS by hand: what a relying party does with a logout token or an old ID token. */
export async function verifyWithJwks(jwt: string, jwksUri: string): Promise<{ header: Record<string, unknown>; payload: Record<string, unknown> }> {
  const [encodedHeader, encodedPayload, signature] = jwt.split('.');
  const header = JSON.parse(Buffer.from(encodedHeader!, 'base64url').toString()) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(encodedPayload!, 'base64url').toString()) as Record<string, unknown>;
  const jwks = (await (await fetch(jwksUri)).json()) as { keys: (Record<string, unknown> & { kid: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(`no key ${String(header.kid)} in the JWKS`);
  const publicKey = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const valid = verify('sha256', Buffer.from(`${encodedHeader}.${encodedPayload}`), publicKey, Buffer.from(signature!, 'base64url'));
  if (!valid) throw new Error('bad signature');
  return { header, payload };
}

/** A storefront's back-channel logout endpoint on 127.0.0.1: records every logout_token it is sent. */
export async function startLogoutReceiver() {
  const tokens: string[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const token = new URLSearchParams(Buffer.concat(chunks).toString()).get('logout_token');
      if (token) tokens.push(token);
      response.writeHead(200).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/backchannel-logout`,
    tokens,
    waitForToken: (after: number, timeoutMs = 10_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (tokens.length <= after) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(tokens[after]!);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no logout token arrived'));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
