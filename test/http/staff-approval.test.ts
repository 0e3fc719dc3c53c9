import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { newId } from '../../src/platform/ids.js';
import { apiClient, createTestApp, STRONG_PASSWORD, TEST_PUBLIC_URL, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';

// The staff side of F1.7: the shop setting, the queue, and the decisions.

// Several sign-ups per test, on a machine other suites share: generous, never a timed assertion.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let support: TStaff;
let readOnly: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  support = await inviteStaffMember(t, owner, 'support');
  readOnly = await inviteStaffMember(t, owner, 'read_only');
});
afterAll(async () => {
  await t.close();
});

const as = (staff: TStaff) => ({ token: staff.token });

let passwordHash: string | null = null;

/**
 * A verified customer who waits, written straight into the database (how sign-ups come to
 * wait is account-approval.test.ts's subject); signed in through the API when asked.
 */
async function pendingCustomer(options: { locale?: 'fr' | 'en'; firstName?: string; signIn?: boolean } = {}) {
  passwordHash ??= await t.ctx.passwordHasher.hash(STRONG_PASSWORD);
  const id = newId('cus');
  const email = uniqueEmail('attente');
  await t.ctx.db.insert(customers).values({ marketId: DEFAULT_MARKET_ID,
    id,
    email,
    emailNormalized: email,
    emailVerifiedAt: new Date(),
    passwordHash,
    firstName: options.firstName ?? 'Lucie',
    lastName: 'Bernard',
    locale: options.locale ?? 'fr',
    approvalStatus: 'pending',
  });
  const client = apiClient(t.app);
  if (!options.signIn) return { id, email, token: '', client };
  const login = await client.post('/api/auth/login', { email, password: STRONG_PASSWORD });
  expect(login.status).toBe(200);
  return { id, email, token: (login.body as { token: string }).token, client };
}

async function auditRows(action: string, targetId: string) {
  return t.ctx.db
    .select()
    .from(staffAuditEvents)
    .where(and(eq(staffAuditEvents.action, action), eq(staffAuditEvents.targetId, targetId)));
}

async function emailsOf(customerId: string, template: string) {
  return t.ctx.db
    .select({ id: outboundEmails.id })
    .from(outboundEmails)
    .where(and(eq(outboundEmails.customerId, customerId), eq(outboundEmails.template, template)));
}

type TQueueItem = { id: string; createdAt: string; accountType: string; emailVerified: boolean; businessName: string | null };
type TQueuePage = { items: TQueueItem[]; nextCursor: string | null };

/** Every page of the queue, with `limit` items per page. */
async function wholeQueue(limit: number): Promise<TQueueItem[]> {
  const items: TQueueItem[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/staff/approvals?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await owner.client.get(url, as(owner));
    expect(page.status).toBe(200);
    const body = page.body as TQueuePage;
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET and PUT /api/staff/settings', () => {
  it('GET: accountApproval none by default, never saved (updatedAt null)', async () => {
    const settings = await owner.client.get('/api/staff/settings', as(owner));
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({ accountApproval: 'none', updatedAt: null, updatedBy: null });
  });

  it('PUT: saves, answers who saved it, and audits settings.updated with the old and new values; an unchanged save records nothing', async () => {
    const saved = await owner.client.put('/api/staff/settings', { accountApproval: 'business' }, as(owner));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ accountApproval: 'business', updatedBy: { id: owner.id, name: 'Odile Martin' } });
    expect((await owner.client.get('/api/staff/settings', as(owner))).body).toMatchObject({ accountApproval: 'business' });
    const rows = await auditRows('settings.updated', 'shop');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ staffId: owner.id, targetType: 'shop_settings', details: { accountApproval: { from: 'none', to: 'business' } } });
    expect((await owner.client.put('/api/staff/settings', { accountApproval: 'business' }, as(owner))).status).toBe(200);
    expect(await auditRows('settings.updated', 'shop')).toHaveLength(1);
    await owner.client.put('/api/staff/settings', { accountApproval: 'all' }, as(owner));
    const after = await auditRows('settings.updated', 'shop');
    expect(after.map((row) => row.details)).toContainEqual({ accountApproval: { from: 'business', to: 'all' } });
  });

  it('PUT: a bad value, or none, is 400 validation_failed naming accountApproval', async () => {
    for (const body of [{ accountApproval: 'sometimes' }, {}, { accountApproval: 3 }]) {
      const refused = await owner.client.put('/api/staff/settings', body, as(owner));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', errors: [expect.objectContaining({ path: 'accountApproval' })] });
    }
  });

  it('support and read-only staff get 403 forbidden (settings.manage)', async () => {
    for (const staff of [support, readOnly]) {
      expect((await staff.client.get('/api/staff/settings', as(staff))).status).toBe(403);
      const put = await staff.client.put('/api/staff/settings', { accountApproval: 'none' }, as(staff));
      expect(put.status).toBe(403);
      expect(put.body).toMatchObject({ code: 'forbidden' });
    }
  });

  it('signed out: 401', async () => {
    expect((await apiClient(t.app).get('/api/staff/settings')).status).toBe(401);
  });
});

