import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyRequests } from '../../src/modules/privacy/privacy-requests.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

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

type TItem = {
  id: string;
  kind: string;
  status: string;
  channel: string;
  customer: { id: string; email: string; name: string } | null;
  erasurePseudonym: string | null;
  receivedAt: string;
  dueAt: string;
  overdue: boolean;
  daysLeft: number | null;
  answeredAt: string | null;
  recordedBy: { id: string; name: string } | null;
  answeredBy: { id: string; name: string } | null;
};

const DAY = 86_400_000;

async function record(staff: TStaff, body: Record<string, unknown>) {
  return staff.client.post('/api/staff/privacy-requests', body, { token: staff.token });
}

async function recordOk(staff: TStaff, body: Record<string, unknown>): Promise<TItem> {
  const response = await record(staff, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TItem;
}

async function listOf(staff: TStaff, query: string) {
  const response = await staff.client.get(`/api/staff/privacy-requests?${query}`, { token: staff.token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: TItem[]; nextCursor: string | null };
}

async function auditRows(action: string, targetId: string) {
  return t.ctx.db
    .select()
    .from(staffAuditEvents)
    .where(and(eq(staffAuditEvents.action, action), eq(staffAuditEvents.targetId, targetId)))
    .orderBy(asc(staffAuditEvents.id));
}

describe('POST /api/staff/privacy-requests', () => {
  it('records a request received now: 201, open, due one calendar month later, audited privacy.request_recorded', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Léa' });
    const before = Date.now();
    const item = await recordOk(owner, { customerId: customer.customerId, kind: 'export', channel: 'email' });
    expect(item).toMatchObject({
      id: expect.stringMatching(/^prq_/),
      kind: 'export',
      status: 'open',
      channel: 'email',
      customer: { id: customer.customerId, email: customer.email, name: 'Léa Durand' },
      erasurePseudonym: null,
      overdue: false,
      answeredAt: null,
      recordedBy: { id: owner.id, name: 'Odile Martin' },
      answeredBy: null,
    });
    const received = Date.parse(item.receivedAt);
    expect(received).toBeGreaterThanOrEqual(before - 1000);
    expect(received).toBeLessThanOrEqual(Date.now());
    // One calendar month: 28 to 31 days, the same time of day in Paris.
    const days = (Date.parse(item.dueAt) - received) / DAY;
    expect(days).toBeGreaterThanOrEqual(27.9);
    expect(days).toBeLessThanOrEqual(31.1);
    expect(item.daysLeft).toBeGreaterThanOrEqual(28);
    expect(item.daysLeft).toBeLessThanOrEqual(31);

    const [audit] = await auditRows('privacy.request_recorded', item.id);
    expect(audit).toMatchObject({ staffId: owner.id, targetType: 'privacy_request', details: { customerId: customer.customerId, kind: 'export', channel: 'email' } });
  });

  it('dueAt is receivedAt + one calendar month in Paris time; a day the next month lacks becomes its last day (31 Jan → 28 or 29 Feb)', async () => {
    const customer = await registerVerifiedCustomer(t);
    const cases: [string, string][] = [
      ['2025-01-31T10:00:00+01:00', '2025-02-28T09:00:00.000Z'],
      ['2024-01-31T10:00:00+01:00', '2024-02-29T09:00:00.000Z'],
      ['2025-03-31T12:00:00+02:00', '2025-04-30T10:00:00.000Z'],
      ['2025-01-15T08:00:00Z', '2025-02-15T08:00:00.000Z'],
      ['2024-12-15T08:00:00+01:00', '2025-01-15T07:00:00.000Z'],
      // 00:30 on 1 March in Paris is still 28 February in UTC: the month is Paris's, so 1 April.
      ['2025-02-28T23:30:00Z', '2025-03-31T22:30:00.000Z'],
      // Across the change to summer time: the same wall-clock time, one hour less in UTC.
      ['2025-03-10T09:00:00+01:00', '2025-04-10T07:00:00.000Z'],
    ];
    for (const [receivedAt, dueAt] of cases) {
      const item = await recordOk(admin, { customerId: customer.customerId, kind: 'erasure', channel: 'letter', receivedAt });
      expect(item.receivedAt, receivedAt).toBe(new Date(receivedAt).toISOString());
      expect(item.dueAt, receivedAt).toBe(dueAt);
      // Long past: overdue, with as many days late as have passed since.
      expect(item.overdue).toBe(true);
      expect(item.daysLeft).toBeLessThan(0);
      expect(item.daysLeft).toBe(Math.ceil((Date.parse(dueAt) - Date.now()) / DAY));
    }
  });

  it('lists every bad field at once; a receivedAt in the future is refused', async () => {
    const bad = await record(owner, { kind: 'copy', channel: 'pigeon', receivedAt: new Date(Date.now() + DAY).toISOString() });
    expect(bad.status).toBe(400);
    const errors = (bad.body as { errors: { path: string; code: string }[] }).errors;
    expect(errors.map((error) => error.path).sort()).toEqual(['channel', 'customerId', 'kind', 'receivedAt']);
    expect(errors.find((error) => error.path === 'receivedAt')).toMatchObject({ code: 'in_future' });
    const notADate = await record(owner, { customerId: 'cus_x', kind: 'export', channel: 'email', receivedAt: 'hier' });
    expect(notADate.status).toBe(400);
    expect((notADate.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['receivedAt']);
  });

  it('an unknown customer is 404 not_found', async () => {
    const response = await record(owner, { customerId: 'cus_00000000000000000000000000', kind: 'export', channel: 'phone' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found' });
  });
});

describe('GET /api/staff/privacy-requests', () => {
  let customerId: string;
  let ids: { late: string; soon: string; later: string; answered: string; declined: string };

  beforeAll(async () => {
    const customer = await registerVerifiedCustomer(t);
    customerId = customer.customerId;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();
    const later = await recordOk(owner, { customerId, kind: 'export', channel: 'email', receivedAt: at(1) });
    const late = await recordOk(owner, { customerId, kind: 'erasure', channel: 'letter', receivedAt: at(40) });
    const soon = await recordOk(owner, { customerId, kind: 'export', channel: 'in_store', receivedAt: at(20) });
    const answered = await recordOk(owner, { customerId, kind: 'export', channel: 'phone', receivedAt: at(10) });
    const declined = await recordOk(owner, { customerId, kind: 'erasure', channel: 'other', receivedAt: at(5) });
    expect((await admin.client.patch(`/api/staff/privacy-requests/${answered.id}`, { status: 'answered' }, { token: admin.token })).status).toBe(200);
    expect((await admin.client.patch(`/api/staff/privacy-requests/${declined.id}`, { status: 'declined' }, { token: admin.token })).status).toBe(200);
    ids = { late: late.id, soon: soon.id, later: later.id, answered: answered.id, declined: declined.id };
  });

  it('open requests first by due date (the overdue one on top), then the answered and declined, latest answer first', async () => {
    const { items, nextCursor } = await listOf(owner, `customerId=${customerId}`);
    expect(nextCursor).toBeNull();
    expect(items.map((item) => item.id)).toEqual([ids.late, ids.soon, ids.later, ids.declined, ids.answered]);
    const [late, soon, later, declined, answered] = items;
    expect(late).toMatchObject({ status: 'open', overdue: true });
    expect(late!.daysLeft).toBeLessThan(0);
    expect(soon).toMatchObject({ status: 'open', overdue: false });
    expect(soon!.daysLeft).toBeGreaterThanOrEqual(8);
    expect(soon!.daysLeft).toBeLessThanOrEqual(12);
    expect(later!.daysLeft).toBeGreaterThan(soon!.daysLeft!);
    expect(declined).toMatchObject({ status: 'declined', overdue: false, daysLeft: null, answeredBy: { id: admin.id } });
    expect(answered).toMatchObject({ status: 'answered', overdue: false, daysLeft: null, answeredAt: expect.any(String) });
    // The list names people: reading it is recorded, like a search.
    expect((await auditRows('customers.searched', customerId)).at(-1)).toMatchObject({ staffId: owner.id, details: { view: 'privacy_requests', resultCount: 5 } });
  });

  it('filters by status and kind', async () => {
    const open = await listOf(owner, `customerId=${customerId}&status=open`);
    expect(open.items.map((item) => item.id)).toEqual([ids.late, ids.soon, ids.later]);
    const erasures = await listOf(owner, `customerId=${customerId}&kind=erasure`);
    expect(erasures.items.map((item) => item.id)).toEqual([ids.late, ids.declined]);
    const openExports = await listOf(admin, `customerId=${customerId}&kind=export&status=open`);
    expect(openExports.items.map((item) => item.id)).toEqual([ids.soon, ids.later]);
  });

  it('pages one by one through the same order, none twice; a forged cursor is 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TItem[]; nextCursor: string | null } = await listOf(owner, `customerId=${customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.late, ids.soon, ids.later, ids.declined, ids.answered]);

    const forged = await owner.client.get(`/api/staff/privacy-requests?cursor=${Buffer.from('{"r":0,"k":"1; drop","id":"x"}').toString('base64url')}`, { token: owner.token });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'query.cursor' }] });
  });

  it('without filters, every customer’s requests; a bad status is 400 naming it', async () => {
    const all = await listOf(owner, 'limit=100');
    expect(all.items.map((item) => item.id)).toEqual(expect.arrayContaining(Object.values(ids)));
    const bad = await owner.client.get('/api/staff/privacy-requests?status=pending&kind=copy', { token: owner.token });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['query.kind', 'query.status']);
  });
});

