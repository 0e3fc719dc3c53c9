import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyLocations } from '../../src/modules/companies/companies.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { insertCompany, insertMember } from '../support/companies.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { createTestApp, type TApiClient, type TTestApp } from '../support/test-app.js';
import { expectProblem, newStore, orderBody, pushOrder, type TStore } from './orders-fixtures.js';

let t: TTestApp;
let store: TStore;
beforeAll(async () => {
  t = await createTestApp();
  store = await newStore(t);
});
afterAll(async () => {
  await t.close();
});

type TPerson = { id: string; email: string; token: string; client: TApiClient };
type TList = { items: { id: string; placedBy: { customerId: string; name: string } | null; location: { id: string } | null }[]; nextCursor: string | null };

/**
 * A company with two locations (the first requires approval): an administrator, a location
 * administrator and a buyer at the first, a buyer at the second, a colleague about to leave,
 * and an outsider.
 */
async function companyWithOrders() {
  const [admin, locationAdmin, buyer, otherBuyer, leaver, outsider] = await Promise.all(Array.from({ length: 6 }, () => insertSignedInCustomer(t)));
  const { companyId, locationIds, name } = await insertCompany(t, { adminId: admin!.id, locations: 2 });
  const [first, second] = locationIds as [string, string];
  await t.ctx.db.update(companyLocations).set({ requiresApproval: true }).where(eq(companyLocations.id, first));
  await insertMember(t, { companyId, customerId: locationAdmin!.id, role: 'member', locations: [{ locationId: first, role: 'location_admin' }] });
  await insertMember(t, { companyId, customerId: buyer!.id, role: 'member', locations: [{ locationId: first, role: 'buyer' }] });
  await insertMember(t, { companyId, customerId: otherBuyer!.id, role: 'member', locations: [{ locationId: second, role: 'buyer' }] });
  await insertMember(t, { companyId, customerId: leaver!.id, role: 'member', locations: [{ locationId: second, role: 'buyer' }] });
  const place = (person: TPerson, locationId: string, overrides: Record<string, unknown> = {}) =>
    pushOrder(store, orderBody({ customerId: person.id }, { companyId, locationId, ...overrides }));
  const orders = {
    buyer: await place(buyer!, first),
    otherBuyer: await place(otherBuyer!, second),
    leaver: await place(leaver!, second),
  };
  const people = { admin: admin!, locationAdmin: locationAdmin!, buyer: buyer!, otherBuyer: otherBuyer!, leaver: leaver!, outsider: outsider! };
  return { companyId, name, first, second, orders, place, ...people };
}

