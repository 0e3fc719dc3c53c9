import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { wishlists } from '../../src/modules/wishlists/wishlists.tables.js';
import { insertCompany, insertLocation, insertLocationMember, insertMember, insertSignedInCustomer } from '../support/company-fixtures.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { CART_URL_TEMPLATE: 'https://shop.example/cart?add={items}' } });
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TProblem = { code: string; errors?: { path: string; code: string }[] };
type TItem = { id: string; productId: string; variantId: string | null; name: string; imageUrl: string | null; price: { amount: number; currency: string } | null; quantity: number };
type TList = { id: string; name: string; itemCount: number; shared: boolean; location: { companyId: string; locationId: string; locationName: string } | null; items: TItem[] };

const MUG = { productId: 'prod_mug', variantId: 'blue', name: 'Mug bleu', imageUrl: 'https://cdn.example/mug.jpg', price: { amount: 1290, currency: 'EUR' } };

async function newList(actor: TActor, body: Record<string, unknown> = { name: 'Cuisine' }): Promise<TList> {
  const response = await actor.client.post('/api/me/wishlists', body, { token: actor.token });
  expect(response.status).toBe(201);
  return response.body as TList;
}
const getList = async (actor: TActor, id: string) => (await actor.client.get(`/api/me/wishlists/${id}`, { token: actor.token })).body as TList;

describe('wishlists: the storefront adds, the customer sees and empties', () => {
  it('adds by product and variant (201), the same pair again updates it (200), a variant-less product is another item', async () => {
    const me = await insertSignedInCustomer(t);
    const list = await newList(me);
    const added = await me.client.post(`/api/me/wishlists/${list.id}/items`, MUG, { token: me.token });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ productId: 'prod_mug', variantId: 'blue', name: 'Mug bleu', price: { amount: 1290, currency: 'EUR' }, quantity: 1 });
    const again = await me.client.post(`/api/me/wishlists/${list.id}/items`, { ...MUG, price: { amount: 990, currency: 'EUR' }, quantity: 2 }, { token: me.token });
    expect(again.status).toBe(200);
    expect((again.body as TItem).id).toBe((added.body as TItem).id);
    const plain = await me.client.post(`/api/me/wishlists/${list.id}/items`, { productId: 'prod_mug', name: 'Mug' }, { token: me.token });
    expect(plain.status).toBe(201);
    expect(plain.body).toMatchObject({ variantId: null, imageUrl: null, price: null });

    const seen = await getList(me, list.id);
    expect(seen.itemCount).toBe(2);
    expect(seen.items.find((item) => item.variantId === 'blue')).toMatchObject({ quantity: 2, price: { amount: 990 } });

    const removed = await me.client.delete(`/api/me/wishlists/${list.id}/items/${(plain.body as TItem).id}`, { token: me.token });
    expect(removed.status).toBe(204);
    expect((await getList(me, list.id)).items).toHaveLength(1);
    const emptied = await me.client.delete(`/api/me/wishlists/${list.id}/items`, { token: me.token });
    expect(emptied.status).toBe(204);
    const after = await getList(me, list.id);
    expect(after).toMatchObject({ name: 'Cuisine', itemCount: 0, items: [] });

    const events = await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, me.id), eq(webhookEvents.type, 'wishlist.updated')));
    expect(events.map((event) => (event.payload as { change: string }).change).sort()).toEqual(['emptied', 'item_added', 'item_added', 'item_removed', 'item_updated']);
  });

  it('several named lists, renamed and deleted; listed newest first with counts', async () => {
    const me = await insertSignedInCustomer(t);
    const first = await newList(me, { name: 'Noël' });
    const second = await newList(me, { name: 'Anniversaire' });
    const renamed = await me.client.patch(`/api/me/wishlists/${first.id}`, { name: 'Noël 2026' }, { token: me.token });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Noël 2026' });
    const page = (await me.client.get('/api/me/wishlists?limit=1', { token: me.token })).body as { items: TList[]; nextCursor: string | null };
    expect(page.items.map((list) => list.name)).toEqual(['Anniversaire']);
    const next = (await me.client.get(`/api/me/wishlists?limit=1&cursor=${page.nextCursor}`, { token: me.token })).body as { items: TList[]; nextCursor: string | null };
    expect(next).toMatchObject({ items: [{ name: 'Noël 2026', itemCount: 0 }], nextCursor: null });
    expect((await me.client.delete(`/api/me/wishlists/${second.id}`, { token: me.token })).status).toBe(204);
    expect((await me.client.get(`/api/me/wishlists/${second.id}`, { token: me.token })).status).toBe(404);
  });

  it('every bad field at once: 400 naming name, imageUrl, price and quantity; an unknown field too', async () => {
    const me = await insertSignedInCustomer(t);
    const bad = await me.client.post('/api/me/wishlists', { name: '   ' }, { token: me.token });
    expect(bad.status).toBe(400);
    expect((bad.body as TProblem).errors?.map((error) => error.path)).toEqual(['name']);
    const list = await newList(me);
    const response = await me.client.post(
      `/api/me/wishlists/${list.id}/items`,
      { productId: '', name: 'x', imageUrl: 'javascript:alert(1)', price: { amount: -1, currency: 'eur' }, quantity: 0, colour: 'red' },
      { token: me.token },
    );
    expect(response.status).toBe(400);
    const paths = (response.body as TProblem).errors!.map((error) => error.path).sort();
    expect(paths).toEqual(['colour', 'imageUrl', 'price.amount', 'price.currency', 'productId', 'quantity']);
  });

  it('another customer’s list is 404 for every call; no session is 401', async () => {
    const owner = await insertSignedInCustomer(t);
    const other = await insertSignedInCustomer(t);
    const list = await newList(owner);
    const added = (await owner.client.post(`/api/me/wishlists/${list.id}/items`, MUG, { token: owner.token })).body as TItem;
    const token = other.token;
    for (const response of [
      await other.client.get(`/api/me/wishlists/${list.id}`, { token }),
      await other.client.patch(`/api/me/wishlists/${list.id}`, { name: 'À moi' }, { token }),
      await other.client.post(`/api/me/wishlists/${list.id}/items`, MUG, { token }),
      await other.client.delete(`/api/me/wishlists/${list.id}/items/${added.id}`, { token }),
      await other.client.delete(`/api/me/wishlists/${list.id}/items`, { token }),
      await other.client.post(`/api/me/wishlists/${list.id}/share`, undefined, { token }),
      await other.client.delete(`/api/me/wishlists/${list.id}/share`, { token }),
      await other.client.post(`/api/me/wishlists/${list.id}/reorder-request`, undefined, { token }),
      await other.client.delete(`/api/me/wishlists/${list.id}`, { token }),
    ]) {
      expect(response.status).toBe(404);
    }
    expect((await getList(owner, list.id)).items).toHaveLength(1);
    expect((await apiClient(t.app).get('/api/me/wishlists')).status).toBe(401);
  });
});

