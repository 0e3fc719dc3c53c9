import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { documentFiles } from '../../src/modules/documents/documents.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { invoiceBody, pdfText, samplePdf, uniqueNumber } from '../support/documents.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
let store: TStoreClient;
let key: string;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'Papeterie Lumière' } });
  key = await newApiKey(t, ['documents:write']);
  store = storeClient(t, key);
});
afterAll(async () => {
  await t.close();
});

type TActor = Awaited<ReturnType<typeof insertSignedInCustomer>>;

async function pushDocument(customerId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const body = invoiceBody({ customer: { customerId }, ...overrides });
  const response = await store.post('/api/integration/documents', body);
  if (response.status !== 201) throw new Error(`push answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: (response.body as { id: string }).id, number: String(body.number) };
}

/** PUT raw bytes with the store's key, as its systems would upload a file. */
function upload(documentId: string, content: Buffer, options: { contentType?: string; idempotencyKey?: string } = {}) {
  return t.app.inject({
    method: 'PUT',
    url: `/api/integration/documents/${documentId}/pdf`,
    payload: content,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': options.contentType ?? 'application/pdf',
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    },
  });
}

function download(actor: TActor, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${actor.token}` } });
}

describe('PUT /api/integration/documents/{documentId}/pdf', () => {
  it('keeps the uploaded PDF with its size and digest; the customer downloads the very same bytes', async () => {
    const customer = await insertSignedInCustomer(t);
    const document = await pushDocument(customer.id);
    const pdf = samplePdf();
    const uploaded = await upload(document.id, pdf);
    expect(uploaded.statusCode).toBe(204);
    const [file] = await t.ctx.db.select().from(documentFiles).where(eq(documentFiles.documentId, document.id));
    expect(file).toMatchObject({ sizeBytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), contentType: 'application/pdf' });

    const response = await download(customer, `/api/me/documents/${document.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect((await store.get(`/api/integration/documents/${document.id}`)).body).toMatchObject({ hasUploadedPdf: true });
  });

  it('an upload retried with the same Idempotency-Key is replayed (204); another file with that key is 409', async () => {
    const customer = await insertSignedInCustomer(t);
    const document = await pushDocument(customer.id);
    const pdf = samplePdf();
    expect((await upload(document.id, pdf, { idempotencyKey: `pdf-${document.id}` })).statusCode).toBe(204);
    const replay = await upload(document.id, pdf, { idempotencyKey: `pdf-${document.id}` });
    expect(replay.statusCode).toBe(204);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const other = await upload(document.id, samplePdf(), { idempotencyKey: `pdf-${document.id}` });
    expect(other.statusCode).toBe(409);
  });

  it.each([
    { name: 'text/plain', contentType: 'text/plain', content: Buffer.from('%PDF-1.7 but as text'), status: 415, code: 'unsupported_media_type' },
    { name: 'JSON', contentType: 'application/json', content: Buffer.from('{"pdf":"%PDF-"}'), status: 415, code: 'unsupported_media_type' },
    { name: 'bytes that are not a PDF', contentType: 'application/pdf', content: Buffer.from('GIF89a……'), status: 422, code: 'not_a_pdf' },
    { name: 'a file over 10 MB', contentType: 'application/pdf', content: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]), status: 413, code: 'payload_too_large' },
  ])('refuses $name: $status $code', async ({ contentType, content, status, code }) => {
    const customer = await insertSignedInCustomer(t);
    const document = await pushDocument(customer.id);
    const response = await upload(document.id, content, { contentType });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ code });
    if (status === 413) expect(response.json()).toMatchObject({ detail: expect.stringContaining('10 MB') });
    expect(await t.ctx.db.select({ id: documentFiles.documentId }).from(documentFiles).where(eq(documentFiles.documentId, document.id))).toEqual([]);
  });

  it('an upload for an unknown document is 404; without a key it is 401 before the body is read', async () => {
    expect((await upload('doc_nope', samplePdf())).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'PUT', url: '/api/integration/documents/doc_nope/pdf', payload: samplePdf(), headers: { 'content-type': 'application/pdf' } });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('GET /api/me/documents/{documentId}/pdf (rendered)', () => {
  it('without an upload, Comptoir draws an A4 PDF with the shop’s name, the title in the customer’s language and the number', async () => {
    const customer = await insertSignedInCustomer(t);
    const document = await pushDocument(customer.id);
    const response = await download(customer, `/api/me/documents/${document.id}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers['content-disposition']).toBe(`inline; filename="invoice-${document.number}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(response.rawPayload);
    for (const expected of ['Papeterie Lumière', 'Facture', document.number, 'Ramette A4 80 g', '120,00\u00a0€', 'Lyon']) expect(text).toContain(expected);
    expect(text).not.toContain('PAYÉ');
  });

  it('in English for an English-speaking customer, with money written the English way', async () => {
    const customer = await insertSignedInCustomer(t);
    await t.ctx.db.update(customers).set({ locale: 'en' }).where(eq(customers.id, customer.id));
    const document = await pushDocument(customer.id, { kind: 'credit_note', number: uniqueNumber('AV'), status: 'used' });
    const text = pdfText((await download(customer, `/api/me/documents/${document.id}/pdf`)).rawPayload);
    for (const expected of ['Credit note', document.number, '€120.00', 'USED']) expect(text).toContain(expected);
  });

  it('?download=1 makes it an attachment', async () => {
    const customer = await insertSignedInCustomer(t);
    const document = await pushDocument(customer.id);
    const response = await download(customer, `/api/me/documents/${document.id}/pdf?download=1`);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="invoice-FA-[0-9A-F]+\.pdf"$/);
  });

  it('a paid purchase order is stamped PAYÉ and a used credit note UTILISÉ', async () => {
    const customer = await insertSignedInCustomer(t);
    const order = await pushDocument(customer.id, { kind: 'purchase_order', number: uniqueNumber('BC'), status: 'paid' });
    const note = await pushDocument(customer.id, { kind: 'credit_note', number: uniqueNumber('AV'), status: 'used' });
    const orderText = pdfText((await download(customer, `/api/me/documents/${order.id}/pdf`)).rawPayload);
    expect(orderText).toContain('Bon de commande');
    expect(orderText).toContain('PAYÉ');
    const noteText = pdfText((await download(customer, `/api/me/documents/${note.id}/pdf`)).rawPayload);
    expect(noteText).toContain('Avoir');
    expect(noteText).toContain('UTILISÉ');
  });

  it('another customer gets 404 for the PDF and the detail, uploaded or not', async () => {
    const [owner, stranger] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    const drawn = await pushDocument(owner.id);
    const uploaded = await pushDocument(owner.id);
    await upload(uploaded.id, samplePdf());
    for (const document of [drawn, uploaded]) {
      expect((await download(stranger, `/api/me/documents/${document.id}/pdf`)).statusCode).toBe(404);
      expect((await download(stranger, `/api/me/documents/${document.id}`)).statusCode).toBe(404);
    }
  });
});
