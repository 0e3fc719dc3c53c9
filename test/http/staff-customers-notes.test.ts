import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerNotes } from '../../src/modules/customer-admin/customer-admin.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';
import { newStore, orderBody, pushOrder } from './orders-fixtures.js';
import { inviteStaffMember, setUpFirstOwner, signInStaffMember, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
let support: TStaff;
let readOnly: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  admin = await inviteStaffMember(t, owner, 'administrator');
  support = await inviteStaffMember(t, owner, 'support');
  readOnly = await inviteStaffMember(t, owner, 'read_only');
});
afterAll(async () => {
  await t.close();
});

type TNote = { id: string; body: string; author: { id: string; name: string } | null; createdAt: string };
type TPage<T> = { items: T[]; nextCursor: string | null };
const UNKNOWN = 'cus_01jzzzzzzzzzzzzzzzzzzzzzzz';

async function auditActionsOf(customerId: string): Promise<{ action: string; staffId: string | null; details: unknown }[]> {
  return t.ctx.db
    .select({ action: staffAuditEvents.action, staffId: staffAuditEvents.staffId, details: staffAuditEvents.details })
    .from(staffAuditEvents)
    .where(and(eq(staffAuditEvents.targetType, 'customer'), eq(staffAuditEvents.targetId, customerId)))
    .orderBy(asc(staffAuditEvents.id));
}

async function addNote(staff: TStaff, customerId: string, body: string): Promise<TNote> {
  const response = await staff.client.post(`/api/staff/customers/${customerId}/notes`, { body }, { token: staff.token });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TNote;
}

describe('staff notes (F2.5)', () => {
  it('support adds notes; another staff session lists them newest first with their author, in keyset pages; every look is audited', async () => {
    const customer = await registerVerifiedCustomer(t);
    const first = await addNote(support, customer.customerId, '  Préfère être appelée le matin.  ');
    expect(first).toMatchObject({ body: 'Préfère être appelée le matin.', author: { id: support.id, name: 'Équipe support' } });
    const second = await addNote(admin, customer.customerId, 'Client fidèle depuis 2009.');

    const otherSession = await signInStaffMember(t, owner);
    const page1 = await owner.client.get(`/api/staff/customers/${customer.customerId}/notes?limit=1`, { token: otherSession });
    expect(page1.status).toBe(200);
    const body1 = page1.body as TPage<TNote>;
    expect(body1.items.map((note) => note.id)).toEqual([second.id]);
    expect(body1.nextCursor).toEqual(expect.any(String));
    const page2 = await readOnly.client.get(`/api/staff/customers/${customer.customerId}/notes?limit=1&cursor=${body1.nextCursor}`, { token: readOnly.token });
    expect((page2.body as TPage<TNote>).items.map((note) => note.id)).toEqual([first.id]);

    const actions = await auditActionsOf(customer.customerId);
    expect(actions.filter((event) => event.action === 'customer.note_added').map((event) => event.staffId)).toEqual([support.id, admin.id]);
    expect(actions.filter((event) => event.action === 'customer.notes_viewed').map((event) => event.staffId)).toEqual([owner.id, readOnly.id]);
    expect(JSON.stringify(actions)).not.toContain('matin');
  });

  it('a note is 1–5000 characters; read-only staff cannot write; unknown customer 404', async () => {
    const customer = await registerVerifiedCustomer(t);
    const blank = await support.client.post(`/api/staff/customers/${customer.customerId}/notes`, { body: '   ' }, { token: support.token });
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ errors: [{ path: 'body' }] });
    const long = await support.client.post(`/api/staff/customers/${customer.customerId}/notes`, { body: 'x'.repeat(5001) }, { token: support.token });
    expect(long.status).toBe(400);
    await addNote(support, customer.customerId, 'y'.repeat(5000));
    expect((await readOnly.client.post(`/api/staff/customers/${customer.customerId}/notes`, { body: 'Non' }, { token: readOnly.token })).status).toBe(403);
    expect((await support.client.post(`/api/staff/customers/${UNKNOWN}/notes`, { body: 'Non' }, { token: support.token })).status).toBe(404);
    expect((await support.client.get(`/api/staff/customers/${UNKNOWN}/notes`, { token: support.token })).status).toBe(404);
  });

  it('DELETE: the author deletes their own note; another support member gets 403; an administrator deletes anyone’s; unknown notes 404', async () => {
    const customer = await registerVerifiedCustomer(t);
    const other = await registerVerifiedCustomer(t);
    const colleague = await inviteStaffMember(t, owner, 'support');
    const mine = await addNote(support, customer.customerId, 'Note de support');
    const theirs = await addNote(support, customer.customerId, 'Autre note de support');
    expect((await colleague.client.delete(`/api/staff/customers/${customer.customerId}/notes/${mine.id}`, { token: colleague.token })).status).toBe(403);
    expect((await readOnly.client.delete(`/api/staff/customers/${customer.customerId}/notes/${mine.id}`, { token: readOnly.token })).status).toBe(403);
    // Another customer's path does not reach the note.
    expect((await support.client.delete(`/api/staff/customers/${other.customerId}/notes/${mine.id}`, { token: support.token })).status).toBe(404);
    expect((await support.client.delete(`/api/staff/customers/${customer.customerId}/notes/${mine.id}`, { token: support.token })).status).toBe(204);
    expect((await admin.client.delete(`/api/staff/customers/${customer.customerId}/notes/${theirs.id}`, { token: admin.token })).status).toBe(204);
    expect((await admin.client.delete(`/api/staff/customers/${customer.customerId}/notes/${theirs.id}`, { token: admin.token })).status).toBe(404);
    expect(await t.ctx.db.select().from(customerNotes).where(eq(customerNotes.customerId, customer.customerId))).toEqual([]);
    const deleted = (await auditActionsOf(customer.customerId)).filter((event) => event.action === 'customer.note_deleted');
    expect(deleted.map((event) => [event.staffId, event.details])).toEqual([
      [support.id, { noteId: mine.id, ownNote: true }],
      [admin.id, { noteId: theirs.id, ownNote: false }],
    ]);
  });

  it('never reaches the customer (GET /api/me, emails) but is in their own export as staffNotes, and goes with the account on erasure', async () => {
    const customer = await registerVerifiedCustomer(t);
    const text = `Remarque interne ${Date.now()}`;
    const note = await addNote(support, customer.customerId, text);
    const me = await customer.client.get('/api/me', { token: customer.token });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).not.toContain(text);
    const emails = await customer.client.get('/api/me/emails', { token: customer.token });
    expect(JSON.stringify(emails.body)).not.toContain(text);
    const exported = await customer.client.get('/api/me/export', { token: customer.token });
    expect(exported.status).toBe(200);
    const document = exported.body as { sections: { staffNotes: { id: string; body: string }[] }; processing: { sections: { section: string }[] } };
    expect(document.sections.staffNotes).toEqual([expect.objectContaining({ id: note.id, body: text })]);
    expect(JSON.stringify(document.sections.staffNotes)).not.toContain(support.id);

    const erased = await t.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: { authorization: `Bearer ${customer.token}`, 'x-forwarded-for': customer.client.ip },
      payload: { password: customer.password },
    });
    expect(erased.statusCode, erased.body).toBe(204);
    expect(await t.ctx.db.select().from(customerNotes).where(eq(customerNotes.id, note.id))).toEqual([]);
    expect((await support.client.get(`/api/staff/customers/${customer.customerId}/notes`, { token: support.token })).status).toBe(404);
  });
});

