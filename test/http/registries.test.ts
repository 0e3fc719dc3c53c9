import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registries, registryGifts, registryItems } from '../../src/modules/registries/registries.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestMarket } from '../support/markets.js';
import { inviteStaffMember, setUpFirstOwner } from './staff-fixtures.js';
import { apiClient, createTestApp, newIp, STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  store = storeClient(t, await newApiKey(t, ['registries:write']));
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TProblem = { code: string; errors?: { path: string; code: string }[] };
type TItem = { id: string; wantedQuantity: number; reservedQuantity: number; purchasedQuantity: number; remainingQuantity: number };
type TRegistry = { id: string; publicCode: string; url: string; visibility: string; status: string; items: TItem[]; totals: { gifts: number; contributions: { amount: number }; unthanked: number } };
type TGift = { id: string; giverName: string; hasEmail: boolean; message: string | null; status: string; quantity: number; thankedAt: string | null };

const BIRTH = { kind: 'birth', title: 'La liste de naissance de Jeanne', ownerNames: 'Léa et Hugo Martin', eventDate: '2027-03-14', message: 'Merci pour Jeanne !' };
const STROLLER = { productId: 'poussette-yoyo', name: 'Poussette Yoyo', imageUrl: 'https://cdn.example/yoyo.jpg', price: { amount: 39900, currency: 'EUR' }, wantedQuantity: 1 };
const BODIES = { productId: 'body-coton', variantId: '3m', name: 'Body coton 3 mois', wantedQuantity: 5 };

async function newRegistry(owner: TActor, body: Record<string, unknown> = {}): Promise<TRegistry> {
  const response = await owner.client.post('/api/me/registries', { ...BIRTH, ...body }, { token: owner.token });
  expect(response.status).toBe(201);
  return response.body as TRegistry;
}
async function addItem(owner: TActor, registry: TRegistry, item: Record<string, unknown>): Promise<TItem> {
  const response = await owner.client.post(`/api/me/registries/${registry.id}/items`, item, { token: owner.token });
  expect(response.status).toBe(201);
  return response.body as TItem;
}
const reserve = (code: string, body: Record<string, unknown>, ip = newIp()) => apiClient(t.app, { ip }).post(`/api/registries/${code}/reservations`, body);
const detail = async (owner: TActor, registry: TRegistry) => (await owner.client.get(`/api/me/registries/${registry.id}`, { token: owner.token })).body as TRegistry;
const gifts = async (owner: TActor, registry: TRegistry) =>
  ((await owner.client.get(`/api/me/registries/${registry.id}/gifts`, { token: owner.token })).body as { items: TGift[] }).items;

describe('owners make a registry', () => {
  it('creates it with a public code and link, adds items (same product and variant updates), edits and deletes them', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    expect(registry.publicCode).toMatch(/^LN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(registry).toMatchObject({ visibility: 'link', status: 'open', url: `http://comptoir.test/registries/${registry.publicCode}` });
    await addItem(owner, registry, STROLLER);
    const bodies = await addItem(owner, registry, BODIES);
    const again = await owner.client.post(`/api/me/registries/${registry.id}/items`, { ...BODIES, wantedQuantity: 6 }, { token: owner.token });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: bodies.id, wantedQuantity: 6, remainingQuantity: 6 });
    const patched = await owner.client.patch(`/api/me/registries/${registry.id}/items/${bodies.id}`, { wantedQuantity: 4 }, { token: owner.token });
    expect(patched.body).toMatchObject({ wantedQuantity: 4 });
    expect((await owner.client.delete(`/api/me/registries/${registry.id}/items/${bodies.id}`, { token: owner.token })).status).toBe(204);
    expect((await detail(owner, registry)).items).toHaveLength(1);
    const renamed = await owner.client.patch(`/api/me/registries/${registry.id}`, { title: 'Pour Jeanne', fundEnabled: true }, { token: owner.token });
    expect(renamed.body).toMatchObject({ title: 'Pour Jeanne', fundEnabled: true });
  });

  it('every bad field at once; code visibility needs an access code', async () => {
    const owner = await insertSignedInCustomer(t);
    const response = await owner.client.post('/api/me/registries', { kind: 'funeral', title: '', ownerNames: 'L', eventDate: '2027-02-30', visibility: 'code' }, { token: owner.token });
    expect(response.status).toBe(400);
    expect((response.body as TProblem).errors!.map((error) => error.path).sort()).toEqual(['eventDate', 'kind', 'ownerNames', 'title']);
    const noCode = await owner.client.post('/api/me/registries', { ...BIRTH, visibility: 'code' }, { token: owner.token });
    expect((noCode.body as TProblem).errors!.map((error) => error.path)).toEqual(['accessCode']);
    const registry = await newRegistry(owner);
    const item = await owner.client.post(`/api/me/registries/${registry.id}/items`, { productId: 'x', name: 'x', wantedQuantity: 0, price: { amount: 1, currency: 'euro' } }, { token: owner.token });
    expect((item.body as TProblem).errors!.map((error) => error.path).sort()).toEqual(['price.currency', 'wantedQuantity']);
    const toCode = await owner.client.patch(`/api/me/registries/${registry.id}`, { visibility: 'code' }, { token: owner.token });
    expect([toCode.status, (toCode.body as TProblem).errors?.[0]?.path]).toEqual([400, 'accessCode']);
  });

  it('another customer’s registry is 404 everywhere', async () => {
    const owner = await insertSignedInCustomer(t);
    const other = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const item = await addItem(owner, registry, STROLLER);
    const token = other.token;
    const base = `/api/me/registries/${registry.id}`;
    for (const response of [
      await other.client.get(base, { token }),
      await other.client.patch(base, { title: 'x' }, { token }),
      await other.client.post(`${base}/items`, STROLLER, { token }),
      await other.client.patch(`${base}/items/${item.id}`, { wantedQuantity: 2 }, { token }),
      await other.client.get(`${base}/gifts`, { token }),
      await other.client.get(`${base}/contributions`, { token }),
      await other.client.post(`${base}/close`, undefined, { token }),
      await other.client.delete(base, { token }),
    ]) {
      expect(response.status).toBe(404);
    }
  });

  it('the photo: PNG, JPEG or WebP checked by its bytes, at most 2 MB; shown on the public page', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const put = (payload: Buffer, type: string) =>
      t.app.inject({ method: 'PUT', url: `/api/me/registries/${registry.id}/photo`, payload, headers: { authorization: `Bearer ${owner.token}`, 'content-type': type } });
    expect((await put(png, 'image/jpeg')).json()).toMatchObject({ code: 'image_type_mismatch' });
    expect((await put(Buffer.from('<svg/>'), 'image/svg+xml')).statusCode).toBe(415);
    expect((await put(Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]), 'image/png')).statusCode).toBe(413);
    const stored = await put(png, 'image/png');
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toMatchObject({ hasPhoto: true });
    const page = (await apiClient(t.app).get(`/api/registries/${registry.publicCode}`)).body as { photoUrl: string };
    const photo = await t.app.inject({ method: 'GET', url: page.photoUrl });
    expect([photo.statusCode, photo.headers['content-type'], photo.rawPayload.equals(png)]).toEqual([200, 'image/png', true]);
  });
});

