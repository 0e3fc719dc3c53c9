import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { TAppContext } from '../../context.js';
import { constantTimeEqual, hashToken } from '../../platform/crypto/tokens.js';
import { createFindAccount, OIDC_CLAIMS_BY_SCOPE, marketOfClient } from './oidc-account.js';
import { createOidcAdapter } from './oidc-adapter.js';
import { CLIENT_FIRST_PARTY_PROPERTY, CLIENT_MARKET_PROPERTY } from './oidc-clients.service.js';
import { oidcScopes } from './oidc-clients.schemas.js';
import { ensureOidcSigningKey, loadOidcKeyMaterial, oidcKeyFingerprint, type TOidcKeyMaterial } from './oidc-keys.service.js';
import { renderOidcErrorPage, renderOidcLogoutPage, renderOidcLoggedOutPage } from './oidc-pages.js';
import { findCustomerById } from '../customers/customers.service.js';

/** Every endpoint of the provider lives under /oidc, beside discovery at the issuer's /.well-known. */
export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  introspection: '/oidc/token/introspection',
  revocation: '/oidc/token/revocation',
  end_session: '/oidc/session/end',
  // Features left off; their routes are still kept under /oidc so none can shadow a portal page.
  backchannel_authentication: '/oidc/backchannel',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  pushed_authorization_request: '/oidc/request',
  registration: '/oidc/reg',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

/** The portal's sign-in and consent page (web/portal); its API is under /api/oidc/interactions. */
export const interactionPagePath = (uid: string) => `/oidc/interaction/${uid}`;

export const OIDC_COOKIE_NAMES = { session: 'comptoir_oidc_session', interaction: 'comptoir_oidc_interaction', resume: 'comptoir_oidc_resume' };

/** How often a running instance looks for a key rotated by another process (`npx comptoir oidc rotate-keys`). */
const KEY_CHECK_INTERVAL_MS = 30_000;

type TLog = { warn(message: string): void; error(message: string): void };

/** Same rule as the customers' session cookies: Secure in production and whenever the public address is https. */
export function oidcCookiesSecure(ctx: Pick<TAppContext, 'config'>, issuer: string): boolean {
  return ctx.config.env === 'production' || issuer.startsWith('https:');
}

function isFirstParty(client: unknown): boolean {
  return (client as Record<string, unknown> | undefined)?.[CLIENT_FIRST_PARTY_PROPERTY] === true;
}

/**
 * The login prompt also comes back when the browser's provider session belongs to someone who
 * may not use this client: a customer of another market (one issuer serves every market), or
 * an account disabled since. Without this check, a session opened for a Belgian storefront
 * would sign the same person in to a French one.
 */
function accountFitsClientCheck(ctx: TAppContext) {
  return new interactionPolicy.Check('account_not_of_client_market', 'the signed-in account cannot use this client', async (koa: KoaContextWithOIDC) => {
    const accountId = koa.oidc.session?.accountId;
    if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    const customer = await findCustomerById(ctx.db, accountId);
    const fits = customer?.status === 'active' && customer.marketId === marketOfClient(koa.oidc.client as unknown as Record<string, unknown>);
    return fits ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
  });
}

function buildConfiguration(ctx: TAppContext, material: TOidcKeyMaterial, secure: boolean): Configuration {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(accountFitsClientCheck(ctx));
  return {
    adapter: createOidcAdapter(ctx.db),
    findAccount: createFindAccount(ctx),
    jwks: material.jwks as Configuration['jwks'],
    cookies: {
      keys: material.cookieKeys,
      names: OIDC_COOKIE_NAMES,
      long: { httpOnly: true, sameSite: 'lax', secure, signed: true },
      // path '/': the interaction cookie must also reach /api/oidc/interactions/…, the JSON
      // API the portal's page calls (the provider would scope it to the page's path alone).
      short: { httpOnly: true, sameSite: 'lax', secure, signed: true, path: '/' },
    },
    routes: OIDC_ROUTES,
    scopes: [...oidcScopes],
    claims: OIDC_CLAIMS_BY_SCOPE,
    extraClientMetadata: { properties: [CLIENT_MARKET_PROPERTY, CLIENT_FIRST_PARTY_PROPERTY] },
    clientAuthMethods: ['client_secret_basic', 'none'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (koa, form) => {
          koa.body = renderOidcLogoutPage({ form, clientName: koa.oidc.client?.clientName ?? null, locale: localeOf(koa) });
        },
        postLogoutSuccessSource: async (koa) => {
          koa.body = renderOidcLoggedOutPage({ locale: localeOf(koa) });
        },
      },
    },
    interactions: { policy, url: (_koa, interaction) => interactionPagePath(interaction.uid) },
    // A storefront keeps its customer signed in with refresh tokens; without offline_access
    // they end with the provider session (expiresWithSession), so signing out ends them too.
    issueRefreshToken: async (_koa, client) => client.grantTypeAllowed('refresh_token'),
    // Every use rotates; a rotated token presented again revokes the whole grant.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 15 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 30 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
      Session: 14 * 24 * 60 * 60,
    },
    // First-party storefronts (the shop's own) skip the consent screen: their grant is made
    // or widened here with what they ask for.
    loadExistingGrant: async (koa) => {
      const { oidc } = koa;
      const client = oidc.client!;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
      const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      const accountId = oidc.session?.accountId;
      if (!isFirstParty(client) || !accountId) return existing;
      const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    renderError: async (koa, out) => {
      koa.type = 'html';
      koa.body = renderOidcErrorPage({ error: String(out.error ?? 'server_error'), locale: localeOf(koa) });
    },
    // Back-channel URIs are registered by the shop's staff, never by third parties (no dynamic
    // registration), so the library's guard against private addresses is not needed, and it
    // would stop a storefront on the shop's own network.
    fetch: (url, options) => {
      const { dispatcher: _dispatcher, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return fetch(url, rest);
    },
  };
}