describe('the customer’s data, one audited view each', () => {
  it('emails, consents, sessions, security events and orders: read-only staff may look; each look has its own audit action', async () => {
    const customer = await registerVerifiedCustomer(t);
    await customer.client.patch('/api/me/preferences', { newsletterEmail: true }, { token: customer.token });
    const store = await newStore(t);
    const order = await pushOrder(store, orderBody({ customerId: customer.customerId }));
    const base = `/api/staff/customers/${customer.customerId}`;
    const get = (path: string) => readOnly.client.get(`${base}${path}`, { token: readOnly.token });

    const emails = await get('/emails');
    expect(emails.status).toBe(200);
    const emailItems = (emails.body as TPage<{ template: string; to: string; subject: string; status: string }>).items;
    expect(emailItems.at(-1)).toMatchObject({ template: 'verify_email', to: customer.email, subject: expect.any(String) });

    const consents = await get('/consents');
    expect(consents.status).toBe(200);
    expect((consents.body as TPage<{ purpose: string; granted: boolean; source: string }>).items).toEqual([
      expect.objectContaining({ purpose: 'newsletter_email', granted: true, source: 'account_page' }),
    ]);

    const sessions = await get('/sessions');
    expect(sessions.status).toBe(200);
    expect((sessions.body as TPage<{ current: boolean; ip: string | null }>).items).toEqual([expect.objectContaining({ current: true, endedAt: null })]);

    const events = await get('/security-events');
    expect(events.status).toBe(200);
    expect((events.body as TPage<{ type: string }>).items.map((event) => event.type)).toEqual(expect.arrayContaining(['email_verified', 'sign_in_succeeded']));

    const orders = await get('/orders?limit=10');
    expect(orders.status).toBe(200);
    expect(orders.body).toMatchObject({ items: [{ id: order.id }], nextCursor: null });

    const detail = await get('');
    expect(detail.body).toMatchObject({ counts: { orders: 1, notes: 0 } });

    const actions = (await auditActionsOf(customer.customerId)).map((event) => [event.action, event.staffId]);
    expect(actions).toEqual([
      ['customer.emails_viewed', readOnly.id],
      ['customer.consents_viewed', readOnly.id],
      ['customer.sessions_viewed', readOnly.id],
      ['customer.security_events_viewed', readOnly.id],
      ['customer.orders_viewed', readOnly.id],
      ['customer.viewed', readOnly.id],
    ]);
  });

  it('pages are keyset pages; an unknown customer is 404 for every view, with nothing audited', async () => {
    const customer = await registerVerifiedCustomer(t);
    const page1 = await support.client.get(`/api/staff/customers/${customer.customerId}/security-events?limit=1`, { token: support.token });
    const first = page1.body as TPage<{ id: string }>;
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const page2 = await support.client.get(`/api/staff/customers/${customer.customerId}/security-events?limit=1&cursor=${first.nextCursor}`, { token: support.token });
    expect((page2.body as TPage<{ id: string }>).items[0]!.id < first.items[0]!.id).toBe(true);
    for (const view of ['emails', 'consents', 'sessions', 'security-events', 'orders', 'notes']) {
      const response = await support.client.get(`/api/staff/customers/${UNKNOWN}/${view}`, { token: support.token });
      expect(response.status, view).toBe(404);
    }
    expect(await auditActionsOf(UNKNOWN)).toEqual([]);
    const bad = await support.client.get(`/api/staff/customers/${customer.customerId}/emails?cursor=nope`, { token: support.token });
    expect(bad.status).toBe(400);
  });
});
