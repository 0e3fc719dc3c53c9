import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../src/modules/webhooks/webhook-events.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { findOrCreateGuestAccount } from '../../src/modules/customers/customers.service.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { insertCompany, insertMember } from '../support/companies.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { newApiKey, storeClient } from '../support/integration.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TEvent = { type: string; payload: Record<string, unknown>; customerId: string | null };

/** Events whose payload mentions `id` (as the subject, the company or the colleague), oldest first. */
async function eventsAbout(id: string): Promise<TEvent[]> {
  return t.ctx.db
    .select({ type: webhookEvents.type, payload: webhookEvents.payload, customerId: webhookEvents.customerId })
    .from(webhookEvents)
    .where(sql`${webhookEvents.payload}->>'id' = ${id} or ${webhookEvents.payload}->>'companyId' = ${id} or ${webhookEvents.payload}->>'customerId' = ${id}`)
    // Events of one transaction share its time; by type then, so company.created comes before its first member.
    .orderBy(asc(webhookEvents.createdAt), asc(webhookEvents.type));
}

async function eventsForEmail(email: string): Promise<TEvent[]> {
  return t.ctx.db
    .select({ type: webhookEvents.type, payload: webhookEvents.payload, customerId: webhookEvents.customerId })
    .from(webhookEvents)
    .where(sql`${webhookEvents.payload}->>'email' = ${email}`);
}

