import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { accountErasures, customers } from '../../src/modules/customers/customers.tables.js';
import { documentFiles, documents } from '../../src/modules/documents/documents.tables.js';
import { orders, returnRequests } from '../../src/modules/orders/orders.tables.js';
import { privacyRequests } from '../../src/modules/privacy/privacy-requests.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { insertCompany, insertMember } from '../support/company-fixtures.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createFilledCustomer, textColumns, type TFilledCustomer, whereFound } from '../support/personal-data.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  admin = await inviteStaffMember(t, owner, 'administrator');
});
afterAll(async () => {
  await t.close();
});

const GOODBYE = /supprimé|deleted/i;



async function recordRequest(customerId: string, kind: 'export' | 'erasure'): Promise<string> {
  const response = await owner.client.post('/api/staff/privacy-requests', { customerId, kind, channel: 'email' }, { token: owner.token });
  expect(response.status).toBe(201);
  return (response.body as { id: string }).id;
}

async function auditRows(action: string, targetId: string) {
  return t.ctx.db
    .select()
    .from(staffAuditEvents)
    .where(and(eq(staffAuditEvents.action, action), eq(staffAuditEvents.targetId, targetId)))
    .orderBy(asc(staffAuditEvents.id));
}

function staffExport(staff: TStaff, customerId: string, requestId?: string) {
  return staff.client.get(`/api/staff/customers/${customerId}/export${requestId ? `?requestId=${requestId}` : ''}`, { token: staff.token });
}

function staffErase(staff: TStaff, customerId: string, body: Record<string, unknown>) {
  return staff.client.post(`/api/staff/customers/${customerId}/erase`, body, { token: staff.token });
}

type TDocument = { format: string; version: number; generatedAt: string; customerId: string; controller: unknown; sections: Record<string, unknown>; processing: unknown };

describe('GET /api/staff/customers/:customerId/export', () => {
  let filled: TFilledCustomer;
  beforeAll(async () => {
    filled = await createFilledCustomer(t);
  });

  it('answers the same document as the customer’s own GET /api/me/export: same sections, same content, as a no-store attachment', async () => {
    const own = await filled.client.get('/api/me/export', { token: filled.token });
    expect(own.status).toBe(200);
    const response = await staffExport(owner, filled.customerId);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="comptoir-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(response.headers['cache-control']).toBe('no-store');

    const [mine, theirs] = [JSON.parse(own.raw.body), JSON.parse(response.raw.body)] as TDocument[];
    expect(Object.keys(theirs!).sort()).toEqual(Object.keys(mine!).sort());
    expect(Object.keys(theirs!.sections).sort()).toEqual(Object.keys(mine!.sections).sort());
    const { generatedAt: _a, sections: sectionsMine, ...restMine } = mine!;
    const { generatedAt: _b, sections: sectionsTheirs, ...restTheirs } = theirs!;
    expect(restTheirs).toEqual(restMine);
    expect(restTheirs).toMatchObject({ customerId: filled.customerId, format: 'comptoir.personal-data-export' });
    // Each section identical; only the security log grew, by the staff's export itself.
    const { securityEvents: eventsMine, ...otherMine } = sectionsMine;
    const { securityEvents: eventsTheirs, ...otherTheirs } = sectionsTheirs;
    expect(otherTheirs).toEqual(otherMine);
    expect((otherTheirs.profile as { email: string }).email).toBe(filled.email);
    expect((otherTheirs.privacyRequests as unknown[]).length).toBeGreaterThan(0);
    const before = eventsMine as { type: string; method: string | null; ip: string | null }[];
    const after = eventsTheirs as { type: string; method: string | null; ip: string | null }[];
    expect(after.length).toBe(before.length + 1);
    const added = after.filter((event) => !before.some((seen) => JSON.stringify(seen) === JSON.stringify(event)));
    expect(added).toMatchObject([{ type: 'data_exported', method: 'staff' }]);
    // The customer learns that the shop exported their data, not the staff member's address.
    expect(added[0]).toMatchObject({ ip: null, userAgent: null });

    const audits = await auditRows('privacy.data_exported', filled.customerId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ staffId: owner.id, targetType: 'customer', details: null, ip: owner.client.ip });
  });

  it('with requestId: the open export request is marked answered, in the audit’s transaction; the same request again is 409', async () => {
    const requestId = await recordRequest(filled.customerId, 'export');
    const response = await staffExport(admin, filled.customerId, requestId);
    expect(response.status).toBe(200);
    const [request] = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
    expect(request).toMatchObject({ status: 'answered', answeredByStaffId: admin.id, customerId: filled.customerId });
    expect(request!.answeredAt).toBeInstanceOf(Date);
    const audits = await auditRows('privacy.data_exported', filled.customerId);
    expect(audits.at(-1)).toMatchObject({ staffId: admin.id, details: { requestId } });

    const again = await staffExport(admin, filled.customerId, requestId);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'privacy_request_closed' });
  });

  it('a requestId of another kind or another customer is 422 privacy_request_mismatch, an unknown one 404; nothing is exported nor answered', async () => {
    const other = await registerVerifiedCustomer(t);
    const erasureRequest = await recordRequest(filled.customerId, 'erasure');
    const othersRequest = await recordRequest(other.customerId, 'export');
    const eventsBefore = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, filled.customerId));
    for (const requestId of [erasureRequest, othersRequest]) {
      const response = await staffExport(owner, filled.customerId, requestId);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'privacy_request_mismatch', errors: [{ path: 'requestId' }] });
    }
    expect((await staffExport(owner, filled.customerId, 'prq_00000000000000000000000000')).status).toBe(404);
    const eventsAfter = await t.ctx.db.select().from(securityEvents).where(eq(securityEvents.customerId, filled.customerId));
    expect(eventsAfter.length).toBe(eventsBefore.length);
    const rows = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, othersRequest));
    expect(rows[0]!.status).toBe('open');
  });

  it('an unknown customer is 404 not_found, and nothing is audited', async () => {
    const unknown = 'cus_00000000000000000000000000';
    const response = await staffExport(owner, unknown);
    expect(response.status).toBe(404);
    expect(await auditRows('privacy.data_exported', unknown)).toEqual([]);
  });
});

