import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyLocations, locationAddresses, locationAddressRequests } from '../../src/modules/companies/companies.tables.js';
import { setLocationTerms } from '../../src/modules/companies/locations.service.js';
import {
  countRows,
  insertCompany,
  insertLocation,
  insertLocationMember,
  insertMember,
  insertSignedInCustomer,
  runCli,
  withCliDatabase,
} from '../support/company-fixtures.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TLocation = {
  id: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: { code: string; kind: string; netDays: number | null; depositPercent: number | null };
  requiresApproval: boolean;
  myRole: string | null;
  addresses: { id: string; kind: string; isDefault: boolean; postalCode: string | null; city: string; [field: string]: unknown }[];
};
type TRequest = { id: string; status: string; action: string; addressId: string | null; refusalReason: string | null; requestedBy: { customerId: string } | null };

const BILLING = { kind: 'billing', company: 'Papeterie Durand', attention: 'Comptabilité', line1: '3 place du Marché', postalCode: '69002', city: 'Lyon', country: 'FR' };
const DELIVERY = { kind: 'delivery', company: 'Papeterie Durand', line1: '12 rue de Rivoli', postalCode: '75001', city: 'Paris', country: 'FR' };

/** A company with an administrator, a location administrator and a buyer at its first location, a plain colleague, and an outsider. */
async function company() {
  const companyId = await insertCompany(t.ctx.db);
  const locationId = await insertLocation(t.ctx.db, { companyId, name: 'Siège', catalogRef: 'pro-2026', terms: { kind: 'net', days: 30 }, requiresApproval: true });
  const [admin, locationAdmin, buyer, colleague, outsider] = await Promise.all([
    insertSignedInCustomer(t),
    insertSignedInCustomer(t),
    insertSignedInCustomer(t),
    insertSignedInCustomer(t),
    insertSignedInCustomer(t),
  ]);
  await insertMember(t.ctx.db, { companyId, customerId: admin!.id, role: 'admin' });
  for (const member of [locationAdmin!, buyer!, colleague!]) await insertMember(t.ctx.db, { companyId, customerId: member.id });
  await insertLocationMember(t.ctx.db, { locationId, customerId: locationAdmin!.id, role: 'location_admin' });
  await insertLocationMember(t.ctx.db, { locationId, customerId: buyer!.id, role: 'buyer' });
  const base = `/api/companies/${companyId}/locations`;
  return { companyId, locationId, admin: admin!, locationAdmin: locationAdmin!, buyer: buyer!, colleague: colleague!, outsider: outsider!, base, at: `${base}/${locationId}` };
}

const call = (actor: TActor) => ({
  get: (url: string) => actor.client.get(url, { token: actor.token }),
  post: (url: string, body?: unknown) => actor.client.post(url, body ?? {}, { token: actor.token }),
  patch: (url: string, body: unknown) => actor.client.patch(url, body, { token: actor.token }),
  delete: (url: string) => actor.client.delete(url, { token: actor.token }),
});

describe('GET /api/companies/{companyId}/locations', () => {
  it('GET …/locations: every colleague sees every location with its terms, catalog, approval rule and addresses; outsiders get 404', async () => {
    const c = await company();
    const second = await insertLocation(t.ctx.db, { companyId: c.companyId, name: 'Entrepôt', terms: { kind: 'deposit', percent: 30 } });
    await call(c.admin).post(`${c.at}/addresses`, BILLING);
    for (const actor of [c.admin, c.locationAdmin, c.buyer, c.colleague]) {
      const response = await call(actor).get(c.base);
      expect(response.status).toBe(200);
      const items = (response.body as { items: TLocation[] }).items;
      expect(items.map((item) => item.id).sort()).toEqual([c.locationId, second].sort());
      const siege = items.find((item) => item.id === c.locationId)!;
      expect(siege).toMatchObject({
        name: 'Siège',
        catalogRef: 'pro-2026',
        paymentTerms: { code: 'net30', kind: 'net', netDays: 30, depositPercent: null },
        requiresApproval: true,
      });
      expect(siege.addresses).toEqual([expect.objectContaining({ kind: 'billing', city: 'Lyon', postalCode: '69002' })]);
      expect(items.find((item) => item.id === second)!.paymentTerms).toEqual({ code: 'deposit30', kind: 'deposit', netDays: null, depositPercent: 30 });
    }
    expect(((await call(c.buyer).get(c.base)).body as { items: TLocation[] }).items.find((item) => item.id === c.locationId)!.myRole).toBe('buyer');
    expect((await call(c.outsider).get(c.base)).status).toBe(404);
    expect((await call(c.outsider).get(c.at)).status).toBe(404);
    expect((await call(c.colleague).get(c.at)).status).toBe(200);
  });
});

