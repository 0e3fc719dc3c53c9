import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authRateRules } from '../../src/modules/auth/auth.throttle.js';
import { loginCodes } from '../../src/modules/auth/auth.tables.js';
import { registerCustomer } from '../../src/modules/auth/registration.service.js';
import { ZRegisterBody } from '../../src/modules/auth/auth.schemas.js';
import type { TRequestMeta } from '../../src/context.js';
import type { TMarket } from '../../src/modules/markets/market-directory.js';
import type { TRateLimiter } from '../../src/platform/rate-limit/rate-limiter.js';
import { companyLocations, companyMembers } from '../../src/modules/companies/companies.tables.js';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { registryGifts, registryItems } from '../../src/modules/registries/registries.tables.js';
import { staffAuditEvents, staffUsers } from '../../src/modules/staff/staff.tables.js';
import { hashCode } from '../../src/platform/crypto/tokens.js';
import { newId } from '../../src/platform/ids.js';
import { outboundEmails } from '../../src/platform/mail/mail.tables.js';
import { codeFromEmail } from '../support/factories.js';
import { insertCompany, insertCustomerRow, insertLocation, insertMember } from '../support/company-fixtures.js';
import { createTestMarket } from '../support/markets.js';
import { createTestApp, newIp, STRONG_PASSWORD, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

/**
 * The invariants that rest on locks, under 100 clients at once rather than two: each burst is
 * 100 requests in flight together (through app.inject, and on PostgreSQL over a pool of
 * CONCURRENCY_POOL_SIZE connections, so that transactions really interleave), then the
 * database is read to see what survived.
 */
const CLIENTS = 100;
const POOL_SIZE = process.env.CONCURRENCY_POOL_SIZE ?? '16';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let secondOwner: TStaff;
let signedIn: { id: string; email: string; token: string }[];

beforeAll(async () => {
  t = await createTestApp({ env: process.env.TEST_DATABASE_URL ? { DATABASE_POOL_SIZE: POOL_SIZE } : {} });
  owner = await setUpFirstOwner(t);
  secondOwner = await inviteStaffMember(t, owner, 'owner');
  // One hash for all, and the sign-ins themselves a burst: setting up 100 clients one by one is
  // most of what this file would cost otherwise.
  const passwordHash = await t.ctx.passwordHasher.hash(STRONG_PASSWORD);
  const rows = [];
  for (let i = 0; i < CLIENTS; i += 1) rows.push(await insertCustomerRow(t.ctx.db, { passwordHash }));
  const logins = await burst(rows.map((row) => ({ method: 'POST', url: '/api/auth/login', payload: { email: row.email, password: STRONG_PASSWORD } })));
  signedIn = rows.map((row, i) => {
    if (logins[i]!.statusCode !== 200) throw new Error(`login answered ${logins[i]!.statusCode}`);
    return { ...row, token: (logins[i]!.json() as { token: string }).token };
  });
});
afterAll(async () => {
  await t?.close();
});

type TRequest = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; token?: string; payload?: object; headers?: Record<string, string> };

/** All at once: every request is started before any answer is awaited, each from its own address. */
async function burst(requests: TRequest[]): Promise<LightMyRequestResponse[]> {
  return Promise.all(
    requests.map((request) =>
      t.app.inject({
        method: request.method,
        url: request.url,
        headers: { 'x-forwarded-for': newIp(), ...(request.token ? { authorization: `Bearer ${request.token}` } : {}), ...request.headers },
        ...(request.payload ? { payload: request.payload } : {}),
      }),
    ),
  );
}

function statusCounts(answers: LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) counts[answer.statusCode] = (counts[answer.statusCode] ?? 0) + 1;
  return counts;
}

/** Whatever lost a race lost it as a refusal, never as a 500. */
function expectNoServerErrors(answers: LightMyRequestResponse[]) {
  expect(answers.filter((answer) => answer.statusCode >= 500).map((answer) => answer.body)).toEqual([]);
}

