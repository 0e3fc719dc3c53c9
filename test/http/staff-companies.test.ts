import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import {
  companies,
  companyInvitations,
  companyLocations,
  companyMembers,
  locationAddresses,
  locationMembers,
} from '../../src/modules/companies/companies.tables.js';
import { documents } from '../../src/modules/documents/documents.tables.js';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { newId } from '../../src/platform/ids.js';
import { countRows, insertCompany, insertCustomerRow, insertLocation, insertLocationMember, insertMember } from '../support/company-fixtures.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

let t: TTestApp;
let owner: TStaff;
let support: TStaff;
let readOnly: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  support = await inviteStaffMember(t, owner, 'support');
  readOnly = await inviteStaffMember(t, owner, 'read_only');
});
afterAll(async () => {
  await t.close();
});

type TLocation = {
  id: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: { code: string; kind: string; netDays: number | null; depositPercent: number | null };
  requiresApproval: boolean;
  addresses: { kind: string; city: string }[];
  orders: number;
  documents: number;
};
type TCompany = {
  id: string;
  name: string;
  kind: string;
  country: string;
  siret: string | null;
  siren: string | null;
  vatNumber: string | null;
  status: 'active' | 'merged';
  mergedInto: { id: string; name: string } | null;
  mergedFrom: { id: string; name: string }[];
  administrators: number;
  members: { customerId: string; email: string; firstName: string; role: string; locations: { locationId: string; role: string }[] }[];
  locations: TLocation[];
  counts: { members: number; locations: number; orders: number; documents: number };
};

const DURAND = { name: 'Papeterie Durand SAS', kind: 'company', country: 'FR', siret: '732 829 320 00074', vatNumber: 'fr 44 732 829 320' };

const call = {
  get: (staff: TStaff, url: string) => staff.client.get(url, { token: staff.token }),
  post: (staff: TStaff, url: string, body: unknown) => staff.client.post(url, body, { token: staff.token }),
  patch: (staff: TStaff, url: string, body: unknown) => staff.client.patch(url, body, { token: staff.token }),
  delete: (staff: TStaff, url: string) => staff.client.delete(url, { token: staff.token }),
};