describe('creating, renaming and deleting locations', () => {
  it('POST …/locations: an administrator adds a location (201, no terms until the shop sets them); colleagues get 403, outsiders 404', async () => {
    const c = await company();
    const created = await call(c.admin).post(c.base, { name: '  Entrepôt de Lyon ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Entrepôt de Lyon', catalogRef: null, paymentTerms: { code: 'none' }, requiresApproval: false, addresses: [] });
    expect((created.body as TLocation).id).toMatch(/^loc_/);
    for (const actor of [c.locationAdmin, c.buyer, c.colleague]) expect((await call(actor).post(c.base, { name: 'X' })).body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await call(c.outsider).post(c.base, { name: 'X' })).status).toBe(404);
    const invalid = await call(c.admin).post(c.base, { name: '   ' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'name', code: 'required' })] });
  });

  it('PATCH …/locations/{id}: an administrator renames it, and cannot set terms or catalog that way; a location administrator gets 403', async () => {
    const c = await company();
    const renamed = await call(c.admin).patch(c.at, { name: 'Siège social', catalogRef: 'free-stuff', paymentTerms: { code: 'net90' }, requiresApproval: false });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Siège social', catalogRef: 'pro-2026', paymentTerms: { code: 'net30' }, requiresApproval: true });
    expect((await call(c.locationAdmin).patch(c.at, { name: 'Chez moi' })).status).toBe(403);
    expect((await call(c.admin).patch(`${c.base}/loc_unknown`, { name: 'X' })).status).toBe(404);
  });

  it('DELETE …/locations/{id}: an administrator deletes a location with its addresses, but never the last one (409 last_location)', async () => {
    const c = await company();
    const other = (await call(c.admin).post(c.base, { name: 'Annexe' })).body as TLocation;
    await call(c.admin).post(`${c.base}/${other.id}/addresses`, DELIVERY);
    expect((await call(c.buyer).delete(`${c.base}/${other.id}`)).status).toBe(403);
    expect((await call(c.admin).delete(`${c.base}/${other.id}`)).status).toBe(204);
    expect(await countRows(t.ctx.db, locationAddresses, eq(locationAddresses.locationId, other.id))).toBe(0);
    const last = await call(c.admin).delete(c.at);
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({ code: 'last_location' });
    expect(await countRows(t.ctx.db, companyLocations, eq(companyLocations.companyId, c.companyId))).toBe(1);
  });

  it('DELETE …/locations/{id}: two administrators deleting the last two locations at once leave one', async () => {
    const c = await company();
    const other = (await call(c.admin).post(c.base, { name: 'Annexe' })).body as TLocation;
    const answers = await Promise.all([call(c.admin).delete(c.at), call(c.admin).delete(`${c.base}/${other.id}`)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
    expect(await countRows(t.ctx.db, companyLocations, eq(companyLocations.companyId, c.companyId))).toBe(1);
  });
});