describe('POST /api/staff/customers/:customerId/erase', () => {
  let erased: TFilledCustomer;
  let requestId: string;
  let pseudonym: string;

  beforeAll(async () => {
    erased = await createFilledCustomer(t);
    requestId = await recordRequest(erased.customerId, 'erasure');
  });

  it('a confirmEmail that is not the customer’s address is 422 confirm_email_mismatch naming the field; nothing is erased', async () => {
    for (const confirmEmail of ['someone.else@example.fr', erased.email.replace('@', '.x@')]) {
      const response = await staffErase(owner, erased.customerId, { requestId, confirmEmail });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'confirm_email_mismatch', errors: [{ path: 'confirmEmail', code: 'mismatch' }] });
    }
    const missing = await staffErase(owner, erased.customerId, { requestId: 42 });
    expect(missing.status).toBe(400);
    expect((missing.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['confirmEmail', 'requestId']);
    expect((await erased.client.get('/api/me', { token: erased.token })).status).toBe(200);
    expect(await auditRows('privacy.customer_erased', erased.customerId)).toEqual([]);
  });

  it('erases as the customer’s own deletion does: 200 { pseudonym }; the goodbye email arrives; no text column of any table keeps a value of the person', async () => {
    const since = t.mail.mark();
    // The address as typed by a person: case and spaces do not matter.
    const response = await staffErase(owner, erased.customerId, { requestId, confirmEmail: `  ${erased.email.toUpperCase()} ` });
    expect(response.status).toBe(200);
    pseudonym = (response.body as { pseudonym: string }).pseudonym;
    expect(pseudonym).toMatch(/^client-[0-9a-f]{16}$/);

    const goodbye = await t.mail.waitForEmail({ to: erased.email, subject: GOODBYE, after: since });
    expect(goodbye.subject).toMatch(/Votre compte .* a été supprimé/);
    await t.runtime.mailWorker.flush();

    const columns = await textColumns(t.ctx.db);
    const leftovers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(erased.markers)) {
      const found = await whereFound(t.ctx.db, value, columns);
      if (found.length > 0) leftovers[name] = found;
    }
    expect(leftovers).toEqual({});
    // The id stays where the customer's own deletion leaves it, and in the staff's audit log
    // (its target, and the details of the recorded request): an id, not personal data.
    expect(await whereFound(t.ctx.db, erased.customerId, columns)).toEqual([
      'account_erasures.customer_id',
      'staff_audit_events.details',
      'staff_audit_events.target_id',
      'webhook_events.payload',
    ]);
  });

  it('account_erasures says requested by staff; orders, returns and invoices stay under the pseudonym; the goodbye email is blanked once sent', async () => {
    const [erasure] = await t.ctx.db.select().from(accountErasures).where(eq(accountErasures.customerId, erased.customerId));
    expect(erasure).toMatchObject({ customerId: erased.customerId, pseudonym, requestedBy: 'staff' });
    expect(await t.ctx.db.select().from(customers).where(eq(customers.id, erased.customerId))).toEqual([]);
    const kept = await t.ctx.db.select().from(orders).where(eq(orders.customerPseudonym, pseudonym));
    expect(kept).toHaveLength(2);
    for (const order of kept) expect(order).toMatchObject({ customerId: null, email: null, shippingAddress: null, billingAddress: null });
    const [returned] = await t.ctx.db.select().from(returnRequests).where(eq(returnRequests.customerPseudonym, pseudonym));
    expect(returned).toMatchObject({ customerId: null, comment: null });
    const [invoice] = await t.ctx.db.select().from(documents).where(eq(documents.customerPseudonym, pseudonym));
    expect(invoice).toMatchObject({ customerId: null, billingAddress: null });
    expect(await t.ctx.db.select().from(documentFiles).where(eq(documentFiles.documentId, invoice!.id))).toEqual([]);
    const goodbyes = await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.template, 'account_deleted'));
    for (const row of goodbyes) expect(row).toMatchObject({ status: 'sent', customerId: null, toAddress: '', subject: '', text: '' });
  });

  it('the request is answered and keeps the pseudonym, without the customer; so does their earlier request', async () => {
    const [request] = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
    expect(request).toMatchObject({ status: 'answered', customerId: null, erasurePseudonym: pseudonym, answeredByStaffId: owner.id, kind: 'erasure' });
    const kept = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.erasurePseudonym, pseudonym));
    expect(kept.length).toBe(2);
    const list = await owner.client.get('/api/staff/privacy-requests?kind=erasure&status=answered&limit=100', { token: owner.token });
    const item = (list.body as { items: { id: string }[] }).items.find((entry) => entry.id === requestId);
    expect(item).toMatchObject({ customer: null, erasurePseudonym: pseudonym, answeredBy: { id: owner.id }, overdue: false });
  });

  it('the audit row privacy.customer_erased survives the customer, naming them by id; every session has ended', async () => {
    const audits = await auditRows('privacy.customer_erased', erased.customerId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ staffId: owner.id, targetType: 'customer', targetId: erased.customerId, details: { requestId } });
    for (const token of erased.tokens) expect((await erased.client.get('/api/me', { token })).status).toBe(401);
  });

  it('erasing again, or exporting, an erased customer is 404', async () => {
    expect((await staffErase(owner, erased.customerId, { confirmEmail: erased.email })).status).toBe(404);
    expect((await staffExport(owner, erased.customerId)).status).toBe(404);
  });

  it('an administrator may erase too; without requestId nothing but the customer changes; the goodbye is in their language', async () => {
    const customer = await registerVerifiedCustomer(t, { locale: 'en' });
    const since = t.mail.mark();
    const response = await staffErase(admin, customer.customerId, { confirmEmail: customer.email });
    expect(response.status).toBe(200);
    const goodbye = await t.mail.waitForEmail({ to: customer.email, subject: GOODBYE, after: since });
    expect(goodbye.subject).toMatch(/Your .* account has been deleted/);
    const [audit] = await auditRows('privacy.customer_erased', customer.customerId);
    expect(audit).toMatchObject({ staffId: admin.id, details: null });
  });

  it('a company’s only administrator: the same 409 last_admin the customer gets; nothing is erased nor answered', async () => {
    const customer = await registerVerifiedCustomer(t);
    const companyId = await insertCompany(t.ctx.db, { name: 'Quincaillerie Dupuis' });
    await insertMember(t.ctx.db, { companyId, customerId: customer.customerId, role: 'admin' });
    const request = await recordRequest(customer.customerId, 'erasure');
    const response = await staffErase(owner, customer.customerId, { requestId: request, confirmEmail: customer.email });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'last_admin' });
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    const [row] = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, request));
    expect(row).toMatchObject({ status: 'open', customerId: customer.customerId, erasurePseudonym: null });
    expect(await auditRows('privacy.customer_erased', customer.customerId)).toEqual([]);
  });

  it('an export request named with an erasure is 422 privacy_request_mismatch; an unknown customer 404', async () => {
    const customer = await registerVerifiedCustomer(t);
    const exportRequest = await recordRequest(customer.customerId, 'export');
    const response = await staffErase(owner, customer.customerId, { requestId: exportRequest, confirmEmail: customer.email });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'privacy_request_mismatch' });
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
    expect((await staffErase(owner, 'cus_00000000000000000000000000', { confirmEmail: customer.email })).status).toBe(404);
  });
});

describe('DELETE /api/me keeps the customer’s requests under the pseudonym too', () => {
  it('the customer’s own deletion detaches their open request and writes the pseudonym on it', async () => {
    const customer = await registerVerifiedCustomer(t);
    const requestId = await recordRequest(customer.customerId, 'erasure');
    const response = await t.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: `Bearer ${customer.token}` }, payload: { password: customer.password } });
    expect(response.statusCode).toBe(204);
    const [erasure] = await t.ctx.db.select().from(accountErasures).where(eq(accountErasures.customerId, customer.customerId));
    expect(erasure).toMatchObject({ requestedBy: 'customer' });
    const [row] = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
    expect(row).toMatchObject({ status: 'open', customerId: null, erasurePseudonym: erasure!.pseudonym });
  });
});
