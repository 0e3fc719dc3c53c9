import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companies, companyLocations, companyMembers, locationMembers } from '../../src/modules/companies/companies.tables.js';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { postgresErrorCode } from '../../src/platform/errors/postgres-error.js';
import { newId } from '../../src/platform/ids.js';
import { registerVerifiedCustomer, tokenFromLink } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type TCustomer = Awaited<ReturnType<typeof registerVerifiedCustomer>>;
type TFieldIssue = { path: string; code: string; message: string };
type TCompany = {
  id: string;
  name: string;
  kind: string;
  country: string;
  siret: string | null;
  siren: string | null;
  vatNumber: string | null;
  enterpriseNumber: string | null;
  registrationNumber: string | null;
  otherTaxId: string | null;
  chorusServiceCode: string | null;
  myRole: string;
  permissions: string[];
  locations: {
    id: string;
    name: string;
    catalogRef: string | null;
    paymentTerms: { kind: string; netDays: number | null; depositPercent: number | null };
    requiresApproval: boolean;
    myRole: string | null;
  }[];
};

const DURAND = { name: 'Papeterie Durand SAS', kind: 'company', country: 'FR', siret: '732 829 320 00074', vatNumber: 'fr 44 732 829 320' };

async function createCompany(customer: TCustomer, body: object): Promise<TCompany> {
  const response = await customer.client.post('/api/companies', body, { token: customer.token });
  if (response.status !== 201) throw new Error(`POST /api/companies answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as TCompany;
}

async function myCompanies(customer: TCustomer) {
  const response = await customer.client.get('/api/me/companies', { token: customer.token });
  expect(response.status).toBe(200);
  return (response.body as { items: { id: string; name: string; role: string }[] }).items;
}

function expectFieldErrors(response: { status: number; body: unknown }, expected: Record<string, string>): TFieldIssue[] {
  expect(response.status).toBe(400);
  expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
  const errors = (response.body as { errors: TFieldIssue[] }).errors;
  for (const [path, code] of Object.entries(expected)) {
    expect(errors, `${path} is reported as ${code}`).toContainEqual(expect.objectContaining({ path, code }));
  }
  for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
  return errors;
}

describe('POST /api/companies', () => {
  it('POST /api/companies: 201 with the identity normalised (SIRET digits-only, SIREN derived, VAT compact), the caller as admin and one location named after the company', async () => {
    const customer = await registerVerifiedCustomer(t);
    const company = await createCompany(customer, { ...DURAND, registrationNumber: ' RCS Paris 732 829 320 ', otherTaxId: '' });
    expect(company).toMatchObject({
      name: 'Papeterie Durand SAS',
      kind: 'company',
      country: 'FR',
      siret: '73282932000074',
      siren: '732829320',
      vatNumber: 'FR44732829320',
      enterpriseNumber: null,
      registrationNumber: 'RCS Paris 732 829 320',
      otherTaxId: null,
      chorusServiceCode: null,
      myRole: 'admin',
    });
    expect(company.id).toMatch(/^cmp_/);
    expect(company.permissions).toEqual(expect.arrayContaining(['company.view', 'company.edit', 'company.delete', 'members.manage']));
    expect(company.locations).toEqual([
      {
        id: expect.stringMatching(/^loc_/),
        name: 'Papeterie Durand SAS',
        catalogRef: null,
        paymentTerms: { kind: 'none', netDays: null, depositPercent: null },
        requiresApproval: false,
        myRole: null,
      },
    ]);
    const members = await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.companyId, company.id));
    expect(members).toMatchObject([{ customerId: customer.customerId, role: 'admin' }]);
    expect(await myCompanies(customer)).toEqual([
      expect.objectContaining({ id: company.id, name: 'Papeterie Durand SAS', kind: 'company', country: 'FR', role: 'admin', siret: '73282932000074' }),
    ]);
    const read = await customer.client.get(`/api/companies/${company.id}`, { token: customer.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: company.id, siren: '732829320', locations: [{ id: company.locations[0]!.id }] });
  });

  it('POST /api/companies: every invalid field is listed at once, each with its machine code and reason', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.post(
      '/api/companies',
      {
        name: '  ',
        kind: 'company',
        country: 'FR',
        siret: '732 829 320 00075',
        vatNumber: 'DE123456789',
        enterpriseNumber: '0403.170.702',
        registrationNumber: 'x'.repeat(51),
        chorusServiceCode: 'SERVICE',
      },
      { token: customer.token },
    );
    const errors = expectFieldErrors(response, {
      name: 'required',
      siret: 'invalid_siret',
      vatNumber: 'vat_country_mismatch',
      enterpriseNumber: 'invalid_enterprise_number',
      registrationNumber: 'too_big',
      chorusServiceCode: 'only_for_public_body',
    });
    expect(errors).toHaveLength(6);
    expect(errors.find((error) => error.path === 'siret')?.message).toMatch(/SIRET/);
    expect(await myCompanies(customer)).toEqual([]);
  });

  it.each([
    [{ siret: '73282932100007' }, 'siret', 'invalid_siren'],
    [{ siret: '7328293200007' }, 'siret', 'invalid_siret'],
    [{ vatNumber: 'FR41303265045' }, 'vatNumber', 'invalid_vat_number'],
    [{ vatNumber: 'CHE-123.456.789' }, 'vatNumber', 'invalid_vat_number'],
    [{ country: 'BE', vatNumber: 'BE0403170702' }, 'vatNumber', 'invalid_vat_number'],
    [{ country: 'GR', vatNumber: 'GR123456789' }, 'vatNumber', 'invalid_vat_number'],
    [{ country: 'ZZ' }, 'country', 'invalid_country'],
    [{ kind: 'cooperative' }, 'kind', 'invalid_value'],
  ])('POST /api/companies: %j is refused on %s with %s', async (change, path, code) => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.post('/api/companies', { name: 'Atelier', kind: 'company', country: 'FR', ...change }, { token: customer.token });
    expectFieldErrors(response, { [path]: code });
  });

  it('POST /api/companies: La Poste’s establishments are accepted, though their SIRET fails Luhn', async () => {
    const customer = await registerVerifiedCustomer(t);
    const company = await createCompany(customer, { name: 'La Poste — bureau de Lyon Bellecour', kind: 'company', country: 'FR', siret: '356 000 000 49837' });
    expect(company).toMatchObject({ siret: '35600000049837', siren: '356000000' });
  });

  it('POST /api/companies: a Belgian company with its enterprise and VAT numbers; a Greek one with EL, a Northern Irish one with XI', async () => {
    const customer = await registerVerifiedCustomer(t);
    const belgian = await createCompany(customer, {
      name: 'Brasserie Bruxelloise SRL',
      kind: 'company',
      country: 'be',
      enterpriseNumber: '0403.170.701',
      vatNumber: 'BE 0403.170.701',
      registrationNumber: 'RPM Bruxelles',
    });
    expect(belgian).toMatchObject({ country: 'BE', enterpriseNumber: '0403170701', vatNumber: 'BE0403170701', siret: null, siren: null });
    const greek = await createCompany(customer, { name: 'Ελαιόλαδο ΑΕ', kind: 'company', country: 'GR', vatNumber: 'EL 123456789' });
    expect(greek.vatNumber).toBe('EL123456789');
    const northernIrish = await createCompany(customer, { name: 'Belfast Linen Ltd', kind: 'company', country: 'GB', vatNumber: 'XI123456789', otherTaxId: 'GB123456789' });
    expect(northernIrish).toMatchObject({ vatNumber: 'XI123456789', otherTaxId: 'GB123456789' });
    expect((await myCompanies(customer)).map((company) => company.name)).toEqual(['Belfast Linen Ltd', 'Brasserie Bruxelloise SRL', 'Ελαιόλαδο ΑΕ']);
  });

  it('POST /api/companies: a French public body must give its SIRET (Chorus Pro) and may give a service code; the database enforces the SIRET too', async () => {
    const customer = await registerVerifiedCustomer(t);
    const refused = await customer.client.post(
      '/api/companies',
      { name: 'Mairie de Villeurbanne', kind: 'public_body', country: 'FR', chorusServiceCode: 'SERVICE-FACTURES' },
      { token: customer.token },
    );
    const errors = expectFieldErrors(refused, { siret: 'siret_required' });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Chorus Pro/);
    const mairie = await createCompany(customer, {
      name: 'Mairie de Villeurbanne',
      kind: 'public_body',
      country: 'FR',
      siret: '73282932000074',
      chorusServiceCode: 'SERVICE-FACTURES',
    });
    expect(mairie).toMatchObject({ kind: 'public_body', chorusServiceCode: 'SERVICE-FACTURES' });
    // Outside France, Chorus Pro does not apply.
    await createCompany(customer, { name: 'Commune de Namur', kind: 'public_body', country: 'BE' });

    let failure: unknown = null;
    try {
      await t.ctx.db.insert(companies).values({ marketId: DEFAULT_MARKET_ID, id: newId('cmp'), name: 'Sans SIRET', kind: 'public_body', country: 'FR' });
    } catch (error) {
      failure = error;
    }
    expect(postgresErrorCode(failure)).toBe('23514');
  });

  it('POST /api/companies and GET /api/me/companies: signed out is 401', async () => {
    const client = apiClient(t.app);
    expect((await client.post('/api/companies', DURAND)).status).toBe(401);
    expect((await client.get('/api/me/companies')).status).toBe(401);
  });
});

/** Registers through the API and returns the new account's id once the verification link is opened. */
async function registerAndVerify(body: Record<string, unknown>) {
  const client = apiClient(t.app);
  const since = t.mail.mark();
  const response = await client.post('/api/auth/register', body);
  expect(response.status).toBe(202);
  const message = await t.mail.waitForEmail({ to: String(body.email), subject: /confirm/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(message.text, '/verify-email') });
  expect(verified.status).toBe(200);
  const { token, customer } = verified.body as { token: string; customer: { id: string; accountType: string } };
  return { client, token, customer };
}

describe('POST /api/auth/register as a business (F1.1)', () => {
  it('POST /api/auth/register: a company account creates its company, with the new customer as administrator and a first location', async () => {
    const email = uniqueEmail('pro');
    const { client, token, customer } = await registerAndVerify({
      email,
      password: STRONG_PASSWORD,
      firstName: 'Inès',
      lastName: 'Lambert',
      accountType: 'company',
      company: { name: 'Lambert Menuiserie', country: 'FR', siret: '732.829.320.00074', vatNumber: 'FR44732829320' },
    });
    expect(customer.accountType).toBe('company');
    const listed = await client.get('/api/me/companies', { token });
    const items = (listed.body as { items: { id: string; role: string; kind: string; name: string }[] }).items;
    expect(items).toEqual([expect.objectContaining({ name: 'Lambert Menuiserie', kind: 'company', role: 'admin' })]);
    const locations = await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.companyId, items[0]!.id));
    expect(locations.map((location) => location.name)).toEqual(['Lambert Menuiserie']);
  });

  it('POST /api/auth/register: a public body and an association give their company too, its kind being the account type', async () => {
    const body = { password: STRONG_PASSWORD, firstName: 'Paul', lastName: 'Girard' };
    const mairie = await registerAndVerify({
      ...body,
      email: uniqueEmail('mairie'),
      accountType: 'public_body',
      company: { name: 'Mairie de Bron', country: 'FR', siret: '73282932000074', chorusServiceCode: 'COMPTA' },
    });
    const [row] = await t.ctx.db
      .select({ kind: companies.kind, chorusServiceCode: companies.chorusServiceCode })
      .from(companies)
      .innerJoin(companyMembers, eq(companyMembers.companyId, companies.id))
      .where(eq(companyMembers.customerId, mairie.customer.id));
    expect(row).toEqual({ kind: 'public_body', chorusServiceCode: 'COMPTA' });
    const association = await registerAndVerify({ ...body, email: uniqueEmail('asso'), accountType: 'association', company: { name: 'Les Amis du Rail', country: 'FR', kind: 'association' } });
    expect(association.customer.accountType).toBe('association');
  });

  it('POST /api/auth/register: an address that already has an account gets the usual 202 and no company', async () => {
    const existing = await registerVerifiedCustomer(t);
    const client = apiClient(t.app);
    const since = t.mail.mark();
    const response = await client.post('/api/auth/register', {
      email: existing.email,
      password: STRONG_PASSWORD,
      firstName: 'Intrus',
      lastName: 'Inconnu',
      accountType: 'company',
      company: { name: 'Société Fantôme', country: 'FR' },
    });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'verification_sent' });
    await t.mail.waitForEmail({ to: existing.email, after: since });
    expect(await myCompanies(existing)).toEqual([]);
    expect(await t.ctx.db.select().from(companies).where(eq(companies.name, 'Société Fantôme'))).toEqual([]);
  });

  it('POST /api/auth/register: every bad customer and company field is listed at once, and nothing is created', async () => {
    const email = uniqueEmail('mauvais');
    const response = await apiClient(t.app).post('/api/auth/register', {
      email,
      password: STRONG_PASSWORD,
      firstName: '',
      lastName: 'Lambert',
      accountType: 'public_body',
      company: { name: 'Mairie', country: 'FR', vatNumber: 'FR00303265045', enterpriseNumber: '12', kind: 'company' },
    });
    const errors = expectFieldErrors(response, {
      firstName: 'too_small',
      'company.siret': 'siret_required',
      'company.vatNumber': 'invalid_vat_number',
      'company.enterpriseNumber': 'invalid_enterprise_number',
      'company.kind': 'kind_mismatch',
    });
    expect(errors).toHaveLength(5);
    expect(await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email))).toEqual([]);

    const invalidSiret = await apiClient(t.app).post('/api/auth/register', {
      email: 'pas-une-adresse',
      firstName: 'Inès',
      lastName: 'Lambert',
      accountType: 'company',
      company: { name: '', country: 'FR', siret: '73282932000075' },
    });
    expectFieldErrors(invalidSiret, { email: 'invalid_format', 'company.name': 'required', 'company.siret': 'invalid_siret' });
  });

  it('POST /api/auth/register: the company is required for business account types and refused for individuals', async () => {
    const base = { email: uniqueEmail(), password: STRONG_PASSWORD, firstName: 'Inès', lastName: 'Lambert' };
    expectFieldErrors(await apiClient(t.app).post('/api/auth/register', { ...base, accountType: 'professional' }), { company: 'company_required' });
    expectFieldErrors(await apiClient(t.app).post('/api/auth/register', { ...base, company: { name: 'Atelier', country: 'FR' } }), {
      company: 'company_not_allowed',
    });
    expectFieldErrors(await apiClient(t.app).post('/api/auth/register', { ...base, accountType: 'company', company: { country: 'FR' } }), {
      'company.name': 'required',
    });
  });
});

describe('GET, PATCH and DELETE /api/companies/{companyId}', () => {
  /** An administrator's company with a colleague (user, buyer at its location) and an outsider. */
  async function companyWithColleagues() {
    const admin = await registerVerifiedCustomer(t);
    const member = await registerVerifiedCustomer(t);
    const outsider = await registerVerifiedCustomer(t);
    const company = await createCompany(admin, DURAND);
    const locationId = company.locations[0]!.id;
    await t.ctx.db.insert(companyMembers).values({ companyId: company.id, customerId: member.customerId, role: 'member' });
    await t.ctx.db.insert(locationMembers).values({ locationId, customerId: member.customerId, role: 'buyer' });
    return { admin, member, outsider, company, locationId };
  }

  it('GET /api/companies/{id}: a colleague reads the identity and the locations’ terms, catalog and approval rule; an outsider gets 404', async () => {
    const { member, outsider, company, locationId } = await companyWithColleagues();
    await t.ctx.db
      .update(companyLocations)
      .set({ catalogRef: 'tarif-pro-2026', paymentTermsKind: 'net', paymentTermsNetDays: 30, requiresApproval: true })
      .where(eq(companyLocations.id, locationId));
    const read = await member.client.get(`/api/companies/${company.id}`, { token: member.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: company.id,
      siret: '73282932000074',
      myRole: 'member',
      locations: [
        {
          id: locationId,
          catalogRef: 'tarif-pro-2026',
          paymentTerms: { kind: 'net', netDays: 30, depositPercent: null },
          requiresApproval: true,
          myRole: 'buyer',
        },
      ],
    });
    expect((read.body as TCompany).permissions).not.toContain('company.edit');
    expect(await myCompanies(member)).toEqual([expect.objectContaining({ id: company.id, role: 'member' })]);

    const hidden = await outsider.client.get(`/api/companies/${company.id}`, { token: outsider.token });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ code: 'not_found' });
    expect((await outsider.client.get('/api/companies/cmp_doesnotexist', { token: outsider.token })).status).toBe(404);
  });

  it('PATCH /api/companies/{id}: an administrator changes the identity with the same checks; the result is checked whole', async () => {
    const { admin, company } = await companyWithColleagues();
    const url = `/api/companies/${company.id}`;
    const changed = await admin.client.patch(url, { name: 'Papeterie Durand & Fils', vatNumber: null, registrationNumber: 'RCS Lyon 732 829 320' }, { token: admin.token });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Papeterie Durand & Fils', vatNumber: null, siret: '73282932000074', registrationNumber: 'RCS Lyon 732 829 320' });

    expectFieldErrors(await admin.client.patch(url, { siret: '73282932000075', enterpriseNumber: 'abc' }, { token: admin.token }), {
      siret: 'invalid_siret',
      enterpriseNumber: 'invalid_enterprise_number',
    });
    // A new country rechecks the stored VAT number; a public body needs the stored SIRET.
    await admin.client.patch(url, { vatNumber: 'FR44732829320' }, { token: admin.token });
    expectFieldErrors(await admin.client.patch(url, { country: 'BE' }, { token: admin.token }), { vatNumber: 'vat_country_mismatch' });
    expectFieldErrors(await admin.client.patch(url, { kind: 'public_body', siret: null }, { token: admin.token }), { siret: 'siret_required' });
    expectFieldErrors(await admin.client.patch(url, { name: null }, { token: admin.token }), { name: 'invalid_type' });
    const publicBody = await admin.client.patch(url, { kind: 'public_body', chorusServiceCode: ' SERVICE-ACHATS ' }, { token: admin.token });
    expect(publicBody.status).toBe(200);
    expect(publicBody.body).toMatchObject({ kind: 'public_body', chorusServiceCode: 'SERVICE-ACHATS', siret: '73282932000074', name: 'Papeterie Durand & Fils' });
  });

  it('PATCH and DELETE /api/companies/{id}: a colleague without the right gets 403 forbidden, an outsider 404; nothing changes', async () => {
    const { member, outsider, company } = await companyWithColleagues();
    const url = `/api/companies/${company.id}`;
    for (const [who, status, code] of [
      [member, 403, 'forbidden'],
      [outsider, 404, 'not_found'],
    ] as const) {
      const patched = await who.client.patch(url, { name: 'Piratée' }, { token: who.token });
      expect(patched.status).toBe(status);
      expect(patched.body).toMatchObject({ code });
      const deleted = await who.client.delete(url, { token: who.token });
      expect(deleted.status).toBe(status);
      expect(deleted.body).toMatchObject({ code });
    }
    const [row] = await t.ctx.db.select().from(companies).where(eq(companies.id, company.id));
    expect(row?.name).toBe('Papeterie Durand SAS');
  });

  it('DELETE /api/companies/{id}: an administrator deletes the company account; its members lose it at once', async () => {
    const { admin, member, company } = await companyWithColleagues();
    const deleted = await admin.client.delete(`/api/companies/${company.id}`, { token: admin.token });
    expect(deleted.status).toBe(204);
    expect(await myCompanies(member)).toEqual([]);
    expect(await myCompanies(admin)).toEqual([]);
    expect((await member.client.get(`/api/companies/${company.id}`, { token: member.token })).status).toBe(404);
    expect((await admin.client.delete(`/api/companies/${company.id}`, { token: admin.token })).status).toBe(404);
    expect(await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.companyId, company.id))).toEqual([]);
  });

  it('DELETE /api/companies/{id} and …/locations/{id}: refused with 409 while orders or invoices name them (kept for the accounts); nothing is deleted', async () => {
    const { admin, company } = await companyWithColleagues();
    const [location] = await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.companyId, company.id));
    const other = await admin.client.post(`/api/companies/${company.id}/locations`, { name: 'Dépôt de Vénissieux' }, { token: admin.token });
    expect(other.status).toBe(201);
    await t.ctx.db.insert(orders).values({ marketId: DEFAULT_MARKET_ID, id: newId('ord'), externalId: newId('ord'), number: 'W-77', channel: 'online', placedAt: new Date(), currency: 'EUR', customerId: admin.customerId, companyId: company.id, locationId: location!.id, status: 'open', total: 1200 });

    const companyDeleted = await admin.client.delete(`/api/companies/${company.id}`, { token: admin.token });
    expect(companyDeleted.status).toBe(409);
    expect(companyDeleted.body).toMatchObject({ code: 'company_has_history' });
    const locationDeleted = await admin.client.delete(`/api/companies/${company.id}/locations/${location!.id}`, { token: admin.token });
    expect(locationDeleted.status).toBe(409);
    expect(locationDeleted.body).toMatchObject({ code: 'location_has_history' });
    expect(await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.companyId, company.id))).toHaveLength(2);
    expect(await myCompanies(admin)).toHaveLength(1);
    // A location without history still goes.
    const otherId = (other.body as { id: string }).id;
    expect((await admin.client.delete(`/api/companies/${company.id}/locations/${otherId}`, { token: admin.token })).status).toBe(204);
  });
});

describe('GET /openapi.json', () => {
  it('documents the company identity routes with their bodies', async () => {
    const doc = (await apiClient(t.app).get('/openapi.json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>>;
    };
    const create = doc.paths['/api/companies']?.post?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(create?.properties ?? {}).sort()).toEqual(
      ['chorusServiceCode', 'country', 'enterpriseNumber', 'kind', 'name', 'otherTaxId', 'registrationNumber', 'siret', 'vatNumber'].sort(),
    );
    expect(doc.paths['/api/me/companies']?.get).toBeDefined();
    for (const method of ['get', 'patch', 'delete']) expect(doc.paths['/api/companies/{companyId}']?.[method], method).toBeDefined();
  });
});