describe('a company keeps an administrator', () => {
  it('PATCH …/members/{customerId}: 100 administrators each demoting the next at once leave at least one administrator', async () => {
    const companyId = await insertCompany(t.ctx.db);
    for (const customer of signedIn) await insertMember(t.ctx.db, { companyId, customerId: customer.id, role: 'admin' });
    const answers = await burst(
      signedIn.map((customer, i) => ({
        method: 'PATCH',
        url: `/api/companies/${companyId}/members/${signedIn[(i + 1) % CLIENTS]!.id}`,
        token: customer.token,
        payload: { role: 'member' },
      })),
    );
    expectNoServerErrors(answers);
    const admins = await t.ctx.db.select().from(companyMembers).where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.role, 'admin')));
    expect(admins.length, JSON.stringify(statusCounts(answers))).toBeGreaterThanOrEqual(1);
    // Every success removed one administrator; nothing else did.
    expect(admins.length).toBe(CLIENTS - answers.filter((answer) => answer.statusCode === 200).length);
  });

  it('DELETE …/members/{customerId}: 100 administrators leaving at once: exactly one stays, administrator', async () => {
    const companyId = await insertCompany(t.ctx.db);
    for (const customer of signedIn) await insertMember(t.ctx.db, { companyId, customerId: customer.id, role: 'admin' });
    const answers = await burst(signedIn.map((customer) => ({ method: 'DELETE', url: `/api/companies/${companyId}/members/${customer.id}`, token: customer.token })));
    expectNoServerErrors(answers);
    expect(statusCounts(answers)).toEqual({ 204: CLIENTS - 1, 409: 1 });
    const left = await t.ctx.db.select().from(companyMembers).where(eq(companyMembers.companyId, companyId));
    expect(left.map((member) => member.role)).toEqual(['admin']);
  });

  it('DELETE …/locations/{locationId}: 100 locations deleted at once by their administrator leave exactly one', async () => {
    const companyId = await insertCompany(t.ctx.db);
    const admin = signedIn[0]!;
    await insertMember(t.ctx.db, { companyId, customerId: admin.id, role: 'admin' });
    const locationIds: string[] = [];
    for (let i = 0; i < CLIENTS; i += 1) locationIds.push(await insertLocation(t.ctx.db, { companyId, name: `Site ${i}` }));
    const answers = await burst(locationIds.map((locationId) => ({ method: 'DELETE', url: `/api/companies/${companyId}/locations/${locationId}`, token: admin.token })));
    expectNoServerErrors(answers);
    expect(statusCounts(answers)).toEqual({ 204: CLIENTS - 1, 409: 1 });
    expect(await t.ctx.db.select().from(companyLocations).where(eq(companyLocations.companyId, companyId))).toHaveLength(1);
  });
});

describe('the back office keeps an owner', () => {
  it('PATCH /api/staff/users/{staffId}: two owners sending 100 demotions and disablings of each other at once leave exactly one active owner', async () => {
    const answers = await burst(
      Array.from({ length: CLIENTS }, (_, i) => {
        const [actor, target] = i % 2 === 0 ? [owner, secondOwner] : [secondOwner, owner];
        return { method: 'PATCH', url: `/api/staff/users/${target.id}`, token: actor.token, payload: i % 4 < 2 ? { role: 'administrator' } : { status: 'disabled' } };
      }),
    );
    expectNoServerErrors(answers);
    const owners = await t.ctx.db
      .select()
      .from(staffUsers)
      .where(and(inArray(staffUsers.id, [owner.id, secondOwner.id]), eq(staffUsers.role, 'owner'), eq(staffUsers.status, 'active')));
    expect(owners, JSON.stringify(statusCounts(answers))).toHaveLength(1);
  });
});

