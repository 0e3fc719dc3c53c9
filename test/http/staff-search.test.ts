import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { companies, companyLocations, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { newId } from '../../src/platform/ids.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

// The back-office search (F6.2) over a small, known base: every customer and company below is
// the whole database, so each search's answer can be stated exactly.

let t: TTestApp;
let owner: TStaff;
let readOnly: TStaff;

type TCustomerSeed = {
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: string;
  phone?: string;
  mobile?: string;
  accountType?: 'individual' | 'professional' | 'company' | 'public_body' | 'association';
  locale?: 'fr' | 'en';
  status?: 'active' | 'disabled';
  approvalStatus?: 'approved' | 'pending' | 'refused';
  businessName?: string;
  businessIdentifier?: string;
  businessVatNumber?: string;
  card?: string;
};

const seeds: TCustomerSeed[] = [
  {
    key: 'elodie',
    email: 'elodie.martin@exemple.fr',
    firstName: 'Élodie',
    lastName: 'Martin',
    phone: '+33612345678',
    card: '2987654321098',
    createdAt: '2024-03-01T09:00:00.000001Z',
  },
  {
    key: 'jean',
    email: 'jean_dupont@atelier.be',
    firstName: 'Jean',
    lastName: 'Dupont',
    mobile: '+32470987650',
    accountType: 'company',
    locale: 'en',
    status: 'disabled',
    approvalStatus: 'pending',
    businessName: 'Atelier Lefèvre',
    businessVatNumber: 'BE0403170701',
    createdAt: '2024-03-02T09:00:00Z',
  },
  {
    key: 'zoe',
    email: 'zoe.durand@exemple.fr',
    firstName: 'Zoé',
    lastName: 'Durand',
    phone: '+33145678900',
    createdAt: '2024-03-03T09:00:00Z',
  },
  {
    key: 'oeuvre',
    email: 'contact@oeuvre.fr',
    firstName: 'Bérénice',
    lastName: 'Œuvrard',
    accountType: 'professional',
    approvalStatus: 'refused',
    businessIdentifier: '55210055400013',
    createdAt: '2024-03-04T09:00:00Z',
  },
  // Three created at the same microsecond: only the id orders them, and paging must not lose one.
  { key: 'tie1', email: 'tie.un@exemple.fr', firstName: 'Paul', lastName: 'Égal', createdAt: '2024-03-05T09:00:00.123456Z' },
  { key: 'tie2', email: 'tie.deux@exemple.fr', firstName: 'Paule', lastName: 'Égal', createdAt: '2024-03-05T09:00:00.123456Z' },
  { key: 'tie3', email: 'tie.trois@exemple.fr', firstName: 'Paulin', lastName: 'Égal', createdAt: '2024-03-05T09:00:00.123456Z' },
  // A microsecond later: a cursor rounded to the millisecond would skip one of these.
  { key: 'tie4', email: 'tie.quatre@exemple.fr', firstName: 'Pauline', lastName: 'Égal', createdAt: '2024-03-05T09:00:00.123457Z' },
];
const ids: Record<string, string> = {};
const companyIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  readOnly = await inviteStaffMember(t, owner, 'read_only');
  const { db } = t.ctx;
  for (const seed of seeds) {
    const id = newId('cus');
    ids[seed.key] = id;
    await db.insert(customers).values({ marketId: DEFAULT_MARKET_ID,
      id,
      email: seed.email,
      emailNormalized: seed.email,
      emailVerifiedAt: new Date(),
      firstName: seed.firstName,
      lastName: seed.lastName,
      phone: seed.phone ?? null,
      mobile: seed.mobile ?? null,
      accountType: seed.accountType ?? 'individual',
      locale: seed.locale ?? 'fr',
      status: seed.status ?? 'active',
      approvalStatus: seed.approvalStatus ?? 'approved',
      businessName: seed.businessName ?? null,
      businessIdentifier: seed.businessIdentifier ?? null,
      businessVatNumber: seed.businessVatNumber ?? null,
      createdAt: sql`${seed.createdAt}::timestamptz`,
    });
    if (seed.card) await db.insert(memberCards).values({ number: seed.card, customerId: id });
  }
  const company = async (key: string, values: Omit<typeof companies.$inferInsert, 'id' | 'marketId'>) => {
    companyIds[key] = newId('cmp');
    await db.insert(companies).values({ id: companyIds[key], marketId: DEFAULT_MARKET_ID, ...values });
  };
  await company('dupre', {
    name: 'Boulangerie Dupré',
    kind: 'company',
    country: 'FR',
    siret: '73282932000074',
    siren: '732829320',
    vatNumber: 'FR44732829320',
    createdAt: new Date('2024-02-01T08:00:00Z'),
  });
  await company('bruxelles', {
    name: 'Épicerie de Bruxelles',
    kind: 'association',
    country: 'BE',
    enterpriseNumber: '0403170701',
    vatNumber: 'BE0403170701',
    createdAt: new Date('2024-02-02T08:00:00Z'),
  });
  await company('duplicate', {
    name: 'Boulangerie Dupre (doublon)',
    kind: 'company',
    country: 'FR',
    status: 'merged',
    mergedIntoId: companyIds.dupre!,
    createdAt: new Date('2024-02-03T08:00:00Z'),
  });
  await db.insert(companyMembers).values([
    { companyId: companyIds.dupre!, customerId: ids.elodie!, role: 'admin' },
    { companyId: companyIds.dupre!, customerId: ids.zoe!, role: 'member' },
    { companyId: companyIds.bruxelles!, customerId: ids.elodie!, role: 'member' },
  ]);
  await db.insert(companyLocations).values([
    { id: newId('loc'), companyId: companyIds.dupre!, name: 'Fournil' },
    { id: newId('loc'), companyId: companyIds.dupre!, name: 'Boutique' },
  ]);
  // Zoé granted the newsletter then withdrew it; Élodie granted it; Jean granted SMS.
  const consent = (customerId: string, purpose: 'newsletter_email' | 'sms', granted: boolean, at: string) => ({
    id: newId('cns'),
    customerId,
    purpose,
    granted,
    source: 'account_page' as const,
    noticeVersion: '1',
    recordedAt: new Date(at),
  });
  await db.insert(consentRecords).values([
    consent(ids.zoe!, 'newsletter_email', true, '2024-04-01T00:00:00Z'),
    consent(ids.zoe!, 'newsletter_email', false, '2024-05-01T00:00:00Z'),
    consent(ids.elodie!, 'newsletter_email', false, '2024-04-01T00:00:00Z'),
    consent(ids.elodie!, 'newsletter_email', true, '2024-05-01T00:00:00Z'),
    consent(ids.jean!, 'sms', true, '2024-04-01T00:00:00Z'),
  ]);
});
afterAll(async () => {
  await t.close();
});

