import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountErasures } from '../../src/modules/customers/customers.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { codeFromEmail, registerVerifiedCustomer } from '../support/factories.js';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { documentFiles, documents } from '../../src/modules/documents/documents.tables.js';
import { orders, returnRequests } from '../../src/modules/orders/orders.tables.js';
import { paymentMethods } from '../../src/modules/payment-methods/payment-methods.tables.js';
import { createFilledCustomer, textColumns, type TFilledCustomer, whereFound } from '../support/personal-data.js';
import { apiClient, createTestApp, STRONG_PASSWORD, type TTestApp } from '../support/test-app.js';

// The session cache on, with a time to live only an eviction can beat: a deleted account's
// session must be refused at once anyway.
let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: '60' } });
});
afterAll(async () => {
  await t.close();
});

const GOODBYE = /supprimé|deleted/i;



/** The test client's delete has no body parameter: inject directly. */
async function deleteMe(app: TTestApp, options: { token: string; ip?: string; body?: unknown; headers?: Record<string, string> }) {
  const response = await app.app.inject({
    method: 'DELETE',
    url: '/api/me',
    headers: { authorization: `Bearer ${options.token}`, 'x-forwarded-for': options.ip ?? '10.9.9.9', ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  const isJson = /json/.test(String(response.headers['content-type'] ?? ''));
  return { status: response.statusCode, headers: response.headers, body: isJson ? response.json() : response.body };
}

async function waitForGoodbye(email: string, after: number) {
  const message = await t.mail.waitForEmail({ to: email, subject: GOODBYE, after });
  // The worker blanks the row just after the server accepted it: wait for that pass to end.
  await t.runtime.mailWorker.flush();
  return message;
}

describe('DELETE /api/me erases the person', () => {
  let erased: TFilledCustomer;
  let bystander: TFilledCustomer;
  let bystanderExportBefore: string;

  beforeAll(async () => {
    erased = await createFilledCustomer(t);
    bystander = await createFilledCustomer(t);
    const exported = await bystander.client.get('/api/me/export', { token: bystander.token });
    bystanderExportBefore = exported.raw.body;
  });

  it('DELETE /api/me: with the password, 204; the goodbye email arrives; afterwards no text column of any table holds any of the person’s values', async () => {
    const since = t.mail.mark();
    const before = await whereFound(t.ctx.db, erased.markers.lastName, await textColumns(t.ctx.db));
    expect(before.length, 'the markers are really in the database before').toBeGreaterThanOrEqual(3);

    const response = await deleteMe(t, {
      token: erased.token,
      ip: erased.markers.ip,
      headers: { 'user-agent': erased.markers.userAgent },
      body: { password: erased.password },
    });
    expect(response.status).toBe(204);
    expect(String(response.headers['set-cookie'] ?? '')).toMatch(/comptoir_session=;/);

    const goodbye = await waitForGoodbye(erased.email, since);
    expect(goodbye.subject).toMatch(/Votre compte .* a été supprimé/);
    expect(goodbye.text).toContain('pseudonyme');

    const columns = await textColumns(t.ctx.db);
    expect(columns.length).toBeGreaterThan(30);
    const leftovers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(erased.markers)) {
      const found = await whereFound(t.ctx.db, value, columns);
      if (found.length > 0) leftovers[name] = found;
    }
    expect(leftovers).toEqual({});
    // The id alone stays: in the erasure record, and in the customer.deleted webhook event
    // (`{ id }`) that tells the shop's systems to erase their copy.
    expect(await whereFound(t.ctx.db, erased.customerId, columns)).toEqual(['account_erasures.customer_id', 'webhook_events.payload']);
  });

  it('DELETE /api/me: account_erasures records the id, a pseudonym and the dates, and nothing personal', async () => {
    const [erasure] = await t.ctx.db.select().from(accountErasures).where(eq(accountErasures.customerId, erased.customerId));
    expect(erasure).toMatchObject({ customerId: erased.customerId, requestedBy: 'customer' });
    expect(erasure!.pseudonym).toMatch(/^client-[0-9a-f]{16}$/);
    expect(erasure!.completedAt.getTime()).toBeGreaterThanOrEqual(erasure!.requestedAt.getTime());
    expect(Object.keys(erasure!).sort()).toEqual(['completedAt', 'customerId', 'id', 'pseudonym', 'requestedAt', 'requestedBy']);
  });

  it('DELETE /api/me: orders, returns and invoices stay for the accounts, under the pseudonym, without address, email, comment or uploaded PDF', async () => {
    const [erasure] = await t.ctx.db.select().from(accountErasures).where(eq(accountErasures.customerId, erased.customerId));
    const pseudonym = erasure!.pseudonym;
    const kept = await t.ctx.db.select().from(orders).where(eq(orders.customerPseudonym, pseudonym));
    expect(kept).toHaveLength(2);
    for (const order of kept) expect(order).toMatchObject({ customerId: null, email: null, shippingAddress: null, billingAddress: null, total: 2990 });
    // The business order is still the company's: its administrators keep seeing it.
    expect(kept.filter((order) => order.companyId !== null)).toHaveLength(1);
    const [returned] = await t.ctx.db.select().from(returnRequests).where(eq(returnRequests.customerPseudonym, pseudonym));
    expect(returned).toMatchObject({ customerId: null, comment: null, reason: 'damaged' });
    const [invoice] = await t.ctx.db.select().from(documents).where(eq(documents.customerPseudonym, pseudonym));
    expect(invoice).toMatchObject({ customerId: null, billingAddress: null, kind: 'invoice', total: 2990 });
    expect(await t.ctx.db.select().from(documentFiles).where(eq(documentFiles.documentId, invoice!.id))).toEqual([]);
    expect(await t.ctx.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, erased.customerId))).toEqual([]);
    expect(await t.ctx.db.select().from(memberCards).where(eq(memberCards.customerId, erased.customerId))).toEqual([]);
  });

  it('DELETE /api/me: the goodbye email is kept blank, without recipient or body, once delivered', async () => {
    const rows = await t.ctx.db.select().from(outboundEmails).where(eq(outboundEmails.template, 'account_deleted'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'sent', customerId: null, forgetAfterSending: true, toAddress: '', subject: '', html: '', text: '', headers: null, lastError: null });
    }
  });

  it('DELETE /api/me: every session ends at once; the old tokens get 401, even with the session cache on', async () => {
    for (const token of erased.tokens) {
      const me = await erased.client.get('/api/me', { token });
      expect(me.status).toBe(401);
      expect(me.body).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('DELETE /api/me: another customer’s data is untouched', async () => {
    const after = await bystander.client.get('/api/me/export', { token: bystander.token });
    expect(after.status).toBe(200);
    const [before, now] = [JSON.parse(bystanderExportBefore), JSON.parse(after.raw.body)] as { sections: Record<string, unknown> }[];
    // Only the security log grew: the second export is audited too.
    const { securityEvents: eventsBefore, ...restBefore } = before!.sections;
    const { securityEvents: eventsNow, ...restNow } = now!.sections;
    expect(restNow).toEqual(restBefore);
    expect((eventsNow as unknown[]).slice(0, (eventsBefore as unknown[]).length)).toEqual(eventsBefore);
  });

  it('POST /api/auth/login: the erased address and password no longer sign in', async () => {
    const login = await apiClient(t.app).post('/api/auth/login', { email: erased.email, password: erased.password });
    expect(login.status).toBe(401);
    expect(login.body).toMatchObject({ code: 'invalid_credentials' });
  });

  it('POST /api/auth/register: the same address registers again and gets a new, empty account', async () => {
    const again = await registerVerifiedCustomer(t, { email: erased.email, password: STRONG_PASSWORD });
    expect(again.customerId).not.toBe(erased.customerId);
    const exported = await again.client.get('/api/me/export', { token: again.token });
    const document = exported.body as { sections: { addresses: unknown[]; profile: { firstName: string } } };
    expect(document.sections.addresses).toEqual([]);
    expect(document.sections.profile.firstName).toBe('Camille');
  });
});

describe('DELETE /api/me needs a fresh proof', () => {
  it('DELETE /api/me: a wrong password is 403 invalid_proof and deletes nothing', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await deleteMe(t, { token: customer.token, body: { password: 'not the right password at all' } });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'invalid_proof' });
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('DELETE /api/me: no proof is 400 validation_failed naming both password and code', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (const body of [{}, undefined]) {
      const response = await deleteMe(t, { token: customer.token, body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed' });
      const paths = (response.body as { errors: { path: string }[] }).errors.map((error) => error.path);
      expect(paths).toEqual(expect.arrayContaining(['password', 'code']));
    }
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('DELETE /api/me: a wrong code is 403 invalid_proof; the code from POST /api/auth/login-code deletes the account', async () => {
    const customer = await registerVerifiedCustomer(t, { locale: 'en' });
    const since = t.mail.mark();
    expect((await customer.client.post('/api/auth/login-code', { email: customer.email })).status).toBe(202);
    const code = codeFromEmail((await t.mail.waitForEmail({ to: customer.email, subject: /code/i, after: since })).text);
    const wrong = await deleteMe(t, { token: customer.token, body: { code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'invalid_proof' });

    const response = await deleteMe(t, { token: customer.token, body: { code } });
    expect(response.status).toBe(204);
    const goodbye = await waitForGoodbye(customer.email, since);
    expect(goodbye.subject).toMatch(/Your .* account has been deleted/);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(401);
  });

  it('DELETE /api/me: signed out is 401', async () => {
    const response = await apiClient(t.app).delete('/api/me');
    expect(response.status).toBe(401);
  });
});
