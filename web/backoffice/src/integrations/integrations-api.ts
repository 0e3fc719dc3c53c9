import { api } from '../backoffice-api';

// The store's integrations (src/modules/store-integrations): API keys, webhook endpoints and
// their delivery log, OpenID Connect clients. Secrets come back once, in the creation or
// rotation answer, and are never listed.

const path = (...parts: string[]) => `/api/staff/integrations/${parts.map(encodeURIComponent).join('/')}`;

export type IntegrationOptions = { apiKeyScopes: string[]; webhookEventTypes: string[]; oidcScopes: string[] };

export type StoreApiKey = {
  id: string;
  name: string;
  marketId: string;
  displayPrefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type ApiKeyInput = { name: string; marketId: string; scopes: string[] };

export type WebhookEndpoint = {
  id: string;
  /** Null: an endpoint of every market. */
  marketId: string | null;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};
export type WebhookInput = { url: string; marketId: string | null; eventTypes: string[]; description: string | null };
export type WebhookChanges = Partial<Pick<WebhookInput, 'url' | 'eventTypes' | 'description'>> & { enabled?: boolean };

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';
export type WebhookDelivery = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  succeededAt: string | null;
  createdAt: string;
  lastDurationMs?: number | null;
  lastResponseSnippet?: string | null;
};

export type OidcClientType = 'public' | 'confidential';
export type OidcClient = {
  clientId: string;
  marketId: string;
  name: string;
  clientType: OidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedScopes: string[];
  firstParty: boolean;
  backchannelLogoutUri: string | null;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
};
export type OidcClientInput = {
  name: string;
  marketId: string;
  clientType: OidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedScopes: string[];
  firstParty: boolean;
  backchannelLogoutUri: string | null;
};

export const getIntegrationOptions = () => api.get<IntegrationOptions>(path('options'));

export const listApiKeys = () => api.get<{ items: StoreApiKey[] }>(path('api-keys'));
export const createApiKey = (body: ApiKeyInput) => api.post<{ key: string; apiKey: StoreApiKey }>(path('api-keys'), body);
export const revokeApiKey = (keyId: string) => api.post<StoreApiKey>(path('api-keys', keyId, 'revoke'));

export const listWebhooks = () => api.get<{ items: WebhookEndpoint[] }>(path('webhooks'));
export const createWebhook = (body: WebhookInput) => api.post<WebhookEndpoint & { secret: string }>(path('webhooks'), body);
export const updateWebhook = (endpointId: string, body: WebhookChanges) => api.patch<WebhookEndpoint>(path('webhooks', endpointId), body);
export const deleteWebhook = (endpointId: string) => api.delete(path('webhooks', endpointId));
export const rotateWebhookSecret = (endpointId: string) => api.post<WebhookEndpoint & { secret: string }>(path('webhooks', endpointId, 'rotate-secret'));
export const listDeliveries = (endpointId: string, cursor: string | null) =>
  api.get<{ items: WebhookDelivery[]; nextCursor: string | null }>(`${path('webhooks', endpointId, 'deliveries')}?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
export const replayDelivery = (endpointId: string, deliveryId: string) => api.post<WebhookDelivery>(path('webhooks', endpointId, 'deliveries', deliveryId, 'replay'));
export const sendTestEvent = (endpointId: string) => api.post<WebhookDelivery>(path('webhooks', endpointId, 'test'));

export const listOidcClients = () => api.get<{ items: OidcClient[] }>(path('oidc-clients'));
export const createOidcClient = (body: OidcClientInput) => api.post<{ client: OidcClient; clientSecret: string | null }>(path('oidc-clients'), body);
export const updateOidcClient = (clientId: string, body: Partial<Omit<OidcClientInput, 'marketId' | 'clientType'>>) => api.patch<OidcClient>(path('oidc-clients', clientId), body);
export const revokeOidcClient = (clientId: string) => api.post<OidcClient>(path('oidc-clients', clientId, 'revoke'));
export const rotateOidcClientSecret = (clientId: string) => api.post<{ client: OidcClient; clientSecret: string }>(path('oidc-clients', clientId, 'rotate-secret'));