describe('one decision on a pending account', () => {
  it('POST /api/staff/customers/{customerId}/approve|refuse: 100 decisions at once give one decision, one email and one audit row', async () => {
    const id = newId('cus');
    const email = uniqueEmail('attente');
    await t.ctx.db.insert(customers).values({ marketId: DEFAULT_MARKET_ID, id, email, emailNormalized: email, emailVerifiedAt: new Date(), firstName: 'Lucie', lastName: 'Bernard', locale: 'fr', approvalStatus: 'pending' });
    // Both owners decide, so that the back office's own sessions are not what serialises them.
    const deciders = await activeOwners();
    const answers = await burst(
      Array.from({ length: CLIENTS }, (_, i) => ({
        method: 'POST',
        url: `/api/staff/customers/${id}/${i % 2 === 0 ? 'approve' : 'refuse'}`,
        token: deciders[i % deciders.length]!.token,
        payload: i % 2 === 0 ? {} : { reason: 'Doublon' },
      })),
    );
    expectNoServerErrors(answers);
    const [row] = await t.ctx.db.select({ approvalStatus: customers.approvalStatus }).from(customers).where(eq(customers.id, id));
    expect(['approved', 'refused']).toContain(row!.approvalStatus);
    const won = row!.approvalStatus === 'approved' ? 'approve' : 'refuse';
    // The winning decision is repeated harmlessly (200); the other one is 409 already_decided.
    const codes = answers.map((answer, i) => [i % 2 === 0 ? 'approve' : 'refuse', answer.statusCode]);
    expect(codes.filter(([kind, status]) => kind === won && status !== 200)).toEqual([]);
    expect(codes.filter(([kind, status]) => kind !== won && status !== 409)).toEqual([]);
    const emails = await t.ctx.db
      .select()
      .from(outboundEmails)
      .where(and(eq(outboundEmails.customerId, id), inArray(outboundEmails.template, ['account_approved', 'account_refused'])));
    expect(emails).toHaveLength(1);
    const audits = await t.ctx.db
      .select()
      .from(staffAuditEvents)
      .where(and(eq(staffAuditEvents.targetId, id), inArray(staffAuditEvents.action, ['customer.approved', 'customer.refused'])));
    expect(audits).toHaveLength(1);
  });
});

/** The owners still active after the last-owner burst, with their sessions. */
async function activeOwners(): Promise<TStaff[]> {
  const rows = await t.ctx.db.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.role, 'owner'), eq(staffUsers.status, 'active')));
  const ids = new Set(rows.map((row) => row.id));
  return [owner, secondOwner].filter((staff) => ids.has(staff.id));
}

describe('one live sign-in code per address', () => {
  it('POST /api/auth/login-code: 100 requests for one address at once leave one code; it is one of those emailed, and it signs in', async () => {
    const customer = signedIn[1]!;
    const since = t.mail.mark();
    const answers = await burst(Array.from({ length: CLIENTS }, () => ({ method: 'POST', url: '/api/auth/login-code', payload: { email: customer.email } })));
    expectNoServerErrors(answers);
    const rows = await t.ctx.db.select().from(loginCodes).where(eq(loginCodes.customerId, customer.id));
    expect(rows).toHaveLength(1);
    const queued = await t.ctx.db.select().from(outboundEmails).where(and(eq(outboundEmails.customerId, customer.id), eq(outboundEmails.template, 'login_code')));
    expect(queued.length).toBeGreaterThanOrEqual(1);
    // Every queued code arrives; exactly one of them is the live one.
    await waitForMessages(customer.email, since, queued.length);
    const codes = t.mail.messages.filter((message) => message.sequence > since && message.to === customer.email).map((message) => codeFromEmail(message.text));
    const live = codes.filter((code) => hashCode(code, rows[0]!.salt) === rows[0]!.codeHash);
    expect(live, `${codes.length} codes emailed`).toHaveLength(1);
    const [verified] = await burst([{ method: 'POST', url: '/api/auth/login-code/verify', payload: { email: customer.email, code: live[0]! } }]);
    expect(verified!.statusCode).toBe(200);
  });
});

