import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/modules/messages/messages.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { insertCompany, insertMember, insertSignedInCustomer } from '../support/company-fixtures.js';
import { invoiceBody } from '../support/documents.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let store: TStoreClient;

beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  store = storeClient(t, await newApiKey(t, ['messages:write', 'documents:write']));
});
afterAll(async () => t.close());

type TMessageBody = { id: string; subject: string; readAt: string | null; archivedAt: string | null; attachments: { documentId: string }[] };

async function pushInvoice(customer: { email: string } | null, companyId?: string): Promise<string> {
  const response = await store.post('/api/integration/documents', invoiceBody(customer ? { customer: { email: customer.email } } : { companyId }));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return (response.body as { id: string }).id;
}

const sendByStaff = (customerId: string, body: Record<string, unknown>, staff = owner) =>
  staff.client.post(`/api/staff/customers/${customerId}/messages`, body, { token: staff.token });

describe('messages from the shop (F5.2)', () => {
  it('staff send a message: it is in the inbox, unread, counted, emailed with its text; reading it drops the count and staff see when', async () => {
    const customer = await insertSignedInCustomer(t);
    const since = t.mail.mark();
    const sent = await sendByStaff(customer.id, { subject: 'Votre commande est prête', body: 'Bonjour,\n\nVotre commande vous attend en magasin.' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const { messages: [message] } = sent.body as { batchId: string; messages: { id: string; readAt: null; notifiedAt: string }[] };
    expect(message!.notifiedAt).not.toBeNull();

    const email = await t.mail.waitForEmail({ to: customer.email, after: since });
    expect(email.subject).toContain('Votre commande est prête');
    expect(email.text).toContain('Votre commande vous attend en magasin.');
    expect(email.text).toContain(`http://comptoir.test/messages/${message!.id}`);

    const count = await customer.client.get('/api/me/messages/unread-count', { token: customer.token });
    expect(count.body).toEqual({ unreadCount: 1 });
    const inbox = await customer.client.get('/api/me/messages?status=unread', { token: customer.token });
    expect(inbox.body).toMatchObject({ unreadCount: 1, nextCursor: null, items: [{ id: message!.id, subject: 'Votre commande est prête', senderKind: 'staff', readAt: null }] });

    const read = await customer.client.post(`/api/me/messages/${message!.id}/read`, undefined, { token: customer.token });
    expect(read.status).toBe(200);
    const readAt = (read.body as TMessageBody).readAt;
    expect(readAt).not.toBeNull();
    // Reading again keeps the first time.
    const again = await customer.client.post(`/api/me/messages/${message!.id}/read`, undefined, { token: customer.token });
    expect((again.body as TMessageBody).readAt).toBe(readAt);
    expect((await customer.client.get('/api/me/messages/unread-count', { token: customer.token })).body).toEqual({ unreadCount: 0 });

    const seen = await owner.client.get(`/api/staff/customers/${customer.id}/messages`, { token: owner.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ items: [{ id: message!.id, readAt, sender: { kind: 'staff', staffName: 'Odile Martin' } }] });

    const events = await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.type, 'message.read'), eq(webhookEvents.customerId, customer.id)));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ messageId: message!.id, customerId: customer.id });
  });

  it('unread, archive and unarchive move the message between the lists and the count', async () => {
    const customer = await insertSignedInCustomer(t);
    const sent = await sendByStaff(customer.id, { subject: 'Inventaire', body: 'Le magasin ferme samedi.' });
    const id = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
    const opts = { token: customer.token };
    await customer.client.post(`/api/me/messages/${id}/read`, undefined, opts);
    await customer.client.post(`/api/me/messages/${id}/unread`, undefined, opts);
    expect((await customer.client.get('/api/me/messages/unread-count', opts)).body).toEqual({ unreadCount: 1 });
    const archived = await customer.client.post(`/api/me/messages/${id}/archive`, undefined, opts);
    expect((archived.body as TMessageBody).archivedAt).not.toBeNull();
    expect((await customer.client.get('/api/me/messages/unread-count', opts)).body).toEqual({ unreadCount: 0 });
    expect(((await customer.client.get('/api/me/messages', opts)).body as { items: unknown[] }).items).toHaveLength(0);
    expect(((await customer.client.get('/api/me/messages?status=archived', opts)).body as { items: TMessageBody[] }).items.map((item) => item.id)).toEqual([id]);
    await customer.client.post(`/api/me/messages/${id}/unarchive`, undefined, opts);
    expect(((await customer.client.get('/api/me/messages', opts)).body as { items: TMessageBody[] }).items.map((item) => item.id)).toEqual([id]);
  });

  it('someone else’s message is 404 everywhere, and an unknown status is a 400', async () => {
    const owner1 = await insertSignedInCustomer(t);
    const other = await insertSignedInCustomer(t);
    const id = ((await sendByStaff(owner1.id, { subject: 'Privé', body: 'Pour vous seul.' })).body as { messages: { id: string }[] }).messages[0]!.id;
    expect((await other.client.get(`/api/me/messages/${id}`, { token: other.token })).status).toBe(404);
    expect((await other.client.post(`/api/me/messages/${id}/read`, undefined, { token: other.token })).status).toBe(404);
    expect((await other.client.post(`/api/me/messages/${id}/archive`, undefined, { token: other.token })).status).toBe(404);
    const bad = await other.client.get('/api/me/messages?status=spam', { token: other.token });
    expect(bad.status).toBe(400);
    expect((await apiClient(t.app).get('/api/me/messages/unread-count')).status).toBe(401);
  });

  it('without_text sends "you have a new message" without subject nor body; off sends nothing; the inbox has both', async () => {
    const quiet = await insertSignedInCustomer(t);
    const opts = { token: quiet.token };
    expect((await quiet.client.get('/api/me/message-preferences', opts)).body).toEqual({ notification: 'with_text' });
    const set = await quiet.client.put('/api/me/message-preferences', { notification: 'without_text' }, opts);
    expect(set.body).toEqual({ notification: 'without_text' });
    const since = t.mail.mark();
    await sendByStaff(quiet.id, { subject: 'Code promo secret ZX81', body: 'Votre remise confidentielle est de 40 %.' });
    const email = await t.mail.waitForEmail({ to: quiet.email, after: since });
    expect(email.subject).toMatch(/nouveau message/);
    expect(email.subject).not.toContain('ZX81');
    expect(email.text).not.toContain('ZX81');
    expect(email.text).not.toContain('40 %');
    expect(email.html).not.toContain('ZX81');

    await quiet.client.put('/api/me/message-preferences', { notification: 'off' }, opts);
    const sent = await sendByStaff(quiet.id, { subject: 'Sans e-mail', body: 'Rien ne part.' });
    expect((sent.body as { messages: { notifiedAt: string | null }[] }).messages[0]!.notifiedAt).toBeNull();
    const written = await t.ctx.db.select({ subject: outboundEmails.subject }).from(outboundEmails).where(eq(outboundEmails.customerId, quiet.id));
    expect(written).toHaveLength(1);
    expect(((await quiet.client.get('/api/me/messages', opts)).body as { items: unknown[] }).items).toHaveLength(2);

    const invalid = await quiet.client.put('/api/me/message-preferences', { notification: 'sometimes' }, opts);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('notification');
  });

  it('attachments must be the customer’s documents in the market: every bad id is listed with 422 and nothing is sent', async () => {
    const customer = await insertSignedInCustomer(t);
    const other = await insertSignedInCustomer(t);
    const mine = await pushInvoice(customer);
    const theirs = await pushInvoice(other);
    const refused = await sendByStaff(customer.id, { subject: 'Factures', body: 'Ci-joint.', attachmentDocumentIds: [mine, theirs, 'doc_unknown'] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'invalid_attachment' });
    expect((refused.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['attachmentDocumentIds.1', 'attachmentDocumentIds.2']);
    expect(await t.ctx.db.select().from(messages).where(eq(messages.customerId, customer.id))).toHaveLength(0);

    const sent = await sendByStaff(customer.id, { subject: 'Factures', body: 'Ci-joint.', attachmentDocumentIds: [mine] });
    expect(sent.status).toBe(201);
    const [item] = ((await customer.client.get('/api/me/messages', { token: customer.token })).body as { items: TMessageBody[] }).items;
    expect(item!.attachments).toMatchObject([{ documentId: mine, kind: 'invoice', companyId: null }]);
    const attachable = await owner.client.get(`/api/staff/customers/${customer.id}/message-attachments`, { token: owner.token });
    expect((attachable.body as { items: { id: string }[] }).items.map((document) => document.id)).toEqual([mine]);
  });

  it('a message to a company reaches every current member, one row each under one batch id, with the company’s documents only', async () => {
    const companyId = await insertCompany(t.ctx.db, { name: 'Papeterie Lenoir' });
    const admin = await insertSignedInCustomer(t);
    const colleague = await insertSignedInCustomer(t);
    await insertMember(t.ctx.db, { companyId, customerId: admin.id, role: 'admin' });
    await insertMember(t.ctx.db, { companyId, customerId: colleague.id });
    const companyInvoice = await pushInvoice(null, companyId);
    const personal = await pushInvoice(admin);

    const refused = await owner.client.post(`/api/staff/companies/${companyId}/messages`, { subject: 'Relevé', body: 'Voici.', attachmentDocumentIds: [personal] }, { token: owner.token });
    expect(refused.status).toBe(422);
    const sent = await owner.client.post(`/api/staff/companies/${companyId}/messages`, { subject: 'Relevé', body: 'Voici.', attachmentDocumentIds: [companyInvoice] }, { token: owner.token });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const batch = sent.body as { batchId: string; messages: { customer: { id: string }; batchId: string }[] };
    expect(batch.messages.map((message) => message.customer.id).sort()).toEqual([admin.id, colleague.id].sort());
    expect(new Set(batch.messages.map((message) => message.batchId))).toEqual(new Set([batch.batchId]));

    const colleagueInbox = (await colleague.client.get('/api/me/messages', { token: colleague.token })).body as { items: (TMessageBody & { company: { name: string } })[] };
    expect(colleagueInbox.items[0]).toMatchObject({ company: { id: companyId, name: 'Papeterie Lenoir' }, attachments: [{ documentId: companyInvoice, companyId }] });
    // Each colleague reads on their own.
    await colleague.client.post(`/api/me/messages/${colleagueInbox.items[0]!.id}/read`, undefined, { token: colleague.token });
    const listed = (await owner.client.get(`/api/staff/companies/${companyId}/messages`, { token: owner.token })).body as { items: { customer: { id: string }; readAt: string | null }[] };
    expect(Object.fromEntries(listed.items.map((item) => [item.customer.id, item.readAt !== null]))).toEqual({ [admin.id]: false, [colleague.id]: true });

    const empty = await insertCompany(t.ctx.db);
    const none = await owner.client.post(`/api/staff/companies/${empty}/messages`, { subject: 'Personne', body: 'Rien.' }, { token: owner.token });
    expect(none.status).toBe(422);
    expect(none.body).toMatchObject({ code: 'no_recipients' });
  });

  it('staff: a read-only member cannot send (403), a member limited to another market gets 404, every send is audited, bad bodies list every field', async () => {
    const customer = await insertSignedInCustomer(t);
    const readOnly = await inviteStaffMember(t, owner, 'read_only');
    expect((await sendByStaff(customer.id, { subject: 'Non', body: 'Non.' }, readOnly)).status).toBe(403);
    expect((await readOnly.client.get(`/api/staff/customers/${customer.id}/messages`, { token: readOnly.token })).status).toBe(200);

    const market = await createTestMarket(t, { code: 'msgbe' });
    const support = await inviteStaffMember(t, owner, 'support');
    const limited = await owner.client.patch(`/api/staff/users/${support.id}`, { marketIds: [market.id] }, { token: owner.token });
    expect(limited.status, JSON.stringify(limited.body)).toBe(200);
    expect((await sendByStaff(customer.id, { subject: 'Hors marché', body: 'Non.' }, support)).status).toBe(404);
    expect((await support.client.get(`/api/staff/customers/${customer.id}/messages`, { token: support.token })).status).toBe(404);

    const bad = await sendByStaff(customer.id, { subject: ' ', body: '', attachmentDocumentIds: 'doc' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['attachmentDocumentIds', 'body', 'subject']);

    await sendByStaff(customer.id, { subject: 'Audité', body: 'Oui.' });
    const audit = await owner.client.get(`/api/staff/audit?action=message.sent&targetId=${customer.id}`, { token: owner.token });
    expect((audit.body as { items: { details: { batchId: string } }[] }).items[0]!.details.batchId).toMatch(/^mbt_/);
  });

  it('the store sends by address, card or id in its key’s market, to a company too; unknown recipients are 422, no guest account is made; Idempotency-Key replays', async () => {
    const customer = await insertSignedInCustomer(t);
    const byEmail = await store.post('/api/integration/messages', { customer: { email: customer.email }, subject: 'Votre carte', body: 'Vos points sont crédités.' });
    expect(byEmail.status, JSON.stringify(byEmail.body)).toBe(201);
    expect(byEmail.body).toMatchObject({ messages: [{ senderKind: 'store', customer: { id: customer.id }, sender: { kind: 'store', staffId: null } }] });

    const unknown = await store.post('/api/integration/messages', { customer: { email: 'nobody.here@example.fr' }, subject: 'X', body: 'Y' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'recipient_not_found', errors: [{ path: 'customer.email' }] });

    const both = await store.post('/api/integration/messages', { subject: 'X', body: 'Y' });
    expect(both.status).toBe(400);

    const key = 'msg-replay-1';
    const first = await store.post('/api/integration/messages', { customer: { customerId: customer.id }, subject: 'Une fois', body: 'Une seule.' }, { idempotencyKey: key });
    const replay = await store.post('/api/integration/messages', { customer: { customerId: customer.id }, subject: 'Une fois', body: 'Une seule.' }, { idempotencyKey: key });
    expect(replay.status).toBe(201);
    expect(replay.raw.body).toBe(first.raw.body);
    const rows = await t.ctx.db.select().from(messages).where(and(eq(messages.customerId, customer.id), eq(messages.subject, 'Une fois')));
    expect(rows).toHaveLength(1);

    // Another market's store sees nobody of this one.
    const market = await createTestMarket(t, { code: 'msgstore' });
    const elsewhere = storeClient(t, await newApiKey(t, ['messages:write'], 'other till', market.id));
    const foreign = await elsewhere.post('/api/integration/messages', { customer: { customerId: customer.id }, subject: 'X', body: 'Y' });
    expect(foreign.status).toBe(422);

    const noScope = storeClient(t, await newApiKey(t, ['documents:write']));
    expect((await noScope.post('/api/integration/messages', { customer: { customerId: customer.id }, subject: 'X', body: 'Y' })).status).toBe(403);
  });
});
