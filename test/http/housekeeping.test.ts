import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/integration/api-keys.service.js';
import { idempotencyKeys } from '../../src/modules/integration/integration.tables.js';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { newId } from '../../src/platform/ids.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

describe('housekeeping (hourly retention passes)', () => {
  it('forgets idempotency answers after 24 hours, and finished webhook events after 30 days, keeping anything still pending', async () => {
    const { apiKey } = await createApiKey(t.ctx.db, { name: 'retention', scopes: ['orders:write'] });
    await t.ctx.db.insert(idempotencyKeys).values([
      { apiKeyId: apiKey.id, key: 'old', route: 'POST /api/integration/orders', requestHash: 'a', responseStatus: 201, responseBody: '{}' },
      { apiKeyId: apiKey.id, key: 'recent', route: 'POST /api/integration/orders', requestHash: 'b', responseStatus: 201, responseBody: '{}' },
    ]);
    await t.ctx.db.update(idempotencyKeys).set({ createdAt: sql`now() - interval '25 hours'` }).where(eq(idempotencyKeys.key, 'old'));

    const endpointId = newId('whe');
    await t.ctx.db.insert(webhookEndpoints).values({ id: endpointId, url: 'http://127.0.0.1:9/hook', secret: 'whsec_dGVzdA==', eventTypes: ['*'] });
    const event = async (ageDays: number, deliveryStatus: 'succeeded' | 'failed' | 'pending') => {
      const id = newId('evt');
      await t.ctx.db.insert(webhookEvents).values({ id, type: 'company.updated', payload: { id: 'cmp_x' }, createdAt: sql`${daysAgo(ageDays)}` as never, fannedOutAt: new Date() });
      // Pending deliveries wait far in the future: the running worker must not touch them here.
      await t.ctx.db.insert(webhookDeliveries).values({ id: newId('whd'), eventId: id, endpointId, status: deliveryStatus, nextAttemptAt: new Date(Date.now() + 86_400_000) });
      return id;
    };
    const oldSucceeded = await event(31, 'succeeded');
    const oldFailed = await event(40, 'failed');
    const oldPending = await event(45, 'pending');
    const recent = await event(2, 'succeeded');

    await t.runtime.housekeeping.runOnce();

    expect((await t.ctx.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.apiKeyId, apiKey.id))).map((row) => row.key)).toEqual(['recent']);
    const left = new Set((await t.ctx.db.select({ id: webhookEvents.id }).from(webhookEvents)).map((row) => row.id));
    expect([oldSucceeded, oldFailed].filter((id) => left.has(id))).toEqual([]);
    expect(left.has(oldPending)).toBe(true);
    expect(left.has(recent)).toBe(true);
    // Deliveries and their attempts go with their event.
    expect(await t.ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, oldSucceeded))).toEqual([]);
  });
});