describe('PATCH /api/staff/privacy-requests/:requestId', () => {
  it('answered outside Comptoir: 200 with who and when, audited privacy.request_answered; a second time 409 privacy_request_closed', async () => {
    const customer = await registerVerifiedCustomer(t);
    const item = await recordOk(owner, { customerId: customer.customerId, kind: 'export', channel: 'letter' });
    const answered = await admin.client.patch(`/api/staff/privacy-requests/${item.id}`, { status: 'answered' }, { token: admin.token });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ id: item.id, status: 'answered', answeredBy: { id: admin.id }, answeredAt: expect.any(String), daysLeft: null });
    const [row] = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.id, item.id));
    expect(row).toMatchObject({ status: 'answered', answeredByStaffId: admin.id });
    const [audit] = await auditRows('privacy.request_answered', item.id);
    expect(audit).toMatchObject({ staffId: admin.id, targetType: 'privacy_request', details: { status: 'answered', kind: 'export', customerId: customer.customerId } });

    const again = await owner.client.patch(`/api/staff/privacy-requests/${item.id}`, { status: 'declined' }, { token: owner.token });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'privacy_request_closed' });
  });

  it('declined (identity not confirmed): 200; an unknown id is 404; a status other than answered or declined is 400', async () => {
    const customer = await registerVerifiedCustomer(t);
    const item = await recordOk(owner, { customerId: customer.customerId, kind: 'erasure', channel: 'phone' });
    const declined = await owner.client.patch(`/api/staff/privacy-requests/${item.id}`, { status: 'declined' }, { token: owner.token });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', answeredBy: { id: owner.id } });
    const unknown = await owner.client.patch('/api/staff/privacy-requests/prq_00000000000000000000000000', { status: 'answered' }, { token: owner.token });
    expect(unknown.status).toBe(404);
    const bad = await owner.client.patch(`/api/staff/privacy-requests/${item.id}`, { status: 'open' }, { token: owner.token });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual(['status']);
  });
});

