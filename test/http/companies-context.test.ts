import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/modules/auth/auth.tables.js';
import { companies, companyMembers, locationMembers, sessionBuyingContexts } from '../../src/modules/companies/companies.tables.js';
import {
  countRows,
  insertCompany,
  insertLocation,
  insertLocationMember,
  insertMember,
  insertSignedInCustomer,
  putJson,
} from '../support/company-fixtures.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TContext = {
  kind: 'consumer' | 'business';
  customer: { id: string; accountType: string };
  company: { id: string; name: string } | null;
  location: { id: string; name: string; catalogRef: string | null; paymentTerms: { code: string }; requiresApproval: boolean } | null;
  role: string | null;
  locationRole: string | null;
  permissions: string[];
  choiceRequired: boolean;
  choices: { companyId: string; companyName: string; locations: { id: string; name: string }[] }[];
};

async function contextOf(actor: { token: string; client: TActor['client'] }): Promise<TContext> {
  const response = await actor.client.get('/api/me/context', { token: actor.token });
  expect(response.status).toBe(200);
  return response.body as TContext;
}

const choose = (actor: TActor, body: unknown) => putJson(t, '/api/me/context', body, actor.token);

/** A buyer at one location of one company, with the terms a storefront needs. */
async function buyerAtOneLocation() {
  const buyer = await insertSignedInCustomer(t);
  const companyId = await insertCompany(t.ctx.db, { name: 'Papeterie Durand' });
  const locationId = await insertLocation(t.ctx.db, { companyId, name: 'Siège', catalogRef: 'pro-2026', terms: { kind: 'net', days: 30 }, requiresApproval: true });
  await insertMember(t.ctx.db, { companyId, customerId: buyer.id });
  await insertLocationMember(t.ctx.db, { locationId, customerId: buyer.id, role: 'buyer' });
  return { buyer, companyId, locationId };
}

describe('GET /api/me/context', () => {
  it('GET /api/me/context: someone in no company buys as a consumer, with nothing to choose', async () => {
    const consumer = await insertSignedInCustomer(t, { accountType: 'individual' });
    expect(await contextOf(consumer)).toEqual({
      kind: 'consumer',
      customer: expect.objectContaining({ id: consumer.id, accountType: 'individual', email: consumer.email }),
      company: null,
      location: null,
      role: null,
      locationRole: null,
      permissions: [],
      choiceRequired: false,
      choices: [],
      approval: { status: 'approved', canOrder: true },
    });
    expect((await apiClient(t.app).get('/api/me/context')).status).toBe(401);
  });

  it('GET /api/me/context: a buyer in one company and one location buys for it without choosing: catalog, terms, approval, role, permissions', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    expect(await contextOf(buyer)).toEqual({
      kind: 'business',
      customer: expect.objectContaining({ id: buyer.id, accountType: 'company' }),
      company: { id: companyId, name: 'Papeterie Durand', kind: 'company', country: 'FR' },
      location: {
        id: locationId,
        name: 'Siège',
        catalogRef: 'pro-2026',
        paymentTerms: { code: 'net30', kind: 'net', netDays: 30, depositPercent: null },
        requiresApproval: true,
      },
      role: 'member',
      locationRole: 'buyer',
      permissions: ['company.view', 'members.view', 'locations.view', 'location.buy', 'location.addresses.request_change', 'orders.view_own'],
      choiceRequired: false,
      choices: [{ companyId, companyName: 'Papeterie Durand', locations: [{ id: locationId, name: 'Siège' }] }],
      approval: { status: 'approved', canOrder: true },
    });
  });

  it('GET /api/me/context: a company administrator may buy for every location and holds every permission there', async () => {
    const admin = await insertSignedInCustomer(t);
    const companyId = await insertCompany(t.ctx.db);
    const locationId = await insertLocation(t.ctx.db, { companyId, name: 'Siège' });
    await insertMember(t.ctx.db, { companyId, customerId: admin.id, role: 'admin' });
    const context = await contextOf(admin);
    expect(context).toMatchObject({ kind: 'business', role: 'admin', locationRole: null, location: { id: locationId } });
    expect(context.permissions).toEqual(expect.arrayContaining(['locations.manage', 'members.manage', 'location.orders.approve', 'location.addresses.decide_change']));
  });
});

