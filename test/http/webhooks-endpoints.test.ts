import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  store = storeClient(t, await newApiKey(t, ['webhooks:write']));
});
afterAll(async () => {
  await t.close();
});

// Nothing listens there: these tests never let an event be delivered.
const URL = 'https://erp.example.com/hooks/comptoir';

type TEndpoint = { id: string; url: string; description: string | null; eventTypes: string[]; enabled: boolean; secret?: string };

async function create(body: object = { url: URL, eventTypes: ['customer.created'] }): Promise<TEndpoint> {
  const response = await store.post('/api/integration/webhooks', body);
  expect(response.status).toBe(201);
  return response.body as TEndpoint;
}

describe('webhook endpoints', () => {
  it('POST /api/integration/webhooks: 201 with a whsec_ secret of 32 random bytes, shown only in this answer', async () => {
    const endpoint = await create({ url: URL, eventTypes: ['customer.updated', 'customer.created', 'customer.created'], description: 'ERP' });
    expect(endpoint).toMatchObject({ id: expect.stringMatching(/^whe_/), url: URL, description: 'ERP', eventTypes: ['customer.created', 'customer.updated'], enabled: true });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(Buffer.from(endpoint.secret!.slice(6), 'base64')).toHaveLength(32);

    const one = await store.get(`/api/integration/webhooks/${endpoint.id}`);
    const list = await store.get('/api/integration/webhooks');
    for (const response of [one, list]) {
      expect(response.status).toBe(200);
      expect(response.raw.body).not.toContain(endpoint.secret);
      expect(response.raw.body).not.toContain('"secret"');
    }
    expect((list.body as { items: TEndpoint[] }).items.map((item) => item.id)).toContain(endpoint.id);
  });

  it('PATCH /api/integration/webhooks/{id}: changes only what is given; `*` replaces a list; DELETE removes it (204, then 404)', async () => {
    const endpoint = await create();
    const patched = await store.patch(`/api/integration/webhooks/${endpoint.id}`, { enabled: false, eventTypes: ['customer.deleted', '*'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ url: URL, enabled: false, eventTypes: ['*'], description: null });
    const moved = await store.patch(`/api/integration/webhooks/${endpoint.id}`, { url: 'http://10.0.0.5:8080/in', description: 'Till' });
    expect(moved.body).toMatchObject({ url: 'http://10.0.0.5:8080/in', description: 'Till', enabled: false, eventTypes: ['*'] });

    expect((await store.delete(`/api/integration/webhooks/${endpoint.id}`)).status).toBe(204);
    for (const response of [
      await store.get(`/api/integration/webhooks/${endpoint.id}`),
      await store.patch(`/api/integration/webhooks/${endpoint.id}`, { enabled: true }),
      await store.delete(`/api/integration/webhooks/${endpoint.id}`),
      await store.post(`/api/integration/webhooks/${endpoint.id}/rotate-secret`, undefined),
      await store.get(`/api/integration/webhooks/${endpoint.id}/deliveries`),
      await store.get('/api/integration/webhook-deliveries/whd_01jd3k0000000000000000000'),
      await store.post('/api/integration/webhook-deliveries/whd_01jd3k0000000000000000000/replay', undefined),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'not_found' });
    }
  });

  it.each([
    [{ url: 'ftp://erp.example.com/in', eventTypes: ['*'] }, 'url', 'invalid_url'],
    [{ url: '/hooks/comptoir', eventTypes: ['*'] }, 'url', 'invalid_url'],
    [{ url: 'javascript:alert(1)', eventTypes: ['*'] }, 'url', 'invalid_url'],
    [{ eventTypes: ['*'] }, 'url', 'required'],
    [{ url: URL, eventTypes: [] }, 'eventTypes', 'too_small'],
    [{ url: URL, eventTypes: ['customer.created', 'order.shipped'] }, 'eventTypes.1', 'unknown_event_type'],
  ])('POST /api/integration/webhooks %j: 400 on %s (%s)', async (body, path, code) => {
    const response = await store.post('/api/integration/webhooks', body);
    expect(response.status).toBe(400);
    expect((response.body as { errors: { path: string; code: string; message: string }[] }).errors).toContainEqual(expect.objectContaining({ path, code }));
  });

  it('POST /api/integration/webhooks: an unknown event type is named in the error', async () => {
    const response = await store.post('/api/integration/webhooks', { url: URL, eventTypes: ['order.shipped'] });
    expect(response.body).toMatchObject({ errors: [{ path: 'eventTypes.0', code: 'unknown_event_type', message: expect.stringContaining('order.shipped') }] });
  });

  it('POST /api/integration/webhooks with Idempotency-Key: the same request creates one endpoint', async () => {
    const body = { url: 'https://erp.example.com/once', eventTypes: ['*'] };
    const first = await store.post('/api/integration/webhooks', body, { idempotencyKey: 'create-once' });
    const again = await store.post('/api/integration/webhooks', body, { idempotencyKey: 'create-once' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const list = (await store.get('/api/integration/webhooks')).body as { items: TEndpoint[] };
    expect(list.items.filter((item) => item.url === body.url)).toHaveLength(1);
  });

  it('scopes: webhooks:read may read but not write; other scopes and no key are refused', async () => {
    const endpoint = await create();
    const reader = storeClient(t, await newApiKey(t, ['webhooks:read']));
    const stranger = storeClient(t, await newApiKey(t, ['customers:read', 'orders:write']));
    expect((await reader.get('/api/integration/webhooks')).status).toBe(200);
    expect((await reader.get(`/api/integration/webhooks/${endpoint.id}/deliveries`)).status).toBe(200);
    for (const response of [
      await reader.post('/api/integration/webhooks', { url: URL, eventTypes: ['*'] }),
      await reader.patch(`/api/integration/webhooks/${endpoint.id}`, { enabled: false }),
      await reader.post(`/api/integration/webhooks/${endpoint.id}/rotate-secret`, undefined),
      await reader.delete(`/api/integration/webhooks/${endpoint.id}`),
      await stranger.get('/api/integration/webhooks'),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'missing_scope' });
    }
    const anonymous = await apiClient(t.app).get('/api/integration/webhooks');
    expect(anonymous.status).toBe(401);
    expect((await store.get(`/api/integration/webhooks/${endpoint.id}`)).body).toMatchObject({ enabled: true });
  });

  it('GET /openapi.json: documents the webhook routes with the apiKey scheme', async () => {
    const doc = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown }>> };
    for (const path of ['/api/integration/webhooks', '/api/integration/webhooks/{id}/deliveries', '/api/integration/webhook-deliveries/{deliveryId}/replay']) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/integration/webhooks']!.post!.security).toEqual([{ apiKey: [] }]);
  });
});
