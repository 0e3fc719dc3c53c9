import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { companies, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { DEFAULT_MARKET_ID, markets } from '../../src/modules/markets/markets.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { newId } from '../../src/platform/ids.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { apiClient, createTestApp, STRONG_PASSWORD, TEST_PUBLIC_URL, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// Markets in the back office (F1.8): the markets API, approval per market, staff limited to
// some markets, customers and companies created in a market, and a customer moved to another.

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let support: TStaff;
let readOnly: TStaff;
/** A support member who works in market B only. */
let limited: TStaff;
let marketB: { id: string; code: string };
const HOST_B = 'b.comptoir.test';

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  support = await inviteStaffMember(t, owner, 'support');
  readOnly = await inviteStaffMember(t, owner, 'read_only');
  limited = await inviteStaffMember(t, owner, 'support');
  const created = await owner.client.post(
    '/api/staff/markets',
    { code: 'b', name: 'Marché B', countries: ['BE'], locales: ['fr', 'en'], defaultLocale: 'fr', currency: 'EUR', publicUrl: `http://${HOST_B}`, accountApproval: 'all' },
    as(owner),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  marketB = created.body as { id: string; code: string };
  const limitedNow = await owner.client.patch(`/api/staff/users/${limited.id}`, { marketIds: [marketB.id] }, as(owner));
  expect(limitedNow.status, JSON.stringify(limitedNow.body)).toBe(200);
});
afterAll(async () => {
  await t.close();
});

const as = (staff: TStaff) => ({ token: staff.token });

async function insertCustomer(options: { marketId: string; email?: string; approvalStatus?: 'approved' | 'pending'; lastName?: string }) {
  const id = newId('cus');
  const email = options.email ?? uniqueEmail('marche');
  await t.ctx.db.insert(customers).values({
    id,
    marketId: options.marketId,
    email,
    emailNormalized: email.toLowerCase(),
    firstName: 'Inès',
    lastName: options.lastName ?? 'Lambert',
    approvalStatus: options.approvalStatus ?? 'approved',
  });
  return { id, email };
}

async function insertCompany(marketId: string, name: string) {
  const id = newId('cmp');
  await t.ctx.db.insert(companies).values({ id, marketId, name, kind: 'company', country: 'FR' });
  return id;
}

const auditOf = (action: string, targetId: string) =>
  t.ctx.db.select().from(staffAuditEvents).where(and(eq(staffAuditEvents.action, action), eq(staffAuditEvents.targetId, targetId)));

const paths = (body: unknown) => ((body as { errors?: { path: string; code: string }[] }).errors ?? []).map((error) => `${error.path}:${error.code}`);

describe('GET, POST and PATCH /api/staff/markets', () => {
  it('every role reads the markets, the default first, with what its null settings resolve to', async () => {
    const listed = await readOnly.client.get('/api/staff/markets', as(readOnly));
    expect(listed.status).toBe(200);
    const items = (listed.body as { items: { id: string; isDefault: boolean; publicUrl: string | null; effective: { publicUrl: string } }[] }).items;
    expect(items[0]).toMatchObject({ id: DEFAULT_MARKET_ID, isDefault: true, publicUrl: null, effective: { publicUrl: TEST_PUBLIC_URL } });
    expect(items.map((item) => item.id)).toContain(marketB.id);
  });

  it('lists every bad field at once', async () => {
    const bad = await owner.client.post(
      '/api/staff/markets',
      {
        code: 'BE!',
        name: ' ',
        countries: ['BE', 'XX'],
        defaultLocale: 'en',
        locales: ['fr', 'de'],
        currency: 'EURO',
        publicUrl: 'https://be.shop.example/boutique?x=1',
        accountApproval: 'sometimes',
        businessProgramme: 'mixte',
      },
      as(owner),
    );
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(
      expect.arrayContaining([
        'code:invalid_code',
        'name:too_small',
        'countries.1:unknown_country',
        'locales.1:invalid_value',
        'locales:default_locale_missing',
        'currency:invalid_currency',
        'publicUrl:invalid_url',
        'accountApproval:invalid_value',
        'businessProgramme:invalid_value',
      ]),
    );
    const missingUrl = await owner.client.post('/api/staff/markets', { code: 'sans-url', name: 'Sans adresse', countries: ['FR'] }, as(owner));
    expect(missingUrl.status).toBe(400);
    expect(paths(missingUrl.body)).toEqual(['publicUrl:required']);
    expect(await t.ctx.db.select().from(markets).where(eq(markets.code, 'sans-url'))).toHaveLength(0);
  });

  it('creates a market, its host in lower case, audited; code and host are unique, PUBLIC_URL’s host belongs to the default market', async () => {
    const created = await owner.client.post(
      '/api/staff/markets',
      { code: 'lu', name: 'Luxembourg', countries: ['lu'], publicUrl: 'https://LU.Shop.example/', b2bOnly: true, businessProgramme: 'separate' },
      as(owner),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const market = created.body as { id: string };
    expect(created.body).toMatchObject({
      code: 'lu',
      countries: ['LU'],
      locales: ['fr'],
      defaultLocale: 'fr',
      currency: 'EUR',
      publicUrl: 'https://lu.shop.example',
      host: 'lu.shop.example',
      accountApproval: 'none',
      isDefault: false,
      effective: { publicUrl: 'https://lu.shop.example', b2bOnly: true, businessProgramme: 'separate' },
    });
    expect(await auditOf('market.created', market.id)).toEqual([
      expect.objectContaining({ staffId: owner.id, details: expect.objectContaining({ code: 'lu', publicUrl: 'https://lu.shop.example', via: 'back_office' }) }),
    ]);
    // The directory reloaded: requests to that host are the new market's.
    expect(t.ctx.markets.forHost('lu.shop.example').id).toBe(market.id);

    const sameCode = await owner.client.post('/api/staff/markets', { code: 'lu', name: 'Autre', countries: ['LU'], publicUrl: 'https://autre.example' }, as(owner));
    expect(sameCode.status).toBe(409);
    expect(sameCode.body).toMatchObject({ code: 'market_code_taken' });
    const sameHost = await owner.client.post('/api/staff/markets', { code: 'lu2', name: 'Autre', countries: ['LU'], publicUrl: 'https://lu.SHOP.example' }, as(owner));
    expect(sameHost.status).toBe(409);
    expect(sameHost.body).toMatchObject({ code: 'market_host_taken' });
    const publicHost = await owner.client.post('/api/staff/markets', { code: 'lu3', name: 'Autre', countries: ['LU'], publicUrl: TEST_PUBLIC_URL }, as(owner));
    expect(publicHost.status).toBe(409);
    expect(publicHost.body).toMatchObject({ code: 'market_host_taken' });
    const renamedOnto = await owner.client.patch(`/api/staff/markets/${market.id}`, { code: 'b' }, as(owner));
    expect(renamedOnto.status).toBe(409);
    expect(renamedOnto.body).toMatchObject({ code: 'market_code_taken' });
  });

  it('PATCH changes only the fields given, checks the result whole and audits each changed field before and after', async () => {
    const created = await owner.client.post('/api/staff/markets', { code: 'ch', name: 'Suisse', countries: ['CH'], publicUrl: 'https://ch.shop.example' }, as(owner));
    const id = (created.body as { id: string }).id;
    const wrong = await owner.client.patch(`/api/staff/markets/${id}`, { defaultLocale: 'en', currency: 'XYZ', publicUrl: null }, as(owner));
    expect(wrong.status).toBe(400);
    expect(paths(wrong.body)).toEqual(expect.arrayContaining(['locales:default_locale_missing', 'currency:invalid_currency', 'publicUrl:required']));

    const changed = await owner.client.patch(`/api/staff/markets/${id}`, { name: 'Schweiz', currency: 'chf', locales: ['fr', 'en'], defaultLocale: 'en' }, as(owner));
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ code: 'ch', name: 'Schweiz', currency: 'CHF', locales: ['fr', 'en'], defaultLocale: 'en', countries: ['CH'] });
    const [row] = await auditOf('market.updated', id);
    expect(row?.details).toEqual({
      changes: {
        name: { from: 'Suisse', to: 'Schweiz' },
        currency: { from: 'EUR', to: 'CHF' },
        locales: { from: ['fr'], to: ['fr', 'en'] },
        defaultLocale: { from: 'fr', to: 'en' },
      },
      via: 'back_office',
    });
    // The default market may go without an address of its own: it follows PUBLIC_URL.
    const fallback = await owner.client.patch(`/api/staff/markets/${DEFAULT_MARKET_ID}`, { publicUrl: null, name: 'Boutique' }, as(owner));
    expect(fallback.status).toBe(200);
    expect(await owner.client.patch('/api/staff/markets/mkt_unknown', { name: 'X' }, as(owner))).toMatchObject({ status: 404 });
  });

  it('support and read-only staff may not create or change a market (403), nothing is written', async () => {
    const body = { code: 'nl', name: 'Pays-Bas', countries: ['NL'], publicUrl: 'https://nl.shop.example' };
    expect((await support.client.post('/api/staff/markets', body, as(support))).status).toBe(403);
    expect((await readOnly.client.patch(`/api/staff/markets/${marketB.id}`, { name: 'X' }, as(readOnly))).status).toBe(403);
    expect(await t.ctx.db.select().from(markets).where(eq(markets.code, 'nl'))).toHaveLength(0);
  });
});