describe('permissions: privacy.requests (owners and administrators)', () => {
  it('support and read-only get 403 forbidden on every privacy route, and nothing is recorded', async () => {
    const customer = await registerVerifiedCustomer(t);
    const item = await recordOk(owner, { customerId: customer.customerId, kind: 'export', channel: 'email' });
    for (const staff of [support, readOnly]) {
      const calls = [
        () => record(staff, { customerId: customer.customerId, kind: 'export', channel: 'email' }),
        () => staff.client.get('/api/staff/privacy-requests', { token: staff.token }),
        () => staff.client.patch(`/api/staff/privacy-requests/${item.id}`, { status: 'answered' }, { token: staff.token }),
        () => staff.client.get(`/api/staff/customers/${customer.customerId}/export`, { token: staff.token }),
        () => staff.client.post(`/api/staff/customers/${customer.customerId}/erase`, { confirmEmail: customer.email }, { token: staff.token }),
      ];
      for (const call of calls) {
        const response = await call();
        expect(response.status).toBe(403);
        expect(response.body).toMatchObject({ code: 'forbidden' });
      }
    }
    const rows = await t.ctx.db.select().from(privacyRequests).where(eq(privacyRequests.customerId, customer.customerId));
    expect(rows.map((row) => [row.id, row.status])).toEqual([[item.id, 'open']]);
    expect((await customer.client.get('/api/me', { token: customer.token })).status).toBe(200);
  });

  it('without a staff session: 401; a customer’s token is not a staff session', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/staff/privacy-requests')).status).toBe(401);
    expect((await customer.client.get('/api/staff/privacy-requests', { token: customer.token })).status).toBe(401);
    expect((await customer.client.get(`/api/staff/customers/${customer.customerId}/export`, { token: customer.token })).status).toBe(401);
  });
});
