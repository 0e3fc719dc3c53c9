import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { insertCompany, insertLocation, insertLocationMember, insertMember, insertSignedInCustomer } from '../support/company-fixtures.js';
import { insertOrder, invoiceBody, uniqueNumber } from '../support/documents.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  store = storeClient(t, await newApiKey(t, ['documents:write']));
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;
type TMoney = { amount: number; currency: string };
type TSummary = { id: string; kind: string; number: string; status: string; total: TMoney; amountDue: TMoney | null; company: { id: string; name: string } | null; location: { id: string; name: string } | null; orderNumber: string | null; overdue?: boolean; daysUntilDue?: number | null };
type TPage = { items: TSummary[]; nextCursor: string | null };

async function push(overrides: Record<string, unknown>): Promise<string> {
  const response = await store.post('/api/integration/documents', invoiceBody(overrides));
  if (response.status !== 201) throw new Error(`push answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}
const get = (actor: TActor, url: string) => actor.client.get(url, { token: actor.token });
/** Noon UTC `days` from today: day counts then depend on the date alone, not the hour the test runs. */
const daysFromNow = (days: number) => {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  return new Date(noon.getTime() + days * 86_400_000).toISOString();
};

describe('GET /api/me/documents', () => {
  it('lists my documents newest first with Money totals, filters by kind and status, and pages with a cursor', async () => {
    const me = await insertSignedInCustomer(t);
    const order = await insertOrder(t, { customerId: me.id });
    const ids: string[] = [];
    for (let day = 1; day <= 5; day += 1) {
      ids.push(await push({ customer: { customerId: me.id }, issuedAt: `2026-03-0${day}T10:00:00Z`, ...(day === 5 ? { orderId: order.id } : {}) }));
    }
    const quote = await push({ kind: 'quote', number: uniqueNumber('DV'), customer: { customerId: me.id }, issuedAt: '2026-02-01T10:00:00Z', validUntil: '2026-03-01T00:00:00Z' });
    await push({ customer: { customerId: (await insertSignedInCustomer(t)).id } });

    const all = (await get(me, '/api/me/documents')).body as TPage;
    expect(all.items.map((item) => item.id)).toEqual([...ids].reverse().concat(quote));
    expect(all.items[0]).toMatchObject({ total: { amount: 12000, currency: 'EUR' }, amountDue: { amount: 12000, currency: 'EUR' }, orderNumber: order.number });

    const first = (await get(me, '/api/me/documents?kind=invoice&limit=2')).body as TPage;
    expect(first.items.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    const second = (await get(me, `/api/me/documents?kind=invoice&limit=2&cursor=${first.nextCursor}`)).body as TPage;
    const third = (await get(me, `/api/me/documents?kind=invoice&limit=2&cursor=${second.nextCursor}`)).body as TPage;
    expect([...second.items, ...third.items].map((item) => item.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.nextCursor).toBeNull();
    expect(((await get(me, '/api/me/documents?kind=quote')).body as TPage).items.map((item) => item.id)).toEqual([quote]);
    expect(((await get(me, '/api/me/documents?status=paid')).body as TPage).items).toEqual([]);
    expect((await get(me, '/api/me/documents?cursor=nonsense')).status).toBe(400);
  });

  it('a used credit note and a paid purchase order show their status and paidAt/usedAt in the detail', async () => {
    const me = await insertSignedInCustomer(t);
    const note = await push({ kind: 'credit_note', number: uniqueNumber('AV'), status: 'used', customer: { customerId: me.id } });
    const purchaseOrder = await push({ kind: 'purchase_order', number: uniqueNumber('BC'), status: 'paid', customer: { customerId: me.id }, poNumber: 'PO-77' });
    expect((await get(me, `/api/me/documents/${note}`)).body).toMatchObject({ status: 'used', usedAt: expect.any(String), paidAt: null });
    const detail = (await get(me, `/api/me/documents/${purchaseOrder}`)).body;
    expect(detail).toMatchObject({
      status: 'paid',
      paidAt: expect.any(String),
      poNumber: 'PO-77',
      lines: [{ sku: 'PAP-A4', quantity: 4, unitPrice: { amount: 2500, currency: 'EUR' }, lineTotal: { amount: 10000, currency: 'EUR' }, taxRateBasisPoints: 2000 }],
      taxes: [{ label: 'TVA', rateBasisPoints: 2000, amount: { amount: 2000, currency: 'EUR' } }],
      billingAddress: { city: 'Lyon', line2: null },
      subtotal: { amount: 10000, currency: 'EUR' },
      overdue: false,
    });
  });

  it('another customer’s document is 404; documents of an address not yet verified stay hidden', async () => {
    const [me, stranger] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    const id = await push({ customer: { customerId: me.id } });
    expect((await get(stranger, `/api/me/documents/${id}`)).status).toBe(404);
    expect(((await get(stranger, '/api/me/documents')).body as TPage).items).toEqual([]);
    expect((await get(me, `/api/me/documents/${id}`)).status).toBe(200);
  });
});

/** A company with an administrator, a location administrator of the first site, a buyer there and a colleague at the second site. */
async function company() {
  const companyId = await insertCompany(t.ctx.db, { name: 'Papeterie Durand' });
  const siege = await insertLocation(t.ctx.db, { companyId, name: 'Siège', terms: { kind: 'net', days: 30 } });
  const depot = await insertLocation(t.ctx.db, { companyId, name: 'Dépôt' });
  const [admin, locationAdmin, buyer, colleague] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t), await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
  await insertMember(t.ctx.db, { companyId, customerId: admin.id, role: 'admin' });
  for (const member of [locationAdmin, buyer, colleague]) await insertMember(t.ctx.db, { companyId, customerId: member.id });
  await insertLocationMember(t.ctx.db, { locationId: siege, customerId: locationAdmin.id, role: 'location_admin' });
  await insertLocationMember(t.ctx.db, { locationId: siege, customerId: buyer.id, role: 'buyer' });
  await insertLocationMember(t.ctx.db, { locationId: depot, customerId: colleague.id, role: 'buyer' });
  return { companyId, siege, depot, admin, locationAdmin, buyer, colleague, base: `/api/companies/${companyId}/documents` };
}

describe('GET /api/companies/{companyId}/documents', () => {
  it('an administrator sees a colleague’s invoice, even after the colleague left; a buyer does not (404); outsiders 404', async () => {
    const c = await company();
    const invoice = await push({ customer: { customerId: c.colleague.id }, companyId: c.companyId, locationId: c.depot });
    const siegeInvoice = await push({ customer: { customerId: c.buyer.id }, companyId: c.companyId, locationId: c.siege });
    await t.ctx.db.delete(companyMembers).where(and(eq(companyMembers.companyId, c.companyId), eq(companyMembers.customerId, c.colleague.id)));

    expect((await get(c.admin, `${c.base}/${invoice}`)).body).toMatchObject({ id: invoice, company: { id: c.companyId, name: 'Papeterie Durand' }, location: { name: 'Dépôt' } });
    expect(((await get(c.admin, c.base)).body as TPage).items.map((item) => item.id).sort()).toEqual([invoice, siegeInvoice].sort());
    expect((await get(c.admin, `${c.base}/${invoice}/pdf`)).status).toBe(200);

    expect((await get(c.buyer, `${c.base}/${invoice}`)).status).toBe(404);
    expect((await get(c.buyer, `${c.base}/${invoice}/pdf`)).status).toBe(404);
    expect(((await get(c.buyer, c.base)).body as TPage).items.map((item) => item.id)).toEqual([siegeInvoice]);
    expect(((await get(c.locationAdmin, c.base)).body as TPage).items.map((item) => item.id)).toEqual([siegeInvoice]);
    expect((await get(c.colleague, c.base)).status).toBe(404);
  });

  it('a document pushed for the company alone (no person) is seen by its administrators', async () => {
    const c = await company();
    const id = await push({ companyId: c.companyId, kind: 'quote', number: uniqueNumber('DV') });
    expect((await get(c.admin, `${c.base}/${id}`)).status).toBe(200);
    expect((await get(c.buyer, `${c.base}/${id}`)).status).toBe(404);
  });
});

describe('GET /api/me/invoices/outstanding', () => {
  it('lists my open invoices and my companies’ within my scope, soonest due first, with overdue, days until due and totals per currency', async () => {
    const c = await company();
    const late = await push({ customer: { customerId: c.buyer.id }, companyId: c.companyId, locationId: c.siege, issuedAt: daysFromNow(-40) });
    const soon = await push({ customer: { customerId: c.buyer.id }, companyId: c.companyId, locationId: c.siege, issuedAt: daysFromNow(-20), amountDue: 5000 });
    const mine = await push({ customer: { customerId: c.admin.id }, issuedAt: daysFromNow(-1), dueAt: daysFromNow(15), currency: 'CHF', total: 3000 });
    await push({ customer: { customerId: c.buyer.id }, companyId: c.companyId, locationId: c.siege, status: 'paid' });
    await push({ kind: 'quote', number: uniqueNumber('DV'), customer: { customerId: c.buyer.id }, companyId: c.companyId });

    const admin = (await get(c.admin, '/api/me/invoices/outstanding')).body as { items: TSummary[]; totals: TMoney[] };
    expect(admin.items.map((item) => item.id)).toEqual([late, soon, mine]);
    expect(admin.items[0]).toMatchObject({ overdue: true, daysUntilDue: -10 });
    expect(admin.items[1]).toMatchObject({ overdue: false, daysUntilDue: 10, amountDue: { amount: 5000, currency: 'EUR' } });
    expect(admin.totals).toEqual([
      { amount: 3000, currency: 'CHF' },
      { amount: 17000, currency: 'EUR' },
    ]);

    const colleague = (await get(c.colleague, '/api/me/invoices/outstanding')).body as { items: TSummary[]; totals: TMoney[] };
    expect(colleague).toEqual({ items: [], totals: [] });
    expect(((await get(c.locationAdmin, '/api/me/invoices/outstanding')).body as { items: TSummary[] }).items.map((item) => item.id)).toEqual([late, soon]);
  });

  it('documents of an address that is not verified (any more) are not shown to its session', async () => {
    const me = await insertSignedInCustomer(t);
    const id = await push({ customer: { customerId: me.id } });
    await t.ctx.db.update(customers).set({ emailVerifiedAt: null }).where(eq(customers.id, me.id));
    expect(((await get(me, '/api/me/documents')).body as TPage).items).toEqual([]);
    expect((await get(me, `/api/me/documents/${id}`)).status).toBe(404);
    expect(((await get(me, '/api/me/invoices/outstanding')).body as { items: unknown[] }).items).toEqual([]);
  });
});