describe('account approval per market', () => {
  it('a registration on market B’s host waits (B asks for approval of every account) while one on the default market does not', async () => {
    const inB = await registerVerifiedCustomer(t, { host: HOST_B });
    const inDefault = await registerVerifiedCustomer(t);
    const [b] = await t.ctx.db.select().from(customers).where(eq(customers.id, inB.customerId));
    const [a] = await t.ctx.db.select().from(customers).where(eq(customers.id, inDefault.customerId));
    expect(b).toMatchObject({ marketId: marketB.id, approvalStatus: 'pending' });
    expect(a).toMatchObject({ marketId: DEFAULT_MARKET_ID, approvalStatus: 'approved' });
  });

  it('GET/PUT /api/staff/settings read and write the default market’s setting only', async () => {
    const saved = await owner.client.put('/api/staff/settings', { accountApproval: 'business' }, as(owner));
    expect(saved.status).toBe(200);
    const [fallback] = await t.ctx.db.select().from(markets).where(eq(markets.id, DEFAULT_MARKET_ID));
    const [b] = await t.ctx.db.select().from(markets).where(eq(markets.id, marketB.id));
    expect(fallback?.accountApproval).toBe('business');
    expect(b?.accountApproval).toBe('all');
    expect(t.ctx.markets.defaultMarket().accountApproval).toBe('business');
    expect((await owner.client.get('/api/staff/settings', as(owner))).body).toMatchObject({ accountApproval: 'business', updatedBy: { id: owner.id } });
    await owner.client.put('/api/staff/settings', { accountApproval: 'none' }, as(owner));
  });
});