type TItem = { id: string; email: string; companies: { id: string; name: string }[]; cardNumber: string | null; createdAt: string };
type TPage<T = TItem> = { items: T[]; nextCursor: string | null };

async function searchCustomers(query: string, staff: TStaff = owner): Promise<TPage> {
  const response = await staff.client.get(`/api/staff/customers${query ? `?${query}` : ''}`, { token: staff.token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as TPage;
}

/** The keys of the customers a search finds, newest first. */
async function found(query: string): Promise<string[]> {
  const page = await searchCustomers(query);
  const byId = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
  return page.items.map((item) => byId[item.id] ?? item.id);
}

const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('GET /api/staff/customers: one box, tolerant of case, accents and partial input', () => {
  it('finds a customer by a fragment of their company’s name, with or without its accent, in any case', async () => {
    for (const text of ['dupre', 'DUPR', 'Dupré', 'boulangerie dupré', 'ulanger']) {
      expect(await found(q(text)), text).toEqual(['zoe', 'elodie']);
    }
    const [elodie] = (await searchCustomers(q('bruxelles'))).items;
    expect(elodie).toMatchObject({
      id: ids.elodie,
      email: 'elodie.martin@exemple.fr',
      firstName: 'Élodie',
      lastName: 'Martin',
      accountType: 'individual',
      status: 'active',
      approvalStatus: 'approved',
      locale: 'fr',
      phone: '+33612345678',
      mobile: null,
      businessName: null,
      cardNumber: '2987654321098',
      createdAt: '2024-03-01T09:00:00.000Z',
      companies: [
        { id: companyIds.dupre, name: 'Boulangerie Dupré' },
        { id: companyIds.bruxelles, name: 'Épicerie de Bruxelles' },
      ],
    });
  });

  it('finds by names without accents, ligatures included, and by several words that must all match', async () => {
    expect(await found(q('elodie'))).toEqual(['elodie']);
    expect(await found(q('ZOE'))).toEqual(['zoe']);
    expect(await found(q('oeuvrard'))).toEqual(['oeuvre']);
    expect(await found(q('Œuvr'))).toEqual(['oeuvre']);
    expect(await found(q('martin dupré'))).toEqual(['elodie']);
    expect(await found(q('durand martin'))).toEqual([]);
    expect(await found(q('égal'))).toEqual(['tie4', ...['tie1', 'tie2', 'tie3'].sort((a, b) => (ids[b]! < ids[a]! ? -1 : 1))]);
  });

  it('finds by a part of the email, LIKE’s own characters taken literally', async () => {
    expect(await found(q('elodie.mar'))).toEqual(['elodie']);
    expect(await found(q('@ATELIER.be'))).toEqual(['jean']);
    expect(await found(q('jean_d'))).toEqual(['jean']);
    // "_" and "%" are not wildcards: "zoe%durand" and "zoe_durand" are not in any address.
    expect(await found(q('zoe_durand'))).toEqual([]);
    expect(await found(q('zoe%durand'))).toEqual([]);
  });

  it('finds by phone or mobile in national, international, spaced, dotted or partial form', async () => {
    for (const text of ['0612345678', '06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33612345678', '0033 6 12 34 56 78', '12 34 56', '612345']) {
      expect(await found(q(text)), text).toEqual(['elodie']);
    }
    expect(await found(q('0470 98 76 50'))).toEqual(['jean']);
    expect(await found(q('+32 470'))).toEqual(['jean']);
  });

  it('finds by member card number, whole or by its first digits', async () => {
    expect(await found(q('2987654321098'))).toEqual(['elodie']);
    expect(await found(q('2987 6543 2109 8'))).toEqual(['elodie']);
    expect(await found(q('298765'))).toEqual(['elodie']);
    expect(await found(q('2987'))).toEqual(['elodie']);
    // A card is found by its beginning only: the end of a number is not a search of cards.
    expect(await found(q('21098'))).toEqual([]);
  });

  it('finds by the SIRET, SIREN or VAT number of a company the customer belongs to, and by the customer’s own business details', async () => {
    expect(await found(q('732 829 320 00074'))).toEqual(['zoe', 'elodie']);
    expect(await found(q('732829320'))).toEqual(['zoe', 'elodie']);
    expect(await found(q('fr44732829320'))).toEqual(['zoe', 'elodie']);
    expect(await found(q('FR 44 732 829 320'))).toEqual(['zoe', 'elodie']);
    // BE0403170701 is both Jean's own VAT number and the Brussels company's (Élodie's).
    expect(await found(q('BE0403170701'))).toEqual(['jean', 'elodie']);
    expect(await found(q('lefevre'))).toEqual(['jean']);
    expect(await found(q('552 100 554 00013'))).toEqual(['oeuvre']);
  });

  it('filters by type, account type, status, approval, language, consent and creation date', async () => {
    expect(await found('type=business')).toEqual(['oeuvre', 'jean']);
    expect((await found('type=personal')).sort()).toEqual(['elodie', 'tie1', 'tie2', 'tie3', 'tie4', 'zoe'].sort());
    expect(await found('accountType=professional')).toEqual(['oeuvre']);
    expect(await found('status=disabled')).toEqual(['jean']);
    expect(await found('approval=pending')).toEqual(['jean']);
    expect(await found('approval=refused')).toEqual(['oeuvre']);
    expect(await found('locale=en')).toEqual(['jean']);
    // The latest record counts: Zoé withdrew her consent, Élodie gave hers after a refusal.
    expect(await found('consent=newsletter_email')).toEqual(['elodie']);
    expect(await found('consent=sms')).toEqual(['jean']);
    expect(await found('consent=promotional_email')).toEqual([]);
    expect(await found('createdFrom=2024-03-02&createdTo=2024-03-03')).toEqual(['zoe', 'jean']);
    expect(await found('createdTo=2024-03-01')).toEqual(['elodie']);
    expect(await found('createdFrom=2024-03-03T09:00:00Z&createdTo=2024-03-04T08:59:59Z')).toEqual(['zoe']);
    expect(await found(`${q('dupre')}&type=personal&consent=newsletter_email`)).toEqual(['elodie']);
    expect(await found(`${q('exemple')}&createdFrom=2024-03-05`)).toHaveLength(4);
  });

  it('pages newest first on (created_at, id) with an opaque cursor, losing no row created in the same microsecond', async () => {
    const everyone = await found('limit=100');
    expect(everyone).toHaveLength(seeds.length);
    expect(everyone.slice(0, 4)).toContain('tie4');
    expect(everyone[0]).toBe('tie4');
    expect(everyone.at(-1)).toBe('elodie');
    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: TPage = await searchCustomers(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)![0]));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(walked).toEqual(everyone);
    expect(pages).toBe(3);
    // The default page is 20.
    expect((await searchCustomers('')).items).toHaveLength(seeds.length);
  });

  it('lists every bad field of the query at once (400)', async () => {
    const response = await owner.client.get(
      '/api/staff/customers?type=pro&status=gone&approval=maybe&locale=de&consent=fax&accountType=x&createdFrom=yesterday&createdTo=2024-02-30&limit=500&cursor=not-ours&colour=blue',
      { token: owner.token },
    );
    expect(response.status).toBe(400);
    const body = response.body as { code: string; errors: { path: string; code: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((error) => error.path).sort()).toEqual(
      [
        'query.accountType',
        'query.approval',
        'query.colour',
        'query.consent',
        'query.createdFrom',
        'query.createdTo',
        'query.cursor',
        'query.limit',
        'query.locale',
        'query.status',
        'query.type',
      ].sort(),
    );
    expect(body.errors.find((error) => error.path === 'query.cursor')?.code).toBe('invalid_cursor');
    expect(body.errors.find((error) => error.path === 'query.createdFrom')?.code).toBe('invalid_date');
    expect(body.errors.find((error) => error.path === 'query.colour')?.code).toBe('unknown_field');
  });

  it('is closed without a staff session (401) and while the second factor is pending (403)', async () => {
    const anonymous = apiClient(t.app);
    expect((await anonymous.get('/api/staff/customers')).status).toBe(401);
    expect((await anonymous.get('/api/staff/companies')).status).toBe(401);
    const login = await owner.client.post('/api/staff/auth/login', { email: owner.email, password: owner.password });
    const pendingToken = (login.body as { token: string }).token;
    for (const path of ['/api/staff/customers?q=dupre', '/api/staff/companies?q=dupre']) {
      const refused = await owner.client.get(path, { token: pendingToken });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'second_factor_required' });
    }
  });

  it('is open to every role with customers.view, read-only included', async () => {
    expect((await searchCustomers(q('dupre'), readOnly)).items).toHaveLength(2);
  });

  it('records one customers.searched audit event per search, with the words, filters and result count', async () => {
    await searchCustomers(`${q('  Dupré ')}&type=personal&limit=1`, readOnly);
    const events = await t.ctx.db
      .select()
      .from(staffAuditEvents)
      .where(and(eq(staffAuditEvents.staffId, readOnly.id), eq(staffAuditEvents.action, 'customers.searched')))
      .orderBy(desc(staffAuditEvents.id));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ targetType: null, details: { q: 'Dupré', filters: { type: 'personal' }, resultCount: 1, nextPage: false } });
    expect(events[0]!.ip).toBe(readOnly.client.ip);
    const audit = await owner.client.get(`/api/staff/audit?action=customers.searched&staffId=${readOnly.id}`, { token: owner.token });
    expect((audit.body as TPage<{ action: string }>).items).toHaveLength(2);
  });
});