describe('terms, catalog and approval: set by the shop only', () => {
  it('setLocationTerms: net N days, a deposit, none; catalog set and cleared; approval on and off; unknown terms refused', async () => {
    const c = await company();
    expect(await setLocationTerms(t.ctx.db, { locationId: c.locationId, terms: 'deposit30', catalogRef: 'export', requiresApproval: false })).toMatchObject({
      paymentTermsKind: 'deposit',
      paymentTermsDepositPercent: 30,
      paymentTermsNetDays: null,
      catalogRef: 'export',
      requiresApproval: false,
    });
    expect(await setLocationTerms(t.ctx.db, { locationId: c.locationId, terms: 'NET60', catalogRef: null })).toMatchObject({
      paymentTermsKind: 'net',
      paymentTermsNetDays: 60,
      catalogRef: null,
      requiresApproval: false,
    });
    for (const bad of ['net31', 'net', 'deposit0', 'deposit101', 'cash']) {
      await expect(setLocationTerms(t.ctx.db, { locationId: c.locationId, terms: bad })).rejects.toMatchObject({ code: 'invalid_payment_terms' });
    }
    await expect(setLocationTerms(t.ctx.db, { locationId: 'loc_nope', terms: 'none' })).rejects.toMatchObject({ code: 'not_found' });
    const seen = (await call(c.buyer).get(c.at)).body as TLocation;
    expect(seen.paymentTerms).toEqual({ code: 'net60', kind: 'net', netDays: 60, depositPercent: null });
  });

  it('npx comptoir location set-terms: changes the terms of a location in the configured database, and refuses bad input with a message', async () => {
    await withCliDatabase(t, {
      async prepare(db) {
        const companyId = await insertCompany(db);
        return insertLocation(db, { companyId, name: 'Siège' });
      },
      async command(env, locationId) {
        const done = await runCli(['location', 'set-terms', '--location', locationId, '--terms', 'net45', '--catalog', 'grossistes', '--approval', 'on'], env);
        expect(done.stderr).toBe('');
        expect(done.code).toBe(0);
        expect(JSON.parse(done.stdout)).toMatchObject({ id: locationId, paymentTermsKind: 'net', paymentTermsNetDays: 45, catalogRef: 'grossistes', requiresApproval: true });
        const wrong = await runCli(['location', 'set-terms', '--location', locationId, '--terms', 'net31'], env);
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toMatch(/Unknown payment terms "net31"[\s\S]*net30/);
        const missing = await runCli(['location', 'set-terms', '--terms', 'net30'], env);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/needs --location/);
      },
      async check(db, locationId) {
        const [row] = await db.select().from(companyLocations).where(eq(companyLocations.id, locationId));
        expect(row).toMatchObject({ paymentTermsKind: 'net', paymentTermsNetDays: 45, catalogRef: 'grossistes', requiresApproval: true });
      },
    });
  });
});

describe('location addresses changed directly by administrators', () => {
  it('POST/PATCH/DELETE …/addresses: one billing address, delivery addresses with one default, checked by the country rules', async () => {
    const c = await company();
    const billing = await call(c.locationAdmin).post(`${c.at}/addresses`, BILLING);
    expect(billing.status).toBe(201);
    expect(billing.body).toMatchObject({ kind: 'billing', isDefault: false, company: 'Papeterie Durand', city: 'Lyon' });
    expect((billing.body as { id: string }).id).toMatch(/^ladr_/);
    expect((await call(c.admin).post(`${c.at}/addresses`, BILLING)).body).toMatchObject({ status: 409, code: 'billing_address_exists' });

    const first = (await call(c.admin).post(`${c.at}/addresses`, DELIVERY)).body as TLocation['addresses'][number];
    expect(first.isDefault).toBe(true);
    const second = (await call(c.admin).post(`${c.at}/addresses`, { ...DELIVERY, line1: '1 quai Branly', isDefault: true })).body as TLocation['addresses'][number];
    expect(second.isDefault).toBe(true);
    const madeDefault = await call(c.locationAdmin).post(`${c.at}/addresses/${first.id}/default`);
    expect(madeDefault.body).toMatchObject({ id: first.id, isDefault: true });

    const invalid = await call(c.admin).patch(`${c.at}/addresses/${first.id}`, { country: 'NL', postalCode: '75001' });
    expect(invalid.status).toBe(400);
    // The whole address is checked again: the stored Paris postal code is not a Dutch one.
    expect(invalid.body).toMatchObject({ errors: [expect.objectContaining({ path: 'postalCode', code: 'invalid_postal_code' })] });
    const changed = await call(c.locationAdmin).patch(`${c.at}/addresses/${first.id}`, { postalCode: '75 002', phone: '06 12 34 56 78' });
    expect(changed.body).toMatchObject({ postalCode: '75002', phone: '+33612345678', phoneNational: '06 12 34 56 78' });

    expect((await call(c.admin).delete(`${c.at}/addresses/${first.id}`)).status).toBe(204);
    const after = ((await call(c.buyer).get(c.at)).body as TLocation).addresses;
    expect(after.map((address) => [address.id, address.kind, address.isDefault])).toEqual([
      [(billing.body as { id: string }).id, 'billing', false],
      [second.id, 'delivery', true],
    ]);
  });

  it('…/addresses: a colleague without a role at the location gets 403, an outsider 404, a location administrator elsewhere 403', async () => {
    const c = await company();
    const elsewhere = await insertLocation(t.ctx.db, { companyId: c.companyId, name: 'Annexe' });
    expect((await call(c.colleague).post(`${c.at}/addresses`, DELIVERY)).status).toBe(403);
    expect((await call(c.outsider).post(`${c.at}/addresses`, DELIVERY)).status).toBe(404);
    expect((await call(c.locationAdmin).post(`${c.base}/${elsewhere}/addresses`, DELIVERY)).status).toBe(403);
    expect((await call(c.colleague).get(`${c.at}/address-requests`)).status).toBe(403);
    const other = await company();
    // A location of another company, reached through one's own company: 404.
    expect((await call(c.admin).post(`${c.base}/${other.locationId}/addresses`, DELIVERY)).status).toBe(404);
  });
});

