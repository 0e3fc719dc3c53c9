import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { apiKeyResources, type TApiKeyScope } from '../integration/api-key-scopes.js';
import { oidcScopes, ZCreateOidcClientBody, ZOidcClient } from '../oidc/oidc-clients.schemas.js';
import { staffProblem } from '../staff/staff-auth.routes.js';
import { webhookEventTypes } from '../webhooks/webhook-events.js';
import { ZCreateWebhookBody, ZDeliveriesQuery, ZUpdateWebhookBody, ZWebhookDelivery, ZWebhookEndpoint } from '../webhooks/webhooks.schemas.js';

// The back office's store integrations (issue "Passkeys and OpenID Connect", item 3): API keys,
// webhook endpoints and OpenID Connect clients, each of one market. The bodies reuse the rules
// of the store's own routes and of the oidc module, so the back office, the store API and the
// command line refuse the same things.

/** Every scope a key can be given, in the order of the resources. */
export const apiKeyScopeValues = apiKeyResources.flatMap((resource) => [`${resource}:read`, `${resource}:write`] as TApiKeyScope[]);

/**
 * A market id that must exist, checked with the body's other fields so that every bad field is
 * listed at once. Whether the member works in it is checked by the service (same answer).
 */
export function marketIdField(ctx: Pick<TAppContext, 'markets'>) {
  return z
    .string()
    .max(64)
    .refine((id) => ctx.markets.byId(id) !== undefined, { error: 'No market has this id.', params: { code: 'unknown_market' } })
    .describe('The market (`GET /api/staff/markets`): the key, endpoint or client reads and writes that market only.');
}

export const ZStoreApiKey = z.object({
  id: z.string(),
  name: z.string(),
  marketId: z.string(),
  displayPrefix: z.string().describe('The key’s first 12 characters (`ck_…`), to tell keys apart; never the key.'),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable().describe('Refreshed at most once a minute.'),
  revokedAt: z.date().nullable(),
});

export const createApiKeyBodySchema = (ctx: Pick<TAppContext, 'markets'>) =>
  z
    .object({
      name: z.string().trim().min(1, { error: 'Name the key.' }).max(100),
      marketId: marketIdField(ctx),
      scopes: z
        .array(z.enum(apiKeyScopeValues as [TApiKeyScope, ...TApiKeyScope[]]))
        .min(1, { error: 'Give at least one scope.' })
        .max(apiKeyScopeValues.length)
        .transform((scopes) => [...new Set(scopes)].sort())
        .describe('`<resource>:read` or `<resource>:write` (write includes read).'),
    })
    .strict();
export type TCreateApiKeyBody = z.output<ReturnType<typeof createApiKeyBodySchema>>;

export const ZStoreApiKeyCreated = z.object({
  key: z.string().describe('The key itself (`ck_…`): shown in this answer only, stored as its SHA-256.'),
  apiKey: ZStoreApiKey,
});

export const ZStaffWebhookEndpoint = ZWebhookEndpoint.extend({
  marketId: z.string().nullable().describe('Null: an endpoint of every market, sent every market’s events.'),
});
export const ZStaffWebhookEndpointWithSecret = ZStaffWebhookEndpoint.extend({
  secret: z.string().describe('`whsec_…`: the Standard Webhooks signing secret, shown in this answer only (it is kept as is, to sign).'),
});

export const createWebhookBodySchema = (ctx: Pick<TAppContext, 'markets'>) =>
  ZCreateWebhookBody.extend({ marketId: marketIdField(ctx).nullable() }).strict();
export type TCreateStaffWebhookBody = z.output<ReturnType<typeof createWebhookBodySchema>>;

export const ZUpdateStaffWebhookBody = ZUpdateWebhookBody.strict();

export const ZWebhookDeliveryLogItem = ZWebhookDelivery.extend({
  lastDurationMs: z.number().int().nullable().describe('How long the last attempt took to be answered, in milliseconds.'),
  lastResponseSnippet: z.string().nullable().describe('The first 1 KB the endpoint answered to the last attempt.'),
});
export const ZWebhookDeliveryLog = z.object({ items: z.array(ZWebhookDeliveryLogItem), nextCursor: z.string().nullable() });
export const ZStaffDeliveriesQuery = ZDeliveriesQuery;

export const createOidcClientBodySchema = (ctx: Pick<TAppContext, 'markets'>) => ZCreateOidcClientBody.extend({ marketId: marketIdField(ctx) }).strict();
export type TCreateStaffOidcClientBody = z.output<ReturnType<typeof createOidcClientBodySchema>>;

export const ZOidcClientWithSecret = z.object({
  client: ZOidcClient,
  clientSecret: z.string().nullable().describe('A confidential client’s secret (`ocs_…`), shown in this answer only, stored as its SHA-256; null for a public client.'),
});

/** What the forms offer: every scope, event type and OpenID Connect scope. */
export const ZIntegrationOptions = z.object({
  apiKeyScopes: z.array(z.string()),
  webhookEventTypes: z.array(z.string()),
  oidcScopes: z.array(z.string()),
});
export const integrationOptions = { apiKeyScopes: apiKeyScopeValues, webhookEventTypes: [...webhookEventTypes], oidcScopes: [...oidcScopes] };

export const ZApiKeyIdParams = z.object({ keyId: z.string().max(64) });
export const ZEndpointIdParams = z.object({ endpointId: z.string().max(64) });
export const ZEndpointDeliveryParams = z.object({ endpointId: z.string().max(64), deliveryId: z.string().max(64) });
export const ZOidcClientIdParams = z.object({ clientId: z.string().max(64) });

export const integrationTags = ['Back office: store integrations'];
export const integrationSecurity = [{ staffSession: [] }];
export const integrationProblem = staffProblem;
/** Every route: 401 without a staff session, 403 without integrations.manage (support, read-only). */
export const denied = { 401: staffProblem, 403: staffProblem };