describe('domain events recorded for webhooks', () => {
  it('registration, verification and PATCH /api/me: customer.created then customer.updated, tied to the customer', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.patch('/api/me', { firstName: 'Inès' }, { token: customer.token })).status).toBe(200);
    const events = await eventsAbout(customer.customerId);
    expect(events.map((event) => event.type)).toEqual(['customer.created', 'customer.updated', 'customer.updated']);
    expect(events.every((event) => event.customerId === customer.customerId)).toBe(true);
    expect(events[0]!.payload).toEqual({
      id: customer.customerId,
      email: customer.email,
      firstName: 'Camille',
      lastName: 'Durand',
      accountType: 'individual',
      locale: 'fr',
      verified: false,
      status: 'active',
      approvalStatus: 'approved',
      marketId: DEFAULT_MARKET_ID,
    });
    expect(events[2]!.payload).toMatchObject({ firstName: 'Inès', verified: true });
  });

  it('a guest account from an order is a customer.created; the address’s existing account is not created again', async () => {
    const email = uniqueEmail('guest');
    const input = { marketId: DEFAULT_MARKET_ID, email, firstName: 'Noé', lastName: 'Petit', locale: 'fr' as const, origin: 'guest_order' as const };
    const first = await findOrCreateGuestAccount(t.ctx.db, input);
    await findOrCreateGuestAccount(t.ctx.db, input);
    expect((await eventsAbout(first.customer.id)).map((event) => event.type)).toEqual(['customer.created']);
  });

  it('nothing is recorded by a change that does not commit', async () => {
    const email = uniqueEmail('rollback');
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await recordEvent(tx, { type: 'customer.created', payload: { email } });
        throw new Error('the change failed after the event was written');
      }),
    ).rejects.toThrow('the change failed');
    // A refused registration (weak password), and one for an address that has an account.
    const client = apiClient(t.app);
    expect((await client.post('/api/auth/register', { email, password: 'motdepasse', firstName: 'A', lastName: 'B' })).status).toBe(400);
    const existing = await registerVerifiedCustomer(t);
    expect((await client.post('/api/auth/register', { email: existing.email, password: STRONG_PASSWORD, firstName: 'X', lastName: 'Y' })).status).toBe(202);
    expect(await eventsForEmail(email)).toEqual([]);
    expect((await eventsForEmail(existing.email)).filter((event) => event.type === 'customer.created')).toHaveLength(1);
  });

  it('companies and colleagues: created, updated, member added, role changed, member removed, deleted', async () => {
    const admin = await registerVerifiedCustomer(t);
    const created = await admin.client.post('/api/companies', { name: 'Atelier Lumière', kind: 'company', country: 'FR' }, { token: admin.token });
    expect(created.status).toBe(201);
    const companyId = (created.body as { id: string }).id;
    expect((await admin.client.patch(`/api/companies/${companyId}`, { name: 'Atelier Lumière SARL' }, { token: admin.token })).status).toBe(200);
    const colleague = await registerVerifiedCustomer(t);
    await insertMember(t, { companyId, customerId: colleague.customerId, role: 'member' });
    const member = `/api/companies/${companyId}/members/${colleague.customerId}`;
    expect((await admin.client.patch(member, { role: 'admin' }, { token: admin.token })).status).toBe(200);
    expect((await admin.client.delete(member, { token: admin.token })).status).toBe(204);
    expect((await admin.client.delete(`/api/companies/${companyId}`, { token: admin.token })).status).toBe(204);

    const events = (await eventsAbout(companyId)).map(({ type, payload, customerId }) => ({ type, payload, customerId }));
    // Every payload carries the market of the change: the company's, which is its colleagues'.
    const company = { id: companyId, kind: 'company', country: 'FR', marketId: DEFAULT_MARKET_ID };
    const membership = { companyId, marketId: DEFAULT_MARKET_ID };
    expect(events).toEqual([
      { type: 'company.created', payload: { ...company, name: 'Atelier Lumière' }, customerId: null },
      { type: 'company.member_added', payload: { ...membership, customerId: admin.customerId, role: 'admin' }, customerId: admin.customerId },
      { type: 'company.updated', payload: { ...company, name: 'Atelier Lumière SARL' }, customerId: null },
      { type: 'company.member_updated', payload: { ...membership, customerId: colleague.customerId, role: 'admin' }, customerId: colleague.customerId },
      { type: 'company.member_removed', payload: { ...membership, customerId: colleague.customerId, role: 'admin' }, customerId: colleague.customerId },
      { type: 'company.deleted', payload: { ...company, name: 'Atelier Lumière SARL' }, customerId: null },
    ]);
  });

  it('DELETE /api/me: the person’s earlier events and their deliveries go; customer.deleted carries the id and market alone', async () => {
    const receiver = await startWebhookReceiver();
    const store = storeClient(t, await newApiKey(t, ['webhooks:write']));
    const endpoint = await store.post('/api/integration/webhooks', { url: receiver.url, eventTypes: ['customer.created', 'customer.deleted'] });
    try {
      const customer = await registerVerifiedCustomer(t);
      const company = await insertCompany(t, { adminId: (await registerVerifiedCustomer(t)).customerId });
      await insertMember(t, { companyId: company.companyId, customerId: customer.customerId, role: 'member' });
      expect((await customer.client.delete(`/api/companies/${company.companyId}/members/${customer.customerId}`, { token: customer.token })).status).toBe(204);
      const created = await receiver.waitFor((webhook) => webhook.json.type === 'customer.created' && webhook.json.data.id === customer.customerId);
      expect((await eventsAbout(customer.customerId)).length).toBeGreaterThan(2);
      const deliveriesUrl = `/api/integration/webhooks/${(endpoint.body as { id: string }).id}/deliveries?limit=100`;
      const eventIdsDelivered = async () => ((await store.get(deliveriesUrl)).body as { items: { eventId: string }[] }).items.map((item) => item.eventId);
      expect(await eventIdsDelivered()).toContain(created.headers['webhook-id']);

      const erased = await t.app.inject({
        method: 'DELETE',
        url: '/api/me',
        headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': customer.client.ip },
        payload: { password: customer.password },
      });
      expect(erased.statusCode).toBe(204);
      expect(await eventsAbout(customer.customerId)).toEqual([
        { type: 'customer.deleted', payload: { id: customer.customerId, marketId: DEFAULT_MARKET_ID }, customerId: null },
      ]);
      expect(await eventsForEmail(customer.email)).toEqual([]);
      expect(await eventIdsDelivered()).not.toContain(created.headers['webhook-id']);
      const deleted = await receiver.waitFor((webhook) => webhook.json.type === 'customer.deleted' && webhook.json.data.id === customer.customerId);
      expect(deleted.json.data).toEqual({ id: customer.customerId, marketId: DEFAULT_MARKET_ID });
    } finally {
      await store.delete(`/api/integration/webhooks/${(endpoint.body as { id: string }).id}`);
      await receiver.close();
    }
  });
});