describe('staff limited to some markets', () => {
  it('sees customers and companies of their markets only: 404 on another market’s, absent from searches and the approval queue', async () => {
    const mark = `Zéphyrin${Date.now().toString(36)}`;
    const inA = await insertCustomer({ marketId: DEFAULT_MARKET_ID, lastName: mark, approvalStatus: 'pending' });
    const inB = await insertCustomer({ marketId: marketB.id, lastName: mark, approvalStatus: 'pending' });
    const companyA = await insertCompany(DEFAULT_MARKET_ID, `${mark} SARL`);
    const companyB = await insertCompany(marketB.id, `${mark} SPRL`);

    for (const url of [`/api/staff/customers/${inA.id}`, `/api/staff/customers/${inA.id}/notes`, `/api/staff/customers/${inA.id}/emails`, `/api/staff/companies/${companyA}`]) {
      expect((await limited.client.get(url, as(limited))).status, url).toBe(404);
    }
    expect((await limited.client.patch(`/api/staff/customers/${inA.id}`, { firstName: 'X' }, as(limited))).status).toBe(404);
    expect((await limited.client.post(`/api/staff/customers/${inA.id}/notes`, { body: 'Note' }, as(limited))).status).toBe(404);
    expect((await limited.client.post(`/api/staff/customers/${inA.id}/approve`, {}, as(limited))).status).toBe(404);
    expect((await limited.client.patch(`/api/staff/companies/${companyA}`, { name: 'Autre' }, as(limited))).status).toBe(404);
    const [untouched] = await t.ctx.db.select().from(customers).where(eq(customers.id, inA.id));
    expect(untouched).toMatchObject({ firstName: 'Inès', approvalStatus: 'pending' });

    const detail = await limited.client.get(`/api/staff/customers/${inB.id}`, as(limited));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ market: { id: marketB.id, code: 'b' } });
    expect((await limited.client.get(`/api/staff/companies/${companyB}`, as(limited))).body).toMatchObject({ market: { id: marketB.id } });

    const found = await limited.client.get(`/api/staff/customers?q=${encodeURIComponent(mark)}`, as(limited));
    expect((found.body as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([inB.id]);
    const askedForA = await limited.client.get(`/api/staff/customers?q=${encodeURIComponent(mark)}&market=default`, as(limited));
    expect((askedForA.body as { items: unknown[] }).items).toEqual([]);
    const companiesFound = await limited.client.get(`/api/staff/companies?q=${encodeURIComponent(mark)}`, as(limited));
    expect((companiesFound.body as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([companyB]);
    const queue = await limited.client.get('/api/staff/approvals?limit=100', as(limited));
    const queued = (queue.body as { items: { id: string }[] }).items.map((item) => item.id);
    expect(queued).toContain(inB.id);
    expect(queued).not.toContain(inA.id);

    // Everyone may filter by market, by code or id; an unknown market is a 400.
    const byCode = await owner.client.get(`/api/staff/customers?q=${encodeURIComponent(mark)}&market=b`, as(owner));
    expect((byCode.body as { items: { id: string; market: { code: string } }[] }).items).toEqual([expect.objectContaining({ id: inB.id, market: expect.objectContaining({ code: 'b' }) })]);
    const byId = await owner.client.get(`/api/staff/companies?q=${encodeURIComponent(mark)}&market=${DEFAULT_MARKET_ID}`, as(owner));
    expect((byId.body as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([companyA]);
    const unknown = await owner.client.get('/api/staff/customers?market=nowhere', as(owner));
    expect(unknown.status).toBe(400);
    expect(paths(unknown.body)).toEqual(['query.market:unknown_market']);
  });

  it('exports only their markets’ customers, and creates only in their markets', async () => {
    const inA = await insertCustomer({ marketId: DEFAULT_MARKET_ID });
    const inB = await insertCustomer({ marketId: marketB.id });
    const exporter = await inviteStaffMember(t, owner, 'administrator');
    await owner.client.patch(`/api/staff/users/${exporter.id}`, { marketIds: [marketB.id] }, as(owner));
    const file = await exporter.client.get('/api/staff/exports/customers.csv', as(exporter));
    expect(file.status).toBe(200);
    expect(String(file.body)).toContain(inB.email);
    expect(String(file.body)).not.toContain(inA.email);
    // Privacy requests: only their markets' in the list; another market's customer is unknown.
    for (const customer of [inA, inB]) {
      const recorded = await owner.client.post('/api/staff/privacy-requests', { customerId: customer.id, kind: 'export', channel: 'email' }, as(owner));
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    }
    const requests = await exporter.client.get('/api/staff/privacy-requests?limit=100', as(exporter));
    const requested = (requests.body as { items: { customer: { id: string } | null }[] }).items.map((item) => item.customer?.id);
    expect(requested).toContain(inB.id);
    expect(requested).not.toContain(inA.id);
    expect((await exporter.client.get(`/api/staff/customers/${inA.id}/export`, as(exporter))).status).toBe(404);
    expect((await exporter.client.post('/api/staff/privacy-requests', { customerId: inA.id, kind: 'erasure', channel: 'email' }, as(exporter))).status).toBe(404);
    const all = await owner.client.get('/api/staff/exports/customers.csv?market=b', as(owner));
    expect(String(all.body)).toContain(inB.email);
    expect(String(all.body)).not.toContain(inA.email);

    const refused = await limited.client.post('/api/staff/customers', { email: uniqueEmail('ailleurs'), firstName: 'A', lastName: 'B', marketId: DEFAULT_MARKET_ID }, as(limited));
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['marketId:unknown_market']);
    const made = await limited.client.post('/api/staff/customers', { email: uniqueEmail('ici'), firstName: 'A', lastName: 'B', marketId: marketB.id }, as(limited));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ market: { id: marketB.id } });
    // A limited member gives only markets of their own, never every market.
    const widened = await exporter.client.post('/api/staff/users', { email: uniqueEmail('invite'), name: 'Invitée', role: 'support', marketIds: null }, as(exporter));
    expect(widened.status).toBe(400);
    expect(paths(widened.body)).toEqual(['marketIds:invalid_markets']);
    const unknownMarket = await owner.client.patch(`/api/staff/users/${support.id}`, { marketIds: ['mkt_nowhere'] }, as(owner));
    expect(unknownMarket.status).toBe(400);
  });

  it('the same address makes one account per market; a company’s administrator is looked up in the company’s market', async () => {
    const email = uniqueEmail('double');
    const first = await owner.client.post('/api/staff/customers', { email, firstName: 'A', lastName: 'Un' }, as(owner));
    const second = await owner.client.post('/api/staff/customers', { email, firstName: 'A', lastName: 'Deux', marketId: marketB.id }, as(owner));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await owner.client.post('/api/staff/customers', { email, firstName: 'A', lastName: 'Trois', marketId: marketB.id }, as(owner))).status).toBe(409);
    const company = await owner.client.post(
      '/api/staff/companies',
      { name: 'Atelier Deux', kind: 'company', country: 'BE', administratorEmail: email, marketId: marketB.id },
      as(owner),
    );
    expect(company.status, JSON.stringify(company.body)).toBe(201);
    expect(company.body).toMatchObject({ market: { id: marketB.id }, members: [expect.objectContaining({ customerId: (second.body as { id: string }).id, role: 'admin' })] });
  });
});