describe('GET /api/staff/approvals', () => {
  it('lists pending customers oldest first with their details, across keyset pages, each once; approved ones are not there', async () => {
    const first = await pendingCustomer({ firstName: 'Premier' });
    const second = await pendingCustomer({ firstName: 'Deuxième' });
    const third = await pendingCustomer({ firstName: 'Troisième' });
    await t.ctx.db
      .update(customers)
      .set({ businessName: 'Bernard SARL', businessIdentifier: '73282932000074', businessVatNumber: 'FR44732829320' })
      .where(eq(customers.id, second.id));
    await owner.client.post(`/api/staff/customers/${third.id}/approve`, {}, as(owner));

    const items = await wholeQueue(2);
    const ids = items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(first.id);
    expect(ids).toContain(second.id);
    expect(ids).not.toContain(third.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const times = items.map((item) => Date.parse(item.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(items.find((item) => item.id === second.id)).toEqual({
      id: second.id,
      email: second.email,
      firstName: 'Deuxième',
      lastName: 'Bernard',
      accountType: 'individual',
      businessName: 'Bernard SARL',
      businessIdentifier: '73282932000074',
      businessVatNumber: 'FR44732829320',
      emailVerified: true,
      createdAt: expect.any(String),
    });
  });

  it('reading the queue is audited as a search (customers.searched, view approval_queue)', async () => {
    await pendingCustomer();
    const page = await support.client.get('/api/staff/approvals?limit=5', as(support));
    expect(page.status).toBe(200);
    const rows = await t.ctx.db.select().from(staffAuditEvents).where(and(eq(staffAuditEvents.staffId, support.id), eq(staffAuditEvents.action, 'customers.searched')));
    expect(rows.at(-1)!.details).toMatchObject({ view: 'approval_queue', resultCount: (page.body as TQueuePage).items.length });
  });

  it('a cursor the API did not give, or a limit over 100, is 400 naming it', async () => {
    const forged = await owner.client.get('/api/staff/approvals?cursor=bm9wZQ', as(owner));
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ errors: [expect.objectContaining({ path: 'query.cursor', code: 'invalid_cursor' })] });
    const tooMany = await owner.client.get('/api/staff/approvals?limit=101', as(owner));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ errors: [expect.objectContaining({ path: 'query.limit' })] });
  });

  it('read-only staff get 403 on the queue and on both decisions', async () => {
    const customer = await pendingCustomer();
    expect((await readOnly.client.get('/api/staff/approvals', as(readOnly))).status).toBe(403);
    expect((await readOnly.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(readOnly))).status).toBe(403);
    expect((await readOnly.client.post(`/api/staff/customers/${customer.id}/refuse`, {}, as(readOnly))).status).toBe(403);
    const [row] = await t.ctx.db.select({ approvalStatus: customers.approvalStatus }).from(customers).where(eq(customers.id, customer.id));
    expect(row!.approvalStatus).toBe('pending');
  });
});