describe('visitors find, open and reserve', () => {
  it('search by folded owners’ names finds public registries only; a code finds public and link ones', async () => {
    const owner = await insertSignedInCustomer(t);
    const unique = `Zéphyrine${Math.random().toString(36).slice(2, 7)}`;
    const open = await newRegistry(owner, { ownerNames: `${unique} et Paul`, visibility: 'public' });
    const linkOnly = await newRegistry(owner, { ownerNames: `${unique} et Marc`, visibility: 'link' });
    const visitor = apiClient(t.app);
    const byName = (await visitor.get(`/api/registries?q=${encodeURIComponent(unique.toUpperCase().replace('É', 'E'))}`)).body as { items: { publicCode: string }[] };
    expect(byName.items.map((item) => item.publicCode)).toEqual([open.publicCode]);
    const byCode = (await visitor.get(`/api/registries?q=${linkOnly.publicCode.toLowerCase().replaceAll('-', '')}`)).body as { items: { publicCode: string }[] };
    expect(byCode.items.map((item) => item.publicCode)).toEqual([linkOnly.publicCode]);
    expect((await visitor.get('/api/registries?q=ab')).status).toBe(400);
    const page = await visitor.get(`/api/registries/${linkOnly.publicCode}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).not.toContain(owner.email);
  });

  it('a visitor reserves with name, email and message: the owner sees who and is emailed; the store gets registry.gift_reserved without the giver', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const bodies = await addItem(owner, registry, BODIES);
    const mark = t.mail.mark();
    const response = await reserve(registry.publicCode, { itemId: bodies.id, quantity: 2, name: 'Tante Odile', email: 'odile@example.fr', message: 'Pour les premiers mois' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ quantity: 2, remainingQuantity: 3, status: 'reserved' });
    const [gift] = await gifts(owner, registry);
    expect(gift).toMatchObject({ giverName: 'Tante Odile', hasEmail: true, message: 'Pour les premiers mois', status: 'reserved' });
    expect(JSON.stringify(gift)).not.toContain('odile@example.fr');
    const email = await t.mail.waitForEmail({ to: owner.email, after: mark });
    expect(email.subject).toContain('Un cadeau a été réservé');
    expect(email.text).toContain('Tante Odile a réservé 2 × Body coton 3 mois');
    const [event] = await t.ctx.db.select().from(webhookEvents).where(eq(webhookEvents.type, 'registry.gift_reserved'));
    expect(JSON.stringify(event!.payload)).not.toContain('Odile');
  });

  it('every bad field of a reservation at once; unknown items are 404; more than is left is 409', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const stroller = await addItem(owner, registry, STROLLER);
    const bad = await reserve(registry.publicCode, { itemId: stroller.id, quantity: 0, name: '', email: 'nope' });
    expect((bad.body as TProblem).errors!.map((error) => error.path).sort()).toEqual(['email', 'name', 'quantity']);
    expect((await reserve(registry.publicCode, { itemId: 'rgi_unknown', name: 'A' })).status).toBe(404);
    const tooMany = await reserve(registry.publicCode, { itemId: stroller.id, quantity: 2, name: 'A' });
    expect([tooMany.status, (tooMany.body as TProblem).code]).toEqual([409, 'item_fully_reserved']);
  });

  it('20 simultaneous reservations of the last item: exactly one succeeds, the others get 409 item_fully_reserved', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const stroller = await addItem(owner, registry, STROLLER);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => reserve(registry.publicCode, { itemId: stroller.id, name: `Visiteur ${index}` })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => [answer.status, (answer.body as TProblem).code])).toEqual(Array.from({ length: 19 }, () => [409, 'item_fully_reserved']));
    const [row] = await t.ctx.db.select().from(registryItems).where(eq(registryItems.id, stroller.id));
    expect([row!.reservedQuantity, row!.purchasedQuantity]).toEqual([1, 0]);
    expect(await t.ctx.db.select().from(registryGifts).where(eq(registryGifts.itemId, stroller.id))).toHaveLength(1);
  });

  it('reservations are rate-limited per IP with Retry-After', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const bodies = await addItem(owner, registry, { ...BODIES, wantedQuantity: 999 });
    const ip = newIp();
    for (let i = 0; i < 20; i += 1) expect((await reserve(registry.publicCode, { itemId: bodies.id, name: 'A' }, ip)).status).toBe(201);
    const limited = await reserve(registry.publicCode, { itemId: bodies.id, name: 'A' }, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('code visibility: the access code is needed, wrong ones are counted and then refused with 429 even when right', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner, { visibility: 'code', accessCode: 'jeanne2027' });
    const visitor = apiClient(t.app);
    const url = `/api/registries/${registry.publicCode}`;
    expect(((await visitor.get(url)).body as TProblem).code).toBe('access_code_required');
    expect((await visitor.get(`${url}?accessCode=JEANNE2027`)).status).toBe(200);
    for (let i = 0; i < 5; i += 1) expect(((await visitor.get(`${url}?accessCode=wrong${i}xx`)).body as TProblem).code).toBe('invalid_access_code');
    const limited = await visitor.get(`${url}?accessCode=jeanne2027`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await apiClient(t.app).get(`${url}?accessCode=jeanne2027`)).status).toBe(200);
  });

  it('unknown codes are counted per IP: trying codes is stopped with 429', async () => {
    const visitor = apiClient(t.app);
    for (let i = 0; i < 30; i += 1) expect((await visitor.get(`/api/registries/LN-0000-${String(i).padStart(4, '0')}`)).status).toBe(404);
    expect((await visitor.get('/api/registries/LN-0000-9999')).status).toBe(429);
  });

  it('a closed registry is unknown to visitors but stays readable to its owner; another market’s site does not know it', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const market = await createTestMarket(t, { code: 'regbe' });
    expect((await apiClient(t.app).get(`/api/registries/${registry.publicCode}`, { headers: market.hostHeader })).status).toBe(404);
    const closed = await owner.client.post(`/api/me/registries/${registry.id}/close`, undefined, { token: owner.token });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect((await apiClient(t.app).get(`/api/registries/${registry.publicCode}`)).status).toBe(404);
    expect((await owner.client.get(`/api/me/registries/${registry.id}`, { token: owner.token })).status).toBe(200);
    const edit = await owner.client.patch(`/api/me/registries/${registry.id}`, { title: 'x' }, { token: owner.token });
    expect((edit.body as TProblem).code).toBe('registry_closed');
    await owner.client.post(`/api/me/registries/${registry.id}/reopen`, undefined, { token: owner.token });
    expect((await apiClient(t.app).get(`/api/registries/${registry.publicCode}`)).status).toBe(200);
  });

  it('a visitor’s message is emailed to the owner', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const mark = t.mail.mark();
    const sent = await apiClient(t.app).post(`/api/registries/${registry.publicCode}/messages`, { name: 'Mamie Rose', message: 'Vivement mars !' });
    expect(sent.status).toBe(202);
    const email = await t.mail.waitForEmail({ to: owner.email, after: mark });
    expect(email.text).toContain('Vivement mars !');
  });
});

describe('the store reports purchases and contributions', () => {
  it('a reservation becomes a purchase; the same order twice counts once; a direct purchase takes what is left', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const bodies = await addItem(owner, registry, BODIES);
    const reservation = (await reserve(registry.publicCode, { itemId: bodies.id, quantity: 2, name: 'Odile' })).body as { id: string };
    const url = `/api/integration/registries/${registry.publicCode}/purchases`;
    const body = { itemId: bodies.id, quantity: 2, externalOrderId: 'CMD-1001', reservationId: reservation.id };
    const first = await store.post(url, body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: reservation.id, status: 'purchased', externalOrderId: 'CMD-1001' });
    const replay = await store.post(url, body);
    expect([replay.status, (replay.body as { id: string }).id]).toEqual([200, reservation.id]);
    const twice = await store.post(url, { ...body, externalOrderId: 'CMD-1002' });
    expect((twice.body as TProblem).code).toBe('gift_not_reserved');

    const direct = { itemId: bodies.id, quantity: 3, externalOrderId: 'CMD-2001', giverName: 'Parrain Jules', giverEmail: 'jules@example.fr' };
    const answers = await Promise.all([store.post(url, direct), store.post(url, direct), store.post(url, direct)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    const [row] = await t.ctx.db.select().from(registryItems).where(eq(registryItems.id, bodies.id));
    expect([row!.reservedQuantity, row!.purchasedQuantity]).toEqual([0, 5]);
    const more = await store.post(url, { ...direct, quantity: 1, externalOrderId: 'CMD-2002' });
    expect([more.status, (more.body as TProblem).code]).toEqual([409, 'item_fully_reserved']);
    const noName = await store.post(url, { itemId: bodies.id, quantity: 1, externalOrderId: 'CMD-3' });
    expect((noName.body as TProblem).errors!.map((error) => error.path)).toEqual(['giverName']);
  });

  it('contributions: to a registry with a fund, in the market’s currency, once per payment; the owner is emailed; another market’s key gets 404', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const url = `/api/integration/registries/${registry.publicCode}/contributions`;
    const body = { amount: 5000, currency: 'EUR', externalPaymentId: 'pay_1', giverName: 'Collègues de Léa', message: 'Pour le projet de Jeanne' };
    expect(((await store.post(url, body)).body as TProblem).code).toBe('fund_disabled');
    await owner.client.patch(`/api/me/registries/${registry.id}`, { fundEnabled: true }, { token: owner.token });
    expect(((await store.post(url, { ...body, currency: 'USD' })).body as TProblem).code).toBe('currency_mismatch');
    const mark = t.mail.mark();
    expect((await store.post(url, body)).status).toBe(201);
    expect((await store.post(url, body)).status).toBe(200);
    expect((await detail(owner, registry)).totals.contributions.amount).toBe(5000);
    const email = await t.mail.waitForEmail({ to: owner.email, after: mark });
    expect(email.text).toMatch(/Collègues de Léa a participé à votre cagnotte : 50,00\s€/);

    const market = await createTestMarket(t, { code: 'regnl' });
    const foreign = storeClient(t, await newApiKey(t, ['registries:write'], 'nl till', market.id));
    expect((await foreign.post(url, { ...body, externalPaymentId: 'pay_2' })).status).toBe(404);
    const readOnly = storeClient(t, await newApiKey(t, ['registries:read']));
    expect((await readOnly.post(url, { ...body, externalPaymentId: 'pay_3' })).status).toBe(403);
  });
});

describe('owners thank', () => {
  it('the thank-you is emailed to a giver who left an address, once; its copy is not kept; a giver without one is thanked without email', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const bodies = await addItem(owner, registry, BODIES);
    await reserve(registry.publicCode, { itemId: bodies.id, name: 'Odile', email: 'odile.thanks@example.fr' });
    await reserve(registry.publicCode, { itemId: bodies.id, name: 'Anonyme' });
    const [anonymous, odile] = await gifts(owner, registry);
    const mark = t.mail.mark();
    const thanked = await owner.client.post(`/api/me/registries/${registry.id}/gifts/${odile!.id}/thank`, { message: 'Merci Odile, Jeanne les porte déjà !' }, { token: owner.token });
    expect(thanked.body).toMatchObject({ emailed: true, thankedAt: expect.any(String) });
    const email = await t.mail.waitForEmail({ to: 'odile.thanks@example.fr', after: mark });
    expect(email.subject).toContain('Léa et Hugo Martin');
    expect(email.text).toContain('Merci Odile, Jeanne les porte déjà !');
    const again = await owner.client.post(`/api/me/registries/${registry.id}/gifts/${odile!.id}/thank`, { message: 'Encore' }, { token: owner.token });
    expect((again.body as TProblem).code).toBe('already_thanked');
    const plain = await owner.client.post(`/api/me/registries/${registry.id}/gifts/${anonymous!.id}/thank`, { message: 'Merci' }, { token: owner.token });
    expect(plain.body).toMatchObject({ emailed: false });

    // The worker blanks the thank-you once sent: the shop keeps no copy of the giver's address.
    await expect.poll(async () => (await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.template, 'registry_thank_you'))).every((row) => row.toAddress !== 'odile.thanks@example.fr')).toBe(true);
  });

  it('the owner cancels an unpaid reservation: the quantity is free again, registry.gift_cancelled is sent', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const stroller = await addItem(owner, registry, STROLLER);
    const reservation = (await reserve(registry.publicCode, { itemId: stroller.id, name: 'Odile' })).body as { id: string };
    const removal = await owner.client.delete(`/api/me/registries/${registry.id}/items/${stroller.id}`, { token: owner.token });
    expect((removal.body as TProblem).code).toBe('item_has_gifts');
    const lowered = await owner.client.patch(`/api/me/registries/${registry.id}/items/${stroller.id}`, { wantedQuantity: 1 }, { token: owner.token });
    expect(lowered.status).toBe(200);
    const cancelled = await owner.client.post(`/api/me/registries/${registry.id}/gifts/${reservation.id}/cancel`, undefined, { token: owner.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await detail(owner, registry)).items[0]).toMatchObject({ reservedQuantity: 0, remainingQuantity: 1 });
    expect((await reserve(registry.publicCode, { itemId: stroller.id, name: 'Paul' })).status).toBe(201);
    const events = await t.ctx.db.select().from(webhookEvents).where(eq(webhookEvents.type, 'registry.gift_cancelled'));
    expect(events.some((event) => JSON.stringify(event.payload).includes(reservation.id))).toBe(true);
  });

  it('erasing the owner’s account takes the registry with its visitors’ names, emails and messages', async () => {
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner);
    const bodies = await addItem(owner, registry, BODIES);
    await reserve(registry.publicCode, { itemId: bodies.id, name: 'Odile Erasure', email: 'odile.erasure@example.fr', message: 'Un mot' });
    const response = await t.app.inject({ method: 'DELETE', url: '/api/me', payload: { password: STRONG_PASSWORD }, headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.statusCode).toBe(204);
    expect(await t.ctx.db.select().from(registries).where(eq(registries.id, registry.id))).toEqual([]);
    expect(await t.ctx.db.select().from(registryGifts).where(eq(registryGifts.registryId, registry.id))).toEqual([]);
  });
});

describe('staff see registries read-only', () => {
  it('from the customer’s page and by code, with gifts but never givers’ addresses; each look audited; outside their markets 404', async () => {
    const staffOwner = await setUpFirstOwner(t);
    const support = await inviteStaffMember(t, staffOwner, 'support');
    const owner = await insertSignedInCustomer(t);
    const registry = await newRegistry(owner, { visibility: 'code', accessCode: 'secret-code' });
    const bodies = await addItem(owner, registry, BODIES);
    await reserve(registry.publicCode, { itemId: bodies.id, name: 'Odile', email: 'odile.staff@example.fr', accessCode: 'secret-code' });

    const list = await support.client.get(`/api/staff/customers/${owner.id}/registries`, { token: support.token });
    expect(list.status).toBe(200);
    expect((list.body as { items: { publicCode: string }[] }).items.map((item) => item.publicCode)).toEqual([registry.publicCode]);
    const seen = await support.client.get(`/api/staff/registries/${registry.publicCode.toLowerCase()}`, { token: support.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: registry.id, customerId: owner.id, gifts: [{ giverName: 'Odile', hasEmail: true }] });
    expect(JSON.stringify(seen.body)).not.toContain('odile.staff@example.fr');
    const audit = (await staffOwner.client.get(`/api/staff/audit?targetId=${registry.id}`, { token: staffOwner.token })).body as { items: { action: string }[] };
    expect(audit.items.map((item) => item.action)).toEqual(['registry.viewed']);

    const market = await createTestMarket(t, { code: 'regstaff' });
    await staffOwner.client.patch(`/api/staff/users/${support.id}`, { marketIds: [market.id] }, { token: staffOwner.token });
    expect((await support.client.get(`/api/staff/registries/${registry.publicCode}`, { token: support.token })).status).toBe(404);
    expect((await apiClient(t.app).get(`/api/staff/registries/${registry.publicCode}`)).status).toBe(401);
  });
});
