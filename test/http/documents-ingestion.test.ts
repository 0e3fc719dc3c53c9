import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents } from '../../src/modules/documents/documents.tables.js';
import { insertCompany, insertLocation, insertMember, insertSignedInCustomer } from '../support/company-fixtures.js';
import { insertOrder, invoiceBody, uniqueNumber } from '../support/documents.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
let store: TStoreClient;
beforeAll(async () => {
  t = await createTestApp();
  store = storeClient(t, await newApiKey(t, ['documents:write']));
});
afterAll(async () => {
  await t.close();
});

type TDocument = { id: string; kind: string; number: string; status: string; customerId: string | null; companyId: string | null; locationId: string | null; dueAt: string | null; paidAt: string | null; usedAt: string | null; orderId: string | null };
type TProblem = { code: string; errors?: { path: string; code: string; message: string }[] };

const stored = async (id: string) => (await t.ctx.db.select().from(documents).where(eq(documents.id, id)))[0]!;

describe('POST /api/integration/documents', () => {
  it('creates an invoice (201) and answers ids, status and dates only; a second push of (kind, number) updates it (200)', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = invoiceBody({ customer: { customerId: customer.id }, payUrl: 'https://shop.example/pay/1' });
    const created = await store.post('/api/integration/documents', body);
    expect(created.status).toBe(201);
    const document = created.body as TDocument;
    expect(document).toMatchObject({ kind: 'invoice', number: body.number, status: 'open', customerId: customer.id, dueAt: '2026-03-15T10:00:00.000Z' });
    expect(JSON.stringify(created.body)).not.toMatch(/Fontaine|Ramette|example\.fr|shop\.example/);

    const updated = await store.post('/api/integration/documents', { ...body, total: 15000, lines: [] });
    expect(updated.status).toBe(200);
    expect((updated.body as TDocument).id).toBe(document.id);
    expect(await stored(document.id)).toMatchObject({ total: 15000, lines: [], payUrl: 'https://shop.example/pay/1' });
  });

  it('an invoice of a location on net 30 terms is due 30 days after issue; on a deposit it is due at issue; a given dueAt wins', async () => {
    const customer = await insertSignedInCustomer(t);
    const companyId = await insertCompany(t.ctx.db);
    const net30 = await insertLocation(t.ctx.db, { companyId, terms: { kind: 'net', days: 30 } });
    const deposit = await insertLocation(t.ctx.db, { companyId, terms: { kind: 'deposit', percent: 30 } });
    await insertMember(t.ctx.db, { companyId, customerId: customer.id });
    const push = (overrides: Record<string, unknown>) =>
      store.post('/api/integration/documents', invoiceBody({ customer: { customerId: customer.id }, companyId, ...overrides }));

    expect(((await push({ locationId: net30 })).body as TDocument).dueAt).toBe('2026-04-14T10:00:00.000Z');
    expect(((await push({ locationId: deposit })).body as TDocument).dueAt).toBe('2026-03-15T10:00:00.000Z');
    expect(((await push({ locationId: net30, dueAt: '2026-05-01T00:00:00Z' })).body as TDocument).dueAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('a document of an order takes the order’s customer, company and location; another customer is 422 customer_mismatch', async () => {
    const [buyer, other] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    const companyId = await insertCompany(t.ctx.db);
    const locationId = await insertLocation(t.ctx.db, { companyId, terms: { kind: 'net', days: 60 } });
    const order = await insertOrder(t, { customerId: buyer.id, companyId, locationId });

    const created = await store.post('/api/integration/documents', invoiceBody({ orderId: order.id }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orderId: order.id, customerId: buyer.id, companyId, locationId, dueAt: '2026-05-14T10:00:00.000Z' });

    const mismatch = await store.post('/api/integration/documents', invoiceBody({ orderId: order.id, customer: { customerId: other.id } }));
    expect(mismatch.status).toBe(422);
    expect(mismatch.body).toMatchObject({ code: 'customer_mismatch', errors: [{ path: 'customer', code: 'customer_mismatch' }] });

    const elsewhere = await store.post('/api/integration/documents', invoiceBody({ orderId: order.id, companyId: await insertCompany(t.ctx.db), locationId: 'loc_other' }));
    expect(elsewhere.status).toBe(422);
    expect((elsewhere.body as TProblem).errors?.map((error) => `${error.path}:${error.code}`).sort()).toEqual(['companyId:company_mismatch', 'locationId:location_mismatch']);
  });

  it('a document for an address with no account creates a guest account that owns it', async () => {
    const email = uniqueEmail('guest');
    const response = await store.post('/api/integration/documents', invoiceBody({ kind: 'receipt', status: 'paid', customer: { email } }));
    expect(response.status).toBe(201);
    expect((response.body as TDocument).customerId).toMatch(/^cus_/);
    expect((await stored((response.body as TDocument).id)).paidAt).toBeInstanceOf(Date);
  });

  const invalid: { name: string; body: Record<string, unknown>; errors: { path: string; code?: string }[] }[] = [
    { name: 'a currency in lower case', body: { currency: 'eur' }, errors: [{ path: 'currency', code: 'invalid_currency' }] },
    { name: 'an unknown currency', body: { currency: 'XYZ' }, errors: [{ path: 'currency', code: 'invalid_currency' }] },
    { name: 'a negative total', body: { total: -1 }, errors: [{ path: 'total' }] },
    { name: 'a total with decimals', body: { total: 120.5 }, errors: [{ path: 'total' }] },
    { name: 'a line of quantity 0', body: { lines: [{ name: 'X', quantity: 0, unitPrice: 1, lineTotal: 0 }] }, errors: [{ path: 'lines.0.quantity' }] },
    { name: 'a javascript: pay link', body: { payUrl: 'javascript:alert(1)' }, errors: [{ path: 'payUrl' }] },
    { name: 'an unknown kind', body: { kind: 'bill' }, errors: [{ path: 'kind' }] },
    { name: 'an invoice marked used', body: { status: 'used' }, errors: [{ path: 'status', code: 'status_not_for_kind' }] },
    { name: 'a due date before issue', body: { dueAt: '2026-03-01T00:00:00Z' }, errors: [{ path: 'dueAt', code: 'before_issue' }] },
    { name: 'no owner at all', body: { customer: undefined }, errors: [{ path: 'customer', code: 'owner_required' }] },
    { name: 'a location without its company', body: { locationId: 'loc_x' }, errors: [{ path: 'companyId', code: 'required' }] },
    { name: 'an issue date without a zone', body: { issuedAt: '2026-03-15 10:00' }, errors: [{ path: 'issuedAt' }] },
    {
      name: 'several bad fields at once',
      body: { currency: 'eur', total: -5, kind: 'bill', payUrl: 'ftp://x' },
      errors: [{ path: 'currency' }, { path: 'total' }, { path: 'kind' }, { path: 'payUrl' }],
    },
  ];
  it.each(invalid)('400 validation_failed for $name, every bad field listed', async ({ body, errors }) => {
    const customer = await insertSignedInCustomer(t);
    const response = await store.post('/api/integration/documents', invoiceBody({ customer: { customerId: customer.id }, ...body }));
    expect(response.status).toBe(400);
    expect((response.body as TProblem).code).toBe('validation_failed');
    expect((response.body as TProblem).errors).toEqual(expect.arrayContaining(errors.map((error) => expect.objectContaining(error))));
  });

  it('references that do not exist or do not fit are listed together in one 422 invalid_reference', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const otherCompanysLocation = await insertLocation(t.ctx.db, { companyId: await insertCompany(t.ctx.db) });
    const unknown = await store.post('/api/integration/documents', invoiceBody({ orderId: 'ord_nope', companyId: 'cmp_nope' }));
    expect(unknown.status).toBe(422);
    expect((unknown.body as TProblem).errors?.map((error) => error.code).sort()).toEqual(['company_not_found', 'order_not_found']);

    const misplaced = await store.post('/api/integration/documents', invoiceBody({ companyId, locationId: otherCompanysLocation }));
    expect(misplaced.status).toBe(422);
    expect((misplaced.body as TProblem).errors).toEqual([expect.objectContaining({ path: 'locationId', code: 'location_not_in_company' })]);

    const noCustomer = await store.post('/api/integration/documents', invoiceBody({ customer: { customerId: 'cus_nope' } }));
    expect(noCustomer.status).toBe(422);
    expect((noCustomer.body as TProblem).code).toBe('customer_not_found');
  });

  it('the same Idempotency-Key and body answer the same (replayed); another body with it is 409', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = invoiceBody({ customer: { customerId: customer.id } });
    const first = await store.post('/api/integration/documents', body, { idempotencyKey: `doc-${body.number}` });
    const again = await store.post('/api/integration/documents', body, { idempotencyKey: `doc-${body.number}` });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await store.post('/api/integration/documents', { ...body, total: 1 }, { idempotencyKey: `doc-${body.number}` });
    expect(other.status).toBe(409);
    expect((other.body as TProblem).code).toBe('idempotency_key_reused');
  });

  it('needs a key with documents:write: none is 401, a read-only key is 403', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/integration/documents', payload: invoiceBody() });
    expect(anonymous.statusCode).toBe(401);
    const reader = storeClient(t, await newApiKey(t, ['documents:read']));
    expect((await reader.post('/api/integration/documents', invoiceBody())).status).toBe(403);
  });
});