describe('POST /api/staff/customers/{customerId}/approve and /refuse', () => {
  it('approve: 200 approved; the customer is emailed in French with a sign-in link; audited; webhook customer.updated; out of the queue', async () => {
    const customer = await pendingCustomer({ locale: 'fr', signIn: true });
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ approvalStatus: 'pending' });
    const since = t.mail.mark();
    const approved = await support.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(support));
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: customer.id, approvalStatus: 'approved', approvalDecidedAt: expect.any(String) });
    const message = await t.mail.waitForEmail({ to: customer.email, after: since });
    expect(message.subject).toContain('Votre compte est validé');
    expect(message.text).toContain(`${TEST_PUBLIC_URL}/sign-in`);
    const audit = await auditRows('customer.approved', customer.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: support.id, targetType: 'customer', details: { from: 'pending' } });
    const events = await t.ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.customerId, customer.id), eq(webhookEvents.type, 'customer.updated')));
    expect(events.map((event) => event.payload)).toContainEqual(expect.objectContaining({ id: customer.id, email: customer.email, approvalStatus: 'approved' }));
    expect((await wholeQueue(100)).map((item) => item.id)).not.toContain(customer.id);
    expect((await customer.client.get('/api/me', { token: customer.token })).body).toMatchObject({ approvalStatus: 'approved' });
  });

  it('approve: an English-speaking customer gets the English email', async () => {
    const customer = await pendingCustomer({ locale: 'en' });
    const since = t.mail.mark();
    expect((await owner.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(owner))).status).toBe(200);
    const message = await t.mail.waitForEmail({ to: customer.email, after: since });
    expect(message.subject).toContain('Your account is approved');
    expect(message.text).toContain(`${TEST_PUBLIC_URL}/sign-in`);
  });

  it('refuse with a reason: 200 refused; a polite email with the reason, in the customer’s language; audited with the reason', async () => {
    const french = await pendingCustomer({ locale: 'fr' });
    const since = t.mail.mark();
    const refused = await owner.client.post(`/api/staff/customers/${french.id}/refuse`, { reason: 'Numéro SIRET introuvable' }, as(owner));
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ approvalStatus: 'refused' });
    const message = await t.mail.waitForEmail({ to: french.email, after: since });
    expect(message.subject).toContain('Votre demande de compte');
    expect(message.text).toContain('nous ne pouvons malheureusement pas valider votre compte');
    expect(message.text).toContain('Numéro SIRET introuvable');
    expect((await auditRows('customer.refused', french.id))[0]).toMatchObject({ details: { from: 'pending', reason: 'Numéro SIRET introuvable' } });

    const english = await pendingCustomer({ locale: 'en' });
    const mark = t.mail.mark();
    expect((await owner.client.post(`/api/staff/customers/${english.id}/refuse`, {}, as(owner))).status).toBe(200);
    const englishMessage = await t.mail.waitForEmail({ to: english.email, after: mark });
    expect(englishMessage.subject).toContain('Your account request');
    expect(englishMessage.text).toContain('we cannot approve your account');
    expect(englishMessage.text).not.toContain('Reason given');
  });

  it('a refused account is approved again only with reconsider: true (409 already_decided without)', async () => {
    const customer = await pendingCustomer();
    await owner.client.post(`/api/staff/customers/${customer.id}/refuse`, {}, as(owner));
    const plain = await owner.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(owner));
    expect(plain.status).toBe(409);
    expect(plain.body).toMatchObject({ code: 'already_decided' });
    const since = t.mail.mark();
    const reconsidered = await owner.client.post(`/api/staff/customers/${customer.id}/approve`, { reconsider: true }, as(owner));
    expect(reconsidered.status).toBe(200);
    expect(reconsidered.body).toMatchObject({ approvalStatus: 'approved' });
    await t.mail.waitForEmail({ to: customer.email, subject: /validé/, after: since });
    expect((await auditRows('customer.approved', customer.id))[0]).toMatchObject({ details: { from: 'refused' } });
  });

  it('the same decision twice is 200 and changes nothing more (one email, one audit row); refusing an approved account is 409', async () => {
    const customer = await pendingCustomer();
    expect((await owner.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(owner))).status).toBe(200);
    expect((await support.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(support))).status).toBe(200);
    expect(await emailsOf(customer.id, 'account_approved')).toHaveLength(1);
    expect(await auditRows('customer.approved', customer.id)).toHaveLength(1);
    const refuse = await owner.client.post(`/api/staff/customers/${customer.id}/refuse`, {}, as(owner));
    expect(refuse.status).toBe(409);
    expect(refuse.body).toMatchObject({ code: 'already_decided' });
  });

  it('an account that never waited: approve changes nothing, refuse is 409', async () => {
    const { id } = await pendingCustomer();
    await t.ctx.db.update(customers).set({ approvalStatus: 'approved' }).where(eq(customers.id, id));
    const approve = await owner.client.post(`/api/staff/customers/${id}/approve`, {}, as(owner));
    expect(approve.status).toBe(200);
    expect(approve.body).toMatchObject({ approvalStatus: 'approved', approvalDecidedAt: null });
    expect(await emailsOf(id, 'account_approved')).toHaveLength(0);
    expect((await owner.client.post(`/api/staff/customers/${id}/refuse`, {}, as(owner))).status).toBe(409);
  });

  it('an unknown customer is 404; a reason over 1,000 characters is 400 naming reason', async () => {
    expect((await owner.client.post('/api/staff/customers/cus_00000000000000000000000000/approve', {}, as(owner))).status).toBe(404);
    const customer = await pendingCustomer();
    const long = await owner.client.post(`/api/staff/customers/${customer.id}/refuse`, { reason: 'x'.repeat(1001) }, as(owner));
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ errors: [expect.objectContaining({ path: 'reason' })] });
  });

  it('the body may be left out altogether', async () => {
    const customer = await pendingCustomer();
    const response = await t.app.inject({ method: 'POST', url: `/api/staff/customers/${customer.id}/approve`, headers: { authorization: `Bearer ${owner.token}` } });
    expect(response.json()).toMatchObject({ approvalStatus: 'approved' });
    expect(response.statusCode).toBe(200);
  });
});

