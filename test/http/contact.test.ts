import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactAttachments } from '../../src/modules/contact/contact.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { insertOrder } from '../support/documents.js';
import { createTestMarket } from '../support/markets.js';
import { newId } from '../../src/platform/ids.js';
import { apiClient, createTestApp, STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
});
afterAll(async () => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const file = (filename: string, contentType: string, bytes: Buffer) => ({ filename, contentType, data: bytes.toString('base64') });

type TThreadBody = {
  id: string;
  status: string;
  unread: boolean;
  order: { id: string } | null;
  messages: { authorKind: string; body: string; staffName?: string | null; attachments: { id: string; filename: string; contentType: string; byteSize: number }[] }[];
};

const question = (overrides: Record<string, unknown> = {}) => ({ topic: 'other', subject: 'Horaires', body: 'Êtes-vous ouverts le dimanche ?', ...overrides });

describe('contact the shop (F5.4)', () => {
  it('a customer writes about an order with a PDF; staff see it unread in the queue, answer; the customer is emailed and sees the answer', async () => {
    const customer = await insertSignedInCustomer(t);
    const order = await insertOrder(t, { customerId: customer.id });
    const created = await customer.client.post(
      '/api/me/contact-threads',
      question({ topic: 'order', subject: 'Colis abîmé', body: 'Le carton est arrivé déchiré.', orderId: order.id, attachments: [file('../../etc/bon de livraison.pdf', 'application/pdf', PDF)] }),
      { token: customer.token },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const thread = created.body as TThreadBody;
    expect(thread).toMatchObject({ status: 'open', order: { id: order.id, number: order.number }, unread: false });
    const [attachment] = thread.messages[0]!.attachments;
    expect(attachment).toMatchObject({ filename: 'bon de livraison.pdf', contentType: 'application/pdf', byteSize: PDF.length });

    const download = await customer.client.get(`/api/me/contact-attachments/${attachment!.id}`, { token: customer.token });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment; filename="bon de livraison\.pdf"/);
    expect(String(download.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(download.raw.rawPayload.equals(PDF)).toBe(true);

    const queue = await owner.client.get('/api/staff/contact-threads', { token: owner.token });
    expect(queue.status).toBe(200);
    const listed = queue.body as { items: (TThreadBody & { customer: { id: string } })[]; unreadCount: number };
    expect(listed.unreadCount).toBeGreaterThanOrEqual(1);
    expect(listed.items.find((item) => item.id === thread.id)).toMatchObject({ unread: true, customer: { id: customer.id } });
    const opened = await owner.client.get(`/api/staff/contact-threads/${thread.id}`, { token: owner.token });
    expect(opened.body).toMatchObject({ unread: false, messages: [{ authorKind: 'customer', body: 'Le carton est arrivé déchiré.' }] });
    const staffFile = await owner.client.get(`/api/staff/contact-attachments/${attachment!.id}`, { token: owner.token });
    expect(staffFile.status).toBe(200);
    expect(staffFile.headers['x-content-type-options']).toBe('nosniff');
    const looked = await owner.client.get(`/api/staff/audit?action=contact.thread_viewed&targetId=${thread.id}`, { token: owner.token });
    expect((looked.body as { items: { details: Record<string, unknown> | null }[] }).items.map((item) => item.details?.attachmentId ?? null)).toContain(attachment!.id);

    const since = t.mail.mark();
    const answered = await owner.client.post(`/api/staff/contact-threads/${thread.id}/messages`, { body: 'Nous vous envoyons un nouveau colis demain.' }, { token: owner.token });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    expect(answered.body).toMatchObject({ status: 'answered', messages: [{}, { authorKind: 'staff', staffName: 'Odile Martin' }] });
    const email = await t.mail.waitForEmail({ to: customer.email, after: since });
    expect(email.subject).toContain('Colis abîmé');
    expect(email.text).toContain('Nous vous envoyons un nouveau colis demain.');
    expect(email.text).toContain(`http://comptoir.test/contact/${thread.id}`);

    const mine = (await customer.client.get('/api/me/contact-threads', { token: customer.token })).body as { items: TThreadBody[] };
    expect(mine.items[0]).toMatchObject({ id: thread.id, status: 'answered', unread: true });
    const read = (await customer.client.get(`/api/me/contact-threads/${thread.id}`, { token: customer.token })).body as TThreadBody;
    expect(read.messages.map((message) => message.authorKind)).toEqual(['customer', 'staff']);
    expect(read.messages[1]).not.toHaveProperty('staffName');
    expect(((await customer.client.get('/api/me/contact-threads', { token: customer.token })).body as { items: TThreadBody[] }).items[0]!.unread).toBe(false);

    const types = (await t.ctx.db.select({ type: webhookEvents.type }).from(webhookEvents).where(eq(webhookEvents.customerId, customer.id))).map((row) => row.type);
    expect(types).toContain('contact.thread_created');
  });

  it('a follow-up reopens a closed thread and is told to the store; staff cannot answer a closed thread (409)', async () => {
    const customer = await insertSignedInCustomer(t);
    const thread = (await customer.client.post('/api/me/contact-threads', question(), { token: customer.token })).body as TThreadBody;
    const closed = await owner.client.post(`/api/staff/contact-threads/${thread.id}/close`, undefined, { token: owner.token });
    expect(closed.body).toMatchObject({ status: 'closed' });
    const refused = await owner.client.post(`/api/staff/contact-threads/${thread.id}/messages`, { body: 'Trop tard.' }, { token: owner.token });
    expect(refused.status).toBe(409);
    const followUp = await customer.client.post(`/api/me/contact-threads/${thread.id}/messages`, { body: 'Et le lundi ?' }, { token: customer.token });
    expect(followUp.status).toBe(201);
    expect(followUp.body).toMatchObject({ status: 'open' });
    const events = await t.ctx.db.select({ type: webhookEvents.type, payload: webhookEvents.payload }).from(webhookEvents).where(eq(webhookEvents.customerId, customer.id));
    expect(events.find((event) => event.type === 'contact.message_received')?.payload).toMatchObject({ threadId: thread.id, reopened: true });
    await owner.client.post(`/api/staff/contact-threads/${thread.id}/close`, undefined, { token: owner.token });
    const reopened = await owner.client.post(`/api/staff/contact-threads/${thread.id}/reopen`, undefined, { token: owner.token });
    expect(reopened.body).toMatchObject({ status: 'open' });
  });

  it('files: too large is 413, not an image nor a PDF is 415, a declared type the bytes contradict is 422, every bad file listed; nothing is written', async () => {
    const customer = await insertSignedInCustomer(t);
    const opts = { token: customer.token };
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await customer.client.post('/api/me/contact-threads', question({ attachments: [file('a.pdf', 'application/pdf', big), file('b.html', 'text/html', Buffer.from('<script>'))] }), opts);
    expect(tooLarge.status).toBe(413);
    expect((tooLarge.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['attachments.0.data', 'attachments.1.contentType']);

    const html = await customer.client.post('/api/me/contact-threads', question({ attachments: [file('page.png', 'image/png', Buffer.from('<html><script>alert(1)</script>'))] }), opts);
    expect(html.status).toBe(415);
    expect(html.body).toMatchObject({ code: 'unsupported_attachment_type', errors: [{ path: 'attachments.0.data' }] });

    const lying = await customer.client.post('/api/me/contact-threads', question({ attachments: [file('photo.jpg', 'image/jpeg', PNG), file('ok.pdf', 'application/pdf', PDF)] }), opts);
    expect(lying.status).toBe(422);
    expect(lying.body).toMatchObject({ code: 'attachment_type_mismatch', errors: [{ path: 'attachments.0.contentType' }] });

    const six = await customer.client.post('/api/me/contact-threads', question({ attachments: Array.from({ length: 6 }, (_, i) => file(`${i}.pdf`, 'application/pdf', PDF)) }), opts);
    expect(six.status).toBe(400);

    const notBase64 = await customer.client.post('/api/me/contact-threads', question({ topic: 'lunch', subject: '', attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', data: '%%%' }] }), opts);
    expect(notBase64.status).toBe(400);
    expect((notBase64.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['attachments.0.data', 'subject', 'topic']);
    expect(await t.ctx.db.select().from(contactAttachments).where(eq(contactAttachments.customerId, customer.id))).toHaveLength(0);

    const png = await customer.client.post('/api/me/contact-threads', question({ attachments: [file('capture', 'image/png', PNG)] }), opts);
    expect(png.status).toBe(201);
    expect((png.body as TThreadBody).messages[0]!.attachments[0]).toMatchObject({ filename: 'capture.png', contentType: 'image/png' });
  });

  it('orders and documents must be mine (422, both listed); threads and files of others are 404', async () => {
    const customer = await insertSignedInCustomer(t);
    const other = await insertSignedInCustomer(t);
    const theirOrder = await insertOrder(t, { customerId: other.id });
    const refused = await customer.client.post('/api/me/contact-threads', question({ topic: 'order', orderId: theirOrder.id, documentId: 'doc_nope' }), { token: customer.token });
    expect(refused.status).toBe(422);
    expect((refused.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['orderId', 'documentId']);

    const thread = (await other.client.post('/api/me/contact-threads', question({ attachments: [file('x.pdf', 'application/pdf', PDF)] }), { token: other.token })).body as TThreadBody;
    expect((await customer.client.get(`/api/me/contact-threads/${thread.id}`, { token: customer.token })).status).toBe(404);
    expect((await customer.client.post(`/api/me/contact-threads/${thread.id}/messages`, { body: 'Intrus' }, { token: customer.token })).status).toBe(404);
    expect((await customer.client.get(`/api/me/contact-attachments/${thread.messages[0]!.attachments[0]!.id}`, { token: customer.token })).status).toBe(404);
    expect((await apiClient(t.app).get('/api/me/contact-threads')).status).toBe(401);
  });

  it('eleven posts in an hour: the eleventh is 429 with Retry-After', async () => {
    const customer = await insertSignedInCustomer(t);
    const first = (await customer.client.post('/api/me/contact-threads', question(), { token: customer.token })).body as TThreadBody;
    for (let i = 0; i < 9; i += 1) {
      expect((await customer.client.post(`/api/me/contact-threads/${first.id}/messages`, { body: `Relance ${i}` }, { token: customer.token })).status).toBe(201);
    }
    const limited = await customer.client.post('/api/me/contact-threads', question(), { token: customer.token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('staff limited to another market see neither the thread in the queue nor the thread itself; read-only staff cannot answer', async () => {
    const customer = await insertSignedInCustomer(t);
    const thread = (await customer.client.post('/api/me/contact-threads', question({ subject: 'Marché par défaut' }), { token: customer.token })).body as TThreadBody;
    const market = await createTestMarket(t, { code: 'ctbe' });
    const support = await inviteStaffMember(t, owner, 'support');
    await owner.client.patch(`/api/staff/users/${support.id}`, { marketIds: [market.id] }, { token: owner.token });
    const queue = (await support.client.get('/api/staff/contact-threads?status=all', { token: support.token })).body as { items: { id: string }[]; unreadCount: number };
    expect(queue.items.map((item) => item.id)).not.toContain(thread.id);
    expect(queue.unreadCount).toBe(0);
    expect((await support.client.get(`/api/staff/contact-threads/${thread.id}`, { token: support.token })).status).toBe(404);
    expect((await support.client.post(`/api/staff/contact-threads/${thread.id}/messages`, { body: 'Non' }, { token: support.token })).status).toBe(404);

    const readOnly = await inviteStaffMember(t, owner, 'read_only');
    expect((await readOnly.client.post(`/api/staff/contact-threads/${thread.id}/messages`, { body: 'Non' }, { token: readOnly.token })).status).toBe(403);
    const audit = await owner.client.get(`/api/staff/audit?action=contact.thread_viewed&targetId=${thread.id}`, { token: owner.token });
    expect(audit.status).toBe(200);
  });
});

describe('contact attachments in a directory (CONTACT_ATTACHMENTS_DIR)', () => {
  it('are written as files named by their id, not kept in the database, served the same way, and removed by the housekeeping once their account is erased', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'comptoir-contact-'));
    const app = await createTestApp({ env: { CONTACT_ATTACHMENTS_DIR: directory } });
    try {
      const customer = await insertSignedInCustomer(app);
      const created = await customer.client.post('/api/me/contact-threads', question({ attachments: [file('plan.pdf', 'application/pdf', PDF)] }), { token: customer.token });
      expect(created.status).toBe(201);
      const id = (created.body as TThreadBody).messages[0]!.attachments[0]!.id;
      const [row] = await app.ctx.db.select().from(contactAttachments).where(eq(contactAttachments.id, id));
      expect(row).toMatchObject({ data: null, storageKey: id });
      expect(await readdir(directory)).toEqual([id]);
      expect((await readFile(path.join(directory, id))).equals(PDF)).toBe(true);
      const download = await customer.client.get(`/api/me/contact-attachments/${id}`, { token: customer.token });
      expect(download.raw.rawPayload.equals(PDF)).toBe(true);

      // Erased, the account's rows cascade; the hourly housekeeping removes the file no row names
      // once it is an hour old, and leaves a file still being written (younger) alone.
      const erased = await app.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${customer.token}` }, payload: { password: STRONG_PASSWORD } });
      expect(erased.statusCode).toBe(204);
      const anHourAgo = new Date(Date.now() - 2 * 3_600_000);
      await utimes(path.join(directory, id), anHourAgo, anHourAgo);
      const young = newId('cta');
      await writeFile(path.join(directory, young), PDF);
      await app.runtime.housekeeping.runOnce();
      expect(await readdir(directory)).toEqual([young]);
    } finally {
      await app.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