describe('CSV import into a market', () => {
  it('is idempotent on the address within its market: the same file makes one account in each market, and again nothing', async () => {
    const email = uniqueEmail('importe');
    const file = `email,first_name,last_name\n${email},Anaïs,Peeters\n`;
    const post = (query: string, staff: TStaff = owner) =>
      staff.client.post(`/api/staff/imports/customers?format=comptoir&dryRun=false${query}`, file, { token: staff.token, headers: { 'content-type': 'text/csv' } });
    const intoDefault = await post('');
    const intoB = await post(`&marketId=${marketB.id}`);
    const again = await post(`&marketId=${marketB.id}`);
    expect([intoDefault.status, intoB.status, again.status]).toEqual([200, 200, 200]);
    expect(intoDefault.body).toMatchObject({ marketId: DEFAULT_MARKET_ID, created: 1 });
    expect(intoB.body).toMatchObject({ marketId: marketB.id, created: 1 });
    expect(again.body).toMatchObject({ created: 0, unchanged: 1 });
    const rows = await t.ctx.db.select({ marketId: customers.marketId }).from(customers).where(eq(customers.emailNormalized, email.toLowerCase()));
    expect(rows.map((row) => row.marketId).sort()).toEqual([DEFAULT_MARKET_ID, marketB.id].sort());
    const events = await t.ctx.db.select({ marketId: webhookEvents.marketId }).from(webhookEvents).where(eq(webhookEvents.type, 'customer.created'));
    expect(events.map((event) => event.marketId)).toContain(marketB.id);
    // A member limited to market B imports there only.
    const exporter = await inviteStaffMember(t, owner, 'administrator');
    await owner.client.patch(`/api/staff/users/${exporter.id}`, { marketIds: [marketB.id] }, as(owner));
    const refused = await post('', exporter);
    expect(refused.status).toBe(400);
    expect(paths(refused.body)).toEqual(['query.marketId:unknown_market']);
  });
});

