import { z } from 'zod';

/** The scopes a client may be allowed: OpenID Connect's own, refresh tokens, and Comptoir's buying context. */
export const oidcScopes = ['openid', 'profile', 'email', 'offline_access', 'comptoir'] as const;
export type TOidcScope = (typeof oidcScopes)[number];

/**
 * A redirect or logout URI as OpenID Connect registers it: absolute http(s), no fragment,
 * compared exactly. Plain http is accepted for development storefronts (localhost, a private
 * network); production storefronts use https.
 */
const ZRegisteredUri = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((value) => !value.includes('#'), 'must not hold a fragment (#)');

export const ZCreateOidcClientBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** `public` (a browser or mobile app: PKCE, no secret) or `confidential` (a server: a secret). */
    clientType: z.enum(['public', 'confidential']),
    redirectUris: z.array(ZRegisteredUri).min(1).max(20),
    postLogoutRedirectUris: z.array(ZRegisteredUri).max(20).default([]),
    allowedScopes: z
      .array(z.enum(oidcScopes))
      .max(oidcScopes.length)
      .default(['openid', 'profile', 'email', 'offline_access'])
      .refine((scopes) => scopes.includes('openid'), 'must include openid'),
    /** The shop's own storefront: signing in does not ask the customer's consent. */
    firstParty: z.boolean().default(false),
    backchannelLogoutUri: ZRegisteredUri.nullable().default(null),
  })
  .strict();
export type TCreateOidcClientBody = z.input<typeof ZCreateOidcClientBody>;

export const ZUpdateOidcClientBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    redirectUris: z.array(ZRegisteredUri).min(1).max(20),
    postLogoutRedirectUris: z.array(ZRegisteredUri).max(20),
    allowedScopes: z
      .array(z.enum(oidcScopes))
      .max(oidcScopes.length)
      .refine((scopes) => scopes.includes('openid'), 'must include openid'),
    firstParty: z.boolean(),
    backchannelLogoutUri: ZRegisteredUri.nullable(),
  })
  .partial()
  .strict();
export type TUpdateOidcClientBody = z.input<typeof ZUpdateOidcClientBody>;

/** A client as the back office and the CLI show it: never its secret, nor the secret's digest. */
export const ZOidcClient = z.object({
  clientId: z.string(),
  marketId: z.string(),
  name: z.string(),
  clientType: z.enum(['public', 'confidential']),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  allowedScopes: z.array(z.string()),
  firstParty: z.boolean(),
  backchannelLogoutUri: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  revokedAt: z.date().nullable(),
});
export type TOidcClient = z.infer<typeof ZOidcClient>;