describe('PATCH and GET /api/integration/documents/{documentId}', () => {
  it('paid sets paidAt and keeps it across a later push without a status; used sets usedAt on a credit note; used on an invoice is 422', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = invoiceBody({ customer: { customerId: customer.id } });
    const { id } = (await store.post('/api/integration/documents', body)).body as TDocument;

    const paid = await store.patch(`/api/integration/documents/${id}`, { status: 'paid', payUrl: null });
    expect(paid.status).toBe(200);
    expect((paid.body as TDocument).paidAt).toEqual(expect.any(String));
    const pushedAgain = await store.post('/api/integration/documents', body);
    expect(pushedAgain.body).toMatchObject({ status: 'paid', paidAt: (paid.body as TDocument).paidAt });

    const used = await store.patch(`/api/integration/documents/${id}`, { status: 'used' });
    expect(used.status).toBe(422);
    expect(used.body).toMatchObject({ errors: [{ path: 'status', code: 'status_not_for_kind' }] });

    const note = (await store.post('/api/integration/documents', invoiceBody({ kind: 'credit_note', number: uniqueNumber('AV'), customer: { customerId: customer.id } })))
      .body as TDocument;
    const spent = await store.patch(`/api/integration/documents/${note.id}`, { status: 'used' });
    expect(spent.body).toMatchObject({ status: 'used', usedAt: expect.any(String), paidAt: null });
  });

  it('PATCH changes the amount due and due date; an unknown field is 400; GET answers the document; unknown ids are 404', async () => {
    const customer = await insertSignedInCustomer(t);
    const { id } = (await store.post('/api/integration/documents', invoiceBody({ customer: { customerId: customer.id } }))).body as TDocument;
    const patched = await store.patch(`/api/integration/documents/${id}`, { amountDue: 4000, dueAt: '2026-06-30T00:00:00Z' });
    expect(patched.body).toMatchObject({ dueAt: '2026-06-30T00:00:00.000Z' });
    expect((await stored(id)).amountDue).toBe(4000);
    expect((await store.patch(`/api/integration/documents/${id}`, { total: 1 })).status).toBe(400);

    expect((await store.get(`/api/integration/documents/${id}`)).body).toMatchObject({ id, status: 'open', hasUploadedPdf: false });
    expect((await store.get('/api/integration/documents/doc_nope')).status).toBe(404);
    expect((await store.patch('/api/integration/documents/doc_nope', { status: 'paid' })).status).toBe(404);
  });
});

describe('GET /openapi.json', () => {
  it('documents every documents and payment-methods route, integration ones with the apiKey scheme', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown }>> };
    const expected = [
      ['post', '/api/integration/documents'],
      ['get', '/api/integration/documents/{documentId}'],
      ['patch', '/api/integration/documents/{documentId}'],
      ['put', '/api/integration/documents/{documentId}/pdf'],
      ['put', '/api/integration/customers/{customerId}/payment-methods/{externalId}'],
      ['delete', '/api/integration/customers/{customerId}/payment-methods/{externalId}'],
      ['get', '/api/me/documents'],
      ['get', '/api/me/documents/{documentId}'],
      ['get', '/api/me/documents/{documentId}/pdf'],
      ['get', '/api/me/invoices/outstanding'],
      ['get', '/api/me/payment-methods'],
      ['get', '/api/companies/{companyId}/documents'],
      ['get', '/api/companies/{companyId}/documents/{documentId}'],
      ['get', '/api/companies/{companyId}/documents/{documentId}/pdf'],
    ] as const;
    for (const [method, path] of expected) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      if (path.startsWith('/api/integration/')) expect(spec.paths[path]?.[method]?.security).toEqual([{ apiKey: [] }]);
    }
  });
});