describe('POST /api/staff/customers/:customerId/market', () => {
  it('refuses 409 email_taken_in_market and 409 customer_in_company, changing nothing', async () => {
    const email = uniqueEmail('deplace');
    const inA = await insertCustomer({ marketId: DEFAULT_MARKET_ID, email });
    await insertCustomer({ marketId: marketB.id, email });
    const taken = await owner.client.post(`/api/staff/customers/${inA.id}/market`, { marketId: marketB.id }, as(owner));
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'email_taken_in_market' });

    const member = await insertCustomer({ marketId: DEFAULT_MARKET_ID });
    const companyId = await insertCompany(DEFAULT_MARKET_ID, 'Atelier Membre');
    await t.ctx.db.insert(companyMembers).values({ companyId, customerId: member.id, role: 'admin' });
    const inCompany = await owner.client.post(`/api/staff/customers/${member.id}/market`, { marketId: marketB.id }, as(owner));
    expect(inCompany.status).toBe(409);
    expect(inCompany.body).toMatchObject({ code: 'customer_in_company' });

    const rows = await t.ctx.db.select({ marketId: customers.marketId }).from(customers).where(eq(customers.id, inA.id));
    expect(rows).toEqual([{ marketId: DEFAULT_MARKET_ID }]);
    expect((await support.client.post(`/api/staff/customers/${inA.id}/market`, { marketId: marketB.id }, as(support))).status).toBe(403);
    expect((await limited.client.post(`/api/staff/customers/${inA.id}/market`, { marketId: marketB.id }, as(limited))).status).toBe(403);
    const unknown = await owner.client.post(`/api/staff/customers/${inA.id}/market`, { marketId: 'mkt_nowhere' }, as(owner));
    expect(unknown.status).toBe(400);
  });

  it('moves the account: it signs in on the new market only, every session ended, audited, customer.updated sent', async () => {
    const person = await registerVerifiedCustomer(t);
    expect((await person.client.get('/api/me', { token: person.token })).status).toBe(200);
    const moved = await owner.client.post(`/api/staff/customers/${person.customerId}/market`, { marketId: marketB.id }, as(owner));
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ id: person.customerId, market: { id: marketB.id, code: 'b' } });
    expect((await person.client.get('/api/me', { token: person.token })).status).toBe(401);

    const client = apiClient(t.app);
    const onDefault = await client.post('/api/auth/login', { email: person.email, password: STRONG_PASSWORD });
    expect(onDefault.status).toBe(401);
    const onB = await client.post('/api/auth/login', { email: person.email, password: STRONG_PASSWORD }, { headers: { host: HOST_B } });
    expect(onB.status).toBe(200);

    expect(await auditOf('customer.market_changed', person.customerId)).toEqual([
      expect.objectContaining({ staffId: owner.id, details: { from: DEFAULT_MARKET_ID, to: marketB.id, sessionsEnded: 1 } }),
    ]);
    const events = await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, person.customerId), eq(webhookEvents.type, 'customer.updated')));
    expect(events.length).toBeGreaterThan(0);
  });
});
