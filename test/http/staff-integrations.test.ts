import { createHash, createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { apiKeys } from '../../src/modules/integration/integration.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { oidcClients } from '../../src/modules/oidc/oidc.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEndpoints } from '../../src/modules/webhooks/webhooks.tables.js';
import { storeClient } from '../support/integration.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { startWebhookReceiver, type TReceivedWebhook, type TWebhookReceiver } from '../support/webhook-receiver.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// Store integrations in the back office (issue "Passkeys and OpenID Connect", item 3): store
// API keys, webhook endpoints with their delivery log, replay and test event, and OpenID
// Connect clients, under /api/staff/integrations, for owners and administrators, within the
// markets they work in, every change audited with no secret in it.

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
let support: TStaff;
let readOnly: TStaff;
/** An administrator who works in market B only. */
let limited: TStaff;
let marketB: { id: string };

beforeAll(async () => {
  // One retry 50 ms after a failed attempt, then the delivery is failed: replay is reached fast.
  t = await createTestApp({ webhookRetryDelaysMs: [50] });
  owner = await setUpFirstOwner(t);
  [admin, support, readOnly, limited] = [
    await inviteStaffMember(t, owner, 'administrator'),
    await inviteStaffMember(t, owner, 'support'),
    await inviteStaffMember(t, owner, 'read_only'),
    await inviteStaffMember(t, owner, 'administrator'),
  ];
  marketB = await createTestMarket(t, { code: 'b' });
  const limitedNow = await owner.client.patch(`/api/staff/users/${limited.id}`, { marketIds: [marketB.id] }, as(owner));
  expect(limitedNow.status, JSON.stringify(limitedNow.body)).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const as = (staff: TStaff) => ({ token: staff.token });
const BASE = '/api/staff/integrations';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const paths = (body: unknown) =>
  ((body as { errors?: { path: string; code: string }[] }).errors ?? []).map((error) => `${error.path}:${error.code}`).sort();

async function auditOf(targetId: string) {
  return t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.targetId, targetId)).orderBy(staffAuditEvents.id);
}

/** The audit rows of a target, checked to hold none of the given secrets anywhere. */
async function expectAudited(targetId: string, actions: string[], secrets: string[] = []) {
  const rows = await auditOf(targetId);
  expect(rows.map((row) => row.action)).toEqual(actions);
  const text = JSON.stringify(rows);
  for (const secret of secrets) expect(text).not.toContain(secret);
  return rows;
}

/** Our own HMAC, not the code under test: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. */
function signatureWith(secret: string, webhook: TReceivedWebhook): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const id = String(webhook.headers['webhook-id']);
  const timestamp = String(webhook.headers['webhook-timestamp']);
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${webhook.body}`).digest('base64')}`;
}

type TLogItem = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastResponseSnippet: string | null;
  nextAttemptAt: string | null;
};

async function deliveryLog(staff: TStaff, endpointId: string): Promise<TLogItem[]> {
  const response = await staff.client.get(`${BASE}/webhooks/${endpointId}/deliveries?limit=100`, as(staff));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as { items: TLogItem[] }).items;
}

/** Polls the log until the delivery reaches `status` with `attempts` (the worker runs on its own). */
async function waitForDelivery(staff: TStaff, endpointId: string, deliveryId: string, status: string, attempts: number): Promise<TLogItem> {
  for (let i = 0; i < 200; i += 1) {
    const delivery = (await deliveryLog(staff, endpointId)).find((item) => item.id === deliveryId);
    if (delivery?.status === status && delivery.attempts === attempts) return delivery;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`delivery ${deliveryId} never became ${status} after ${attempts} attempts`);
}

type TEndpoint = { id: string; secret: string; receiver: TWebhookReceiver };

async function createEndpoint(staff: TStaff, body: Record<string, unknown> = {}): Promise<TEndpoint> {
  const receiver = await startWebhookReceiver();
  const created = await staff.client.post(`${BASE}/webhooks`, { url: receiver.url, marketId: DEFAULT_MARKET_ID, eventTypes: ['customer.created'], description: 'ERP', ...body }, as(staff));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id, secret } = created.body as { id: string; secret: string };
  onTestFinished(() => receiver.close());
  return { id, secret, receiver };
}