describe('two staff deciding at once', () => {
  it('approve and refuse at the same moment: exactly one wins, the other gets 409 already_decided; one email, one audit row (10 rounds)', async () => {
    for (let round = 0; round < 10; round += 1) {
      const customer = await pendingCustomer();
      const [approve, refuse] = await Promise.all([
        owner.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(owner)),
        support.client.post(`/api/staff/customers/${customer.id}/refuse`, { reason: 'Doublon' }, as(support)),
      ]);
      expect([approve.status, refuse.status].sort()).toEqual([200, 409]);
      const winner = approve.status === 200 ? 'approved' : 'refused';
      const [row] = await t.ctx.db.select({ approvalStatus: customers.approvalStatus }).from(customers).where(eq(customers.id, customer.id));
      expect(row!.approvalStatus).toBe(winner);
      const emails = [...(await emailsOf(customer.id, 'account_approved')), ...(await emailsOf(customer.id, 'account_refused'))];
      expect(emails).toHaveLength(1);
      const audits = [...(await auditRows('customer.approved', customer.id)), ...(await auditRows('customer.refused', customer.id))];
      expect(audits).toHaveLength(1);
    }
  }, 180_000);

  it('the same decision at the same moment: both 200, one email', async () => {
    const customer = await pendingCustomer();
    const answers = await Promise.all([
      owner.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(owner)),
      support.client.post(`/api/staff/customers/${customer.id}/approve`, {}, as(support)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(await emailsOf(customer.id, 'account_approved')).toHaveLength(1);
    expect(await auditRows('customer.approved', customer.id)).toHaveLength(1);
  });
});