describe('PUT /api/me/context', () => {
  it('PUT /api/me/context: a buyer in two locations must choose; the choice holds for this session only', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    const lyon = await insertLocation(t.ctx.db, { companyId, name: 'Entrepôt de Lyon', catalogRef: 'lyon', terms: { kind: 'deposit', percent: 30 } });
    await insertLocationMember(t.ctx.db, { locationId: lyon, customerId: buyer.id, role: 'location_admin' });
    const before = await contextOf(buyer);
    expect(before).toMatchObject({ kind: 'consumer', company: null, location: null, choiceRequired: true });
    expect(before.choices).toEqual([
      { companyId, companyName: 'Papeterie Durand', locations: [{ id: lyon, name: 'Entrepôt de Lyon' }, { id: locationId, name: 'Siège' }] },
    ]);

    const chosen = await choose(buyer, { companyId, locationId: lyon });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({
      kind: 'business',
      company: { id: companyId },
      location: { id: lyon, catalogRef: 'lyon', paymentTerms: { code: 'deposit30' }, requiresApproval: false },
      locationRole: 'location_admin',
      choiceRequired: false,
    });
    expect((chosen.body as TContext).permissions).toContain('location.orders.approve');
    expect(await contextOf(buyer)).toEqual(chosen.body);

    // Another device (another session) of the same person has not chosen yet.
    const otherDevice = apiClient(t.app);
    const signedIn = await otherDevice.post('/api/auth/login', { email: buyer.email, password: 'violet tambour pelouse 1987 grenier' });
    expect(await contextOf({ token: (signedIn.body as { token: string }).token, client: otherDevice })).toMatchObject({ choiceRequired: true, location: null });
  });

  it('PUT /api/me/context: 404 for a company or a location that is not the caller’s; the stored choice is unchanged', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    const notMine = await insertLocation(t.ctx.db, { companyId, name: 'Annexe' });
    const other = await buyerAtOneLocation();
    for (const body of [
      { companyId: other.companyId, locationId: other.locationId },
      { companyId, locationId: notMine },
      { companyId, locationId: other.locationId },
      { companyId: 'cmp_unknown' },
    ]) {
      expect((await choose(buyer, body)).body).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect((await choose(buyer, { companyId: 42 })).body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await contextOf(buyer)).toMatchObject({ location: { id: locationId } });
  });

  it('PUT /api/me/context { companyId: null }: buys as a consumer in this session, even for someone with a single location', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    const consumer = await choose(buyer, { companyId: null });
    expect(consumer.status).toBe(200);
    expect(consumer.body).toMatchObject({ kind: 'consumer', company: null, location: null, choiceRequired: false, choices: [{ companyId }] });
    expect(await contextOf(buyer)).toMatchObject({ kind: 'consumer' });
    expect((await choose(buyer, { companyId, locationId })).body).toMatchObject({ kind: 'business', location: { id: locationId } });
  });
});

describe('memberships are checked on every read', () => {
  it('a removed colleague’s session loses the company at the next read', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    await choose(buyer, { companyId, locationId });
    await t.ctx.db.delete(companyMembers).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.customerId, buyer.id)));
    expect(await contextOf(buyer)).toMatchObject({ kind: 'consumer', company: null, location: null, permissions: [], choices: [] });
  });

  it('a buyer removed from the chosen location keeps the company, and its only other location is chosen', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    const lyon = await insertLocation(t.ctx.db, { companyId, name: 'Lyon' });
    await insertLocationMember(t.ctx.db, { locationId: lyon, customerId: buyer.id });
    await choose(buyer, { companyId, locationId });
    await t.ctx.db.delete(locationMembers).where(and(eq(locationMembers.locationId, locationId), eq(locationMembers.customerId, buyer.id)));
    expect(await contextOf(buyer)).toMatchObject({ kind: 'business', company: { id: companyId }, location: { id: lyon } });
  });

  it('a merged company is no longer a choice', async () => {
    const { buyer, companyId } = await buyerAtOneLocation();
    const target = await insertCompany(t.ctx.db);
    await t.ctx.db.update(companies).set({ status: 'merged', mergedIntoId: target }).where(eq(companies.id, companyId));
    expect(await contextOf(buyer)).toMatchObject({ kind: 'consumer', choices: [] });
  });

  it('the choice belongs to the session: one row per session, and a signed-out session answers 401', async () => {
    const { buyer, companyId, locationId } = await buyerAtOneLocation();
    await choose(buyer, { companyId, locationId });
    const [session] = await t.ctx.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.customerId, buyer.id));
    expect(await countRows(t.ctx.db, sessionBuyingContexts, eq(sessionBuyingContexts.sessionId, session!.id))).toBe(1);
    await buyer.client.post('/api/auth/logout', {}, { token: buyer.token });
    expect((await buyer.client.get('/api/me/context', { token: buyer.token })).status).toBe(401);
  });
});

describe('documentation', () => {
  it('/openapi.json describes GET and PUT /api/me/context with their answer', async () => {
    const spec = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, { summary?: string; description?: string }>> };
    const path = spec.paths['/api/me/context']!;
    expect(Object.keys(path).sort()).toEqual(['get', 'put']);
    expect(path.get!.description).toMatch(/STOREFRONT/);
    expect(JSON.stringify(path.get)).toMatch(/paymentTerms/);
    expect(JSON.stringify(path.get)).toMatch(/requiresApproval/);
  });
});