type TCompanyItem = { id: string; name: string; kind: string; country: string; siret: string | null; vatNumber: string | null; status: string; memberCount: number; locationCount: number };

async function foundCompanies(query: string): Promise<string[]> {
  const response = await owner.client.get(`/api/staff/companies${query ? `?${query}` : ''}`, { token: owner.token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const byId = Object.fromEntries(Object.entries(companyIds).map(([key, id]) => [id, key]));
  return (response.body as TPage<TCompanyItem>).items.map((item) => byId[item.id] ?? item.id);
}

describe('GET /api/staff/companies', () => {
  it('finds companies by a fragment of the name, SIRET, SIREN, VAT or enterprise number', async () => {
    expect(await foundCompanies(q('dupre'))).toEqual(['duplicate', 'dupre']);
    expect(await foundCompanies(q('DUPRÉ'))).toEqual(['duplicate', 'dupre']);
    expect(await foundCompanies(q('epicerie'))).toEqual(['bruxelles']);
    expect(await foundCompanies(q('732 829 320 00074'))).toEqual(['dupre']);
    expect(await foundCompanies(q('732829'))).toEqual(['dupre']);
    expect(await foundCompanies(q('fr44732829320'))).toEqual(['dupre']);
    expect(await foundCompanies(q('0403.170.701'))).toEqual(['bruxelles']);
    expect(await foundCompanies(q('boulangerie bruxelles'))).toEqual([]);
  });

  it('answers each company with its member and location counts', async () => {
    const response = await owner.client.get(`/api/staff/companies?${q('dupré')}&status=active`, { token: owner.token });
    expect((response.body as TPage<TCompanyItem>).items).toEqual([
      {
        id: companyIds.dupre,
        market: { id: DEFAULT_MARKET_ID, code: 'default', name: 'Boutique' },
        name: 'Boulangerie Dupré',
        kind: 'company',
        country: 'FR',
        siret: '73282932000074',
        vatNumber: 'FR44732829320',
        status: 'active',
        memberCount: 2,
        locationCount: 2,
        createdAt: '2024-02-01T08:00:00.000Z',
      },
    ]);
  });

  it('filters by kind, status, country and creation date, and pages', async () => {
    expect(await foundCompanies('kind=association')).toEqual(['bruxelles']);
    expect(await foundCompanies('status=merged')).toEqual(['duplicate']);
    expect(await foundCompanies('country=be')).toEqual(['bruxelles']);
    expect(await foundCompanies('createdFrom=2024-02-02&createdTo=2024-02-02')).toEqual(['bruxelles']);
    const first = await owner.client.get('/api/staff/companies?limit=2', { token: owner.token });
    const page = first.body as TPage<TCompanyItem>;
    expect(page.items.map((item) => item.id)).toEqual([companyIds.duplicate, companyIds.bruxelles]);
    const next = await owner.client.get(`/api/staff/companies?limit=2&cursor=${page.nextCursor}`, { token: owner.token });
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: companyIds.dupre })], nextCursor: null });
  });

  it('lists every bad field at once, and records companies.searched', async () => {
    const bad = await owner.client.get('/api/staff/companies?kind=shop&status=closed&country=France&createdTo=soon&cursor=x', { token: owner.token });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(
      ['query.country', 'query.createdTo', 'query.cursor', 'query.kind', 'query.status'].sort(),
    );
    await foundCompanies(`${q('siret 732')}&country=FR`);
    const [event] = await t.ctx.db
      .select()
      .from(staffAuditEvents)
      .where(and(eq(staffAuditEvents.staffId, owner.id), eq(staffAuditEvents.action, 'companies.searched')))
      .orderBy(desc(staffAuditEvents.id))
      .limit(1);
    expect(event?.details).toEqual({ q: 'siret 732', filters: { country: 'FR' }, resultCount: 0, nextPage: false });
  });
});