async function companyOf(companyId: string, staff: TStaff = support): Promise<TCompany> {
  const response = await call.get(staff, `/api/staff/companies/${companyId}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TCompany;
}

function errorsOf(response: { status: number; body: unknown }): Record<string, string> {
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  const errors = (response.body as { errors: { path: string; code: string }[] }).errors;
  return Object.fromEntries(errors.map((error) => [error.path, error.code]));
}

function expectProblem(response: { status: number; body: unknown }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
}

async function auditRows(db: Database, action: string, targetId: string) {
  return db
    .select()
    .from(staffAuditEvents)
    .where(and(eq(staffAuditEvents.action, action), eq(staffAuditEvents.targetId, targetId)))
    .orderBy(asc(staffAuditEvents.id));
}

async function insertOrder(db: Database, options: { companyId: string; locationId: string; customerId: string }): Promise<string> {
  const id = newId('ord');
  await db.insert(orders).values({ marketId: DEFAULT_MARKET_ID,
    id,
    externalId: newId('ord'),
    number: `W-${id.slice(-6)}`,
    channel: 'online',
    placedAt: new Date(),
    currency: 'EUR',
    customerId: options.customerId,
    companyId: options.companyId,
    locationId: options.locationId,
    status: 'open',
    total: 1000,
  });
  return id;
}

async function insertDocument(db: Database, options: { orderId: string; companyId: string; locationId: string; customerId: string }): Promise<string> {
  const id = newId('doc');
  await db.insert(documents).values({ marketId: DEFAULT_MARKET_ID,
    id,
    kind: 'invoice',
    number: `F-${id}`,
    orderId: options.orderId,
    customerId: options.customerId,
    companyId: options.companyId,
    locationId: options.locationId,
    issuedAt: new Date(),
    currency: 'EUR',
    total: 1000,
  });
  return id;
}

describe('GET /api/staff/companies/:companyId', () => {
  it('answers identity, members with their location roles, locations with terms, addresses and counts; audits the look (read-only may)', async () => {
    const db = t.ctx.db;
    const companyId = await insertCompany(db, { name: 'Durand SARL' });
    const admin = await insertCustomerRow(db);
    const buyer = await insertCustomerRow(db);
    await insertMember(db, { companyId, customerId: admin.id, role: 'admin' });
    await insertMember(db, { companyId, customerId: buyer.id, role: 'member' });
    const siege = await insertLocation(db, { companyId, name: 'Siège', catalogRef: 'PRO-2025', terms: { kind: 'net', days: 30 }, requiresApproval: true });
    await insertLocationMember(db, { locationId: siege, customerId: buyer.id, role: 'buyer' });
    await db.insert(locationAddresses).values({ id: newId('ladr'), locationId: siege, kind: 'billing', company: 'Durand', line1: '3 rue Haute', city: 'Lyon', postalCode: '69002', country: 'FR' });
    const orderId = await insertOrder(db, { companyId, locationId: siege, customerId: buyer.id });
    await insertDocument(db, { orderId, companyId, locationId: siege, customerId: buyer.id });

    const company = await companyOf(companyId, readOnly);
    expect(company).toMatchObject({
      id: companyId,
      name: 'Durand SARL',
      status: 'active',
      mergedInto: null,
      administrators: 1,
      counts: { members: 2, locations: 1, orders: 1, documents: 1 },
    });
    expect(company.members.map((member) => [member.customerId, member.role])).toEqual([
      [admin.id, 'admin'],
      [buyer.id, 'member'],
    ]);
    expect(company.members[1]).toMatchObject({ email: buyer.email, firstName: 'Claire', locations: [{ locationId: siege, role: 'buyer' }] });
    expect(company.locations).toEqual([
      expect.objectContaining({
        id: siege,
        catalogRef: 'PRO-2025',
        paymentTerms: { code: 'net30', kind: 'net', netDays: 30, depositPercent: null },
        requiresApproval: true,
        orders: 1,
        documents: 1,
        addresses: [expect.objectContaining({ kind: 'billing', city: 'Lyon' })],
      }),
    ]);
    const audit = await auditRows(db, 'company.viewed', companyId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: readOnly.id, targetType: 'company', ip: readOnly.client.ip });
  });

  it('404 for an unknown id; 401 without a staff session', async () => {
    expectProblem(await call.get(support, '/api/staff/companies/cmp_unknown'), 404, 'not_found');
    expect((await support.client.get('/api/staff/companies/cmp_unknown')).status).toBe(401);
  });
});

describe('POST /api/staff/companies', () => {
  it('creates a company with identifiers normalised, an existing customer as first administrator and a first location; audited, with its webhook event', async () => {
    const customer = await insertCustomerRow(t.ctx.db);
    const response = await call.post(support, '/api/staff/companies', { ...DURAND, administratorEmail: ` ${customer.email.toUpperCase()} ` });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const company = response.body as TCompany;
    expect(company).toMatchObject({ name: 'Papeterie Durand SAS', siret: '73282932000074', siren: '732829320', vatNumber: 'FR44732829320', administrators: 1 });
    expect(company.members).toEqual([expect.objectContaining({ customerId: customer.id, role: 'admin' })]);
    expect(company.locations.map((location) => location.name)).toEqual(['Papeterie Durand SAS']);
    expect(await auditRows(t.ctx.db, 'company.created', company.id)).toEqual([
      expect.objectContaining({ staffId: support.id, details: { administratorId: customer.id, marketId: DEFAULT_MARKET_ID } }),
    ]);
    const events = await t.ctx.db.select({ type: webhookEvents.type, payload: webhookEvents.payload }).from(webhookEvents);
    expect(events).toEqual(expect.arrayContaining([{ type: 'company.created', payload: expect.objectContaining({ id: company.id }) }]));
  });

  it('without administratorEmail the company has no administrator until one is named', async () => {
    const response = await call.post(owner, '/api/staff/companies', { name: 'Mairie de Lyon', kind: 'public_body', country: 'FR', siret: '21690123100011' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ kind: 'public_body', administrators: 0, members: [], counts: { locations: 1 } });
  });

  it('lists every bad field at once, with the customers’ codes; an address no account has is unknown_customer', async () => {
    const before = await countRows(t.ctx.db, companies);
    const bad = await call.post(support, '/api/staff/companies', {
      name: ' ',
      kind: 'company',
      country: 'FR',
      siret: '732 829 320 00075',
      vatNumber: 'BE0403170701',
      chorusServiceCode: 'SERV-1',
      administratorEmail: 'pas une adresse',
    });
    expect(errorsOf(bad)).toEqual({
      name: 'required',
      siret: 'invalid_siret',
      vatNumber: 'vat_country_mismatch',
      chorusServiceCode: 'only_for_public_body',
      administratorEmail: expect.any(String),
    });
    const unknown = await call.post(support, '/api/staff/companies', { ...DURAND, administratorEmail: uniqueEmail('personne') });
    expect(errorsOf(unknown)).toEqual({ administratorEmail: 'unknown_customer' });
    expect(await countRows(t.ctx.db, companies)).toBe(before);
  });

  it('read-only staff may not create: 403 forbidden, nothing written', async () => {
    const before = await countRows(t.ctx.db, companies);
    expectProblem(await call.post(readOnly, '/api/staff/companies', DURAND), 403, 'forbidden');
    expect(await countRows(t.ctx.db, companies)).toBe(before);
  });
});

describe('PATCH /api/staff/companies/:companyId', () => {
  it('changes only the fields given, checks the result whole, audits the changed fields and records company.updated', async () => {
    const companyId = await insertCompany(t.ctx.db, { name: 'Ancien nom' });
    const changed = await call.patch(support, `/api/staff/companies/${companyId}`, { name: 'Nouveau nom', vatNumber: 'FR 44 732829320' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Nouveau nom', vatNumber: 'FR44732829320', kind: 'company', country: 'FR' });
    expect(await auditRows(t.ctx.db, 'company.updated', companyId)).toEqual([
      expect.objectContaining({ staffId: support.id, details: { changed: ['name', 'vatNumber'] } }),
    ]);
    const updates = await t.ctx.db.select({ payload: webhookEvents.payload }).from(webhookEvents).where(eq(webhookEvents.type, 'company.updated'));
    expect(updates.filter((event) => event.payload.id === companyId)).toEqual([{ payload: expect.objectContaining({ name: 'Nouveau nom' }) }]);

    // A new country rechecks the stored VAT number; every bad field is listed.
    const bad = await call.patch(support, `/api/staff/companies/${companyId}`, { country: 'BE', siret: '123', name: '' });
    expect(errorsOf(bad)).toEqual({ name: 'required', siret: 'invalid_siret', vatNumber: 'vat_country_mismatch' });
    expect((await companyOf(companyId)).country).toBe('FR');
  });

  it('404 unknown, 403 read-only, 409 company_merged on a merged company', async () => {
    expectProblem(await call.patch(support, '/api/staff/companies/cmp_unknown', { name: 'X' }), 404, 'not_found');
    const companyId = await insertCompany(t.ctx.db);
    expectProblem(await call.patch(readOnly, `/api/staff/companies/${companyId}`, { name: 'X' }), 403, 'forbidden');
    const intoId = await insertCompany(t.ctx.db);
    expect((await call.post(support, `/api/staff/companies/${companyId}/merge`, { intoCompanyId: intoId })).status).toBe(200);
    expectProblem(await call.patch(support, `/api/staff/companies/${companyId}`, { name: 'X' }), 409, 'company_merged');
    expect(await auditRows(t.ctx.db, 'company.updated', companyId)).toEqual([]);
  });
});

describe('Locations', () => {
  it('adds a location with catalog, terms and approval rule, changes each, and deletes it; each change audited', async () => {
    const companyId = await insertCompany(t.ctx.db);
    await insertLocation(t.ctx.db, { companyId, name: 'Siège' });
    const created = await call.post(support, `/api/staff/companies/${companyId}/locations`, {
      name: ' Entrepôt de Lyon ',
      catalogRef: 'GROS-2025',
      paymentTerms: { kind: 'deposit', depositPercent: 30 },
      requiresApproval: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const location = created.body as TLocation;
    expect(location).toMatchObject({
      name: 'Entrepôt de Lyon',
      catalogRef: 'GROS-2025',
      paymentTerms: { code: 'deposit30', kind: 'deposit', netDays: null, depositPercent: 30 },
      requiresApproval: true,
    });

    const url = `/api/staff/companies/${companyId}/locations/${location.id}`;
    const net = await call.patch(support, url, { paymentTerms: { kind: 'net', netDays: 45 }, catalogRef: '', requiresApproval: false });
    expect(net.status, JSON.stringify(net.body)).toBe(200);
    expect(net.body).toMatchObject({ name: 'Entrepôt de Lyon', catalogRef: null, paymentTerms: { code: 'net45' }, requiresApproval: false });
    const renamed = await call.patch(support, url, { name: 'Entrepôt Nord', paymentTerms: { kind: 'none', netDays: 45 } });
    expect(renamed.body).toMatchObject({ name: 'Entrepôt Nord', paymentTerms: { code: 'none', netDays: null } });
    const [stored] = await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.id, location.id));
    expect(stored).toMatchObject({ name: 'Entrepôt Nord', paymentTermsKind: 'none', paymentTermsNetDays: null, catalogRef: null });

    const updates = await auditRows(t.ctx.db, 'company.location_updated', companyId);
    expect(updates.map((row) => row.details)).toEqual([
      {
        locationId: location.id,
        changes: {
          catalogRef: { from: 'GROS-2025', to: null },
          paymentTerms: { from: 'deposit30', to: 'net45' },
          requiresApproval: { from: true, to: false },
        },
      },
      { locationId: location.id, changes: { name: { from: 'Entrepôt de Lyon', to: 'Entrepôt Nord' }, paymentTerms: { from: 'net45', to: 'none' } } },
    ]);

    expect((await call.delete(support, url)).status).toBe(204);
    expect(await countRows(t.ctx.db, companyLocations, eq(companyLocations.id, location.id))).toBe(0);
    expect((await auditRows(t.ctx.db, 'company.location_created', companyId)).map((row) => row.details)).toEqual([
      { locationId: location.id, name: 'Entrepôt de Lyon', catalogRef: 'GROS-2025', paymentTerms: 'deposit30', requiresApproval: true },
    ]);
    expect((await auditRows(t.ctx.db, 'company.location_deleted', companyId)).map((row) => row.details)).toEqual([
      { locationId: location.id, name: 'Entrepôt Nord' },
    ]);
  });

  it('lists every bad field at once: name, terms days and percent, catalog length', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const url = `/api/staff/companies/${companyId}/locations`;
    expect(errorsOf(await call.post(support, url, { name: '', paymentTerms: { kind: 'net', netDays: 20 }, catalogRef: 'x'.repeat(101) }))).toEqual({
      name: 'required',
      'paymentTerms.netDays': 'invalid_net_days',
      catalogRef: 'too_big',
    });
    const locationId = await insertLocation(t.ctx.db, { companyId });
    expect(
      errorsOf(await call.patch(support, `${url}/${locationId}`, { name: ' ', paymentTerms: { kind: 'deposit' }, requiresApproval: 'oui' })),
    ).toEqual({ name: 'required', 'paymentTerms.depositPercent': 'required', requiresApproval: 'invalid_type' });
    expect(errorsOf(await call.patch(support, `${url}/${locationId}`, { paymentTerms: { kind: 'deposit', depositPercent: 101 } }))).toEqual({
      'paymentTerms.depositPercent': 'invalid_deposit_percent',
    });
  });

  it('keeps the last location (409 last_location) and one with orders or documents (409 location_has_history)', async () => {
    const db = t.ctx.db;
    const companyId = await insertCompany(db);
    const only = await insertLocation(db, { companyId });
    expectProblem(await call.delete(support, `/api/staff/companies/${companyId}/locations/${only}`), 409, 'last_location');
    const withOrders = await insertLocation(db, { companyId });
    const customer = await insertCustomerRow(db);
    await insertOrder(db, { companyId, locationId: withOrders, customerId: customer.id });
    expectProblem(await call.delete(support, `/api/staff/companies/${companyId}/locations/${withOrders}`), 409, 'location_has_history');
    expect(await countRows(db, companyLocations, eq(companyLocations.companyId, companyId))).toBe(2);
    expect(await auditRows(db, 'company.location_deleted', companyId)).toEqual([]);
  });

  it('404 for an unknown company or location, or a location of another company; 403 read-only', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const otherId = await insertCompany(t.ctx.db);
    const foreign = await insertLocation(t.ctx.db, { companyId: otherId });
    await insertLocation(t.ctx.db, { companyId });
    expectProblem(await call.post(support, '/api/staff/companies/cmp_unknown/locations', { name: 'Site' }), 404, 'not_found');
    expectProblem(await call.patch(support, `/api/staff/companies/${companyId}/locations/loc_unknown`, { name: 'Site' }), 404, 'not_found');
    expectProblem(await call.patch(support, `/api/staff/companies/${companyId}/locations/${foreign}`, { name: 'Site' }), 404, 'not_found');
    expectProblem(await call.delete(support, `/api/staff/companies/${companyId}/locations/${foreign}`), 404, 'not_found');
    expectProblem(await call.post(readOnly, `/api/staff/companies/${companyId}/locations`, { name: 'Site' }), 403, 'forbidden');
    expectProblem(await call.patch(readOnly, `/api/staff/companies/${otherId}/locations/${foreign}`, { name: 'Site' }), 403, 'forbidden');
    expectProblem(await call.delete(readOnly, `/api/staff/companies/${otherId}/locations/${foreign}`), 403, 'forbidden');
    expect(await countRows(t.ctx.db, companyLocations, eq(companyLocations.companyId, otherId))).toBe(1);
  });
});

describe('POST /api/staff/companies/:companyId/administrators', () => {
  it('names an administrator of a company left without one (a colleague or not), audited, with the member event', async () => {
    const db = t.ctx.db;
    const companyId = await insertCompany(db);
    const colleague = await insertCustomerRow(db);
    await insertMember(db, { companyId, customerId: colleague.id, role: 'member' });
    const named = await call.post(support, `/api/staff/companies/${companyId}/administrators`, { email: colleague.email.toUpperCase() });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toEqual({ companyId, customerId: colleague.id, previousRole: 'member', otherAdmins: 0 });
    expect((await companyOf(companyId)).administrators).toBe(1);
    expect((await auditRows(db, 'company.admin_named', companyId)).map((row) => row.details)).toEqual([
      { customerId: colleague.id, previousRole: 'member', otherAdmins: 0, forced: false },
    ]);
    const events = await db.select({ type: webhookEvents.type }).from(webhookEvents).where(eq(webhookEvents.customerId, colleague.id));
    expect(events).toEqual([{ type: 'company.member_updated' }]);

    const outsiderCompany = await insertCompany(db);
    const outsider = await insertCustomerRow(db);
    const second = await call.post(support, `/api/staff/companies/${outsiderCompany}/administrators`, { email: outsider.email });
    expect(second.body).toMatchObject({ previousRole: null });
    expect((await companyOf(outsiderCompany)).members).toEqual([expect.objectContaining({ customerId: outsider.id, role: 'admin' })]);
  });

  it('409 company_has_admin while one remains; force is for owners and administrators only', async () => {
    const db = t.ctx.db;
    const companyId = await insertCompany(db);
    const admin = await insertCustomerRow(db);
    const successor = await insertCustomerRow(db);
    await insertMember(db, { companyId, customerId: admin.id, role: 'admin' });
    const url = `/api/staff/companies/${companyId}/administrators`;
    expectProblem(await call.post(support, url, { email: successor.email }), 409, 'company_has_admin');
    expectProblem(await call.post(support, url, { email: successor.email, force: true }), 403, 'forbidden');
    const forced = await call.post(owner, url, { email: successor.email, force: true });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body).toMatchObject({ previousRole: null, otherAdmins: 1 });
    expect((await companyOf(companyId)).administrators).toBe(2);
    expect((await auditRows(db, 'company.admin_named', companyId)).map((row) => row.details)).toEqual([
      { customerId: successor.id, previousRole: null, otherAdmins: 1, forced: true },
    ]);
  });

  it('400 for a bad or unknown address, 404 for an unknown company, 403 read-only', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const customer = await insertCustomerRow(t.ctx.db);
    const url = `/api/staff/companies/${companyId}/administrators`;
    expect(Object.keys(errorsOf(await call.post(support, url, { email: 'nope' })))).toEqual(['email']);
    expect(errorsOf(await call.post(support, url, { email: uniqueEmail('inconnu') }))).toEqual({ email: 'unknown_customer' });
    expectProblem(await call.post(support, '/api/staff/companies/cmp_unknown/administrators', { email: customer.email }), 404, 'not_found');
    expectProblem(await call.post(readOnly, url, { email: customer.email }), 403, 'forbidden');
    expect(await countRows(t.ctx.db, companyMembers, eq(companyMembers.companyId, companyId))).toBe(0);
  });
});

describe('POST /api/staff/companies/:companyId/merge', () => {
  it('moves members, locations, invitations, orders and documents into the company that stays; nothing is lost; audited on both', async () => {
    const db = t.ctx.db;
    const fromId = await insertCompany(db, { name: 'Durand (doublon)' });
    const intoId = await insertCompany(db, { name: 'Durand' });
    const [onlyFrom, both, onlyInto] = await Promise.all([insertCustomerRow(db), insertCustomerRow(db), insertCustomerRow(db)]);
    await insertMember(db, { companyId: fromId, customerId: onlyFrom.id, role: 'admin' });
    await insertMember(db, { companyId: fromId, customerId: both.id, role: 'admin' });
    await insertMember(db, { companyId: intoId, customerId: both.id, role: 'member' });
    await insertMember(db, { companyId: intoId, customerId: onlyInto.id, role: 'admin' });
    const fromLocation = await insertLocation(db, { companyId: fromId, name: 'Entrepôt', terms: { kind: 'net', days: 60 } });
    await insertLocation(db, { companyId: intoId, name: 'Siège' });
    await insertLocationMember(db, { locationId: fromLocation, customerId: onlyFrom.id, role: 'location_admin' });
    await db.insert(companyInvitations).values({
      id: newId('inv'),
      companyId: fromId,
      email: 'invite@example.com',
      emailNormalized: 'invite@example.com',
      role: 'member',
      tokenHash: `hash-${newId('inv')}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const orderIds = [
      await insertOrder(db, { companyId: fromId, locationId: fromLocation, customerId: onlyFrom.id }),
      await insertOrder(db, { companyId: fromId, locationId: fromLocation, customerId: both.id }),
    ];
    await insertDocument(db, { orderId: orderIds[0]!, companyId: fromId, locationId: fromLocation, customerId: onlyFrom.id });

    const from = await companyOf(fromId);
    const intoBefore = await companyOf(intoId);
    expect(from.counts).toEqual({ members: 2, locations: 1, orders: 2, documents: 1 });
    const tables = [companyMembers, companyLocations, locationMembers, companyInvitations, orders, documents] as const;
    const before = await Promise.all(tables.map((table) => countRows(db, table)));

    const merged = await call.post(support, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: intoId });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toEqual({
      fromId,
      intoId,
      membersMoved: 1,
      membersAlreadyInTarget: 1,
      locationsMoved: 1,
      invitationsMoved: 1,
      duplicateInvitationsRevoked: 0,
      sessionContextsMoved: 0,
      ordersMoved: 2,
      documentsMoved: 1,
    });

    // Nothing lost: only the duplicate membership of the person in both went.
    const after = await Promise.all(tables.map((table) => countRows(db, table)));
    expect(after).toEqual([before[0]! - 1, ...before.slice(1)]);
    const into = await companyOf(intoId);
    expect(into.counts).toEqual({
      members: intoBefore.counts.members + 1,
      locations: intoBefore.counts.locations + from.counts.locations,
      orders: intoBefore.counts.orders + from.counts.orders,
      documents: intoBefore.counts.documents + from.counts.documents,
    });
    expect(Object.fromEntries(into.members.map((member) => [member.customerId, member.role]))).toEqual({
      [onlyFrom.id]: 'admin',
      [both.id]: 'admin',
      [onlyInto.id]: 'admin',
    });
    expect(into.members.find((member) => member.customerId === onlyFrom.id)?.locations).toEqual([
      expect.objectContaining({ locationId: fromLocation, role: 'location_admin' }),
    ]);
    expect(into.locations.find((location) => location.id === fromLocation)).toMatchObject({ paymentTerms: { code: 'net60' }, orders: 2, documents: 1 });
    expect(into.mergedFrom).toEqual([{ id: fromId, name: 'Durand (doublon)' }]);

    const gone = await companyOf(fromId);
    expect(gone).toMatchObject({ status: 'merged', mergedInto: { id: intoId, name: 'Durand' }, members: [], locations: [], counts: { members: 0, orders: 0, documents: 0 } });

    const rows = [...(await auditRows(db, 'company.merged', intoId)), ...(await auditRows(db, 'company.merged', fromId))];
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ staffId: support.id, details: expect.objectContaining({ fromId, intoId, ordersMoved: 2 }) });
    const events = await db.select({ type: webhookEvents.type, payload: webhookEvents.payload }).from(webhookEvents);
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'company.deleted', payload: expect.objectContaining({ id: fromId, mergedIntoId: intoId }) },
        { type: 'company.updated', payload: expect.objectContaining({ id: intoId }) },
        { type: 'company.member_added', payload: expect.objectContaining({ companyId: intoId, customerId: onlyFrom.id, role: 'admin' }) },
        { type: 'company.member_updated', payload: expect.objectContaining({ companyId: intoId, customerId: both.id, role: 'admin' }) },
      ]),
    );
  });

  it('400 same_company, 409 company_merged once merged (either side), 404 unknown, 403 read-only; nothing changes then', async () => {
    const db = t.ctx.db;
    const fromId = await insertCompany(db);
    const intoId = await insertCompany(db);
    const third = await insertCompany(db);
    expectProblem(await call.post(support, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: fromId }), 400, 'same_company');
    expectProblem(await call.post(readOnly, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: intoId }), 403, 'forbidden');
    expectProblem(await call.post(support, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: 'cmp_unknown' }), 404, 'not_found');
    expectProblem(await call.post(support, '/api/staff/companies/cmp_unknown/merge', { intoCompanyId: intoId }), 404, 'not_found');
    expect(errorsOf(await call.post(support, `/api/staff/companies/${fromId}/merge`, {}))).toEqual({ intoCompanyId: 'required' });
    expect((await call.post(owner, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: intoId })).status).toBe(200);
    expectProblem(await call.post(support, `/api/staff/companies/${fromId}/merge`, { intoCompanyId: intoId }), 409, 'company_merged');
    expectProblem(await call.post(support, `/api/staff/companies/${third}/merge`, { intoCompanyId: fromId }), 409, 'company_merged');
    expectProblem(await call.post(support, `/api/staff/companies/${fromId}/administrators`, { email: uniqueEmail() }), 409, 'company_merged');
    expectProblem(await call.post(support, `/api/staff/companies/${fromId}/locations`, { name: 'Site' }), 409, 'company_merged');
    const [row] = await db.select().from(companies).where(eq(companies.id, third));
    expect(row).toMatchObject({ status: 'active', mergedIntoId: null });
    expect(await auditRows(db, 'company.merged', third)).toEqual([]);
    expect(await auditRows(db, 'company.merged', fromId)).toHaveLength(1);
  });
});