function localeOf(koa: KoaContextWithOIDC): 'fr' | 'en' {
  const header = koa.get('accept-language');
  return header.trim().toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** Headers of the provider's own pages and answers (Fastify's onSend hooks do not run on them). */
async function providerSecurityHeaders(koa: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  koa.set('x-content-type-options', 'nosniff');
  koa.set('referrer-policy', 'no-referrer');
  koa.set('x-frame-options', 'DENY');
  // The library adds the hash of its one inline script (the form_post auto-submit) to script-src.
  koa.set('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
  await next();
}

export function buildOidcProvider(ctx: TAppContext, options: { issuer: string; material: TOidcKeyMaterial; log: TLog }): Provider {
  const secure = oidcCookiesSecure(ctx, options.issuer);
  const provider = new Provider(options.issuer, buildConfiguration(ctx, options.material, secure));
  // The Fastify route hands over X-Forwarded-Proto and -For as Fastify resolved them (oidc.routes.ts).
  provider.proxy = true;
  // Clients are served with the SHA-256 of their secret as `client_secret` (only the digest is
  // stored): the presented secret is hashed before the constant-time comparison, for every
  // endpoint that authenticates clients (token, introspection, revocation).
  provider.Client.prototype.compareClientSecret = function compareHashedSecret(this: { clientSecret?: string }, presented: string) {
    return typeof this.clientSecret === 'string' && constantTimeEqual(this.clientSecret, hashToken(presented));
  };
  provider.use(providerSecurityHeaders);
  // Koa logs failures itself unless someone listens; nothing personal goes to the log here.
  (provider as unknown as NodeJS.EventEmitter).on('error', (error: Error) => options.log.error(`oidc: ${error.message}`));
  provider.on('server_error', (_koa: unknown, error: Error) => options.log.error(`oidc server error: ${error.message}`));
  provider.on('backchannel.error', (_koa: unknown, error: Error, client: { clientId: string }) =>
    options.log.warn(`oidc back-channel logout to ${client.clientId} failed: ${error.message}`),
  );
  return provider;
}

/**
 * The running provider. It is built from the keys in the database and rebuilt when they
 * change: a rotation here (`reload`) at once, one by another process within
 * KEY_CHECK_INTERVAL_MS. Everything else it keeps is in the database, so requests in flight on
 * the previous instance finish normally.
 */
export type TOidcProviderHost = {
  issuer: string;
  current(): Promise<Provider>;
  reload(): Promise<void>;
};

export async function createOidcProviderHost(ctx: TAppContext, options: { log: TLog }): Promise<TOidcProviderHost> {
  // The issuer is the default market's address: one issuer for every market (clients say which).
  const issuer = ctx.markets.defaultMarket().publicUrl;
  await ensureOidcSigningKey(ctx.db);
  let material = await loadOidcKeyMaterial(ctx.db);
  let provider = buildOidcProvider(ctx, { issuer, material, log: options.log });
  let checkedAt = Date.now();
  let checking: Promise<void> | null = null;

  const reload = async () => {
    await ensureOidcSigningKey(ctx.db);
    material = await loadOidcKeyMaterial(ctx.db);
    provider = buildOidcProvider(ctx, { issuer, material, log: options.log });
    checkedAt = Date.now();
  };
  const checkForRotation = async () => {
    checkedAt = Date.now();
    try {
      if ((await oidcKeyFingerprint(ctx.db)) !== material.fingerprint) await reload();
    } catch (error) {
      options.log.warn(`oidc keys not reloaded: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    issuer,
    async current() {
      if (Date.now() - checkedAt > KEY_CHECK_INTERVAL_MS) {
        checking ??= checkForRotation().finally(() => {
          checking = null;
        });
        await checking;
      }
      return provider;
    },
    reload,
  };
}