describe('a buyer’s address change is a request', () => {
  it('POST …/addresses by a buyer: 202 with a pending request, nothing changed; the location administrator approves and it is applied', async () => {
    const c = await company();
    const asked = await call(c.buyer).post(`${c.at}/addresses`, { ...DELIVERY, postalCode: '75 003', label: 'Boutique' });
    expect(asked.status).toBe(202);
    const request = asked.body as TRequest & { proposed: Record<string, unknown> };
    expect(request).toMatchObject({ action: 'create', status: 'pending', addressId: null, requestedBy: { customerId: c.buyer.id } });
    expect(request.proposed).toMatchObject({ kind: 'delivery', postalCode: '75003', label: 'Boutique' });
    expect(await countRows(t.ctx.db, locationAddresses, eq(locationAddresses.locationId, c.locationId))).toBe(0);

    expect((await call(c.buyer).post(`${c.at}/address-requests/${request.id}/approve`)).status).toBe(403);
    const pending = (await call(c.locationAdmin).get(`${c.at}/address-requests?status=pending`)).body as { items: TRequest[] };
    expect(pending.items.map((item) => item.id)).toEqual([request.id]);

    const approved = await call(c.locationAdmin).post(`${c.at}/address-requests/${request.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', addressId: expect.stringMatching(/^ladr_/) });
    const addresses = ((await call(c.buyer).get(c.at)).body as TLocation).addresses;
    expect(addresses).toEqual([expect.objectContaining({ id: (approved.body as TRequest).addressId, postalCode: '75003', isDefault: true, label: 'Boutique' })]);
    expect((await call(c.admin).post(`${c.at}/address-requests/${request.id}/approve`)).body).toMatchObject({ status: 409, code: 'request_already_decided' });
    expect((await call(c.admin).post(`${c.at}/address-requests/${request.id}/refuse`, { reason: 'Non' })).body).toMatchObject({ code: 'request_already_decided' });
  });

  it('PATCH by a buyer: checked at once (400), else a request; refused with a reason the requester reads in their own list', async () => {
    const c = await company();
    const address = (await call(c.admin).post(`${c.at}/addresses`, DELIVERY)).body as { id: string };
    const invalid = await call(c.buyer).patch(`${c.at}/addresses/${address.id}`, { postalCode: '7500' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ errors: [expect.objectContaining({ path: 'postalCode', code: 'invalid_postal_code' })] });
    expect(await countRows(t.ctx.db, locationAddressRequests, eq(locationAddressRequests.locationId, c.locationId))).toBe(0);

    const asked = await call(c.buyer).patch(`${c.at}/addresses/${address.id}`, { city: 'Paris 1er' });
    expect(asked.status).toBe(202);
    const request = asked.body as TRequest;
    expect(request).toMatchObject({ action: 'update', addressId: address.id, proposed: { city: 'Paris 1er' } });
    expect((await call(c.locationAdmin).post(`${c.at}/address-requests/${request.id}/refuse`, { reason: ' ' })).body).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ path: 'reason', code: 'required' })],
    });
    const refused = await call(c.locationAdmin).post(`${c.at}/address-requests/${request.id}/refuse`, { reason: 'Adresse de livraison réservée au siège.' });
    expect(refused.body).toMatchObject({ status: 'refused', refusalReason: 'Adresse de livraison réservée au siège.' });
    const mine = (await call(c.buyer).get(`${c.at}/address-requests`)).body as { items: TRequest[] };
    expect(mine.items).toEqual([expect.objectContaining({ id: request.id, status: 'refused', refusalReason: 'Adresse de livraison réservée au siège.' })]);
    expect(((await call(c.buyer).get(c.at)).body as TLocation).addresses[0]).toMatchObject({ city: 'Paris' });

    // The request is the buyer's act: it is in their export, with the answer, and in nobody else's.
    const exported = (await call(c.buyer).get('/api/me/export')).body as { sections: { locationAddressRequests: unknown[] } };
    expect(exported.sections.locationAddressRequests).toEqual([
      expect.objectContaining({ id: request.id, action: 'update', status: 'refused', proposed: { city: 'Paris 1er' }, refusalReason: 'Adresse de livraison réservée au siège.' }),
    ]);
    const deciders = (await call(c.locationAdmin).get('/api/me/export')).body as { sections: { locationAddressRequests: unknown[] } };
    expect(deciders.sections.locationAddressRequests).toEqual([]);
  });

  it('a buyer sees only their own requests; administrators see all of them', async () => {
    const c = await company();
    const secondBuyer = await insertSignedInCustomer(t);
    await insertMember(t.ctx.db, { companyId: c.companyId, customerId: secondBuyer.id });
    await insertLocationMember(t.ctx.db, { locationId: c.locationId, customerId: secondBuyer.id });
    await call(c.buyer).post(`${c.at}/addresses`, DELIVERY);
    await call(secondBuyer).post(`${c.at}/addresses`, BILLING);
    expect(((await call(c.buyer).get(`${c.at}/address-requests`)).body as { items: TRequest[] }).items.map((item) => item.requestedBy?.customerId)).toEqual([c.buyer.id]);
    expect(((await call(c.admin).get(`${c.at}/address-requests`)).body as { items: TRequest[] }).items).toHaveLength(2);
    expect(((await call(c.locationAdmin).get(`${c.at}/address-requests`)).body as { items: TRequest[] }).items).toHaveLength(2);
  });

  it('approval rechecks the request against the location as it is now: a second billing address, or an address deleted meanwhile, is refused and the request stays pending', async () => {
    const c = await company();
    const askedBilling = (await call(c.buyer).post(`${c.at}/addresses`, BILLING)).body as TRequest;
    const address = (await call(c.admin).post(`${c.at}/addresses`, DELIVERY)).body as { id: string };
    const askedChange = (await call(c.buyer).patch(`${c.at}/addresses/${address.id}`, { line2: 'Bâtiment B' })).body as TRequest;
    await call(c.admin).post(`${c.at}/addresses`, BILLING);
    await call(c.admin).delete(`${c.at}/addresses/${address.id}`);

    expect((await call(c.locationAdmin).post(`${c.at}/address-requests/${askedBilling.id}/approve`)).body).toMatchObject({ status: 409, code: 'billing_address_exists' });
    expect((await call(c.locationAdmin).post(`${c.at}/address-requests/${askedChange.id}/approve`)).body).toMatchObject({ status: 409, code: 'address_gone' });
    const statuses = ((await call(c.admin).get(`${c.at}/address-requests`)).body as { items: TRequest[] }).items.map((item) => item.status);
    expect(statuses).toEqual(['pending', 'pending']);
    expect(await countRows(t.ctx.db, locationAddresses, eq(locationAddresses.locationId, c.locationId))).toBe(1);
  });

  it('DELETE by a buyer becomes a request; approved, the address goes and the newest other delivery address becomes the default', async () => {
    const c = await company();
    const first = (await call(c.admin).post(`${c.at}/addresses`, DELIVERY)).body as { id: string };
    const second = (await call(c.admin).post(`${c.at}/addresses`, { ...DELIVERY, line1: '1 quai Branly' })).body as { id: string };
    const asked = await call(c.buyer).delete(`${c.at}/addresses/${first.id}`);
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ action: 'delete', addressId: first.id, status: 'pending' });
    await call(c.admin).post(`${c.at}/address-requests/${(asked.body as TRequest).id}/approve`);
    expect(((await call(c.buyer).get(c.at)).body as TLocation).addresses.map((address) => [address.id, address.isDefault])).toEqual([[second.id, true]]);
  });

  it('POST …/address-requests/{id}/cancel: the requester withdraws a pending request; nobody else can', async () => {
    const c = await company();
    const request = (await call(c.buyer).post(`${c.at}/addresses`, DELIVERY)).body as TRequest;
    expect((await call(c.locationAdmin).post(`${c.at}/address-requests/${request.id}/cancel`)).status).toBe(404);
    expect((await call(c.buyer).post(`${c.at}/address-requests/${request.id}/cancel`)).body).toMatchObject({ status: 'cancelled' });
    expect((await call(c.buyer).post(`${c.at}/address-requests/${request.id}/cancel`)).body).toMatchObject({ code: 'request_already_decided' });
  });
});