async function waitForMessages(to: string, after: number, count: number) {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (t.mail.messages.filter((message) => message.sequence > after && message.to === to).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fewer than ${count} emails reached ${to}`);
}

describe('one account per address and market', () => {
  // Without a password (code sign-in accounts): the race is about the address, and 100 strength
  // checks and hashes would only make the burst slower than the transactions it is about.
  const body = (email: string) => ({ email, firstName: 'Camille', lastName: 'Durand' });
  const accountsOf = (email: string) => t.ctx.db.select({ marketId: customers.marketId }).from(customers).where(eq(customers.emailNormalized, email));

  it('POST /api/auth/register: 100 sign-ups of one new address at once make one account; those over the per-address limit are 429 problems', async () => {
    const email = uniqueEmail('rafale');
    const answers = await burst(Array.from({ length: CLIENTS }, () => ({ method: 'POST', url: '/api/auth/register', payload: body(email) })));
    expectNoServerErrors(answers);
    const counts = statusCounts(answers);
    // Five an hour per address: the rest are refused before any transaction starts.
    expect(Object.keys(counts).sort()).toEqual(['202', '429']);
    expect(counts[202]).toBe(authRateRules.registrationsPerAddress.limit);
    expect(await accountsOf(email)).toHaveLength(1);
  });

  /**
   * The rate limit lets five through per address, so the HTTP burst races five transactions.
   * The service is called here with the limiter set aside, so that all 100 reach the
   * transaction and the unique index per market is what decides.
   */
  const unlimited: TRateLimiter = {
    hit: async () => ({ allowed: true }),
    peek: async (checks) => checks.map(() => ({ count: 0, retryAfterSeconds: null })),
    reset: async () => undefined,
    close: async () => undefined,
  };
  const meta = (market: TMarket): TRequestMeta => ({ ip: newIp(), userAgent: null, locale: 'fr', market });

  it('registerCustomer: 100 sign-ups of one address reaching the transaction at once make one account, none fails', async () => {
    const email = uniqueEmail('sansfrein');
    const outcomes = await Promise.allSettled(
      Array.from({ length: CLIENTS }, () => registerCustomer({ ...t.ctx, rateLimiter: unlimited }, { input: ZRegisterBody.parse(body(email)), meta: meta(t.ctx.markets.defaultMarket()) })),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(await accountsOf(email)).toHaveLength(1);
  });

  it('registerCustomer: 100 sign-ups of one address split between two markets make two accounts, one in each', async () => {
    const belgium = await createTestMarket(t, { code: `be${randomBytes(2).toString('hex')}` });
    const email = uniqueEmail('deuxmarches');
    const outcomes = await Promise.allSettled(
      Array.from({ length: CLIENTS }, (_, i) =>
        registerCustomer({ ...t.ctx, rateLimiter: unlimited }, { input: ZRegisterBody.parse(body(email)), meta: meta(i % 2 === 0 ? t.ctx.markets.defaultMarket() : belgium) }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect((await accountsOf(email)).map((row) => row.marketId).sort()).toEqual([belgium.id, DEFAULT_MARKET_ID].sort());
  });
});

describe('registry quantities', () => {
  it('POST /api/registries/{code}/reservations: 100 visitors reserving an item with 3 left: exactly 3 succeed, the others are 409 item_fully_reserved', async () => {
    const registryOwner = signedIn[2]!;
    const created = await burst([{ method: 'POST', url: '/api/me/registries', token: registryOwner.token, payload: { kind: 'birth', title: 'Pour Jeanne', ownerNames: 'Léa et Hugo' } }]);
    expect(created[0]!.statusCode).toBe(201);
    const registry = created[0]!.json() as { id: string; publicCode: string };
    const added = await burst([{ method: 'POST', url: `/api/me/registries/${registry.id}/items`, token: registryOwner.token, payload: { productId: 'hochet', name: 'Hochet', wantedQuantity: 3 } }]);
    expect(added[0]!.statusCode).toBe(201);
    const item = added[0]!.json() as { id: string };
    const answers = await burst(
      Array.from({ length: CLIENTS }, (_, i) => ({ method: 'POST', url: `/api/registries/${registry.publicCode}/reservations`, payload: { itemId: item.id, name: `Visiteur ${i}` } })),
    );
    expectNoServerErrors(answers);
    expect(statusCounts(answers)).toEqual({ 201: 3, 409: CLIENTS - 3 });
    expect(new Set(answers.filter((answer) => answer.statusCode === 409).map((answer) => (answer.json() as { code: string }).code))).toEqual(new Set(['item_fully_reserved']));
    const [row] = await t.ctx.db.select().from(registryItems).where(eq(registryItems.id, item.id));
    expect(row!.reservedQuantity).toBe(3);
    expect(await t.ctx.db.select().from(registryGifts).where(eq(registryGifts.itemId, item.id))).toHaveLength(3);
  });
});