describe('who may use /api/staff/integrations', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', `${BASE}/options`],
    ['GET', `${BASE}/api-keys`],
    ['POST', `${BASE}/api-keys`, { name: 'Caisse', marketId: DEFAULT_MARKET_ID, scopes: ['orders:write'] }],
    ['POST', `${BASE}/api-keys/key_x/revoke`],
    ['GET', `${BASE}/webhooks`],
    ['POST', `${BASE}/webhooks`, { url: 'https://erp.example/hooks', marketId: DEFAULT_MARKET_ID, eventTypes: ['*'] }],
    ['PATCH', `${BASE}/webhooks/whe_x`, { enabled: false }],
    ['DELETE', `${BASE}/webhooks/whe_x`],
    ['POST', `${BASE}/webhooks/whe_x/rotate-secret`],
    ['GET', `${BASE}/webhooks/whe_x/deliveries`],
    ['POST', `${BASE}/webhooks/whe_x/deliveries/whd_x/replay`],
    ['POST', `${BASE}/webhooks/whe_x/test`],
    ['GET', `${BASE}/oidc-clients`],
    ['POST', `${BASE}/oidc-clients`, { name: 'Boutique', marketId: DEFAULT_MARKET_ID, clientType: 'public', redirectUris: ['https://shop.example/cb'] }],
    ['PATCH', `${BASE}/oidc-clients/oic_x`, { name: 'Autre' }],
    ['POST', `${BASE}/oidc-clients/oic_x/revoke`],
    ['POST', `${BASE}/oidc-clients/oic_x/rotate-secret`],
  ];

  it('support and read-only staff get 403 on every route, nobody signed in 401, and nothing is written', async () => {
    for (const [method, url, body] of routes) {
      for (const staff of [support, readOnly]) {
        const response = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${staff.token}` }, ...(body ? { payload: body as object } : {}) });
        expect(response.statusCode, `${method} ${url} as ${staff.role}`).toBe(403);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const anonymous = await t.app.inject({ method: method as 'GET', url, ...(body ? { payload: body as object } : {}) });
      expect(anonymous.statusCode, `${method} ${url} signed out`).toBe(401);
    }
    expect(await t.ctx.db.select().from(apiKeys)).toHaveLength(0);
  });

  it('every route is in /openapi.json under the staffSession scheme', async () => {
    const document = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown; tags?: string[] }>> };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith(BASE))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })));
    expect(operations).toHaveLength(routes.length);
    for (const { name, operation } of operations) {
      expect(operation.security, name).toEqual([{ staffSession: [] }]);
      expect(operation.tags, name).toEqual(['Back office: store integrations']);
    }
  });

  it('GET /options lists the scopes, event types and OpenID Connect scopes the forms offer', async () => {
    const response = await admin.client.get(`${BASE}/options`, as(admin));
    expect(response.status).toBe(200);
    const body = response.body as { apiKeyScopes: string[]; webhookEventTypes: string[]; oidcScopes: string[] };
    expect(body.apiKeyScopes).toEqual(expect.arrayContaining(['orders:read', 'orders:write', 'webhooks:write']));
    expect(body.webhookEventTypes).toContain('customer.created');
    expect(body.webhookEventTypes).not.toContain('webhook.test');
    expect(body.oidcScopes).toContain('openid');
  });
});

describe('store API keys', () => {
  it('POST lists every bad field at once (name, market, scopes, unknown field), as problem+json', async () => {
    const refused = await admin.client.post(`${BASE}/api-keys`, { name: '  ', marketId: 'mkt_nowhere', scopes: ['orders:write', 'orders:fly'], key: 'ck_mine' }, as(admin));
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(paths(refused.body)).toEqual(['key:unknown_field', 'marketId:unknown_market', 'name:too_small', 'scopes.1:invalid_value']);
    const empty = await admin.client.post(`${BASE}/api-keys`, { name: 'Caisse', marketId: DEFAULT_MARKET_ID, scopes: [] }, as(admin));
    expect(paths(empty.body)).toEqual(['scopes:too_small']);
  });

  it('a key made in the back office is shown once, stored as SHA-256, listed without it, authenticates on /api/integration, and stops when revoked', async () => {
    const created = await admin.client.post(`${BASE}/api-keys`, { name: 'Caisse Lyon 2', marketId: DEFAULT_MARKET_ID, scopes: ['webhooks:read', 'orders:write', 'webhooks:read'] }, as(admin));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { key, apiKey } = created.body as { key: string; apiKey: { id: string; displayPrefix: string } };
    expect(key).toMatch(/^ck_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Caisse Lyon 2', marketId: DEFAULT_MARKET_ID, scopes: ['orders:write', 'webhooks:read'], displayPrefix: key.slice(0, 12), lastUsedAt: null, revokedAt: null });
    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row?.secretHash).toBe(sha256(key));

    const store = storeClient(t, key);
    expect((await store.get('/api/integration/webhooks')).status).toBe(200);
    const listed = await admin.client.get(`${BASE}/api-keys`, as(admin));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(12));
    expect(JSON.stringify(listed.body)).not.toContain('secretHash');
    const summary = (listed.body as { items: { id: string; lastUsedAt: string | null }[] }).items.find((item) => item.id === apiKey.id);
    expect(summary?.lastUsedAt).toEqual(expect.any(String));

    const revoked = await owner.client.post(`${BASE}/api-keys/${apiKey.id}/revoke`, undefined, as(owner));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: apiKey.id, revokedAt: expect.any(String) });
    expect((await store.get('/api/integration/webhooks')).status).toBe(401);
    const again = await owner.client.post(`${BASE}/api-keys/${apiKey.id}/revoke`, undefined, as(owner));
    expect((again.body as { revokedAt: string }).revokedAt).toBe((revoked.body as { revokedAt: string }).revokedAt);
    expect((await owner.client.post(`${BASE}/api-keys/key_unknown/revoke`, undefined, as(owner))).status).toBe(404);

    const audit = await expectAudited(apiKey.id, ['integration.api_key_created', 'integration.api_key_revoked', 'integration.api_key_revoked'], [key, key.slice(3, 12)]);
    expect(audit[0]).toMatchObject({ staffId: admin.id, targetType: 'api_key', details: { name: 'Caisse Lyon 2', marketId: DEFAULT_MARKET_ID, scopes: ['orders:write', 'webhooks:read'] } });
    expect(audit[1]).toMatchObject({ staffId: owner.id, details: { alreadyRevoked: false } });
  });

  it('an administrator limited to market B sees and makes B’s keys only; another market’s key is not found', async () => {
    const ofDefault = await owner.client.post(`${BASE}/api-keys`, { name: 'Site FR', marketId: DEFAULT_MARKET_ID, scopes: ['orders:read'] }, as(owner));
    const defaultKeyId = (ofDefault.body as { apiKey: { id: string } }).apiKey.id;
    const outside = await limited.client.post(`${BASE}/api-keys`, { name: 'Site FR bis', marketId: DEFAULT_MARKET_ID, scopes: ['orders:read'] }, as(limited));
    expect(outside.status).toBe(400);
    expect(paths(outside.body)).toEqual(['marketId:unknown_market']);
    const inside = await limited.client.post(`${BASE}/api-keys`, { name: 'Site BE', marketId: marketB.id, scopes: ['orders:read'] }, as(limited));
    expect(inside.status).toBe(201);
    const bKeyId = (inside.body as { apiKey: { id: string } }).apiKey.id;

    const listed = (await limited.client.get(`${BASE}/api-keys`, as(limited))).body as { items: { id: string; marketId: string }[] };
    expect(listed.items.map((item) => item.id)).toEqual([bKeyId]);
    expect((await limited.client.post(`${BASE}/api-keys/${defaultKeyId}/revoke`, undefined, as(limited))).status).toBe(404);
    const [untouched] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, defaultKeyId));
    expect(untouched?.revokedAt).toBeNull();
    const everything = (await owner.client.get(`${BASE}/api-keys`, as(owner))).body as { items: { id: string }[] };
    expect(everything.items.map((item) => item.id)).toEqual(expect.arrayContaining([bKeyId, defaultKeyId]));
  });
});

describe('webhook endpoints', () => {
  it('POST lists every bad field at once; the secret is shown once, stored as is to sign, and never listed; the audit keeps the host only', async () => {
    const refused = await admin.client.post(`${BASE}/webhooks`, { url: 'ftp://erp.example', eventTypes: ['customer.created', 'customer.vanished'], description: 'x'.repeat(501) }, as(admin));
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['description:too_big', 'eventTypes.1:unknown_event_type', 'marketId:required', 'url:invalid_url']);

    const created = await admin.client.post(
      `${BASE}/webhooks`,
      { url: 'https://erp.example/hooks?token=jeton-du-recepteur', marketId: DEFAULT_MARKET_ID, eventTypes: ['customer.created'], description: 'ERP' },
      as(admin),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const endpoint = created.body as { id: string; secret: string; marketId: string };
    expect(endpoint).toMatchObject({ marketId: DEFAULT_MARKET_ID, eventTypes: ['customer.created'], enabled: true, secret: expect.stringMatching(/^whsec_/) });
    const [row] = await t.ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(row?.secret).toBe(endpoint.secret);
    const listed = await admin.client.get(`${BASE}/webhooks`, as(admin));
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    expect((listed.body as { items: { id: string }[] }).items.map((item) => item.id)).toContain(endpoint.id);

    const changed = await admin.client.patch(`${BASE}/webhooks/${endpoint.id}`, { enabled: false, eventTypes: ['*'], url: 'https://erp2.example/hooks?token=autre-jeton' }, as(admin));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, eventTypes: ['*'], url: 'https://erp2.example/hooks?token=autre-jeton' });
    expect(JSON.stringify(changed.body)).not.toContain('whsec_');
    const badChange = await admin.client.patch(`${BASE}/webhooks/${endpoint.id}`, { url: 'nope', eventTypes: [], marketId: null }, as(admin));
    expect(paths(badChange.body)).toEqual(['eventTypes:too_small', 'marketId:unknown_field', 'url:invalid_url']);

    expect((await admin.client.delete(`${BASE}/webhooks/${endpoint.id}`, as(admin))).status).toBe(204);
    expect((await admin.client.delete(`${BASE}/webhooks/${endpoint.id}`, as(admin))).status).toBe(404);
    const audit = await expectAudited(endpoint.id, ['integration.webhook_created', 'integration.webhook_updated', 'integration.webhook_deleted'], [endpoint.secret, 'jeton-du-recepteur', 'autre-jeton']);
    expect(audit[0]?.details).toEqual({ marketId: DEFAULT_MARKET_ID, host: 'erp.example', eventTypes: ['customer.created'] });
    expect(audit[1]?.details).toMatchObject({ changed: ['enabled', 'eventTypes', 'url'], host: 'erp2.example', enabled: false });
  });

  it('a test event reaches this endpoint only, signed, and shows in its log with status, time and answer', async () => {
    const endpoint = await createEndpoint(admin);
    const bystander = await createEndpoint(admin, { eventTypes: ['*'] });
    const sent = await admin.client.post(`${BASE}/webhooks/${endpoint.id}/test`, undefined, as(admin));
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const delivery = sent.body as { id: string; eventId: string; eventType: string; status: string };
    expect(delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending' });

    const webhook = await endpoint.receiver.waitFor((received) => received.json.type === 'webhook.test');
    expect(webhook.headers['webhook-id']).toBe(delivery.eventId);
    expect(webhook.headers['webhook-signature']).toBe(signatureWith(endpoint.secret, webhook));
    expect(webhook.json.data).toMatchObject({ endpointId: endpoint.id, marketId: DEFAULT_MARKET_ID });
    const logged = await waitForDelivery(admin, endpoint.id, delivery.id, 'succeeded', 1);
    expect(logged).toMatchObject({ eventType: 'webhook.test', lastStatusCode: 200, lastDurationMs: expect.any(Number), lastResponseSnippet: 'ok', nextAttemptAt: null });

    // The worker has passed since: the other endpoint, subscribed to everything, heard nothing.
    await t.runtime.webhookWorker.flush();
    expect(bystander.receiver.received.filter((received) => received.json.type === 'webhook.test')).toEqual([]);
    expect(await deliveryLog(admin, bystander.id)).toEqual([]);
    const audit = await expectAudited(endpoint.id, ['integration.webhook_created', 'integration.webhook_test_sent'], [endpoint.secret]);
    expect(audit[1]?.details).toEqual({ deliveryId: delivery.id, eventId: delivery.eventId });
  });

  it('a rotated secret is shown once and signs the very next delivery; the old one no longer does', async () => {
    const endpoint = await createEndpoint(owner);
    const rotated = await owner.client.post(`${BASE}/webhooks/${endpoint.id}/rotate-secret`, undefined, as(owner));
    expect(rotated.status).toBe(200);
    const { secret } = rotated.body as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);

    const sent = await owner.client.post(`${BASE}/webhooks/${endpoint.id}/test`, undefined, as(owner));
    const eventId = (sent.body as { eventId: string }).eventId;
    const webhook = await endpoint.receiver.waitFor((received) => received.headers['webhook-id'] === eventId);
    expect(webhook.headers['webhook-signature']).toBe(signatureWith(secret, webhook));
    expect(webhook.headers['webhook-signature']).not.toBe(signatureWith(endpoint.secret, webhook));
    expect(JSON.stringify((await owner.client.get(`${BASE}/webhooks`, as(owner))).body)).not.toContain(secret);
    await expectAudited(endpoint.id, ['integration.webhook_created', 'integration.webhook_secret_rotated', 'integration.webhook_test_sent'], [endpoint.secret, secret]);
  });

  it('a failed delivery is logged with its answer and replayed once more on request; only failed ones can be', async () => {
    const endpoint = await createEndpoint(admin);
    endpoint.receiver.answerNext([500, 503]);
    const sent = await admin.client.post(`${BASE}/webhooks/${endpoint.id}/test`, undefined, as(admin));
    const deliveryId = (sent.body as { id: string }).id;
    const failed = await waitForDelivery(admin, endpoint.id, deliveryId, 'failed', 2);
    expect(failed).toMatchObject({ lastStatusCode: 503, lastResponseSnippet: 'refused with 503', lastDurationMs: expect.any(Number), nextAttemptAt: null });
    const onlyFailed = await admin.client.get(`${BASE}/webhooks/${endpoint.id}/deliveries?status=failed`, as(admin));
    expect((onlyFailed.body as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([deliveryId]);

    const replayed = await admin.client.post(`${BASE}/webhooks/${endpoint.id}/deliveries/${deliveryId}/replay`, undefined, as(admin));
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(202);
    expect(replayed.body).toMatchObject({ id: deliveryId, status: 'pending' });
    const succeeded = await waitForDelivery(admin, endpoint.id, deliveryId, 'succeeded', 3);
    expect(succeeded).toMatchObject({ lastStatusCode: 200, lastResponseSnippet: 'ok' });
    expect(endpoint.receiver.received.filter((received) => received.json.type === 'webhook.test')).toHaveLength(3);

    const again = await admin.client.post(`${BASE}/webhooks/${endpoint.id}/deliveries/${deliveryId}/replay`, undefined, as(admin));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'delivery_not_failed' });
    // A delivery is reached through its own endpoint only.
    const other = await createEndpoint(admin);
    expect((await admin.client.post(`${BASE}/webhooks/${other.id}/deliveries/${deliveryId}/replay`, undefined, as(admin))).status).toBe(404);
    const audit = await expectAudited(endpoint.id, ['integration.webhook_created', 'integration.webhook_test_sent', 'integration.webhook_delivery_replayed'], [endpoint.secret]);
    expect(audit[2]?.details).toMatchObject({ deliveryId, eventType: 'webhook.test' });
  });

  it('an endpoint of every market is only for staff of every market; a limited administrator sees and changes B’s only', async () => {
    const everyMarket = await createEndpoint(owner, { marketId: null, eventTypes: ['*'] });
    const ofDefault = await createEndpoint(owner);
    const refused = await limited.client.post(`${BASE}/webhooks`, { url: 'https://be.example/hooks', marketId: null, eventTypes: ['*'] }, as(limited));
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['marketId:market_required']);
    const outside = await limited.client.post(`${BASE}/webhooks`, { url: 'https://be.example/hooks', marketId: DEFAULT_MARKET_ID, eventTypes: ['*'] }, as(limited));
    expect(paths(outside.body)).toEqual(['marketId:unknown_market']);
    const ofB = await createEndpoint(limited, { marketId: marketB.id });

    const listed = (await limited.client.get(`${BASE}/webhooks`, as(limited))).body as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toEqual([ofB.id]);
    for (const id of [everyMarket.id, ofDefault.id]) {
      expect((await limited.client.patch(`${BASE}/webhooks/${id}`, { enabled: false }, as(limited))).status).toBe(404);
      expect((await limited.client.post(`${BASE}/webhooks/${id}/rotate-secret`, undefined, as(limited))).status).toBe(404);
      expect((await limited.client.get(`${BASE}/webhooks/${id}/deliveries`, as(limited))).status).toBe(404);
      expect((await limited.client.post(`${BASE}/webhooks/${id}/test`, undefined, as(limited))).status).toBe(404);
      expect((await limited.client.delete(`${BASE}/webhooks/${id}`, as(limited))).status).toBe(404);
    }
    const [still] = await t.ctx.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, everyMarket.id), eq(webhookEndpoints.enabled, true)));
    expect(still).toBeDefined();

    // The owner manages the endpoint of every market like any other: its test event goes to it alone.
    const everything = (await owner.client.get(`${BASE}/webhooks`, as(owner))).body as { items: { id: string; marketId: string | null }[] };
    expect(everything.items.find((item) => item.id === everyMarket.id)?.marketId).toBeNull();
    const sent = await owner.client.post(`${BASE}/webhooks/${everyMarket.id}/test`, undefined, as(owner));
    expect(sent.status).toBe(202);
    const webhook = await everyMarket.receiver.waitFor((received) => received.json.type === 'webhook.test');
    expect(webhook.json.data).not.toHaveProperty('marketId');
    expect((await owner.client.patch(`${BASE}/webhooks/${everyMarket.id}`, { description: null }, as(owner))).status).toBe(200);
  });
});

describe('OpenID Connect clients', () => {
  const storefront = { name: 'Boutique Lyon', marketId: DEFAULT_MARKET_ID, redirectUris: ['https://boutique.example/callback'], postLogoutRedirectUris: [], firstParty: true, backchannelLogoutUri: null };

  it('POST lists every bad field at once', async () => {
    const refused = await admin.client.post(
      `${BASE}/oidc-clients`,
      { name: ' ', marketId: 'mkt_nowhere', clientType: 'secret', redirectUris: ['ftp://x', 'https://ok.example/#frag'], allowedScopes: ['email'], firstParty: 'yes' },
      as(admin),
    );
    expect(refused.status).toBe(400);
    expect(paths(refused.body).map((entry) => entry.split(':')[0])).toEqual(['allowedScopes', 'clientType', 'firstParty', 'marketId', 'name', 'redirectUris.0', 'redirectUris.1']);
  });

  it('a confidential client’s secret is shown once and stored as SHA-256; the provider finds the client at once, and no more once revoked', async () => {
    const created = await admin.client.post(`${BASE}/oidc-clients`, { ...storefront, clientType: 'confidential', allowedScopes: ['openid', 'email'] }, as(admin));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { client, clientSecret } = created.body as { client: { clientId: string }; clientSecret: string };
    expect(clientSecret).toMatch(/^ocs_/);
    expect(client).toMatchObject({ clientId: expect.stringMatching(/^oic_/), clientType: 'confidential', firstParty: true, allowedScopes: ['openid', 'email'], revokedAt: null });
    const [row] = await t.ctx.db.select().from(oidcClients).where(eq(oidcClients.id, client.clientId));
    expect(row?.secretHash).toBe(sha256(clientSecret));
    const listed = await admin.client.get(`${BASE}/oidc-clients`, as(admin));
    expect(JSON.stringify(listed.body)).not.toContain(clientSecret);
    expect(JSON.stringify(listed.body)).not.toContain(row!.secretHash!);

    const discovery = await apiClient(t.app).get('/.well-known/openid-configuration');
    expect(discovery.status).toBe(200);
    const authorizeAt = new URL((discovery.body as { authorization_endpoint: string }).authorization_endpoint);
    const authorize = () =>
      t.app.inject({
        method: 'GET',
        url: `${authorizeAt.pathname}?${new URLSearchParams({
          client_id: client.clientId,
          redirect_uri: storefront.redirectUris[0]!,
          response_type: 'code',
          scope: 'openid email',
          state: 'etat',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
      });
    const found = await authorize();
    // Known client, registered redirect: the provider starts the sign-in (the interaction page).
    expect(found.statusCode).toBe(303);
    expect(found.headers.location).toMatch(/\/oidc\/interaction\//);

    const rotated = await admin.client.post(`${BASE}/oidc-clients/${client.clientId}/rotate-secret`, undefined, as(admin));
    expect(rotated.status).toBe(200);
    const newSecret = (rotated.body as { clientSecret: string }).clientSecret;
    expect(newSecret).not.toBe(clientSecret);
    const [rotatedRow] = await t.ctx.db.select().from(oidcClients).where(eq(oidcClients.id, client.clientId));
    expect(rotatedRow?.secretHash).toBe(sha256(newSecret));

    const revoked = await admin.client.post(`${BASE}/oidc-clients/${client.clientId}/revoke`, undefined, as(admin));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokedAt: expect.any(String) });
    const gone = await authorize();
    expect(gone.statusCode).toBe(400);
    expect(gone.body).toContain('invalid_client');
    expect((await admin.client.post(`${BASE}/oidc-clients/${client.clientId}/rotate-secret`, undefined, as(admin))).body).toMatchObject({ code: 'oidc_client_revoked' });
    expect((await admin.client.patch(`${BASE}/oidc-clients/${client.clientId}`, { name: 'Encore' }, as(admin))).status).toBe(409);

    const audit = await expectAudited(client.clientId, ['integration.oidc_client_created', 'integration.oidc_client_secret_rotated', 'integration.oidc_client_revoked'], [clientSecret, newSecret, row!.secretHash!, rotatedRow!.secretHash!]);
    expect(audit[0]?.details).toMatchObject({ name: 'Boutique Lyon', clientType: 'confidential', redirectUris: storefront.redirectUris, firstParty: true });
  });

  it('a public client has no secret; its settings change (audited), its type does not', async () => {
    const created = await owner.client.post(`${BASE}/oidc-clients`, { ...storefront, clientType: 'public', firstParty: false }, as(owner));
    expect(created.status).toBe(201);
    const { client, clientSecret } = created.body as { client: { clientId: string }; clientSecret: string | null };
    expect(clientSecret).toBeNull();
    const changed = await owner.client.patch(`${BASE}/oidc-clients/${client.clientId}`, { firstParty: true, postLogoutRedirectUris: ['https://boutique.example/bye'] }, as(owner));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ firstParty: true, postLogoutRedirectUris: ['https://boutique.example/bye'], name: 'Boutique Lyon' });
    const refused = await owner.client.patch(`${BASE}/oidc-clients/${client.clientId}`, { clientType: 'confidential', redirectUris: [] }, as(owner));
    expect(paths(refused.body).map((entry) => entry.split(':')[0])).toEqual(['clientType', 'redirectUris']);
    const rotate = await owner.client.post(`${BASE}/oidc-clients/${client.clientId}/rotate-secret`, undefined, as(owner));
    expect(rotate.status).toBe(409);
    expect(rotate.body).toMatchObject({ code: 'oidc_client_public' });
    const audit = await expectAudited(client.clientId, ['integration.oidc_client_created', 'integration.oidc_client_updated']);
    expect(audit[1]?.details).toEqual({ changed: ['firstParty', 'postLogoutRedirectUris'], firstParty: true, postLogoutRedirectUris: ['https://boutique.example/bye'] });
  });

  it('an administrator limited to market B sees and makes B’s clients only', async () => {
    const ofDefault = await owner.client.post(`${BASE}/oidc-clients`, { ...storefront, clientType: 'public' }, as(owner));
    const defaultId = (ofDefault.body as { client: { clientId: string } }).client.clientId;
    const outside = await limited.client.post(`${BASE}/oidc-clients`, { ...storefront, clientType: 'public' }, as(limited));
    expect(paths(outside.body)).toEqual(['marketId:unknown_market']);
    const inside = await limited.client.post(`${BASE}/oidc-clients`, { ...storefront, marketId: marketB.id, clientType: 'public' }, as(limited));
    expect(inside.status).toBe(201);
    const bId = (inside.body as { client: { clientId: string } }).client.clientId;
    const listed = (await limited.client.get(`${BASE}/oidc-clients`, as(limited))).body as { items: { clientId: string }[] };
    expect(listed.items.map((item) => item.clientId)).toEqual([bId]);
    expect((await limited.client.patch(`${BASE}/oidc-clients/${defaultId}`, { name: 'Pris' }, as(limited))).status).toBe(404);
    expect((await limited.client.post(`${BASE}/oidc-clients/${defaultId}/revoke`, undefined, as(limited))).status).toBe(404);
    expect((await limited.client.post(`${BASE}/oidc-clients/${defaultId}/rotate-secret`, undefined, as(limited))).status).toBe(404);
    const [row] = await t.ctx.db.select().from(oidcClients).where(eq(oidcClients.id, defaultId));
    expect(row).toMatchObject({ name: 'Boutique Lyon', revokedAt: null });
  });
});