describe('sharing a list by an unguessable link', () => {
  it('the link is shown once, opens signed out read-only with the owner’s first name; a new share replaces it; revoking makes it 404', async () => {
    const me = await insertSignedInCustomer(t);
    const list = await newList(me, { name: 'Mariage' });
    await me.client.post(`/api/me/wishlists/${list.id}/items`, MUG, { token: me.token });
    const shared = await me.client.post(`/api/me/wishlists/${list.id}/share`, undefined, { token: me.token });
    expect(shared.status).toBe(201);
    const { token, url } = shared.body as { token: string; url: string };
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(url).toBe(`http://comptoir.test/shared-wishlists/${token}`);
    const [row] = await t.ctx.db.select().from(wishlists).where(eq(wishlists.id, list.id));
    expect(row!.shareTokenHash).not.toContain(token);
    expect((await getList(me, list.id)).shared).toBe(true);

    const visitor = apiClient(t.app);
    const page = await visitor.get(`/api/shared-wishlists/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ name: 'Mariage', ownerFirstName: 'Claire', items: [expect.objectContaining({ name: 'Mug bleu' })] });
    expect(JSON.stringify(page.body)).not.toContain(me.email);

    const replaced = (await me.client.post(`/api/me/wishlists/${list.id}/share`, undefined, { token: me.token })).body as { token: string };
    expect((await visitor.get(`/api/shared-wishlists/${token}`)).status).toBe(404);
    expect((await visitor.get(`/api/shared-wishlists/${replaced.token}`)).status).toBe(200);
    expect((await me.client.delete(`/api/me/wishlists/${list.id}/share`, { token: me.token })).status).toBe(204);
    expect((await visitor.get(`/api/shared-wishlists/${replaced.token}`)).status).toBe(404);
    expect((await getList(me, list.id)).shared).toBe(false);
  });

  it('a link opened on another market’s site is unknown there', async () => {
    const market = await createTestMarket(t, { code: 'wlbe' });
    const me = await insertSignedInCustomer(t);
    const list = await newList(me);
    const { token } = (await me.client.post(`/api/me/wishlists/${list.id}/share`, undefined, { token: me.token })).body as { token: string };
    expect((await apiClient(t.app).get(`/api/shared-wishlists/${token}`, { headers: market.hostHeader })).status).toBe(404);
    expect((await apiClient(t.app).get(`/api/shared-wishlists/${token}`)).status).toBe(200);
  });
});

describe('a business buyer’s list kept for a location, turned into a reorder request', () => {
  async function buyerAt() {
    const me = await insertSignedInCustomer(t);
    const companyId = await insertCompany(t.ctx.db, { name: 'Papeterie Lumière' });
    await insertMember(t.ctx.db, { companyId, customerId: me.id });
    const locationId = await insertLocation(t.ctx.db, { companyId, name: 'Entrepôt de Lyon' });
    await insertLocationMember(t.ctx.db, { locationId, customerId: me.id, role: 'buyer' });
    return { me, companyId, locationId };
  }

  it('keeps the list for the location, sends wishlist.reorder_requested with the lines, and answers the cart link', async () => {
    const { me, companyId, locationId } = await buyerAt();
    const list = await newList(me, { name: 'Réassort mensuel', location: { companyId, locationId } });
    expect(list.location).toMatchObject({ companyId, locationId, locationName: 'Entrepôt de Lyon' });
    const empty = await me.client.post(`/api/me/wishlists/${list.id}/reorder-request`, undefined, { token: me.token });
    expect(empty.status).toBe(422);
    expect((empty.body as TProblem).code).toBe('wishlist_empty');
    await me.client.post(`/api/me/wishlists/${list.id}/items`, { ...MUG, quantity: 12 }, { token: me.token });
    await me.client.post(`/api/me/wishlists/${list.id}/items`, { productId: 'ramette-a4', name: 'Ramette A4', quantity: 40 }, { token: me.token });

    const response = await me.client.post(`/api/me/wishlists/${list.id}/reorder-request`, undefined, { token: me.token });
    expect(response.status).toBe(201);
    const body = response.body as { eventId: string; lines: unknown[]; cartUrl: string };
    expect(body.cartUrl).toBe('https://shop.example/cart?add=ramette-a4:40,blue:12');
    const [event] = await t.ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, body.eventId));
    expect(event!.type).toBe('wishlist.reorder_requested');
    expect(event!.payload).toMatchObject({
      company: { id: companyId, name: 'Papeterie Lumière' },
      location: { id: locationId, name: 'Entrepôt de Lyon' },
      customer: { id: me.id, email: me.email },
      lines: [
        { productId: 'ramette-a4', variantId: null, quantity: 40 },
        { productId: 'prod_mug', variantId: 'blue', quantity: 12 },
      ],
    });
  });

  it('a list without a location is 422; a location where I may not buy is 403; another company’s is 404; a removed buyer cannot request', async () => {
    const { me, companyId, locationId } = await buyerAt();
    const plain = await newList(me);
    await me.client.post(`/api/me/wishlists/${plain.id}/items`, MUG, { token: me.token });
    const without = await me.client.post(`/api/me/wishlists/${plain.id}/reorder-request`, undefined, { token: me.token });
    expect([without.status, (without.body as TProblem).code]).toEqual([422, 'wishlist_without_location']);

    const otherLocation = await insertLocation(t.ctx.db, { companyId, name: 'Boutique de Nice' });
    const notBuyer = await me.client.post('/api/me/wishlists', { name: 'Nice', location: { companyId, locationId: otherLocation } }, { token: me.token });
    expect(notBuyer.status).toBe(403);
    const elsewhere = await buyerAt();
    const foreign = await me.client.post('/api/me/wishlists', { name: 'x', location: { companyId: elsewhere.companyId, locationId: elsewhere.locationId } }, { token: me.token });
    expect(foreign.status).toBe(404);
    const mixed = await me.client.post('/api/me/wishlists', { name: 'x', location: { companyId, locationId: elsewhere.locationId } }, { token: me.token });
    expect(mixed.status).toBe(403);

    const kept = await me.client.patch(`/api/me/wishlists/${plain.id}`, { location: { companyId, locationId } }, { token: me.token });
    expect(kept.status).toBe(200);
    await t.ctx.db.execute(sql`delete from location_members where customer_id = ${me.id}`);
    const removed = await me.client.post(`/api/me/wishlists/${plain.id}/reorder-request`, undefined, { token: me.token });
    expect(removed.status).toBe(403);
  });
});