async function visible(person: TPerson, companyId: string, query = ''): Promise<TList> {
  const response = await person.client.get(`/api/companies/${companyId}/orders?limit=100${query}`, { token: person.token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TList;
}
const idsOf = (list: TList) => list.items.map((item) => item.id).sort();

describe('GET /api/companies/{companyId}/orders', () => {
  it('administrators see every order, a removed colleague’s too; location administrators their location’s; buyers their own; outsiders 404', async () => {
    const c = await companyWithOrders();
    const removed = await c.admin.client.delete(`/api/companies/${c.companyId}/members/${c.leaver.id}`, { token: c.admin.token });
    expect(removed.status).toBe(204);

    const all = await visible(c.admin, c.companyId);
    expect(idsOf(all)).toEqual([c.orders.buyer.id, c.orders.otherBuyer.id, c.orders.leaver.id].sort());
    expect(all.items.find((item) => item.id === c.orders.leaver.id)?.placedBy).toEqual({ customerId: c.leaver.id, name: 'Claire Fontaine' });
    expect(idsOf(await visible(c.admin, c.companyId, `&customerId=${c.leaver.id}`))).toEqual([c.orders.leaver.id]);
    expect(idsOf(await visible(c.admin, c.companyId, `&locationId=${c.second}`))).toEqual([c.orders.otherBuyer.id, c.orders.leaver.id].sort());
    const detail = await c.admin.client.get(`/api/companies/${c.companyId}/orders/${c.orders.leaver.id}`, { token: c.admin.token });
    expect(detail.body).toMatchObject({ id: c.orders.leaver.id, placedBy: { customerId: c.leaver.id }, company: { id: c.companyId, name: c.name }, location: { id: c.second } });

    expect(idsOf(await visible(c.locationAdmin, c.companyId))).toEqual([c.orders.buyer.id]);
    expect(idsOf(await visible(c.buyer, c.companyId))).toEqual([c.orders.buyer.id]);
    expect(idsOf(await visible(c.otherBuyer, c.companyId))).toEqual([c.orders.otherBuyer.id]);
    expectProblem(await c.buyer.client.get(`/api/companies/${c.companyId}/orders/${c.orders.otherBuyer.id}`, { token: c.buyer.token }), 404, 'not_found');
    expectProblem(await c.locationAdmin.client.get(`/api/companies/${c.companyId}/orders/${c.orders.leaver.id}`, { token: c.locationAdmin.token }), 404, 'not_found');

    for (const stranger of [c.outsider, c.leaver]) {
      expectProblem(await stranger.client.get(`/api/companies/${c.companyId}/orders`, { token: stranger.token }), 404, 'not_found');
      expectProblem(await stranger.client.get(`/api/companies/${c.companyId}/orders/${c.orders.buyer.id}`, { token: stranger.token }), 404, 'not_found');
    }
    // The colleague who left still finds their own order in their history.
    const own = await c.leaver.client.get('/api/me/orders', { token: c.leaver.token });
    expect((own.body as TList).items.map((item) => item.id)).toEqual([c.orders.leaver.id]);
  });

  it('pages with a cursor, newest first', async () => {
    const c = await companyWithOrders();
    for (let i = 0; i < 5; i += 1) await c.place(c.otherBuyer, c.second, { minutesAgo: 0 });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await c.admin.client.get(`/api/companies/${c.companyId}/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: c.admin.token });
      const page = response.body as TList;
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(idsOf((await visible(c.admin, c.companyId)))).toEqual([...seen].sort());
  });
});

describe('approving and refusing drafts', () => {
  const eventsOf = (orderId: string) =>
    t.ctx.db.select().from(webhookEvents).where(sql`${webhookEvents.payload}->>'id' = ${orderId}`).orderBy(webhookEvents.id);

  it('a location administrator approves a draft of their location: it opens, the store hears order.approved, the buyer is emailed; a second decision is 409', async () => {
    const c = await companyWithOrders();
    const draft = await c.place(c.buyer, c.first, { status: 'pending_approval', number: 'CMD-DRAFT-1' });
    const url = `/api/companies/${c.companyId}/orders/${draft.id}`;
    expect((await c.buyer.client.get(`/api/me/orders/${draft.id}`, { token: c.buyer.token })).body).toMatchObject({ status: 'pending_approval', approval: { status: 'pending' } });

    expectProblem(await c.buyer.client.post(`${url}/approve`, undefined, { token: c.buyer.token }), 403, 'forbidden');
    expectProblem(await c.buyer.client.post(`${url}/refuse`, { reason: 'Non' }, { token: c.buyer.token }), 403, 'forbidden');
    expectProblem(await c.otherBuyer.client.post(`${url}/approve`, undefined, { token: c.otherBuyer.token }), 404, 'not_found');
    expectProblem(await c.outsider.client.post(`${url}/approve`, undefined, { token: c.outsider.token }), 404, 'not_found');

    const since = t.mail.mark();
    const approved = await c.locationAdmin.client.post(`${url}/approve`, undefined, { token: c.locationAdmin.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: draft.id, status: 'open', approval: { status: 'approved', decidedAt: expect.any(String), refusalReason: null }, placedBy: { customerId: c.buyer.id } });
    expect(await eventsOf(draft.id)).toEqual([
      expect.objectContaining({
        type: 'order.approved',
        marketId: DEFAULT_MARKET_ID,
        payload: {
          id: draft.id,
          externalId: expect.any(String),
          number: 'CMD-DRAFT-1',
          companyId: c.companyId,
          locationId: c.first,
          decidedBy: c.locationAdmin.id,
          marketId: DEFAULT_MARKET_ID,
        },
      }),
    ]);
    const email = await t.mail.waitForEmail({ to: c.buyer.email, after: since, subject: /CMD-DRAFT-1/ });
    expect(email.subject).toBe('Votre commande CMD-DRAFT-1 a été approuvée');

    expectProblem(await c.locationAdmin.client.post(`${url}/refuse`, { reason: 'Trop tard' }, { token: c.locationAdmin.token }), 409, 'not_pending_approval');
    const stale = await store.post('/api/integration/orders', orderBody({ customerId: c.buyer.id }, { externalId: (await store.get(`/api/integration/orders/${draft.id}`)).body.externalId, companyId: c.companyId, locationId: c.first, status: 'pending_approval' }));
    expectProblem(stale, 409, 'approval_already_decided');
  });

  it('a refusal carries its reason to the buyer and the store; a company administrator decides at any location; an order not waiting is 409', async () => {
    const c = await companyWithOrders();
    const draft = await c.place(c.buyer, c.first, { status: 'pending_approval', number: 'CMD-DRAFT-2' });
    const since = t.mail.mark();
    const refused = await c.admin.client.post(`/api/companies/${c.companyId}/orders/${draft.id}/refuse`, { reason: 'Budget dépassé' }, { token: c.admin.token });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', approval: { status: 'refused', refusalReason: 'Budget dépassé' } });
    expect((await eventsOf(draft.id)).map((event) => [event.type, event.payload.reason, event.payload.decidedBy])).toEqual([['order.refused', 'Budget dépassé', c.admin.id]]);
    const email = await t.mail.waitForEmail({ to: c.buyer.email, after: since, subject: /CMD-DRAFT-2/ });
    expect(email.text).toContain('Budget dépassé');
    expect((await c.buyer.client.get(`/api/me/orders/${draft.id}`, { token: c.buyer.token })).body).toMatchObject({ status: 'refused', approval: { status: 'refused', refusalReason: 'Budget dépassé' } });

    expectProblem(await c.admin.client.post(`/api/companies/${c.companyId}/orders/${c.orders.buyer.id}/approve`, undefined, { token: c.admin.token }), 409, 'not_pending_approval');
    expectProblem(await c.admin.client.post(`/api/companies/${c.companyId}/orders/${draft.id}/refuse`, { reason: '' }, { token: c.admin.token }), 400, 'validation_failed');
  });
});
